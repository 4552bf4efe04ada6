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

/*
 * Exported (EXPORT_SYMBOL, fs/namei.c) but declared only in fs/internal.h
 * since 5.x; in-tree ksmbd includes "../internal.h" for it. It is the one
 * exported walk that takes a starting point and LOOKUP_BENEATH: the other
 * exported entry points either resolve against a task's root (kern_path)
 * or treat the start as a root to clamp at rather than refuse
 * (file_open_root()).
 */
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt, const char *name,
		    unsigned int flags, struct path *path);

#endif /* TSMB_LINUX_COMPAT_H */
