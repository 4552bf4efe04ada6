// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.2 Receiving any message: framing of compounded requests,
 * connection state, sequence numbers, structure checks, then the command's
 * handler; 3.3.4.1.3 for chaining the responses of a compound.
 */
#include "core/smb2/dispatch.h"

#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/wire/error.h"

/* Commands that are processed without a session ([MS-SMB2] 3.3.5.2.9). */
#define H_NO_SESSION	0x1
/* Commands that need a tree connect ([MS-SMB2] 3.3.5.2.11). */
#define H_TREE		0x2

struct tsmb_handler {
	struct tsmb_status (*fn)(struct tsmb_req *req);
	unsigned int flags;
};

/*
 * Commands with no handler yet are answered STATUS_NOT_SUPPORTED once
 * past session verification. SESSION_SETUP has none until authentication
 * lands; every other command needs a session, and with no session table
 * yet the lookup in tsmb_session_verify() finds none.
 */
static const struct tsmb_handler handlers[SMB2_NR_COMMANDS] = {
	[SMB2_NEGOTIATE] = { tsmb_smb2_negotiate, H_NO_SESSION },
	[SMB2_SESSION_SETUP] = { NULL, H_NO_SESSION },
	[SMB2_ECHO] = { tsmb_smb2_echo, H_NO_SESSION },
};

struct tsmb_status tsmb_session_verify(struct tsmb_req *req)
{
	/* 3.3.5.2.9: no session with this SessionId on the connection. */
	return TSMB_ERR(STATUS_USER_SESSION_DELETED);
}

void tsmb_rsp_hdr_init(const struct tsmb_hdr *req, struct tsmb_hdr *rsp)
{
	tsmb_memset(rsp, 0, sizeof(*rsp));
	rsp->structure_size = SMB2_HDR_SIZE;
	rsp->command = req->command;
	rsp->credit_charge = req->credit_charge;
	rsp->flags = SMB2_FLAGS_SERVER_TO_REDIR |
		     (req->flags & (SMB2_FLAGS_RELATED_OPERATIONS | SMB2_FLAGS_ASYNC_COMMAND));
	rsp->message_id = req->message_id;
	rsp->async_id = req->async_id;
	rsp->process_id = req->process_id;
	rsp->tree_id = req->tree_id;
	rsp->session_id = req->session_id;
}

/* 3.3.5.2.3: which ids a request spends. */
static uint16_t credit_charge(const struct tsmb_conn *conn, const struct tsmb_hdr *h)
{
	/* 2.0.2 has no CreditCharge; before negotiation the field means nothing. */
	if (conn->dialect == SMB2_DIALECT_NONE || conn->dialect == SMB2_DIALECT_WILDCARD ||
	    conn->dialect == SMB2_DIALECT_202 || h->credit_charge == 0)
		return 1;
	return h->credit_charge;
}

/* 3.3.5.2.6 and 2.2.x: what can be checked before the handler runs. */
static struct tsmb_status check_request(struct tsmb_req *req)
{
	const struct tsmb_hdr *h = &req->hdr;
	uint16_t want = tsmb_hdr_req_structure_size(h->command);
	uint16_t have;

	if (h->structure_size != SMB2_HDR_SIZE || (h->flags & SMB2_FLAGS_SERVER_TO_REDIR))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (req->body_len < 2)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	have = tsmb_get_le16(req->body);
	/* a lease break acknowledgment is the longer form of OPLOCK_BREAK */
	if (have != want && !(h->command == SMB2_OPLOCK_BREAK && have == 36))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (req->body_len < (size_t)(have & ~1u))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* 3.3.5.2.4: a NEGOTIATE cannot be signed; there is no key yet. */
	if (h->command == SMB2_NEGOTIATE && (h->flags & SMB2_FLAGS_SIGNED))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status run_handler(struct tsmb_req *req)
{
	const struct tsmb_handler *h = &handlers[req->hdr.command];
	struct tsmb_status st;

	st = check_request(req);
	if (!tsmb_st_ok(st))
		return st;
	if (!(h->flags & H_NO_SESSION)) {
		st = tsmb_session_verify(req);
		if (!tsmb_st_ok(st))
			return st;
	}
	if (!h->fn)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	return h->fn(req);
}

/* Where the responses of one frame are put together. */
struct tsmb_rsp_chain {
	struct tsmb_wr w;
	size_t last;		/* offset of the previous response, or SIZE_MAX */
};

static int flush_chain(struct tsmb_conn *conn, struct tsmb_rsp_chain *c)
{
	int ret = 0;

	if (c->w.off)
		ret = tsmb_conn_send(conn, c->w.buf, c->w.off);
	tsmb_wr_init(&c->w, c->w.buf, c->w.cap);
	c->last = (size_t)-1;
	return ret;
}

/* Largest response a handler may need to write into the chain buffer. */
#define RSP_ROOM 4096u

static enum tsmb_verdict process_one(struct tsmb_conn *conn, struct tsmb_rsp_chain *c,
				     struct tsmb_req *req, struct tsmb_status early)
{
	struct tsmb_hdr rh;
	struct tsmb_wr hw;
	struct tsmb_status st = early;
	size_t start;

