// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Conformance checks of the OS contract, run against both implementations.
 *
 * Only <tsmb/os/...h> here: the file is built into the userspace test and
 * into tsmb.ko. Hence no recursion, no floating point, small frames (a
 * kernel stack), every object that a work touches on the heap, and every
 * wait bounded, so that a broken implementation fails a check instead of
 * hanging the test or the module load.
 */
#include <tsmb/os/crypto.h>
#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>
#include <tsmb/os/mem.h>
#include <tsmb/os/net.h>
#include <tsmb/os/sync.h>
#include <tsmb/os/time.h>
#include <tsmb/os/types.h>
#include <tsmb/os/work.h>

#include "contract.h"
#include "contract_vectors.h"

/* Bound of a wait that should end almost at once: generous for emulators. */
#define TSMB_CT_WAIT_MS 10000u

struct tsmb_ct {
	int checks;
	int failed;
};

#define TSMB_CT_CHECK(ct, cond) tsmb_ct_check((ct), !!(cond), #cond, __LINE__)

static bool tsmb_ct_check(struct tsmb_ct *ct, bool ok, const char *what, int line)
{
	ct->checks++;
	if (!ok) {
		ct->failed++;
		tsmb_os_log(TSMB_LOG_ERR, "contract: %s:%d: check failed: %s",
			    __FILE__, line, what);
	}
	return ok;
}

/* The contract has no sleep: a completion nobody completes is one. */
static void tsmb_ct_sleep(unsigned int ms)
{
	struct tsmb_completion c;

	tsmb_os_completion_init(&c);
	(void)tsmb_os_completion_wait(&c, ms);
	tsmb_os_completion_destroy(&c);
}

static uint64_t tsmb_ct_ms_since(uint64_t start_ns)
{
	uint64_t d = tsmb_os_mono_ns() - start_ns;

	/* d >> 20 is d / 1048576: milliseconds, slightly low, without division. */
	return d >> 20;
}

/* --- memory ------------------------------------------------------------ */

static void tsmb_ct_mem(struct tsmb_ct *ct)
{
	unsigned char *p, *z;
	size_t i, big = 4u << 20;
	bool zero = true;

	p = tsmb_os_alloc(100);
	if (TSMB_CT_CHECK(ct, p != NULL)) {
		tsmb_memset(p, 0xa5, 100);
		tsmb_os_free(p);
	}
	z = tsmb_os_zalloc(256);
	if (TSMB_CT_CHECK(ct, z != NULL)) {
		for (i = 0; i < 256; i++)
			zero = zero && !z[i];
		TSMB_CT_CHECK(ct, zero);
		tsmb_os_free(z);
	}
	tsmb_os_free(NULL);
	p = tsmb_os_alloc(big);
	if (TSMB_CT_CHECK(ct, p != NULL)) {
		p[0] = 1;
		p[big - 1] = 2;
		TSMB_CT_CHECK(ct, p[0] == 1 && p[big - 1] == 2);
		tsmb_os_free(p);
	}
}

#define TSMB_CT_POOL_OBJS 16
#define TSMB_CT_POOL_SIZE 72

/* Allocates n objects (beyond the reserve), fills and verifies them. */
static void tsmb_ct_pool_round(struct tsmb_ct *ct, struct tsmb_os_pool *pool, void **objs,
			       unsigned int n)
{
	unsigned int i, j;
	bool ok = true;

	for (i = 0; i < n; i++) {
		objs[i] = tsmb_os_pool_alloc(pool);
		if (!TSMB_CT_CHECK(ct, objs[i] != NULL))
			break;
		TSMB_CT_CHECK(ct, ((uintptr_t)objs[i] & 7) == 0);
		tsmb_memset(objs[i], (int)i, TSMB_CT_POOL_SIZE);
	}
	n = i;
	for (i = 0; i < n; i++) {
		const unsigned char *b = objs[i];

		for (j = 0; j < TSMB_CT_POOL_SIZE; j++)
			ok = ok && b[j] == (unsigned char)i;
		for (j = i + 1; j < n; j++)
			ok = ok && objs[i] != objs[j];
	}
	TSMB_CT_CHECK(ct, ok);
	for (i = 0; i < n; i++)
		tsmb_os_pool_free(pool, objs[i]);
}

#define TSMB_CT_POOL_USERS 4
#define TSMB_CT_POOL_ROUNDS 2000

struct tsmb_ct_pool_user {
	struct tsmb_work work;
	struct tsmb_os_pool *pool;
	struct tsmb_atomic *bad;
	unsigned char mark;
};

/* An object handed to two users at once shows the other's mark. */
static void tsmb_ct_pool_user_fn(struct tsmb_work *work)
{
	struct tsmb_ct_pool_user *u = tsmb_container_of(work, struct tsmb_ct_pool_user, work);
	unsigned char *a, *b;
	int i, j;

	for (i = 0; i < TSMB_CT_POOL_ROUNDS; i++) {
		a = tsmb_os_pool_alloc(u->pool);
		b = tsmb_os_pool_alloc(u->pool);
		if (a && b) {
			tsmb_memset(a, u->mark, TSMB_CT_POOL_SIZE);
			tsmb_memset(b, u->mark, TSMB_CT_POOL_SIZE);
			for (j = 0; j < TSMB_CT_POOL_SIZE; j++)
				if (a[j] != u->mark || b[j] != u->mark)
					break;
			if (j != TSMB_CT_POOL_SIZE || a == b)
				tsmb_atomic_inc(u->bad);
		} else {
			tsmb_atomic_inc(u->bad);
		}
		tsmb_os_pool_free(u->pool, a);
		tsmb_os_pool_free(u->pool, b);
	}
}

static void tsmb_ct_pool_threads(struct tsmb_ct *ct, struct tsmb_os_pool *pool)
{
	struct tsmb_ct_pool_user *u = tsmb_os_zalloc(TSMB_CT_POOL_USERS * sizeof(*u));
	struct tsmb_atomic bad;
	struct tsmb_os_wq *wq;
	int i;

	if (!TSMB_CT_CHECK(ct, u != NULL))
		return;
	tsmb_atomic_set(&bad, 0);
	if (TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_pool", TSMB_CT_POOL_USERS, &wq) == 0)) {
		for (i = 0; i < TSMB_CT_POOL_USERS; i++) {
			u[i].pool = pool;
			u[i].bad = &bad;
			u[i].mark = (unsigned char)(0x10 + i);
			tsmb_os_work_init(&u[i].work, tsmb_ct_pool_user_fn);
			tsmb_os_work_queue(wq, &u[i].work);
		}
		tsmb_os_wq_destroy(wq);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&bad) == 0);
	}
	tsmb_os_free(u);
}

