// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/lib/utf16.c: UTF-16LE <-> UTF-8 for names. What does not round-trip
 * (unpaired surrogates, overlong or surrogate UTF-8, NULs) is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>

#include "core/lib/utf16.h"
#include "host.h"
#include "tsmb_test.h"

static uint8_t u16[64];
static char u8[64];

static size_t units(const uint16_t *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		t_put16(u16 + 2 * i, u[i]);
	return 2 * n;
}

static void test_to_utf8(void **state)
{
	static const uint16_t in[] = { 'A', 0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xd83d, 0xde00 };
	static const char want[] = "A\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbd\xf0\x9f\x98\x80";
	size_t len;

	assert_int_equal(tsmb_utf16_to_utf8(u16, units(in, 8), u8, sizeof(u8), &len), 0);
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(u8, want, sizeof(want));
	/* empty */
	assert_int_equal(tsmb_utf16_to_utf8(u16, 0, u8, sizeof(u8), &len), 0);
	assert_int_equal(len, 0);
	assert_int_equal(u8[0], '\0');
	/* U+10FFFF, the last code point */
	{
		static const uint16_t max[] = { 0xdbff, 0xdfff };

		assert_int_equal(tsmb_utf16_to_utf8(u16, units(max, 2), u8, sizeof(u8), &len), 0);
		assert_memory_equal(u8, "\xf4\x8f\xbf\xbf", 5);
	}
}

static void test_to_utf8_refused(void **state)
{
	static const uint16_t high_alone[] = { 'a', 0xd800 };
	static const uint16_t low_alone[] = { 0xdc00, 'a' };
	static const uint16_t reversed[] = { 0xde00, 0xd83d };
	static const uint16_t high_high[] = { 0xd800, 0xd800 };
	static const uint16_t nul[] = { 'a', 0, 'b' };
	size_t len;

	assert_int_equal(tsmb_utf16_to_utf8(u16, units(high_alone, 2), u8, sizeof(u8), &len),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_utf16_to_utf8(u16, units(low_alone, 2), u8, sizeof(u8), &len),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_utf16_to_utf8(u16, units(reversed, 2), u8, sizeof(u8), &len),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_utf16_to_utf8(u16, units(high_high, 2), u8, sizeof(u8), &len),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_utf16_to_utf8(u16, units(nul, 3), u8, sizeof(u8), &len),
			 -TSMB_EINVAL);
	/* an odd byte count is no UTF-16 */
	assert_int_equal(tsmb_utf16_to_utf8(u16, 3, u8, sizeof(u8), &len), -TSMB_EINVAL);
}

/* The output and its NUL must fit; exactly fitting is fine. */
static void test_to_utf8_capacity(void **state)
{
	static const uint16_t in[] = { 'a', 'b', 0xe9 };	/* 4 bytes of UTF-8 */
	size_t len, n = units(in, 3);

	memset(u8, 'X', sizeof(u8));
	assert_int_equal(tsmb_utf16_to_utf8(u16, n, u8, 5, &len), 0);
	assert_int_equal(len, 4);
	assert_int_equal(u8[4], '\0');
	assert_int_equal(tsmb_utf16_to_utf8(u16, n, u8, 4, &len), -TSMB_ENAMETOOLONG);
	assert_int_equal(tsmb_utf16_to_utf8(u16, n, u8, 3, &len), -TSMB_ENAMETOOLONG);
	assert_int_equal(tsmb_utf16_to_utf8(u16, 0, u8, 0, &len), -TSMB_ENAMETOOLONG);
}

