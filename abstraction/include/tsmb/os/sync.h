/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Locks, completions and atomics.
 *
 * The types and most operations come from <tsmb/os_arch.h> as inline
 * functions or macros (the kernel's lockdep wants one lock class per
 * init site, so tsmb_os_mutex_init() is a macro there). Each format
 * provides exactly these:
 *
 * struct tsmb_mutex — a sleeping lock; never taken in the socket callbacks.
 *   void tsmb_os_mutex_init(struct tsmb_mutex *m);
 *   void tsmb_os_mutex_destroy(struct tsmb_mutex *m);
 *   void tsmb_os_mutex_lock(struct tsmb_mutex *m);
 *   void tsmb_os_mutex_unlock(struct tsmb_mutex *m);
 *
 * struct tsmb_completion — a one-shot event with a bounded wait.
 *   void tsmb_os_completion_init(struct tsmb_completion *c);
 *   void tsmb_os_completion_destroy(struct tsmb_completion *c);
 *   void tsmb_os_complete(struct tsmb_completion *c);   wakes all waiters
 *   int tsmb_os_completion_wait(struct tsmb_completion *c, unsigned int ms);
 *        0 once completed, -TSMB_ETIMEDOUT after ms milliseconds
 *   void tsmb_os_completion_reinit(struct tsmb_completion *c);
 *
 * struct tsmb_atomic (int) and struct tsmb_atomic64 (int64_t), sequentially
 * consistent, usable from any context:
 *   int tsmb_atomic_read(const struct tsmb_atomic *a);
 *   void tsmb_atomic_set(struct tsmb_atomic *a, int v);
 *   int tsmb_atomic_add_return(struct tsmb_atomic *a, int v);
 *   int tsmb_atomic_sub_return(struct tsmb_atomic *a, int v);
 *   bool tsmb_atomic_inc_below(struct tsmb_atomic *a, int limit);
 *        increments only if the old value is below limit; true if it did
 *   int64_t tsmb_atomic64_read(const struct tsmb_atomic64 *a);
 *   void tsmb_atomic64_set(struct tsmb_atomic64 *a, int64_t v);
 *   int64_t tsmb_atomic64_add_return(struct tsmb_atomic64 *a, int64_t v);
 */
#ifndef TSMB_OS_SYNC_H
#define TSMB_OS_SYNC_H

#include <tsmb/os/types.h>

#define tsmb_atomic_inc(a) ((void)tsmb_atomic_add_return((a), 1))
#define tsmb_atomic_dec(a) ((void)tsmb_atomic_sub_return((a), 1))
#define tsmb_atomic_dec_and_test(a) (tsmb_atomic_sub_return((a), 1) == 0)

#endif /* TSMB_OS_SYNC_H */
