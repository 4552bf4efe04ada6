// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Conformance checks of the file and identity contracts (<tsmb/os/file.h>,
 * <tsmb/os/ident.h>), run against both implementations.
 *
 * Like contract.c: only <tsmb/os/...h>, no recursion, small frames, every
 * wait bounded. What the contract cannot do (symlinks, FIFOs, device
 * nodes, a look at the thread's credentials) comes from the host glue
 * (contract_host.h). Everything happens beneath one scratch directory,
 * opened as a share root; each group of checks removes what it made.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/file.h>
#include <tsmb/os/ident.h>
#include <tsmb/os/log.h>
#include <tsmb/os/mem.h>
#include <tsmb/os/sync.h>
#include <tsmb/os/time.h>
#include <tsmb/os/types.h>
#include <tsmb/os/work.h>

#include "contract.h"
#include "contract_host.h"

#define TSMB_CTF_WAIT_MS	10000u
#define TSMB_CTF_NOBODY		65534u
#define TSMB_CTF_ENTRIES	40	/* files in the listed directory */
#define TSMB_CTF_STOP		7	/* what a listing callback returns to stop */
#define TSMB_CTF_NS		1000000000LL
/* 1601-01-01 to 1970-01-01 in FILETIME's 100 ns units. */
#define TSMB_CTF_NT_EPOCH	116444736000000000ULL
/* Directory positions that are indexes, not cookies: removing an entry shifts them. */
#define TSMB_CTF_TMPFS_MAGIC	0x01021994u
#define TSMB_CTF_RAMFS_MAGIC	0x858458f6u

struct tsmb_ctf {
	int checks;
	int failed;
	const char *scratch;
	struct tsmb_os_file *root;
	struct tsmb_os_wq *wq;
};

#define CTF_CHECK(t, cond) tsmb_ctf_check((t), !!(cond), #cond, __LINE__)

static bool tsmb_ctf_check(struct tsmb_ctf *t, bool ok, const char *what, int line)
{
	t->checks++;
	if (!ok) {
		t->failed++;
		tsmb_os_log(TSMB_LOG_ERR, "contract: %s:%d: check failed: %s", __FILE__, line,
			    what);
	}
	return ok;
}

/* A result that does not matter (cleanup after a failed check); the calls are must-check. */
static void tsmb_ctf_ignore(int err)
{
	(void)err;
}

static void tsmb_ctf_skip(const char *what, int err)
{
	tsmb_os_log(TSMB_LOG_NOTICE, "contract: skipping %s (%d)", what, err);
}

/* Freestanding: nothing from libc, which the kernel build does not have. */
static size_t tsmb_ctf_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool tsmb_ctf_is(const char *name, size_t len, const char *want)
{
	return len == tsmb_ctf_strlen(want) && !tsmb_memcmp(name, want, len);
}

/* Real time now, in the contract's unit. */
static int64_t tsmb_ctf_now(void)
{
	return (int64_t)(tsmb_os_nt_time() - TSMB_CTF_NT_EPOCH) * 100;
}

static int tsmb_ctf_open(struct tsmb_ctf *t, const char *name, unsigned int flags,
			 struct tsmb_os_file **f)
{
	struct tsmb_os_stat st;
	bool created;

	return tsmb_os_file_open(t->root, name, flags, 0644, f, &st, &created);
}

/* Just the error of an open; the handle, if any, is closed. */
static int tsmb_ctf_open_err(struct tsmb_os_file *dir, const char *name, unsigned int flags)
{
	struct tsmb_os_file *f = NULL;
	struct tsmb_os_stat st;
	bool created;
	int err;

	err = tsmb_os_file_open(dir, name, flags, 0644, &f, &st, &created);
	if (!err)
		tsmb_os_file_close(f);
	return err;
}

/* A new file beneath dir holding text. */
static bool tsmb_ctf_mkfile(struct tsmb_ctf *t, struct tsmb_os_file *dir, const char *name,
			    uint32_t mode, const char *text)
{
	struct tsmb_os_file *f;
	struct tsmb_os_stat st;
	size_t len = tsmb_ctf_strlen(text), done;
	bool created, ok;

	if (!CTF_CHECK(t, tsmb_os_file_open(dir, name, TSMB_O_CREATE | TSMB_O_EXCL | TSMB_O_WRITE,
					    mode, &f, &st, &created) == 0))
		return false;
	ok = CTF_CHECK(t, tsmb_os_file_pwrite(f, text, len, 0, &done) == 0 && done == len);
	tsmb_os_file_close(f);
	return ok;
}

static bool tsmb_ctf_mkdir(struct tsmb_ctf *t, const char *name, uint32_t mode)
{
	struct tsmb_os_file *d;
	struct tsmb_os_stat st;
	bool created;

	if (!CTF_CHECK(t, tsmb_os_file_open(t->root, name,
					    TSMB_O_CREATE | TSMB_O_EXCL | TSMB_O_MKDIR, mode,
					    &d, &st, &created) == 0))
		return false;
	tsmb_os_file_close(d);
	return true;
}

/* The file's first bytes are text, and nothing follows. */
static bool tsmb_ctf_holds(struct tsmb_os_file *f, const char *text)
{
	size_t len = tsmb_ctf_strlen(text), done;
	char buf[32];

	if (len > sizeof(buf) || tsmb_os_file_pread(f, buf, sizeof(buf), 0, &done))
		return false;
	return done == len && !tsmb_memcmp(buf, text, len);
}

/* --- create, open, data -------------------------------------------------- */

static void tsmb_ctf_data(struct tsmb_ctf *t, struct tsmb_os_file *f)
{
	static const char msg[] = "hello, world";
	struct tsmb_os_stat st;
	unsigned char buf[64];
	size_t done;
	int i, r;
	bool zero = true;

	CTF_CHECK(t, tsmb_os_file_pwrite(f, msg, 12, 0, &done) == 0 && done == 12);
	CTF_CHECK(t, tsmb_os_file_pread(f, buf, 5, 7, &done) == 0 && done == 5 &&
		  !tsmb_memcmp(buf, "world", 5));
	/* Short only at the end of the file; nothing past it. */
	CTF_CHECK(t, tsmb_os_file_pread(f, buf, sizeof(buf), 8, &done) == 0 && done == 4);
	CTF_CHECK(t, tsmb_os_file_pread(f, buf, sizeof(buf), 12, &done) == 0 && done == 0);
	CTF_CHECK(t, tsmb_os_file_pread(f, buf, sizeof(buf), 1u << 30, &done) == 0 && done == 0);
	/* Writing past the end leaves a hole that reads as zeros. */
	CTF_CHECK(t, tsmb_os_file_pwrite(f, "!", 1, 20, &done) == 0 && done == 1);
	CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0 && st.size == 21);
	CTF_CHECK(t, tsmb_os_file_pread(f, buf, sizeof(buf), 0, &done) == 0 && done == 21);
	for (i = 12; i < 20; i++)
		zero = zero && !buf[i];
	CTF_CHECK(t, zero && buf[20] == '!');
	CTF_CHECK(t, tsmb_os_file_fsync(f) == 0);
	CTF_CHECK(t, tsmb_os_file_truncate(f, 5) == 0);
	CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0 && st.size == 5);
	CTF_CHECK(t, tsmb_ctf_holds(f, "hello"));
	r = tsmb_os_file_allocate(f, 1u << 20);
	CTF_CHECK(t, r == 0 || r == -TSMB_EOPNOTSUPP);
	if (r == 0)
		CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0 && st.size == 5 &&
			  st.alloc >= (1u << 20));
}