static void test_to_utf16(void **state)
{
	static const char in[] = "A\xc3\xa9\xe6\x96\x87\xf0\x9f\x98\x80";
	static const uint16_t want[] = { 'A', 0xe9, 0x6587, 0xd83d, 0xde00 };
	size_t len, i;

	assert_int_equal(tsmb_utf8_utf16_len(in, sizeof(in) - 1), 10);
	assert_int_equal(tsmb_utf8_to_utf16(in, sizeof(in) - 1, u16, sizeof(u16), &len), 0);
	assert_int_equal(len, 10);
	for (i = 0; i < 5; i++)
		assert_int_equal(t_get16(u16 + 2 * i), want[i]);
	/* exactly fitting, and one byte short */
	assert_int_equal(tsmb_utf8_to_utf16(in, sizeof(in) - 1, u16, 10, &len), 0);
	assert_int_equal(tsmb_utf8_to_utf16(in, sizeof(in) - 1, u16, 9, &len),
			 -TSMB_ENAMETOOLONG);
	assert_int_equal(tsmb_utf8_to_utf16("", 0, u16, 0, &len), 0);
	assert_int_equal(len, 0);
}

static void test_to_utf16_refused(void **state)
{
	static const char *const bad[] = {
		"\xc0\x80",		/* overlong NUL */
		"\xe0\x80\xaf",		/* overlong '/' */
		"\xed\xa0\x80",		/* an encoded surrogate */
		"\xf4\x90\x80\x80",	/* beyond U+10FFFF */
		"\xe6\x96",		/* cut short */
		"\x80",			/* a lone continuation byte */
		"\xff",
		"a\xc3",		/* cut short at the end */
		"\xc3\x28",		/* continuation expected */
	};
	size_t len, i;

	for (i = 0; i < TSMB_ARRAY_SIZE(bad); i++) {
		if (tsmb_utf8_to_utf16(bad[i], strlen(bad[i]), u16, sizeof(u16), &len) !=
		    -TSMB_EINVAL)
			fail_msg("bad UTF-8 #%zu accepted", i);
		assert_int_equal(tsmb_utf8_utf16_len(bad[i], strlen(bad[i])), -1);
	}
}

/* Every BMP character and a sample beyond it survive both ways. */
static void test_round_trip(void **state)
{
	uint32_t c;
	size_t l8, l16;

	for (c = 1; c < 0x110000; c += (c < 0x10000 ? 1 : 0x3ff)) {
		uint16_t u[2];
		size_t n;

		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		if (c < 0x10000) {
			u[0] = (uint16_t)c;
			n = 1;
		} else {
			u[0] = (uint16_t)(0xd800 + ((c - 0x10000) >> 10));
			u[1] = (uint16_t)(0xdc00 + ((c - 0x10000) & 0x3ff));
			n = 2;
		}
		units(u, n);
		assert_int_equal(tsmb_utf16_to_utf8(u16, 2 * n, u8, sizeof(u8), &l8), 0);
		assert_int_equal(tsmb_utf8_utf16_len(u8, l8), (long)(2 * n));
		memset(u16, 0, 8);
		assert_int_equal(tsmb_utf8_to_utf16(u8, l8, u16, sizeof(u16), &l16), 0);
		assert_int_equal(l16, 2 * n);
		assert_int_equal(t_get16(u16), u[0]);
		if (n == 2)
			assert_int_equal(t_get16(u16 + 2), u[1]);
	}
}

static void test_name_equal_ci(void **state)
{
	assert_true(tsmb_name_equal_ci("IPC$", 4, "ipc$", 4));
	assert_true(tsmb_name_equal_ci("Share", 5, "sHARE", 5));
	assert_false(tsmb_name_equal_ci("share", 5, "shares", 6));
	assert_false(tsmb_name_equal_ci("a[", 2, "A{", 2));
	/* only ASCII folds: é and É differ */
	assert_false(tsmb_name_equal_ci("\xc3\xa9", 2, "\xc3\x89", 2));
	assert_true(tsmb_name_equal_ci("", 0, "", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_to_utf8),
		cmocka_unit_test(test_to_utf8_refused),
		cmocka_unit_test(test_to_utf8_capacity),
		cmocka_unit_test(test_to_utf16),
		cmocka_unit_test(test_to_utf16_refused),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_name_equal_ci),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
