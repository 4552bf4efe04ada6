// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/wildcard.c against a reference: the [MS-FSA] 2.1.4.4 rules
 * written as the obvious backtracking recursion (fine here, where inputs
 * are short), which the set-of-states matcher must agree with on every
 * pattern and name over a small alphabet that has every wildcard, a dot
 * and letters in both cases. Input: a byte giving the pattern's length,
 * then pattern and name, each byte picking a character.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/vfs/wildcard.h"
#include "fuzz_common.h"

#define MAX_LEN	14

static const char alphabet[] = "aAbB.*?<>\"";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

static char up(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

/* Does e[ei..] match n[ni..]? last is the index of the name's last dot, or -1. */
static bool ref(const char *e, size_t el, size_t ei, const char *n, size_t nl, size_t ni,
		long last)
{
	bool more = ni < nl;

	if (ei == el)
		return !more;
	switch (e[ei]) {
	case '*':
		return ref(e, el, ei + 1, n, nl, ni, last) ||
		       (more && ref(e, el, ei, n, nl, ni + 1, last));
	case '<':
		return ref(e, el, ei + 1, n, nl, ni, last) ||
		       (more && !(n[ni] == '.' && (long)ni == last) &&
			ref(e, el, ei, n, nl, ni + 1, last));
	case '?':
		return more && ref(e, el, ei + 1, n, nl, ni + 1, last);
	case '>':
		if (!more || n[ni] == '.')
			return ref(e, el, ei + 1, n, nl, ni, last);
		return ref(e, el, ei + 1, n, nl, ni + 1, last);
	case '"':
		if (!more)
			return ref(e, el, ei + 1, n, nl, ni, last);
		return n[ni] == '.' && ref(e, el, ei + 1, n, nl, ni + 1, last);
	default:
		return more && up(n[ni]) == up(e[ei]) && ref(e, el, ei + 1, n, nl, ni + 1, last);
	}
}

static bool reference(const char *e, size_t el, const char *n, size_t nl)
{
	long last = -1;
	size_t i;

	if (!el || !nl)
		return !el && !nl;
	if ((el == 1 && e[0] == '*') || (el == 3 && !memcmp(e, "*.*", 3)))
		return true;
	for (i = 0; i < nl; i++)
		if (n[i] == '.')
			last = (long)i;
	return ref(e, el, 0, n, nl, 0, last);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char e[MAX_LEN], n[MAX_LEN];
	size_t el, nl, i;

	if (size < 1)
		return 0;
	el = TSMB_MIN((size_t)data[0] % (MAX_LEN + 1), size - 1);
	nl = TSMB_MIN(size - 1 - el, (size_t)MAX_LEN);
	for (i = 0; i < el; i++)
		e[i] = alphabet[data[1 + i] % (sizeof(alphabet) - 1)];
	/* names have no wildcards, only letters and dots */
	for (i = 0; i < nl; i++)
		n[i] = alphabet[data[1 + el + i] % 5];
	FUZZ_ASSERT(tsmb_wildcard_match(e, el, n, nl) == reference(e, el, n, nl));
	return 0;
}
