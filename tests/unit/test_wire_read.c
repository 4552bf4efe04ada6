// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/read.c: READ request decoder and response encoder ([MS-SMB2] 2.2.19, 2.2.20). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/read.h"
#include "host.h"
#include "tsmb_test.h"

static struct t_msg msg;

#define R_SSIZE		(64 + 0)
#define R_LENGTH	(64 + 4)
#define R_CI_OFF	(64 + 44)
#define R_CI_LEN	(64 + 46)

static void build(uint16_t ci_len)
{
	struct t_hdr h = { .cmd = 8, .mid = 3, .credits = 1 };
	size_t i;

	msg.n = 0;
	t_hdr(&msg, &h);
	t_u16(&msg, 49);
	t_append(&msg, NULL, 1)[0] = 0x50;	/* Padding */
	t_append(&msg, NULL, 1)[0] = SMB2_READFLAG_READ_UNBUFFERED;
	t_u32(&msg, 65536);
	t_u64(&msg, 0x123456789ull);
	t_u64(&msg, 11);
	t_u64(&msg, 12);
	t_u32(&msg, 100);			/* MinimumCount */
	t_u32(&msg, SMB2_CHANNEL_NONE);
	t_u32(&msg, 5);				/* RemainingBytes */
	t_u16(&msg, ci_len ? 64 + 48 : 0);
	t_u16(&msg, ci_len);
	for (i = 0; i < (ci_len ? ci_len : 1); i++)
		t_append(&msg, NULL, 1)[0] = (uint8_t)i;
}

static uint32_t decode(struct tsmb_read_req *r)
{
	return tsmb_read_req_decode(msg.b, msg.n, r).v;
}

static void test_decode(void **state)
{
	struct tsmb_read_req r;

	build(0);
	assert_int_equal(decode(&r), STATUS_SUCCESS);
	assert_int_equal(r.flags, SMB2_READFLAG_READ_UNBUFFERED);
	assert_int_equal(r.length, 65536);
	assert_int_equal(r.offset, 0x123456789ull);
	assert_int_equal(r.file_id_persistent, 11);
	assert_int_equal(r.file_id_volatile, 12);
	assert_int_equal(r.minimum_count, 100);
	assert_int_equal(r.channel, SMB2_CHANNEL_NONE);
	assert_int_equal(r.remaining_bytes, 5);
	assert_null(r.channel_info);
	/* a body of exactly 48 bytes (no buffer byte) is still whole */
	msg.n = 64 + 48;
	assert_int_equal(decode(&r), STATUS_SUCCESS);
	/* channel information in the buffer */
	build(16);
	assert_int_equal(decode(&r), STATUS_SUCCESS);
	assert_ptr_equal(r.channel_info, msg.b + 64 + 48);
	assert_int_equal(r.channel_info_len, 16);
}

static void test_decode_malformed(void **state)
{
	struct tsmb_read_req r;
	size_t n;

	build(0);
	t_put16(msg.b + R_SSIZE, 48);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	build(0);
	for (n = 0; n < 64 + 48; n++) {
		msg.n = n;
		assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	}
	build(16);
	t_put16(msg.b + R_CI_LEN, 17);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	build(16);
	t_put16(msg.b + R_CI_OFF, 64 + 40);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	build(16);
	t_put16(msg.b + R_CI_OFF, 0xFFFF);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	/* an offset with no length names nothing: fine */
	build(0);
	t_put16(msg.b + R_CI_OFF, 0xFFFF);
	assert_int_equal(decode(&r), STATUS_SUCCESS);
}

static void test_encode(void **state)
{
	uint8_t out[64];
	struct tsmb_wr w;

	memset(out, 0xEE, sizeof(out));
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_read_rsp_encode(&w, 1000);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(w.off, 16);
	assert_int_equal(t_get16(out), 17);
	assert_int_equal(out[2], 0x50);
	assert_int_equal(t_get32(out + 4), 1000);
	assert_int_equal(t_get32(out + 8), 0);
	assert_int_equal(t_get32(out + 12), 0);
	/* no data: the buffer byte StructureSize 17 counts */
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_read_rsp_encode(&w, 0);
	assert_int_equal(w.off, 17);
	assert_int_equal(t_get32(out + 4), 0);
	tsmb_wr_init(&w, out, 16);
	tsmb_read_rsp_encode(&w, 0);
	assert_false(tsmb_wr_ok(&w));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_encode),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
