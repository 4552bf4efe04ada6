// SPDX-License-Identifier: GPL-2.0-or-later
/* core/conn/credits.c: the command sequence window ([MS-SMB2] 3.3.1.1, 3.3.5.2.3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/conn/credits.h"

#define U64_MAX 0xFFFFFFFFFFFFFFFFull

static void check_invariants(const struct tsmb_credits *c)
{
	assert_true(c->size <= TSMB_CREDITS_WINDOW);
	assert_true(c->used <= c->size);
	assert_true(tsmb_credits_outstanding(c) <= TSMB_CREDITS_MAX);
}

static void test_init(void **state)
{
	struct tsmb_credits c;

	tsmb_credits_init(&c);
	assert_int_equal(tsmb_credits_outstanding(&c), 1);
	assert_false(tsmb_credits_consume(&c, 1, 1));	/* not granted */
	assert_true(tsmb_credits_consume(&c, 0, 1));
	assert_false(tsmb_credits_consume(&c, 0, 1));	/* spent */
	assert_int_equal(tsmb_credits_outstanding(&c), 0);
	check_invariants(&c);
}

static void test_in_order(void **state)
{
	struct tsmb_credits c;
	uint64_t mid;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	assert_int_equal(tsmb_credits_grant(&c, 10), 10);
	for (mid = 1; mid <= 10; mid++)
		assert_true(tsmb_credits_consume(&c, mid, 1));
	assert_false(tsmb_credits_consume(&c, 11, 1));
	assert_int_equal(tsmb_credits_outstanding(&c), 0);
	assert_true(c.lo == 11);
	check_invariants(&c);
}

static void test_out_of_order(void **state)
{
	static const uint64_t order[] = { 8, 3, 5, 1, 2, 4, 7, 6 };
	struct tsmb_credits c;
	unsigned int i;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	assert_int_equal(tsmb_credits_grant(&c, 8), 8);
	for (i = 0; i < 8; i++) {
		assert_true(tsmb_credits_consume(&c, order[i], 1));
		assert_false(tsmb_credits_consume(&c, order[i], 1));
		check_invariants(&c);
	}
	/* every id below 9 is spent, whatever order they came in */
	for (i = 0; i <= 8; i++)
		assert_false(tsmb_credits_consume(&c, i, 1));
	assert_true(c.lo == 9);
	assert_int_equal(tsmb_credits_outstanding(&c), 0);
}

static void test_reuse_refused(void **state)
{
	struct tsmb_credits c;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	tsmb_credits_grant(&c, 100);
	assert_true(tsmb_credits_consume(&c, 50, 1));
	assert_false(tsmb_credits_consume(&c, 50, 1));	/* above lo, in the bitmap */
	assert_true(tsmb_credits_consume(&c, 1, 1));
	assert_false(tsmb_credits_consume(&c, 1, 1));	/* now below lo */
	assert_false(tsmb_credits_consume(&c, 0, 1));
	check_invariants(&c);
}

static void test_beyond_window(void **state)
{
	struct tsmb_credits c;

	tsmb_credits_init(&c);
	assert_false(tsmb_credits_consume(&c, 1, 1));
	assert_false(tsmb_credits_consume(&c, 512, 1));
	assert_false(tsmb_credits_consume(&c, 1ull << 40, 1));
	assert_true(tsmb_credits_consume(&c, 0, 1));
	assert_int_equal(tsmb_credits_grant(&c, 5), 5);
	assert_false(tsmb_credits_consume(&c, 6, 1));	/* window is [1, 6) */
	assert_true(tsmb_credits_consume(&c, 5, 1));
	/* a refused id spent nothing: the window is unchanged */
	assert_int_equal(tsmb_credits_outstanding(&c), 4);
	check_invariants(&c);
}