static void tsmb_ct_pool(struct tsmb_ct *ct)
{
	void *objs[TSMB_CT_POOL_OBJS];
	struct tsmb_os_pool *pool;
	int r;

	r = tsmb_os_pool_create("tsmb_ct_pool", TSMB_CT_POOL_SIZE, 4, &pool);
	if (!TSMB_CT_CHECK(ct, r == 0))
		return;
	tsmb_ct_pool_round(ct, pool, objs, TSMB_CT_POOL_OBJS);
	/* Again, now that freed objects were kept or returned. */
	tsmb_ct_pool_round(ct, pool, objs, TSMB_CT_POOL_OBJS);
	tsmb_ct_pool_threads(ct, pool);
	tsmb_os_pool_destroy(pool);

	r = tsmb_os_pool_create("tsmb_ct_pool0", TSMB_CT_POOL_SIZE, 0, &pool);
	if (!TSMB_CT_CHECK(ct, r == 0))
		return;
	tsmb_ct_pool_round(ct, pool, objs, 3);
	tsmb_os_pool_destroy(pool);
}

/* --- atomics, completions, mutexes ---------------------------------------- */

static void tsmb_ct_atomics(struct tsmb_ct *ct)
{
	struct tsmb_atomic a;
	struct tsmb_atomic64 b;

	tsmb_atomic_set(&a, 5);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&a) == 5);
	TSMB_CT_CHECK(ct, tsmb_atomic_add_return(&a, 3) == 8);
	TSMB_CT_CHECK(ct, tsmb_atomic_sub_return(&a, 10) == -2);
	tsmb_atomic_inc(&a);
	tsmb_atomic_inc(&a);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&a) == 0);
	tsmb_atomic_set(&a, 1);
	TSMB_CT_CHECK(ct, tsmb_atomic_dec_and_test(&a));
	TSMB_CT_CHECK(ct, tsmb_atomic_inc_below(&a, 2));
	TSMB_CT_CHECK(ct, tsmb_atomic_inc_below(&a, 2));
	TSMB_CT_CHECK(ct, !tsmb_atomic_inc_below(&a, 2));
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&a) == 2);
	tsmb_atomic_dec(&a);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&a) == 1);

	tsmb_atomic64_set(&b, 0x7fffffffLL);
	TSMB_CT_CHECK(ct, tsmb_atomic64_add_return(&b, 0x100000000LL) == 0x17fffffffLL);
	TSMB_CT_CHECK(ct, tsmb_atomic64_add_return(&b, -0x180000000LL) == -1);
	TSMB_CT_CHECK(ct, tsmb_atomic64_read(&b) == -1);
}

struct tsmb_ct_waiter {
	struct tsmb_work work;
	struct tsmb_completion *c;
	struct tsmb_completion started;
	int result;
};

static void tsmb_ct_waiter_fn(struct tsmb_work *work)
{
	struct tsmb_ct_waiter *w = tsmb_container_of(work, struct tsmb_ct_waiter, work);

	tsmb_os_complete(&w->started);
	w->result = tsmb_os_completion_wait(w->c, TSMB_CT_WAIT_MS);
}

struct tsmb_ct_compl {
	struct tsmb_completion c;
	struct tsmb_ct_waiter w[2];
};

/* complete() wakes every waiter, not just one. */
static void tsmb_ct_complete_all(struct tsmb_ct *ct, struct tsmb_os_wq *wq)
{
	struct tsmb_ct_compl *s = tsmb_os_zalloc(sizeof(*s));
	uint64_t t0;
	int i;

	if (!TSMB_CT_CHECK(ct, s != NULL))
		return;
	tsmb_os_completion_init(&s->c);
	for (i = 0; i < 2; i++) {
		s->w[i].c = &s->c;
		s->w[i].result = 1;
		tsmb_os_completion_init(&s->w[i].started);
		tsmb_os_work_init(&s->w[i].work, tsmb_ct_waiter_fn);
		tsmb_os_work_queue(wq, &s->w[i].work);
	}
	for (i = 0; i < 2; i++)
		TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&s->w[i].started, TSMB_CT_WAIT_MS) == 0);
	tsmb_ct_sleep(10);
	t0 = tsmb_os_mono_ns();
	tsmb_os_complete(&s->c);
	for (i = 0; i < 2; i++)
		TSMB_CT_CHECK(ct, !tsmb_os_work_cancel_sync(&s->w[i].work));
	TSMB_CT_CHECK(ct, tsmb_ct_ms_since(t0) < TSMB_CT_WAIT_MS / 2);
	for (i = 0; i < 2; i++) {
		TSMB_CT_CHECK(ct, s->w[i].result == 0);
		tsmb_os_completion_destroy(&s->w[i].started);
	}
	tsmb_os_completion_destroy(&s->c);
	tsmb_os_free(s);
}

static void tsmb_ct_completion(struct tsmb_ct *ct, struct tsmb_os_wq *wq)
{
	struct tsmb_completion c;
	uint64_t t0, ms;
	int r;

	tsmb_os_completion_init(&c);
	tsmb_os_complete(&c);
	TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&c, 10) == 0);
	/* Completed stays completed until reinit. */
	TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&c, 10) == 0);
	tsmb_os_completion_reinit(&c);
	t0 = tsmb_os_mono_ns();
	r = tsmb_os_completion_wait(&c, 20);
	ms = tsmb_ct_ms_since(t0);
	TSMB_CT_CHECK(ct, r == -TSMB_ETIMEDOUT);
	/* A jiffy of slack below, much more above (emulators, sanitizers). */
	TSMB_CT_CHECK(ct, ms >= 10 && ms < TSMB_CT_WAIT_MS);
	tsmb_os_completion_destroy(&c);

	tsmb_ct_complete_all(ct, wq);
}

#define TSMB_CT_LOCKERS 4
#define TSMB_CT_LOCK_ROUNDS 20000

struct tsmb_ct_locker {
	struct tsmb_work work;
	struct tsmb_ct_mutex *m;
};

struct tsmb_ct_mutex {
	struct tsmb_mutex lock;
	int counter;		/* plain int: only the mutex protects it */
	struct tsmb_ct_locker l[TSMB_CT_LOCKERS];
};

static void tsmb_ct_locker_fn(struct tsmb_work *work)
{
	struct tsmb_ct_locker *l = tsmb_container_of(work, struct tsmb_ct_locker, work);
	int i;

	for (i = 0; i < TSMB_CT_LOCK_ROUNDS; i++) {
		tsmb_os_mutex_lock(&l->m->lock);
		l->m->counter++;
		tsmb_os_mutex_unlock(&l->m->lock);
	}
}

static void tsmb_ct_mutex(struct tsmb_ct *ct)
{
	struct tsmb_ct_mutex *s = tsmb_os_zalloc(sizeof(*s));
	struct tsmb_os_wq *wq;
	int i;

	if (!TSMB_CT_CHECK(ct, s != NULL))
		return;
	if (TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_mutex", TSMB_CT_LOCKERS, &wq) == 0)) {
		tsmb_os_mutex_init(&s->lock);
		for (i = 0; i < TSMB_CT_LOCKERS; i++) {
			s->l[i].m = s;
			tsmb_os_work_init(&s->l[i].work, tsmb_ct_locker_fn);
			TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &s->l[i].work));
		}
		tsmb_os_wq_destroy(wq);
		TSMB_CT_CHECK(ct, s->counter == TSMB_CT_LOCKERS * TSMB_CT_LOCK_ROUNDS);
		tsmb_os_mutex_destroy(&s->lock);
	}
	tsmb_os_free(s);
}

