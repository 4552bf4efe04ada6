// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/conn/credits.h"

#define WORDS (TSMB_CREDITS_WINDOW / 64)

void tsmb_credits_init(struct tsmb_credits *c)
{
	tsmb_memset(c, 0, sizeof(*c));
	c->size = 1;
}

static bool window_test(const struct tsmb_credits *c, uint32_t i)
{
	return (c->map[i >> 6] >> (i & 63)) & 1;
}

static void window_set(struct tsmb_credits *c, uint32_t i)
{
	c->map[i >> 6] |= (uint64_t)1 << (i & 63);
}

/* Drops n spent ids off the bottom of the window. */
static void shift_down(struct tsmb_credits *c, uint32_t n)
{
	uint32_t words = n >> 6, bits = n & 63, i;

	for (i = 0; i < WORDS; i++) {
		uint64_t lo = i + words < WORDS ? c->map[i + words] : 0;
		uint64_t hi = i + words + 1 < WORDS ? c->map[i + words + 1] : 0;

		c->map[i] = bits ? (lo >> bits) | (hi << (64 - bits)) : lo;
	}
	c->lo += n;
	c->size -= n;
	c->used -= n;
}

static uint32_t trailing_ones(const struct tsmb_credits *c)
{
	uint32_t n = 0, i;

	for (i = 0; i < WORDS; i++) {
		if (c->map[i] == ~(uint64_t)0) {
			n += 64;
			continue;
		}
		return n + (uint32_t)__builtin_ctzll(~c->map[i]);
	}
	return n;
}

bool tsmb_credits_consume(struct tsmb_credits *c, uint64_t mid, uint16_t charge)
{
	uint64_t rel;
	uint32_t i;

	if (charge == 0)
		charge = 1;
	/* 0xFFFFFFFFFFFFFFFF is reserved for oplock breaks ([MS-SMB2] 2.2.1). */
	if (mid < c->lo || charge > TSMB_U64_MAX - mid)
		return false;
	rel = mid - c->lo;
	/* written so that a huge mid cannot overflow the comparison */
	if (rel >= c->size || charge > c->size - rel)
		return false;
	for (i = 0; i < charge; i++)
		if (window_test(c, (uint32_t)rel + i))
			return false;
	for (i = 0; i < charge; i++)
		window_set(c, (uint32_t)rel + i);
	c->used += charge;
	i = trailing_ones(c);
	if (i)
		shift_down(c, i);
	return true;
}

uint16_t tsmb_credits_grant(struct tsmb_credits *c, uint16_t requested)
{
	uint32_t room = TSMB_CREDITS_WINDOW - c->size;
	uint32_t held = tsmb_credits_outstanding(c);
	uint32_t grant = requested;

	if (grant == 0 && held == 0)
		grant = 1;
	if (held + grant > TSMB_CREDITS_MAX)
		grant = held < TSMB_CREDITS_MAX ? TSMB_CREDITS_MAX - held : 0;
	if (grant > room)
		grant = room;
	c->size += grant;
	return (uint16_t)grant;
}
