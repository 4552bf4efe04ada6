// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Files beneath a share root, kernel format.
 *
 * A share root is a struct path pinned from tsmbd's process context; every
 * name is walked from it (or from a directory opened beneath it) with
 * vfs_path_lookup() and LOOKUP_BENEATH, which fails with -EXDEV for ".."
 * and symlinks that would leave the starting point (absolute names are
 * refused here, before the walk), and LOOKUP_NO_MAGICLINKS (/proc's links:
 * -ELOOP). No path string is ever joined or resolved against a task's root.
 *
 * Objects are opened with dentry_open() on the very dentry the walk
 * returned, after looking at its type: a device is never open()ed and a
 * FIFO never waited on. dentry_open() makes none of open(2)'s permission
 * checks, so tsmb_open_check() repeats those of may_open(). Creation,
 * removal and rename lock the parent and look the last component up with
 * lookup_one(), as the system calls do, so that the final component is
 * never a symlink followed.
 *
 * Everything runs with the caller's credentials (ident.h): the VFS checks
 * permissions against the session's user, and new files belong to it.
 */
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/falloc.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <linux/uidgid.h>
#include <linux/xattr.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/file.h>

#include "compat.h"
#include "internal.h"

struct tsmb_os_file {
	struct path path;	/* what the handle names; always held */
	struct file *filp;	/* NULL: a handle for attributes and names only */
	bool listable;		/* a directory whose opener may read it */
};

/*
 * Every walk stays beneath its starting point and refuses /proc's magic
 * links (which jump anywhere without being resolved as paths).
 */
#define TSMB_WALK_FLAGS		(LOOKUP_BENEATH | LOOKUP_NO_MAGICLINKS)
#define TSMB_RETRIES		4

static struct user_namespace *tsmb_userns(const struct path *path)
{
	return mnt_user_ns(path->mnt);
}

/* Walks name from the directory at from; "" is from itself. */
static int tsmb_walk(const struct path *from, const char *name, unsigned int flags,
		     struct path *out)
{
	int i, err;

	if (!d_can_lookup(from->dentry))
		return -ENOTDIR;
	/*
	 * vfs_path_lookup() starts an absolute name at from as well (only an
	 * absolute symlink jumps, and fails beneath): refuse it as openat2()
	 * does.
	 */
	if (name[0] == '/')
		return -EXDEV;
	if (!*name) {
		*out = *from;
		path_get(out);
		return 0;
	}
	for (i = 0; i < TSMB_RETRIES; i++) {
		err = vfs_path_lookup(from->dentry, from->mnt, name, flags | TSMB_WALK_FLAGS, out);
		/*
		 * A rename anywhere raced with a ".." step, so the walk could
		 * have slipped out of from: LOOKUP_BENEATH gives up and
		 * leaves the retry to the caller, as openat2() does.
		 */
		if (err != -EAGAIN)
			break;
	}
	return err;
}

/* The directory a name's last component lives in, and that component. */
struct tsmb_last {
	struct path parent;
	const char *name;
	int len;
};

/*
 * A name whose last component names an entry of its own (not "", ".",
 * ".."), checked before any walk so that both formats fail alike. An
 * absolute name is an escape.
 */
static int tsmb_name_check(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *last = slash ? slash + 1 : name;

	if (name[0] == '/')
		return -EXDEV;
	if (!last[0] || !strcmp(last, ".") || !strcmp(last, ".."))
		return -EINVAL;
	return 0;
}

static int tsmb_walk_parent(struct tsmb_os_file *dir, const char *name, struct tsmb_last *last)
{
	const char *slash = strrchr(name, '/');
	char *head;
	size_t len;
	int err;

	err = tsmb_name_check(name);
	if (err)
		return err;
	if (!slash) {
		err = tsmb_walk(&dir->path, "", 0, &last->parent);
		last->name = name;
	} else {
		head = kstrndup(name, slash - name, GFP_KERNEL);
		if (!head)
			return -ENOMEM;
		err = tsmb_walk(&dir->path, head, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &last->parent);
		kfree(head);
		last->name = slash + 1;
	}
	if (err)
		return err;
	len = strlen(last->name);
	if (len > NAME_MAX) {
		path_put(&last->parent);
		return -ENAMETOOLONG;
	}
	last->len = len;
	return 0;
}

/* The parent must be locked. */
static struct dentry *tsmb_lookup_last(const struct tsmb_last *last)
{
	return lookup_one(tsmb_userns(&last->parent), last->name, last->parent.dentry, last->len);
}

/* --- attributes --------------------------------------------------------- */

static int64_t tsmb_ts_ns(const struct timespec64 *ts)
{
	/* Clamped outside 1677..2262, but never to TSMB_TIME_OMIT. */
	int64_t ns = timespec64_to_ns(ts);

	return ns == TSMB_TIME_OMIT ? ns - 1 : ns;
}

