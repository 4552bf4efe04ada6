// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The up-call channel in userspace (<tsmb/os/upcall.h>): the service runs
 * in-process, but on the channel's own threads, so that a caller waits
 * exactly as it will for tsmbd over generic netlink: a bounded wait, and a
 * late answer that must find nowhere to land.
 *
 * Each call is a heap object shared by the caller and the service thread
 * (a reference each, counted under the channel's lock) holding a copy of
 * the request and the service's own reply buffer. The handler writes only
 * there; the caller copies the reply out after the handler has returned.
 * A caller that gives up drops its reference and returns, and whoever
 * drops the last one frees the object, so a late answer lands in memory
 * the channel still owns, never in the caller's buffer.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/upcall.h>

#include "host.h"
#include "internal.h"

/* Service threads per channel: how many up-calls are answered at once. */
#define TSMB_UPCALL_THREADS	4u
/* Largest request or reply (the message ABI's own bound). */
#define TSMB_UPCALL_MAX		(1u << 20)

struct tsmb_upcall_call {
	struct tsmb_upcall_call *next;	/* in the channel's queue */
	pthread_cond_t done_cond;	/* with the channel's lock */
	unsigned int refs;
	bool queued;
	bool done;
	int result;
	const uint8_t *req;		/* these point into this allocation */
	size_t req_len;
	uint8_t *rsp;
	size_t rsp_cap;
	size_t rsp_len;
};

struct tsmb_upcall_thread {
	struct tsmb_os_upcall *ch;
	pthread_t tid;
	uint64_t gen;			/* of the handler it runs */
	bool busy;
};

struct tsmb_os_upcall {
	pthread_mutex_t lock;
	pthread_cond_t work;		/* calls queued, or stopping */
	pthread_cond_t idle;		/* a handler returned */
	tsmb_posix_upcall_fn fn;
	void *ctx;
	uint64_t gen;			/* bumped by every set_handler */
	struct tsmb_upcall_call *head, *tail;
	bool stopping;
	unsigned int nr_threads;
	struct tsmb_upcall_thread threads[TSMB_UPCALL_THREADS];
};

static void tsmb_cond_init_mono(pthread_cond_t *c)
{
	pthread_condattr_t attr;
	int err;

	/* Time-outs must not stretch or shrink when the wall clock is set. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	err = pthread_cond_init(c, &attr);
	pthread_condattr_destroy(&attr);
	if (err)
		tsmb_posix_die("pthread_cond_init", err);
}

/*
 * Drops a reference; called with the channel's lock held. Not inlined:
 * gcc 12's -Wuse-after-free misreads the queue-draining loops once it is.
 */
static __attribute__((noinline)) void tsmb_upcall_put(struct tsmb_upcall_call *c)
{
	if (--c->refs)
		return;
	pthread_cond_destroy(&c->done_cond);
	free(c);
}

static void tsmb_upcall_finish(struct tsmb_upcall_call *c, int result, size_t rsp_len)
{
	c->result = result;
	c->rsp_len = result ? 0 : rsp_len;
	c->done = true;
	pthread_cond_signal(&c->done_cond);
	tsmb_upcall_put(c);
}

/* Runs one call's handler without the lock; returns with it held again. */
static void tsmb_upcall_serve(struct tsmb_os_upcall *ch, struct tsmb_upcall_thread *self,
			      struct tsmb_upcall_call *c)
{
	tsmb_posix_upcall_fn fn = ch->fn;
	void *ctx = ch->ctx;
	size_t rsp_len = 0;
	int err;

	self->busy = true;
	self->gen = ch->gen;
	pthread_mutex_unlock(&ch->lock);

	err = fn(ctx, c->req, c->req_len, c->rsp, c->rsp_cap, &rsp_len);
	/* The service is trusted no more than a netlink peer would be. */
	if (err > 0)
		err = -TSMB_EPROTO;
	else if (!err && rsp_len > c->rsp_cap)
		err = -TSMB_EMSGSIZE;

	pthread_mutex_lock(&ch->lock);
	self->busy = false;
	pthread_cond_broadcast(&ch->idle);
	tsmb_upcall_finish(c, err, rsp_len);
}

static void *tsmb_upcall_thread_fn(void *arg)
{
	struct tsmb_upcall_thread *self = arg;
	struct tsmb_os_upcall *ch = self->ch;
	struct tsmb_upcall_call *c;

	pthread_mutex_lock(&ch->lock);
	while (!ch->stopping) {
		c = ch->head;
		if (!c) {
			pthread_cond_wait(&ch->work, &ch->lock);
			continue;
		}
		ch->head = c->next;
		if (!ch->head)
			ch->tail = NULL;
		c->queued = false;
		if (!ch->fn)
			tsmb_upcall_finish(c, -TSMB_ENOTCONN, 0);
		else
			tsmb_upcall_serve(ch, self, c);
	}
	pthread_mutex_unlock(&ch->lock);
	return NULL;
}

static void tsmb_upcall_stop(struct tsmb_os_upcall *ch)
{
	struct tsmb_upcall_call *c;
	unsigned int i;

	pthread_mutex_lock(&ch->lock);
	ch->stopping = true;
	pthread_cond_broadcast(&ch->work);
	pthread_mutex_unlock(&ch->lock);
	for (i = 0; i < ch->nr_threads; i++)
		pthread_join(ch->threads[i].tid, NULL);
	/* Only calls their callers gave up on can be left, with our reference. */
	while ((c = ch->head)) {
		ch->head = c->next;
		tsmb_upcall_put(c);
	}
	ch->tail = NULL;
}

int tsmb_os_upcall_create(struct tsmb_os_upcall **out)
{
	struct tsmb_os_upcall *ch = calloc(1, sizeof(*ch));
	int err;

	if (!ch)
		return -TSMB_ENOMEM;
	err = pthread_mutex_init(&ch->lock, NULL);
	if (err)
		tsmb_posix_die("pthread_mutex_init", err);
	tsmb_cond_init_mono(&ch->work);
	tsmb_cond_init_mono(&ch->idle);
	for (; ch->nr_threads < TSMB_UPCALL_THREADS; ch->nr_threads++) {
		struct tsmb_upcall_thread *t = &ch->threads[ch->nr_threads];

		t->ch = ch;
		err = tsmb_posix_thread_start(&t->tid, tsmb_upcall_thread_fn, t);
		if (err) {
			tsmb_os_upcall_destroy(ch);
			return err;
		}
	}
	*out = ch;
	return 0;
}

void tsmb_os_upcall_destroy(struct tsmb_os_upcall *ch)
{
	if (!ch)
		return;
	tsmb_upcall_stop(ch);
	pthread_cond_destroy(&ch->idle);
	pthread_cond_destroy(&ch->work);
	pthread_mutex_destroy(&ch->lock);
	free(ch);
}

void tsmb_posix_upcall_set_handler(struct tsmb_os_upcall *ch, tsmb_posix_upcall_fn fn,
				   void *ctx)
{
	uint64_t gen;
	unsigned int i;
	bool old_running;

	pthread_mutex_lock(&ch->lock);
	ch->fn = fn;
	ch->ctx = ctx;
	gen = ++ch->gen;
	/*
	 * The host may free the old ctx once this returns, so wait for the
	 * old handler's runs; runs of the new one do not hold us up.
	 */
	do {
		old_running = false;
		for (i = 0; i < ch->nr_threads; i++)
			if (ch->threads[i].busy && ch->threads[i].gen < gen)
				old_running = true;
		if (old_running)
			pthread_cond_wait(&ch->idle, &ch->lock);
	} while (old_running);
	pthread_mutex_unlock(&ch->lock);
}

static struct tsmb_upcall_call *tsmb_upcall_call_new(const uint8_t *req, size_t req_len,
						     size_t rsp_cap)
{
	struct tsmb_upcall_call *c;
	uint8_t *p;

	c = malloc(sizeof(*c) + req_len + rsp_cap);
	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	tsmb_cond_init_mono(&c->done_cond);
	p = (uint8_t *)(c + 1);
	memcpy(p, req, req_len);
	c->req = p;
	c->req_len = req_len;
	c->rsp = p + req_len;
	c->rsp_cap = rsp_cap;
	c->refs = 2;	/* the caller's and the channel's */
	return c;
}

static void tsmb_upcall_deadline(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Takes the call off the queue if no service thread has taken it yet. */
static void tsmb_upcall_dequeue(struct tsmb_os_upcall *ch, struct tsmb_upcall_call *c)
{
	struct tsmb_upcall_call **pp, *prev = NULL;

	for (pp = &ch->head; *pp; prev = *pp, pp = &(*pp)->next) {
		if (*pp != c)
			continue;
		*pp = c->next;
		if (ch->tail == c)
			ch->tail = prev;
		c->queued = false;
		tsmb_upcall_put(c);
		return;
	}
}

int tsmb_os_upcall_call(struct tsmb_os_upcall *ch, const uint8_t *req, size_t req_len,
			uint8_t *rsp, size_t rsp_cap, size_t *rsp_len, unsigned int timeout_ms)
{
	struct tsmb_upcall_call *c;
	struct timespec deadline;
	int err = 0;

	if (!timeout_ms || !req_len || req_len > TSMB_UPCALL_MAX)
		return -TSMB_EINVAL;
	pthread_mutex_lock(&ch->lock);
	err = ch->fn ? 0 : -TSMB_ENOTCONN;
	pthread_mutex_unlock(&ch->lock);
	if (err)
		return err;
	c = tsmb_upcall_call_new(req, req_len, rsp_cap < TSMB_UPCALL_MAX ? rsp_cap : TSMB_UPCALL_MAX);
	if (!c)
		return -TSMB_ENOMEM;

	tsmb_upcall_deadline(&deadline, timeout_ms);
	pthread_mutex_lock(&ch->lock);
	c->queued = true;
	if (ch->tail)
		ch->tail->next = c;
	else
		ch->head = c;
	ch->tail = c;
	pthread_cond_signal(&ch->work);
	while (!c->done && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&c->done_cond, &ch->lock, &deadline);
	if (c->done) {
		/* The service has let go of the call: the reply is ours to read. */
		err = c->result;
		if (!err) {
			if (c->rsp_len)
				memcpy(rsp, c->rsp, c->rsp_len);
			*rsp_len = c->rsp_len;
		}
	} else {
		err = -TSMB_ETIMEDOUT;
		if (c->queued)
			tsmb_upcall_dequeue(ch, c);
	}
	tsmb_upcall_put(c);
	pthread_mutex_unlock(&ch->lock);
	return err;
}
