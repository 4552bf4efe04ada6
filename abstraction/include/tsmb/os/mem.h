/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory: plain allocations and fixed-size object pools.
 *
 * All functions may sleep and may fail; callers answer a failure with
 * STATUS_INSUFFICIENT_RESOURCES, never with an assert. Nothing here waits
 * indefinitely for memory: a pool that is empty and cannot grow returns
 * NULL rather than blocking, because a server thread stuck in the allocator
 * is a hang the client cannot see the end of.
 *
 * Building with TSMB_POOL_DEBUG turns every pool allocation into its own
 * heap block (and frees it at once) so that ASan and KASAN see each object.
 */
#ifndef TSMB_OS_MEM_H
#define TSMB_OS_MEM_H

#include <tsmb/os/types.h>

/* Heap memory; size may be up to a few MiB (the kernel falls back to vmalloc). */
void *tsmb_os_alloc(size_t size) TSMB_MUST_CHECK;
void *tsmb_os_zalloc(size_t size) TSMB_MUST_CHECK;
/* NULL is accepted and ignored. */
void tsmb_os_free(const void *p);

/*
 * A pool of objects of one size. min_nr objects are set aside at creation
 * and used only when the allocator cannot supply one, so that a connection
 * can always make progress under memory pressure. name is a static string
 * (it names the kernel slab cache).
 */
struct tsmb_os_pool;

int tsmb_os_pool_create(const char *name, size_t obj_size, unsigned int min_nr,
			struct tsmb_os_pool **out) TSMB_MUST_CHECK;
/* All objects must have been returned. */
void tsmb_os_pool_destroy(struct tsmb_os_pool *pool);
/* Returns NULL when the allocator fails and the reserve is empty. */
void *tsmb_os_pool_alloc(struct tsmb_os_pool *pool) TSMB_MUST_CHECK;
void tsmb_os_pool_free(struct tsmb_os_pool *pool, void *obj);

#endif /* TSMB_OS_MEM_H */