static void tsmb_fill_stat(const struct kstat *ks, struct tsmb_os_stat *st)
{
	/* st_dev as stat(2) gives it, so that logs match what admins see. */
	st->dev = new_encode_dev(ks->dev);
	st->ino = ks->ino;
	st->size = ks->size;
	st->alloc = ks->blocks << 9;
	st->mode = ks->mode;
	st->nlink = ks->nlink;
	st->uid = from_kuid_munged(&init_user_ns, ks->uid);
	st->gid = from_kgid_munged(&init_user_ns, ks->gid);
	st->atime = tsmb_ts_ns(&ks->atime);
	st->mtime = tsmb_ts_ns(&ks->mtime);
	st->ctime = tsmb_ts_ns(&ks->ctime);
	st->btime = (ks->result_mask & STATX_BTIME) ? tsmb_ts_ns(&ks->btime) : st->ctime;
	st->blksize = ks->blksize;
}

static int tsmb_getattr(const struct path *path, struct tsmb_os_stat *st)
{
	struct kstat ks;
	int err;

	err = vfs_getattr(path, &ks, STATX_BASIC_STATS | STATX_BTIME, AT_STATX_SYNC_AS_STAT);
	if (err)
		return tsmb_linux_err(err);
	tsmb_fill_stat(&ks, st);
	return 0;
}

int tsmb_os_file_stat(struct tsmb_os_file *f, struct tsmb_os_stat *st)
{
	return tsmb_getattr(&f->path, st);
}

int tsmb_os_file_stat_at(struct tsmb_os_file *dir, const char *name, struct tsmb_os_stat *st)
{
	struct path path;
	int err;

	err = tsmb_walk(&dir->path, name, 0, &path);
	if (err)
		return tsmb_linux_err(err);
	err = tsmb_getattr(&path, st);
	path_put(&path);
	return err;
}

int tsmb_os_file_statfs(struct tsmb_os_file *f, struct tsmb_os_statfs *st)
{
	struct kstatfs ks;
	int err;

	err = vfs_statfs(&f->path, &ks);
	if (err)
		return tsmb_linux_err(err);
	st->blocks = ks.f_blocks;
	st->bfree = ks.f_bfree;
	st->bavail = ks.f_bavail;
	/* The unit of the counts; vfs_statfs() fills it from f_bsize if the fs did not. */
	st->bsize = ks.f_frsize;
	st->name_max = ks.f_namelen;
	st->fsid = (uint64_t)(uint32_t)ks.f_fsid.val[0] |
		   (uint64_t)(uint32_t)ks.f_fsid.val[1] << 32;
	st->magic = ks.f_type;
	return 0;
}

/*
 * notify_change() as the system calls use it: inode locked, the mount
 * held writable, an NFS delegation broken and waited for. ia is copied
 * per attempt because notify_change() rewrites it.
 */
static int tsmb_setattr(const struct path *path, const struct iattr *ia)
{
	struct inode *inode = d_inode(path->dentry);
	struct inode *delegated = NULL;
	struct iattr attr;
	int err;

	err = mnt_want_write(path->mnt);
	if (err)
		return err;
	do {
		attr = *ia;
		inode_lock(inode);
		err = notify_change(tsmb_userns(path), path->dentry, &attr, &delegated);
		inode_unlock(inode);
		if (delegated) {
			err = break_deleg_wait(&delegated);
			if (!err)
				continue;
		}
		break;
	} while (1);
	mnt_drop_write(path->mnt);
	return err;
}

int tsmb_os_file_set_times(struct tsmb_os_file *f, int64_t atime, int64_t mtime)
{
	struct iattr ia = { .ia_valid = ATTR_CTIME };

	if (atime != TSMB_TIME_OMIT) {
		ia.ia_valid |= ATTR_ATIME | ATTR_ATIME_SET;
		ia.ia_atime = ns_to_timespec64(atime);
	}
	if (mtime != TSMB_TIME_OMIT) {
		ia.ia_valid |= ATTR_MTIME | ATTR_MTIME_SET;
		ia.ia_mtime = ns_to_timespec64(mtime);
	}
	/* utimensat() with both omitted: nothing, not even ctime. */
	if (ia.ia_valid == ATTR_CTIME)
		return 0;
	return tsmb_linux_err(tsmb_setattr(&f->path, &ia));
}

int tsmb_os_file_chmod(struct tsmb_os_file *f, uint32_t mode)
{
	struct inode *inode = d_inode(f->path.dentry);
	struct iattr ia = { .ia_valid = ATTR_MODE | ATTR_CTIME };

	/* The type bits never change under a held dentry: no lock needed to read them. */
	ia.ia_mode = (mode & S_IALLUGO) | (inode->i_mode & ~S_IALLUGO);
	return tsmb_linux_err(tsmb_setattr(&f->path, &ia));
}

/* --- open and create ------------------------------------------------------ */

