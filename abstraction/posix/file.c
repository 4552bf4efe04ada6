// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Files beneath a share root, over openat2(2).
 *
 * Every name goes to the kernel relative to a directory fd with
 * RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS; nothing here joins strings into
 * paths. Opening takes steps so that nothing but a verified regular file
 * or directory is ever opened for I/O, and no open can block on a FIFO or
 * run a device driver's open:
 *  1. the parent is resolved beneath dir (O_PATH | O_DIRECTORY);
 *  2. the last component is looked at with O_PATH | O_NOFOLLOW, which
 *     neither follows a symlink nor calls the object's open, and fstat'd;
 *  3. a regular file that is to be read or written is opened again by the
 *     same parent and name with O_NONBLOCK | O_NOFOLLOW (a FIFO swapped in
 *     meanwhile cannot block) and must be the same inode as in step 2; a
 *     directory is opened again through "." of its O_PATH fd, which cannot
 *     be anything but itself.
 * Creation never opens an existing object with O_CREAT: a name that is
 * absent is created with O_EXCL (or mkdirat), one that exists goes
 * through the steps above, and a race between the two is retried.
 *
 * Handles without data access to a regular file keep their O_PATH fd
 * (opening it needs no permission on the file, and has no side effect on
 * leases or fanotify listeners) plus the parent and the name. The kernel
 * refuses O_PATH fds to the calls that need an open file (fchmod, the f*xattr
 * calls, fsync); for those this layer opens the file again read-only by
 * parent and name, verified by inode, and closes it after the call. Hence
 * on such a handle those calls need read permission on the file, and fail
 * with -TSMB_ESTALE once the name no longer leads to the file (renamed or
 * removed meanwhile). /proc/self/fd would avoid both, but magic links are
 * exactly what RESOLVE_NO_MAGICLINKS keeps out. stat, statfs and
 * set_times work on the O_PATH fd itself (AT_EMPTY_PATH, fstatfs).
 * Directories are opened O_RDONLY so that they can be listed; one the
 * caller cannot read (only search) falls back to O_PATH when no READ
 * access was asked for.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/file.h>
#include <tsmb/os/mem.h>

#include "internal.h"

/* Lookups lost to a concurrent rename or create before giving up (-TSMB_EAGAIN). */
#define TSMB_FILE_RETRIES	8
/* A step found the name replaced meanwhile: look it up again. */
#define TSMB_FILE_RACED		1
/* getdents64 buffer: some dozens of entries per call. */
#define TSMB_FILE_DIRBUF	(16u << 10)
#define TSMB_XATTR_PREFIX	"user."
#define TSMB_XATTR_PREFIX_LEN	(sizeof(TSMB_XATTR_PREFIX) - 1)

struct tsmb_os_file {
	int fd;
	int pfd;		/* O_PATH regular files: the directory holding name */
	bool dir;
	bool path;		/* fd is O_PATH */
	unsigned int acc;	/* TSMB_O_READ / TSMB_O_WRITE granted */
	uint64_t dev;
	uint64_t ino;
	char name[];		/* O_PATH regular files: the name in pfd */
};

/* The parent of a name, resolved beneath a directory, and its last component. */
struct tsmb_file_last {
	int pfd;
	bool own;		/* pfd is ours to close (else the dir's own fd) */
	const char *last;
	char *copy;		/* the name, split in place */
};

static int tsmb_file_err(void)
{
	return tsmb_posix_err(errno);
}