static void test_multi_credit(void **state)
{
	struct tsmb_credits c;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	assert_int_equal(tsmb_credits_grant(&c, 10), 10);	/* [1, 11) */
	assert_true(tsmb_credits_consume(&c, 1, 4));		/* 1..4 */
	assert_false(tsmb_credits_consume(&c, 3, 1));
	assert_false(tsmb_credits_consume(&c, 4, 1));
	assert_true(tsmb_credits_consume(&c, 5, 1));
	/* 9..12 runs off the window: refused, and 9 and 10 stay unspent */
	assert_false(tsmb_credits_consume(&c, 9, 4));
	assert_int_equal(tsmb_credits_outstanding(&c), 5);
	/* 8..9 is free; 7..8 then overlaps 8 and spends nothing */
	assert_true(tsmb_credits_consume(&c, 8, 2));
	assert_false(tsmb_credits_consume(&c, 7, 2));
	assert_int_equal(tsmb_credits_outstanding(&c), 3);	/* 6, 7, 10 */
	assert_true(tsmb_credits_consume(&c, 6, 2));
	assert_true(tsmb_credits_consume(&c, 10, 1));
	assert_int_equal(tsmb_credits_outstanding(&c), 0);
	assert_true(c.lo == 11);
	check_invariants(&c);
}

/* A charge of 0 (2.0.2 clients, or before negotiation) spends one id. */
static void test_charge_zero(void **state)
{
	struct tsmb_credits c;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 0));
	assert_false(tsmb_credits_consume(&c, 0, 0));
	assert_int_equal(tsmb_credits_outstanding(&c), 0);
}

static void test_charge_huge(void **state)
{
	struct tsmb_credits c;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	tsmb_credits_grant(&c, 512);
	assert_false(tsmb_credits_consume(&c, 1, 0xFFFF));
	assert_false(tsmb_credits_consume(&c, 1, 513));
	assert_true(tsmb_credits_consume(&c, 1, 512));
	assert_int_equal(tsmb_credits_outstanding(&c), 0);
	check_invariants(&c);
}

static void test_grant_limits(void **state)
{
	struct tsmb_credits c;

	tsmb_credits_init(&c);
	/* a client holding its one credit asks for none: it keeps just that */
	assert_int_equal(tsmb_credits_grant(&c, 0), 0);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	/* one holding none gets one, so that it can go on */
	assert_int_equal(tsmb_credits_grant(&c, 0), 1);
	assert_int_equal(tsmb_credits_outstanding(&c), 1);
	/* never more than the maximum outstanding */
	assert_int_equal(tsmb_credits_grant(&c, 0xFFFF), TSMB_CREDITS_MAX - 1);
	assert_int_equal(tsmb_credits_outstanding(&c), TSMB_CREDITS_MAX);
	assert_int_equal(tsmb_credits_grant(&c, 1), 0);
	assert_int_equal(tsmb_credits_grant(&c, 0), 0);
	check_invariants(&c);
}

/*
 * A client that never uses its lowest id pins the window: the credits it
 * is granted are bounded by the bitmap, and it can still make progress.
 */
static void test_grant_window_pinned(void **state)
{
	struct tsmb_credits c;
	uint64_t mid;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	tsmb_credits_grant(&c, 512);				/* [1, 513) */
	for (mid = 2; mid < 513; mid++) {
		assert_true(tsmb_credits_consume(&c, mid, 1));
		tsmb_credits_grant(&c, 1);			/* no room: id 1 pins it */
		check_invariants(&c);
	}
	assert_int_equal(tsmb_credits_outstanding(&c), 1);
	assert_false(tsmb_credits_consume(&c, 513, 1));
	assert_true(tsmb_credits_consume(&c, 1, 1));
	assert_true(c.lo == 513);
	assert_int_equal(tsmb_credits_outstanding(&c), 0);
	assert_int_equal(tsmb_credits_grant(&c, 0), 1);
	assert_true(tsmb_credits_consume(&c, 513, 1));
}

static void test_huge_ids(void **state)
{
	static const uint64_t ids[] = {
		U64_MAX, U64_MAX - 1, U64_MAX - 511, 1ull << 63, (1ull << 32) - 1, 1ull << 32,
	};
	struct tsmb_credits c;
	unsigned int i;

	tsmb_credits_init(&c);
	assert_true(tsmb_credits_consume(&c, 0, 1));
	tsmb_credits_grant(&c, 512);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_false(tsmb_credits_consume(&c, ids[i], 1));
		assert_false(tsmb_credits_consume(&c, ids[i], 512));
		assert_false(tsmb_credits_consume(&c, ids[i], 0xFFFF));
	}
	assert_int_equal(tsmb_credits_outstanding(&c), 512);
	check_invariants(&c);
}

/*
 * 0xFFFFFFFFFFFFFFFF is not a request id: [MS-SMB2] 2.2.1 reserves it for
 * unsolicited oplock break notifications. A real client cannot get there
 * (2^64 requests); the window is placed near the top directly.
 */
