// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Work queues: a small pool of threads per queue with the kernel's
 * semantics (see <tsmb/os/work.h>).
 *
 * All state that outlives a run sits in the queue, under its lock: the
 * pending list (linked through the items, which are alive while pending)
 * and, per worker, the item it is running. After calling fn a worker only
 * compares that pointer and never dereferences it, because fn may have
 * freed the item. An item pending while it runs elsewhere is skipped by
 * the other workers; its own worker picks it up when the run returns, so
 * a work never runs concurrently with itself.
 *
 * An item is queued on one queue at a time (the kernel's non-reentrancy
 * spans queues; this one checks only the queue the item was last put on).
 *
 * Workers start lazily, up to max_active, when an item is queued and no
 * worker is idle; one is started at creation so that a queue always has a
 * thread and work_queue() never fails.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/work.h>

#include "internal.h"

#define TSMB_WQ_DEFAULT_ACTIVE	4u
#define TSMB_WQ_MAX_ACTIVE	512u

struct tsmb_wq_worker {
	struct tsmb_os_wq *wq;
	pthread_t tid;
	pthread_cond_t wake;
	struct tsmb_work *running;	/* compared, never dereferenced */
	bool idle;			/* waiting on wake, listed in idle[] */
};

struct tsmb_os_wq {
	pthread_mutex_t lock;
	pthread_cond_t run_done;	/* a run returned, for cancel_sync */
	char name[16];			/* thread names: 15 chars, like the kernel's */
	struct tsmb_work *head, *tail;	/* pending, FIFO */
	unsigned int max_active;
	unsigned int nr_workers;	/* started */
	unsigned int nr_idle;
	unsigned int cancel_waiters;
	bool stopping;
	unsigned int *idle;		/* stack of idle worker indices */
	struct tsmb_wq_worker *workers;	/* max_active slots */
};

void tsmb_os_work_init(struct tsmb_work *work, tsmb_work_fn fn)
{
	work->fn = fn;
	work->next = NULL;
	work->wq = NULL;
	work->pending = false;
}

/* The worker running work, or NULL. Called with wq->lock held. */
static struct tsmb_wq_worker *tsmb_wq_runner(struct tsmb_os_wq *wq,
					     const struct tsmb_work *work)
{
	unsigned int i;

	for (i = 0; i < wq->nr_workers; i++)
		if (wq->workers[i].running == work)
			return &wq->workers[i];
	return NULL;
}

static void tsmb_wq_unlink(struct tsmb_os_wq *wq, struct tsmb_work *prev,
			   struct tsmb_work *work)
{
	if (prev)
		prev->next = work->next;
	else
		wq->head = work->next;
	if (wq->tail == work)
		wq->tail = prev;
	work->next = NULL;
	work->pending = false;
}

/* The first pending item that no other worker is running, unlinked. */
static struct tsmb_work *tsmb_wq_pick(struct tsmb_os_wq *wq)
{
	struct tsmb_work *prev = NULL, *w;

	for (w = wq->head; w; prev = w, w = w->next) {
		if (!tsmb_wq_runner(wq, w)) {
			tsmb_wq_unlink(wq, prev, w);
			return w;
		}
	}
	return NULL;
}

static void *tsmb_wq_worker_main(void *arg)
{
	struct tsmb_wq_worker *me = arg;
	struct tsmb_os_wq *wq = me->wq;
	struct tsmb_work *w;
	tsmb_work_fn fn;

	pthread_mutex_lock(&wq->lock);
	for (;;) {
		w = tsmb_wq_pick(wq);
		if (w) {
			me->running = w;
			fn = w->fn;
			pthread_mutex_unlock(&wq->lock);
			fn(w);
			/* w may be gone now: only its address is used below. */
			pthread_mutex_lock(&wq->lock);
			me->running = NULL;
			if (wq->cancel_waiters)
				pthread_cond_broadcast(&wq->run_done);
			continue;
		}
		/*
		 * While stopping, what is left is running on live workers,
		 * which rescan when their run returns; this one can go.
		 */
		if (wq->stopping)
			break;
		me->idle = true;
		wq->idle[wq->nr_idle++] = (unsigned int)(me - wq->workers);
		while (me->idle)
			pthread_cond_wait(&me->wake, &wq->lock);
	}
	pthread_mutex_unlock(&wq->lock);
	return NULL;
}

/* Called with wq->lock held. */
static int tsmb_wq_start_worker(struct tsmb_os_wq *wq)
{
	struct tsmb_wq_worker *wk = &wq->workers[wq->nr_workers];
	int err;

	wk->wq = wq;
	wk->running = NULL;
	wk->idle = false;
	err = tsmb_posix_thread_start(&wk->tid, tsmb_wq_worker_main, wk);
	if (err)
		return err;
	wq->nr_workers++;
	pthread_setname_np(wk->tid, wq->name);	/* for top(1) and gdb */
	return 0;
}

static void tsmb_wq_free(struct tsmb_os_wq *wq)
{
	unsigned int i;

	for (i = 0; i < wq->max_active; i++)
		pthread_cond_destroy(&wq->workers[i].wake);
	pthread_cond_destroy(&wq->run_done);
	pthread_mutex_destroy(&wq->lock);
	free(wq->idle);
	free(wq->workers);
	free(wq);
}

