// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/set_info.c: [MS-SMB2] 2.2.39 request and 2.2.40 response, the
 * FILE_BASIC_INFORMATION and FILE_RENAME_INFORMATION_TYPE_2 inputs and
 * FILE_FULL_EA_INFORMATION lists ([MS-FSCC] 2.4.7, 2.4.42.2, 2.4.15).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/set_info.h"
#include "tsmb_test.h"

static size_t build(struct t_msg *m, uint8_t type, uint8_t cls, uint16_t off, const void *buf,
		    uint32_t len)
{
	struct t_hdr h = { .cmd = 0x11, .mid = 3 };

	m->n = 0;
	t_hdr(m, &h);
	t_u16(m, 33);
	t_append(m, &type, 1);
	t_append(m, &cls, 1);
	t_u32(m, len);
	t_u16(m, off);
	t_u16(m, 0);
	t_u32(m, 0x4);				/* AdditionalInformation */
	t_u64(m, 0x77ull);
	t_u64(m, 0x88ull);
	if (buf)
		t_append(m, buf, len);
	return m->n;
}

static void test_decode(void **state)
{
	static struct t_msg m;
	struct tsmb_set_info_req s;
	const uint8_t eof[8] = { 0x00, 0x10 };
	size_t len = build(&m, 1, 20, 96, eof, sizeof(eof));

	assert_true(tsmb_st_ok(tsmb_set_info_req_decode(m.b, len, &s)));
	assert_int_equal(s.info_type, 1);
	assert_int_equal(s.info_class, 20);
	assert_int_equal(s.buf_len, 8);
	assert_ptr_equal(s.buf, m.b + 96);
	assert_int_equal(s.addl_info, 4);
	assert_true(s.persistent == 0x77 && s.volatile_id == 0x88);
}

static void test_bad(void **state)
{
	static struct t_msg m;
	struct tsmb_set_info_req s;
	const uint8_t b[8] = { 0 };
	size_t len;

	len = build(&m, 1, 20, 95, b, sizeof(b));
	assert_int_equal(tsmb_set_info_req_decode(m.b, len, &s).v, STATUS_INVALID_PARAMETER);
	len = build(&m, 1, 20, 96, b, sizeof(b));
	assert_int_equal(tsmb_set_info_req_decode(m.b, len - 1, &s).v, STATUS_INVALID_PARAMETER);
	t_put32(m.b + 64 + 4, 0xFFFFFFF0u);
	assert_int_equal(tsmb_set_info_req_decode(m.b, len, &s).v, STATUS_INVALID_PARAMETER);
	len = build(&m, 1, 20, 96, b, sizeof(b));
	t_put16(m.b + 64, 32);
	assert_int_equal(tsmb_set_info_req_decode(m.b, len, &s).v, STATUS_INVALID_PARAMETER);
	assert_int_equal(tsmb_set_info_req_decode(m.b, 90, &s).v, STATUS_INVALID_PARAMETER);
	/* no buffer at all is fine here: the class decides */
	len = build(&m, 1, 13, 0, NULL, 0);
	assert_true(tsmb_st_ok(tsmb_set_info_req_decode(m.b, len, &s)));
	assert_null(s.buf);
}

static void test_rsp(void **state)
{
	uint8_t out[2];
	struct tsmb_wr w;

	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_set_info_rsp_encode(&w);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(t_get16(out), 2);
}

static void test_basic(void **state)
{
	uint8_t b[40];
	struct tsmb_basic_info bi;

	t_put64(b, 0x01D0000000000001ull);
	t_put64(b + 8, 0);
	t_put64(b + 16, 0xFFFFFFFFFFFFFFFFull);		/* -1 */
	t_put64(b + 24, 0xFFFFFFFFFFFFFFFEull);		/* -2 */
	t_put32(b + 32, 0x21);
	t_put32(b + 36, 0xDEAD);
	assert_true(tsmb_st_ok(tsmb_basic_info_decode(b, sizeof(b), &bi)));
	assert_true(bi.creation == 0x01D0000000000001ll);
	assert_true(bi.last_access == 0);
	assert_true(bi.last_write == -1);
	assert_true(bi.change == -2);
	assert_int_equal(bi.attrs, 0x21);
	assert_int_equal(tsmb_basic_info_decode(b, 39, &bi).v, STATUS_INFO_LENGTH_MISMATCH);
	t_put64(b + 8, 0xFFFFFFFFFFFFFFFDull);		/* -3 */
	assert_int_equal(tsmb_basic_info_decode(b, sizeof(b), &bi).v, STATUS_INVALID_PARAMETER);
}

static size_t rename_buf(uint8_t *b, uint8_t replace, uint64_t root, const char *ascii)
{
	size_t i, n = strlen(ascii);

	memset(b, 0xEE, 20);			/* Reserved: anything */
	b[0] = replace;
	t_put64(b + 8, root);
	t_put32(b + 16, (uint32_t)(2 * n));
	for (i = 0; i < n; i++)
		t_put16(b + 20 + 2 * i, (uint8_t)ascii[i]);
	return 20 + 2 * n;
}

