// SPDX-License-Identifier: GPL-2.0-or-later
/* core/vfs/wildcard.c: [MS-FSA] 2.1.4.4 name matching, case-insensitive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/vfs/wildcard.h"

static bool m(const char *expr, const char *name)
{
	return tsmb_wildcard_match(expr, strlen(expr), name, strlen(name));
}

static void test_star_and_qm(void **state)
{
	assert_true(m("*", "anything.at.all"));
	assert_true(m("*", "."));
	assert_true(m("*", ".."));
	assert_true(m("*.*", "no_dot"));		/* 2.1.4.4 part 1 */
	assert_true(m("*.txt", "a.txt"));
	assert_true(m("*.txt", ".txt"));
	assert_false(m("*.txt", "a.txt.bak"));
	assert_true(m("*.txt", "a.b.txt"));
	assert_true(m("a?c", "abc"));
	assert_false(m("a?c", "ac"));
	assert_false(m("a?c", "abbc"));
	assert_true(m("a*b*c", "aXXbYYc"));
	assert_true(m("a*b*c", "abc"));
	assert_false(m("a*b*c", "acb"));
	assert_true(m("**", "x"));
	assert_true(m("?", "."));
	assert_false(m("?", ".."));
	assert_true(m("??", ".."));
	assert_true(m("exact", "exact"));
	assert_false(m("exact", "exactly"));
	assert_false(m("exactly", "exact"));
}

static void test_case(void **state)
{
	assert_true(m("*.TXT", "readme.txt"));
	assert_true(m("ReadMe.Txt", "README.TXT"));
	assert_true(m("\xc3\x84" "bc", "\xc3\xa4" "BC"));			/* Ä / ä */
	/* ПРИ / при */
	assert_true(m("\xd0\x9f\xd0\xa0\xd0\x98", "\xd0\xbf\xd1\x80\xd0\xb8"));
	assert_true(m("\xce\xa3", "\xcf\x82"));					/* Σ / ς */
	assert_false(m("a", "b"));
	/* no folding beyond the tables: dotless i stays itself */
	assert_false(m("I", "\xc4\xb1"));
}

static void test_dos_star(void **state)
{
	assert_true(m("<.txt", "a.b.txt"));
	assert_true(m("<.txt", "a.txt"));
	assert_true(m("<", "abc"));
	/* DOS_STAR stops at the last dot */
	assert_false(m("<", "a.b"));
	assert_true(m("<.<", "a.b"));
	assert_true(m("<.<", "a.b.c"));
	assert_false(m("<.<", "abc"));
	assert_true(m("<b", "ab"));
}

static void test_dos_qm(void **state)
{
	assert_true(m("a>", "a"));
	assert_true(m("a>", "ab"));
	assert_false(m("a>", "abc"));
	assert_true(m("a>>.txt", "a.txt"));
	assert_true(m("a>>.txt", "ab.txt"));
	assert_true(m("a>>.txt", "abc.txt"));
	assert_false(m("a>>.txt", "abcd.txt"));
	assert_true(m(">>>>>>>>\">>>", "readme.txt"));	/* *.* as DOS 8.3 spells it */
	assert_true(m(">>>>>>>>\">>>", "makefile"));
	assert_false(m(">>>>>>>>\">>>", "verylongname.txt"));
}

static void test_dos_dot(void **state)
{
	assert_true(m("a\"", "a"));
	assert_true(m("a\"", "a."));
	assert_false(m("a\"", "ab"));
	assert_true(m("a\"txt", "a.txt"));
	assert_false(m("a\"txt", "atxt"));
}

static void test_edges(void **state)
{
	char *big, *name;
	size_t i;

	assert_true(tsmb_wildcard_match("", 0, "", 0));
	assert_false(tsmb_wildcard_match("", 0, "a", 1));
	assert_false(tsmb_wildcard_match("*", 1, "", 0));
	/* bytes that are not UTF-8 are characters of their own */
	assert_true(m("?", "\xff"));
	assert_true(m("\xff", "\xff"));
	assert_false(m("\xfe", "\xff"));
	/* a cut sequence: each of its bytes is a character */
	assert_true(m("a??", "a\xe2\x82"));
	assert_false(m("a?", "a\xe2\x82"));
	/* too long a pattern matches nothing */
	big = malloc(TSMB_PATTERN_MAX + 2);
	assert_non_null(big);
	memset(big, '?', TSMB_PATTERN_MAX + 1);
	big[TSMB_PATTERN_MAX + 1] = '\0';
	assert_false(m(big, "a"));
	/* the worst case is quadratic, not exponential */
	memset(big, 0, TSMB_PATTERN_MAX + 2);
	for (i = 0; i + 2 < TSMB_PATTERN_MAX; i += 2)
		memcpy(big + i, "*a", 2);
	strcat(big, "b");
	name = malloc(256);
	assert_non_null(name);
	memset(name, 'a', 255);
	name[255] = '\0';
	assert_false(m(big, name));
	free(name);
	free(big);
}

static void test_has_wild(void **state)
{
	assert_true(tsmb_wildcard_has_wild("a*", 2));
	assert_true(tsmb_wildcard_has_wild("a?", 2));
	assert_true(tsmb_wildcard_has_wild("<", 1));
	assert_true(tsmb_wildcard_has_wild(">", 1));
	assert_true(tsmb_wildcard_has_wild("\"", 1));
	assert_false(tsmb_wildcard_has_wild("plain.txt", 9));
}

static void test_upcase(void **state)
{
	assert_int_equal(tsmb_upcase('a'), 'A');
	assert_int_equal(tsmb_upcase('Z'), 'Z');
	assert_int_equal(tsmb_upcase(0xe9), 0xc9);
	assert_int_equal(tsmb_upcase(0xf7), 0xf7);
	assert_int_equal(tsmb_upcase(0xff), 0x178);
	assert_int_equal(tsmb_upcase(0x101), 0x100);
	assert_int_equal(tsmb_upcase(0x100), 0x100);
	assert_int_equal(tsmb_upcase(0x13a), 0x139);
	assert_int_equal(tsmb_upcase(0x14b), 0x14a);
	assert_int_equal(tsmb_upcase(0x17e), 0x17d);
	assert_int_equal(tsmb_upcase(0x131), 0x131);
	assert_int_equal(tsmb_upcase(0x3c2), 0x3a3);
	assert_int_equal(tsmb_upcase(0x3ac), 0x386);
	assert_int_equal(tsmb_upcase(0x430), 0x410);
	assert_int_equal(tsmb_upcase(0x451), 0x401);
	assert_int_equal(tsmb_upcase(0xff41), 0xff21);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_and_qm),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_dos_star),
		cmocka_unit_test(test_dos_qm),
		cmocka_unit_test(test_dos_dot),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_has_wild),
		cmocka_unit_test(test_upcase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
