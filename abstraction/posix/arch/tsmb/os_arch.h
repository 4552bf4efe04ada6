/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User format: the types behind the OS contract.
 *
 * Only compiler-provided headers here, so that core/ still compiles with
 * -ffreestanding -nostdinc (the purity check in tests/layout). The libc
 * objects behind a mutex or a completion are opaque storage whose size is
 * checked against pthreads at compile time in abstraction/posix/sync.c.
 */
#ifndef TSMB_OS_ARCH_H
#define TSMB_OS_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TSMB_FORMAT_USER 1

struct tsmb_mutex {
	_Alignas(16) unsigned char opaque[64];
};

struct tsmb_completion {
	_Alignas(16) unsigned char opaque[128];
};

void tsmb_os_mutex_init(struct tsmb_mutex *m);
void tsmb_os_mutex_destroy(struct tsmb_mutex *m);
void tsmb_os_mutex_lock(struct tsmb_mutex *m);
void tsmb_os_mutex_unlock(struct tsmb_mutex *m);

void tsmb_os_completion_init(struct tsmb_completion *c);
void tsmb_os_completion_destroy(struct tsmb_completion *c);
void tsmb_os_completion_reinit(struct tsmb_completion *c);
void tsmb_os_complete(struct tsmb_completion *c);
int tsmb_os_completion_wait(struct tsmb_completion *c, unsigned int ms);

struct tsmb_atomic {
	int v;
};

struct tsmb_atomic64 {
	int64_t v;
};

static inline int tsmb_atomic_read(const struct tsmb_atomic *a)
{
	return __atomic_load_n(&a->v, __ATOMIC_SEQ_CST);
}

static inline void tsmb_atomic_set(struct tsmb_atomic *a, int v)
{
	__atomic_store_n(&a->v, v, __ATOMIC_SEQ_CST);
}

static inline int tsmb_atomic_add_return(struct tsmb_atomic *a, int v)
{
	return __atomic_add_fetch(&a->v, v, __ATOMIC_SEQ_CST);
}

static inline int tsmb_atomic_sub_return(struct tsmb_atomic *a, int v)
{
	return __atomic_sub_fetch(&a->v, v, __ATOMIC_SEQ_CST);
}

static inline bool tsmb_atomic_inc_below(struct tsmb_atomic *a, int limit)
{
	int old = __atomic_load_n(&a->v, __ATOMIC_SEQ_CST);

	do {
		if (old >= limit)
			return false;
	} while (!__atomic_compare_exchange_n(&a->v, &old, old + 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return true;
}

static inline int64_t tsmb_atomic64_read(const struct tsmb_atomic64 *a)
{
	return __atomic_load_n(&a->v, __ATOMIC_SEQ_CST);
}

static inline void tsmb_atomic64_set(struct tsmb_atomic64 *a, int64_t v)
{
	__atomic_store_n(&a->v, v, __ATOMIC_SEQ_CST);
}

static inline int64_t tsmb_atomic64_add_return(struct tsmb_atomic64 *a, int64_t v)
{
	return __atomic_add_fetch(&a->v, v, __ATOMIC_SEQ_CST);
}

/*
 * All fields are the work queue's, read and written under its lock. Only
 * what is needed while the item is pending lives here (an item is alive
 * while pending); which item each worker is running is kept in the queue,
 * so that a work function may free its own item. An item is used with one
 * queue at a time.
 */
struct tsmb_work {
	void (*fn)(struct tsmb_work *work);
	struct tsmb_work *next;
	struct tsmb_os_wq *wq;
	bool pending;
};

#endif /* TSMB_OS_ARCH_H */