static int tsmb_openat2(int dirfd, const char *name, uint64_t oflags, uint32_t mode)
{
	struct open_how how = {
		.flags = oflags | O_CLOEXEC,
		.mode = (oflags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	int tries = 0;
	long fd;

	/*
	 * EAGAIN: a rename or mount raced with a ".." in the walk and the
	 * kernel could not prove the result beneath; the walk itself is safe
	 * to repeat.
	 */
	do {
		fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	} while (fd < 0 && (errno == EINTR || (errno == EAGAIN && ++tries < TSMB_FILE_RETRIES)));
	return fd < 0 ? tsmb_file_err() : (int)fd;
}

static void tsmb_file_close_fd(int fd)
{
	/* Linux releases the fd even when close reports an error: never retry. */
	if (fd >= 0)
		(void)close(fd);
}

static int64_t tsmb_file_ns(int64_t sec, uint32_t nsec)
{
	int64_t ns;

	if (__builtin_mul_overflow(sec, 1000000000LL, &ns) ||
	    __builtin_add_overflow(ns, (int64_t)nsec, &ns))
		/* Beyond +-292 years of ns: clamp, but never to TSMB_TIME_OMIT. */
		return sec < 0 ? INT64_MIN : INT64_MAX - 1;
	return ns == TSMB_TIME_OMIT ? ns - 1 : ns;
}

static int tsmb_file_statx(int dirfd, const char *name, struct tsmb_os_stat *st)
{
	struct statx sx;
	int flags = AT_SYMLINK_NOFOLLOW | AT_STATX_SYNC_AS_STAT;

	if (!*name)
		flags |= AT_EMPTY_PATH;
	if (statx(dirfd, name, flags, STATX_BASIC_STATS | STATX_BTIME, &sx))
		return tsmb_file_err();
	st->dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
	st->ino = sx.stx_ino;
	st->size = sx.stx_size;
	st->alloc = sx.stx_blocks * 512;
	st->mode = sx.stx_mode;
	st->nlink = sx.stx_nlink;
	st->uid = sx.stx_uid;
	st->gid = sx.stx_gid;
	st->atime = tsmb_file_ns(sx.stx_atime.tv_sec, sx.stx_atime.tv_nsec);
	st->mtime = tsmb_file_ns(sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec);
	st->ctime = tsmb_file_ns(sx.stx_ctime.tv_sec, sx.stx_ctime.tv_nsec);
	st->btime = (sx.stx_mask & STATX_BTIME) ?
		    tsmb_file_ns(sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec) : st->ctime;
	st->blksize = sx.stx_blksize;
	return 0;
}

static struct tsmb_os_file *tsmb_file_new(int fd, const struct tsmb_os_stat *st, bool path,
					  unsigned int acc)
{
	struct tsmb_os_file *f = tsmb_os_zalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->fd = fd;
	f->pfd = -1;
	f->dir = TSMB_S_ISDIR(st->mode);
	f->path = path;
	f->acc = acc;
	f->dev = st->dev;
	f->ino = st->ino;
	return f;
}

void tsmb_os_file_close(struct tsmb_os_file *f)
{
	if (!f)
		return;
	tsmb_file_close_fd(f->fd);
	tsmb_file_close_fd(f->pfd);
	tsmb_os_free(f);
}

/* A last component that names no entry of its own. */
static bool tsmb_file_bad_last(const char *last)
{
	return !*last || !strcmp(last, ".") || !strcmp(last, "..");
}

/*
 * Resolves the directory part of name beneath dir; l->last is the final
 * component, which must name an entry (not "", ".", ".."). An absolute
 * name is an escape: the kernel would say so too, but a lone leading '/'
 * would otherwise leave an empty directory part that looks like dir.
 */
static int tsmb_file_parent(struct tsmb_os_file *dir, const char *name, struct tsmb_file_last *l)
{
	size_t len = strlen(name);
	char *slash;
	int fd;

	l->pfd = dir->fd;
	l->own = false;
	l->copy = NULL;
	if (name[0] == '/')
		return -TSMB_EXDEV;
	if (!strchr(name, '/')) {
		l->last = name;
		return tsmb_file_bad_last(name) ? -TSMB_EINVAL : 0;
	}
	l->copy = tsmb_os_alloc(len + 1);
	if (!l->copy)
		return -TSMB_ENOMEM;
	memcpy(l->copy, name, len + 1);
	slash = strrchr(l->copy, '/');
	*slash = '\0';
	l->last = slash + 1;
	if (tsmb_file_bad_last(l->last))
		return -TSMB_EINVAL;
	fd = tsmb_openat2(dir->fd, l->copy, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	l->pfd = fd;
	l->own = true;
	return 0;
}

static void tsmb_file_parent_done(struct tsmb_file_last *l)
{
	if (l->own)
		tsmb_file_close_fd(l->pfd);
	tsmb_os_free(l->copy);
}

/*
 * An open fd on the object itself for the calls the kernel refuses on
 * O_PATH fds; *fd is f->fd or a new fd that the caller closes.
 */
static int tsmb_file_realfd(struct tsmb_os_file *f, int *fd)
{
	struct tsmb_os_stat st;
	int nfd, err;

	*fd = f->fd;
	if (!f->path)
		return 0;
	if (f->dir) {
		nfd = tsmb_openat2(f->fd, ".", O_RDONLY | O_DIRECTORY, 0);
		if (nfd < 0)
			return nfd;
		*fd = nfd;
		return 0;
	}
	nfd = tsmb_openat2(f->pfd, f->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0);
	if (nfd == -TSMB_ENOENT || nfd == -TSMB_ELOOP || nfd == -TSMB_ENXIO)
		return -TSMB_ESTALE;
	if (nfd < 0)
		return nfd;
	err = tsmb_file_statx(nfd, "", &st);
	if (!err && (st.dev != f->dev || st.ino != f->ino))
		err = -TSMB_ESTALE;
	if (err) {
		tsmb_file_close_fd(nfd);
		return err;
	}
	*fd = nfd;
	return 0;
}

static void tsmb_file_realfd_done(struct tsmb_os_file *f, int fd)
{
	if (fd != f->fd)
		tsmb_file_close_fd(fd);
}

static int tsmb_file_fchmod(struct tsmb_os_file *f, uint32_t mode)
{
	int fd, err;

	/* "." of a directory is the directory: following it cannot go elsewhere. */
	if (f->path && f->dir)
		return fchmodat(f->fd, ".", mode, 0) ? tsmb_file_err() : 0;
	err = tsmb_file_realfd(f, &fd);
	if (err)
		return err;
	if (fchmod(fd, mode))
		err = tsmb_file_err();
	tsmb_file_realfd_done(f, fd);
	return err;
}

/*
 * The caller's mode, as given: the umask (process-wide, not ours to
 * change) and a default ACL may have narrowed it. The set-id and sticky
 * bits the kernel chose (a directory inheriting set-group-ID) are kept.
 */
static int tsmb_file_fixmode(struct tsmb_os_file *f, uint32_t mode)
{
	struct tsmb_os_stat st;
	uint32_t want;
	int err;

	err = tsmb_file_statx(f->fd, "", &st);
	if (err)
		return err;
	want = (st.mode & 07000) | (mode & 07777);
	if ((st.mode & 07777) == want)
		return 0;
	return tsmb_file_fchmod(f, want);
}

/* An existing directory, looked up as the O_PATH fd opfd (consumed). */
static int tsmb_file_open_dir(int opfd, const struct tsmb_os_stat *st, unsigned int flags,
			      struct tsmb_os_file **out)
{
	bool path = false;
	int fd;

	/* Neither a non-directory, nor written to: what open(2) says to both. */
	if (flags & (TSMB_O_NOTDIR | TSMB_O_WRITE | TSMB_O_TRUNC)) {
		fd = -TSMB_EISDIR;
	} else {
		fd = tsmb_openat2(opfd, ".", O_RDONLY | O_DIRECTORY, 0);
		if (fd == -TSMB_EACCES && !(flags & TSMB_O_READ)) {
			fd = opfd;
			opfd = -1;
			path = true;
		}
	}
	tsmb_file_close_fd(opfd);
	if (fd < 0)
		return fd;
	*out = tsmb_file_new(fd, st, path, 0);
	if (!*out) {
		tsmb_file_close_fd(fd);
		return -TSMB_ENOMEM;
	}
	return 0;
}

/* A handle on the O_PATH fd opfd (consumed), remembering where it was found. */
static int tsmb_file_keep_path(struct tsmb_file_last *l, int opfd, const struct tsmb_os_stat *st,
			       struct tsmb_os_file **out)
{
	size_t len = strlen(l->last);
	struct tsmb_os_file *f;
	int pfd;

	if (l->own) {
		pfd = l->pfd;
		l->own = false;
	} else {
		pfd = fcntl(l->pfd, F_DUPFD_CLOEXEC, 0);
		if (pfd < 0) {
			tsmb_file_close_fd(opfd);
			return tsmb_file_err();
		}
	}
	f = tsmb_os_zalloc(sizeof(*f) + len + 1);
	if (!f) {
		tsmb_file_close_fd(opfd);
		tsmb_file_close_fd(pfd);
		return -TSMB_ENOMEM;
	}
	f->fd = opfd;
	f->pfd = pfd;
	f->path = true;
	f->dev = st->dev;
	f->ino = st->ino;
	memcpy(f->name, l->last, len + 1);
	*out = f;
	return 0;
}

static uint64_t tsmb_file_oflags(unsigned int flags)
{
	uint64_t o = O_NOCTTY;

	if ((flags & TSMB_O_READ) && (flags & TSMB_O_WRITE))
		o |= O_RDWR;
	else if (flags & TSMB_O_WRITE)
		o |= O_WRONLY;
	else
		o |= O_RDONLY;
	if (flags & TSMB_O_SYNC)
		o |= O_DSYNC;
	return o;
}

/* An existing regular file, looked up as the O_PATH fd opfd (consumed). */
static int tsmb_file_open_reg(struct tsmb_file_last *l, int opfd, const struct tsmb_os_stat *st,
			      unsigned int flags, struct tsmb_os_file **out)
{
	unsigned int acc = flags & (TSMB_O_READ | TSMB_O_WRITE);
	struct tsmb_os_stat now;
	uint64_t o;
	int fd, err;

	if (flags & (TSMB_O_DIRECTORY | TSMB_O_MKDIR)) {
		tsmb_file_close_fd(opfd);
		return -TSMB_ENOTDIR;
	}
	if (!acc && !(flags & TSMB_O_TRUNC))
		return tsmb_file_keep_path(l, opfd, st, out);
	tsmb_file_close_fd(opfd);
	/* TRUNC alone needs a writable open to truncate through. */
	o = tsmb_file_oflags(acc ? flags : flags | TSMB_O_WRITE);
	if (flags & TSMB_O_TRUNC)
		o |= O_TRUNC;
	fd = tsmb_openat2(l->pfd, l->last, o | O_NOFOLLOW | O_NONBLOCK, 0);
	/* ENXIO: a FIFO without a reader took the name; ELOOP: a symlink did. */
	if (fd == -TSMB_ENXIO || fd == -TSMB_ELOOP || fd == -TSMB_ENOENT)
		return TSMB_FILE_RACED;
	if (fd < 0)
		return fd;
	err = tsmb_file_statx(fd, "", &now);
	if (!err && (now.dev != st->dev || now.ino != st->ino))
		err = TSMB_FILE_RACED;
	/*
	 * O_NONBLOCK was for the open only; keep it off the file's I/O. F_SETFL
	 * sets only the status flags, and none but O_NONBLOCK was asked for.
	 */
	if (!err && fcntl(fd, F_SETFL, 0))
		err = tsmb_file_err();
	if (!err) {
		*out = tsmb_file_new(fd, &now, false, acc);
		if (!*out)
			err = -TSMB_ENOMEM;
	}
	if (err)
		tsmb_file_close_fd(fd);
	return err;
}

/* The O_PATH fd opfd (consumed) of what name leads to, now to be opened as asked. */
static int tsmb_file_open_found(struct tsmb_file_last *l, int opfd, unsigned int flags,
				struct tsmb_os_file **out)
{
	struct tsmb_os_stat st;
	int err;

	err = tsmb_file_statx(opfd, "", &st);
	if (err) {
		tsmb_file_close_fd(opfd);
		return err;
	}
	if (TSMB_S_ISDIR(st.mode))
		return tsmb_file_open_dir(opfd, &st, flags, out);
	if (TSMB_S_ISREG(st.mode))
		return tsmb_file_open_reg(l, opfd, &st, flags, out);
	tsmb_file_close_fd(opfd);
	if (TSMB_S_ISLNK(st.mode))
		return -TSMB_ELOOP;
	if (flags & (TSMB_O_DIRECTORY | TSMB_O_MKDIR))
		return -TSMB_ENOTDIR;
	/* Devices, FIFOs, sockets: seen by stat and unlink, never opened. */
	return -TSMB_EACCES;
}

/* Creates l->last, absent a moment ago; -TSMB_EEXIST if it is there now. */
static int tsmb_file_create(struct tsmb_file_last *l, unsigned int flags, uint32_t mode,
			    struct tsmb_os_file **out)
{
	struct tsmb_os_stat st;
	int fd, err;

	if (flags & TSMB_O_MKDIR) {
		if (mkdirat(l->pfd, l->last, mode & 07777))
			return tsmb_file_err();
		fd = tsmb_openat2(l->pfd, l->last, O_PATH | O_NOFOLLOW, 0);
		if (fd < 0)
			return fd;
		/* Replaced by a non-directory already: -TSMB_ENOTDIR. */
		return tsmb_file_open_found(l, fd, flags | TSMB_O_DIRECTORY, out);
	}
	if (flags & TSMB_O_DIRECTORY)
		return -TSMB_EINVAL;
	fd = tsmb_openat2(l->pfd, l->last,
			  tsmb_file_oflags(flags) | O_CREAT | O_EXCL | O_NOFOLLOW, mode & 07777);
	if (fd < 0)
		return fd;
	err = tsmb_file_statx(fd, "", &st);
	if (!err) {
		*out = tsmb_file_new(fd, &st, false, flags & (TSMB_O_READ | TSMB_O_WRITE));
		if (*out)
			return 0;
		err = -TSMB_ENOMEM;
	}
	tsmb_file_close_fd(fd);
	return err;
}

static int tsmb_file_open_last(struct tsmb_file_last *l, unsigned int flags, uint32_t mode,
			       struct tsmb_os_file **out, bool *created)
{
	int tries, fd, err = -TSMB_EAGAIN;

	for (tries = 0; tries < TSMB_FILE_RETRIES; tries++) {
		fd = tsmb_openat2(l->pfd, l->last, O_PATH | O_NOFOLLOW, 0);
		if (fd >= 0) {
			if ((flags & TSMB_O_CREATE) && (flags & TSMB_O_EXCL)) {
				tsmb_file_close_fd(fd);
				return -TSMB_EEXIST;
			}
			err = tsmb_file_open_found(l, fd, flags, out);
			if (err != TSMB_FILE_RACED)
				return err;
			continue;
		}
		if (fd != -TSMB_ENOENT || !(flags & TSMB_O_CREATE))
			return fd;
		err = tsmb_file_create(l, flags, mode, out);
		if (!err) {
			*created = true;
			return tsmb_file_fixmode(*out, mode);
		}
		/* Created by someone else since the lookup: open theirs. */
		if (err != -TSMB_EEXIST || (flags & TSMB_O_EXCL))
			return err;
	}
	return -TSMB_EAGAIN;
}

/* "": the directory itself. */
static int tsmb_file_open_self(struct tsmb_os_file *dir, unsigned int flags,
			       struct tsmb_os_file **out)
{
	struct tsmb_file_last l = { .pfd = -1, .last = "" };
	int fd;

	if ((flags & TSMB_O_CREATE) && (flags & TSMB_O_EXCL))
		return -TSMB_EEXIST;
	fd = tsmb_openat2(dir->fd, ".", O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	return tsmb_file_open_found(&l, fd, flags, out);
}

int tsmb_os_file_open(struct tsmb_os_file *dir, const char *name, unsigned int flags,
		      uint32_t mode, struct tsmb_os_file **out, struct tsmb_os_stat *st,
		      bool *created)
{
	struct tsmb_file_last l;
	bool made = false;
	int err;

	*out = NULL;
	if (!*name) {
		err = tsmb_file_open_self(dir, flags, out);
	} else {
		err = tsmb_file_parent(dir, name, &l);
		if (!err)
			err = tsmb_file_open_last(&l, flags, mode, out, &made);
		tsmb_file_parent_done(&l);
	}
	if (!err && st)
		err = tsmb_file_statx((*out)->fd, "", st);
	if (err) {
		/* A failure after creating leaves the new object: the caller sees the error. */
		tsmb_os_file_close(*out);
		*out = NULL;
		made = false;
	}
	if (created)
		*created = made;
	return err;
}

int tsmb_os_root_open(const char *abs_path, struct tsmb_os_file **out)
{
	struct tsmb_os_stat st;
	bool path = false;
	int fd, err;

	*out = NULL;
	if (abs_path[0] != '/')
		return -TSMB_EINVAL;
	/* The admin's path, resolved as given (symlinks included), once. */
	fd = open(abs_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == EACCES) {
		fd = open(abs_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		path = true;
	}
	if (fd < 0)
		return tsmb_file_err();
	err = tsmb_file_statx(fd, "", &st);
	if (!err) {
		*out = tsmb_file_new(fd, &st, path, 0);
		if (*out)
			return 0;
		err = -TSMB_ENOMEM;
	}
	tsmb_file_close_fd(fd);
	return err;
}

int tsmb_os_file_stat(struct tsmb_os_file *f, struct tsmb_os_stat *st)
{
	return tsmb_file_statx(f->fd, "", st);
}

int tsmb_os_file_stat_at(struct tsmb_os_file *dir, const char *name, struct tsmb_os_stat *st)
{
	int fd, err;

	if (!*name)
		return tsmb_file_statx(dir->fd, "", st);
	fd = tsmb_openat2(dir->fd, name, O_PATH | O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	err = tsmb_file_statx(fd, "", st);
	tsmb_file_close_fd(fd);
	return err;
}

int tsmb_os_file_statfs(struct tsmb_os_file *f, struct tsmb_os_statfs *st)
{
	struct statfs sf;

	if (fstatfs(f->fd, &sf))
		return tsmb_file_err();
	/* f_blocks and friends count fragments where the two sizes differ. */
	st->bsize = (uint32_t)(sf.f_frsize ? sf.f_frsize : sf.f_bsize);
	st->blocks = sf.f_blocks;
	st->bfree = sf.f_bfree;
	st->bavail = sf.f_bavail;
	st->name_max = (uint32_t)sf.f_namelen;
	st->fsid = (uint64_t)(uint32_t)sf.f_fsid.__val[0] |
		   (uint64_t)(uint32_t)sf.f_fsid.__val[1] << 32;
	st->magic = (uint32_t)sf.f_type;
	return 0;
}

static int tsmb_file_data(struct tsmb_os_file *f, unsigned int need)
{
	if (f->dir)
		return -TSMB_EISDIR;
	return (f->acc & need) ? 0 : -TSMB_EBADF;
}

int tsmb_os_file_pread(struct tsmb_os_file *f, void *buf, size_t len, uint64_t off,
		       size_t *done)
{
	ssize_t n;
	int err;

	*done = 0;
	err = tsmb_file_data(f, TSMB_O_READ);
	if (err)
		return err;
	if (off > INT64_MAX || len > INT64_MAX - off)
		return -TSMB_EINVAL;
	while (*done < len) {
		n = pread(f->fd, (char *)buf + *done, len - *done, (off_t)(off + *done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tsmb_file_err();
		if (!n)
			break;
		*done += (size_t)n;
	}
	return 0;
}

int tsmb_os_file_pwrite(struct tsmb_os_file *f, const void *buf, size_t len, uint64_t off,
			size_t *done)
{
	ssize_t n;
	int err;

	*done = 0;
	err = tsmb_file_data(f, TSMB_O_WRITE);
	if (err)
		return err;
	if (off > INT64_MAX || len > INT64_MAX - off)
		return -TSMB_EFBIG;
	while (*done < len) {
		n = pwrite(f->fd, (const char *)buf + *done, len - *done, (off_t)(off + *done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tsmb_file_err();
		/* A regular file never takes nothing; don't spin if one does. */
		if (!n)
			return -TSMB_EIO;
		*done += (size_t)n;
	}
	return 0;
}

int tsmb_os_file_fsync(struct tsmb_os_file *f)
{
	int fd, err;

	err = tsmb_file_realfd(f, &fd);
	if (err)
		return err;
	if (fsync(fd))
		err = tsmb_file_err();
	tsmb_file_realfd_done(f, fd);
	return err;
}

int tsmb_os_file_truncate(struct tsmb_os_file *f, uint64_t size)
{
	int err = tsmb_file_data(f, TSMB_O_WRITE);

	if (err)
		return err;
	if (size > INT64_MAX)
		return -TSMB_EFBIG;
	while (ftruncate(f->fd, (off_t)size))
		if (errno != EINTR)
			return tsmb_file_err();
	return 0;
}

int tsmb_os_file_allocate(struct tsmb_os_file *f, uint64_t size)
{
	int err = tsmb_file_data(f, TSMB_O_WRITE);

	if (err)
		return err;
	if (size > INT64_MAX)
		return -TSMB_EFBIG;
	/* Nothing to reserve (and fallocate refuses a zero length). */
	if (!size)
		return 0;
	while (fallocate(f->fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)size))
		if (errno != EINTR)
			return tsmb_file_err();
	return 0;
}

static struct timespec tsmb_file_ts(int64_t t)
{
	struct timespec ts;

	if (t == TSMB_TIME_OMIT) {
		ts.tv_sec = 0;
		ts.tv_nsec = UTIME_OMIT;
		return ts;
	}
	ts.tv_sec = t / 1000000000LL;
	ts.tv_nsec = t % 1000000000LL;
	/* Before 1970: seconds round down, nanoseconds stay positive. */
	if (ts.tv_nsec < 0) {
		ts.tv_nsec += 1000000000LL;
		ts.tv_sec--;
	}
	return ts;
}

int tsmb_os_file_set_times(struct tsmb_os_file *f, int64_t atime, int64_t mtime)
{
	struct timespec ts[2] = { tsmb_file_ts(atime), tsmb_file_ts(mtime) };

	/* AT_EMPTY_PATH: the fd's own inode, O_PATH fds included (Linux 5.8). */
	return utimensat(f->fd, "", ts, AT_EMPTY_PATH) ? tsmb_file_err() : 0;
}

int tsmb_os_file_chmod(struct tsmb_os_file *f, uint32_t mode)
{
	return tsmb_file_fchmod(f, mode & 07777);
}

/* "user." + name into full (XATTR_NAME_MAX + 1 bytes). */
static int tsmb_xattr_name(const char *name, char *full)
{
	size_t len = strlen(name);

	if (!len)
		return -TSMB_EINVAL;
	if (len > XATTR_NAME_MAX - TSMB_XATTR_PREFIX_LEN)
		return -TSMB_ERANGE;
	memcpy(full, TSMB_XATTR_PREFIX, TSMB_XATTR_PREFIX_LEN);
	memcpy(full + TSMB_XATTR_PREFIX_LEN, name, len + 1);
	return 0;
}

int tsmb_os_file_getxattr(struct tsmb_os_file *f, const char *name, void *buf, size_t cap,
			  size_t *len)
{
	char full[XATTR_NAME_MAX + 1];
	ssize_t n;
	int fd, err;

	*len = 0;
	err = tsmb_xattr_name(name, full);
	if (!err)
		err = tsmb_file_realfd(f, &fd);
	if (err)
		return err;
	/* A zero cap asks the kernel for the size; the contract calls that too small. */
	n = fgetxattr(fd, full, buf, cap);
	if (n < 0 && errno == ERANGE)
		n = fgetxattr(fd, full, NULL, 0);
	if (n < 0) {
		err = errno == ERANGE ? -TSMB_ERANGE : tsmb_file_err();
	} else {
		*len = (size_t)n;
		if ((size_t)n > cap)
			err = -TSMB_ERANGE;
	}
	tsmb_file_realfd_done(f, fd);
	return err;
}

int tsmb_os_file_setxattr(struct tsmb_os_file *f, const char *name, const void *val, size_t len)
{
	char full[XATTR_NAME_MAX + 1];
	int fd, err;

	err = tsmb_xattr_name(name, full);
	if (!err)
		err = tsmb_file_realfd(f, &fd);
	if (err)
		return err;
	if (fsetxattr(fd, full, val, len, 0))
		err = tsmb_file_err();
	tsmb_file_realfd_done(f, fd);
	return err;
}

int tsmb_os_file_removexattr(struct tsmb_os_file *f, const char *name)
{
	char full[XATTR_NAME_MAX + 1];
	int fd, err;

	err = tsmb_xattr_name(name, full);
	if (!err)
		err = tsmb_file_realfd(f, &fd);
	if (err)
		return err;
	if (fremovexattr(fd, full))
		err = tsmb_file_err();
	tsmb_file_realfd_done(f, fd);
	return err;
}

/* The "user." names of the NUL-separated list raw[0..n), without the prefix. */
static size_t tsmb_xattr_filter(const char *raw, size_t n, char *buf, size_t cap)
{
	size_t i = 0, out = 0, len;

	while (i < n) {
		len = strnlen(raw + i, n - i);
		if (len > TSMB_XATTR_PREFIX_LEN &&
		    !memcmp(raw + i, TSMB_XATTR_PREFIX, TSMB_XATTR_PREFIX_LEN)) {
			len -= TSMB_XATTR_PREFIX_LEN;
			if (out + len + 1 <= cap) {
				memcpy(buf + out, raw + i + TSMB_XATTR_PREFIX_LEN, len);
				buf[out + len] = '\0';
			}
			out += len + 1;
			len += TSMB_XATTR_PREFIX_LEN;
		}
		i += len + 1;
	}
	return out;
}

static int tsmb_xattr_list(int fd, char *buf, size_t cap, size_t *len)
{
	ssize_t size, n;
	int tries;
	char *raw;

	/* Other namespaces (security., system., trusted.) are listed too: filter. */
	for (tries = 0; tries < TSMB_FILE_RETRIES; tries++) {
		size = flistxattr(fd, NULL, 0);
		if (size < 0)
			return tsmb_file_err();
		if (!size) {
			*len = 0;
			return 0;
		}
		raw = tsmb_os_alloc((size_t)size);
		if (!raw)
			return -TSMB_ENOMEM;
		n = flistxattr(fd, raw, (size_t)size);
		if (n >= 0)
			*len = tsmb_xattr_filter(raw, (size_t)n, buf, cap);
		tsmb_os_free(raw);
		if (n >= 0)
			return *len > cap ? -TSMB_ERANGE : 0;
		/* ERANGE: the list grew since it was sized. */
		if (errno != ERANGE)
			return tsmb_file_err();
	}
	return -TSMB_EAGAIN;
}

int tsmb_os_file_listxattr(struct tsmb_os_file *f, char *buf, size_t cap, size_t *len)
{
	int fd, err;

	*len = 0;
	err = tsmb_file_realfd(f, &fd);
	if (err)
		return err;
	err = tsmb_xattr_list(fd, buf, cap, len);
	tsmb_file_realfd_done(f, fd);
	return err;
}

static int tsmb_file_remove(struct tsmb_os_file *dir, const char *name, int flags)
{
	struct tsmb_file_last l;
	int err;

	err = tsmb_file_parent(dir, name, &l);
	if (!err && unlinkat(l.pfd, l.last, flags))
		err = tsmb_file_err();
	tsmb_file_parent_done(&l);
	return err;
}

int tsmb_os_file_unlink(struct tsmb_os_file *dir, const char *name)
{
	return tsmb_file_remove(dir, name, 0);
}

int tsmb_os_file_rmdir(struct tsmb_os_file *dir, const char *name)
{
	return tsmb_file_remove(dir, name, AT_REMOVEDIR);
}

int tsmb_os_file_rename(struct tsmb_os_file *old_dir, const char *old_name,
			struct tsmb_os_file *new_dir, const char *new_name, unsigned int flags)
{
	struct tsmb_file_last o, n;
	int err;

	if (flags & ~TSMB_RENAME_NOREPLACE)
		return -TSMB_EINVAL;
	err = tsmb_file_parent(old_dir, old_name, &o);
	if (err) {
		tsmb_file_parent_done(&o);
		return err;
	}
	err = tsmb_file_parent(new_dir, new_name, &n);
	if (!err && renameat2(o.pfd, o.last, n.pfd, n.last,
			      (flags & TSMB_RENAME_NOREPLACE) ? RENAME_NOREPLACE : 0))
		err = tsmb_file_err();
	tsmb_file_parent_done(&n);
	tsmb_file_parent_done(&o);
	return err;
}

/* The kernel's struct linux_dirent64; glibc has no declaration of it. */
struct tsmb_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* DT_* is S_IF* >> 12 on Linux; DT_UNKNOWN (0) stays 0. */
static uint32_t tsmb_file_dtype(unsigned char t)
{
	switch (t) {
	case DT_DIR:
	case DT_REG:
	case DT_LNK:
	case DT_FIFO:
	case DT_CHR:
	case DT_BLK:
	case DT_SOCK:
		return (uint32_t)t << 12;
	default:
		return 0;
	}
}

/* One getdents64 batch of n bytes; fn's value if it stopped, else 0. */
static int tsmb_dir_batch(const char *buf, long n, uint64_t *pos, tsmb_os_dir_fn fn, void *ctx)
{
	const struct tsmb_dirent64 *d;
	size_t nlen;
	long off;
	int r;

	for (off = 0; off < n; off += d->d_reclen) {
		d = (const struct tsmb_dirent64 *)(buf + off);
		nlen = strnlen(d->d_name, d->d_reclen - offsetof(struct tsmb_dirent64, d_name));
		r = fn(ctx, d->d_name, nlen, d->d_ino, tsmb_file_dtype(d->d_type));
		if (r)
			return r;
		/* d_off is the position after this entry (a hash cookie on ext4). */
		*pos = (uint64_t)d->d_off;
	}
	return 0;
}

int tsmb_os_dir_iterate(struct tsmb_os_file *dir, uint64_t *pos, tsmb_os_dir_fn fn, void *ctx)
{
	char *buf;
	long n;
	int r = 0;

	if (!dir->dir)
		return -TSMB_ENOTDIR;
	/* Only a directory the caller may not read stays O_PATH. */
	if (dir->path)
		return -TSMB_EACCES;
	if (*pos > INT64_MAX)
		return -TSMB_EINVAL;
	buf = tsmb_os_alloc(TSMB_FILE_DIRBUF);
	if (!buf)
		return -TSMB_ENOMEM;
	/* Always seek: the fd's offset is past whatever the last batch held. */
	if (lseek(dir->fd, (off_t)*pos, SEEK_SET) < 0)
		r = tsmb_file_err();
	while (!r) {
		n = syscall(SYS_getdents64, dir->fd, buf, TSMB_FILE_DIRBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = tsmb_file_err();
		if (n <= 0)
			break;
		r = tsmb_dir_batch(buf, n, pos, fn, ctx);
	}
	tsmb_os_free(buf);
	return r;
}
