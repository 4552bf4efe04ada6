/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel format: the types behind the OS contract, mapped straight onto
 * the kernel's own so that lockdep, KCSAN and friends see them.
 */
#ifndef TSMB_OS_ARCH_H
#define TSMB_OS_ARCH_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#define TSMB_FORMAT_KERNEL 1

struct tsmb_mutex {
	struct mutex m;
};

/* A macro so that lockdep gets one lock class per init site. */
#define tsmb_os_mutex_init(mx) mutex_init(&(mx)->m)

static inline void tsmb_os_mutex_destroy(struct tsmb_mutex *m)
{
	mutex_destroy(&m->m);
}

static inline void tsmb_os_mutex_lock(struct tsmb_mutex *m)
{
	mutex_lock(&m->m);
}

static inline void tsmb_os_mutex_unlock(struct tsmb_mutex *m)
{
	mutex_unlock(&m->m);
}

struct tsmb_completion {
	struct completion c;
};

#define tsmb_os_completion_init(cp) init_completion(&(cp)->c)

static inline void tsmb_os_completion_destroy(struct tsmb_completion *c)
{
}

static inline void tsmb_os_completion_reinit(struct tsmb_completion *c)
{
	reinit_completion(&c->c);
}

static inline void tsmb_os_complete(struct tsmb_completion *c)
{
	complete_all(&c->c);
}

static inline int tsmb_os_completion_wait(struct tsmb_completion *c, unsigned int ms)
{
	if (!wait_for_completion_timeout(&c->c, msecs_to_jiffies(ms)))
		return -ETIMEDOUT;
	return 0;
}

struct tsmb_atomic {
	atomic_t a;
};

struct tsmb_atomic64 {
	atomic64_t a;
};

static inline int tsmb_atomic_read(const struct tsmb_atomic *a)
{
	return atomic_read(&a->a);
}

static inline void tsmb_atomic_set(struct tsmb_atomic *a, int v)
{
	atomic_set(&a->a, v);
}

static inline int tsmb_atomic_add_return(struct tsmb_atomic *a, int v)
{
	return atomic_add_return(v, &a->a);
}

static inline int tsmb_atomic_sub_return(struct tsmb_atomic *a, int v)
{
	return atomic_sub_return(v, &a->a);
}

static inline bool tsmb_atomic_inc_below(struct tsmb_atomic *a, int limit)
{
	int old = atomic_read(&a->a);

	do {
		if (old >= limit)
			return false;
	} while (!atomic_try_cmpxchg(&a->a, &old, old + 1));
	return true;
}

static inline int64_t tsmb_atomic64_read(const struct tsmb_atomic64 *a)
{
	return atomic64_read(&a->a);
}

static inline void tsmb_atomic64_set(struct tsmb_atomic64 *a, int64_t v)
{
	atomic64_set(&a->a, v);
}

static inline int64_t tsmb_atomic64_add_return(struct tsmb_atomic64 *a, int64_t v)
{
	return atomic64_add_return(v, &a->a);
}

struct tsmb_work {
	struct work_struct ws;
	void (*fn)(struct tsmb_work *work);
};

#endif /* TSMB_OS_ARCH_H */
