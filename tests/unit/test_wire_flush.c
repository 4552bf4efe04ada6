// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/flush.c: FLUSH request decoder and response encoder ([MS-SMB2] 2.2.17, 2.2.18). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/flush.h"
#include "host.h"
#include "tsmb_test.h"

static uint8_t body[32];

static void test_decode(void **state)
{
	struct tsmb_flush_req r;
	size_t n;

	memset(body, 0xAB, sizeof(body));	/* reserved fields: ignored */
	t_put16(body, 24);
	t_put64(body + 8, 7);
	t_put64(body + 16, 9);
	assert_int_equal(tsmb_flush_req_decode(body, 24, &r).v, STATUS_SUCCESS);
	assert_int_equal(r.file_id_persistent, 7);
	assert_int_equal(r.file_id_volatile, 9);
	for (n = 0; n < 24; n++)
		assert_int_equal(tsmb_flush_req_decode(body, n, &r).v, STATUS_INVALID_PARAMETER);
	t_put16(body, 4);
	assert_int_equal(tsmb_flush_req_decode(body, 24, &r).v, STATUS_INVALID_PARAMETER);
}

static void test_encode(void **state)
{
	uint8_t out[8];
	struct tsmb_wr w;

	memset(out, 0xEE, sizeof(out));
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_flush_rsp_encode(&w);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(w.off, 4);
	assert_int_equal(t_get16(out), 4);
	assert_int_equal(t_get16(out + 2), 0);
	tsmb_wr_init(&w, out, 3);
	tsmb_flush_rsp_encode(&w);
	assert_false(tsmb_wr_ok(&w));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
