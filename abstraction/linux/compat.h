/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel-version differences, and only those. The rest of
 * abstraction/linux/ is written against Debian 12's 6.1 and calls these
 * wrappers where the API has moved between releases.
 */
#ifndef TSMB_LINUX_COMPAT_H
#define TSMB_LINUX_COMPAT_H

#include <linux/version.h>
#include <net/sock.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "tsmb needs Linux 6.1 or later"
#endif

/*
 * sk_user_data carries flag bits in its low bits (since 5.7); the locked
 * reader that strips them appeared in 6.0. SK_USER_DATA_NOCOPY makes
 * sk_clone_lock() give an accepted child NULL instead of the listener's
 * pointer. Both must be called with sk->sk_callback_lock held.
 */
static inline void tsmb_sk_set_user_data(struct sock *sk, void *p)
{
	if (p)
		__rcu_assign_sk_user_data_with_flags(sk, p, SK_USER_DATA_NOCOPY);
	else
		rcu_assign_sk_user_data(sk, NULL);
}

static inline void *tsmb_sk_user_data(const struct sock *sk)
{
	return __locked_read_sk_user_data_with_flags(sk, SK_USER_DATA_NOCOPY);
}

#endif /* TSMB_LINUX_COMPAT_H */
