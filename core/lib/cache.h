/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An object cache: one per object type (connection, PDU buffer, ...), over
 * an OS pool, with the in-use and high-water counters that the status
 * file and the footprint benchmark read.
 */
#ifndef TSMB_CORE_LIB_CACHE_H
#define TSMB_CORE_LIB_CACHE_H

#include <tsmb/os/mem.h>
#include <tsmb/os/sync.h>

struct tsmb_cache {
	struct tsmb_os_pool *pool;
	const char *name;
	size_t obj_size;
	struct tsmb_atomic in_use;
	struct tsmb_atomic high_water;
	struct tsmb_atomic failures;
};

int tsmb_cache_init(struct tsmb_cache *c, const char *name, size_t obj_size,
		    unsigned int reserve) TSMB_MUST_CHECK;
/* Logs (once per cache) if objects are still out: they leak with the pool. */
void tsmb_cache_fini(struct tsmb_cache *c);
void *tsmb_cache_alloc(struct tsmb_cache *c) TSMB_MUST_CHECK;
void *tsmb_cache_zalloc(struct tsmb_cache *c) TSMB_MUST_CHECK;
void tsmb_cache_free(struct tsmb_cache *c, void *obj);

#endif /* TSMB_CORE_LIB_CACHE_H */
