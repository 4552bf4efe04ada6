// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/close.c: CLOSE request decoder and response encoder ([MS-SMB2] 2.2.15, 2.2.16). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/close.h"
#include "host.h"
#include "tsmb_test.h"

static uint8_t body[64];
static uint8_t out[256];

static void build(void)
{
	memset(body, 0, sizeof(body));
	t_put16(body, 24);
	t_put16(body + 2, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	t_put32(body + 4, 0xdeadbeef);		/* Reserved: ignored */
	t_put64(body + 8, 0x1111222233334444ull);
	t_put64(body + 16, 0x5555666677778888ull);
}

static void test_decode(void **state)
{
	struct tsmb_close_req r;

	build();
	assert_int_equal(tsmb_close_req_decode(body, 24, &r).v, STATUS_SUCCESS);
	assert_int_equal(r.flags, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	assert_int_equal(r.file_id_persistent, 0x1111222233334444ull);
	assert_int_equal(r.file_id_volatile, 0x5555666677778888ull);
	/* longer bodies (padding) are fine */
	assert_int_equal(tsmb_close_req_decode(body, 40, &r).v, STATUS_SUCCESS);
}

static void test_decode_malformed(void **state)
{
	struct tsmb_close_req r;
	size_t n;

	build();
	for (n = 0; n < 24; n++)
		assert_int_equal(tsmb_close_req_decode(body, n, &r).v, STATUS_INVALID_PARAMETER);
	t_put16(body, 25);
	assert_int_equal(tsmb_close_req_decode(body, 24, &r).v, STATUS_INVALID_PARAMETER);
}

static size_t encode(const struct tsmb_close_rsp *rsp)
{
	struct tsmb_wr w;

	memset(out, 0xEE, sizeof(out));
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_close_rsp_encode(&w, rsp);
	assert_true(tsmb_wr_ok(&w));
	return w.off;
}

static void test_encode(void **state)
{
	struct tsmb_close_rsp rsp = {
		.flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB,
		.creation_time = 1, .last_access_time = 2, .last_write_time = 3,
		.change_time = 4, .allocation_size = 4096, .end_of_file = 10,
		.file_attributes = 0x20,
	};
	size_t i;

	assert_int_equal(encode(&rsp), 60);
	assert_int_equal(t_get16(out), 60);
	assert_int_equal(t_get16(out + 2), SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	assert_int_equal(t_get64(out + 8), 1);
	assert_int_equal(t_get64(out + 32), 4);
	assert_int_equal(t_get64(out + 40), 4096);
	assert_int_equal(t_get64(out + 48), 10);
	assert_int_equal(t_get32(out + 56), 0x20);
	/* without the flag every attribute field is zero, whatever was filled */
	rsp.flags = 0;
	assert_int_equal(encode(&rsp), 60);
	assert_int_equal(t_get16(out + 2), 0);
	for (i = 4; i < 60; i++)
		assert_int_equal(out[i], 0);
}

static void test_encode_short(void **state)
{
	struct tsmb_close_rsp rsp = { .flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB };
	size_t cap;

	for (cap = 0; cap < 60; cap++) {
		struct tsmb_wr w;

		memset(out, 0xEE, sizeof(out));
		tsmb_wr_init(&w, out, cap);
		tsmb_close_rsp_encode(&w, &rsp);
		assert_false(tsmb_wr_ok(&w));
		assert_int_equal(out[cap], 0xEE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_short),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