	if (c->w.cap - TSMB_ALIGN(c->w.off, 8) < RSP_ROOM && flush_chain(conn, c))
		return TSMB_DISCONNECT;
	if (c->last != (size_t)-1)
		tsmb_wr_align(&c->w, 8);
	start = c->w.off;
	tsmb_wr_zero(&c->w, SMB2_HDR_SIZE);
	req->rsp = &c->w;
	if (tsmb_st_ok(st))
		st = run_handler(req);
	if (req->disconnect)
		return TSMB_DISCONNECT;
	if (req->no_response) {
		c->w.off = start;
		return TSMB_CONTINUE;
	}
	if (tsmb_st_is_error(st)) {
		c->w.off = start + SMB2_HDR_SIZE;
		tsmb_error_rsp_encode(&c->w);
	}
	if (!tsmb_wr_ok(&c->w)) {
		tsmb_err("%s: %s response does not fit its buffer", conn->peer,
			 tsmb_hdr_command_name(req->hdr.command));
		return TSMB_DISCONNECT;
	}
	tsmb_rsp_hdr_init(&req->hdr, &rh);
	rh.status = st.v;
	rh.credits = tsmb_credits_grant(&conn->credits, req->hdr.credits);
	tsmb_wr_init(&hw, c->w.buf + start, SMB2_HDR_SIZE);
	tsmb_hdr_encode(&hw, &rh);
	if (c->last != (size_t)-1)
		tsmb_put_le32(c->w.buf + c->last + 20, (uint32_t)(start - c->last));
	c->last = start;
	if (req->rsp_done)
		req->rsp_done(req, c->w.buf + start, c->w.off - start);
	return req->disconnect ? TSMB_DISCONNECT : TSMB_CONTINUE;
}

/*
 * Splits off the request at frame[off]: its length is NextCommand, or the
 * rest of the frame for the last one. A NextCommand that is misaligned or
 * points outside the frame makes this the last request, failed with
 * INVALID_PARAMETER (3.3.5.2.7).
 */
static enum tsmb_verdict next_request(struct tsmb_conn *conn, const uint8_t *frame, size_t len,
				      size_t off, struct tsmb_req *req, struct tsmb_status *early)
{
	size_t left = len - off;
	uint32_t next;

	tsmb_memset(req, 0, sizeof(*req));
	*early = TSMB_ST(STATUS_SUCCESS);
	/* 3.3.5.2.6: shorter than a header, or an undefined command: drop. */
	if (left < SMB2_HDR_SIZE || !tsmb_hdr_decode(frame + off, left, &req->hdr) ||
	    req->hdr.command >= SMB2_NR_COMMANDS)
		return TSMB_DISCONNECT;
	next = req->hdr.next_command;
	req->len = left;
	if (next) {
		if (next < SMB2_HDR_SIZE || (next & 7) || next > left) {
			*early = TSMB_ERR(STATUS_INVALID_PARAMETER);
			req->hdr.next_command = 0;
		} else {
			req->len = next;
		}
	}
	req->conn = conn;
	req->msg = frame + off;
	req->body = req->msg + SMB2_HDR_SIZE;
	req->body_len = req->len - SMB2_HDR_SIZE;
	return TSMB_CONTINUE;
}

/* 3.3.5.2.2 connection state and 3.3.5.2.3 sequence number. */
static bool admit(struct tsmb_conn *conn, const struct tsmb_hdr *h)
{
	if ((conn->dialect == SMB2_DIALECT_NONE || conn->dialect == SMB2_DIALECT_WILDCARD) &&
	    h->command != SMB2_NEGOTIATE) {
		tsmb_info("%s: %s before NEGOTIATE; disconnecting", conn->peer,
			  tsmb_hdr_command_name(h->command));
		return false;
	}
	if (h->command == SMB2_CANCEL)
		return true;
	if (!tsmb_credits_consume(&conn->credits, h->message_id, credit_charge(conn, h))) {
		tsmb_info("%s: MessageId %llu outside the credit window; disconnecting",
			  conn->peer, (unsigned long long)h->message_id);
		return false;
	}
	return true;
}

static enum tsmb_verdict process_smb2(struct tsmb_conn *conn, const uint8_t *frame, size_t len)
{
	struct tsmb_cache *cache = &conn->srv->buf_large;
	struct tsmb_rsp_chain chain;
	enum tsmb_verdict v = TSMB_CONTINUE;
	size_t off = 0;
	uint8_t *buf;

	buf = tsmb_cache_alloc(cache);
	if (!buf) {
		tsmb_warn("%s: no memory for a response; disconnecting", conn->peer);
		return TSMB_DISCONNECT;
	}
	tsmb_wr_init(&chain.w, buf, TSMB_BUF_LARGE);
	chain.last = (size_t)-1;
	while (off < len && v == TSMB_CONTINUE) {
		struct tsmb_status early;
		struct tsmb_req req;

		v = next_request(conn, frame, len, off, &req, &early);
		if (v != TSMB_CONTINUE || !admit(conn, &req.hdr)) {
			v = TSMB_DISCONNECT;
			break;
		}
		/* CANCEL is never answered itself ([MS-SMB2] 3.3.5.16). */
		if (req.hdr.command == SMB2_CANCEL)
			req.no_response = true;
		else
			v = process_one(conn, &chain, &req, early);
		if (!req.hdr.next_command)
			break;
		off += req.len;
	}
	if (v == TSMB_CONTINUE && flush_chain(conn, &chain))
		v = TSMB_DISCONNECT;
	tsmb_cache_free(cache, buf);
	return v;
}

enum tsmb_verdict tsmb_smb2_process(struct tsmb_conn *conn, const uint8_t *frame, size_t len)
{
	uint32_t proto;

	if (len < 4)
		return TSMB_DISCONNECT;
	proto = tsmb_get_le32(frame);
	if (proto == SMB2_PROTO_ID)
		return process_smb2(conn, frame, len);
	if (proto == SMB1_PROTO_ID)
		return tsmb_smb1_negotiate(conn, frame, len);
	/*
	 * Transform (encrypted) and compressed messages need a session and a
	 * negotiated algorithm; nothing else is SMB2 at all.
	 */
	tsmb_info("%s: unexpected protocol id 0x%08x; disconnecting", conn->peer, proto);
	return TSMB_DISCONNECT;
}
