// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/write.c: WRITE request decoder and response encoder ([MS-SMB2] 2.2.21, 2.2.22). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/write.h"
#include "host.h"
#include "tsmb_test.h"

static struct t_msg msg;

#define W_SSIZE		(64 + 0)
#define W_DATA_OFF	(64 + 2)
#define W_LENGTH	(64 + 4)
#define W_CI_OFF	(64 + 40)
#define W_CI_LEN	(64 + 42)

/* Data at 0x70 as clients send it, channel info (if any) after the data. */
static void build(uint32_t len, uint16_t ci_len)
{
	struct t_hdr h = { .cmd = 9, .mid = 4, .credits = 1 };
	uint32_t i;

	msg.n = 0;
	t_hdr(&msg, &h);
	t_u16(&msg, 49);
	t_u16(&msg, 0x70);
	t_u32(&msg, len);
	t_u64(&msg, 4096);
	t_u64(&msg, 21);
	t_u64(&msg, 22);
	t_u32(&msg, SMB2_CHANNEL_NONE);
	t_u32(&msg, 0);
	t_u16(&msg, ci_len ? (uint16_t)(0x70 + len) : 0);
	t_u16(&msg, ci_len);
	t_u32(&msg, SMB2_WRITEFLAG_WRITE_THROUGH);
	for (i = 0; i < len; i++)
		t_append(&msg, NULL, 1)[0] = (uint8_t)(i * 7);
	t_append(&msg, NULL, ci_len);
	if (!len && !ci_len)
		t_append(&msg, NULL, 1);
}

static uint32_t decode(struct tsmb_write_req *r)
{
	return tsmb_write_req_decode(msg.b, msg.n, r).v;
}

static void test_decode(void **state)
{
	struct tsmb_write_req r;

	build(100, 0);
	assert_int_equal(decode(&r), STATUS_SUCCESS);
	assert_ptr_equal(r.data, msg.b + 0x70);
	assert_int_equal(r.length, 100);
	assert_int_equal(r.data[1], 7);
	assert_int_equal(r.offset, 4096);
	assert_int_equal(r.file_id_persistent, 21);
	assert_int_equal(r.file_id_volatile, 22);
	assert_int_equal(r.flags, SMB2_WRITEFLAG_WRITE_THROUGH);
	assert_null(r.channel_info);
	/* an empty write names no data, whatever DataOffset says */
	build(0, 0);
	t_put16(msg.b + W_DATA_OFF, 0);
	assert_int_equal(decode(&r), STATUS_SUCCESS);
	assert_null(r.data);
	build(10, 16);
	assert_int_equal(decode(&r), STATUS_SUCCESS);
	assert_ptr_equal(r.channel_info, msg.b + 0x70 + 10);
}

static void test_decode_malformed(void **state)
{
	struct tsmb_write_req r;
	size_t n;

	build(100, 0);
	t_put16(msg.b + W_SSIZE, 48);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	build(100, 0);
	for (n = 0; n < 64 + 48; n++) {
		msg.n = n;
		assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	}
	/* data past the end, by one byte */
	build(100, 0);
	t_put32(msg.b + W_LENGTH, 101);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	/* data inside the fixed part or the header */
	build(100, 0);
	t_put16(msg.b + W_DATA_OFF, 0x6f);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	build(100, 0);
	t_put16(msg.b + W_DATA_OFF, 0);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	/* lengths that wrap */
	build(100, 0);
	t_put32(msg.b + W_LENGTH, 0xFFFFFFFFu);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	build(100, 0);
	t_put16(msg.b + W_DATA_OFF, 0xFFFF);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	/* channel information past the end */
	build(10, 16);
	t_put16(msg.b + W_CI_LEN, 17);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
	build(10, 16);
	t_put16(msg.b + W_CI_OFF, 64);
	assert_int_equal(decode(&r), STATUS_INVALID_PARAMETER);
}

static void test_encode(void **state)
{
	uint8_t out[32];
	struct tsmb_wr w;

	memset(out, 0xEE, sizeof(out));
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_write_rsp_encode(&w, 65536);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(w.off, 17);
	assert_int_equal(t_get16(out), 17);
	assert_int_equal(t_get32(out + 4), 65536);
	assert_int_equal(t_get32(out + 8), 0);
	assert_int_equal(t_get32(out + 12), 0);
	tsmb_wr_init(&w, out, 16);
	tsmb_write_rsp_encode(&w, 1);
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
