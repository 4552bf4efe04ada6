// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/path.c: client paths (UTF-16LE, '\' separators) to OS names,
 * and everything that must not reach the OS ([MS-SMB2] 3.3.5.9, [MS-FSCC]
 * 2.1.5 naming rules).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <tsmb/os/mem.h>

#include "core/vfs/open.h"
#include "host.h"
#include "tsmb_test.h"

static uint8_t wire[2 * 8192];
static size_t wire_len;
static char out[TSMB_PATH_MAX + 1];

/* ASCII (and \uXXXX-free) text to UTF-16LE. */
static void put_ascii(const char *s)
{
	wire_len = 0;
	while (*s) {
		t_put16(wire + wire_len, (uint8_t)*s++);
		wire_len += 2;
	}
}

static void put_unit(uint16_t u)
{
	t_put16(wire + wire_len, u);
	wire_len += 2;
}

static uint32_t convert(void)
{
	memset(out, 'X', sizeof(out));
	return tsmb_path_from_wire(wire, wire_len, out).v;
}

static void expect(const char *in, const char *want)
{
	uint32_t st;

	put_ascii(in);
	st = convert();
	if (st != STATUS_SUCCESS)
		fail_msg("\"%s\": 0x%08x, expected success", in, st);
	if (strcmp(out, want))
		fail_msg("\"%s\": \"%s\", expected \"%s\"", in, out, want);
}

static void expect_status(const char *in, uint32_t want)
{
	uint32_t st;

	put_ascii(in);
	st = convert();
	if (st != want)
		fail_msg("\"%s\": 0x%08x, expected 0x%08x", in, st, want);
	if (out[0])
		fail_msg("\"%s\": output \"%s\" left after an error", in, out);
}

static void test_plain(void **state)
{
	expect("", "");
	expect("a", "a");
	expect("file.txt", "file.txt");
	expect("dir\\sub\\file.txt", "dir/sub/file.txt");
	expect("with space\\ and.dots..", "with space/ and.dots..");
	expect("...", "...");
	expect(".hidden\\x", ".hidden/x");
}

static void test_trailing_separator(void **state)
{
	expect("dir\\", "dir");
	expect("a\\b\\", "a/b");
	expect_status("dir\\\\", STATUS_OBJECT_NAME_INVALID);
}

/* 3.3.5.9: a leading separator is STATUS_INVALID_PARAMETER. */
static void test_leading_separator(void **state)
{
	expect_status("\\", STATUS_INVALID_PARAMETER);
	expect_status("\\a", STATUS_INVALID_PARAMETER);
	expect_status("\\\\server\\share\\a", STATUS_INVALID_PARAMETER);
}

static void test_empty_and_dot_components(void **state)
{
	expect_status("a\\\\b", STATUS_OBJECT_NAME_INVALID);
	expect_status(".", STATUS_OBJECT_NAME_INVALID);
	expect_status("..", STATUS_OBJECT_NAME_INVALID);
	expect_status("a\\..", STATUS_OBJECT_NAME_INVALID);
	expect_status("..\\etc\\passwd", STATUS_OBJECT_NAME_INVALID);
	expect_status("a\\.\\b", STATUS_OBJECT_NAME_INVALID);
	expect_status("a\\..\\..\\b", STATUS_OBJECT_NAME_INVALID);
}

static void test_bad_characters(void **state)
{
	static const char bad[] = "\"*/:<>?|";
	char name[8];
	unsigned int i;

	for (i = 0; bad[i]; i++) {
		snprintf(name, sizeof(name), "a%cb", bad[i]);
		expect_status(name, STATUS_OBJECT_NAME_INVALID);
	}
	/* the forward slash would be a separator to the OS */
	expect_status("a/../../etc", STATUS_OBJECT_NAME_INVALID);
	for (i = 1; i < 0x20; i++) {
		wire_len = 0;
		put_unit('a');
		put_unit((uint16_t)i);
		assert_int_equal(convert(), STATUS_OBJECT_NAME_INVALID);
	}
	wire_len = 0;
	put_unit('a');
	put_unit(0);
	put_unit('b');
	assert_int_equal(convert(), STATUS_OBJECT_NAME_INVALID);
}

