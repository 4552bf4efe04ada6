// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Heap memory and object pools over malloc.
 *
 * A pool has two stores of free objects, both under its lock:
 * - the reserve: min_nr objects allocated at creation and handed out only
 *   when malloc fails, so that a connection can make progress under memory
 *   pressure; freed objects refill it first;
 * - the cache: a free list, threaded through the objects themselves, of
 *   up to cache_cap objects, so that a long-running server reuses its
 *   objects instead of churning (and fragmenting) the heap.
 * Beyond both, freed objects go back to malloc.
 *
 * With TSMB_POOL_DEBUG there is no cache: every allocation is a fresh
 * malloc and every free a real free, so that ASan sees each object's life.
 */
#include <pthread.h>
#include <stdlib.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>
#include <tsmb/os/mem.h>

#include "internal.h"

/* Bytes a pool may keep cached beyond its reserve, and bounds in objects. */
#define TSMB_POOL_CACHE_BYTES	(4u << 20)
#define TSMB_POOL_CACHE_MIN	2u
#define TSMB_POOL_CACHE_MAX	1024u

struct tsmb_pool_free {
	struct tsmb_pool_free *next;
};

struct tsmb_os_pool {
	pthread_mutex_t lock;
	const char *name;
	size_t obj_size;
	unsigned int min_nr;
	unsigned int reserve_nr;	/* objects in reserve[] */
	unsigned int cache_nr;		/* objects on cache */
	unsigned int cache_cap;
	unsigned int in_use;
	unsigned int high_water;
	struct tsmb_pool_free *cache;
	void **reserve;
};

void *tsmb_os_alloc(size_t size)
{
	return malloc(size);
}

void *tsmb_os_zalloc(size_t size)
{
	return calloc(1, size);
}

void tsmb_os_free(const void *p)
{
	free((void *)p);
}

static unsigned int tsmb_pool_cache_cap(size_t obj_size)
{
#ifdef TSMB_POOL_DEBUG
	(void)obj_size;
	return 0;
#else
	size_t cap = TSMB_POOL_CACHE_BYTES / obj_size;

	if (cap < TSMB_POOL_CACHE_MIN)
		cap = TSMB_POOL_CACHE_MIN;
	if (cap > TSMB_POOL_CACHE_MAX)
		cap = TSMB_POOL_CACHE_MAX;
	return (unsigned int)cap;
#endif
}

static void tsmb_pool_release(struct tsmb_os_pool *pool)
{
	struct tsmb_pool_free *f;

	while (pool->reserve_nr)
		free(pool->reserve[--pool->reserve_nr]);
	while ((f = pool->cache)) {
		pool->cache = f->next;
		free(f);
	}
	free(pool->reserve);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
}

int tsmb_os_pool_create(const char *name, size_t obj_size, unsigned int min_nr,
			struct tsmb_os_pool **out)
{
	struct tsmb_os_pool *pool;

	*out = NULL;
	if (!obj_size)
		return -TSMB_EINVAL;
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return -TSMB_ENOMEM;
	if (pthread_mutex_init(&pool->lock, NULL)) {
		free(pool);
		return -TSMB_ENOMEM;
	}
	pool->name = name;
	/* Free objects carry the cache's link in their first bytes. */
	pool->obj_size = obj_size < sizeof(struct tsmb_pool_free) ?
			 sizeof(struct tsmb_pool_free) : obj_size;
	pool->min_nr = min_nr;
	pool->cache_cap = tsmb_pool_cache_cap(pool->obj_size);
	if (min_nr) {
		pool->reserve = calloc(min_nr, sizeof(void *));
		if (!pool->reserve)
			goto nomem;
	}
	while (pool->reserve_nr < min_nr) {
		void *obj = malloc(pool->obj_size);

		if (!obj)
			goto nomem;
		pool->reserve[pool->reserve_nr++] = obj;
	}
	*out = pool;
	return 0;
nomem:
	tsmb_pool_release(pool);
	return -TSMB_ENOMEM;
}

void tsmb_os_pool_destroy(struct tsmb_os_pool *pool)
{
	if (!pool)
		return;
	if (pool->in_use)
		tsmb_os_log(TSMB_LOG_ERR, "pool %s destroyed with %u objects in use",
			    pool->name, pool->in_use);
	tsmb_pool_release(pool);
}

static void tsmb_pool_count(struct tsmb_os_pool *pool)
{
	if (++pool->in_use > pool->high_water)
		pool->high_water = pool->in_use;
}

void *tsmb_os_pool_alloc(struct tsmb_os_pool *pool)
{
	struct tsmb_pool_free *f;
	void *obj;

	pthread_mutex_lock(&pool->lock);
	f = pool->cache;
	if (f) {
		pool->cache = f->next;
		pool->cache_nr--;
		tsmb_pool_count(pool);
		pthread_mutex_unlock(&pool->lock);
		return f;
	}
	pthread_mutex_unlock(&pool->lock);

	/* malloc outside the lock: it may take long and needs no pool state. */
	obj = malloc(pool->obj_size);

	pthread_mutex_lock(&pool->lock);
	if (!obj && pool->reserve_nr)
		obj = pool->reserve[--pool->reserve_nr];
	if (obj)
		tsmb_pool_count(pool);
	pthread_mutex_unlock(&pool->lock);
	return obj;
}

void tsmb_os_pool_free(struct tsmb_os_pool *pool, void *obj)
{
	struct tsmb_pool_free *f = obj;

	if (!obj)
		return;
	pthread_mutex_lock(&pool->lock);
	pool->in_use--;
	if (pool->reserve_nr < pool->min_nr) {
		pool->reserve[pool->reserve_nr++] = obj;
		obj = NULL;
	} else if (pool->cache_nr < pool->cache_cap) {
		f->next = pool->cache;
		pool->cache = f;
		pool->cache_nr++;
		obj = NULL;
	}
	pthread_mutex_unlock(&pool->lock);
	free(obj);
}
