// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Identity switching for the calling thread only.
 *
 * Linux keeps credentials per thread; it is glibc that makes setuid(),
 * setgroups() and friends process-wide (it signals every thread to repeat
 * the call). The raw system calls used here change the calling thread
 * alone, so a worker serving one session never lends that session's
 * identity to its neighbours. setfsuid/setfsgid report no error; a second
 * call, which returns the value then in force, says whether the first one
 * took. A switch that did not take would leave the worker acting as root
 * for a client, so it aborts the process rather than carry on.
 *
 * Nesting: the thread remembers which credential it has entered (NULL:
 * its own), and what an enter replaced goes into the caller's saved
 * struct: the fsuid and fsgid, and in saved->p the credential that was
 * current, whose groups leave puts back. The thread's own groups are
 * saved by the outermost enter in thread-local storage, since they are
 * larger than the saved struct and no credential describes them.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/ident.h>
#include <tsmb/os/log.h>
#include <tsmb/os/mem.h>
#include <tsmb/os/sync.h>

#include "internal.h"

/*
 * The thread's own supplementary groups that an enter can save; checked
 * when a credential is created, since enter cannot fail. A daemon's list
 * is short.
 */
#define TSMB_IDENT_OWN_MAX	256

/* 32-bit IDs: the plain calls take 16-bit ones on some 32-bit ABIs. */
#ifdef SYS_setfsuid32
#define TSMB_SYS_SETFSUID	SYS_setfsuid32
#define TSMB_SYS_SETFSGID	SYS_setfsgid32
#define TSMB_SYS_SETGROUPS	SYS_setgroups32
#else
#define TSMB_SYS_SETFSUID	SYS_setfsuid
#define TSMB_SYS_SETFSGID	SYS_setfsgid
#define TSMB_SYS_SETGROUPS	SYS_setgroups
#endif

struct tsmb_os_cred {
	struct tsmb_atomic ref;
	bool own;		/* the process's own identity, which it cannot leave */
	uint32_t uid;
	uint32_t gid;
	uint32_t ngroups;
	gid_t groups[TSMB_IDENT_GROUPS_MAX];
};

struct tsmb_ident_thread {
	struct tsmb_os_cred *cur;	/* entered on this thread; NULL: its own identity */
	int nown;
	gid_t own[TSMB_IDENT_OWN_MAX];	/* the thread's groups before the outermost enter */
};

static __thread struct tsmb_ident_thread tsmb_ident_thread;

/* saved->p of an enter that changed nothing: its leave does nothing either. */
static const char tsmb_ident_noop;

static bool tsmb_ident_has(const gid_t *set, size_t n, gid_t g)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == g)
			return true;
	return false;
}

/*
 * Without root the process cannot switch, so a credential may only be its
 * own identity: same uid, gid and the same set of supplementary groups (a
 * session given fewer groups than the process has would silently get
 * them all).
 */
static bool tsmb_ident_is_self(const struct tsmb_ident *id)
{
	gid_t g[TSMB_IDENT_GROUPS_MAX + 1];
	int n, i;

	if (id->uid != geteuid() || id->gid != getegid())
		return false;
	n = getgroups((int)TSMB_ARRAY_SIZE(g), g);
	if (n < 0)
		return false;
	for (i = 0; i < n; i++)
		if (g[i] != id->gid && !tsmb_ident_has(id->groups, id->ngroups, g[i]))
			return false;
	for (i = 0; i < (int)id->ngroups; i++)
		if (id->groups[i] != id->gid && !tsmb_ident_has(g, (size_t)n, id->groups[i]))
			return false;
	return true;
}

static int tsmb_ident_check(const struct tsmb_ident *id)
{
	uint32_t i;
	int n;

	if (id->ngroups > TSMB_IDENT_GROUPS_MAX)
		return -TSMB_EINVAL;
	/* (uid_t)-1 means "no change" to the set*id calls: never an identity. */
	if (id->uid == (uint32_t)-1 || id->gid == (uint32_t)-1)
		return -TSMB_EINVAL;
	for (i = 0; i < id->ngroups; i++)
		if (id->groups[i] == (uint32_t)-1)
			return -TSMB_EINVAL;
	if (geteuid() != 0)
		return tsmb_ident_is_self(id) ? 0 : -TSMB_EPERM;
	n = getgroups(0, NULL);
	if (n < 0 || n > TSMB_IDENT_OWN_MAX) {
		tsmb_os_log(TSMB_LOG_ERR,
			    "ident: tsmbd has %d supplementary groups, at most %d can be restored",
			    n, TSMB_IDENT_OWN_MAX);
		return -TSMB_EINVAL;
	}
	return 0;
}