static void tsmb_ctf_create(struct tsmb_ctf *t)
{
	struct tsmb_os_file *f;
	struct tsmb_os_stat st;
	bool created = false;
	size_t done;
	char c;

	/* 0666: a umask of 022 would narrow it; the contract takes the mode as given. */
	if (!CTF_CHECK(t, tsmb_os_file_open(t->root, "f", TSMB_O_CREATE | TSMB_O_READ |
					    TSMB_O_WRITE, 0666, &f, &st, &created) == 0))
		return;
	CTF_CHECK(t, created && TSMB_S_ISREG(st.mode) && (st.mode & 07777) == 0666);
	CTF_CHECK(t, st.size == 0 && st.nlink == 1);
	tsmb_ctf_data(t, f);
	tsmb_os_file_close(f);

	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "f", TSMB_O_CREATE | TSMB_O_EXCL | TSMB_O_WRITE) ==
		  -TSMB_EEXIST);
	if (CTF_CHECK(t, tsmb_os_file_open(t->root, "f", TSMB_O_CREATE | TSMB_O_READ, 0644, &f,
					   &st, &created) == 0)) {
		CTF_CHECK(t, !created && st.size == 5 && tsmb_ctf_holds(f, "hello"));
		/* Read-only handle: no writing, no truncating. */
		CTF_CHECK(t, tsmb_os_file_pwrite(f, "x", 1, 0, &done) != 0);
		CTF_CHECK(t, tsmb_os_file_truncate(f, 0) != 0);
		tsmb_os_file_close(f);
	}
	if (CTF_CHECK(t, tsmb_ctf_open(t, "f", TSMB_O_WRITE | TSMB_O_SYNC, &f) == 0)) {
		CTF_CHECK(t, tsmb_os_file_pwrite(f, "J", 1, 0, &done) == 0 && done == 1);
		CTF_CHECK(t, tsmb_os_file_pread(f, &c, 1, 0, &done) != 0);
		tsmb_os_file_close(f);
	}
	if (CTF_CHECK(t, tsmb_os_file_open(t->root, "f", TSMB_O_READ | TSMB_O_WRITE |
					   TSMB_O_TRUNC, 0, &f, &st, &created) == 0)) {
		CTF_CHECK(t, st.size == 0);
		tsmb_os_file_close(f);
	}
	/* Attributes only: neither reads nor writes. */
	if (CTF_CHECK(t, tsmb_os_file_open(t->root, "f", 0, 0, &f, &st, &created) == 0)) {
		CTF_CHECK(t, TSMB_S_ISREG(st.mode) && !created);
		CTF_CHECK(t, tsmb_os_file_pread(f, &c, 1, 0, &done) != 0);
		CTF_CHECK(t, tsmb_os_file_pwrite(f, "x", 1, 0, &done) != 0);
		tsmb_os_file_close(f);
	}
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "missing", TSMB_O_READ) == -TSMB_ENOENT);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "missing/x", TSMB_O_CREATE | TSMB_O_WRITE) ==
		  -TSMB_ENOENT);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "f", TSMB_O_READ | TSMB_O_DIRECTORY) ==
		  -TSMB_ENOTDIR);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "f/x", TSMB_O_READ) == -TSMB_ENOTDIR);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "f", TSMB_O_CREATE | TSMB_O_MKDIR) ==
		  -TSMB_ENOTDIR);
}

/* --- directories, unlink, rmdir ------------------------------------------ */

static void tsmb_ctf_dirs(struct tsmb_ctf *t)
{
	struct tsmb_os_file *d, *self;
	struct tsmb_os_stat st, st2;
	bool created = false;

	if (!CTF_CHECK(t, tsmb_os_file_open(t->root, "d", TSMB_O_CREATE | TSMB_O_MKDIR |
					    TSMB_O_READ, 0750, &d, &st, &created) == 0))
		return;
	CTF_CHECK(t, created && TSMB_S_ISDIR(st.mode) && (st.mode & 07777) == 0750);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "d", TSMB_O_CREATE | TSMB_O_MKDIR | TSMB_O_EXCL) ==
		  -TSMB_EEXIST);
	if (CTF_CHECK(t, tsmb_os_file_open(t->root, "d", TSMB_O_CREATE | TSMB_O_MKDIR, 0700,
					   &self, &st2, &created) == 0)) {
		CTF_CHECK(t, !created && st2.ino == st.ino && (st2.mode & 07777) == 0750);
		tsmb_os_file_close(self);
	}
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "d", TSMB_O_READ | TSMB_O_NOTDIR) ==
		  -TSMB_EISDIR);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "d", TSMB_O_WRITE) == -TSMB_EISDIR);

	CTF_CHECK(t, tsmb_ctf_mkfile(t, d, "x", 0600, "x"));
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "d/x", &st) == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(d, "x", &st2) == 0 && st.ino == st2.ino &&
		  st.dev == st2.dev);
	/* "": the directory itself. */
	CTF_CHECK(t, tsmb_os_file_stat(d, &st) == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(d, "", &st2) == 0 && st.ino == st2.ino);
	if (CTF_CHECK(t, tsmb_os_file_open(d, "", TSMB_O_READ | TSMB_O_DIRECTORY, 0, &self,
					   &st2, &created) == 0)) {
		CTF_CHECK(t, st2.ino == st.ino && !created);
		tsmb_os_file_close(self);
	}
	CTF_CHECK(t, tsmb_ctf_mkdir(t, "d/sub", 0755));

	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "d") == -TSMB_ENOTEMPTY);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "d") == -TSMB_EISDIR);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "f") == -TSMB_ENOTDIR);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "") == -TSMB_EINVAL);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "") == -TSMB_EINVAL);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "d/.") == -TSMB_EINVAL);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "d/..") == -TSMB_EINVAL);
	CTF_CHECK(t, tsmb_os_file_unlink(d, "x") == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "d/x", &st) == -TSMB_ENOENT);
	CTF_CHECK(t, tsmb_os_file_unlink(d, "x") == -TSMB_ENOENT);
	CTF_CHECK(t, tsmb_os_file_rmdir(d, "sub") == 0);
	tsmb_os_file_close(d);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "d") == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "d", &st) == -TSMB_ENOENT);
}

/* --- attributes ---------------------------------------------------------- */

static void tsmb_ctf_times(struct tsmb_ctf *t, struct tsmb_os_file *f, struct tsmb_os_file *p)
{
	/* 2001-09-09 with nanoseconds; 1.5 s before 1970. */
	const int64_t at = 1000000000LL * TSMB_CTF_NS + 123456789, mt = -1500000000LL;
	const int64_t mt2 = 1234567890LL * TSMB_CTF_NS + 5;
	struct tsmb_os_stat st;

	CTF_CHECK(t, tsmb_os_file_set_times(f, at, mt) == 0);
	CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0 && st.atime == at && st.mtime == mt);
	CTF_CHECK(t, tsmb_os_file_set_times(f, TSMB_TIME_OMIT, mt2) == 0);
	CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0 && st.atime == at && st.mtime == mt2);
	/* Any handle: one opened for attributes only too. */
	CTF_CHECK(t, tsmb_os_file_set_times(p, mt2, TSMB_TIME_OMIT) == 0);
	CTF_CHECK(t, tsmb_os_file_stat(p, &st) == 0 && st.atime == mt2 && st.mtime == mt2);
}

