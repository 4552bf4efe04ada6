/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files beneath a share root.
 *
 * The core never builds an absolute path and never resolves a name
 * itself: every name is handed to the OS relative to a share root (or to a
 * directory already open beneath it), and the OS refuses anything that
 * would leave the root. User format: openat2() with RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS (not RESOLVE_NO_XDEV: a share may span mounts).
 * Kernel format: the root is a struct path pinned when tsmbd pushed the
 * configuration; names are walked with vfs_path_lookup() and
 * LOOKUP_BENEATH from it.
 *
 * Names are UTF-8 with '/' between components, without a leading '/',
 * never empty components, never "." or ".." components (the core checks
 * and answers STATUS_OBJECT_NAME_INVALID / STATUS_OBJECT_PATH_SYNTAX_BAD
 * first; the OS refuses them again: -TSMB_EXDEV for an escape). The empty
 * name "" is the root (or the directory) itself.
 *
 * Every call acts with the credentials of the calling thread: the core
 * wraps each request in tsmb_os_cred_enter()/leave() (ident.h), so the OS
 * checks permissions and new files belong to the session's user.
 *
 * Symbolic links: the final component is never followed (O_NOFOLLOW
 * semantics); intermediate ones are followed only while they stay beneath
 * the root (-TSMB_EXDEV otherwise). Opening a symlink itself gives
 * -TSMB_ELOOP. Objects other than regular files and directories (devices,
 * FIFOs, sockets) are never opened for I/O: -TSMB_EACCES; stat and unlink
 * still see them.
 *
 * All calls may sleep (they do I/O), none may be called with a spinlock
 * held. Errors are -TSMB_E* as the OS reports them.
 */
#ifndef TSMB_OS_FILE_H
#define TSMB_OS_FILE_H

#include <tsmb/os/types.h>

struct tsmb_os_file;

/* Times are nanoseconds since 1970-01-01 UTC (may be negative). */
#define TSMB_TIME_OMIT	((int64_t)0x7fffffffffffffffLL)	/* set_times: leave as is */

/* st_mode's type bits, Linux's values. */
#define TSMB_S_IFMT	0170000u
#define TSMB_S_IFDIR	0040000u
#define TSMB_S_IFREG	0100000u
#define TSMB_S_IFLNK	0120000u
#define TSMB_S_IFIFO	0010000u
#define TSMB_S_IFCHR	0020000u
#define TSMB_S_IFBLK	0060000u
#define TSMB_S_IFSOCK	0140000u
#define TSMB_S_ISDIR(m)	(((m) & TSMB_S_IFMT) == TSMB_S_IFDIR)
#define TSMB_S_ISREG(m)	(((m) & TSMB_S_IFMT) == TSMB_S_IFREG)
#define TSMB_S_ISLNK(m)	(((m) & TSMB_S_IFMT) == TSMB_S_IFLNK)

struct tsmb_os_stat {
	uint64_t dev;
	uint64_t ino;
	uint64_t size;
	uint64_t alloc;			/* bytes allocated (st_blocks * 512) */
	uint32_t mode;			/* type and permission bits */
	uint32_t nlink;
	uint32_t uid;
	uint32_t gid;
	int64_t atime;
	int64_t mtime;
	int64_t ctime;
	int64_t btime;			/* birth time; ctime where the fs has none */
	uint32_t blksize;
};

struct tsmb_os_statfs {
	uint64_t blocks;		/* in units of bsize */
	uint64_t bfree;
	uint64_t bavail;		/* available to unprivileged users */
	uint32_t bsize;
	uint32_t name_max;
	uint64_t fsid;
	uint32_t magic;			/* f_type */
};

/* tsmb_os_file_open() flags. */
#define TSMB_O_READ		0x0001u	/* data may be read */
#define TSMB_O_WRITE		0x0002u	/* data may be written */
#define TSMB_O_CREATE		0x0004u	/* create if absent */
#define TSMB_O_EXCL		0x0008u	/* with CREATE: fail with EEXIST if present */
#define TSMB_O_TRUNC		0x0010u	/* truncate to 0 (a regular file) */
#define TSMB_O_DIRECTORY	0x0020u	/* must be a directory (ENOTDIR) */
#define TSMB_O_NOTDIR		0x0040u	/* must not be a directory (EISDIR) */
#define TSMB_O_MKDIR		0x0080u	/* with CREATE: create a directory */
#define TSMB_O_SYNC		0x0100u	/* writes reach stable storage (O_DSYNC) */
/*
 * Neither READ nor WRITE: a handle for attributes, directory listing,
 * rename and delete only (O_PATH where the data is not to be touched;
 * directories are opened for reading so that they can be listed).
 */

/*
 * Opens (and with CREATE possibly creates, with mode & 07777 less the
 * process's umask being ignored: the mode is taken as given) name beneath
 * dir, which is a share root or any directory opened beneath it. On
 * success *out is the handle, *st its attributes after the open (and any
 * creation or truncation), and *created says whether this call created it.
 */
