// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/lock.c: the LOCK request ([MS-SMB2] 2.2.26) as smbtorture's
 * smb2.lock.valid-request sends it, the flag rules of 3.3.5.14.1 and
 * 3.3.5.14.2, and the response (2.2.27).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/lock.h"
#include "host.h"
#include "tsmb_test.h"

#define SH	SMB2_LOCKFLAG_SHARED_LOCK
#define EX	SMB2_LOCKFLAG_EXCLUSIVE_LOCK
#define UN	SMB2_LOCKFLAG_UNLOCK
#define FI	SMB2_LOCKFLAG_FAIL_IMMEDIATELY

static struct t_msg m;

/* A request body with count elements; flags[i] for element i. */
static void build(uint16_t count, const uint32_t *flags, unsigned int n)
{
	unsigned int i;

	m.n = 0;
	t_u16(&m, 48);
	t_u16(&m, count);
	t_u32(&m, (7u << 4) | 3);	/* index 7, sequence number 3 */
	t_u64(&m, 0x1122334455667788ull);
	t_u64(&m, 0x99aabbccddeeff00ull);
	for (i = 0; i < n; i++) {
		t_u64(&m, 1000 + i);
		t_u64(&m, 10 + i);
		t_u32(&m, flags[i]);
		t_u32(&m, 0xdeadbeef);	/* Reserved: ignored */
	}
}

static uint32_t classify(uint16_t count, const uint32_t *flags, struct tsmb_lock_req *lr)
{
	build(count, flags, count);
	assert_int_equal(tsmb_lock_req_decode(m.b, m.n, lr).v, STATUS_SUCCESS);
	return tsmb_lock_req_classify(lr).v;
}

static void test_decode(void **state)
{
	const uint32_t f[2] = { EX | FI, SH | FI };
	struct tsmb_lock_req lr;
	struct tsmb_lock_element e;
	uint8_t out[8];
	struct tsmb_wr w;

	build(2, f, 2);
	assert_int_equal(tsmb_lock_req_decode(m.b, m.n, &lr).v, STATUS_SUCCESS);
	assert_int_equal(lr.lock_count, 2);
	assert_int_equal(lr.lock_sequence_number, 3);
	assert_int_equal(lr.lock_sequence_index, 7);
	assert_true(lr.file_id_persistent == 0x1122334455667788ull);
	assert_true(lr.file_id_volatile == 0x99aabbccddeeff00ull);
	tsmb_lock_req_element(&lr, 1, &e);
	assert_int_equal(e.offset, 1001);
	assert_int_equal(e.length, 11);
	assert_int_equal(e.flags, SH | FI);
	assert_int_equal(tsmb_lock_req_classify(&lr).v, STATUS_SUCCESS);
	assert_false(lr.unlock);
	assert_false(lr.blocking);
	assert_int_equal(lr.nr_valid, 2);

	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_lock_rsp_encode(&w);
	assert_int_equal(w.off, 4);
	assert_int_equal(t_get16(out), 4);
	assert_int_equal(t_get16(out + 2), 0);
}

static void test_malformed(void **state)
{
	const uint32_t f[2] = { EX, EX };
	struct tsmb_lock_req lr;

	/* LockCount 0: one element present still */
	build(0, f, 1);
	assert_int_equal(tsmb_lock_req_decode(m.b, m.n, &lr).v, STATUS_INVALID_PARAMETER);
	/* two counted, one there */
	build(2, f, 1);
	assert_int_equal(tsmb_lock_req_decode(m.b, m.n, &lr).v, STATUS_INVALID_PARAMETER);
	/* one element cut short */
	build(1, f, 1);
	assert_int_equal(tsmb_lock_req_decode(m.b, m.n - 1, &lr).v, STATUS_INVALID_PARAMETER);
	/* the fixed part cut short, and the wrong StructureSize */
	assert_int_equal(tsmb_lock_req_decode(m.b, 20, &lr).v, STATUS_INVALID_PARAMETER);
	build(1, f, 1);
	m.b[0] = 49;
	assert_int_equal(tsmb_lock_req_decode(m.b, m.n, &lr).v, STATUS_INVALID_PARAMETER);
	/* the largest count there is, each element present */
	m.n = 0;
	t_u16(&m, 48);
	t_u16(&m, 0xffff);
	t_append(&m, NULL, 20);
	assert_int_equal(tsmb_lock_req_decode(m.b, m.n, &lr).v, STATUS_INVALID_PARAMETER);
}

static void test_flags(void **state)
{
	struct tsmb_lock_req lr;
	uint32_t f[3];

	/* one lock may wait */
	f[0] = EX;
	assert_int_equal(classify(1, f, &lr), STATUS_SUCCESS);
	assert_true(lr.blocking);
	f[0] = SH;
	assert_int_equal(classify(1, f, &lr), STATUS_SUCCESS);
	assert_true(lr.blocking);
	/* none, both lock kinds, unlock with a lock kind or fail-immediately, unknown bits */
	f[0] = 0;
	assert_int_equal(classify(1, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = SH | EX;
	assert_int_equal(classify(1, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = UN | EX;
	assert_int_equal(classify(1, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = UN | SH;
	assert_int_equal(classify(1, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = UN | FI;
	assert_int_equal(classify(1, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = FI;
	assert_int_equal(classify(1, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = ~(uint32_t)(SH | EX | UN | FI);
	assert_int_equal(classify(1, f, &lr), STATUS_INVALID_PARAMETER);
	/* several locks must all fail immediately */
	f[0] = SH | FI;
	f[1] = SH;
	assert_int_equal(classify(2, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = SH;
	f[1] = SH | FI;
	assert_int_equal(classify(2, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = 0;
	f[1] = UN;
	assert_int_equal(classify(2, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = EX | FI;
	f[1] = UN;
	assert_int_equal(classify(2, f, &lr), STATUS_INVALID_PARAMETER);
	f[0] = EX | FI;
	f[1] = SH | FI;
	f[2] = EX | FI;
	assert_int_equal(classify(3, f, &lr), STATUS_SUCCESS);
	assert_false(lr.unlock);
	assert_int_equal(lr.nr_valid, 3);
	/* unlocks: processed up to the first element that is not one */
	f[0] = UN;
	f[1] = UN;
	f[2] = EX | FI;
	assert_int_equal(classify(3, f, &lr), STATUS_SUCCESS);
	assert_true(lr.unlock);
	assert_int_equal(lr.nr_valid, 2);
	f[1] = 0;
	assert_int_equal(classify(3, f, &lr), STATUS_SUCCESS);
	assert_int_equal(lr.nr_valid, 1);
	f[1] = UN;
	f[2] = UN;
	assert_int_equal(classify(3, f, &lr), STATUS_SUCCESS);
	assert_int_equal(lr.nr_valid, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_flags),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