/*
 * open(2)'s may_open() for what dentry_open() is about to open: type first
 * (a symlink is never followed, a device or FIFO never opened for I/O),
 * then permissions. The creator of a file may use it whatever its mode,
 * as with open(O_CREAT).
 */
static int tsmb_open_check(const struct path *path, unsigned int flags, bool made)
{
	struct inode *inode = d_inode(path->dentry);
	umode_t mode = inode->i_mode;
	int acc = 0, err;

	if (S_ISLNK(mode))
		return -ELOOP;
	if (S_ISDIR(mode)) {
		if (flags & (TSMB_O_NOTDIR | TSMB_O_WRITE | TSMB_O_TRUNC))
			return -EISDIR;
	} else {
		if (flags & (TSMB_O_DIRECTORY | TSMB_O_MKDIR))
			return -ENOTDIR;
		/* Devices, FIFOs, sockets: seen by stat and unlink, never opened. */
		if (!S_ISREG(mode))
			return -EACCES;
	}
	if (made)
		return 0;
	if (flags & TSMB_O_READ)
		acc |= MAY_READ;
	if (flags & (TSMB_O_WRITE | TSMB_O_TRUNC))
		acc |= MAY_WRITE;
	if (!acc)
		return 0;
	err = inode_permission(tsmb_userns(path), inode, MAY_OPEN | acc);
	if (err)
		return err;
	/* Positional writes would defeat an append-only file. */
	if ((acc & MAY_WRITE) && IS_APPEND(inode))
		return -EPERM;
	return 0;
}

/*
 * ftruncate(2) on the handle: do_truncate() is not exported, and
 * vfs_truncate() would check write permission again, where a handle that
 * was opened for writing may set its size whatever the mode says now.
 */
static int tsmb_ftruncate(struct file *filp, loff_t size)
{
	struct dentry *dentry = filp->f_path.dentry;
	struct inode *inode = d_inode(dentry);
	struct iattr ia = {
		.ia_valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME | ATTR_FILE | ATTR_KILL_PRIV,
		.ia_size = size,
		.ia_file = filp,
	};
	int kill, err;

	if (IS_APPEND(inode))
		return -EPERM;
	sb_start_write(inode->i_sb);
	inode_lock(inode);
	/* A truncation by someone else drops set-id bits, as a write does. */
	kill = setattr_should_drop_suidgid(file_mnt_user_ns(filp), inode);
	if (kill)
		ia.ia_valid |= kill | ATTR_FORCE;
	err = notify_change(file_mnt_user_ns(filp), dentry, &ia, NULL);
	inode_unlock(inode);
	sb_end_write(inode->i_sb);
	return err;
}

static int tsmb_open_flags(unsigned int flags)
{
	int oflags = O_LARGEFILE;

	if ((flags & TSMB_O_READ) && (flags & TSMB_O_WRITE))
		oflags |= O_RDWR;
	else if (flags & TSMB_O_WRITE)
		oflags |= O_WRONLY;
	else
		oflags |= O_RDONLY;
	if (flags & TSMB_O_SYNC)
		oflags |= O_DSYNC;
	return oflags;
}

/*
 * A directory is always opened for reading so that it can be listed; it
 * may be listed only if its opener could read it, as open(O_RDONLY) would
 * have checked.
 */
static int tsmb_open_dir(struct tsmb_os_file *f, unsigned int flags)
{
	struct file *filp;

	filp = dentry_open(&f->path, O_RDONLY | O_DIRECTORY | O_LARGEFILE, current_cred());
	if (IS_ERR(filp)) {
		/* An LSM may refuse reading where the names still may be used. */
		if (flags & TSMB_O_READ)
			return PTR_ERR(filp);
		return 0;
	}
	f->filp = filp;
	f->listable = (flags & TSMB_O_READ) ||
		      !inode_permission(tsmb_userns(&f->path), d_inode(f->path.dentry), MAY_READ);
	return 0;
}

static int tsmb_open_path(const struct path *path, unsigned int flags, bool made,
			  struct tsmb_os_file **out)
{
	struct inode *inode = d_inode(path->dentry);
	struct tsmb_os_file *f;
	struct file *filp;
	int err;

	err = tsmb_open_check(path, flags, made);
	if (err)
		return err;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->path = *path;
	path_get(&f->path);
	if (S_ISDIR(inode->i_mode)) {
		err = tsmb_open_dir(f, flags);
	} else if (flags & (TSMB_O_READ | TSMB_O_WRITE)) {
		filp = dentry_open(path, tsmb_open_flags(flags), current_cred());
		if (IS_ERR(filp))
			err = PTR_ERR(filp);
		else
			f->filp = filp;
	}
	/* open(O_TRUNC) leaves a file it has just created alone. */
	if (!err && (flags & TSMB_O_TRUNC) && !made) {
		if (f->filp && (f->filp->f_mode & FMODE_WRITE))
			err = tsmb_ftruncate(f->filp, 0);
		else
			err = vfs_truncate(&f->path, 0);
	}
	if (err) {
		tsmb_os_file_close(f);
		return err;
	}
	*out = f;
	return 0;
}

