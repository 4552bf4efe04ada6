// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/session.c and tree_connect.c: the request decoders' bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/session.h"
#include "core/wire/smb2.h"
#include "core/wire/tree_connect.h"
#include "tsmb_test.h"

/* A SESSION_SETUP message with a blob of n bytes at offset off. */
static size_t ss_msg(uint8_t *m, uint16_t off, uint16_t n, size_t have)
{
	memset(m, 0, 64 + 24 + have);
	m[0] = 0xfe; m[1] = 'S'; m[2] = 'M'; m[3] = 'B';
	t_put16(m + 64, 25);
	m[66] = 0;		/* flags */
	m[67] = 2;		/* signing required */
	t_put16(m + 64 + 12, off);
	t_put16(m + 64 + 14, n);
	t_put64(m + 64 + 16, 0x1234);
	return 64 + 24 + have;
}

static void test_session_setup(void **state)
{
	uint8_t m[256];
	struct tsmb_session_setup_req r;
	size_t len = ss_msg(m, 88, 10, 10);

	assert_true(tsmb_st_ok(tsmb_session_setup_req_decode(m, len, &r)));
	assert_int_equal(r.blob_len, 10);
	assert_ptr_equal(r.blob, m + 88);
	assert_int_equal(r.security_mode, 2);
	assert_int_equal(r.previous_session_id, 0x1234);
	/* the blob past the end, or over the fixed part */
	len = ss_msg(m, 88, 11, 10);
	assert_false(tsmb_st_ok(tsmb_session_setup_req_decode(m, len, &r)));
	len = ss_msg(m, 80, 4, 10);
	assert_false(tsmb_st_ok(tsmb_session_setup_req_decode(m, len, &r)));
	/* no blob is fine: the exchange starts with the server's */
	len = ss_msg(m, 0, 0, 0);
	assert_true(tsmb_st_ok(tsmb_session_setup_req_decode(m, len, &r)));
	assert_null(r.blob);
	/* short */
	assert_false(tsmb_st_ok(tsmb_session_setup_req_decode(m, 64 + 20, &r)));
}

static void test_session_setup_rsp(void **state)
{
	uint8_t buf[200];
	struct tsmb_wr w;

	tsmb_wr_init(&w, buf, sizeof(buf));
	tsmb_wr_zero(&w, 64);
	tsmb_session_setup_rsp_encode(&w, 0, 1, (const uint8_t *)"abc", 3);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(t_get16(buf + 64), 9);
	assert_int_equal(t_get16(buf + 66), 1);
	assert_int_equal(t_get16(buf + 68), 72);
	assert_int_equal(t_get16(buf + 70), 3);
	assert_memory_equal(buf + 72, "abc", 3);
}

static size_t tc_msg(uint8_t *m, const char *path, uint16_t flags)
{
	size_t n = strlen(path), i;

	memset(m, 0, 64 + 8 + 2 * n);
	t_put16(m + 64, 9);
	t_put16(m + 66, flags);
	t_put16(m + 68, 72);
	t_put16(m + 70, (uint16_t)(2 * n));
	for (i = 0; i < n; i++)
		t_put16(m + 72 + 2 * i, (uint8_t)path[i]);
	return 64 + 8 + 2 * n;
}

static void test_tree_connect(void **state)
{
	uint8_t m[256];
	struct tsmb_tree_connect_req r;
	size_t len = tc_msg(m, "\\\\srv\\share", 0);

	assert_true(tsmb_st_ok(tsmb_tree_connect_req_decode(m, len, &r)));
	assert_int_equal(r.path_len, 22);
	/* truncated path, odd length, 3.1.1 extension (not supported) */
	assert_false(tsmb_st_ok(tsmb_tree_connect_req_decode(m, len - 1, &r)));
	t_put16(m + 70, 21);
	assert_false(tsmb_st_ok(tsmb_tree_connect_req_decode(m, len, &r)));
	len = tc_msg(m, "\\\\srv\\share", 4);
	assert_int_equal(tsmb_tree_connect_req_decode(m, len, &r).v, STATUS_NOT_SUPPORTED);
	/* an empty path */
	len = tc_msg(m, "", 0);
	assert_false(tsmb_st_ok(tsmb_tree_connect_req_decode(m, len, &r)));
}

static void test_empty4(void **state)
{
	uint8_t b[4] = { 4, 0, 0, 0 };

	assert_true(tsmb_empty4_req_decode(b, 4));
	assert_false(tsmb_empty4_req_decode(b, 3));
	b[0] = 5;
	assert_false(tsmb_empty4_req_decode(b, 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_setup),
		cmocka_unit_test(test_session_setup_rsp),
		cmocka_unit_test(test_tree_connect),
		cmocka_unit_test(test_empty4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