static void tsmb_ctf_attrs(struct tsmb_ctf *t)
{
	struct tsmb_os_file *f, *p, *d;
	struct tsmb_os_stat st, st2;
	struct tsmb_os_statfs sf, sf2;
	int64_t now = tsmb_ctf_now();

	if (!CTF_CHECK(t, tsmb_ctf_mkfile(t, t->root, "a", 0640, "attrs")))
		return;
	if (!CTF_CHECK(t, tsmb_ctf_open(t, "a", TSMB_O_READ | TSMB_O_WRITE, &f) == 0))
		return;
	if (!CTF_CHECK(t, tsmb_ctf_open(t, "a", 0, &p) == 0)) {
		tsmb_os_file_close(f);
		return;
	}
	CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "a", &st2) == 0);
	CTF_CHECK(t, st.dev == st2.dev && st.ino == st2.ino && st.size == 5 && st2.size == 5);
	CTF_CHECK(t, TSMB_S_ISREG(st.mode) && (st.mode & 07777) == 0640 && st.nlink == 1);
	CTF_CHECK(t, st.blksize > 0 && st.btime > 0);
	/* Made a moment ago, by this host's clock (generous for emulators). */
	CTF_CHECK(t, st.mtime > now - 600 * TSMB_CTF_NS && st.mtime < now + 600 * TSMB_CTF_NS);
	CTF_CHECK(t, st.ctime > now - 600 * TSMB_CTF_NS && st.ctime < now + 600 * TSMB_CTF_NS);
	CTF_CHECK(t, tsmb_os_file_stat(p, &st2) == 0 && st2.ino == st.ino);
	tsmb_ctf_times(t, f, p);

	CTF_CHECK(t, tsmb_os_file_chmod(f, 0604) == 0);
	CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0 && (st.mode & 07777) == 0604 &&
		  TSMB_S_ISREG(st.mode));
	CTF_CHECK(t, tsmb_os_file_chmod(p, 0640) == 0);
	CTF_CHECK(t, tsmb_os_file_stat(f, &st) == 0 && (st.mode & 07777) == 0640);
	if (CTF_CHECK(t, tsmb_ctf_open(t, "", TSMB_O_READ | TSMB_O_DIRECTORY, &d) == 0)) {
		CTF_CHECK(t, tsmb_os_file_stat(d, &st) == 0 && TSMB_S_ISDIR(st.mode));
		CTF_CHECK(t, tsmb_os_file_chmod(d, 0711) == 0);
		CTF_CHECK(t, tsmb_os_file_stat(t->root, &st2) == 0 && (st2.mode & 07777) == 0711);
		CTF_CHECK(t, tsmb_os_file_chmod(d, st.mode & 07777) == 0);
		tsmb_os_file_close(d);
	}

	CTF_CHECK(t, tsmb_os_file_statfs(t->root, &sf) == 0);
	CTF_CHECK(t, sf.bsize > 0 && sf.blocks > 0 && sf.bfree <= sf.blocks &&
		  sf.bavail <= sf.bfree && sf.name_max >= 14);
	CTF_CHECK(t, tsmb_os_file_statfs(p, &sf2) == 0 && sf2.fsid == sf.fsid &&
		  sf2.magic == sf.magic && sf2.bsize == sf.bsize);
	tsmb_os_file_close(p);
	tsmb_os_file_close(f);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "a") == 0);
}

/* --- extended attributes ------------------------------------------------- */

/* names[0..len) holds exactly the NUL-terminated names a and b, in any order. */
static bool tsmb_ctf_list_is(const char *names, size_t len, const char *a, const char *b)
{
	size_t i = 0, n;
	int seen_a = 0, seen_b = 0;

	while (i < len) {
		n = 0;
		while (i + n < len && names[i + n])
			n++;
		if (i + n == len)
			return false;	/* not terminated */
		if (tsmb_ctf_is(names + i, n, a))
			seen_a++;
		else if (b && tsmb_ctf_is(names + i, n, b))
			seen_b++;
		else
			return false;
		i += n + 1;
	}
	return seen_a == 1 && seen_b == (b ? 1 : 0);
}

static void tsmb_ctf_xattr_on(struct tsmb_ctf *t, struct tsmb_os_file *f)
{
	char buf[64];
	size_t len;

	CTF_CHECK(t, tsmb_os_file_setxattr(f, "tsmb.a", "alpha", 5) == 0);
	CTF_CHECK(t, tsmb_os_file_getxattr(f, "tsmb.a", buf, sizeof(buf), &len) == 0 &&
		  len == 5 && !tsmb_memcmp(buf, "alpha", 5));
	CTF_CHECK(t, tsmb_os_file_getxattr(f, "tsmb.a", buf, 2, &len) == -TSMB_ERANGE);
	CTF_CHECK(t, tsmb_os_file_getxattr(f, "tsmb.none", buf, sizeof(buf), &len) ==
		  -TSMB_ENODATA);
	/* Replacing, and an empty value. */
	CTF_CHECK(t, tsmb_os_file_setxattr(f, "tsmb.a", "beta", 4) == 0);
	CTF_CHECK(t, tsmb_os_file_setxattr(f, "tsmb.b", "", 0) == 0);
	CTF_CHECK(t, tsmb_os_file_getxattr(f, "tsmb.a", buf, sizeof(buf), &len) == 0 &&
		  len == 4 && !tsmb_memcmp(buf, "beta", 4));
	CTF_CHECK(t, tsmb_os_file_getxattr(f, "tsmb.b", buf, sizeof(buf), &len) == 0 && len == 0);
	/* Only the "user." names, without the prefix. */
	CTF_CHECK(t, tsmb_os_file_listxattr(f, buf, sizeof(buf), &len) == 0 &&
		  len == 14 && tsmb_ctf_list_is(buf, len, "tsmb.a", "tsmb.b"));
	CTF_CHECK(t, tsmb_os_file_listxattr(f, buf, 3, &len) == -TSMB_ERANGE);
	CTF_CHECK(t, tsmb_os_file_removexattr(f, "tsmb.b") == 0);
	CTF_CHECK(t, tsmb_os_file_removexattr(f, "tsmb.b") == -TSMB_ENODATA);
	CTF_CHECK(t, tsmb_os_file_listxattr(f, buf, sizeof(buf), &len) == 0 &&
		  tsmb_ctf_list_is(buf, len, "tsmb.a", NULL));
	CTF_CHECK(t, tsmb_os_file_removexattr(f, "tsmb.a") == 0);
	CTF_CHECK(t, tsmb_os_file_getxattr(f, "tsmb.a", buf, sizeof(buf), &len) ==
		  -TSMB_ENODATA);
}