/* --- work queues ------------------------------------------------------------ */

/* A work whose first run blocks until released, and that detects overlap. */
struct tsmb_ct_rerun {
	struct tsmb_work work;
	struct tsmb_completion started;	/* first run entered */
	struct tsmb_completion gate;	/* first run may return */
	struct tsmb_atomic runs;
	struct tsmb_atomic active;
	struct tsmb_atomic overlap;
	struct tsmb_atomic finished;
};

static void tsmb_ct_rerun_fn(struct tsmb_work *work)
{
	struct tsmb_ct_rerun *r = tsmb_container_of(work, struct tsmb_ct_rerun, work);

	if (tsmb_atomic_add_return(&r->active, 1) != 1)
		tsmb_atomic_inc(&r->overlap);
	if (tsmb_atomic_add_return(&r->runs, 1) == 1) {
		tsmb_os_complete(&r->started);
		(void)tsmb_os_completion_wait(&r->gate, TSMB_CT_WAIT_MS);
	}
	tsmb_atomic_inc(&r->finished);
	tsmb_atomic_dec(&r->active);
}

static struct tsmb_ct_rerun *tsmb_ct_rerun_new(void)
{
	struct tsmb_ct_rerun *r = tsmb_os_zalloc(sizeof(*r));

	if (!r)
		return NULL;
	tsmb_os_work_init(&r->work, tsmb_ct_rerun_fn);
	tsmb_os_completion_init(&r->started);
	tsmb_os_completion_init(&r->gate);
	return r;
}

static void tsmb_ct_rerun_free(struct tsmb_ct_rerun *r)
{
	tsmb_os_completion_destroy(&r->started);
	tsmb_os_completion_destroy(&r->gate);
	tsmb_os_free(r);
}

/*
 * Queued while running: queued (true), then pending (false); runs once
 * more after, never beside itself.
 */
static void tsmb_ct_work_rerun(struct tsmb_ct *ct)
{
	struct tsmb_ct_rerun *r = tsmb_ct_rerun_new();
	struct tsmb_os_wq *wq;

	if (!TSMB_CT_CHECK(ct, r != NULL))
		return;
	if (TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_rerun", 4, &wq) == 0)) {
		TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &r->work));
		TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&r->started, TSMB_CT_WAIT_MS) == 0);
		TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &r->work));
		TSMB_CT_CHECK(ct, !tsmb_os_work_queue(wq, &r->work));
		/* Let other workers try to run the pending item beside the first run. */
		tsmb_ct_sleep(20);
		tsmb_os_complete(&r->gate);
		tsmb_os_wq_destroy(wq);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&r->runs) == 2);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&r->overlap) == 0);
	}
	tsmb_ct_rerun_free(r);
}

/* A helper that opens a gate after a while, from another thread. */
struct tsmb_ct_opener {
	struct tsmb_work work;
	struct tsmb_completion *gate;
};

static void tsmb_ct_opener_fn(struct tsmb_work *work)
{
	struct tsmb_ct_opener *o = tsmb_container_of(work, struct tsmb_ct_opener, work);

	tsmb_ct_sleep(30);
	tsmb_os_complete(o->gate);
}

/*
 * cancel_sync on a running item (also pending if requeue): it returns only
 * after the run, the pending run never happens, and it reports whether a
 * pending run was removed.
 */
static void tsmb_ct_work_cancel_running(struct tsmb_ct *ct, struct tsmb_os_wq *wq,
					struct tsmb_os_wq *wq2, bool requeue)
{
	struct tsmb_ct_rerun *r = tsmb_ct_rerun_new();
	struct tsmb_ct_opener *o = tsmb_os_zalloc(sizeof(*o));

	if (!TSMB_CT_CHECK(ct, r != NULL && o != NULL))
		goto out;
	o->gate = &r->gate;
	tsmb_os_work_init(&o->work, tsmb_ct_opener_fn);
	TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &r->work));
	if (!TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&r->started, TSMB_CT_WAIT_MS) == 0))
		goto out;
	if (requeue)
		TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &r->work));
	tsmb_os_work_queue(wq2, &o->work);
	TSMB_CT_CHECK(ct, tsmb_os_work_cancel_sync(&r->work) == requeue);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&r->finished) == 1);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&r->active) == 0);
	tsmb_os_work_cancel_sync(&o->work);
	/* Nothing left to run: a cancel now finds nothing. */
	TSMB_CT_CHECK(ct, !tsmb_os_work_cancel_sync(&r->work));
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&r->runs) == 1);
out:
	if (r) {
		tsmb_os_complete(&r->gate);
		tsmb_os_work_cancel_sync(&r->work);
		tsmb_ct_rerun_free(r);
	}
	if (o) {
		tsmb_os_work_cancel_sync(&o->work);
		tsmb_os_free(o);
	}
}

static void tsmb_ct_work_cancel(struct tsmb_ct *ct)
{
	struct tsmb_ct_rerun *idle = tsmb_ct_rerun_new();
	struct tsmb_os_wq *wq, *wq2;

	if (!TSMB_CT_CHECK(ct, idle != NULL))
		return;
	if (!TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_cancel", 2, &wq) == 0))
		goto out_idle;
	if (!TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_cancel2", 1, &wq2) == 0))
		goto out_wq;

	/* Never queued, then queued and finished: nothing to cancel. */
	TSMB_CT_CHECK(ct, !tsmb_os_work_cancel_sync(&idle->work));
	tsmb_os_complete(&idle->gate);
	TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &idle->work));
	TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&idle->started, TSMB_CT_WAIT_MS) == 0);
	tsmb_os_work_cancel_sync(&idle->work);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&idle->finished) == 1);
	TSMB_CT_CHECK(ct, !tsmb_os_work_cancel_sync(&idle->work));

	tsmb_ct_work_cancel_running(ct, wq, wq2, false);
	tsmb_ct_work_cancel_running(ct, wq, wq2, true);
	tsmb_os_wq_destroy(wq2);
out_wq:
	tsmb_os_wq_destroy(wq);
out_idle:
	tsmb_ct_rerun_free(idle);
}

/* cancel() from another thread takes the pending run and does not wait. */
static void tsmb_ct_work_cancel_nowait(struct tsmb_ct *ct, struct tsmb_os_wq *wq)
{
	struct tsmb_ct_rerun *r = tsmb_ct_rerun_new();

	if (!TSMB_CT_CHECK(ct, r != NULL))
		return;
	TSMB_CT_CHECK(ct, !tsmb_os_work_cancel(&r->work));	/* never queued */
	TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &r->work));
	if (TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&r->started, TSMB_CT_WAIT_MS) == 0)) {
		TSMB_CT_CHECK(ct, !tsmb_os_work_cancel(&r->work));	/* running only */
		TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &r->work));
		TSMB_CT_CHECK(ct, tsmb_os_work_cancel(&r->work));
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&r->active) == 1);	/* still running */
	}
	tsmb_os_complete(&r->gate);
	tsmb_os_work_cancel_sync(&r->work);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&r->runs) == 1);
	tsmb_ct_rerun_free(r);
}

