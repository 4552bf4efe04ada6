// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.14 Receiving an SMB2 LOCK Request. Unlocks and
 * fail-immediately locks are answered at once; a lone lock that may wait
 * and conflicts goes async (core/smb2/async.c): an interim response now,
 * the final one when a release lets it through (STATUS_SUCCESS), when it
 * is cancelled (STATUS_CANCELLED) or when its open closes
 * (STATUS_RANGE_NOT_LOCKED, as Windows answers).
 *
 * Lock sequence numbers (3.3.5.14, LockSequenceIndex) only matter for
 * resilient, durable or persistent opens and multichannel, none of which
 * this server grants: they are decoded and ignored, as the spec says.
 */
#include <tsmb/os/mem.h>

#include "core/server_priv.h"
#include "core/smb2/async.h"
#include "core/smb2/dispatch.h"
#include "core/vfs/lock.h"
#include "core/vfs/open.h"
#include "core/vfs/oplock.h"
#include "core/wire/lock.h"

/* A blocking lock while it waits. */
struct lock_wait {
	struct tsmb_async a;
	struct tsmb_lock_waiter w;
};

static struct lock_wait *of_async(struct tsmb_async *a)
{
	return tsmb_container_of(a, struct lock_wait, a);
}

/* Under srv->files_lock, from whichever connection released a lock. */
static void lw_wake(struct tsmb_lock_waiter *w)
{
	tsmb_async_wake(w->op->conn);
}

/* The open closed under the request: Windows answers RANGE_NOT_LOCKED. */
static void lw_closed(struct tsmb_lock_waiter *w)
{
	struct lock_wait *lw = tsmb_container_of(w, struct lock_wait, w);

	tsmb_async_finish(&lw->a, TSMB_ERR(STATUS_RANGE_NOT_LOCKED));
}

static struct tsmb_status lw_poll(struct tsmb_async *a)
{
	return tsmb_lock_wait_retry(&of_async(a)->w);
}

static void lw_encode(struct tsmb_async *a, struct tsmb_wr *w)
{
	tsmb_lock_rsp_encode(w);
}

static void lw_cancel(struct tsmb_async *a)
{
	tsmb_lock_wait_cancel(&of_async(a)->w);
}

static void lw_release(struct tsmb_async *a)
{
	tsmb_os_free(of_async(a));
}

static const struct tsmb_async_ops lw_async_ops = {
	.poll = lw_poll,
	.encode = lw_encode,
	.cancel = lw_cancel,
	.release = lw_release,
};

/* A lock that may wait: taken now, or the request goes async. */
static struct tsmb_status lw_start(struct tsmb_req *req, struct tsmb_open *op,
					const struct tsmb_lock_req *lr)
{
	struct lock_wait *lw;
	struct tsmb_status st;

	lw = tsmb_os_zalloc(sizeof(*lw));
	if (!lw)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	lw->w.wake = lw_wake;
	lw->w.closed = lw_closed;
	st = tsmb_lock_acquire(op, lr, &lw->w);
	if (st.v != STATUS_PENDING) {
		tsmb_os_free(lw);
		return st;
	}
	/*
	 * Hooked on the file already: a wake that comes before the request
	 * is on the connection's list finds it there when the work runs again.
	 */
	st = tsmb_async_start(req, &lw->a, &lw_async_ops);
	if (!tsmb_st_ok(st)) {
		tsmb_lock_wait_cancel(&lw->w);
		tsmb_os_free(lw);
		return st;
	}
	return TSMB_ST(STATUS_PENDING);
}

struct tsmb_status tsmb_smb2_lock(struct tsmb_req *req)
{
	struct tsmb_lock_req lr;
	struct tsmb_status st;
	struct tsmb_open *op;

	st = tsmb_lock_req_decode(req->body, req->body_len, &lr);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_open_lookup(req, lr.file_id_persistent, lr.file_id_volatile);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	st = tsmb_lock_req_classify(&lr);
	if (!tsmb_st_ok(st))
		return st;
	/* [MS-FSA] 2.1.5.8, 2.1.5.9: no byte-range locks on directories */
	if (op->is_dir)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* nor on named pipes, whose file system has no lock control */
	if (op->is_pipe)
		return TSMB_ERR(STATUS_INVALID_DEVICE_REQUEST);
	if (lr.unlock) {
		st = tsmb_lock_release(op, &lr);
		/* 3.3.5.14.1: a lock among the unlocks fails after those before it */
		if (tsmb_st_ok(st) && lr.nr_valid < lr.lock_count)
			st = TSMB_ERR(STATUS_INVALID_PARAMETER);
	} else if (lr.blocking) {
		st = lw_start(req, op, &lr);
	} else {
		st = tsmb_lock_acquire(op, &lr, NULL);
	}
	/* [MS-FSA] 2.1.4.12: a byte-range lock breaks level II, as a write does */
	if (tsmb_st_ok(st) && !lr.unlock)
		tsmb_oplock_break_level2(req->conn->srv, op);
	if (tsmb_st_ok(st))
		tsmb_lock_rsp_encode(req->rsp);
	return st;
}