static void tsmb_ctf_xattrs(struct tsmb_ctf *t)
{
	struct tsmb_os_file *f, *p, *d;
	char buf[16];
	size_t len;
	int r;

	if (!CTF_CHECK(t, tsmb_ctf_mkfile(t, t->root, "x", 0644, "x")))
		return;
	if (CTF_CHECK(t, tsmb_ctf_open(t, "x", TSMB_O_READ | TSMB_O_WRITE, &f) == 0)) {
		r = tsmb_os_file_setxattr(f, "tsmb.probe", "1", 1);
		if (r == -TSMB_EOPNOTSUPP) {
			tsmb_ctf_skip("xattrs: the scratch file system has no user xattrs", r);
		} else if (CTF_CHECK(t, r == 0)) {
			CTF_CHECK(t, tsmb_os_file_removexattr(f, "tsmb.probe") == 0);
			tsmb_ctf_xattr_on(t, f);
			/* A handle without data access, and a directory. */
			if (CTF_CHECK(t, tsmb_ctf_open(t, "x", 0, &p) == 0)) {
				tsmb_ctf_xattr_on(t, p);
				tsmb_os_file_close(p);
			}
			if (CTF_CHECK(t, tsmb_ctf_open(t, "", TSMB_O_READ, &d) == 0)) {
				tsmb_ctf_xattr_on(t, d);
				tsmb_os_file_close(d);
			}
			/* What one handle set, another sees. */
			CTF_CHECK(t, tsmb_os_file_setxattr(f, "tsmb.c", "c", 1) == 0);
			if (CTF_CHECK(t, tsmb_ctf_open(t, "x", 0, &p) == 0)) {
				CTF_CHECK(t, tsmb_os_file_getxattr(p, "tsmb.c", buf, sizeof(buf),
								   &len) == 0 && len == 1);
				tsmb_os_file_close(p);
			}
		}
		tsmb_os_file_close(f);
	}
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "x") == 0);
}

/* --- rename --------------------------------------------------------------- */

static void tsmb_ctf_rename(struct tsmb_ctf *t)
{
	struct tsmb_os_file *rd, *f;
	struct tsmb_os_stat st, st1;

	if (!CTF_CHECK(t, tsmb_ctf_mkfile(t, t->root, "r1", 0644, "one") &&
		       tsmb_ctf_mkfile(t, t->root, "r2", 0644, "two") &&
		       tsmb_ctf_mkdir(t, "rd", 0755)))
		return;
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "r1", &st1) == 0);
	CTF_CHECK(t, tsmb_os_file_rename(t->root, "r1", t->root, "r2", TSMB_RENAME_NOREPLACE) ==
		  -TSMB_EEXIST);
	CTF_CHECK(t, tsmb_os_file_rename(t->root, "r1", t->root, "r2", 0) == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "r1", &st) == -TSMB_ENOENT);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "r2", &st) == 0 && st.ino == st1.ino);
	if (CTF_CHECK(t, tsmb_ctf_open(t, "rd", TSMB_O_READ | TSMB_O_DIRECTORY, &rd) == 0)) {
		/* Between directory handles, names relative to each. */
		CTF_CHECK(t, tsmb_os_file_rename(t->root, "r2", rd, "r3", 0) == 0);
		CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "rd/r3", &st) == 0 && st.ino == st1.ino);
		CTF_CHECK(t, tsmb_os_file_rename(rd, "r3", t->root, "../r3", 0) == -TSMB_EXDEV);
		CTF_CHECK(t, tsmb_os_file_rename(rd, "r3", t->root, "/r3", 0) == -TSMB_EXDEV);
		CTF_CHECK(t, tsmb_os_file_rename(rd, "../f", rd, "r4", 0) == -TSMB_EXDEV);
		CTF_CHECK(t, tsmb_os_file_rename(t->root, "", rd, "r4", 0) == -TSMB_EINVAL);
		CTF_CHECK(t, tsmb_os_file_rename(rd, "r3", rd, "..", 0) == -TSMB_EINVAL);
		CTF_CHECK(t, tsmb_os_file_rename(rd, "r3", t->root, "rd/.", 0) == -TSMB_EINVAL);
		CTF_CHECK(t, tsmb_os_file_rename(rd, "r3", t->root, "r4", TSMB_RENAME_NOREPLACE) ==
			  0);
		tsmb_os_file_close(rd);
	}
	if (CTF_CHECK(t, tsmb_ctf_open(t, "r4", TSMB_O_READ, &f) == 0)) {
		CTF_CHECK(t, tsmb_ctf_holds(f, "one"));
		tsmb_os_file_close(f);
	}
	/* A directory moves with what is in it. */
	CTF_CHECK(t, tsmb_ctf_mkfile(t, t->root, "rd/in", 0644, "in"));
	CTF_CHECK(t, tsmb_os_file_rename(t->root, "rd", t->root, "rd2", 0) == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "rd2/in", &st) == 0);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "rd2/in") == 0);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "rd2") == 0);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "r4") == 0);
}

/* --- directory listing ----------------------------------------------------- */

/* Entries eNN (NN < TSMB_CTF_ENTRIES), then "." and "..". */
#define TSMB_CTF_DOT	TSMB_CTF_ENTRIES
#define TSMB_CTF_DOTDOT	(TSMB_CTF_ENTRIES + 1)
#define TSMB_CTF_SLOTS	(TSMB_CTF_ENTRIES + 2)

struct tsmb_ctf_list {
	unsigned char seen[TSMB_CTF_SLOTS];
	int n;			/* entries counted */
	int stop_at;		/* stop (uncounted) at the entry after this many; 0: never */
	int other;		/* names that are none of ours */
	uint64_t ino[TSMB_CTF_SLOTS];
	uint32_t type[TSMB_CTF_SLOTS];
};

static void tsmb_ctf_ename(char *buf, int i)
{
	buf[0] = 'e';
	buf[1] = (char)('0' + i / 10);
	buf[2] = (char)('0' + i % 10);
	buf[3] = '\0';
}

static int tsmb_ctf_slot(const char *name, size_t len)
{
	int i;

	if (tsmb_ctf_is(name, len, "."))
		return TSMB_CTF_DOT;
	if (tsmb_ctf_is(name, len, ".."))
		return TSMB_CTF_DOTDOT;
	if (len != 3 || name[0] != 'e' || name[1] < '0' || name[1] > '9' || name[2] < '0' ||
	    name[2] > '9')
		return -1;
	i = (name[1] - '0') * 10 + (name[2] - '0');
	return i < TSMB_CTF_ENTRIES ? i : -1;
}

static int tsmb_ctf_list_fn(void *ctx, const char *name, size_t len, uint64_t ino,
			    uint32_t type)
{
	struct tsmb_ctf_list *l = ctx;
	int i;

	if (l->stop_at && l->n == l->stop_at)
		return TSMB_CTF_STOP;
	l->n++;
	i = tsmb_ctf_slot(name, len);
	if (i < 0) {
		l->other++;
		return 0;
	}
	l->seen[i]++;
	l->ino[i] = ino;
	l->type[i] = type;
	return 0;
}

static void tsmb_ctf_list_reset(struct tsmb_ctf_list *l, int stop_at)
{
	tsmb_memset(l, 0, sizeof(*l));
	l->stop_at = stop_at;
}

/* Every slot seen exactly once, and nothing else. */
static bool tsmb_ctf_list_once(const struct tsmb_ctf_list *l)
{
	int i;

	for (i = 0; i < TSMB_CTF_SLOTS; i++)
		if (l->seen[i] != 1)
			return false;
	return !l->other;
}