/* Outlives the self-cancelling item, which frees itself. */
struct tsmb_ct_sc_state {
	struct tsmb_completion started;
	struct tsmb_completion gate;
	struct tsmb_completion done;
	struct tsmb_atomic runs;
	struct tsmb_atomic cancelled;
};

struct tsmb_ct_sc_item {
	struct tsmb_work work;
	struct tsmb_ct_sc_state *st;
};

/* Queued again while it runs, it drops that run and frees its item. */
static void tsmb_ct_sc_fn(struct tsmb_work *work)
{
	struct tsmb_ct_sc_item *it = tsmb_container_of(work, struct tsmb_ct_sc_item, work);
	struct tsmb_ct_sc_state *st = it->st;

	if (tsmb_atomic_add_return(&st->runs, 1) != 1)
		return;	/* the cancelled run: must not happen (and it->st is gone) */
	tsmb_os_complete(&st->started);
	(void)tsmb_os_completion_wait(&st->gate, TSMB_CT_WAIT_MS);
	if (tsmb_os_work_cancel(work))
		tsmb_atomic_inc(&st->cancelled);
	tsmb_memset(it, 0x6b, sizeof(*it));
	tsmb_os_free(it);
	tsmb_os_complete(&st->done);
}

static void tsmb_ct_work_self_cancel(struct tsmb_ct *ct, struct tsmb_os_wq *wq)
{
	struct tsmb_ct_sc_state *st = tsmb_os_zalloc(sizeof(*st));
	struct tsmb_ct_sc_item *it = tsmb_os_alloc(sizeof(*it));

	if (!TSMB_CT_CHECK(ct, st && it)) {
		tsmb_os_free(st);
		tsmb_os_free(it);
		return;
	}
	tsmb_os_completion_init(&st->started);
	tsmb_os_completion_init(&st->gate);
	tsmb_os_completion_init(&st->done);
	it->st = st;
	tsmb_os_work_init(&it->work, tsmb_ct_sc_fn);
	TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &it->work));
	TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&st->started, TSMB_CT_WAIT_MS) == 0);
	/* it stays alive until the gate opens: queuing it again is safe here. */
	TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &it->work));
	tsmb_os_complete(&st->gate);
	TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&st->done, TSMB_CT_WAIT_MS) == 0);
	/* Drain the queue: a run that escaped the cancel would show up now. */
	tsmb_os_wq_destroy(wq);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&st->runs) == 1);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(&st->cancelled) == 1);
	tsmb_os_completion_destroy(&st->started);
	tsmb_os_completion_destroy(&st->gate);
	tsmb_os_completion_destroy(&st->done);
	tsmb_os_free(st);
}

static void tsmb_ct_work_cancel_nosync(struct tsmb_ct *ct)
{
	struct tsmb_os_wq *wq;

	if (!TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_cancel3", 4, &wq) == 0))
		return;
	tsmb_ct_work_cancel_nowait(ct, wq);
	tsmb_ct_work_self_cancel(ct, wq);	/* destroys wq */
}

#define TSMB_CT_QUEUERS 3
#define TSMB_CT_QUEUES_EACH 2000

struct tsmb_ct_hammer;

struct tsmb_ct_queuer {
	struct tsmb_work work;
	struct tsmb_ct_hammer *h;
};

/* One target queued from several threads at once while it runs. */
struct tsmb_ct_hammer {
	struct tsmb_os_wq *wq;
	struct tsmb_work target;
	struct tsmb_atomic active;
	struct tsmb_atomic overlap;
	struct tsmb_atomic runs;
	struct tsmb_atomic queued;	/* queue() calls that returned true */
	struct tsmb_atomic spin;
	struct tsmb_ct_queuer q[TSMB_CT_QUEUERS];
};

static void tsmb_ct_target_fn(struct tsmb_work *work)
{
	struct tsmb_ct_hammer *h = tsmb_container_of(work, struct tsmb_ct_hammer, target);
	int i;

	if (tsmb_atomic_add_return(&h->active, 1) != 1)
		tsmb_atomic_inc(&h->overlap);
	tsmb_atomic_inc(&h->runs);
	for (i = 0; i < 200; i++)
		tsmb_atomic_inc(&h->spin);
	tsmb_atomic_dec(&h->active);
}

static void tsmb_ct_queue_many(struct tsmb_ct_hammer *h)
{
	int i;

	for (i = 0; i < TSMB_CT_QUEUES_EACH; i++)
		if (tsmb_os_work_queue(h->wq, &h->target))
			tsmb_atomic_inc(&h->queued);
}

static void tsmb_ct_queuer_fn(struct tsmb_work *work)
{
	tsmb_ct_queue_many(tsmb_container_of(work, struct tsmb_ct_queuer, work)->h);
}

static void tsmb_ct_work_hammer(struct tsmb_ct *ct)
{
	struct tsmb_ct_hammer *h = tsmb_os_zalloc(sizeof(*h));
	int i;

	if (!TSMB_CT_CHECK(ct, h != NULL))
		return;
	if (TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_hammer", 4, &h->wq) == 0)) {
		tsmb_os_work_init(&h->target, tsmb_ct_target_fn);
		for (i = 0; i < TSMB_CT_QUEUERS; i++) {
			h->q[i].h = h;
			tsmb_os_work_init(&h->q[i].work, tsmb_ct_queuer_fn);
			tsmb_os_work_queue(h->wq, &h->q[i].work);
		}
		tsmb_ct_queue_many(h);
		tsmb_os_wq_destroy(h->wq);
		/* Every true from queue() is exactly one run; none overlapped. */
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&h->overlap) == 0);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&h->runs) >= 1);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&h->runs) == tsmb_atomic_read(&h->queued));
	}
	tsmb_os_free(h);
}

#define TSMB_CT_SELF_FREE 64

struct tsmb_ct_self_free {
	struct tsmb_work work;
	struct tsmb_atomic *count;
	struct tsmb_completion *all_done;
};

static void tsmb_ct_self_free_fn(struct tsmb_work *work)
{
	struct tsmb_ct_self_free *s = tsmb_container_of(work, struct tsmb_ct_self_free, work);
	struct tsmb_completion *all_done = s->all_done;
	struct tsmb_atomic *count = s->count;

	tsmb_memset(s, 0x6b, sizeof(*s));	/* poison what we own */
	tsmb_os_free(s);
	if (tsmb_atomic_add_return(count, 1) == TSMB_CT_SELF_FREE)
		tsmb_os_complete(all_done);
}