/*
 * The mode as given: vfs_create() and vfs_mkdir() take the current task's
 * umask off it (a kworker's is init_fs's 022, nobody's choice) and a
 * default ACL may narrow it. The set-id and sticky bits the kernel chose
 * (a directory inheriting set-group-ID) stay. The posix format does the
 * same.
 */
static int tsmb_fix_mode(const struct path *path, uint32_t mode)
{
	struct inode *inode = d_inode(path->dentry);
	umode_t want = (inode->i_mode & 07000) | (mode & 07777);
	struct iattr ia = { .ia_valid = ATTR_MODE | ATTR_CTIME };
	int err;

	if ((inode->i_mode & 07777) == want)
		return 0;
	ia.ia_mode = (inode->i_mode & S_IFMT) | want;
	inode_lock(inode);
	/* Brand new: nobody holds a delegation on it yet. */
	err = notify_change(tsmb_userns(path), path->dentry, &ia, NULL);
	inode_unlock(inode);
	return err;
}

/* Creates the last component, a negative dentry under its locked parent. */
static int tsmb_create_locked(const struct tsmb_last *last, struct dentry *dentry,
			      unsigned int flags, uint32_t mode)
{
	struct inode *dir = d_inode(last->parent.dentry);
	struct user_namespace *ns = tsmb_userns(&last->parent);

	if (flags & TSMB_O_MKDIR)
		return vfs_mkdir(ns, dir, dentry, mode & 07777);
	/* A directory was asked for, but not to be made. */
	if (flags & TSMB_O_DIRECTORY)
		return -EINVAL;
	return vfs_create(ns, dir, dentry, mode & 07777, true);
}

/*
 * The creating half of open(O_CREAT). On success out holds what the name
 * leads to, *made saying whether this call created it, or out->dentry is
 * NULL: the name leads across a mount (or an automount point) and the
 * caller walks to it like any existing name.
 */
static int tsmb_create(struct tsmb_os_file *dir, const char *name, unsigned int flags,
		       uint32_t mode, struct path *out, bool *made)
{
	struct tsmb_last last;
	struct dentry *dentry;
	struct inode *pdir;
	int err, write_err;

	*made = false;
	out->dentry = NULL;
	err = tsmb_walk_parent(dir, name, &last);
	if (err)
		return err;
	/*
	 * A read-only mount refuses only an actual creation: opening what
	 * exists there must still work (as in open_last_lookups()).
	 */
	write_err = mnt_want_write(last.parent.mnt);
	pdir = d_inode(last.parent.dentry);
	inode_lock_nested(pdir, I_MUTEX_PARENT);
	dentry = tsmb_lookup_last(&last);
	if (IS_ERR(dentry)) {
		err = PTR_ERR(dentry);
		goto unlock;
	}
	if (d_is_positive(dentry)) {
		err = (flags & TSMB_O_EXCL) ? -EEXIST : 0;
		/* What a walk that does not follow the last link would find. */
		if (!err && !d_managed(dentry)) {
			out->mnt = mntget(last.parent.mnt);
			out->dentry = dget(dentry);
		}
	} else if (write_err) {
		err = write_err;
	} else {
		err = tsmb_create_locked(&last, dentry, flags, mode);
		/* Some file systems leave the dentry negative and hash another one. */
		if (!err && unlikely(d_is_negative(dentry) || d_unhashed(dentry))) {
			dput(dentry);
			dentry = tsmb_lookup_last(&last);
			if (IS_ERR(dentry))
				err = PTR_ERR(dentry);
			else if (d_is_negative(dentry))
				err = -ENOENT;
		}
		if (!err) {
			out->mnt = mntget(last.parent.mnt);
			out->dentry = dget(dentry);
			*made = true;
		}
	}
	if (!IS_ERR(dentry))
		dput(dentry);
unlock:
	inode_unlock(pdir);
	/* A failure after creating leaves the new object: the caller sees the error. */
	if (*made) {
		err = tsmb_fix_mode(out, mode);
		if (err) {
			path_put(out);
			*made = false;
		}
	}
	if (!write_err)
		mnt_drop_write(last.parent.mnt);
	path_put(&last.parent);
	return err;
}

