/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Requests answered later ([MS-SMB2] 3.3.4.2 interim response, 3.3.4.4
 * asynchronous final response, 3.3.5.16 CANCEL): Connection.AsyncCommandList.
 *
 * A handler that must wait (a blocking LOCK) embeds a struct tsmb_async in
 * its own state and calls tsmb_async_start(): the dispatcher answers the
 * request with an interim response (STATUS_PENDING, the new AsyncId, the
 * credits). The request then waits on something shared with other
 * connections (a file's lock waiters). Whoever may have satisfied it calls
 * tsmb_async_wake() on its connection, under the lock that keeps it hooked
 * there: that only sets a flag and queues the connection's receive work,
 * never touches the connection otherwise. The receive work runs
 * tsmb_async_run() before reading the socket, which polls its requests and
 * sends the final responses, signed or sealed as their sessions require.
 *
 * Everything else here runs in the connection's own receive work: a
 * request is finished (and freed) only there, and a closing connection
 * unhooks all of its requests before it is freed, so nobody queues the
 * work of a connection that is gone.
 */
#ifndef TSMB_CORE_SMB2_ASYNC_H
#define TSMB_CORE_SMB2_ASYNC_H

#include "core/lib/cursor.h"
#include "core/lib/list.h"
#include "core/lib/status.h"

struct tsmb_conn;
struct tsmb_req;
struct tsmb_async;

/* Requests one connection may have waiting at once. */
#define TSMB_CONN_MAX_ASYNC	256u

struct tsmb_async_ops {
	/* Done yet? STATUS_PENDING while waiting, else the final status. */
	struct tsmb_status (*poll)(struct tsmb_async *a);
	/* The final response's body for a success status. */
	void (*encode)(struct tsmb_async *a, struct tsmb_wr *w);
	/* Stops waiting (CANCEL, disconnect): unhooks from what may wake it. */
	void (*cancel)(struct tsmb_async *a);
	/* Frees the request's state, a included. */
	void (*release)(struct tsmb_async *a);
};

struct tsmb_async {
	struct tsmb_list node;		/* conn->async */
	struct tsmb_conn *conn;
	const struct tsmb_async_ops *ops;
	uint64_t async_id;
	/* what the final response needs of the request */
	uint64_t message_id;
	uint64_t session_id;
	uint16_t command;
	uint16_t credit_charge;
	bool signed_req;
	bool encrypted;
};

/*
 * Makes req wait: a gets its AsyncId and joins the connection's list, and
 * the dispatcher sends the interim response when the handler returns
 * STATUS_PENDING. STATUS_INSUFFICIENT_RESOURCES when the connection has
 * too many waiting (3.3.4.2 allows failing instead). Call it before
 * hooking a where it can be woken.
 */
struct tsmb_status tsmb_async_start(struct tsmb_req *req, struct tsmb_async *a,
				    const struct tsmb_async_ops *ops);

/*
 * Sends a's final response with status st (on success with the body of
 * ops->encode, else an ERROR response) and frees a. a must be unhooked.
 * Only from a's connection's work.
 */
void tsmb_async_finish(struct tsmb_async *a, struct tsmb_status st);

/*
 * Something a request of conn waits for may have happened. From any
 * context; the caller holds the lock under which conn's request is
 * hooked, so conn is alive.
 */
void tsmb_async_wake(struct tsmb_conn *conn);

/* The receive work, before the socket: polls and answers what was woken. */
void tsmb_async_run(struct tsmb_conn *conn);

/*
 * [MS-SMB2] 3.3.5.16: CANCEL (req, as the dispatcher split it off) stops
 * the request it names, by AsyncId or (sync form) MessageId, which is
 * answered STATUS_CANCELLED. CANCEL itself is never answered.
 */
void tsmb_async_cancel(struct tsmb_conn *conn, const struct tsmb_req *req);

/* The connection goes: every request is unhooked and freed, unanswered. */
void tsmb_async_conn_close(struct tsmb_conn *conn);

#endif /* TSMB_CORE_SMB2_ASYNC_H */
