// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Mutexes and completions over pthreads, stored in the opaque buffers of
 * <tsmb/os_arch.h> (which may not include libc headers, so that core/
 * compiles freestanding). The asserts below keep those buffers honest.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/sync.h>

#include "internal.h"

struct tsmb_posix_completion {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

_Static_assert(sizeof(pthread_mutex_t) <= sizeof(struct tsmb_mutex),
	       "struct tsmb_mutex too small for pthread_mutex_t");
_Static_assert(alignof(pthread_mutex_t) <= alignof(struct tsmb_mutex),
	       "struct tsmb_mutex under-aligned for pthread_mutex_t");
_Static_assert(sizeof(struct tsmb_posix_completion) <= sizeof(struct tsmb_completion),
	       "struct tsmb_completion too small");
_Static_assert(alignof(struct tsmb_posix_completion) <= alignof(struct tsmb_completion),
	       "struct tsmb_completion under-aligned");

void tsmb_posix_die(const char *what, int err)
{
	fprintf(stderr, "tsmb: fatal: %s: %s\n", what, strerror(err));
	abort();
}

int tsmb_posix_thread_start(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(tid, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -err;
}

static pthread_mutex_t *tsmb_pmutex(struct tsmb_mutex *m)
{
	return (pthread_mutex_t *)(void *)m->opaque;
}

static struct tsmb_posix_completion *tsmb_pcomp(struct tsmb_completion *c)
{
	return (struct tsmb_posix_completion *)(void *)c->opaque;
}

void tsmb_os_mutex_init(struct tsmb_mutex *m)
{
	int err = pthread_mutex_init(tsmb_pmutex(m), NULL);

	if (err)
		tsmb_posix_die("pthread_mutex_init", err);
}

void tsmb_os_mutex_destroy(struct tsmb_mutex *m)
{
	pthread_mutex_destroy(tsmb_pmutex(m));
}

void tsmb_os_mutex_lock(struct tsmb_mutex *m)
{
	int err = pthread_mutex_lock(tsmb_pmutex(m));

	if (err)
		tsmb_posix_die("pthread_mutex_lock", err);
}

void tsmb_os_mutex_unlock(struct tsmb_mutex *m)
{
	int err = pthread_mutex_unlock(tsmb_pmutex(m));

	if (err)
		tsmb_posix_die("pthread_mutex_unlock", err);
}

void tsmb_os_completion_init(struct tsmb_completion *c)
{
	struct tsmb_posix_completion *pc = tsmb_pcomp(c);
	pthread_condattr_t attr;
	int err;

	err = pthread_mutex_init(&pc->lock, NULL);
	if (err)
		tsmb_posix_die("pthread_mutex_init", err);
	/* Time-outs must not stretch or shrink when the wall clock is set. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	err = pthread_cond_init(&pc->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (err)
		tsmb_posix_die("pthread_cond_init", err);
	pc->done = false;
}

void tsmb_os_completion_destroy(struct tsmb_completion *c)
{
	struct tsmb_posix_completion *pc = tsmb_pcomp(c);

	pthread_cond_destroy(&pc->cond);
	pthread_mutex_destroy(&pc->lock);
}

void tsmb_os_completion_reinit(struct tsmb_completion *c)
{
	struct tsmb_posix_completion *pc = tsmb_pcomp(c);

	pthread_mutex_lock(&pc->lock);
	pc->done = false;
	pthread_mutex_unlock(&pc->lock);
}

void tsmb_os_complete(struct tsmb_completion *c)
{
	struct tsmb_posix_completion *pc = tsmb_pcomp(c);

	pthread_mutex_lock(&pc->lock);
	pc->done = true;
	pthread_cond_broadcast(&pc->cond);
	pthread_mutex_unlock(&pc->lock);
}

int tsmb_os_completion_wait(struct tsmb_completion *c, unsigned int ms)
{
	struct tsmb_posix_completion *pc = tsmb_pcomp(c);
	struct timespec deadline;
	int err = 0;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}

	pthread_mutex_lock(&pc->lock);
	while (!pc->done && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&pc->cond, &pc->lock, &deadline);
	err = pc->done ? 0 : -TSMB_ETIMEDOUT;
	pthread_mutex_unlock(&pc->lock);
	return err;
}
