// SPDX-License-Identifier: GPL-2.0-or-later
/* core/lib/cache.c: object caches and their counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/lib/cache.h"
#include <tsmb/os/log.h>
#include "host.h"

static void test_counters(void **state)
{
	struct tsmb_cache c;
	void *p[10];
	unsigned int i;

	memset(&c, 0, sizeof(c));
	assert_int_equal(tsmb_cache_init(&c, "test_obj", 100, 2), 0);
	for (i = 0; i < 10; i++) {
		p[i] = tsmb_cache_alloc(&c);
		assert_non_null(p[i]);
		memset(p[i], 0x5A, 100);
		assert_int_equal(tsmb_atomic_read(&c.in_use), (int)i + 1);
	}
	for (i = 0; i < 5; i++)
		tsmb_cache_free(&c, p[i]);
	assert_int_equal(tsmb_atomic_read(&c.in_use), 5);
	assert_int_equal(tsmb_atomic_read(&c.high_water), 10);
	p[0] = tsmb_cache_alloc(&c);
	assert_int_equal(tsmb_atomic_read(&c.high_water), 10);
	tsmb_cache_free(&c, p[0]);
	for (i = 5; i < 10; i++)
		tsmb_cache_free(&c, p[i]);
	assert_int_equal(tsmb_atomic_read(&c.in_use), 0);
	assert_int_equal(tsmb_atomic_read(&c.failures), 0);
	tsmb_cache_fini(&c);
	assert_null(c.pool);
}

static void test_zalloc(void **state)
{
	struct tsmb_cache c;
	uint8_t *p, zero[300];
	unsigned int round;

	memset(&c, 0, sizeof(c));
	memset(zero, 0, sizeof(zero));
	assert_int_equal(tsmb_cache_init(&c, "test_zobj", sizeof(zero), 1), 0);
	for (round = 0; round < 3; round++) {
		p = tsmb_cache_zalloc(&c);
		assert_non_null(p);
		assert_memory_equal(p, zero, sizeof(zero));
		memset(p, 0xA5, sizeof(zero));	/* dirty it for the next round */
		tsmb_cache_free(&c, p);
	}
	tsmb_cache_fini(&c);
}

static void test_free_null(void **state)
{
	struct tsmb_cache c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(tsmb_cache_init(&c, "test_null", 16, 0), 0);
	tsmb_cache_free(&c, NULL);
	assert_int_equal(tsmb_atomic_read(&c.in_use), 0);
	tsmb_cache_fini(&c);
	tsmb_cache_fini(&c);	/* twice: harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_zalloc),
		cmocka_unit_test(test_free_null),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