/* What name leads to, created first if asked and absent. */
static int tsmb_find(struct tsmb_os_file *dir, const char *name, unsigned int flags,
		     uint32_t mode, struct path *path, bool *made)
{
	int tries, err;

	*made = false;
	if (!*name) {
		if ((flags & TSMB_O_CREATE) && (flags & TSMB_O_EXCL))
			return -EEXIST;
		return tsmb_walk(&dir->path, "", 0, path);
	}
	err = tsmb_name_check(name);
	if (err)
		return err;
	for (tries = 0;; tries++) {
		if (flags & TSMB_O_CREATE) {
			err = tsmb_create(dir, name, flags, mode, path, made);
			if (err || path->dentry)
				return err;
		}
		err = tsmb_walk(&dir->path, name, 0, path);
		/* Removed between the creation attempt and the walk: create it after all. */
		if (err != -ENOENT || !(flags & TSMB_O_CREATE) || tries == TSMB_RETRIES)
			return err;
	}
}

int tsmb_os_file_open(struct tsmb_os_file *dir, const char *name, unsigned int flags,
		      uint32_t mode, struct tsmb_os_file **out, struct tsmb_os_stat *st,
		      bool *created)
{
	struct path path;
	bool made;
	int err;

	*out = NULL;
	if (created)
		*created = false;
	err = tsmb_find(dir, name, flags, mode, &path, &made);
	if (err)
		return tsmb_linux_err(err);
	err = tsmb_open_path(&path, flags, made, out);
	path_put(&path);
	if (!err && st) {
		err = tsmb_os_file_stat(*out, st);
		if (err) {
			tsmb_os_file_close(*out);
			*out = NULL;
		}
	}
	if (err)
		return tsmb_linux_err(err);
	if (created)
		*created = made;
	return 0;
}

int tsmb_os_root_open(const char *abs_path, struct tsmb_os_file **out)
{
	struct tsmb_os_file *f;
	struct file *filp;
	struct path path;
	int err;

	*out = NULL;
	/* Relative to what? A kworker's cwd is nobody's choice. */
	if (abs_path[0] != '/')
		return -TSMB_EINVAL;
	err = kern_path(abs_path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path);
	if (err)
		return tsmb_linux_err(err);
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f) {
		path_put(&path);
		return -TSMB_ENOMEM;
	}
	f->path = path;
	filp = dentry_open(&path, O_RDONLY | O_DIRECTORY | O_LARGEFILE, current_cred());
	if (IS_ERR(filp)) {
		tsmb_os_file_close(f);
		return tsmb_linux_err(PTR_ERR(filp));
	}
	f->filp = filp;
	/* Opened by the host's administrator, as tsmbd opens it in user format. */
	f->listable = true;
	*out = f;
	return 0;
}

void tsmb_os_file_close(struct tsmb_os_file *f)
{
	if (!f)
		return;
	if (f->filp)
		fput(f->filp);
	path_put(&f->path);
	kfree(f);
}

/* --- data ------------------------------------------------------------------ */

/* The open file for data access needing fmode; as the posix format answers. */
static int tsmb_data(struct tsmb_os_file *f, fmode_t fmode)
{
	if (d_is_dir(f->path.dentry))
		return -TSMB_EISDIR;
	if (!f->filp || !(f->filp->f_mode & fmode))
		return -TSMB_EBADF;
	return 0;
}

int tsmb_os_file_pread(struct tsmb_os_file *f, void *buf, size_t len, uint64_t off,
		       size_t *done)
{
	loff_t pos = off;
	ssize_t n;
	int err;

	*done = 0;
	err = tsmb_data(f, FMODE_READ);
	if (err)
		return err;
	if (off > LLONG_MAX || len > LLONG_MAX - off)
		return -TSMB_EINVAL;
	while (*done < len) {
		n = kernel_read(f->filp, (char *)buf + *done,
				min_t(size_t, len - *done, MAX_RW_COUNT), &pos);
		if (n < 0)
			return tsmb_linux_err(n);
		if (!n)
			break;
		*done += n;
	}
	return 0;
}

int tsmb_os_file_pwrite(struct tsmb_os_file *f, const void *buf, size_t len, uint64_t off,
			size_t *done)
{
	loff_t pos = off;
	ssize_t n;
	int err;

	*done = 0;
	err = tsmb_data(f, FMODE_WRITE);
	if (err)
		return err;
	if (off > LLONG_MAX || len > LLONG_MAX - off)
		return -TSMB_EFBIG;
	while (*done < len) {
		n = kernel_write(f->filp, (const char *)buf + *done,
				 min_t(size_t, len - *done, MAX_RW_COUNT), &pos);
		if (n < 0)
			return tsmb_linux_err(n);
		/* No progress and no error would loop forever. */
		if (!n)
			return -TSMB_EIO;
		*done += n;
	}
	return 0;
}

int tsmb_os_file_fsync(struct tsmb_os_file *f)
{
	struct file *filp = f->filp;
	int err;

	/*
	 * A handle without data access has no open file: open one for the
	 * call (no permission needed to make a file durable).
	 */
	if (!filp) {
		filp = dentry_open(&f->path, O_RDONLY | O_LARGEFILE, current_cred());
		if (IS_ERR(filp))
			return tsmb_linux_err(PTR_ERR(filp));
	}
	err = vfs_fsync(filp, 0);
	if (filp != f->filp)
		fput(filp);
	return tsmb_linux_err(err);
}