/* Works that free their own item: the queue must not touch it afterwards. */
static void tsmb_ct_work_self_free(struct tsmb_ct *ct)
{
	struct tsmb_completion *done = tsmb_os_zalloc(sizeof(*done));
	struct tsmb_atomic *count = tsmb_os_zalloc(sizeof(*count));
	struct tsmb_ct_self_free *s;
	struct tsmb_os_wq *wq = NULL;
	int i, queued = 0;

	if (!TSMB_CT_CHECK(ct, done && count) ||
	    !TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_self_free", 4, &wq) == 0))
		goto out;
	tsmb_os_completion_init(done);
	for (i = 0; i < TSMB_CT_SELF_FREE; i++) {
		s = tsmb_os_alloc(sizeof(*s));
		if (!TSMB_CT_CHECK(ct, s != NULL))
			break;
		s->count = count;
		s->all_done = done;
		tsmb_os_work_init(&s->work, tsmb_ct_self_free_fn);
		TSMB_CT_CHECK(ct, tsmb_os_work_queue(wq, &s->work));
		queued++;
	}
	if (queued == TSMB_CT_SELF_FREE)
		TSMB_CT_CHECK(ct, tsmb_os_completion_wait(done, TSMB_CT_WAIT_MS) == 0);
	tsmb_os_wq_destroy(wq);
	TSMB_CT_CHECK(ct, tsmb_atomic_read(count) == queued);
	tsmb_os_completion_destroy(done);
out:
	tsmb_os_free(done);
	tsmb_os_free(count);
}

#define TSMB_CT_DRAIN_ITEMS 32
#define TSMB_CT_CHAIN 10

struct tsmb_ct_drain;

struct tsmb_ct_drain_item {
	struct tsmb_work work;
	struct tsmb_ct_drain *d;
};

struct tsmb_ct_drain {
	struct tsmb_os_wq *wq;
	struct tsmb_atomic count;
	struct tsmb_atomic chain_runs;
	struct tsmb_work chain;
	struct tsmb_ct_drain_item item[TSMB_CT_DRAIN_ITEMS];
};

static void tsmb_ct_drain_fn(struct tsmb_work *work)
{
	struct tsmb_ct_drain_item *it = tsmb_container_of(work, struct tsmb_ct_drain_item, work);

	tsmb_ct_sleep(1);
	tsmb_atomic_inc(&it->d->count);
}

/* Queues itself again from its own run, including during destroy. */
static void tsmb_ct_chain_fn(struct tsmb_work *work)
{
	struct tsmb_ct_drain *d = tsmb_container_of(work, struct tsmb_ct_drain, chain);

	if (tsmb_atomic_add_return(&d->chain_runs, 1) < TSMB_CT_CHAIN)
		tsmb_os_work_queue(d->wq, &d->chain);
}

/* destroy runs everything still queued, and what that queues, first. */
static void tsmb_ct_work_drain(struct tsmb_ct *ct)
{
	struct tsmb_ct_drain *d = tsmb_os_zalloc(sizeof(*d));
	int i;

	if (!TSMB_CT_CHECK(ct, d != NULL))
		return;
	if (TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_drain", 2, &d->wq) == 0)) {
		tsmb_os_work_init(&d->chain, tsmb_ct_chain_fn);
		tsmb_os_work_queue(d->wq, &d->chain);
		for (i = 0; i < TSMB_CT_DRAIN_ITEMS; i++) {
			d->item[i].d = d;
			tsmb_os_work_init(&d->item[i].work, tsmb_ct_drain_fn);
			tsmb_os_work_queue(d->wq, &d->item[i].work);
		}
		tsmb_os_wq_destroy(d->wq);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&d->count) == TSMB_CT_DRAIN_ITEMS);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&d->chain_runs) == TSMB_CT_CHAIN);
	}
	tsmb_os_free(d);
}

/* --- time -------------------------------------------------------------------- */

/* 2020-01-01T00:00:00Z and about 2234 as FILETIMEs. */
#define TSMB_CT_NT_2020 132223104000000000ULL
#define TSMB_CT_NT_LATE 200000000000000000ULL

static void tsmb_ct_time(struct tsmb_ct *ct)
{
	uint64_t prev = tsmb_os_mono_ns(), now, t0;
	bool mono = true;
	uint64_t nt;
	int i;

	for (i = 0; i < 1000; i++) {
		now = tsmb_os_mono_ns();
		mono = mono && now >= prev;
		prev = now;
	}
	TSMB_CT_CHECK(ct, mono);
	t0 = tsmb_os_mono_ns();
	tsmb_ct_sleep(20);
	TSMB_CT_CHECK(ct, tsmb_os_mono_ns() - t0 >= 10000000ULL);

	nt = tsmb_os_nt_time();
	TSMB_CT_CHECK(ct, nt > TSMB_CT_NT_2020 && nt < TSMB_CT_NT_LATE);
	TSMB_CT_CHECK(ct, tsmb_os_nt_time() >= nt);
}

/* --- crypto ---------------------------------------------------------------- */

/* Digest of the single buffer msg through hash h equals want. */
static bool tsmb_ct_digest_is(struct tsmb_os_hash *h, const void *msg, size_t len,
			      const uint8_t *want, unsigned int want_len)
{
	struct tsmb_iov iov = { msg, len };
	uint8_t out[TSMB_HASH_MAX_LEN];

	if (tsmb_os_hash_digest(h, &iov, 1, out))
		return false;
	return !tsmb_memcmp(out, want, want_len);
}

static void tsmb_ct_vector(struct tsmb_ct *ct, const struct tsmb_ct_vec *v)
{
	struct tsmb_os_hash *h;
	int r;

	r = tsmb_os_hash_create(v->alg, v->key, v->keylen, &h);
	if (!TSMB_CT_CHECK(ct, r == 0)) {
		tsmb_os_log(TSMB_LOG_ERR, "contract: hash create for %s: %d", v->name, r);
		return;
	}
	TSMB_CT_CHECK(ct, tsmb_hash_len(v->alg) == v->maclen);
	if (!TSMB_CT_CHECK(ct, tsmb_ct_digest_is(h, v->msg, v->msglen, v->mac, v->maclen)))
		tsmb_os_log(TSMB_LOG_ERR, "contract: wrong digest for %s", v->name);
	tsmb_os_hash_destroy(h);
}

/* Split over iovs (some empty), the message digests the same. */
static void tsmb_ct_multi_iov(struct tsmb_ct *ct)
{
	const struct tsmb_ct_vec *v = &tsmb_ct_vecs[TSMB_CT_VEC_CMAC40];
	uint8_t out[TSMB_HASH_MAX_LEN];
	struct tsmb_iov iov[5];
	const uint8_t *m = v->msg;
	struct tsmb_os_hash *h;

	if (!TSMB_CT_CHECK(ct, tsmb_os_hash_create(v->alg, v->key, v->keylen, &h) == 0))
		return;
	iov[0] = (struct tsmb_iov){ m, 1 };
	iov[1] = (struct tsmb_iov){ m + 1, 0 };
	iov[2] = (struct tsmb_iov){ m + 1, 15 };
	iov[3] = (struct tsmb_iov){ m + 16, 24 };
	iov[4] = (struct tsmb_iov){ m + 40, 0 };
	TSMB_CT_CHECK(ct, tsmb_os_hash_digest(h, iov, 5, out) == 0);
	TSMB_CT_CHECK(ct, !tsmb_memcmp(out, v->mac, v->maclen));
	tsmb_os_hash_destroy(h);

	v = &tsmb_ct_vecs[TSMB_CT_VEC_SHA512];
	if (!TSMB_CT_CHECK(ct, tsmb_os_hash_create(v->alg, NULL, 0, &h) == 0))
		return;
	iov[0] = (struct tsmb_iov){ v->msg, 2 };
	iov[1] = (struct tsmb_iov){ (const uint8_t *)v->msg + 2, 1 };
	TSMB_CT_CHECK(ct, tsmb_os_hash_digest(h, iov, 2, out) == 0);
	TSMB_CT_CHECK(ct, !tsmb_memcmp(out, v->mac, v->maclen));
	tsmb_os_hash_destroy(h);
}

