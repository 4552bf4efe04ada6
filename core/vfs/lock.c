// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Byte-range locks: [MS-FSA] 2.1.5.8 (lock), 2.1.5.9 (unlock), 2.1.4.10
 * (conflicts), for [MS-SMB2] 3.3.5.14. A file's locks are a list in the
 * shared struct tsmb_file, read and written under srv->files_lock; a file
 * holds at most TSMB_FILE_MAX_LOCKS, so that a walk under the lock stays
 * short whatever a client sends.
 */
#include <tsmb/os/mem.h>

#include "core/conn/conn.h"
#include "core/server_priv.h"
#include "core/vfs/lock.h"
#include "core/vfs/open.h"
#include "core/wire/lock.h"

struct tsmb_lock {
	struct tsmb_list node;		/* file->locks, oldest first */
	const struct tsmb_open *owner;
	uint64_t offset;
	uint64_t length;
	bool exclusive;
};

bool tsmb_lock_range_valid(uint64_t offset, uint64_t length)
{
	return !length || length - 1 <= TSMB_U64_MAX - offset;
}

bool tsmb_lock_ranges_overlap(uint64_t off1, uint64_t len1, uint64_t off2, uint64_t len2)
{
	/* a length of zero makes "last" the byte before the offset */
	uint64_t last1 = off1 + len1 - 1, last2 = off2 + len2 - 1;

	if ((!off1 && !len1) || (!off2 && !len2))
		return false;
	return off1 <= last2 && off2 <= last1;
}

static struct tsmb_mutex *table_lock(const struct tsmb_open *op)
{
	return &op->conn->srv->files_lock;
}

/* 2.1.4.10 with lock intent: who may not take the range. */
static bool range_conflicts(const struct tsmb_file *f, const struct tsmb_open *op,
			   uint64_t off, uint64_t len, bool exclusive)
{
	struct tsmb_list *pos;

	tsmb_list_for_each(pos, &f->locks) {
		const struct tsmb_lock *l = tsmb_list_entry(pos, struct tsmb_lock, node);

		if (!tsmb_lock_ranges_overlap(l->offset, l->length, off, len))
			continue;
		/* an open may stack shared locks on its own exclusive one, nothing else */
		if (exclusive || (l->exclusive && l->owner != op))
			return true;
	}
	return false;
}

static struct tsmb_status add_lock(struct tsmb_file *f, const struct tsmb_open *op,
				   uint64_t off, uint64_t len, bool exclusive)
{
	struct tsmb_lock *l;

	if (f->nr_locks >= TSMB_FILE_MAX_LOCKS)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	l = tsmb_os_alloc(sizeof(*l));
	if (!l)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	l->owner = op;
	l->offset = off;
	l->length = len;
	l->exclusive = exclusive;
	tsmb_list_add_tail(&l->node, &f->locks);
	f->nr_locks++;
	return TSMB_ST(STATUS_SUCCESS);
}

static void drop_lock(struct tsmb_file *f, struct tsmb_lock *l)
{
	tsmb_list_del(&l->node);
	f->nr_locks--;
	tsmb_os_free(l);
}

/* A lock went: every waiter of the file may now get its own. Under the lock. */
static void wake_waiters(struct tsmb_file *f)
{
	struct tsmb_list *pos;

	tsmb_list_for_each(pos, &f->lock_waiters) {
		struct tsmb_lock_waiter *w = tsmb_list_entry(pos, struct tsmb_lock_waiter, node);

		if (!w->ready) {
			w->ready = true;
			w->wake(w);
		}
	}
}

/* Takes back the newest n locks, which this request has just added. */
static void undo_locks(struct tsmb_file *f, unsigned int n)
{
	while (n--)
		drop_lock(f, tsmb_list_entry(f->locks.prev, struct tsmb_lock, node));
}

static struct tsmb_status acquire_locked(struct tsmb_file *f, struct tsmb_open *op,
					 const struct tsmb_lock_req *req,
					 struct tsmb_lock_waiter *w)
{
	struct tsmb_lock_element e;
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);
	unsigned int i;

	for (i = 0; i < req->nr_valid; i++) {
		bool exclusive;

		tsmb_lock_req_element(req, i, &e);
		exclusive = e.flags & SMB2_LOCKFLAG_EXCLUSIVE_LOCK;
		if (!tsmb_lock_range_valid(e.offset, e.length)) {
			st = TSMB_ERR(STATUS_INVALID_LOCK_RANGE);
			break;
		}
		if (range_conflicts(f, op, e.offset, e.length, exclusive)) {
			if (!req->blocking || !w) {
				st = TSMB_ERR(STATUS_LOCK_NOT_GRANTED);
				break;
			}
			/* a lone blocking lock: nothing taken yet, wait for a release */
			w->op = op;
			w->offset = e.offset;
			w->length = e.length;
			w->exclusive = exclusive;
			w->ready = false;
			tsmb_list_add_tail(&w->node, &f->lock_waiters);
			return TSMB_ST(STATUS_PENDING);
		}
		st = add_lock(f, op, e.offset, e.length, exclusive);
		if (!tsmb_st_ok(st))
			break;
	}
	/* 3.3.5.14.2: a failed element undoes what the request locked before it */
	if (!tsmb_st_ok(st))
		undo_locks(f, i);
	return st;
}

struct tsmb_status tsmb_lock_acquire(struct tsmb_open *op, const struct tsmb_lock_req *req,
				     struct tsmb_lock_waiter *w)
{
	struct tsmb_status st;