static void test_rename(void **state)
{
	struct tsmb_rename_info ri;
	uint8_t b[128];
	size_t len = rename_buf(b, 1, 0, "dir\\new.txt");

	assert_true(tsmb_st_ok(tsmb_rename_info_decode(b, len, &ri)));
	assert_true(ri.replace);
	assert_int_equal(ri.name_len, 22);
	assert_ptr_equal(ri.name, b + 20);
	/* a padded buffer is fine */
	assert_true(tsmb_st_ok(tsmb_rename_info_decode(b, len + 2, &ri)));
	assert_int_equal(tsmb_rename_info_decode(b, 19, &ri).v, STATUS_INFO_LENGTH_MISMATCH);
	assert_int_equal(tsmb_rename_info_decode(b, len - 1, &ri).v, STATUS_INVALID_PARAMETER);
	len = rename_buf(b, 0, 5, "x");
	assert_int_equal(tsmb_rename_info_decode(b, len, &ri).v, STATUS_INVALID_PARAMETER);
	len = rename_buf(b, 0, 0, "");
	assert_int_equal(tsmb_rename_info_decode(b, len, &ri).v, STATUS_INVALID_PARAMETER);
	len = rename_buf(b, 0, 0, "ab");
	t_put32(b + 16, 3);
	assert_int_equal(tsmb_rename_info_decode(b, len, &ri).v, STATUS_INVALID_PARAMETER);
	t_put32(b + 16, 0xFFFFFFFEu);
	assert_int_equal(tsmb_rename_info_decode(b, len, &ri).v, STATUS_INVALID_PARAMETER);
}

/* One FILE_FULL_EA_INFORMATION entry, 4-aligned unless last. */
static void full_ea(struct t_msg *m, uint8_t flags, const char *name, const char *val, bool last)
{
	size_t start = m->n, n = strlen(name), v = strlen(val);
	uint8_t nl = (uint8_t)n;

	t_u32(m, 0);
	t_append(m, &flags, 1);
	t_append(m, &nl, 1);
	t_u16(m, (uint16_t)v);
	t_append(m, name, n + 1);
	t_append(m, val, v);
	if (!last) {
		while ((m->n - start) & 3)
			t_append(m, NULL, 1);
		t_put32(m->b + start, (uint32_t)(m->n - start));
	}
}

static void test_full_ea(void **state)
{
	static struct t_msg m;
	struct tsmb_full_ea_iter it;
	struct tsmb_full_ea ea;

	m.n = 0;
	full_ea(&m, 0, "NAME", "value", false);
	full_ea(&m, FILE_NEED_EA, "E", "", true);
	tsmb_full_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_full_ea_next(&it, &ea), 1);
	assert_int_equal(ea.flags, 0);
	assert_int_equal(ea.name_len, 4);
	assert_memory_equal(ea.name, "NAME", 4);
	assert_int_equal(ea.value_len, 5);
	assert_memory_equal(ea.value, "value", 5);
	assert_int_equal(tsmb_full_ea_next(&it, &ea), 1);
	assert_int_equal(ea.flags, FILE_NEED_EA);
	assert_int_equal(ea.value_len, 0);
	assert_int_equal(tsmb_full_ea_next(&it, &ea), 0);
}

static void test_full_ea_bad(void **state)
{
	static struct t_msg m;
	struct tsmb_full_ea_iter it;
	struct tsmb_full_ea ea;

	m.n = 0;
	full_ea(&m, 0, "NAME", "value", true);
	tsmb_full_ea_iter_init(&it, m.b, m.n - 1);	/* value cut */
	assert_int_equal(tsmb_full_ea_next(&it, &ea), -1);
	m.b[8 + 4] = 'X';				/* no NUL after the name */
	tsmb_full_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_full_ea_next(&it, &ea), -1);
	m.n = 0;
	full_ea(&m, 0, "A", "1", false);
	full_ea(&m, 0, "B", "2", true);
	t_put32(m.b, 10);				/* misaligned */
	tsmb_full_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_full_ea_next(&it, &ea), -1);
	t_put32(m.b, 8);				/* inside the entry */
	tsmb_full_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_full_ea_next(&it, &ea), -1);
	t_put32(m.b, 0x1000);				/* past the end */
	tsmb_full_ea_iter_init(&it, m.b, m.n);
	assert_int_equal(tsmb_full_ea_next(&it, &ea), -1);
}

static void test_ea_names(void **state)
{
	assert_true(tsmb_ea_name_valid("DOSATTRIB", 9));
	assert_true(tsmb_ea_name_valid("xdg.origin.url", 14));
	assert_false(tsmb_ea_name_valid("", 0));
	assert_false(tsmb_ea_name_valid("a*b", 3));
	assert_false(tsmb_ea_name_valid("a\\b", 3));
	assert_false(tsmb_ea_name_valid("tab\there", 8));
	assert_false(tsmb_ea_name_valid("caf\xc3\xa9", 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_rsp),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_full_ea),
		cmocka_unit_test(test_full_ea_bad),
		cmocka_unit_test(test_ea_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
