/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte-range locks ([MS-FSA] 2.1.5.8 lock, 2.1.5.9 unlock, 2.1.4.10
 * conflicts) on the shared struct tsmb_file, so that the opens of every
 * connection see one another's locks; LOCK (core/smb2/lock.c) takes and
 * releases them, READ, WRITE and FSCTL_SET_ZERO_DATA ask whether they
 * may touch a range, CLOSE drops an open's locks.
 *
 * Everything here is under srv->files_lock. A blocking lock that conflicts
 * leaves a waiter on the file; whoever releases a lock of that file marks
 * its waiters ready through their wake function (under the lock), and the
 * waiter's own connection retries (tsmb_lock_wait_retry()).
 */
#ifndef TSMB_CORE_VFS_LOCK_H
#define TSMB_CORE_VFS_LOCK_H

#include "core/lib/list.h"
#include "core/lib/status.h"

struct tsmb_open;
struct tsmb_lock_req;

/* Locks one file may carry, all opens together: bounds the work under the lock. */
#define TSMB_FILE_MAX_LOCKS	4096u

/* A blocking lock request that waits for a conflicting lock to go. */
struct tsmb_lock_waiter {
	struct tsmb_list node;		/* file->lock_waiters */
	struct tsmb_open *op;
	uint64_t offset;
	uint64_t length;
	bool exclusive;
	bool ready;			/* a lock of the file was released since the last try */
	/*
	 * Called under srv->files_lock, from any connection's work, when a
	 * lock of the file goes: must only take note and queue work.
	 */
	void (*wake)(struct tsmb_lock_waiter *w);
	/*
	 * Called from the open's connection once the open closes, after the
	 * waiter was taken off the file (not under the lock): the request
	 * is answered STATUS_RANGE_NOT_LOCKED, as Windows does.
	 */
	void (*closed)(struct tsmb_lock_waiter *w);
};

/* [MS-FSA] 2.1.5.8: no byte of the range may lie beyond 2^64 - 1. */
bool tsmb_lock_range_valid(uint64_t offset, uint64_t length);

/*
 * [MS-FSA] 2.1.4.10: do two ranges share a byte? A zero-length range at
 * o lies between o - 1 and o: it overlaps a range that holds both; {0, 0}
 * overlaps nothing.
 */
bool tsmb_lock_ranges_overlap(uint64_t off1, uint64_t len1, uint64_t off2, uint64_t len2);

/*
 * [MS-SMB2] 3.3.5.14.2: takes the locks of a decoded lock request for op,
 * in order. STATUS_INVALID_LOCK_RANGE, STATUS_LOCK_NOT_GRANTED (a conflict
 * with a fail-immediately element), STATUS_INSUFFICIENT_RESOURCES: the
 * locks this request took are released again. A blocking request (w not
 * NULL) that conflicts puts w (wake and closed set by the caller) on the
 * file and returns STATUS_PENDING.
 */
struct tsmb_status tsmb_lock_acquire(struct tsmb_open *op, const struct tsmb_lock_req *req,
				     struct tsmb_lock_waiter *w);

/*
 * [MS-SMB2] 3.3.5.14.1: releases the first req->nr_valid ranges of an
 * unlock request, each the exact range of a lock of op (its exclusive lock
 * first). Stops at the first that is not locked (STATUS_RANGE_NOT_LOCKED)
 * or invalid; what was unlocked stays unlocked.
 */
struct tsmb_status tsmb_lock_release(struct tsmb_open *op, const struct tsmb_lock_req *req);

/*
 * The waiter's connection tries again once woken: STATUS_SUCCESS (the lock
 * is taken, w is off the file), STATUS_PENDING (still waiting; also when
 * nothing was released since the last try) or an error (w is off the file).
 */
struct tsmb_status tsmb_lock_wait_retry(struct tsmb_lock_waiter *w);

/* Takes w off its file (CANCEL, disconnect). Harmless if it is no longer on it. */
void tsmb_lock_wait_cancel(struct tsmb_lock_waiter *w);

/*
 * op is closing ([MS-FSA] 2.1.5.4): its locks go (waking the waiters of
 * other opens) and its own waiters are taken off and told (closed()).
 */
void tsmb_lock_close(struct tsmb_open *op);

/*
 * [MS-FSA] 2.1.4.10 with no lock intent: may op read (write false) or
 * write len bytes at off, given the byte-range locks on its file? Another
 * open's exclusive lock bars both, any shared lock bars writing.
 * STATUS_SUCCESS or STATUS_FILE_LOCK_CONFLICT. Called by READ and WRITE
 * before the I/O.
 */
struct tsmb_status tsmb_lock_check_io(const struct tsmb_open *op, uint64_t off, uint64_t len,
				      bool write);

#endif /* TSMB_CORE_VFS_LOCK_H */