static void tsmb_ctf_list_types(struct tsmb_ctf *t, struct tsmb_os_file *it,
				const struct tsmb_ctf_list *l)
{
	struct tsmb_os_stat st;

	CTF_CHECK(t, l->type[7] == TSMB_S_IFREG || l->type[7] == 0);
	CTF_CHECK(t, l->type[TSMB_CTF_DOT] == TSMB_S_IFDIR || l->type[TSMB_CTF_DOT] == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(it, "e07", &st) == 0 && st.ino == l->ino[7]);
}

/*
 * Removing an entry already listed and adding one must not make the rest
 * of a listing skip or repeat entries that were there all along.
 */
static void tsmb_ctf_list_mutate(struct tsmb_ctf *t, struct tsmb_os_file *it,
				 struct tsmb_ctf_list *l)
{
	char name[4];
	uint64_t pos = 0;
	int i, gone = -1;
	bool ok = true;

	tsmb_ctf_list_reset(l, 10);
	CTF_CHECK(t, tsmb_os_dir_iterate(it, &pos, tsmb_ctf_list_fn, l) == TSMB_CTF_STOP);
	for (i = 0; i < TSMB_CTF_ENTRIES && gone < 0; i++)
		if (l->seen[i])
			gone = i;
	if (!CTF_CHECK(t, gone >= 0))
		return;
	tsmb_ctf_ename(name, gone);
	CTF_CHECK(t, tsmb_os_file_unlink(it, name) == 0);
	CTF_CHECK(t, tsmb_ctf_mkfile(t, it, "new", 0644, ""));
	l->stop_at = 0;
	CTF_CHECK(t, tsmb_os_dir_iterate(it, &pos, tsmb_ctf_list_fn, l) == 0);
	/* The removed one was listed before; the new one may be listed or not. */
	for (i = 0; i < TSMB_CTF_SLOTS; i++)
		ok = ok && l->seen[i] == 1;
	CTF_CHECK(t, ok && l->other <= 1);
	CTF_CHECK(t, tsmb_os_file_unlink(it, "new") == 0);
	CTF_CHECK(t, tsmb_ctf_mkfile(t, it, name, 0644, ""));
}

static void tsmb_ctf_list(struct tsmb_ctf *t, struct tsmb_os_file *it, struct tsmb_ctf_list *l)
{
	struct tsmb_os_statfs sf;
	uint64_t pos = 0, saved;
	int n;

	/* Stopped by the callback: its value comes back, the entry is not consumed. */
	tsmb_ctf_list_reset(l, 10);
	CTF_CHECK(t, tsmb_os_dir_iterate(it, &pos, tsmb_ctf_list_fn, l) == TSMB_CTF_STOP);
	CTF_CHECK(t, l->n == 10);
	saved = pos;
	l->stop_at = 0;
	CTF_CHECK(t, tsmb_os_dir_iterate(it, &pos, tsmb_ctf_list_fn, l) == 0);
	CTF_CHECK(t, tsmb_ctf_list_once(l) && l->n == TSMB_CTF_SLOTS);
	tsmb_ctf_list_types(t, it, l);
	/* At the end it stays at the end. */
	n = l->n;
	CTF_CHECK(t, tsmb_os_dir_iterate(it, &pos, tsmb_ctf_list_fn, l) == 0 && l->n == n);
	/* A saved position resumes there, as often as asked. */
	pos = saved;
	l->n = 0;
	CTF_CHECK(t, tsmb_os_dir_iterate(it, &pos, tsmb_ctf_list_fn, l) == 0);
	CTF_CHECK(t, l->n == TSMB_CTF_SLOTS - 10);
	/* 0 restarts. */
	pos = 0;
	tsmb_ctf_list_reset(l, 0);
	CTF_CHECK(t, tsmb_os_dir_iterate(it, &pos, tsmb_ctf_list_fn, l) == 0);
	CTF_CHECK(t, tsmb_ctf_list_once(l));

	/*
	 * tmpfs (before Linux 6.6) and ramfs position a directory by counting
	 * entries, so removing one already listed skips one not yet listed:
	 * the file system's property, which neither implementation can mend.
	 */
	if (tsmb_os_file_statfs(it, &sf) == 0 && sf.magic != TSMB_CTF_TMPFS_MAGIC &&
	    sf.magic != TSMB_CTF_RAMFS_MAGIC)
		tsmb_ctf_list_mutate(t, it, l);
	else
		tsmb_ctf_skip("listing while entries change: positions are indexes here", 0);
}

static void tsmb_ctf_iterate(struct tsmb_ctf *t)
{
	struct tsmb_ctf_list *l;
	struct tsmb_os_file *it;
	char name[4];
	int i, made = 0;

	if (!CTF_CHECK(t, tsmb_ctf_mkdir(t, "it", 0755)))
		return;
	l = tsmb_os_zalloc(sizeof(*l));
	if (CTF_CHECK(t, l != NULL) &&
	    CTF_CHECK(t, tsmb_ctf_open(t, "it", TSMB_O_READ | TSMB_O_DIRECTORY, &it) == 0)) {
		for (made = 0; made < TSMB_CTF_ENTRIES; made++) {
			tsmb_ctf_ename(name, made);
			if (!tsmb_ctf_mkfile(t, it, name, 0644, ""))
				break;
		}
		if (made == TSMB_CTF_ENTRIES)
			tsmb_ctf_list(t, it, l);
		for (i = 0; i < made; i++) {
			tsmb_ctf_ename(name, i);
			CTF_CHECK(t, tsmb_os_file_unlink(it, name) == 0);
		}
		tsmb_os_file_close(it);
	}
	tsmb_os_free(l);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "it") == 0);
}

/* --- escapes and objects that are never opened ----------------------------- */

/* Names that leave the root, however spelled, and what the kernel makes of them. */
static void tsmb_ctf_escape_names(struct tsmb_ctf *t)
{
	struct tsmb_os_stat st;

	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "../x", TSMB_O_READ) == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "..", TSMB_O_READ) == -TSMB_EXDEV ||
		  tsmb_ctf_open_err(t->root, "..", TSMB_O_READ) == -TSMB_EINVAL);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "../x", TSMB_O_CREATE | TSMB_O_WRITE) ==
		  -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "/etc/passwd", TSMB_O_READ) == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "/x", TSMB_O_CREATE | TSMB_O_WRITE) ==
		  -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "/", TSMB_O_READ) == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "../x", &st) == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "/etc", &st) == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "../x") == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "/x") == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "/tmp") == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "/x", &st) == -TSMB_EXDEV);
}

static bool tsmb_ctf_host_ok(struct tsmb_ctf *t, int err, const char *what)
{
	if (err == -TSMB_EOPNOTSUPP) {
		tsmb_ctf_skip(what, err);
		return false;
	}
	return CTF_CHECK(t, err == 0);
}

