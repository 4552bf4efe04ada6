/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Oplocks without leases ([MS-SMB2] 3.3.5.9 granting, 3.3.4.6 breaking,
 * 3.3.5.22.1 acknowledgment; [MS-FSA] 2.1.5.17 and 2.1.4.12).
 *
 * An open's oplock (struct tsmb_open's oplock fields) is a property shared
 * with the other opens of its file, so it is read and written under
 * srv->files_lock only. A CREATE that meets an EXCLUSIVE or BATCH oplock of
 * another open starts a break and waits: the file table answers it
 * STATUS_PENDING, and the CREATE is tried again from the start once a
 * break ends (acknowledged, or the holder closed) or the wait times out.
 * The holder's notification is sent by its own connection's work, which
 * is queued for it.
 */
#ifndef TSMB_CORE_VFS_OPLOCK_H
#define TSMB_CORE_VFS_OPLOCK_H

#include "core/lib/list.h"
#include "core/lib/status.h"

struct tsmb_conn;
struct tsmb_file;
struct tsmb_open;
struct tsmb_server;

/* Windows' OplockBreakWait: how long a CREATE waits for an acknowledgment */
#define TSMB_OPLOCK_BREAK_WAIT_NS	(35ull * 1000000000ull)

/* What a CREATE asks of the oplock machinery, and what it gets. */
struct tsmb_oplock_req {
	uint8_t level;		/* in: RequestedOplockLevel; out: granted */
	bool overwrite;		/* the disposition overwrites: holders break to none */
	/*
	 * The wait is over without an acknowledgment (or cannot be had): a
	 * holder still breaking is taken to be at its break-to level.
	 */
	bool force;
	uint64_t gen;		/* out, with STATUS_PENDING: for tsmb_oplock_wait() */
};

/* A CREATE waiting for a break to end; hooked on the server under files_lock. */
struct tsmb_oplock_waiter {
	struct tsmb_list node;
	struct tsmb_conn *conn;
	bool hooked;
	bool ready;		/* a break ended since it was hooked */
};

/* --- decisions, pure --- */

/*
 * The level granted to a new open asking for requested when no other open
 * holds an EXCLUSIVE or BATCH oplock: those two only to a file's sole
 * open, level II otherwise ([MS-FSA] 2.1.5.17.2 fails the exclusive
 * request, and 3.3.5.9 then asks for level II); none for a directory and
 * for anything but the four levels (a lease request among them).
 */
uint8_t tsmb_oplock_grant_level(uint8_t requested, bool is_dir, bool others_open);

/* [MS-FSA] 2.1.4.12: an open breaks EXCLUSIVE or BATCH to II, an overwrite to none. */
uint8_t tsmb_oplock_break_level(bool overwrite);

/* 3.3.5.22.1: may a holder breaking to break_to acknowledge with level? */
bool tsmb_oplock_ack_valid(uint8_t break_to, uint8_t level);

/* --- the file table's part, under srv->files_lock --- */

/*
 * For tsmb_file_attach(): f's opens against a new open op asking for
 * oq->level, share access judged already (admitted: no conflict). Sets
 * oq->level to the level granted and returns STATUS_SUCCESS, the share
 * status, or STATUS_PENDING after starting the break op must wait for.
 */
struct tsmb_status tsmb_oplock_on_open(struct tsmb_server *srv, struct tsmb_file *f,
				       const struct tsmb_open *op, struct tsmb_status admitted,
				       struct tsmb_oplock_req *oq);

/* op leaves its file: its notification is dropped, waiters retry. */
void tsmb_oplock_on_close(struct tsmb_server *srv, struct tsmb_open *op);

/* --- from any request, taking the lock --- */

/*
 * Hooks w (conn set) until a break ends; at once ready if one ended since
 * gen was handed out.
 */
void tsmb_oplock_wait(struct tsmb_server *srv, struct tsmb_oplock_waiter *w, uint64_t gen);
/* Unhooks w; was it ready? */
bool tsmb_oplock_unwait(struct tsmb_server *srv, struct tsmb_oplock_waiter *w);

/*
 * 3.3.5.22.1: op's holder acknowledges a break with level. On success
 * *granted is op's new level; STATUS_INVALID_OPLOCK_PROTOCOL when no break
 * is outstanding or the level is more than the break allows (op then
 * holds none).
 */
struct tsmb_status tsmb_oplock_ack(struct tsmb_server *srv, struct tsmb_open *op, uint8_t level,
				   uint8_t *granted);

/*
 * [MS-FSA] 2.1.4.12: a write (or a byte-range lock) through op breaks the
 * level II oplocks of the file's opens, op's own included, to none,
 * without acknowledgment.
 */
void tsmb_oplock_break_level2(struct tsmb_server *srv, struct tsmb_open *op);

/*
 * The next notification for one of conn's opens, taken off the queue:
 * false when none. From conn's own work only (the open is conn's).
 */
bool tsmb_oplock_next_notify(struct tsmb_server *srv, struct tsmb_conn *conn,
			     struct tsmb_open **op, uint8_t *level);

#endif /* TSMB_CORE_VFS_OPLOCK_H */