#define TSMB_CT_HASHERS 4
#define TSMB_CT_HASH_ROUNDS 200

struct tsmb_ct_hasher {
	struct tsmb_work work;
	struct tsmb_os_hash *h;
	const struct tsmb_ct_vec *v;
	struct tsmb_atomic *bad;
};

static void tsmb_ct_hasher_fn(struct tsmb_work *work)
{
	struct tsmb_ct_hasher *w = tsmb_container_of(work, struct tsmb_ct_hasher, work);
	int i;

	for (i = 0; i < TSMB_CT_HASH_ROUNDS; i++)
		if (!tsmb_ct_digest_is(w->h, w->v->msg, w->v->msglen, w->v->mac, w->v->maclen))
			tsmb_atomic_inc(w->bad);
}

/* One keyed hash object digested from several threads at once. */
static void tsmb_ct_hash_threads(struct tsmb_ct *ct, enum tsmb_ct_vec_id id)
{
	struct tsmb_ct_hasher *w = tsmb_os_zalloc(TSMB_CT_HASHERS * sizeof(*w));
	const struct tsmb_ct_vec *v = &tsmb_ct_vecs[id];
	struct tsmb_atomic bad;
	struct tsmb_os_wq *wq;
	struct tsmb_os_hash *h;
	int i;

	if (!TSMB_CT_CHECK(ct, w != NULL))
		return;
	tsmb_atomic_set(&bad, 0);
	if (!TSMB_CT_CHECK(ct, tsmb_os_hash_create(v->alg, v->key, v->keylen, &h) == 0))
		goto out;
	if (TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_hash", TSMB_CT_HASHERS, &wq) == 0)) {
		for (i = 0; i < TSMB_CT_HASHERS; i++) {
			w[i].h = h;
			w[i].v = v;
			w[i].bad = &bad;
			tsmb_os_work_init(&w[i].work, tsmb_ct_hasher_fn);
			tsmb_os_work_queue(wq, &w[i].work);
		}
		tsmb_os_wq_destroy(wq);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&bad) == 0);
	}
	tsmb_os_hash_destroy(h);
out:
	tsmb_os_free(w);
}

static void tsmb_ct_crypto(struct tsmb_ct *ct)
{
	static const uint8_t key20[20];
	struct tsmb_os_hash *h = NULL;
	unsigned int i;

	for (i = 0; i < TSMB_ARRAY_SIZE(tsmb_ct_vecs); i++)
		tsmb_ct_vector(ct, &tsmb_ct_vecs[i]);
	tsmb_ct_multi_iov(ct);
	tsmb_ct_hash_threads(ct, TSMB_CT_VEC_HMAC2);
	tsmb_ct_hash_threads(ct, TSMB_CT_VEC_CMAC40);
	tsmb_ct_hash_threads(ct, TSMB_CT_VEC_SHA256);
	/* AES takes 16- or 32-byte keys only. */
	TSMB_CT_CHECK(ct, tsmb_os_hash_create(TSMB_HASH_AES_CMAC, key20, 20, &h) != 0);
}

/* --- AEAD ------------------------------------------------------------------ */

static int tsmb_ct_seal(struct tsmb_os_aead *a, const struct tsmb_ct_aead_vec *v, bool enc,
			struct tsmb_mvec *seg, unsigned int nr_seg, uint8_t *tag)
{
	struct tsmb_iov aad = { v->aad, v->aad_len };

	if (enc)
		return tsmb_os_aead_encrypt(a, v->nonce, v->nonce_len, &aad, 1, seg, nr_seg, tag);
	return tsmb_os_aead_decrypt(a, v->nonce, v->nonce_len, &aad, 1, seg, nr_seg, tag);
}

/* One known answer in one segment: encrypt, decrypt, and two forgeries. */
static void tsmb_ct_aead_vector(struct tsmb_ct *ct, const struct tsmb_ct_aead_vec *v)
{
	struct tsmb_os_aead *a;
	struct tsmb_mvec seg;
	struct tsmb_iov aad[2];
	uint8_t tag[TSMB_AEAD_TAG_LEN], *buf;
	int r;

	r = tsmb_os_aead_create(v->alg, v->key, v->keylen, &a);
	if (!TSMB_CT_CHECK(ct, r == 0)) {
		tsmb_os_log(TSMB_LOG_ERR, "contract: aead create for %s: %d", v->name, r);
		return;
	}
	buf = tsmb_os_alloc(v->len + 1);
	if (!TSMB_CT_CHECK(ct, buf != NULL))
		goto out;
	tsmb_memcpy(buf, v->pt, v->len);
	seg = (struct tsmb_mvec){ buf, v->len };
	if (!TSMB_CT_CHECK(ct, tsmb_ct_seal(a, v, true, &seg, 1, tag) == 0) ||
	    !TSMB_CT_CHECK(ct, !tsmb_memcmp(buf, v->ct, v->len) &&
			   !tsmb_memcmp(tag, v->tag, sizeof(tag))))
		tsmb_os_log(TSMB_LOG_ERR, "contract: wrong ciphertext for %s", v->name);
	TSMB_CT_CHECK(ct, tsmb_ct_seal(a, v, false, &seg, 1, tag) == 0);
	TSMB_CT_CHECK(ct, !tsmb_memcmp(buf, v->pt, v->len));

	/* A flipped tag bit, then one flipped AAD bit (split over two iovs). */
	tsmb_memcpy(buf, v->ct, v->len);
	tsmb_memcpy(tag, v->tag, sizeof(tag));
	tag[15] ^= 0x80;
	TSMB_CT_CHECK(ct, tsmb_ct_seal(a, v, false, &seg, 1, tag) == -TSMB_EBADMSG);
	tsmb_memcpy(buf, v->ct, v->len);
	tag[15] ^= 0x80;
	aad[0] = (struct tsmb_iov){ v->aad, v->aad_len / 2 };
	aad[1] = (struct tsmb_iov){ v->aad + v->aad_len / 2, v->aad_len - v->aad_len / 2 };
	TSMB_CT_CHECK(ct, tsmb_os_aead_decrypt(a, v->nonce, v->nonce_len, aad, 2, &seg, 1,
					       tag) == 0);
	if (v->aad_len) {
		tsmb_memcpy(buf, v->ct, v->len);
		tsmb_memcpy(tag, v->tag, sizeof(tag));
		aad[0].len--;
		TSMB_CT_CHECK(ct, tsmb_os_aead_decrypt(a, v->nonce, v->nonce_len, aad, 2, &seg, 1,
						       tag) == -TSMB_EBADMSG);
	}
	/* The nonce length belongs to the algorithm. */
	TSMB_CT_CHECK(ct, tsmb_os_aead_encrypt(a, v->nonce, v->nonce_len == 12 ? 11 : 12, NULL, 0,
					       &seg, 1, tag) == -TSMB_EINVAL);
	tsmb_os_free(buf);
out:
	tsmb_os_aead_destroy(a);
}

