// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/lib/cache.h"

#include "core/lib/log.h"

int tsmb_cache_init(struct tsmb_cache *c, const char *name, size_t obj_size,
		    unsigned int reserve)
{
	c->name = name;
	c->obj_size = obj_size;
	tsmb_atomic_set(&c->in_use, 0);
	tsmb_atomic_set(&c->high_water, 0);
	tsmb_atomic_set(&c->failures, 0);
	return tsmb_os_pool_create(name, obj_size, reserve, &c->pool);
}

void tsmb_cache_fini(struct tsmb_cache *c)
{
	int n;

	if (!c->pool)
		return;
	n = tsmb_atomic_read(&c->in_use);
	if (n) {
		/* Destroying a pool with objects out would free under their users. */
		tsmb_err("cache %s: %d objects still in use at shutdown; leaking the pool",
			 c->name, n);
		return;
	}
	tsmb_os_pool_destroy(c->pool);
	c->pool = NULL;
}

void *tsmb_cache_alloc(struct tsmb_cache *c)
{
	void *p = tsmb_os_pool_alloc(c->pool);
	int n, hw;

	if (!p) {
		tsmb_atomic_inc(&c->failures);
		return NULL;
	}
	n = tsmb_atomic_add_return(&c->in_use, 1);
	hw = tsmb_atomic_read(&c->high_water);
	/* A racy max is fine: the high-water mark is a statistic. */
	if (n > hw)
		tsmb_atomic_set(&c->high_water, n);
	return p;
}

void *tsmb_cache_zalloc(struct tsmb_cache *c)
{
	void *p = tsmb_cache_alloc(c);

	if (p)
		tsmb_memset(p, 0, c->obj_size);
	return p;
}

void tsmb_cache_free(struct tsmb_cache *c, void *obj)
{
	if (!obj)
		return;
	tsmb_atomic_dec(&c->in_use);
	tsmb_os_pool_free(c->pool, obj);
}
