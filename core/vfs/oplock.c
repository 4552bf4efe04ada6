// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Oplocks without leases: [MS-SMB2] 3.3.5.9 (granting), 3.3.4.6 (the
 * object store indicates a break), 3.3.5.22.1 (acknowledgment); [MS-FSA]
 * 2.1.5.17 (requests) and 2.1.4.12 (what breaks them). See oplock.h for
 * the locking.
 */
#include "core/vfs/oplock.h"

#include "core/server_priv.h"
#include "core/smb2/async.h"
#include "core/vfs/open.h"
#include "core/wire/create.h"
#include "core/wire/fscc.h"

/*
 * [MS-FSA] 2.1.5.1.2.1: an open for nothing but these rights (a "stat
 * open") reads no data, so it breaks no oplock unless it overwrites.
 * READ_CONTROL is not among them for oplocks (smbtorture's statopen1)
 */
#define STAT_ACCESS	(FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | SYNCHRONIZE)

static bool is_exclusive(uint8_t level)
{
	return level == SMB2_OPLOCK_LEVEL_EXCLUSIVE || level == SMB2_OPLOCK_LEVEL_BATCH;
}

uint8_t tsmb_oplock_grant_level(uint8_t requested, bool is_dir, bool others_open)
{
	if (is_dir)
		return SMB2_OPLOCK_LEVEL_NONE;
	if (is_exclusive(requested))
		return others_open ? SMB2_OPLOCK_LEVEL_II : requested;
	if (requested == SMB2_OPLOCK_LEVEL_II)
		return SMB2_OPLOCK_LEVEL_II;
	return SMB2_OPLOCK_LEVEL_NONE;
}

uint8_t tsmb_oplock_break_level(bool overwrite)
{
	return overwrite ? SMB2_OPLOCK_LEVEL_NONE : SMB2_OPLOCK_LEVEL_II;
}

bool tsmb_oplock_ack_valid(uint8_t break_to, uint8_t level)
{
	if (level == SMB2_OPLOCK_LEVEL_NONE)
		return true;
	return level == SMB2_OPLOCK_LEVEL_II && break_to == SMB2_OPLOCK_LEVEL_II;
}

/* Under the lock: op's connection sends it a notification saying level. */
static void queue_notify(struct tsmb_server *srv, struct tsmb_open *op, uint8_t level)
{
	op->oplock_notify_level = level;
	if (!op->oplock_queued) {
		tsmb_list_add_tail(&op->notify_node, &srv->oplock_notify);
		op->oplock_queued = true;
	}
	tsmb_async_wake(op->conn);
}

/* Under the lock: a break ended, every waiting CREATE tries again. */
static void wake_waiters(struct tsmb_server *srv)
{
	struct tsmb_list *pos;

	srv->oplock_gen++;
	tsmb_list_for_each(pos, &srv->oplock_waiters) {
		struct tsmb_oplock_waiter *w = tsmb_list_entry(pos, struct tsmb_oplock_waiter,
							       node);

		w->ready = true;
		tsmb_async_wake(w->conn);
	}
}

/* The other open of f holding EXCLUSIVE or BATCH (breaking or not), if any. */
static struct tsmb_open *holder(struct tsmb_file *f, const struct tsmb_open *op,
				bool *others)
{
	struct tsmb_open *found = NULL;
	struct tsmb_list *pos;

	*others = false;
	tsmb_list_for_each(pos, &f->opens) {
		struct tsmb_open *o = tsmb_list_entry(pos, struct tsmb_open, file_node);

		if (o == op)
			continue;
		*others = true;
		if (is_exclusive(o->oplock))
			found = o;
	}
	return found;
}

struct tsmb_status tsmb_oplock_on_open(struct tsmb_server *srv, struct tsmb_file *f,
				       const struct tsmb_open *op, struct tsmb_status admitted,
				       struct tsmb_oplock_req *oq)
{
	bool others;
	struct tsmb_open *h = holder(f, op, &others);

