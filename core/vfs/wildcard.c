// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-FSA] 2.1.4.4 as a set of positions in the expression, advanced one
 * name character at a time (a Thompson NFA): no recursion, no
 * backtracking, so a hostile pattern costs at most len(expr) * len(name)
 * steps.
 */
#include "core/vfs/wildcard.h"

#define DOS_STAR	'<'
#define DOS_QM		'>'
#define DOS_DOT		'"'

#define NSTATES		(TSMB_PATTERN_MAX + 1)
#define NWORDS		((NSTATES + 63) / 64)

struct state_set {
	uint64_t w[NWORDS];
};

static inline void set_add(struct state_set *s, size_t i)
{
	s->w[i >> 6] |= 1ULL << (i & 63);
}

static inline bool set_has(const struct state_set *s, size_t i)
{
	return (s->w[i >> 6] >> (i & 63)) & 1;
}

/*
 * The code point at s[*i] (advancing *i), tolerant: a byte that does not
 * start a well-formed sequence stands for itself, offset out of Unicode's
 * range so that it can only equal the same byte.
 */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
	const uint8_t *p = (const uint8_t *)s + *i;
	size_t left = len - *i;
	uint32_t c = p[0];
	unsigned int n, k;

	if (c < 0x80) {
		*i += 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0)
		n = 1;
	else if ((c & 0xf0) == 0xe0)
		n = 2;
	else if ((c & 0xf8) == 0xf0)
		n = 3;
	else
		goto raw;
	if (left <= n)
		goto raw;
	c &= 0x3f >> n;
	for (k = 1; k <= n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			goto raw;
		c = (c << 6) | (p[k] & 0x3f);
	}
	*i += n + 1;
	return c;
raw:
	*i += 1;
	return 0x110000 + p[0];
}

uint32_t tsmb_upcase(uint32_t c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z' ? c - 0x20 : c;
	if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		return c - 0x20;
	if (c == 0xff)
		return 0x178;
	if (c >= 0x100 && c <= 0x17e && c != 0x130 && c != 0x131 && c != 0x138 &&
	    c != 0x149 && c != 0x178) {
		/* Latin Extended-A pairs: upper even, except 0x139-0x148, 0x179-0x17e */
		bool odd_upper = (c >= 0x139 && c <= 0x148) || c >= 0x179;

		if ((c & 1) != odd_upper)
			return c - 1;
		return c;
	}
	if ((c >= 0x3b1 && c <= 0x3c1) || (c >= 0x3c3 && c <= 0x3cb))
		return c - 0x20;
	if (c == 0x3c2)
		return 0x3a3;
	if (c == 0x3ac)
		return 0x386;
	if (c >= 0x3ad && c <= 0x3af)
		return c - 0x25;
	if (c == 0x3cc)
		return 0x38c;
	if (c == 0x3cd || c == 0x3ce)
		return c - 0x3f;
	if (c >= 0x430 && c <= 0x44f)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45f)
		return c - 0x50;
	if (c >= 0xff41 && c <= 0xff5a)
		return c - 0x20;
	return c;
}

static bool is_wild(uint32_t c)
{
	return c == '*' || c == '?' || c == DOS_STAR || c == DOS_QM || c == DOS_DOT;
}

bool tsmb_wildcard_has_wild(const char *expr, size_t elen)
{
	size_t i;

	for (i = 0; i < elen; i++)
		if (is_wild((uint8_t)expr[i]))
			return true;
	return false;
}

/*
 * Adds what each state in s reaches without consuming a character:
 * '*' and DOS_STAR match nothing, DOS_QM matches nothing before a '.' or
 * at the end, DOS_DOT matches nothing only at the end. Transitions only
 * go forward, so one pass in order is the closure.
 */
static void closure(struct state_set *s, const char *expr, size_t elen, uint32_t c, bool end)
{
	size_t p = 0, q;
	uint32_t e;

	while (p < elen) {
		q = p;
		e = next_cp(expr, elen, &q);
		if (set_has(s, p) &&
		    (e == '*' || e == DOS_STAR || (e == DOS_QM && (end || c == '.')) ||
		     (e == DOS_DOT && end)))
			set_add(s, q);
		p = q;
	}
}

/* The states after consuming c; last_dot: c is the name's last '.'. */
static void step(const struct state_set *cur, struct state_set *next, const char *expr,
		 size_t elen, uint32_t c, bool last_dot)
{
	size_t p = 0, q;
	uint32_t e;

	tsmb_memset(next, 0, sizeof(*next));
	while (p < elen) {
		q = p;
		e = next_cp(expr, elen, &q);
		if (set_has(cur, p)) {
			if (e == '*' || (e == DOS_STAR && !(c == '.' && last_dot)))
				set_add(next, p);
			else if (e == '?' || (e == DOS_QM && c != '.') ||
				 (e == DOS_DOT && c == '.'))
				set_add(next, q);
			else if (!is_wild(e) && tsmb_upcase(e) == tsmb_upcase(c))
				set_add(next, q);
		}
		p = q;
	}
}

static bool any(const struct state_set *s)
{
	unsigned int i;

	for (i = 0; i < NWORDS; i++)
		if (s->w[i])
			return true;
	return false;
}

bool tsmb_wildcard_match(const char *expr, size_t elen, const char *name, size_t nlen)
{
	struct state_set a, b, *cur = &a, *nxt = &b, *t;
	size_t i = 0, last_dot = (size_t)-1, at;
	uint32_t c;

	if (!elen || !nlen)
		return !elen && !nlen;
	if (elen > TSMB_PATTERN_MAX)
		return false;
	/* 2.1.4.4 part 1: these two match every name */
	if ((elen == 1 && expr[0] == '*') || (elen == 3 && !tsmb_memcmp(expr, "*.*", 3)))
		return true;
	for (at = 0; at < nlen; at++)
		if (name[at] == '.')
			last_dot = at;
	tsmb_memset(cur, 0, sizeof(*cur));
	set_add(cur, 0);
	while (i < nlen) {
		at = i;
		c = next_cp(name, nlen, &i);
		closure(cur, expr, elen, c, false);
		step(cur, nxt, expr, elen, c, at == last_dot);
		t = cur;
		cur = nxt;
		nxt = t;
		if (!any(cur))
			return false;
	}
	closure(cur, expr, elen, 0, true);
	return set_has(cur, elen);
}