int tsmb_os_wq_create(const char *name, unsigned int max_active, struct tsmb_os_wq **out)
{
	struct tsmb_os_wq *wq;
	unsigned int i;
	int err;

	*out = NULL;
	if (!max_active)
		max_active = TSMB_WQ_DEFAULT_ACTIVE;
	if (max_active > TSMB_WQ_MAX_ACTIVE)
		max_active = TSMB_WQ_MAX_ACTIVE;
	wq = calloc(1, sizeof(*wq));
	if (!wq)
		return -TSMB_ENOMEM;
	wq->workers = calloc(max_active, sizeof(*wq->workers));
	wq->idle = calloc(max_active, sizeof(*wq->idle));
	if (!wq->workers || !wq->idle) {
		free(wq->workers);
		free(wq->idle);
		free(wq);
		return -TSMB_ENOMEM;
	}
	/* Copied: workers start later, when the caller's string may be gone. */
	snprintf(wq->name, sizeof(wq->name), "%s", name ? name : "tsmb-wq");
	wq->max_active = max_active;
	pthread_mutex_init(&wq->lock, NULL);
	pthread_cond_init(&wq->run_done, NULL);
	for (i = 0; i < max_active; i++)
		pthread_cond_init(&wq->workers[i].wake, NULL);

	pthread_mutex_lock(&wq->lock);
	err = tsmb_wq_start_worker(wq);
	pthread_mutex_unlock(&wq->lock);
	if (err) {
		tsmb_wq_free(wq);
		return err;
	}
	*out = wq;
	return 0;
}

void tsmb_os_wq_destroy(struct tsmb_os_wq *wq)
{
	struct tsmb_wq_worker *wk;
	unsigned int i;

	if (!wq)
		return;
	pthread_mutex_lock(&wq->lock);
	for (i = 0; i < wq->nr_workers; i++)
		if (pthread_equal(wq->workers[i].tid, pthread_self()))
			tsmb_posix_die("tsmb_os_wq_destroy from its own work", TSMB_EDEADLK);
	wq->stopping = true;
	while (wq->nr_idle) {
		wk = &wq->workers[wq->idle[--wq->nr_idle]];
		wk->idle = false;
		pthread_cond_signal(&wk->wake);
	}
	pthread_mutex_unlock(&wq->lock);

	/* No worker starts while stopping, so nr_workers is stable now. */
	for (i = 0; i < wq->nr_workers; i++)
		pthread_join(wq->workers[i].tid, NULL);
	tsmb_wq_free(wq);
}

bool tsmb_os_work_queue(struct tsmb_os_wq *wq, struct tsmb_work *work)
{
	struct tsmb_wq_worker *wk;

	pthread_mutex_lock(&wq->lock);
	if (work->pending) {
		pthread_mutex_unlock(&wq->lock);
		return false;
	}
	work->pending = true;
	work->next = NULL;
	__atomic_store_n(&work->wq, wq, __ATOMIC_RELEASE);
	if (wq->tail)
		wq->tail->next = work;
	else
		wq->head = work;
	wq->tail = work;

	if (wq->nr_idle) {
		wk = &wq->workers[wq->idle[--wq->nr_idle]];
		wk->idle = false;
		pthread_cond_signal(&wk->wake);
	} else if (!wq->stopping && wq->nr_workers < wq->max_active) {
		/*
		 * Failure is harmless: the busy workers rescan the list
		 * when their runs return.
		 */
		(void)tsmb_wq_start_worker(wq);
	}
	pthread_mutex_unlock(&wq->lock);
	return true;
}

/* Unlinks work if it is pending. Called with wq->lock held. */
static bool tsmb_wq_unqueue(struct tsmb_os_wq *wq, struct tsmb_work *work)
{
	struct tsmb_work *prev = NULL, *w;

	if (!work->pending)
		return false;
	for (w = wq->head; w != work; w = w->next)
		prev = w;
	tsmb_wq_unlink(wq, prev, work);
	return true;
}

bool tsmb_os_work_cancel(struct tsmb_work *work)
{
	struct tsmb_os_wq *wq = __atomic_load_n(&work->wq, __ATOMIC_ACQUIRE);
	bool cancelled;

	if (!wq)
		return false;	/* never queued */
	pthread_mutex_lock(&wq->lock);
	cancelled = tsmb_wq_unqueue(wq, work);
	pthread_mutex_unlock(&wq->lock);
	return cancelled;
}

bool tsmb_os_work_cancel_sync(struct tsmb_work *work)
{
	struct tsmb_os_wq *wq = __atomic_load_n(&work->wq, __ATOMIC_ACQUIRE);
	struct tsmb_wq_worker *runner;
	bool cancelled = false;

	if (!wq)
		return false;	/* never queued */
	pthread_mutex_lock(&wq->lock);
	for (;;) {
		/* Also catches a run queued again while we waited. */
		if (tsmb_wq_unqueue(wq, work))
			cancelled = true;
		runner = tsmb_wq_runner(wq, work);
		if (!runner)
			break;
		/* Waiting for ourselves would hang: fail loudly instead. */
		if (pthread_equal(runner->tid, pthread_self()))
			tsmb_posix_die("tsmb_os_work_cancel_sync from the work itself",
				       TSMB_EDEADLK);
		wq->cancel_waiters++;
		pthread_cond_wait(&wq->run_done, &wq->lock);
		wq->cancel_waiters--;
	}
	pthread_mutex_unlock(&wq->lock);
	return cancelled;
}