/*
 * The same message encrypted whole in a small buffer and in segments cut
 * at odd places of a buffer too big for kmalloc (so the kernel's vmalloc
 * path runs), straddling pages: same ciphertext, same tag, and it decrypts.
 */
#define TSMB_CT_AEAD_MSG 20000u
#define TSMB_CT_AEAD_BIG ((4u << 20) + (32u << 10))

static void tsmb_ct_aead_split_one(struct tsmb_ct *ct, const struct tsmb_ct_aead_vec *v,
				   uint8_t *small, uint8_t *big)
{
	static const size_t at[4] = { 4095, 8185, 3 * 4096 + 1, (4u << 20) - 100 };
	static const size_t len[4] = { 1, 17, 0, TSMB_CT_AEAD_MSG - 18 };
	uint8_t tag1[TSMB_AEAD_TAG_LEN], tag2[TSMB_AEAD_TAG_LEN];
	struct tsmb_mvec seg[4], one = { small, TSMB_CT_AEAD_MSG };
	struct tsmb_iov aad[3];
	struct tsmb_os_aead *a;
	size_t off = 0;
	unsigned int i;
	bool same = true;

	if (!TSMB_CT_CHECK(ct, tsmb_os_aead_create(v->alg, v->key, v->keylen, &a) == 0))
		return;
	for (i = 0; i < TSMB_CT_AEAD_MSG; i++)
		small[i] = (uint8_t)(i * 31 + 7);
	for (i = 0; i < 4; i++) {
		seg[i] = (struct tsmb_mvec){ big + at[i], len[i] };
		tsmb_memcpy(seg[i].base, small + off, len[i]);
		off += len[i];
	}
	TSMB_CT_CHECK(ct, tsmb_ct_seal(a, v, true, &one, 1, tag1) == 0);
	aad[0] = (struct tsmb_iov){ v->aad, 1 };
	aad[1] = (struct tsmb_iov){ v->aad + 1, 0 };
	aad[2] = (struct tsmb_iov){ v->aad + 1, v->aad_len - 1 };
	TSMB_CT_CHECK(ct, tsmb_os_aead_encrypt(a, v->nonce, v->nonce_len, aad, 3, seg, 4,
					       tag2) == 0);
	for (off = 0, i = 0; i < 4; off += len[i], i++)
		same = same && !tsmb_memcmp(seg[i].base, small + off, len[i]);
	if (!TSMB_CT_CHECK(ct, same && !tsmb_memcmp(tag1, tag2, sizeof(tag1))))
		tsmb_os_log(TSMB_LOG_ERR, "contract: %s split differs from whole", v->name);
	TSMB_CT_CHECK(ct, tsmb_os_aead_decrypt(a, v->nonce, v->nonce_len, aad, 3, seg, 4,
					       tag2) == 0);
	TSMB_CT_CHECK(ct, tsmb_ct_seal(a, v, false, &one, 1, tag1) == 0);
	for (same = true, off = 0, i = 0; i < 4; off += len[i], i++)
		same = same && !tsmb_memcmp(seg[i].base, small + off, len[i]);
	TSMB_CT_CHECK(ct, same);
	tsmb_os_aead_destroy(a);
}

static void tsmb_ct_aead_split(struct tsmb_ct *ct)
{
	static const unsigned int which[] = { 1, 2, 3, 4 };
	uint8_t *small = tsmb_os_alloc(TSMB_CT_AEAD_MSG);
	uint8_t *big = tsmb_os_alloc(TSMB_CT_AEAD_BIG);
	unsigned int i;

	if (TSMB_CT_CHECK(ct, small && big))
		for (i = 0; i < TSMB_ARRAY_SIZE(which); i++)
			tsmb_ct_aead_split_one(ct, &tsmb_ct_aead_vecs[which[i]], small, big);
	tsmb_os_free(big);
	tsmb_os_free(small);
}

#define TSMB_CT_SEALERS 4
#define TSMB_CT_SEAL_ROUNDS 50

struct tsmb_ct_sealer {
	struct tsmb_work work;
	struct tsmb_os_aead *a;
	const struct tsmb_ct_aead_vec *v;
	struct tsmb_atomic *bad;
	uint8_t buf[128];
};

static void tsmb_ct_sealer_fn(struct tsmb_work *work)
{
	struct tsmb_ct_sealer *w = tsmb_container_of(work, struct tsmb_ct_sealer, work);
	struct tsmb_mvec seg = { w->buf, w->v->len };
	uint8_t tag[TSMB_AEAD_TAG_LEN];
	int i;

	for (i = 0; i < TSMB_CT_SEAL_ROUNDS; i++) {
		tsmb_memcpy(w->buf, w->v->pt, w->v->len);
		if (tsmb_ct_seal(w->a, w->v, true, &seg, 1, tag) ||
		    tsmb_memcmp(w->buf, w->v->ct, w->v->len) ||
		    tsmb_memcmp(tag, w->v->tag, sizeof(tag)) ||
		    tsmb_ct_seal(w->a, w->v, false, &seg, 1, tag))
			tsmb_atomic_inc(w->bad);
	}
}

/* One AEAD object used from several threads at once. */
static void tsmb_ct_aead_threads(struct tsmb_ct *ct, const struct tsmb_ct_aead_vec *v)
{
	struct tsmb_ct_sealer *w = tsmb_os_zalloc(TSMB_CT_SEALERS * sizeof(*w));
	struct tsmb_os_aead *a = NULL;
	struct tsmb_atomic bad;
	struct tsmb_os_wq *wq;
	int i;

	if (!TSMB_CT_CHECK(ct, w != NULL))
		return;
	tsmb_atomic_set(&bad, 0);
	if (TSMB_CT_CHECK(ct, tsmb_os_aead_create(v->alg, v->key, v->keylen, &a) == 0) &&
	    TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_aead", TSMB_CT_SEALERS, &wq) == 0)) {
		for (i = 0; i < TSMB_CT_SEALERS; i++) {
			w[i].a = a;
			w[i].v = v;
			w[i].bad = &bad;
			tsmb_os_work_init(&w[i].work, tsmb_ct_sealer_fn);
			tsmb_os_work_queue(wq, &w[i].work);
		}
		tsmb_os_wq_destroy(wq);
		TSMB_CT_CHECK(ct, tsmb_atomic_read(&bad) == 0);
	}
	tsmb_os_aead_destroy(a);
	tsmb_os_free(w);
}