static void tsmb_ctf_symlinks(struct tsmb_ctf *t)
{
	struct tsmb_os_stat st;
	struct tsmb_os_file *f;

	/* Intermediate links are followed while they stay beneath the root. */
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/out/etc/passwd", TSMB_O_READ) ==
		  -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/up/x", TSMB_O_READ) == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/out/x", TSMB_O_CREATE | TSMB_O_WRITE) ==
		  -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "esc/out/etc", &st) == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "esc/out/x") == -TSMB_EXDEV);
	CTF_CHECK(t, tsmb_os_file_rename(t->root, "esc/sub/sf", t->root, "esc/up/sf", 0) ==
		  -TSMB_EXDEV);
	if (CTF_CHECK(t, tsmb_ctf_open(t, "esc/in/sf", TSMB_O_READ, &f) == 0)) {
		CTF_CHECK(t, tsmb_ctf_holds(f, "sf"));
		tsmb_os_file_close(f);
	}
	/* A final link is never followed, even one that stays inside. */
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/in", TSMB_O_READ) == -TSMB_ELOOP);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/self", TSMB_O_READ) == -TSMB_ELOOP);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/self", 0) == -TSMB_ELOOP);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/out", TSMB_O_READ) == -TSMB_ELOOP);
	/* Not even to create what a dangling one points to. */
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "esc/dang", TSMB_O_CREATE | TSMB_O_WRITE) ==
		  -TSMB_ELOOP);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "esc/nowhere", &st) == -TSMB_ENOENT);
	/* stat and unlink see the link itself. */
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "esc/in", &st) == 0 && TSMB_S_ISLNK(st.mode));
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "esc/sub", &st) == 0 && TSMB_S_ISDIR(st.mode));
}

static void tsmb_ctf_escapes(struct tsmb_ctf *t)
{
	static const char *const links[][2] = {
		{ "esc/out", "/" }, { "esc/up", "../.." }, { "esc/in", "sub" },
		{ "esc/self", "sub/sf" }, { "esc/dang", "nowhere" },
	};
	struct tsmb_os_stat st;
	unsigned int i, made = 0;

	tsmb_ctf_escape_names(t);
	if (!CTF_CHECK(t, tsmb_ctf_mkdir(t, "esc", 0755) && tsmb_ctf_mkdir(t, "esc/sub", 0755) &&
		       tsmb_ctf_mkfile(t, t->root, "esc/sub/sf", 0644, "sf")))
		return;
	for (i = 0; i < TSMB_ARRAY_SIZE(links); i++, made++)
		if (!tsmb_ctf_host_ok(t, tsmb_ct_host_symlink(t->scratch, links[i][0], links[i][1]),
				      "symlinks"))
			break;
	if (made == TSMB_ARRAY_SIZE(links))
		tsmb_ctf_symlinks(t);
	for (i = 0; i < made; i++) {
		CTF_CHECK(t, tsmb_os_file_unlink(t->root, links[i][0]) == 0);
		CTF_CHECK(t, tsmb_os_file_stat_at(t->root, links[i][0], &st) == -TSMB_ENOENT);
	}
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "esc/sub/sf") == 0);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "esc/sub") == 0);
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "esc") == 0);
}

/* Opens of a FIFO, on a worker so that one that blocks fails a check, not the suite. */
struct tsmb_ctf_fifo {
	struct tsmb_work work;
	struct tsmb_os_file *root;
	const char *name;
	struct tsmb_completion done;
	int err[6];
};

static const unsigned int tsmb_ctf_fifo_flags[6] = {
	TSMB_O_READ, TSMB_O_WRITE, TSMB_O_READ | TSMB_O_WRITE, 0,
	TSMB_O_CREATE | TSMB_O_READ, TSMB_O_CREATE | TSMB_O_WRITE | TSMB_O_TRUNC,
};

static void tsmb_ctf_fifo_fn(struct tsmb_work *work)
{
	struct tsmb_ctf_fifo *w = tsmb_container_of(work, struct tsmb_ctf_fifo, work);
	unsigned int i;

	for (i = 0; i < TSMB_ARRAY_SIZE(w->err); i++)
		w->err[i] = tsmb_ctf_open_err(w->root, w->name, tsmb_ctf_fifo_flags[i]);
	tsmb_os_complete(&w->done);
}

/* Every open of name fails with -TSMB_EACCES, at once. */
static void tsmb_ctf_never_opened(struct tsmb_ctf *t, const char *name)
{
	struct tsmb_ctf_fifo *w = tsmb_os_zalloc(sizeof(*w));
	unsigned int i, kicks = 0;

	if (!CTF_CHECK(t, w != NULL))
		return;
	w->root = t->root;
	w->name = name;
	tsmb_os_completion_init(&w->done);
	tsmb_os_work_init(&w->work, tsmb_ctf_fifo_fn);
	tsmb_os_work_queue(t->wq, &w->work);
	if (!CTF_CHECK(t, tsmb_os_completion_wait(&w->done, TSMB_CTF_WAIT_MS) == 0)) {
		/* Blocked in an open: unblock it, or this would never return. */
		while (tsmb_os_completion_wait(&w->done, 100) && kicks++ < 1000)
			tsmb_ct_host_fifo_kick(t->scratch, name);
	}
	tsmb_os_work_cancel_sync(&w->work);
	for (i = 0; i < TSMB_ARRAY_SIZE(w->err); i++)
		if (!CTF_CHECK(t, w->err[i] == -TSMB_EACCES))
			tsmb_os_log(TSMB_LOG_ERR, "contract: open of %s with flags %#x gave %d",
				    name, tsmb_ctf_fifo_flags[i], w->err[i]);
	tsmb_os_completion_destroy(&w->done);
	tsmb_os_free(w);
}

static void tsmb_ctf_special(struct tsmb_ctf *t)
{
	struct tsmb_os_stat st;
	int r;

	r = tsmb_ct_host_mkfifo(t->scratch, "fifo");
	if (tsmb_ctf_host_ok(t, r, "FIFO")) {
		CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "fifo", &st) == 0 &&
			  (st.mode & TSMB_S_IFMT) == TSMB_S_IFIFO);
		tsmb_ctf_never_opened(t, "fifo");
		CTF_CHECK(t, tsmb_os_file_unlink(t->root, "fifo") == 0);
	}
	r = tsmb_ct_host_mknod(t->scratch, "null");
	if (r == -TSMB_EPERM || r == -TSMB_EOPNOTSUPP) {
		tsmb_ctf_skip("device node: the host may not make one", r);
	} else if (CTF_CHECK(t, r == 0)) {
		CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "null", &st) == 0 &&
			  (st.mode & TSMB_S_IFMT) == TSMB_S_IFCHR);
		tsmb_ctf_never_opened(t, "null");
		CTF_CHECK(t, tsmb_os_file_unlink(t->root, "null") == 0);
	}
}

/* --- identity -------------------------------------------------------------- */

/* Same uid, gid and set of groups (the kernel keeps groups sorted, not as given). */
static bool tsmb_ctf_same_id(const struct tsmb_ident *a, const struct tsmb_ident *b)
{
	uint32_t i, j;
	bool found;

	if (a->uid != b->uid || a->gid != b->gid || a->ngroups != b->ngroups)
		return false;
	for (i = 0; i < a->ngroups; i++) {
		found = false;
		for (j = 0; j < b->ngroups && !found; j++)
			found = a->groups[i] == b->groups[j];
		if (!found)
			return false;
	}
	return true;
}

/* The calling thread is id, as far as its credentials tell. */
static bool tsmb_ctf_is_id(struct tsmb_ident *scratch, const struct tsmb_ident *id)
{
	return tsmb_ct_host_fsid(scratch) == 0 && tsmb_ctf_same_id(scratch, id);
}

