// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Identity switching, kernel format: one struct cred per session, made
 * once, taken for each request with override_creds() and dropped with
 * revert_creds(). Only the subjective credentials change; the worker's
 * own (real_cred) stay, so nobody can signal or ptrace it as the user.
 *
 * struct tsmb_os_cred is never defined: a handle is the struct cred
 * itself, whose reference count serves get and put.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched/task.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/ident.h>

static inline struct tsmb_os_cred *tsmb_to_os_cred(const struct cred *cred)
{
	return (struct tsmb_os_cred *)cred;
}

static inline const struct cred *tsmb_from_os_cred(const struct tsmb_os_cred *c)
{
	return (const struct cred *)c;
}

static struct group_info *tsmb_groups(const struct tsmb_ident *id)
{
	struct group_info *gi;
	uint32_t i;

	gi = groups_alloc(id->ngroups);
	if (!gi)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < id->ngroups; i++) {
		gi->gid[i] = make_kgid(&init_user_ns, id->groups[i]);
		if (!gid_valid(gi->gid[i])) {
			put_group_info(gi);
			return ERR_PTR(-EINVAL);
		}
	}
	/* in_group_p() searches the list by bisection. */
	groups_sort(gi);
	return gi;
}

int tsmb_os_cred_create(const struct tsmb_ident *id, struct tsmb_os_cred **out)
{
	struct group_info *gi;
	struct cred *cred;
	kuid_t uid;
	kgid_t gid;

	*out = NULL;
	if (id->ngroups > TSMB_IDENT_GROUPS_MAX)
		return -TSMB_EINVAL;
	/* Host ids: the identity comes from the host's user database. */
	uid = make_kuid(&init_user_ns, id->uid);
	gid = make_kgid(&init_user_ns, id->gid);
	if (!uid_valid(uid) || !gid_valid(gid))
		return -TSMB_EINVAL;
	gi = tsmb_groups(id);
	if (IS_ERR(gi))
		return PTR_ERR(gi);
	/*
	 * From init's credentials, not the current task's: whoever happens
	 * to create the session (tsmbd's netlink thread, a kworker) must not
	 * lend it its keyrings, LSM label or user namespace.
	 */
	cred = prepare_kernel_cred(&init_task);
	if (!cred) {
		put_group_info(gi);
		return -TSMB_ENOMEM;
	}
	cred->uid = uid;
	cred->euid = uid;
	cred->suid = uid;
	cred->fsuid = uid;
	cred->gid = gid;
	cred->egid = gid;
	cred->sgid = gid;
	cred->fsgid = gid;
	set_groups(cred, gi);
	put_group_info(gi);
	/*
	 * A user other than root gets no capability at all, as after
	 * Samba's become_user(): setfsuid()'s dropping of the file system
	 * set (as nfsd and ksmbd do) would leave CAP_SYS_RESOURCE (quota and
	 * reserved blocks) and CAP_SYS_ADMIN (trusted.* xattrs) in force.
	 */
	if (!uid_eq(uid, GLOBAL_ROOT_UID)) {
		cap_clear(cred->cap_effective);
		cap_clear(cred->cap_permitted);
		cap_clear(cred->cap_inheritable);
		cap_clear(cred->cap_ambient);
	}
	*out = tsmb_to_os_cred(cred);
	return 0;
}

void tsmb_os_cred_get(struct tsmb_os_cred *c)
{
	get_cred(tsmb_from_os_cred(c));
}

void tsmb_os_cred_put(struct tsmb_os_cred *c)
{
	if (c)
		put_cred(tsmb_from_os_cred(c));
}

void tsmb_os_cred_enter(struct tsmb_os_cred *c, struct tsmb_os_cred_saved *saved)
{
	saved->uid = from_kuid_munged(&init_user_ns, current_fsuid());
	saved->gid = from_kgid_munged(&init_user_ns, current_fsgid());
	/* override_creds() takes its own reference; revert_creds() drops it. */
	saved->p = (void *)override_creds(tsmb_from_os_cred(c));
}

void tsmb_os_cred_leave(struct tsmb_os_cred_saved *saved)
{
	revert_creds(saved->p);
	saved->p = NULL;
}
