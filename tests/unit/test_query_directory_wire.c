// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/query_directory.c: [MS-SMB2] 2.2.33 request, 2.2.34 response. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/query_directory.h"
#include "tsmb_test.h"

/* A request as Windows sends it: the name right after the fixed part (offset 96). */
static size_t build(struct t_msg *m, uint16_t ssize, uint8_t cls, uint8_t flags,
		    uint16_t name_off, const char *ascii, uint32_t out_len)
{
	struct t_hdr h = { .cmd = 0x0E, .mid = 5 };
	size_t i, n = strlen(ascii);

	m->n = 0;
	t_hdr(m, &h);
	t_u16(m, ssize);
	t_append(m, &cls, 1);
	t_append(m, &flags, 1);
	t_u32(m, 0x11223344);			/* FileIndex */
	t_u64(m, 0x0102030405060708ull);	/* Persistent */
	t_u64(m, 0x1112131415161718ull);	/* Volatile */
	t_u16(m, name_off);
	t_u16(m, (uint16_t)(2 * n));
	t_u32(m, out_len);
	for (i = 0; i < n; i++)
		t_u16(m, (uint8_t)ascii[i]);
	return m->n;
}

static void test_decode(void **state)
{
	static struct t_msg m;
	struct tsmb_query_dir_req q;
	size_t len = build(&m, 33, 37, SMB2_RESTART_SCANS | SMB2_RETURN_SINGLE_ENTRY, 96, "*.txt",
			   65536);

	assert_int_equal(len, 96 + 10);
	assert_true(tsmb_st_ok(tsmb_query_dir_req_decode(m.b, len, &q)));
	assert_int_equal(q.info_class, 37);
	assert_int_equal(q.flags, SMB2_RESTART_SCANS | SMB2_RETURN_SINGLE_ENTRY);
	assert_int_equal(q.file_index, 0x11223344);
	assert_true(q.persistent == 0x0102030405060708ull);
	assert_true(q.volatile_id == 0x1112131415161718ull);
	assert_int_equal(q.out_len, 65536);
	assert_int_equal(q.pattern_len, 10);
	assert_ptr_equal(q.pattern, m.b + 96);
	assert_int_equal(q.pattern[0], '*');
}

static void test_empty_name_ignores_offset(void **state)
{
	static struct t_msg m;
	struct tsmb_query_dir_req q;
	size_t len = build(&m, 33, 1, 0, 0xFFFF, "", 100);

	assert_true(tsmb_st_ok(tsmb_query_dir_req_decode(m.b, len, &q)));
	assert_null(q.pattern);
	assert_int_equal(q.pattern_len, 0);
}

static void test_bad_name(void **state)
{
	static struct t_msg m;
	struct tsmb_query_dir_req q;
	size_t len;

	/* over the fixed part */
	len = build(&m, 33, 1, 0, 95, "a", 100);
	assert_int_equal(tsmb_query_dir_req_decode(m.b, len + 1, &q).v, STATUS_INVALID_PARAMETER);
	/* past the end */
	len = build(&m, 33, 1, 0, 96, "ab", 100);
	assert_int_equal(tsmb_query_dir_req_decode(m.b, len - 1, &q).v, STATUS_INVALID_PARAMETER);
	/* odd length */
	len = build(&m, 33, 1, 0, 96, "ab", 100);
	t_put16(m.b + 64 + 26, 3);
	assert_int_equal(tsmb_query_dir_req_decode(m.b, len, &q).v, STATUS_INVALID_PARAMETER);
	/* offset at the very end with a length that wraps nothing */
	len = build(&m, 33, 1, 0, 0xFFFE, "a", 100);
	assert_int_equal(tsmb_query_dir_req_decode(m.b, len, &q).v, STATUS_INVALID_PARAMETER);
}

static void test_bad_fixed(void **state)
{
	static struct t_msg m;
	struct tsmb_query_dir_req q;
	size_t len = build(&m, 32, 1, 0, 96, "*", 100);

	assert_int_equal(tsmb_query_dir_req_decode(m.b, len, &q).v, STATUS_INVALID_PARAMETER);
	len = build(&m, 33, 1, 0, 96, "", 100);
	assert_int_equal(tsmb_query_dir_req_decode(m.b, len - 1, &q).v, STATUS_INVALID_PARAMETER);
	assert_int_equal(tsmb_query_dir_req_decode(m.b, 10, &q).v, STATUS_INVALID_PARAMETER);
}

static void test_rsp(void **state)
{
	uint8_t out[8];
	struct tsmb_wr w;

	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_query_dir_rsp_encode(&w, 0x12345);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(w.off, 8);
	assert_int_equal(t_get16(out), 9);
	assert_int_equal(t_get16(out + 2), 72);
	assert_int_equal(t_get32(out + 4), 0x12345);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_empty_name_ignores_offset),
		cmocka_unit_test(test_bad_name),
		cmocka_unit_test(test_bad_fixed),
		cmocka_unit_test(test_rsp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