static struct tsmb_os_cred *tsmb_ctf_cred(struct tsmb_ctf *t, struct tsmb_ident *id, uint32_t uid,
					  uint32_t gid, uint32_t group)
{
	struct tsmb_os_cred *c = NULL;

	tsmb_memset(id, 0, sizeof(*id));
	id->uid = uid;
	id->gid = gid;
	if (group != (uint32_t)-1) {
		id->groups[0] = group;
		id->ngroups = 1;
	}
	CTF_CHECK(t, tsmb_os_cred_create(id, &c) == 0 && c);
	return c;
}

/* A worker next to the checking thread: entered as cred (if any) while told to stay. */
struct tsmb_ctf_peer {
	struct tsmb_work work;
	struct tsmb_os_file *root;
	struct tsmb_os_cred *cred;
	struct tsmb_completion entered;
	struct tsmb_completion release;
	struct tsmb_completion done;
	int secret;			/* opening id/secret for reading */
	int made;			/* creating id/peer */
	uint32_t made_uid;
	struct tsmb_ident before;	/* the worker's own identity */
	struct tsmb_ident in;		/* while it ran (entered) */
	struct tsmb_ident after;	/* after leaving */
};

static void tsmb_ctf_peer_fn(struct tsmb_work *work)
{
	struct tsmb_ctf_peer *p = tsmb_container_of(work, struct tsmb_ctf_peer, work);
	struct tsmb_os_cred_saved saved;
	struct tsmb_os_file *f;
	struct tsmb_os_stat st;

	(void)tsmb_ct_host_fsid(&p->before);
	if (p->cred)
		tsmb_os_cred_enter(p->cred, &saved);
	(void)tsmb_ct_host_fsid(&p->in);
	p->secret = tsmb_ctf_open_err(p->root, "id/secret", TSMB_O_READ);
	p->made = tsmb_os_file_open(p->root, "id/peer", TSMB_O_CREATE | TSMB_O_EXCL |
				    TSMB_O_WRITE, 0644, &f, &st, NULL);
	if (!p->made) {
		p->made_uid = st.uid;
		tsmb_os_file_close(f);
	}
	if (p->cred) {
		tsmb_os_complete(&p->entered);
		(void)tsmb_os_completion_wait(&p->release, TSMB_CTF_WAIT_MS);
		tsmb_os_cred_leave(&saved);
	}
	(void)tsmb_ct_host_fsid(&p->after);
	tsmb_os_complete(&p->done);
}

static struct tsmb_ctf_peer *tsmb_ctf_peer_start(struct tsmb_ctf *t, struct tsmb_os_cred *c)
{
	struct tsmb_ctf_peer *p = tsmb_os_zalloc(sizeof(*p));

	if (!CTF_CHECK(t, p != NULL))
		return NULL;
	p->root = t->root;
	p->cred = c;
	tsmb_os_completion_init(&p->entered);
	tsmb_os_completion_init(&p->release);
	tsmb_os_completion_init(&p->done);
	tsmb_os_work_init(&p->work, tsmb_ctf_peer_fn);
	tsmb_os_work_queue(t->wq, &p->work);
	return p;
}

static void tsmb_ctf_peer_end(struct tsmb_ctf *t, struct tsmb_ctf_peer *p)
{
	tsmb_os_complete(&p->release);
	CTF_CHECK(t, tsmb_os_completion_wait(&p->done, TSMB_CTF_WAIT_MS) == 0);
	tsmb_os_work_cancel_sync(&p->work);
	CTF_CHECK(t, tsmb_ctf_same_id(&p->after, &p->before));
	if (!p->made)
		CTF_CHECK(t, tsmb_os_file_unlink(t->root, "id/peer") == 0);
	tsmb_os_completion_destroy(&p->entered);
	tsmb_os_completion_destroy(&p->release);
	tsmb_os_completion_destroy(&p->done);
	tsmb_os_free(p);
}

/* Identities the checks switch between, and one to look at the thread with. */
struct tsmb_ctf_ids {
	struct tsmb_ident base;		/* the checking thread's own */
	struct tsmb_ident nobody;
	struct tsmb_ident grp;		/* nobody, plus the group of id/grp */
	struct tsmb_ident fsgid;	/* nobody's uid, id/grp's group as gid */
	struct tsmb_ident other;	/* nobody, plus a group nobody else has */
	struct tsmb_ident look;
	uint32_t group;			/* id/grp's group */
};

/* This thread entered as nobody; a worker beside it keeps its own identity. */
static void tsmb_ctf_ident_here(struct tsmb_ctf *t, struct tsmb_ctf_ids *ids,
				struct tsmb_os_cred *nobody)
{
	struct tsmb_os_cred_saved saved;
	struct tsmb_ctf_peer *p;
	struct tsmb_os_file *f;
	struct tsmb_os_stat st;

	tsmb_os_cred_enter(nobody, &saved);
	CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->nobody));
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/secret", TSMB_O_READ) == -TSMB_EACCES);
	/* Search permission is enough to stat. */
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "id/secret", &st) == 0 &&
		  st.uid == ids->base.uid);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/grp", TSMB_O_READ) == -TSMB_EACCES);
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "nobody", TSMB_O_CREATE | TSMB_O_WRITE) ==
		  -TSMB_EACCES);
	if (CTF_CHECK(t, tsmb_os_file_open(t->root, "id/nb", TSMB_O_CREATE | TSMB_O_WRITE, 0600,
					   &f, &st, NULL) == 0)) {
		CTF_CHECK(t, st.uid == TSMB_CTF_NOBODY && st.gid == TSMB_CTF_NOBODY);
		tsmb_os_file_close(f);
	}
	p = tsmb_ctf_peer_start(t, NULL);
	if (p) {
		CTF_CHECK(t, tsmb_os_completion_wait(&p->done, TSMB_CTF_WAIT_MS) == 0);
		CTF_CHECK(t, p->secret == 0 && p->made == 0 && p->made_uid == p->before.uid);
		CTF_CHECK(t, tsmb_ctf_same_id(&p->in, &p->before));
		/* Workers act as the host's root (not necessarily with its groups). */
		CTF_CHECK(t, p->before.uid == ids->base.uid && p->before.gid == ids->base.gid);
		tsmb_ctf_peer_end(t, p);
	}
	CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->nobody));
	tsmb_os_cred_leave(&saved);
	CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->base));
	CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/secret", TSMB_O_READ) == 0);
	CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "id/nb", &st) == 0 &&
		  st.uid == TSMB_CTF_NOBODY);
	CTF_CHECK(t, tsmb_os_file_unlink(t->root, "id/nb") == 0);
}

/*
 * A worker entered as nobody, with a group this thread surely lacks; this
 * thread keeps its own identity, groups included, meanwhile.
 */
static void tsmb_ctf_ident_beside(struct tsmb_ctf *t, struct tsmb_ctf_ids *ids)
{
	struct tsmb_os_cred *c;
	struct tsmb_ctf_peer *p;

	c = tsmb_ctf_cred(t, &ids->other, TSMB_CTF_NOBODY, TSMB_CTF_NOBODY, TSMB_CTF_NOBODY - 1);
	if (!c)
		return;
	p = tsmb_ctf_peer_start(t, c);
	if (p) {
		CTF_CHECK(t, tsmb_os_completion_wait(&p->entered, TSMB_CTF_WAIT_MS) == 0);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->base));
		CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/secret", TSMB_O_READ) == 0);
		CTF_CHECK(t, tsmb_ctf_same_id(&p->in, &ids->other));
		CTF_CHECK(t, p->secret == -TSMB_EACCES);
		CTF_CHECK(t, p->made == 0 && p->made_uid == TSMB_CTF_NOBODY);
		tsmb_ctf_peer_end(t, p);
	}
	tsmb_os_cred_put(c);
}

