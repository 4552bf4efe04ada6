// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/frame.c: the direct-TCP frame header ([MS-SMB2] 2.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/wire/frame.h"

static void test_decode_lengths(void **state)
{
	static const struct {
		uint8_t hdr[4];
		uint32_t len;
	} cases[] = {
		{ { 0, 0, 0, 0 }, 0 },
		{ { 0, 0, 0, 1 }, 1 },
		{ { 0, 0, 0, 0x44 }, 0x44 },
		{ { 0, 0x01, 0x02, 0x03 }, 0x010203 },
		{ { 0, 0, 0x10, 0 }, 4096 },
		{ { 0, 0x01, 0, 0 }, 65536 },
		{ { 0, 0x80, 0, 0 }, 0x800000 },
		{ { 0, 0xFF, 0xFF, 0xFF }, TSMB_FRAME_MAX_LEN },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t len = 0xdeadbeef;

		assert_true(tsmb_frame_decode(cases[i].hdr, &len));
		assert_int_equal(len, cases[i].len);
	}
}

static void test_max_len(void **state)
{
	assert_int_equal(TSMB_FRAME_MAX_LEN, 0x00FFFFFF);
	assert_int_equal(TSMB_FRAME_HDR_SIZE, 4);
}

/* NetBIOS session messages (0x81 request, 0x85 keep-alive, ...) and garbage. */
static void test_nonzero_first_byte(void **state)
{
	unsigned int b;

	for (b = 1; b < 256; b++) {
		uint8_t hdr[4] = { (uint8_t)b, 0, 0, 0x44 };
		uint32_t len = 0x12345678;

		if (tsmb_frame_decode(hdr, &len))
			fail_msg("first byte 0x%02x accepted", b);
	}
}

static void test_encode(void **state)
{
	static const uint32_t lens[] = {
		0, 1, 0x44, 0xFF, 0x100, 0x010203, 65536, 0x800000, TSMB_FRAME_MAX_LEN,
	};
	unsigned int i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t hdr[4] = { 0xAA, 0xAA, 0xAA, 0xAA };
		uint32_t back = 0;

		tsmb_frame_encode(hdr, lens[i]);
		assert_int_equal(hdr[0], 0);
		assert_int_equal(hdr[1], (lens[i] >> 16) & 0xFF);	/* big-endian */
		assert_int_equal(hdr[2], (lens[i] >> 8) & 0xFF);
		assert_int_equal(hdr[3], lens[i] & 0xFF);
		assert_true(tsmb_frame_decode(hdr, &back));
		assert_int_equal(back, lens[i]);
	}
}

static void test_roundtrip_all_bits(void **state)
{
	uint32_t v;

	for (v = 1; v && v <= TSMB_FRAME_MAX_LEN; v <<= 1) {
		uint8_t hdr[4];
		uint32_t back;

		tsmb_frame_encode(hdr, v);
		assert_true(tsmb_frame_decode(hdr, &back));
		assert_int_equal(back, v);
		tsmb_frame_encode(hdr, v - 1);
		assert_true(tsmb_frame_decode(hdr, &back));
		assert_int_equal(back, v - 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_lengths),
		cmocka_unit_test(test_max_len),
		cmocka_unit_test(test_nonzero_first_byte),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_roundtrip_all_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
