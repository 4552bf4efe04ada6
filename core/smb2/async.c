// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Asynchronous requests: [MS-SMB2] 3.3.4.2 (the interim response is sent
 * by the dispatcher when a handler returns STATUS_PENDING after
 * tsmb_async_start()), 3.3.4.4 and 3.3.4.3 (the final response, with the
 * AsyncId and no credits: the interim one granted them), 3.3.5.16 (CANCEL).
 */
#include "core/smb2/async.h"

#include <tsmb/os/work.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/dispatch.h"
#include "core/smb2/oplock.h"
#include "core/wire/error.h"
#include "core/wire/hdr.h"

struct tsmb_status tsmb_async_start(struct tsmb_req *req, struct tsmb_async *a,
				    const struct tsmb_async_ops *ops)
{
	struct tsmb_conn *conn = req->conn;

	if (conn->nr_async >= TSMB_CONN_MAX_ASYNC)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	a->conn = conn;
	a->ops = ops;
	/* 3.3.4.2: nonzero, unique on the connection, never reused while it waits */
	a->async_id = ++conn->next_async_id;
	a->message_id = req->hdr.message_id;
	a->session_id = req->sess ? req->sess->id : req->hdr.session_id;
	a->command = req->hdr.command;
	a->credit_charge = req->hdr.credit_charge;
	a->signed_req = req->hdr.flags & SMB2_FLAGS_SIGNED;
	a->encrypted = req->encrypted;
	tsmb_list_add_tail(&a->node, &conn->async);
	conn->nr_async++;
	req->async_id = a->async_id;
	return TSMB_ST(STATUS_SUCCESS);
}

/* 3.3.4.1.1 and 3.3.4.1.4 as the dispatcher applies them to the request itself. */
static void protection(const struct tsmb_async *a, struct tsmb_session *s,
		       struct tsmb_signer **signer, struct tsmb_session **seal)
{
	*signer = NULL;
	*seal = NULL;
	if (!s)
		return;
	if (a->encrypted) {
		*seal = s->have_ciphers ? s : NULL;
		return;
	}
	if (s->signer && (a->signed_req || (s->signing_required &&
					     s->state == TSMB_SESSION_VALID)))
		*signer = s->signer;
}

static void send_final(struct tsmb_async *a, struct tsmb_status st)
{
	struct tsmb_conn *conn = a->conn;
	struct tsmb_cache *cache = &conn->srv->buf_small;
	struct tsmb_session *s = tsmb_session_find(conn, a->session_id);
	struct tsmb_signer *signer;
	struct tsmb_session *seal;
	struct tsmb_hdr h;
	struct tsmb_wr w, hw;
	uint8_t *buf;

	protection(a, s, &signer, &seal);
	/* an encrypted request's answer cannot go out in clear */
	if (a->encrypted && !seal)
		return;
	buf = tsmb_cache_alloc(cache);
	if (!buf) {
		tsmb_warn("%s: no memory for the final response of %s", conn->peer,
			  tsmb_hdr_command_name(a->command));
		return;
	}
	tsmb_wr_init(&w, buf, TSMB_BUF_SMALL);
	tsmb_wr_zero(&w, TSMB_RSP_HEADROOM + SMB2_HDR_SIZE);
	if (tsmb_st_is_error(st))
		tsmb_error_rsp_encode(&w);
	else
		a->ops->encode(a, &w);
	tsmb_memset(&h, 0, sizeof(h));
	h.credit_charge = a->credit_charge;
	h.status = st.v;
	h.command = a->command;
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_ASYNC_COMMAND;
	h.message_id = a->message_id;
	h.async_id = a->async_id;
	h.session_id = a->session_id;
	tsmb_wr_init(&hw, buf + TSMB_RSP_HEADROOM, SMB2_HDR_SIZE);
	tsmb_hdr_encode(&hw, &h);
	if (tsmb_wr_ok(&w) && tsmb_smb2_send_rsp(conn, buf, w.off, signer, seal))
		tsmb_info("%s: cannot send the final response of %s", conn->peer,
			  tsmb_hdr_command_name(a->command));
	tsmb_cache_free(cache, buf);
}

static void drop(struct tsmb_async *a)
{
	tsmb_list_del(&a->node);
	a->conn->nr_async--;
	a->ops->release(a);
}

void tsmb_async_finish(struct tsmb_async *a, struct tsmb_status st)
{
	send_final(a, st);
	drop(a);
}

void tsmb_async_wake(struct tsmb_conn *conn)
{
	/* the flag before the work: a run that misses it was queued after it */
	tsmb_atomic_set(&conn->async_ready, 1);
	tsmb_os_work_queue(conn->srv->wq, &conn->rx_work);
}

void tsmb_async_run(struct tsmb_conn *conn)
{
	struct tsmb_list *pos, *next;

	if (!tsmb_atomic_read(&conn->async_ready))
		return;
	tsmb_atomic_set(&conn->async_ready, 0);
	tsmb_smb2_oplock_notify(conn);
	for (pos = conn->async.next; pos != &conn->async; pos = next) {
		struct tsmb_async *a = tsmb_list_entry(pos, struct tsmb_async, node);
		struct tsmb_status st;

		next = pos->next;
		st = a->ops->poll(a);
		if (st.v != STATUS_PENDING)
			tsmb_async_finish(a, st);
	}
}

/*
 * 3.3.5.2.4 holds for CANCEL too: on a session that signs, only a CANCEL
 * with a good signature (or sealed) may stop a request. Nothing is
 * answered either way.
 */
static bool cancel_trusted(struct tsmb_conn *conn, const struct tsmb_req *req)
{
	struct tsmb_session *s = tsmb_session_find(conn, req->hdr.session_id);

	if (req->encrypted || !s || !s->signer)
		return true;
	if (req->hdr.flags & SMB2_FLAGS_SIGNED)
		return !tsmb_sign_verify(s->signer, req->msg, req->len);
	return !(s->signing_required && s->state == TSMB_SESSION_VALID);
}

void tsmb_async_cancel(struct tsmb_conn *conn, const struct tsmb_req *req)
{
	const struct tsmb_hdr *h = &req->hdr;
	bool by_id = h->flags & SMB2_FLAGS_ASYNC_COMMAND;
	struct tsmb_list *pos;

	if (!cancel_trusted(conn, req)) {
		tsmb_notice("%s: CANCEL with a bad or missing signature ignored", conn->peer);
		return;
	}
	tsmb_list_for_each(pos, &conn->async) {
		struct tsmb_async *a = tsmb_list_entry(pos, struct tsmb_async, node);

		if (by_id ? a->async_id != h->async_id : a->message_id != h->message_id)
			continue;
		a->ops->cancel(a);
		tsmb_async_finish(a, TSMB_ST(STATUS_CANCELLED));
		return;
	}
	/* nothing waits under that id: the request is done already, or never was */
}

void tsmb_async_conn_close(struct tsmb_conn *conn)
{
	while (!tsmb_list_empty(&conn->async)) {
		struct tsmb_async *a = tsmb_list_entry(conn->async.next, struct tsmb_async, node);

		a->ops->cancel(a);
		drop(a);
	}
	tsmb_atomic_set(&conn->async_ready, 0);
}