static void test_streams(void **state)
{
	expect("file::$DATA", "file");
	expect("dir\\file::$data", "dir/file");
	expect_status("file:stream", STATUS_OBJECT_NAME_INVALID);
	expect_status("file:stream:$DATA", STATUS_OBJECT_NAME_INVALID);
	expect_status("file::$INDEX_ALLOCATION", STATUS_OBJECT_NAME_INVALID);
	expect_status("::$DATA", STATUS_OBJECT_NAME_INVALID);
	expect_status("dir\\::$DATA", STATUS_OBJECT_NAME_INVALID);
	expect_status("dir:x\\file", STATUS_OBJECT_NAME_INVALID);
}

static void test_unicode(void **state)
{
	wire_len = 0;
	put_unit(0x00e9);		/* é */
	put_unit('\\');
	put_unit(0x6587);		/* 文 */
	put_unit(0xd83d);		/* U+1F600 */
	put_unit(0xde00);
	assert_int_equal(convert(), STATUS_SUCCESS);
	assert_string_equal(out, "\xc3\xa9/\xe6\x96\x87\xf0\x9f\x98\x80");

	wire_len = 0;
	put_unit('a');
	put_unit(0xd800);		/* unpaired high surrogate */
	assert_int_equal(convert(), STATUS_OBJECT_NAME_INVALID);
	wire_len = 0;
	put_unit(0xdc00);		/* unpaired low surrogate */
	put_unit('a');
	assert_int_equal(convert(), STATUS_OBJECT_NAME_INVALID);
}

static void test_odd_length(void **state)
{
	put_ascii("ab");
	wire_len = 3;
	assert_int_equal(convert(), STATUS_OBJECT_NAME_INVALID);
}

/* Components of up to 255 characters, as NTFS; more is an invalid name. */
static void test_component_length(void **state)
{
	char name[300];

	memset(name, 'n', 255);
	name[255] = '\0';
	put_ascii(name);
	assert_int_equal(convert(), STATUS_SUCCESS);
	assert_int_equal(strlen(out), 255);
	memset(name, 'n', 256);
	name[256] = '\0';
	expect_status(name, STATUS_OBJECT_NAME_INVALID);
}

/* A path of exactly TSMB_PATH_MAX bytes fits; one more does not. */
static void test_path_length(void **state)
{
	static char name[TSMB_PATH_MAX + 8];
	size_t n = 0;
	unsigned int i;

	/* 15 components of 255, then 200 and 55: 4080 bytes and 16 separators */
	for (i = 0; i < 17; i++) {
		size_t len = i < 15 ? 255 : i == 15 ? 200 : 55;

		if (i)
			name[n++] = '\\';
		memset(name + n, 'p', len);
		n += len;
	}
	name[n] = '\0';
	assert_int_equal(n, TSMB_PATH_MAX);
	put_ascii(name);
	assert_int_equal(convert(), STATUS_SUCCESS);
	assert_int_equal(strlen(out), TSMB_PATH_MAX);
	name[n++] = 'p';
	name[n] = '\0';
	expect_status(name, STATUS_NAME_TOO_LONG);
	/* multi-byte characters count as their UTF-8 bytes */
	wire_len = 0;
	for (i = 0; i < 1366; i++) {	/* 3 bytes each: 4098 */
		if (i && !(i % 200))
			put_unit('\\');
		put_unit(0x6587);
	}
	assert_int_equal(convert(), STATUS_NAME_TOO_LONG);
}

static void test_dup(void **state)
{
	char *p = tsmb_path_dup("a/b");

	assert_non_null(p);
	assert_string_equal(p, "a/b");
	tsmb_os_free(p);
	p = tsmb_path_dup("");
	assert_non_null(p);
	assert_string_equal(p, "");
	tsmb_os_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_trailing_separator),
		cmocka_unit_test(test_leading_separator),
		cmocka_unit_test(test_empty_and_dot_components),
		cmocka_unit_test(test_bad_characters),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_unicode),
		cmocka_unit_test(test_odd_length),
		cmocka_unit_test(test_component_length),
		cmocka_unit_test(test_path_length),
		cmocka_unit_test(test_dup),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