	/* a file to be deleted refuses the open before any break (smbtorture's doc) */
	if (!tsmb_st_ok(admitted) && admitted.v != STATUS_SHARING_VIOLATION)
		return admitted;
	if (h && !oq->overwrite && !(op->access & ~STAT_ACCESS)) {
		/* beside an exclusive holder it gets no oplock of its own */
		oq->level = SMB2_OPLOCK_LEVEL_NONE;
		return admitted;
	}
	/*
	 * [MS-FSA] 2.1.5.1.2: a BATCH holder is broken before share access
	 * is judged (it may close, and the sharing conflict with it); an
	 * EXCLUSIVE one only for an open that share access admits.
	 */
	if (h && (h->oplock == SMB2_OPLOCK_LEVEL_BATCH || tsmb_st_ok(admitted))) {
		if (!h->oplock_breaking) {
			h->oplock_breaking = true;
			h->oplock_break_to = tsmb_oplock_break_level(oq->overwrite);
			queue_notify(srv, h, h->oplock_break_to);
		}
		if (!oq->force) {
			oq->gen = srv->oplock_gen;
			return TSMB_ST(STATUS_PENDING);
		}
		/* the acknowledgment stays welcome: breaking is kept */
		h->oplock = h->oplock_break_to;
	}
	if (!tsmb_st_ok(admitted))
		return admitted;
	oq->level = tsmb_oplock_grant_level(oq->level, op->is_dir, others);
	return admitted;
}

void tsmb_oplock_on_close(struct tsmb_server *srv, struct tsmb_open *op)
{
	if (op->oplock_queued) {
		tsmb_list_del(&op->notify_node);
		op->oplock_queued = false;
	}
	if (is_exclusive(op->oplock) || op->oplock_breaking)
		wake_waiters(srv);
	op->oplock = SMB2_OPLOCK_LEVEL_NONE;
	op->oplock_breaking = false;
}

void tsmb_oplock_wait(struct tsmb_server *srv, struct tsmb_oplock_waiter *w, uint64_t gen)
{
	tsmb_os_mutex_lock(&srv->files_lock);
	w->ready = srv->oplock_gen != gen;
	tsmb_list_add_tail(&w->node, &srv->oplock_waiters);
	w->hooked = true;
	if (w->ready)
		tsmb_async_wake(w->conn);
	tsmb_os_mutex_unlock(&srv->files_lock);
}

bool tsmb_oplock_unwait(struct tsmb_server *srv, struct tsmb_oplock_waiter *w)
{
	bool ready;

	tsmb_os_mutex_lock(&srv->files_lock);
	if (w->hooked)
		tsmb_list_del(&w->node);
	w->hooked = false;
	ready = w->ready;
	w->ready = false;
	tsmb_os_mutex_unlock(&srv->files_lock);
	return ready;
}

struct tsmb_status tsmb_oplock_ack(struct tsmb_server *srv, struct tsmb_open *op, uint8_t level,
				   uint8_t *granted)
{
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);

	tsmb_os_mutex_lock(&srv->files_lock);
	if (!op->oplock_breaking) {
		st = TSMB_ERR(STATUS_INVALID_OPLOCK_PROTOCOL);
	} else {
		if (tsmb_oplock_ack_valid(op->oplock_break_to, level)) {
			op->oplock = level;
		} else {
			op->oplock = SMB2_OPLOCK_LEVEL_NONE;
			st = TSMB_ERR(STATUS_INVALID_OPLOCK_PROTOCOL);
		}
		op->oplock_breaking = false;
		wake_waiters(srv);
	}
	*granted = op->oplock;
	tsmb_os_mutex_unlock(&srv->files_lock);
	return st;
}

void tsmb_oplock_break_level2(struct tsmb_server *srv, struct tsmb_open *op)
{
	struct tsmb_list *pos;

	if (!op->file)
		return;
	tsmb_os_mutex_lock(&srv->files_lock);
	tsmb_list_for_each(pos, &op->file->opens) {
		struct tsmb_open *o = tsmb_list_entry(pos, struct tsmb_open, file_node);

		if (o->oplock != SMB2_OPLOCK_LEVEL_II || o->oplock_breaking)
			continue;
		/*
		 * 2.1.4.12: level II goes at once, no acknowledgment expected;
		 * the writer's own too (Windows breaks it, smbtorture's batch1)
		 */
		o->oplock = SMB2_OPLOCK_LEVEL_NONE;
		queue_notify(srv, o, SMB2_OPLOCK_LEVEL_NONE);
	}
	tsmb_os_mutex_unlock(&srv->files_lock);
}

bool tsmb_oplock_next_notify(struct tsmb_server *srv, struct tsmb_conn *conn,
			     struct tsmb_open **op, uint8_t *level)
{
	struct tsmb_list *pos;
	bool found = false;

	tsmb_os_mutex_lock(&srv->files_lock);
	tsmb_list_for_each(pos, &srv->oplock_notify) {
		struct tsmb_open *o = tsmb_list_entry(pos, struct tsmb_open, notify_node);

		if (o->conn != conn)
			continue;
		tsmb_list_del(&o->notify_node);
		o->oplock_queued = false;
		*op = o;
		*level = o->oplock_notify_level;
		found = true;
		break;
	}
	tsmb_os_mutex_unlock(&srv->files_lock);
	return found;
}
