/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Identity switching: a worker takes a session's uid, gid and groups only
 * while it serves one of that session's requests, so that the OS checks
 * permissions and owns new files as that user.
 *
 * User format: setfsuid/setfsgid and the raw setgroups system call, which
 * act on the calling thread only (glibc's setgroups() would change every
 * thread). When tsmbd does not run as root it cannot switch: creating a
 * credential then fails with -TSMB_EPERM unless the identity is the
 * process's own. Kernel format: prepare_creds() once per session,
 * override_creds()/revert_creds() per request.
 */
#ifndef TSMB_OS_IDENT_H
#define TSMB_OS_IDENT_H

#include <tsmb/os/types.h>

#define TSMB_IDENT_GROUPS_MAX	64

struct tsmb_ident {
	uint32_t uid;
	uint32_t gid;
	uint32_t ngroups;			/* supplementary, <= TSMB_IDENT_GROUPS_MAX */
	uint32_t groups[TSMB_IDENT_GROUPS_MAX];
};

/* A prepared identity, shared (reference counted) by the requests of a session. */
struct tsmb_os_cred;

/* What tsmb_os_cred_enter() saved, for leave; lives on the caller's stack. */
struct tsmb_os_cred_saved {
	void *p;
	uint32_t uid;
	uint32_t gid;
};

/* May sleep. -TSMB_ENOMEM, -TSMB_EINVAL (too many groups), -TSMB_EPERM. */
int tsmb_os_cred_create(const struct tsmb_ident *id, struct tsmb_os_cred **out) TSMB_MUST_CHECK;
void tsmb_os_cred_get(struct tsmb_os_cred *c);
void tsmb_os_cred_put(struct tsmb_os_cred *c);
/*
 * The calling thread acts as c until tsmb_os_cred_leave(saved). Calls
 * nest only in pairs on one thread; never across a sleep that hands the
 * thread to other work (work items enter and leave within one run).
 * Cannot fail: the credential was checked when it was created.
 */
void tsmb_os_cred_enter(struct tsmb_os_cred *c, struct tsmb_os_cred_saved *saved);
void tsmb_os_cred_leave(struct tsmb_os_cred_saved *saved);

#endif /* TSMB_OS_IDENT_H */