int tsmb_os_file_truncate(struct tsmb_os_file *f, uint64_t size)
{
	int err = tsmb_data(f, FMODE_WRITE);

	if (err)
		return err;
	if (size > LLONG_MAX)
		return -TSMB_EFBIG;
	return tsmb_linux_err(tsmb_ftruncate(f->filp, size));
}

int tsmb_os_file_allocate(struct tsmb_os_file *f, uint64_t size)
{
	int err = tsmb_data(f, FMODE_WRITE);

	if (err)
		return err;
	if (size > LLONG_MAX)
		return -TSMB_EFBIG;
	/* fallocate(2) refuses a zero length; reserving nothing is done. */
	if (!size)
		return 0;
	return tsmb_linux_err(vfs_fallocate(f->filp, FALLOC_FL_KEEP_SIZE, 0, size));
}

/* --- extended attributes ------------------------------------------------- */

/* The contract's names live in "user."; out holds XATTR_NAME_MAX + 1 bytes. */
static int tsmb_xattr_name(char *out, const char *name)
{
	size_t len = strlen(name);

	/* "user." alone names nothing. */
	if (!len)
		return -EINVAL;
	if (len > XATTR_NAME_MAX - XATTR_USER_PREFIX_LEN)
		return -ERANGE;
	memcpy(out, XATTR_USER_PREFIX, XATTR_USER_PREFIX_LEN);
	memcpy(out + XATTR_USER_PREFIX_LEN, name, len + 1);
	return 0;
}

int tsmb_os_file_getxattr(struct tsmb_os_file *f, const char *name, void *buf, size_t cap,
			  size_t *len)
{
	struct user_namespace *ns = tsmb_userns(&f->path);
	char xname[XATTR_NAME_MAX + 1];
	ssize_t n;
	int err;

	*len = 0;
	err = tsmb_xattr_name(xname, name);
	if (err)
		return tsmb_linux_err(err);
	n = vfs_getxattr(ns, f->path.dentry, xname, buf, cap);
	/* A zero cap asks vfs_getxattr() for the size, not for the value. */
	if (n == -ERANGE || (!cap && n > 0)) {
		n = vfs_getxattr(ns, f->path.dentry, xname, NULL, 0);
		if (n >= 0)
			*len = n;
		return -TSMB_ERANGE;
	}
	if (n < 0)
		return tsmb_linux_err(n);
	*len = n;
	return 0;
}

int tsmb_os_file_setxattr(struct tsmb_os_file *f, const char *name, const void *val,
			  size_t len)
{
	char xname[XATTR_NAME_MAX + 1];
	int err;

	err = tsmb_xattr_name(xname, name);
	if (err)
		return tsmb_linux_err(err);
	/* setxattr(2)'s limit; the VFS below it has none. */
	if (len > XATTR_SIZE_MAX)
		return -TSMB_E2BIG;
	err = mnt_want_write(f->path.mnt);
	if (err)
		return tsmb_linux_err(err);
	err = vfs_setxattr(tsmb_userns(&f->path), f->path.dentry, xname, val, len, 0);
	mnt_drop_write(f->path.mnt);
	return tsmb_linux_err(err);
}

int tsmb_os_file_removexattr(struct tsmb_os_file *f, const char *name)
{
	char xname[XATTR_NAME_MAX + 1];
	int err;

	err = tsmb_xattr_name(xname, name);
	if (err)
		return tsmb_linux_err(err);
	err = mnt_want_write(f->path.mnt);
	if (err)
		return tsmb_linux_err(err);
	err = vfs_removexattr(tsmb_userns(&f->path), f->path.dentry, xname);
	mnt_drop_write(f->path.mnt);
	return tsmb_linux_err(err);
}

/* Copies the "user." names of the list all[0..n) into buf, without the prefix. */
static size_t tsmb_xattr_filter(const char *all, size_t n, char *buf, size_t cap)
{
	size_t i, l, total = 0;

	for (i = 0; i < n; i += l + 1) {
		l = strnlen(all + i, n - i);
		if (l <= XATTR_USER_PREFIX_LEN ||
		    memcmp(all + i, XATTR_USER_PREFIX, XATTR_USER_PREFIX_LEN))
			continue;
		l -= XATTR_USER_PREFIX_LEN;
		if (total + l + 1 <= cap) {
			memcpy(buf + total, all + i + XATTR_USER_PREFIX_LEN, l);
			buf[total + l] = '\0';
		}
		total += l + 1;
		l += XATTR_USER_PREFIX_LEN;
	}
	return total;
}

