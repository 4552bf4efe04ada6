// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel format's host side of the file and identity checks
 * (contract_host.h): the VFS calls that mknod(2), symlink(2) and open(2)
 * make, on a path joined under the scratch directory, and the calling
 * task's subjective credentials. Test glue only: the module's own file
 * code never joins paths.
 */
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/uidgid.h>

#include <tsmb/os/errno.h>

#include "contract_host.h"

static char *tsmb_ctk_join(const char *scratch, const char *path)
{
	return kasprintf(GFP_KERNEL, "%s/%s", scratch, path);
}

/* Makes path (a symlink to target, or a node of mode and dev), as the system calls do. */
static int tsmb_ctk_make(const char *scratch, const char *path, const char *target,
			 umode_t mode, dev_t dev)
{
	struct user_namespace *ns;
	struct dentry *dentry;
	struct path parent;
	struct inode *dir;
	char *p;
	int err;

	p = tsmb_ctk_join(scratch, path);
	if (!p)
		return -TSMB_ENOMEM;
	dentry = kern_path_create(AT_FDCWD, p, &parent, 0);
	kfree(p);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	ns = mnt_user_ns(parent.mnt);
	dir = d_inode(parent.dentry);
	if (target)
		err = vfs_symlink(ns, dir, dentry, target);
	else
		err = vfs_mknod(ns, dir, dentry, mode, dev);
	done_path_create(&parent, dentry);
	return err;
}

int tsmb_ct_host_symlink(const char *scratch, const char *path, const char *target)
{
	return tsmb_ctk_make(scratch, path, target, 0, 0);
}

int tsmb_ct_host_mkfifo(const char *scratch, const char *path)
{
	return tsmb_ctk_make(scratch, path, NULL, S_IFIFO | 0666, 0);
}

int tsmb_ct_host_mknod(const char *scratch, const char *path)
{
	return tsmb_ctk_make(scratch, path, NULL, S_IFCHR | 0666, MKDEV(1, 3));
}

void tsmb_ct_host_fifo_kick(const char *scratch, const char *path)
{
	struct file *filp;
	char *p;

	p = tsmb_ctk_join(scratch, path);
	if (!p)
		return;
	filp = filp_open(p, O_RDWR | O_NONBLOCK, 0);
	kfree(p);
	if (!IS_ERR(filp))
		filp_close(filp, NULL);
}

int tsmb_ct_host_fsid(struct tsmb_ident *id)
{
	const struct cred *cred = current_cred();
	const struct group_info *gi = cred->group_info;
	int i;

	id->uid = from_kuid_munged(&init_user_ns, cred->fsuid);
	id->gid = from_kgid_munged(&init_user_ns, cred->fsgid);
	if (gi->ngroups > TSMB_IDENT_GROUPS_MAX)
		return -TSMB_ERANGE;
	id->ngroups = gi->ngroups;
	for (i = 0; i < gi->ngroups; i++)
		id->groups[i] = from_kgid_munged(&init_user_ns, gi->gid[i]);
	return 0;
}
