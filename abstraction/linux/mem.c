// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory for the kernel format: kvmalloc for plain allocations, a slab
 * cache plus a mempool reserve for pools.
 */
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

void *tsmb_os_alloc(size_t size)
{
	return kvmalloc(size, GFP_KERNEL);
}

void *tsmb_os_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

void tsmb_os_free(const void *p)
{
	kvfree(p);
}

struct tsmb_os_pool {
	struct kmem_cache *cache;
	mempool_t *reserve;	/* NULL when min_nr is 0 */
	size_t obj_size;
};

int tsmb_os_pool_create(const char *name, size_t obj_size, unsigned int min_nr,
			struct tsmb_os_pool **out)
{
	struct tsmb_os_pool *pool;

	*out = NULL;
	if (!obj_size || obj_size > KMALLOC_MAX_SIZE)
		return -EINVAL;
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return -ENOMEM;
	pool->obj_size = obj_size;
#ifndef TSMB_POOL_DEBUG
	pool->cache = kmem_cache_create(name, obj_size, 0, 0, NULL);
	if (!pool->cache)
		goto fail;
	if (min_nr) {
		pool->reserve = mempool_create_slab_pool(min_nr, pool->cache);
		if (!pool->reserve)
			goto fail;
	}
#endif
	*out = pool;
	return 0;

#ifndef TSMB_POOL_DEBUG
fail:
	kmem_cache_destroy(pool->cache);
	kfree(pool);
	return -ENOMEM;
#endif
}

void tsmb_os_pool_destroy(struct tsmb_os_pool *pool)
{
	if (!pool)
		return;
	/* The reserve goes first: its objects live in the cache. */
	if (pool->reserve)
		mempool_destroy(pool->reserve);
	kmem_cache_destroy(pool->cache);
	kfree(pool);
}

#ifdef TSMB_POOL_DEBUG
/* Every object its own kmalloc block, so that KASAN sees each one. */
void *tsmb_os_pool_alloc(struct tsmb_os_pool *pool)
{
	return kmalloc(pool->obj_size, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);
}

void tsmb_os_pool_free(struct tsmb_os_pool *pool, void *obj)
{
	kfree(obj);
}
#else
void *tsmb_os_pool_alloc(struct tsmb_os_pool *pool)
{
	void *obj;

	/*
	 * mempool_alloc() with a sleeping gfp would wait for an object to be
	 * freed, possibly forever; the contract says fail instead. So: one
	 * reclaim attempt that gives up early, then the reserve without
	 * waiting.
	 */
	obj = kmem_cache_alloc(pool->cache, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);
	if (obj || !pool->reserve)
		return obj;
	return mempool_alloc(pool->reserve, GFP_NOWAIT | __GFP_NOWARN);
}

void tsmb_os_pool_free(struct tsmb_os_pool *pool, void *obj)
{
	if (!obj)
		return;
	/* mempool_free() tops the reserve up before giving back to the slab. */
	if (pool->reserve)
		mempool_free(obj, pool->reserve);
	else
		kmem_cache_free(pool->cache, obj);
}
#endif