int tsmb_os_file_listxattr(struct tsmb_os_file *f, char *buf, size_t cap, size_t *len)
{
	ssize_t n = 0, got = -ERANGE;
	char *all = NULL;
	int i;

	*len = 0;
	/* The list can grow between asking its size and reading it. */
	for (i = 0; i < TSMB_RETRIES && got == -ERANGE; i++) {
		kvfree(all);
		all = NULL;
		n = vfs_listxattr(f->path.dentry, NULL, 0);
		if (n <= 0)
			return tsmb_linux_err(n);
		all = kvmalloc(n, GFP_KERNEL);
		if (!all)
			return -TSMB_ENOMEM;
		got = vfs_listxattr(f->path.dentry, all, n);
	}
	if (got >= 0)
		*len = tsmb_xattr_filter(all, got, buf, cap);
	kvfree(all);
	if (got < 0)
		return tsmb_linux_err(got);
	return *len > cap ? -TSMB_ERANGE : 0;
}

/* --- names ----------------------------------------------------------------- */

static int tsmb_remove(struct tsmb_os_file *dir, const char *name, bool isdir)
{
	struct inode *pdir, *inode, *delegated = NULL;
	struct user_namespace *ns;
	struct tsmb_last last;
	struct dentry *dentry;
	int err;

	err = tsmb_walk_parent(dir, name, &last);
	if (err)
		return err;
	err = mnt_want_write(last.parent.mnt);
	if (err)
		goto out;
	ns = tsmb_userns(&last.parent);
	pdir = d_inode(last.parent.dentry);
retry:
	inode = NULL;
	inode_lock_nested(pdir, I_MUTEX_PARENT);
	dentry = tsmb_lookup_last(&last);
	if (IS_ERR(dentry)) {
		err = PTR_ERR(dentry);
	} else {
		if (d_is_negative(dentry)) {
			err = -ENOENT;
		} else if (isdir) {
			err = vfs_rmdir(ns, pdir, dentry);
		} else {
			/* The last iput, which may free the blocks, outside the parent's lock. */
			inode = d_inode(dentry);
			ihold(inode);
			err = vfs_unlink(ns, pdir, dentry, &delegated);
		}
		dput(dentry);
	}
	inode_unlock(pdir);
	if (inode)
		iput(inode);
	if (delegated) {
		err = break_deleg_wait(&delegated);
		if (!err)
			goto retry;
	}
	mnt_drop_write(last.parent.mnt);
out:
	path_put(&last.parent);
	return err;
}

int tsmb_os_file_unlink(struct tsmb_os_file *dir, const char *name)
{
	return tsmb_linux_err(tsmb_remove(dir, name, false));
}

int tsmb_os_file_rmdir(struct tsmb_os_file *dir, const char *name)
{
	return tsmb_linux_err(tsmb_remove(dir, name, true));
}

/* Both parents locked with lock_rename(); trap is what it returned. */
static int tsmb_rename_locked(struct tsmb_last *from, struct tsmb_last *to, struct dentry *trap,
			      unsigned int flags, struct inode **delegated)
{
	struct renamedata rd = {};
	struct dentry *old, *new;
	int err;

	old = tsmb_lookup_last(from);
	if (IS_ERR(old))
		return PTR_ERR(old);
	err = -ENOENT;
	if (d_is_negative(old))
		goto put_old;
	/* The source is an ancestor of the target's directory. */
	err = -EINVAL;
	if (old == trap)
		goto put_old;
	new = tsmb_lookup_last(to);
	err = PTR_ERR(new);
	if (IS_ERR(new))
		goto put_old;
	err = -EEXIST;
	if ((flags & RENAME_NOREPLACE) && d_is_positive(new))
		goto put_new;
	/* The target is an ancestor of the source. */
	err = -ENOTEMPTY;
	if (new == trap)
		goto put_new;
	rd.old_mnt_userns = tsmb_userns(&from->parent);
	rd.old_dir = d_inode(from->parent.dentry);
	rd.old_dentry = old;
	rd.new_mnt_userns = tsmb_userns(&to->parent);
	rd.new_dir = d_inode(to->parent.dentry);
	rd.new_dentry = new;
	rd.delegated_inode = delegated;
	rd.flags = flags;
	err = vfs_rename(&rd);
put_new:
	dput(new);
put_old:
	dput(old);
	return err;
}

static int tsmb_rename(struct tsmb_os_file *old_dir, const char *old_name,
		       struct tsmb_os_file *new_dir, const char *new_name, unsigned int flags)
{
	struct tsmb_last from, to;
	struct inode *delegated = NULL;
	struct dentry *trap;
	int err;

	err = tsmb_walk_parent(old_dir, old_name, &from);
	if (err)
		return err;
	err = tsmb_walk_parent(new_dir, new_name, &to);
	if (err)
		goto put_from;
	/* A share spanning mounts still cannot move a name between them. */
	err = -EXDEV;
	if (from.parent.mnt != to.parent.mnt)
		goto put_to;
	err = mnt_want_write(from.parent.mnt);
	if (err)
		goto put_to;
	do {
		trap = lock_rename(to.parent.dentry, from.parent.dentry);
		err = tsmb_rename_locked(&from, &to, trap, flags, &delegated);
		unlock_rename(to.parent.dentry, from.parent.dentry);
		if (delegated) {
			err = break_deleg_wait(&delegated);
			if (!err)
				continue;
		}
		break;
	} while (1);
	mnt_drop_write(from.parent.mnt);
put_to:
	path_put(&to.parent);
put_from:
	path_put(&from.parent);
	return err;
}

