// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/query_info.c: [MS-SMB2] 2.2.37 request, 2.2.38 response, and
 * [MS-FSCC] 2.4.15.1 FILE_GET_EA_INFORMATION lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/query_info.h"
#include "tsmb_test.h"

static size_t build(struct t_msg *m, uint8_t type, uint8_t cls, uint32_t out_len,
		    uint16_t in_off, const void *in, uint32_t in_len)
{
	struct t_hdr h = { .cmd = 0x10, .mid = 9 };

	m->n = 0;
	t_hdr(m, &h);
	t_u16(m, 41);
	t_append(m, &type, 1);
	t_append(m, &cls, 1);
	t_u32(m, out_len);
	t_u16(m, in_off);
	t_u16(m, 0);
	t_u32(m, in_len);
	t_u32(m, 0x00000007);			/* AdditionalInformation */
	t_u32(m, SL_RESTART_SCAN);		/* Flags */
	t_u64(m, 0xAAAAAAAAAAAAAAAAull);
	t_u64(m, 0xBBBBBBBBBBBBBBBBull);
	if (in)
		t_append(m, in, in_len);
	return m->n;
}

static void test_decode(void **state)
{
	static struct t_msg m;
	struct tsmb_query_info_req q;
	const uint8_t in[6] = { 1, 2, 3, 4, 5, 6 };
	size_t len = build(&m, 1, 15, 4096, 104, in, sizeof(in));

	assert_int_equal(len, 104 + 6);
	assert_true(tsmb_st_ok(tsmb_query_info_req_decode(m.b, len, &q)));
	assert_int_equal(q.info_type, 1);
	assert_int_equal(q.info_class, 15);
	assert_int_equal(q.out_len, 4096);
	assert_int_equal(q.in_len, 6);
	assert_ptr_equal(q.in, m.b + 104);
	assert_int_equal(q.addl_info, 7);
	assert_int_equal(q.flags, SL_RESTART_SCAN);
	assert_true(q.persistent == 0xAAAAAAAAAAAAAAAAull);
	assert_true(q.volatile_id == 0xBBBBBBBBBBBBBBBBull);
}

static void test_no_input(void **state)
{
	static struct t_msg m;
	struct tsmb_query_info_req q;
	/* no input: the fixed part alone, without a Buffer byte */
	size_t len = build(&m, 2, 5, 1024, 0, NULL, 0);

	assert_int_equal(len, 104);
	assert_true(tsmb_st_ok(tsmb_query_info_req_decode(m.b, len, &q)));
	assert_null(q.in);
	assert_int_equal(q.in_len, 0);
}

static void test_bad(void **state)
{
	static struct t_msg m;
	struct tsmb_query_info_req q;
	const uint8_t in[8] = { 0 };
	size_t len;

	len = build(&m, 1, 15, 100, 103, in, sizeof(in));
	assert_int_equal(tsmb_query_info_req_decode(m.b, len, &q).v, STATUS_INVALID_PARAMETER);
	len = build(&m, 1, 15, 100, 104, in, sizeof(in));
	assert_int_equal(tsmb_query_info_req_decode(m.b, len - 1, &q).v,
			 STATUS_INVALID_PARAMETER);
	len = build(&m, 1, 15, 100, 104, in, sizeof(in));
	t_put32(m.b + 64 + 12, 0xFFFFFFFFu);		/* InputBufferLength */
	assert_int_equal(tsmb_query_info_req_decode(m.b, len, &q).v, STATUS_INVALID_PARAMETER);
	len = build(&m, 1, 15, 100, 0, NULL, 0);
	t_put16(m.b + 64, 40);
	assert_int_equal(tsmb_query_info_req_decode(m.b, len, &q).v, STATUS_INVALID_PARAMETER);
	assert_int_equal(tsmb_query_info_req_decode(m.b, 100, &q).v, STATUS_INVALID_PARAMETER);
}

static void test_rsp(void **state)
{
	uint8_t out[8];
	struct tsmb_wr w;

	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_query_info_rsp_encode(&w, 40);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(t_get16(out), 9);
	assert_int_equal(t_get16(out + 2), 72);
	assert_int_equal(t_get32(out + 4), 40);
}

/* One FILE_GET_EA_INFORMATION entry, 4-aligned unless last. */
static void get_ea(struct t_msg *m, const char *name, bool last)
{
	size_t start = m->n, n = strlen(name);
	uint8_t nl = (uint8_t)n;

	t_u32(m, 0);
	t_append(m, &nl, 1);
	t_append(m, name, n + 1);
	if (!last) {
		while ((m->n - start) & 3)
			t_append(m, NULL, 1);
		t_put32(m->b + start, (uint32_t)(m->n - start));
	}
}

static void test_get_ea_list(void **state)
{
	static struct t_msg m;
	struct tsmb_get_ea_iter it;
	struct tsmb_get_ea ea;

	m.n = 0;
	get_ea(&m, "ONE", false);
	get_ea(&m, "second.name", false);
	get_ea(&m, "x", true);
	tsmb_get_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), 1);
	assert_int_equal(ea.name_len, 3);
	assert_memory_equal(ea.name, "ONE", 3);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), 1);
	assert_int_equal(ea.name_len, 11);
	assert_memory_equal(ea.name, "second.name", 11);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), 1);
	assert_int_equal(ea.name_len, 1);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), 0);
	tsmb_get_ea_iter_init(&it, m.b, 0);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), 0);
}

static void test_get_ea_bad(void **state)
{
	static struct t_msg m;
	struct tsmb_get_ea_iter it;
	struct tsmb_get_ea ea;

	/* the name's NUL missing */
	m.n = 0;
	get_ea(&m, "ABC", true);
	m.b[m.n - 1] = 'D';
	tsmb_get_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), -1);
	/* cut short */
	m.n = 0;
	get_ea(&m, "ABC", true);
	tsmb_get_ea_iter_init(&it, m.b, m.n - 1);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), -1);
	/* NextEntryOffset misaligned, inside the entry, past the end */
	m.n = 0;
	get_ea(&m, "ABC", false);
	get_ea(&m, "D", true);
	t_put32(m.b, 6);
	tsmb_get_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), -1);
	t_put32(m.b, 4);
	tsmb_get_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), -1);
	t_put32(m.b, 64);
	tsmb_get_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), -1);
	/* an empty name */
	m.n = 0;
	get_ea(&m, "", true);
	tsmb_get_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_get_ea_next(&it, &ea), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_no_input),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_rsp),
		cmocka_unit_test(test_get_ea_list),
		cmocka_unit_test(test_get_ea_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
