// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/smb2/out_buf.c: where QUERY_INFO / QUERY_DIRECTORY data goes (the
 * response buffer or req->extra), the ERROR body for failures of warning
 * severity, and the CreditCharge check of [MS-SMB2] 3.3.5.2.5.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tsmb/os/mem.h>

#include "core/smb2/out_buf.h"
#include "core/wire/query_info.h"
#include "tsmb_test.h"

struct fx {
	struct tsmb_conn conn;
	struct tsmb_req req;
	struct tsmb_wr w;
	uint8_t buf[65536];
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	x->conn.dialect = SMB2_DIALECT_311;
	x->conn.client_capabilities = SMB2_GLOBAL_CAP_LARGE_MTU;
	x->req.conn = &x->conn;
	/* as the dispatcher leaves it: positioned after a header */
	tsmb_wr_init(&x->w, x->buf, sizeof(x->buf));
	tsmb_wr_zero(&x->w, 64);
	x->req.rsp = &x->w;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	tsmb_os_free(x->req.extra);
	free(x);
	return 0;
}

static void test_inline(void **state)
{
	struct fx *x = *state;
	struct tsmb_out o;

	assert_true(tsmb_st_ok(tsmb_out_begin(&x->req, 100, &o)));
	assert_false(o.heap);
	assert_ptr_equal(o.buf, x->buf + 64 + 8);
	assert_int_equal(o.cap, 100);
	memset(o.buf, 0x5A, 40);
	tsmb_out_finish(&x->req, &o, 40, tsmb_query_info_rsp_encode);
	assert_null(x->req.extra);
	assert_int_equal(x->w.off, 64 + 8 + 40);
	assert_int_equal(t_get16(x->buf + 64), 9);
	assert_int_equal(t_get16(x->buf + 66), 72);
	assert_int_equal(t_get32(x->buf + 68), 40);
	assert_int_equal(x->buf[64 + 8 + 39], 0x5A);
}

static void test_empty_has_a_byte(void **state)
{
	struct fx *x = *state;
	struct tsmb_out o;

	assert_true(tsmb_st_ok(tsmb_out_begin(&x->req, 0, &o)));
	tsmb_out_finish(&x->req, &o, 0, tsmb_query_info_rsp_encode);
	assert_int_equal(x->w.off, 64 + 9);
	assert_int_equal(t_get32(x->buf + 68), 0);
}

static void test_large_goes_extra(void **state)
{
	struct fx *x = *state;
	struct tsmb_out o;

	assert_true(tsmb_st_ok(tsmb_out_begin(&x->req, 1 << 20, &o)));
	assert_true(o.heap);
	memset(o.buf, 0x33, 10000);
	tsmb_out_finish(&x->req, &o, 10000, tsmb_query_info_rsp_encode);
	assert_ptr_equal(x->req.extra, o.buf);
	assert_int_equal(x->req.extra_len, 10000);
	assert_int_equal(x->w.off, 64 + 8);
	assert_int_equal(t_get32(x->buf + 68), 10000);
}

static void test_large_but_little_is_copied(void **state)
{
	struct fx *x = *state;
	struct tsmb_out o;

	assert_true(tsmb_st_ok(tsmb_out_begin(&x->req, 1 << 20, &o)));
	assert_true(o.heap);
	memset(o.buf, 0x44, 200);
	tsmb_out_finish(&x->req, &o, 200, tsmb_query_info_rsp_encode);
	assert_null(x->req.extra);
	assert_int_equal(x->w.off, 64 + 8 + 200);
	assert_int_equal(x->buf[64 + 8 + 199], 0x44);
}

static void test_abort_and_fail(void **state)
{
	struct fx *x = *state;
	struct tsmb_status st;
	struct tsmb_out o;

	assert_true(tsmb_st_ok(tsmb_out_begin(&x->req, 1 << 20, &o)));
	tsmb_out_abort(&x->req, &o);
	assert_int_equal(x->w.off, 64);
	st = tsmb_rsp_fail(&x->req, o.start, TSMB_ST(STATUS_NO_MORE_FILES));
	assert_int_equal(st.v, STATUS_NO_MORE_FILES);
	assert_int_equal(x->w.off, 64 + 9);
	assert_int_equal(t_get16(x->buf + 64), 9);
	assert_int_equal(t_get32(x->buf + 68), 0);
}

static void test_charge(void **state)
{
	struct fx *x = *state;

	x->req.hdr.credit_charge = 0;
	assert_true(tsmb_charge_covers(&x->req, 0));
	assert_true(tsmb_charge_covers(&x->req, 65536));
	assert_false(tsmb_charge_covers(&x->req, 65537));
	x->req.hdr.credit_charge = 2;
	assert_true(tsmb_charge_covers(&x->req, 131072));
	assert_false(tsmb_charge_covers(&x->req, 131073));
	x->req.hdr.credit_charge = 128;
	assert_true(tsmb_charge_covers(&x->req, 8 << 20));
	/* no multi-credit: nothing to check */
	x->req.hdr.credit_charge = 1;
	x->conn.client_capabilities = 0;
	assert_true(tsmb_charge_covers(&x->req, 8 << 20));
	x->conn.client_capabilities = SMB2_GLOBAL_CAP_LARGE_MTU;
	x->conn.dialect = SMB2_DIALECT_202;
	assert_true(tsmb_charge_covers(&x->req, 8 << 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_has_a_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_goes_extra, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_but_little_is_copied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_and_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_charge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
