// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/lib/idmap.c: ids for objects (FileIds, TreeIds). An id is never 0
 * nor all ones, a removed object's id never finds the object that took
 * its slot, and the map holds at most max objects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>

#include "core/lib/idmap.h"
#include "host.h"

static int objs[5000];

static void test_add_find_remove(void **state)
{
	struct tsmb_idmap m;
	uint64_t a, b;

	tsmb_idmap_init(&m, 100);
	assert_null(tsmb_idmap_find(&m, 0));
	assert_null(tsmb_idmap_find(&m, 1));
	assert_int_equal(tsmb_idmap_add(&m, &objs[0], &a), 0);
	assert_int_equal(tsmb_idmap_add(&m, &objs[1], &b), 0);
	assert_true(a != b);
	assert_true(a != 0 && a != ~0ull && b != 0 && b != ~0ull);
	assert_ptr_equal(tsmb_idmap_find(&m, a), &objs[0]);
	assert_ptr_equal(tsmb_idmap_find(&m, b), &objs[1]);
	tsmb_idmap_remove(&m, a);
	assert_null(tsmb_idmap_find(&m, a));
	assert_ptr_equal(tsmb_idmap_find(&m, b), &objs[1]);
	/* removing twice, or an id never given, changes nothing */
	tsmb_idmap_remove(&m, a);
	tsmb_idmap_remove(&m, 0x12345678ull);
	assert_int_equal(m.used, 1);
	tsmb_idmap_remove(&m, b);
	assert_int_equal(m.used, 0);
	tsmb_idmap_fini(&m);
}

/* A stale id keeps failing when its slot is reused by someone else. */
static void test_generation(void **state)
{
	struct tsmb_idmap m;
	uint64_t a, b;

	tsmb_idmap_init(&m, 10);
	assert_int_equal(tsmb_idmap_add(&m, &objs[0], &a), 0);
	tsmb_idmap_remove(&m, a);
	assert_int_equal(tsmb_idmap_add(&m, &objs[1], &b), 0);
	/* same slot (low half), other generation (high half) */
	assert_int_equal((uint32_t)a, (uint32_t)b);
	assert_true(a != b);
	assert_null(tsmb_idmap_find(&m, a));
	assert_ptr_equal(tsmb_idmap_find(&m, b), &objs[1]);
	/* neither half alone finds it */
	assert_null(tsmb_idmap_find(&m, (uint32_t)b));
	tsmb_idmap_remove(&m, b);
	tsmb_idmap_fini(&m);
}

/* The generation wraps without ever making 0 or all ones. */
static void test_generation_wrap(void **state)
{
	struct tsmb_idmap m;
	uint64_t id;
	unsigned int i;

	tsmb_idmap_init(&m, 1);
	assert_int_equal(tsmb_idmap_add(&m, &objs[0], &id), 0);
	m.slots[(uint32_t)id].gen = 0xfffffffeu;
	id = ((uint64_t)0xfffffffeu << 32) | (uint32_t)id;
	for (i = 0; i < 4; i++) {
		assert_ptr_equal(tsmb_idmap_find(&m, id), &objs[0]);
		tsmb_idmap_remove(&m, id);
		assert_int_equal(tsmb_idmap_add(&m, &objs[0], &id), 0);
		assert_true((id >> 32) != 0 && (id >> 32) != 0xffffffffu);
		assert_true(id != 0 && id != ~0ull);
	}
	tsmb_idmap_remove(&m, id);
	tsmb_idmap_fini(&m);
}

static void test_max(void **state)
{
	struct tsmb_idmap m;
	uint64_t ids[40], extra;
	unsigned int i;

	tsmb_idmap_init(&m, 40);
	for (i = 0; i < 40; i++)
		assert_int_equal(tsmb_idmap_add(&m, &objs[i], &ids[i]), 0);
	assert_int_equal(tsmb_idmap_add(&m, &objs[40], &extra), -TSMB_EMFILE);
	tsmb_idmap_remove(&m, ids[7]);
	assert_int_equal(tsmb_idmap_add(&m, &objs[40], &extra), 0);
	assert_ptr_equal(tsmb_idmap_find(&m, extra), &objs[40]);
	for (i = 0; i < 40; i++)
		if (i != 7)
			assert_ptr_equal(tsmb_idmap_find(&m, ids[i]), &objs[i]);
	for (i = 0; i < 40; i++)
		if (i != 7)
			tsmb_idmap_remove(&m, ids[i]);
	tsmb_idmap_remove(&m, extra);
	assert_int_equal(m.used, 0);
	tsmb_idmap_fini(&m);
}

/* Growth keeps every id valid; iteration sees each object once. */
static void test_grow_and_iterate(void **state)
{
	static uint64_t ids[5000];
	struct tsmb_idmap m;
	unsigned int i, seen = 0;
	uint32_t pos = 0;
	void *p;

	tsmb_idmap_init(&m, 100000);
	for (i = 0; i < 5000; i++) {
		assert_int_equal(tsmb_idmap_add(&m, &objs[i], &ids[i]), 0);
		objs[i] = 0;
	}
	for (i = 0; i < 5000; i++)
		assert_ptr_equal(tsmb_idmap_find(&m, ids[i]), &objs[i]);
	for (i = 0; i < 5000; i += 2)
		tsmb_idmap_remove(&m, ids[i]);
	while ((p = tsmb_idmap_next(&m, &pos))) {
		int *o = p;

		assert_int_equal((o - objs) & 1, 1);
		assert_int_equal(*o, 0);
		(*o)++;
		seen++;
	}
	assert_int_equal(seen, 2500);
	for (i = 1; i < 5000; i += 2)
		tsmb_idmap_remove(&m, ids[i]);
	pos = 0;
	assert_null(tsmb_idmap_next(&m, &pos));
	tsmb_idmap_fini(&m);
}

/* Ids from outside (a client's FileId) find nothing unless given out. */
static void test_foreign_ids(void **state)
{
	struct tsmb_idmap m;
	uint64_t id;

	tsmb_idmap_init(&m, 10);
	assert_int_equal(tsmb_idmap_add(&m, &objs[0], &id), 0);
	assert_null(tsmb_idmap_find(&m, ~0ull));
	assert_null(tsmb_idmap_find(&m, 0xffffffffull));
	assert_null(tsmb_idmap_find(&m, id + 1));
	assert_null(tsmb_idmap_find(&m, id ^ (1ull << 40)));
	tsmb_idmap_remove(&m, ~0ull);
	assert_ptr_equal(tsmb_idmap_find(&m, id), &objs[0]);
	tsmb_idmap_remove(&m, id);
	tsmb_idmap_fini(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_find_remove),
		cmocka_unit_test(test_generation),
		cmocka_unit_test(test_generation_wrap),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_grow_and_iterate),
		cmocka_unit_test(test_foreign_ids),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