static void test_max_id_refused(void **state)
{
	struct tsmb_credits c;
	uint64_t mid;

	tsmb_credits_init(&c);
	c.lo = U64_MAX - 8;
	tsmb_credits_grant(&c, 64);
	assert_false(tsmb_credits_consume(&c, U64_MAX, 1));
	assert_false(tsmb_credits_consume(&c, U64_MAX - 1, 2));
	for (mid = U64_MAX - 8; mid < U64_MAX; mid++)
		assert_true(tsmb_credits_consume(&c, mid, 1));
	assert_false(tsmb_credits_consume(&c, U64_MAX, 1));
	check_invariants(&c);
}

/* The window never wraps past the top to reopen ids already spent. */
static void test_window_no_wrap(void **state)
{
	struct tsmb_credits c;
	uint64_t mid;

	tsmb_credits_init(&c);
	c.lo = U64_MAX - 8;
	tsmb_credits_grant(&c, 64);
	for (mid = U64_MAX - 8; mid != 0; mid++)
		(void)tsmb_credits_consume(&c, mid, 1);
	assert_false(tsmb_credits_consume(&c, 0, 1));
	assert_false(tsmb_credits_consume(&c, 5, 1));
	assert_false(tsmb_credits_consume(&c, U64_MAX - 8, 1));
	check_invariants(&c);
}

/* A tiny deterministic PRNG, so that a failure reproduces. */
static uint32_t rng(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* 100k requests in order, each asking for one more credit. */
static void test_long_run_in_order(void **state)
{
	struct tsmb_credits c;
	uint64_t mid;

	tsmb_credits_init(&c);
	for (mid = 0; mid < 100000; mid++) {
		assert_true(tsmb_credits_consume(&c, mid, 1));
		assert_int_equal(tsmb_credits_grant(&c, 1), 1);
	}
	assert_true(c.lo == 100000);
	assert_int_equal(tsmb_credits_outstanding(&c), 1);
	check_invariants(&c);
}

/*
 * 100k requests from a client that numbers its requests in order (with
 * random charges) but whose requests arrive in random order, up to 256
 * in flight, asking for random numbers of credits: every request is
 * accepted exactly once, a replay and ids past the grant are refused,
 * and the window stays within its bounds.
 */
struct flight {
	uint64_t mid;
	uint16_t charge;
};

static void test_long_run_random(void **state)
{
	static struct flight fl[256];
	struct tsmb_credits c;
	uint64_t next = 0, granted = 1, done = 0;
	uint32_t seed = 0x12345678;
	unsigned int n = 0, delivered = 0;

	tsmb_credits_init(&c);
	while (delivered < 100000) {
		uint16_t charge = (uint16_t)(1 + rng(&seed) % 4);
		struct flight f;
		unsigned int k;

		/* send while the credits and the flight allow */
		if (next + charge <= granted && n < 256 && (rng(&seed) & 1)) {
			fl[n].mid = next;
			fl[n].charge = charge;
			n++;
			next += charge;
			continue;
		}
		if (!n) {
			/* out of credits with nothing in flight: cannot happen */
			assert_true(next + 1 <= granted);
			continue;
		}
		k = rng(&seed) % n;
		f = fl[k];
		fl[k] = fl[--n];
		assert_true(tsmb_credits_consume(&c, f.mid, f.charge));
		assert_false(tsmb_credits_consume(&c, f.mid, f.charge));	/* replay */
		assert_false(tsmb_credits_consume(&c, granted, 1));
		delivered++;
		done += f.charge;
		granted += tsmb_credits_grant(&c, (uint16_t)(rng(&seed) % 8));
		assert_true(c.lo + c.size == granted);
		assert_true(c.lo <= next);
		check_invariants(&c);
	}
	assert_true(done >= 100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_reuse_refused),
		cmocka_unit_test(test_beyond_window),
		cmocka_unit_test(test_multi_credit),
		cmocka_unit_test(test_charge_zero),
		cmocka_unit_test(test_charge_huge),
		cmocka_unit_test(test_grant_limits),
		cmocka_unit_test(test_grant_window_pinned),
		cmocka_unit_test(test_huge_ids),
		cmocka_unit_test(test_max_id_refused),
		cmocka_unit_test(test_window_no_wrap),
		cmocka_unit_test(test_long_run_in_order),
		cmocka_unit_test(test_long_run_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