/* Groups and gid count; nested enters unwind one at a time. */
static void tsmb_ctf_ident_groups(struct tsmb_ctf *t, struct tsmb_ctf_ids *ids,
				  struct tsmb_os_cred *nobody)
{
	struct tsmb_os_cred_saved outer, inner;
	struct tsmb_os_cred *grp, *fsgid;

	grp = tsmb_ctf_cred(t, &ids->grp, TSMB_CTF_NOBODY, TSMB_CTF_NOBODY, ids->group);
	fsgid = tsmb_ctf_cred(t, &ids->fsgid, TSMB_CTF_NOBODY, ids->group, (uint32_t)-1);
	if (grp) {
		tsmb_os_cred_enter(nobody, &outer);
		tsmb_os_cred_enter(grp, &inner);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->grp));
		CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/grp", TSMB_O_READ) == 0);
		CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/secret", TSMB_O_READ) == -TSMB_EACCES);
		tsmb_os_cred_leave(&inner);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->nobody));
		CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/grp", TSMB_O_READ) == -TSMB_EACCES);
		tsmb_os_cred_leave(&outer);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->base));
	}
	if (fsgid) {
		tsmb_os_cred_enter(fsgid, &outer);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->fsgid));
		CTF_CHECK(t, tsmb_ctf_open_err(t->root, "id/grp", TSMB_O_READ) == 0);
		tsmb_os_cred_leave(&outer);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->base));
	}
	if (grp)
		tsmb_os_cred_put(grp);
	if (fsgid)
		tsmb_os_cred_put(fsgid);
}

/* Not root: only the process's own identity, and switching to it changes nothing. */
static void tsmb_ctf_ident_unprivileged(struct tsmb_ctf *t, struct tsmb_ctf_ids *ids)
{
	struct tsmb_os_cred_saved saved;
	struct tsmb_os_cred *c = NULL;

	tsmb_os_log(TSMB_LOG_NOTICE, "contract: not privileged: identity switching checks limited");
	if (CTF_CHECK(t, tsmb_os_cred_create(&ids->base, &c) == 0)) {
		tsmb_os_cred_enter(c, &saved);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->base));
		tsmb_os_cred_leave(&saved);
		CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->base));
		tsmb_os_cred_put(c);
	}
	ids->nobody = ids->base;
	ids->nobody.uid++;
	CTF_CHECK(t, tsmb_os_cred_create(&ids->nobody, &c) == -TSMB_EPERM);
}

/* id/secret: 0600, id/grp: 0060 (the group's only), both the checking thread's. */
static bool tsmb_ctf_ident_setup(struct tsmb_ctf *t, struct tsmb_ctf_ids *ids)
{
	struct tsmb_os_stat st;

	if (!CTF_CHECK(t, tsmb_ctf_mkdir(t, "id", 0777) &&
		       tsmb_ctf_mkfile(t, t->root, "id/secret", 0600, "secret") &&
		       tsmb_ctf_mkfile(t, t->root, "id/grp", 0060, "grp")))
		return false;
	if (!CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "id", &st) == 0 &&
		       (st.mode & 07777) == 0777))
		return false;
	if (!CTF_CHECK(t, tsmb_os_file_stat_at(t->root, "id/grp", &st) == 0))
		return false;
	ids->group = st.gid;
	return CTF_CHECK(t, tsmb_ct_host_fsid(&ids->base) == 0);
}

static void tsmb_ctf_ident(struct tsmb_ctf *t)
{
	struct tsmb_ctf_ids *ids = tsmb_os_zalloc(sizeof(*ids));
	struct tsmb_os_cred *nobody = NULL, *bad;
	int r;

	if (!CTF_CHECK(t, ids != NULL))
		return;
	if (!tsmb_ctf_ident_setup(t, ids))
		goto out;
	ids->nobody.uid = TSMB_CTF_NOBODY;
	ids->nobody.gid = TSMB_CTF_NOBODY;
	/* Run by nobody, the switch to nobody would prove nothing. */
	r = ids->base.uid == TSMB_CTF_NOBODY ? -TSMB_EPERM :
	    tsmb_os_cred_create(&ids->nobody, &nobody);
	if (r == -TSMB_EPERM) {
		tsmb_ctf_ident_unprivileged(t, ids);
		goto out;
	}
	if (!CTF_CHECK(t, r == 0))
		goto out;
	ids->nobody.ngroups = TSMB_IDENT_GROUPS_MAX + 1;
	CTF_CHECK(t, tsmb_os_cred_create(&ids->nobody, &bad) == -TSMB_EINVAL);
	ids->nobody.ngroups = 0;
	/* The reference count: get and put pair, the last put frees (ASan/KASAN watch). */
	tsmb_os_cred_get(nobody);
	tsmb_os_cred_put(nobody);
	CTF_CHECK(t, tsmb_ctf_is_id(&ids->look, &ids->base));
	tsmb_ctf_ident_here(t, ids, nobody);
	tsmb_ctf_ident_beside(t, ids);
	tsmb_ctf_ident_groups(t, ids, nobody);
	tsmb_os_cred_put(nobody);
out:
	tsmb_os_free(ids);
	/* What setup made, whether or not all of it was made. */
	tsmb_ctf_ignore(tsmb_os_file_unlink(t->root, "id/secret"));
	tsmb_ctf_ignore(tsmb_os_file_unlink(t->root, "id/grp"));
	CTF_CHECK(t, tsmb_os_file_rmdir(t->root, "id") == 0);
}

int tsmb_contract_file_selftest(const char *scratch)
{
	struct tsmb_ctf t = { .scratch = scratch };

	if (!CTF_CHECK(&t, tsmb_os_root_open(scratch, &t.root) == 0))
		goto out;
	if (!CTF_CHECK(&t, tsmb_os_wq_create("tsmb_ctf", 2, &t.wq) == 0))
		goto out_root;
	/* Others (nobody) must be able to walk from the root. */
	CTF_CHECK(&t, tsmb_os_file_chmod(t.root, 0755) == 0);
	tsmb_ctf_create(&t);
	tsmb_ctf_dirs(&t);
	tsmb_ctf_attrs(&t);
	tsmb_ctf_xattrs(&t);
	tsmb_ctf_rename(&t);
	tsmb_ctf_iterate(&t);
	tsmb_ctf_escapes(&t);
	tsmb_ctf_special(&t);
	tsmb_ctf_ident(&t);
	CTF_CHECK(&t, tsmb_os_file_unlink(t.root, "f") == 0);
	tsmb_os_wq_destroy(t.wq);
out_root:
	tsmb_os_file_close(t.root);
out:
	if (t.failed)
		tsmb_os_log(TSMB_LOG_ERR, "contract: files: %d of %d checks failed", t.failed,
			    t.checks);
	else
		tsmb_os_log(TSMB_LOG_INFO, "contract: files: all %d checks passed", t.checks);
	return t.failed;
}
