// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <string.h>

#include <talloc.h>

#include "srvsvc/sid.h"

/* Decimal (or 0x-prefixed hex) digits up to max; p advances past them. */
static bool parse_num(const char **pp, uint64_t max, uint64_t *out)
{
	const char *p = *pp;
	unsigned int base = 10, digits = 0;
	uint64_t v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++, digits++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned int)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (v > (max - d) / base)
			return false;
		v = v * base + d;
	}
	if (!digits)
		return false;
	*pp = p;
	*out = v;
	return true;
}

void srvsvc_sid_make(struct srvsvc_sid *sid, uint64_t auth, unsigned int n, const uint32_t *sub)
{
	unsigned int i;

	memset(sid, 0, sizeof(*sid));
	sid->rev = 1;
	if (n > SRVSVC_SID_MAX_SUBS)
		n = SRVSVC_SID_MAX_SUBS;
	sid->nsub = (uint8_t)n;
	for (i = 0; i < 6; i++)
		sid->auth[i] = (uint8_t)(auth >> (8 * (5 - i)));
	for (i = 0; i < n; i++)
		sid->sub[i] = sub[i];
}

bool srvsvc_sid_parse(const char *str, struct srvsvc_sid *sid)
{
	uint32_t sub[SRVSVC_SID_MAX_SUBS];
	const char *p = str;
	uint64_t auth, v;
	unsigned int n = 0;

	if ((p[0] != 'S' && p[0] != 's') || strncmp(p + 1, "-1-", 3))
		return false;
	p += 4;
	if (!parse_num(&p, 0xFFFFFFFFFFFFull, &auth))
		return false;
	while (*p == '-') {
		p++;
		if (n == SRVSVC_SID_MAX_SUBS || !parse_num(&p, 0xFFFFFFFFu, &v))
			return false;
		sub[n++] = (uint32_t)v;
	}
	if (*p)
		return false;
	srvsvc_sid_make(sid, auth, n, sub);
	return true;
}

char *srvsvc_sid_string(void *mem, const struct srvsvc_sid *sid)
{
	uint64_t auth = 0;
	unsigned int i;
	char *s;

	for (i = 0; i < 6; i++)
		auth = auth << 8 | sid->auth[i];
	/* [MS-DTYP] 2.4.2.1: hex once the authority no longer fits 32 bits */
	if (auth >> 32)
		s = talloc_asprintf(mem, "S-%u-0x%llx", sid->rev, (unsigned long long)auth);
	else
		s = talloc_asprintf(mem, "S-%u-%llu", sid->rev, (unsigned long long)auth);
	for (i = 0; s && i < sid->nsub && i < SRVSVC_SID_MAX_SUBS; i++)
		s = talloc_asprintf_append_buffer(s, "-%u", sid->sub[i]);
	return s;
}

bool srvsvc_sid_equal(const struct srvsvc_sid *a, const struct srvsvc_sid *b)
{
	return a->rev == b->rev && a->nsub == b->nsub && a->nsub <= SRVSVC_SID_MAX_SUBS &&
	       !memcmp(a->auth, b->auth, 6) &&
	       !memcmp(a->sub, b->sub, a->nsub * sizeof(a->sub[0]));
}

bool srvsvc_sid_split(const struct srvsvc_sid *sid, const struct srvsvc_sid *dom, uint32_t *rid)
{
	if (sid->rev != dom->rev || sid->nsub != dom->nsub + 1 || sid->nsub > SRVSVC_SID_MAX_SUBS ||
	    memcmp(sid->auth, dom->auth, 6) ||
	    memcmp(sid->sub, dom->sub, dom->nsub * sizeof(sid->sub[0])))
		return false;
	*rid = sid->sub[dom->nsub];
	return true;
}

bool srvsvc_sid_append(const struct srvsvc_sid *dom, uint32_t rid, struct srvsvc_sid *out)
{
	if (dom->nsub >= SRVSVC_SID_MAX_SUBS)
		return false;
	*out = *dom;
	out->sub[out->nsub++] = rid;
	return true;
}

/* FNV-1a, then a splitmix64 finaliser per word so that the three differ. */
static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

void srvsvc_sid_machine(const char *netbios_name, struct srvsvc_sid *sid)
{
	static const char salt[] = "tsmb machine sid:";
	uint64_t h = 0xCBF29CE484222325ull;
	uint32_t sub[4];
	const char *p;
	unsigned int i;

	for (p = salt; *p; p++)
		h = (h ^ (uint8_t)*p) * 0x100000001B3ull;
	for (p = netbios_name; *p; p++)
		h = (h ^ (uint8_t)toupper((unsigned char)*p)) * 0x100000001B3ull;
	sub[0] = 21;
	for (i = 1; i < 4; i++) {
		h = mix(h);
		sub[i] = (uint32_t)h;
	}
	srvsvc_sid_make(sid, 5, 4, sub);
}