int tsmb_os_file_open(struct tsmb_os_file *dir, const char *name, unsigned int flags,
		      uint32_t mode, struct tsmb_os_file **out, struct tsmb_os_stat *st,
		      bool *created) TSMB_MUST_CHECK;
/*
 * Opens a share root, an absolute path, as the host's configuration gives
 * it: in the kernel only from tsmbd's process context (configuration push);
 * in user format at start-up. Must be a directory.
 */
int tsmb_os_root_open(const char *abs_path, struct tsmb_os_file **out) TSMB_MUST_CHECK;
/* Releases a handle (never fails: a deferred write error was already reported by fsync). */
void tsmb_os_file_close(struct tsmb_os_file *f);

int tsmb_os_file_stat(struct tsmb_os_file *f, struct tsmb_os_stat *st) TSMB_MUST_CHECK;
/* Attributes of name beneath dir, not following a final symlink. */
int tsmb_os_file_stat_at(struct tsmb_os_file *dir, const char *name,
			 struct tsmb_os_stat *st) TSMB_MUST_CHECK;
int tsmb_os_file_statfs(struct tsmb_os_file *f, struct tsmb_os_statfs *st) TSMB_MUST_CHECK;

/*
 * Positional I/O on a handle opened with READ / WRITE. *done is what was
 * transferred (short only at end of file for reads, or on error after a
 * partial write: then the error is returned and *done tells how far it got).
 */
int tsmb_os_file_pread(struct tsmb_os_file *f, void *buf, size_t len, uint64_t off,
		       size_t *done) TSMB_MUST_CHECK;
int tsmb_os_file_pwrite(struct tsmb_os_file *f, const void *buf, size_t len, uint64_t off,
			size_t *done) TSMB_MUST_CHECK;
/* Data and metadata of the file on stable storage. */
int tsmb_os_file_fsync(struct tsmb_os_file *f) TSMB_MUST_CHECK;
/* Sets the size (end of file); needs a handle opened with WRITE. */
int tsmb_os_file_truncate(struct tsmb_os_file *f, uint64_t size) TSMB_MUST_CHECK;
/* Reserves space up to size without changing the end of file (best effort: EOPNOTSUPP). */
int tsmb_os_file_allocate(struct tsmb_os_file *f, uint64_t size) TSMB_MUST_CHECK;
/* Access, modification times (TSMB_TIME_OMIT: unchanged). Any handle. */
int tsmb_os_file_set_times(struct tsmb_os_file *f, int64_t atime, int64_t mtime) TSMB_MUST_CHECK;
/* Permission bits (07777). Any handle. */
int tsmb_os_file_chmod(struct tsmb_os_file *f, uint32_t mode) TSMB_MUST_CHECK;

/*
 * Extended attributes in the "user." namespace; names are given without
 * the prefix. get: the value's length in *len (at most cap copied;
 * -TSMB_ERANGE when cap is too small, -TSMB_ENODATA when absent). list:
 * NUL-separated names without the prefix, length in *len.
 */
int tsmb_os_file_getxattr(struct tsmb_os_file *f, const char *name, void *buf, size_t cap,
			  size_t *len) TSMB_MUST_CHECK;
int tsmb_os_file_setxattr(struct tsmb_os_file *f, const char *name, const void *val,
			  size_t len) TSMB_MUST_CHECK;
int tsmb_os_file_removexattr(struct tsmb_os_file *f, const char *name) TSMB_MUST_CHECK;
int tsmb_os_file_listxattr(struct tsmb_os_file *f, char *buf, size_t cap,
			   size_t *len) TSMB_MUST_CHECK;

/* Directory-relative namespace operations; name is one or more components beneath dir. */
int tsmb_os_file_unlink(struct tsmb_os_file *dir, const char *name) TSMB_MUST_CHECK;
int tsmb_os_file_rmdir(struct tsmb_os_file *dir, const char *name) TSMB_MUST_CHECK;
/* Renames old_name beneath old_dir to new_name beneath new_dir (same root). */
#define TSMB_RENAME_NOREPLACE	0x1u
int tsmb_os_file_rename(struct tsmb_os_file *old_dir, const char *old_name,
			struct tsmb_os_file *new_dir, const char *new_name,
			unsigned int flags) TSMB_MUST_CHECK;

/*
 * Directory listing. Calls fn for each entry from *pos on ("." and ".."
 * included, as the OS gives them) until fn returns non-zero (that entry is
 * then not consumed: *pos stays before it, and fn's value is returned) or
 * the end (returns 0 with *pos at the end). *pos = 0 restarts; a *pos
 * saved from an earlier call resumes there even if entries were added or
 * removed meanwhile. type is the TSMB_S_IF* type or 0 when the fs does
 * not say. dir was opened with TSMB_O_DIRECTORY. Not concurrently on one
 * handle.
 */
typedef int (*tsmb_os_dir_fn)(void *ctx, const char *name, size_t len, uint64_t ino,
			      uint32_t type);
int tsmb_os_dir_iterate(struct tsmb_os_file *dir, uint64_t *pos, tsmb_os_dir_fn fn,
			void *ctx) TSMB_MUST_CHECK;

#endif /* TSMB_OS_FILE_H */