static void tsmb_ct_aead(struct tsmb_ct *ct)
{
	static const uint8_t key24[24];
	struct tsmb_os_aead *a = NULL;
	unsigned int i;

	for (i = 0; i < TSMB_ARRAY_SIZE(tsmb_ct_aead_vecs); i++)
		tsmb_ct_aead_vector(ct, &tsmb_ct_aead_vecs[i]);
	tsmb_ct_aead_split(ct);
	tsmb_ct_aead_threads(ct, &tsmb_ct_aead_vecs[2]);
	tsmb_ct_aead_threads(ct, &tsmb_ct_aead_vecs[3]);
	/* The key length belongs to the algorithm. */
	TSMB_CT_CHECK(ct, tsmb_os_aead_create(TSMB_AEAD_AES128_GCM, key24, 24, &a) != 0);
	TSMB_CT_CHECK(ct, tsmb_os_aead_create(TSMB_AEAD_AES256_CCM, key24, 16, &a) != 0);
}

static void tsmb_ct_random(struct tsmb_ct *ct)
{
	uint8_t a[32], b[32], zero[32];

	tsmb_memset(zero, 0, sizeof(zero));
	tsmb_os_random(a, sizeof(a));
	tsmb_os_random(b, sizeof(b));
	TSMB_CT_CHECK(ct, tsmb_memcmp(a, b, sizeof(a)) != 0);
	TSMB_CT_CHECK(ct, tsmb_memcmp(a, zero, sizeof(a)) != 0);
	tsmb_os_random(a, 1);
	tsmb_os_random(a, 0);
}

/* --- network --------------------------------------------------------------- */

struct tsmb_ct_watch {
	struct tsmb_work work;
	struct tsmb_completion ran;
};

static void tsmb_ct_watch_fn(struct tsmb_work *work)
{
	tsmb_os_complete(&tsmb_container_of(work, struct tsmb_ct_watch, work)->ran);
}

/* Watching a listener queues its work at once, data or not. */
static void tsmb_ct_net_watch(struct tsmb_ct *ct, struct tsmb_os_sock *ls)
{
	struct tsmb_ct_watch *w = tsmb_os_zalloc(sizeof(*w));
	struct tsmb_os_wq *wq;

	if (!TSMB_CT_CHECK(ct, w != NULL))
		return;
	if (TSMB_CT_CHECK(ct, tsmb_os_wq_create("tsmb_ct_net", 1, &wq) == 0)) {
		tsmb_os_completion_init(&w->ran);
		tsmb_os_work_init(&w->work, tsmb_ct_watch_fn);
		if (TSMB_CT_CHECK(ct, tsmb_os_sock_watch(ls, wq, &w->work) == 0)) {
			TSMB_CT_CHECK(ct, tsmb_os_completion_wait(&w->ran, TSMB_CT_WAIT_MS) == 0);
			tsmb_os_sock_unwatch(ls);
			tsmb_os_work_cancel_sync(&w->work);
		}
		tsmb_os_wq_destroy(wq);
		tsmb_os_completion_destroy(&w->ran);
	}
	tsmb_os_free(w);
}

static void tsmb_ct_net_v4(struct tsmb_ct *ct, struct tsmb_os_net *net)
{
	struct tsmb_sockaddr addr = { .family = TSMB_AF_INET, .addr = { 127, 0, 0, 1 } };
	struct tsmb_sockaddr local, peer;
	struct tsmb_os_sock *ls, *ls2, *as = NULL;
	int r;

	r = tsmb_os_sock_listen(net, &addr, 16, &ls);
	if (!TSMB_CT_CHECK(ct, r == 0))
		return;
	r = tsmb_os_sock_local(ls, &local);
	TSMB_CT_CHECK(ct, r == 0);
	TSMB_CT_CHECK(ct, local.family == TSMB_AF_INET && local.port != 0);
	TSMB_CT_CHECK(ct, !tsmb_memcmp(local.addr, addr.addr, 4));
	TSMB_CT_CHECK(ct, tsmb_os_sock_accept(ls, &as) == -TSMB_EAGAIN);
	TSMB_CT_CHECK(ct, as == NULL);
	TSMB_CT_CHECK(ct, tsmb_os_sock_peer(ls, &peer) != 0);

	/* The port is taken while ls listens, SO_REUSEADDR or not. */
	addr.port = local.port;
	r = tsmb_os_sock_listen(net, &addr, 16, &ls2);
	TSMB_CT_CHECK(ct, r == -TSMB_EADDRINUSE);
	if (r == 0)
		tsmb_os_sock_close(ls2);

	tsmb_ct_net_watch(ct, ls);
	tsmb_os_sock_shutdown(ls);
	tsmb_os_sock_close(ls);
}

static void tsmb_ct_net_v6(struct tsmb_ct *ct, struct tsmb_os_net *net)
{
	struct tsmb_sockaddr addr = { .family = TSMB_AF_INET6 };
	struct tsmb_sockaddr local;
	struct tsmb_os_sock *ls;
	int r;

	addr.addr[15] = 1;	/* ::1 */
	r = tsmb_os_sock_listen(net, &addr, 16, &ls);
	if (r == -TSMB_EADDRNOTAVAIL || r == -TSMB_EAFNOSUPPORT) {
		tsmb_os_log(TSMB_LOG_NOTICE, "contract: no IPv6 loopback, skipped (%d)", r);
		return;
	}
	if (!TSMB_CT_CHECK(ct, r == 0))
		return;
	TSMB_CT_CHECK(ct, tsmb_os_sock_local(ls, &local) == 0);
	TSMB_CT_CHECK(ct, local.family == TSMB_AF_INET6 && local.port != 0);
	TSMB_CT_CHECK(ct, !tsmb_memcmp(local.addr, addr.addr, 16));
	tsmb_os_sock_close(ls);
}

static void tsmb_ct_net(struct tsmb_ct *ct)
{
	struct tsmb_os_net *net;

	if (!TSMB_CT_CHECK(ct, tsmb_os_net_create(&net) == 0))
		return;
	tsmb_ct_net_v4(ct, net);
	tsmb_ct_net_v6(ct, net);
	tsmb_os_net_destroy(net);
}

int tsmb_contract_selftest(void)
{
	struct tsmb_ct ct = { 0, 0 };
	struct tsmb_os_wq *wq;

	tsmb_ct_mem(&ct);
	tsmb_ct_pool(&ct);
	tsmb_ct_atomics(&ct);
	if (TSMB_CT_CHECK(&ct, tsmb_os_wq_create("tsmb_ct", 4, &wq) == 0)) {
		tsmb_ct_completion(&ct, wq);
		tsmb_os_wq_destroy(wq);
	}
	tsmb_ct_mutex(&ct);
	tsmb_ct_work_rerun(&ct);
	tsmb_ct_work_cancel(&ct);
	tsmb_ct_work_cancel_nosync(&ct);
	tsmb_ct_work_hammer(&ct);
	tsmb_ct_work_self_free(&ct);
	tsmb_ct_work_drain(&ct);
	tsmb_ct_time(&ct);
	tsmb_ct_crypto(&ct);
	tsmb_ct_aead(&ct);
	tsmb_ct_random(&ct);
	tsmb_ct_net(&ct);

	if (ct.failed)
		tsmb_os_log(TSMB_LOG_ERR, "contract: %d of %d checks failed",
			    ct.failed, ct.checks);
	else
		tsmb_os_log(TSMB_LOG_INFO, "contract: all %d checks passed", ct.checks);
	return ct.failed;
}