int tsmb_os_file_rename(struct tsmb_os_file *old_dir, const char *old_name,
			struct tsmb_os_file *new_dir, const char *new_name, unsigned int flags)
{
	if (flags & ~TSMB_RENAME_NOREPLACE)
		return -TSMB_EINVAL;
	return tsmb_linux_err(tsmb_rename(old_dir, old_name, new_dir, new_name,
					  (flags & TSMB_RENAME_NOREPLACE) ? RENAME_NOREPLACE : 0));
}

/* --- directory listing ------------------------------------------------------ */

/*
 * Entries are gathered into a batch first and handed to fn only after
 * iterate_dir() has returned, as getdents(2) hands them to the posix
 * format: the file system emits them under the directory's i_rwsem, and a
 * fn that looked a name up in that directory (to stat each entry, as a
 * directory query does) would take it again and deadlock behind any
 * waiting writer.
 */
#define TSMB_DIR_BATCH		(16u << 10)

struct tsmb_dirent {
	u64 ino;
	loff_t pos;		/* where the entry is: seeking here lists it again */
	u32 type;
	u16 len;
	char name[];
};

struct tsmb_dir_batch {
	struct dir_context ctx;
	char *buf;
	size_t used;
};

static bool tsmb_dir_actor(struct dir_context *ctx, const char *name, int len, loff_t pos,
			   u64 ino, unsigned int d_type)
{
	struct tsmb_dir_batch *b = container_of(ctx, struct tsmb_dir_batch, ctx);
	size_t size = ALIGN(offsetof(struct tsmb_dirent, name) + len + 1, sizeof(u64));
	struct tsmb_dirent *e;

	/* Full: refusing leaves the file system's position on this entry. */
	if (len > U16_MAX || b->used + size > TSMB_DIR_BATCH)
		return false;
	e = (struct tsmb_dirent *)(b->buf + b->used);
	e->ino = ino;
	e->pos = pos;
	/* DT_* is the S_IF* type shifted down (fs_umode_to_dtype()). */
	e->type = d_type == DT_UNKNOWN ? 0 : (u32)d_type << 12;
	e->len = len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	b->used += size;
	return true;
}

/* Hands a batch to fn; fn's non-zero answer, with *pos on the entry it refused. */
static int tsmb_dir_deliver(const struct tsmb_dir_batch *b, uint64_t *pos, tsmb_os_dir_fn fn,
			    void *ctx)
{
	const struct tsmb_dirent *e;
	size_t off;
	int r;

	for (off = 0; off < b->used;
	     off += ALIGN(offsetof(struct tsmb_dirent, name) + e->len + 1, sizeof(u64))) {
		e = (const struct tsmb_dirent *)(b->buf + off);
		r = fn(ctx, e->name, e->len, e->ino, e->type);
		if (r) {
			*pos = e->pos;
			return r;
		}
	}
	return 0;
}

int tsmb_os_dir_iterate(struct tsmb_os_file *dir, uint64_t *pos, tsmb_os_dir_fn fn, void *ctx)
{
	struct tsmb_dir_batch b = { .ctx.actor = tsmb_dir_actor };
	struct file *filp = dir->filp;
	loff_t moved;
	int err = 0, r = 0;

	if (!filp || !d_can_lookup(dir->path.dentry))
		return -TSMB_ENOTDIR;
	if (!dir->listable)
		return -TSMB_EACCES;
	if (*pos > LLONG_MAX)
		return -TSMB_EINVAL;
	b.buf = kvmalloc(TSMB_DIR_BATCH, GFP_KERNEL);
	if (!b.buf)
		return -TSMB_ENOMEM;
	while (!r) {
		/*
		 * Only a different position is sought: the file system
		 * keeps its place in the open directory (libfs's cursor,
		 * ext4's hash tree state), which a seek would throw away.
		 */
		if (filp->f_pos != (loff_t)*pos) {
			moved = vfs_llseek(filp, *pos, SEEK_SET);
			if (moved < 0) {
				err = moved;
				break;
			}
		}
		b.used = 0;
		err = iterate_dir(filp, &b.ctx);
		/* A pass that gives nothing is the end, as for getdents(2). */
		if (err || !b.used)
			break;
		*pos = filp->f_pos;
		r = tsmb_dir_deliver(&b, pos, fn, ctx);
	}
	kvfree(b.buf);
	if (err)
		return tsmb_linux_err(err);
	return r;
}
