/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the files of the posix abstraction only; neither core/
 * nor host programs include this.
 */
#ifndef TSMB_POSIX_INTERNAL_H
#define TSMB_POSIX_INTERNAL_H

#include <pthread.h>

/*
 * Starts a thread of the abstraction (work queue worker, reactor) with
 * every signal blocked, so that the host's signals (SIGTERM, SIGHUP, ...)
 * are delivered only to the threads the host chose. Returns 0 or -errno.
 */
int tsmb_posix_thread_start(pthread_t *tid, void *(*fn)(void *), void *arg);

/* Aborts with a message: a pthread call that fails here is a bug, not load. */
void tsmb_posix_die(const char *what, int err) __attribute__((noreturn));

/*
 * -e for an errno that the contract knows (<tsmb/os/errno.h>), else
 * -TSMB_EIO: what the files and identity code return for a failed call.
 */
int tsmb_posix_err(int e);

#endif /* TSMB_POSIX_INTERNAL_H */