	if (!op->file)
		return TSMB_ERR(STATUS_INVALID_HANDLE);
	tsmb_os_mutex_lock(table_lock(op));
	st = acquire_locked(op->file, op, req, w);
	tsmb_os_mutex_unlock(table_lock(op));
	return st;
}

/* 2.1.5.9: the exact range of one of op's locks, its exclusive one first. */
static struct tsmb_lock *find_own(struct tsmb_file *f, const struct tsmb_open *op,
				  uint64_t off, uint64_t len)
{
	struct tsmb_lock *found = NULL;
	struct tsmb_list *pos;

	tsmb_list_for_each(pos, &f->locks) {
		struct tsmb_lock *l = tsmb_list_entry(pos, struct tsmb_lock, node);

		if (l->owner != op || l->offset != off || l->length != len)
			continue;
		found = l;
		if (l->exclusive)
			break;
	}
	return found;
}

struct tsmb_status tsmb_lock_release(struct tsmb_open *op, const struct tsmb_lock_req *req)
{
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);
	struct tsmb_lock_element e;
	struct tsmb_file *f = op->file;
	unsigned int i, released = 0;

	if (!f)
		return TSMB_ERR(STATUS_INVALID_HANDLE);
	tsmb_os_mutex_lock(table_lock(op));
	for (i = 0; i < req->nr_valid; i++) {
		struct tsmb_lock *l;

		tsmb_lock_req_element(req, i, &e);
		if (!tsmb_lock_range_valid(e.offset, e.length)) {
			st = TSMB_ERR(STATUS_INVALID_LOCK_RANGE);
			break;
		}
		l = find_own(f, op, e.offset, e.length);
		if (!l) {
			st = TSMB_ERR(STATUS_RANGE_NOT_LOCKED);
			break;
		}
		drop_lock(f, l);
		released++;
	}
	if (released)
		wake_waiters(f);
	tsmb_os_mutex_unlock(table_lock(op));
	return st;
}

struct tsmb_status tsmb_lock_wait_retry(struct tsmb_lock_waiter *w)
{
	struct tsmb_open *op = w->op;
	struct tsmb_file *f = op->file;
	struct tsmb_status st = TSMB_ST(STATUS_PENDING);

	tsmb_os_mutex_lock(table_lock(op));
	if (w->ready) {
		w->ready = false;
		if (!range_conflicts(f, op, w->offset, w->length, w->exclusive)) {
			st = add_lock(f, op, w->offset, w->length, w->exclusive);
			tsmb_list_del(&w->node);
		}
	}
	tsmb_os_mutex_unlock(table_lock(op));
	return st;
}

void tsmb_lock_wait_cancel(struct tsmb_lock_waiter *w)
{
	tsmb_os_mutex_lock(table_lock(w->op));
	tsmb_list_del(&w->node);
	tsmb_os_mutex_unlock(table_lock(w->op));
}

void tsmb_lock_close(struct tsmb_open *op)
{
	struct tsmb_file *f = op->file;
	struct tsmb_list *pos, *next, gone;
	unsigned int released = 0;

	if (!f)
		return;
	tsmb_list_init(&gone);
	tsmb_os_mutex_lock(table_lock(op));
	for (pos = f->locks.next; pos != &f->locks; pos = next) {
		struct tsmb_lock *l = tsmb_list_entry(pos, struct tsmb_lock, node);

		next = pos->next;
		if (l->owner == op) {
			drop_lock(f, l);
			released++;
		}
	}
	for (pos = f->lock_waiters.next; pos != &f->lock_waiters; pos = next) {
		next = pos->next;
		if (tsmb_list_entry(pos, struct tsmb_lock_waiter, node)->op == op) {
			tsmb_list_del(pos);
			tsmb_list_add_tail(pos, &gone);
		}
	}
	if (released)
		wake_waiters(f);
	tsmb_os_mutex_unlock(table_lock(op));
	/* answered outside the lock: closed() sends a response */
	while (!tsmb_list_empty(&gone)) {
		struct tsmb_lock_waiter *w = tsmb_list_entry(gone.next, struct tsmb_lock_waiter,
							     node);

		tsmb_list_del(&w->node);
		w->closed(w);
	}
}

struct tsmb_status tsmb_lock_check_io(const struct tsmb_open *op, uint64_t off, uint64_t len,
				      bool write)
{
	struct tsmb_file *f = op->file;
	bool conflict = false;
	struct tsmb_list *pos;

	if (!f || !len)
		return TSMB_ST(STATUS_SUCCESS);
	/* READ and WRITE bound their ranges; anything longer is clipped here */
	if (len - 1 > TSMB_U64_MAX - off)
		len = TSMB_U64_MAX - off + 1;
	tsmb_os_mutex_lock(table_lock(op));
	tsmb_list_for_each(pos, &f->locks) {
		const struct tsmb_lock *l = tsmb_list_entry(pos, struct tsmb_lock, node);

		if (!tsmb_lock_ranges_overlap(l->offset, l->length, off, len))
			continue;
		if (l->exclusive ? l->owner != op : write) {
			conflict = true;
			break;
		}
	}
	tsmb_os_mutex_unlock(table_lock(op));
	return conflict ? TSMB_ERR(STATUS_FILE_LOCK_CONFLICT) : TSMB_ST(STATUS_SUCCESS);
}