/* Sets the thread's fsuid; returns the one it replaces. */
static uint32_t tsmb_ident_fsuid(uint32_t uid, bool *ok)
{
	uint32_t old = (uint32_t)syscall(TSMB_SYS_SETFSUID, uid);

	*ok = (uint32_t)syscall(TSMB_SYS_SETFSUID, uid) == uid;
	return old;
}

static uint32_t tsmb_ident_fsgid(uint32_t gid, bool *ok)
{
	uint32_t old = (uint32_t)syscall(TSMB_SYS_SETFSGID, gid);

	*ok = (uint32_t)syscall(TSMB_SYS_SETFSGID, gid) == gid;
	return old;
}

static int tsmb_ident_groups(size_t n, const gid_t *groups)
{
	return syscall(TSMB_SYS_SETGROUPS, n, groups) ? tsmb_posix_err(errno) : 0;
}

/* The groups in force before c (or before the outermost enter). */
static int tsmb_ident_groups_back(struct tsmb_os_cred *prev)
{
	struct tsmb_ident_thread *t = &tsmb_ident_thread;

	if (prev)
		return tsmb_ident_groups(prev->ngroups, prev->groups);
	return tsmb_ident_groups((size_t)t->nown, t->own);
}

/* Takes c's identity, or changes nothing and fails. */
static int tsmb_ident_enter(struct tsmb_os_cred *c, struct tsmb_os_cred_saved *saved)
{
	struct tsmb_ident_thread *t = &tsmb_ident_thread;
	bool ok;
	int n, err;

	if (!t->cur) {
		n = getgroups(TSMB_IDENT_OWN_MAX, t->own);
		if (n < 0)
			return tsmb_posix_err(errno);
		t->nown = n;
	}
	saved->p = t->cur;
	err = tsmb_ident_groups(c->ngroups, c->groups);
	if (err)
		return err;
	saved->gid = tsmb_ident_fsgid(c->gid, &ok);
	if (ok) {
		saved->uid = tsmb_ident_fsuid(c->uid, &ok);
		if (ok) {
			t->cur = c;
			return 0;
		}
		(void)tsmb_ident_fsuid(saved->uid, &ok);
	}
	/* Without CAP_SETUID/CAP_SETGID, or an ID this namespace does not map. */
	(void)tsmb_ident_fsgid(saved->gid, &ok);
	(void)tsmb_ident_groups_back(saved->p);
	return -TSMB_EPERM;
}

void tsmb_os_cred_enter(struct tsmb_os_cred *c, struct tsmb_os_cred_saved *saved)
{
	int err;

	if (c->own) {
		saved->p = (void *)&tsmb_ident_noop;
		saved->uid = c->uid;
		saved->gid = c->gid;
		return;
	}
	err = tsmb_ident_enter(c, saved);
	if (err)
		tsmb_posix_die("entering a credential", -err);
}

void tsmb_os_cred_leave(struct tsmb_os_cred_saved *saved)
{
	struct tsmb_ident_thread *t = &tsmb_ident_thread;
	bool uid_ok, gid_ok;
	int err;

	if (saved->p == &tsmb_ident_noop)
		return;
	(void)tsmb_ident_fsuid(saved->uid, &uid_ok);
	(void)tsmb_ident_fsgid(saved->gid, &gid_ok);
	err = tsmb_ident_groups_back(saved->p);
	if (!uid_ok || !gid_ok || err)
		tsmb_posix_die("leaving a credential", err ? -err : EPERM);
	t->cur = saved->p;
}

int tsmb_os_cred_create(const struct tsmb_ident *id, struct tsmb_os_cred **out)
{
	struct tsmb_os_cred_saved saved;
	struct tsmb_os_cred *c;
	uint32_t i;
	int err;

	*out = NULL;
	err = tsmb_ident_check(id);
	if (err)
		return err;
	c = tsmb_os_zalloc(sizeof(*c));
	if (!c)
		return -TSMB_ENOMEM;
	tsmb_atomic_set(&c->ref, 1);
	c->own = geteuid() != 0;
	c->uid = id->uid;
	c->gid = id->gid;
	c->ngroups = id->ngroups;
	for (i = 0; i < id->ngroups; i++)
		c->groups[i] = id->groups[i];
	/*
	 * Enter once on trial: an ID that this user namespace does not map is
	 * refused here, where failing is allowed, and not in enter.
	 */
	if (!c->own) {
		err = tsmb_ident_enter(c, &saved);
		if (err) {
			tsmb_os_free(c);
			return err;
		}
		tsmb_os_cred_leave(&saved);
	}
	*out = c;
	return 0;
}

void tsmb_os_cred_get(struct tsmb_os_cred *c)
{
	tsmb_atomic_inc(&c->ref);
}

void tsmb_os_cred_put(struct tsmb_os_cred *c)
{
	if (c && tsmb_atomic_dec_and_test(&c->ref))
		tsmb_os_free(c);
}
