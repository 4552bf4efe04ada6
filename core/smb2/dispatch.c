// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.2 Receiving any message: framing of compounded requests,
 * connection state, sequence numbers, structure checks, then the command's
 * handler; 3.3.4.1.3 for chaining the responses of a compound.
 */
#include "core/smb2/dispatch.h"

#include "core/smb2/async.h"

#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/wire/error.h"
#include "core/wire/transform.h"
#include "core/crypto/transform.h"
#include "core/session/session.h"
#include "core/tree/tree.h"
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

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
 * past session and tree verification.
 */
static const struct tsmb_handler handlers[SMB2_NR_COMMANDS] = {
	[SMB2_NEGOTIATE] = { tsmb_smb2_negotiate, H_NO_SESSION },
	[SMB2_SESSION_SETUP] = { tsmb_smb2_session_setup, H_NO_SESSION },
	[SMB2_LOGOFF] = { tsmb_smb2_logoff, 0 },
	[SMB2_TREE_CONNECT] = { tsmb_smb2_tree_connect, 0 },
	[SMB2_TREE_DISCONNECT] = { tsmb_smb2_tree_disconnect, H_TREE },
	[SMB2_CREATE] = { tsmb_smb2_create, H_TREE },
	[SMB2_CLOSE] = { tsmb_smb2_close, H_TREE },
	[SMB2_FLUSH] = { tsmb_smb2_flush, H_TREE },
	[SMB2_READ] = { tsmb_smb2_read, H_TREE },
	[SMB2_WRITE] = { tsmb_smb2_write, H_TREE },
	[SMB2_LOCK] = { tsmb_smb2_lock, H_TREE },
	[SMB2_IOCTL] = { tsmb_smb2_ioctl, H_TREE },
	[SMB2_ECHO] = { tsmb_smb2_echo, H_NO_SESSION },
	[SMB2_QUERY_DIRECTORY] = { tsmb_smb2_query_directory, H_TREE },
	[SMB2_QUERY_INFO] = { tsmb_smb2_query_info, H_TREE },
	[SMB2_SET_INFO] = { tsmb_smb2_set_info, H_TREE },
	[SMB2_OPLOCK_BREAK] = { tsmb_smb2_oplock_break, H_TREE },
};

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

/* [MS-SMB2] 3.3.5.2.9: the request's session, if it names one. */
static struct tsmb_status find_session(struct tsmb_req *req, unsigned int flags)
{
	uint64_t id = req->hdr.session_id;
	struct tsmb_session *s;

	if (req->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS)
		id = req->cmp->session_id;
	s = tsmb_session_find(req->conn, id);
	req->sess = s;
	if (flags & H_NO_SESSION)
		return TSMB_ST(STATUS_SUCCESS);
	if (!s)
		return TSMB_ERR(STATUS_USER_SESSION_DELETED);
	if (s->state == TSMB_SESSION_EXPIRED)
		return TSMB_ERR(STATUS_NETWORK_SESSION_EXPIRED);
	if (s->state != TSMB_SESSION_VALID)
		return TSMB_ERR(STATUS_USER_SESSION_DELETED);
	return TSMB_ST(STATUS_SUCCESS);
}

/* 3.3.5.2.4 signatures, and 3.3.5.2.9 / 3.3.5.2.11 encryption demanded. */
static struct tsmb_status check_integrity(struct tsmb_req *req)
{
	struct tsmb_session *s = req->sess;
	uint16_t cmd = req->hdr.command;

	if (!s || req->encrypted)
		return TSMB_ST(STATUS_SUCCESS);
	if (req->hdr.flags & SMB2_FLAGS_SIGNED) {
		/* a guest's requests cannot be checked: there is no key */
		if (s->signer && tsmb_sign_verify(s->signer, req->msg, req->len)) {
			tsmb_notice("%s: bad signature on %s from session 0x%llx", req->conn->peer,
				    tsmb_hdr_command_name(cmd), (unsigned long long)s->id);
			return TSMB_ERR(STATUS_ACCESS_DENIED);
		}
	} else if (s->signing_required && s->state == TSMB_SESSION_VALID &&
		   cmd != SMB2_SESSION_SETUP && cmd != SMB2_ECHO) {
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	}
	if (s->encrypt_data && s->state == TSMB_SESSION_VALID && cmd != SMB2_SESSION_SETUP &&
	    cmd != SMB2_NEGOTIATE)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	return TSMB_ST(STATUS_SUCCESS);
}

/* 3.3.5.2.11: the tree the request names. */
static struct tsmb_status find_tree(struct tsmb_req *req)
{
	uint32_t id = req->hdr.tree_id;

	if (req->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS)
		id = req->cmp->tree_id;
	req->tree = tsmb_tree_find(req->sess, id);
	if (!req->tree)
		return TSMB_ERR(STATUS_NETWORK_NAME_DELETED);
	if (req->tree->encrypt && !req->encrypted)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status run_handler(struct tsmb_req *req)
{
	const struct tsmb_handler *h = &handlers[req->hdr.command];
	struct tsmb_os_cred_saved saved;
	struct tsmb_status st;

	st = check_request(req);
	if (tsmb_st_ok(st))
		st = find_session(req, h->flags);
	if (tsmb_st_ok(st))
		st = check_integrity(req);
	if (tsmb_st_ok(st) && (h->flags & H_TREE))
		st = find_tree(req);
	if (!tsmb_st_ok(st))
		return st;
	if (!h->fn)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	/* file system work happens as the session's user, never as the server */
	if (req->sess && !(h->flags & H_NO_SESSION)) {
		tsmb_session_enter(req->sess, &saved);
		st = h->fn(req);
		tsmb_session_leave(req->sess, &saved);
		return st;
	}
	return h->fn(req);
}

/*
 * Where the responses of one frame are put together. The first
 * CHAIN_START bytes stay free for a transform header (at TH_OFF, right
 * before the first response), so an encrypted chain is sealed in place;
 * CHAIN_START is a multiple of 8 because encoders align to 8 relative to
 * the buffer, and compound responses must be 8-aligned from the first.
 */
struct tsmb_rsp_chain {
	struct tsmb_wr w;
	size_t last;		/* offset of the previous response, or SIZE_MAX */
	struct tsmb_signer *last_signer; /* signs the previous response, or NULL */
	struct tsmb_session *seal;	/* encrypt the chain for this session */
};

#define CHAIN_START	TSMB_RSP_HEADROOM
#define TH_OFF		(CHAIN_START - SMB2_TRANSFORM_HDR_SIZE)

static int sign_msg(struct tsmb_signer *signer, uint8_t *msg, size_t len)
{
	int ret;

	tsmb_put_le32(msg + 16, tsmb_get_le32(msg + 16) | SMB2_FLAGS_SIGNED);
	tsmb_memset(msg + 48, 0, TSMB_SIGNATURE_LEN);
	ret = tsmb_sign(signer, msg, len, msg + 48);
	return ret;
}

/* Signs the previous response of the chain now that its length is final. */
static int sign_last(struct tsmb_rsp_chain *c)
{
	int ret = 0;

	if (c->last != (size_t)-1 && c->last_signer)
		ret = sign_msg(c->last_signer, c->w.buf + c->last, c->w.off - c->last);
	c->last_signer = NULL;
	return ret;
}

/*
 * Sends buf[CHAIN_START..end), sealed for sess when set; buf must have
 * CHAIN_START bytes of room before the message.
 */
static int send_msg(struct tsmb_conn *conn, uint8_t *buf, size_t end, struct tsmb_session *sess)
{
	struct tsmb_mvec mv;

	if (!sess)
		return tsmb_conn_send(conn, buf + CHAIN_START, end - CHAIN_START);
	if (!sess->have_ciphers)
		return -TSMB_EINVAL;
	mv.base = buf + CHAIN_START;
	mv.len = end - CHAIN_START;
	if (tsmb_transform_seal(&sess->enc, sess->id, &mv, 1, buf + TH_OFF)) {
		tsmb_warn("%s: cannot encrypt a response", conn->peer);
		return -TSMB_EIO;
	}
	return tsmb_conn_send(conn, buf + TH_OFF, end - TH_OFF);
}

int tsmb_smb2_send_rsp(struct tsmb_conn *conn, uint8_t *buf, size_t end,
		       struct tsmb_signer *signer, struct tsmb_session *seal)
{
	if (signer && sign_msg(signer, buf + CHAIN_START, end - CHAIN_START))
		return -TSMB_EIO;
	return send_msg(conn, buf, end, seal);
}

static int flush_chain(struct tsmb_conn *conn, struct tsmb_rsp_chain *c)
{
	int ret = 0;

	if (sign_last(c))
		ret = -TSMB_EIO;
	if (!ret && c->w.off > CHAIN_START)
		ret = send_msg(conn, c->w.buf, c->w.off, c->seal);
	tsmb_wr_init(&c->w, c->w.buf, c->w.cap);
	tsmb_wr_zero(&c->w, CHAIN_START);
	c->last = (size_t)-1;
	c->last_signer = NULL;
	return ret;
}

/*
 * A response with a large payload (READ data) goes out on its own, after
 * what the chain holds: the header and body are copied in front of the
 * payload so that one buffer can be signed or sealed.
 */
static void free_extra(struct tsmb_req *req)
{
	if (req->extra)
		tsmb_os_free((uint8_t *)req->extra - req->extra_headroom);
	req->extra = NULL;
	req->extra_headroom = 0;
}

static int send_with_extra(struct tsmb_conn *conn, struct tsmb_rsp_chain *c, size_t start,
			   size_t unpadded, struct tsmb_req *req, struct tsmb_signer *signer)
{
	size_t rlen = c->w.off - start, total = CHAIN_START + rlen + req->extra_len;
	uint8_t *buf, *own = NULL;
	int ret;

	/* room in front of the payload (READ leaves it): no second buffer, no copy of the data */
	if (req->extra_headroom >= CHAIN_START + rlen) {
		buf = (uint8_t *)req->extra - CHAIN_START - rlen;
		tsmb_memcpy(buf + CHAIN_START, c->w.buf + start, rlen);
	} else {
		buf = own = tsmb_os_alloc(total);
		if (!buf)
			return -TSMB_ENOMEM;
		tsmb_memcpy(buf + CHAIN_START, c->w.buf + start, rlen);
		tsmb_memcpy(buf + CHAIN_START + rlen, req->extra, req->extra_len);
	}
	/* what came before goes first, as the previous frame */
	c->w.off = unpadded;
	ret = flush_chain(conn, c);
	if (!ret && signer)
		ret = sign_msg(signer, buf + CHAIN_START, rlen + req->extra_len);
	if (!ret)
		ret = send_msg(conn, buf, total, c->seal);
	tsmb_os_free(own);
	return ret;
}

/* Largest response a handler may need to write into the chain buffer. */
#define RSP_ROOM 4096u

static bool want_signature(const struct tsmb_req *req, struct tsmb_status st)
{
	const struct tsmb_session *s = req->sess;

	if (!s || !s->signer || req->encrypted)
		return false;
	/* no key to sign with once the client was told the session is gone */
	if (st.v == STATUS_USER_SESSION_DELETED && !req->sign_rsp)
		return false;
	if (st.v == STATUS_MORE_PROCESSING_REQUIRED)
		return false;
	return req->sign_rsp || (req->hdr.flags & SMB2_FLAGS_SIGNED) ||
	       (s->signing_required && s->state == TSMB_SESSION_VALID);
}

static enum tsmb_verdict process_one(struct tsmb_conn *conn, struct tsmb_rsp_chain *c,
				     struct tsmb_req *req, struct tsmb_status *status)
{
	struct tsmb_status early = *status;
	struct tsmb_signer *signer;
	struct tsmb_hdr rh;
	struct tsmb_wr hw;
	struct tsmb_status st = early;
	size_t start, unpadded;

	if (c->w.cap - TSMB_ALIGN(c->w.off, 8) < RSP_ROOM && flush_chain(conn, c))
		return TSMB_DISCONNECT;
	unpadded = c->w.off;
	if (c->last != (size_t)-1)
		tsmb_wr_align(&c->w, 8);
	start = c->w.off;
	tsmb_wr_zero(&c->w, SMB2_HDR_SIZE);
	req->rsp = &c->w;
	if (tsmb_st_ok(st))
		st = run_handler(req);
	if (req->disconnect)
		goto drop;
	if (req->no_response) {
		c->w.off = start;
		goto done;
	}
	/* 3.3.4.2: a request that went async gets an interim response now */
	if (req->async_id && st.v == STATUS_PENDING) {
		c->w.off = start + SMB2_HDR_SIZE;
		tsmb_error_rsp_encode_data(&c->w, req->err_data, req->err_data_len);
	}
	/* a session setup leg answers MORE_PROCESSING_REQUIRED with its blob */
	if (tsmb_st_is_error(st) && !(st.v == STATUS_MORE_PROCESSING_REQUIRED &&
				      req->hdr.command == SMB2_SESSION_SETUP)) {
		c->w.off = start + SMB2_HDR_SIZE;
		tsmb_error_rsp_encode_data(&c->w, req->err_data, req->err_data_len);
		free_extra(req);
	}
	if (!tsmb_wr_ok(&c->w)) {
		tsmb_err("%s: %s response does not fit its buffer", conn->peer,
			 tsmb_hdr_command_name(req->hdr.command));
		goto drop;
	}
	*status = st;
	tsmb_rsp_hdr_init(&req->hdr, &rh);
	rh.status = st.v;
	rh.credits = tsmb_credits_grant(&conn->credits, req->hdr.credits);
	if (req->rsp_session_id)
		rh.session_id = req->rsp_session_id;
	if (req->async_id) {
		rh.flags |= SMB2_FLAGS_ASYNC_COMMAND;
		rh.async_id = req->async_id;
	}
	tsmb_wr_init(&hw, c->w.buf + start, SMB2_HDR_SIZE);
	tsmb_hdr_encode(&hw, &rh);
	/* an encrypted request gets an encrypted answer, for the whole frame */
	if (req->encrypted && req->sess && !c->seal)
		c->seal = req->sess;
	/* 3.3.4.2: an interim response is not signed */
	signer = want_signature(req, st) && !req->async_id ? req->sess->signer : NULL;
	if (req->rsp_done)
		req->rsp_done(req, c->w.buf + start, c->w.off - start);
	if (req->extra) {
		if (send_with_extra(conn, c, start, unpadded, req, signer))
			goto drop;
		free_extra(req);
		goto done;
	}
	if (c->last != (size_t)-1) {
		tsmb_put_le32(c->w.buf + c->last + 20, (uint32_t)(start - c->last));
		if (sign_last(c))
			goto drop;
	}
	c->last = start;
	c->last_signer = signer;
done:
	if (req->logoff && req->sess) {
		/* the response is signed already or about to be: sign it first */
		if (flush_chain(conn, c))
			req->disconnect = true;
		if (c->seal == req->sess)
			c->seal = NULL;
		tsmb_session_destroy(req->sess);
		req->sess = NULL;
	}
	return req->disconnect ? TSMB_DISCONNECT : TSMB_CONTINUE;
drop:
	free_extra(req);
	return TSMB_DISCONNECT;
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
	/*
	 * 3.3.5.2.6: shorter than a header, or an undefined command: the spec
	 * says disconnect without a response (Samba answers instead).
	 */
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

/*
 * 3.3.5.2.7.2: a related request after a failed one fails alike when the
 * failure left it nothing to act on: a CREATE that opened nothing, or a
 * request whose FileId or structure was bad. A request refused for what
 * it asked (WRITE denied) leaves the open usable for the next one.
 */
static bool inherits_failure(const struct tsmb_compound *cmp)
{
	if (!tsmb_st_is_error(cmp->last))
		return false;
	return cmp->last_cmd == SMB2_CREATE || cmp->last.v == STATUS_FILE_CLOSED ||
	       cmp->last.v == STATUS_INVALID_PARAMETER || cmp->last.v == STATUS_INVALID_HANDLE;
}

/* What the next related request inherits from this one (3.3.5.2.7.2). */
static void carry(struct tsmb_compound *cmp, const struct tsmb_req *req, struct tsmb_status st,
		  bool inherited)
{
	if (!(req->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS)) {
		cmp->session_id = req->hdr.session_id;
		cmp->tree_id = req->hdr.tree_id;
	}
	if (req->hdr.command == SMB2_SESSION_SETUP && req->rsp_session_id)
		cmp->session_id = req->rsp_session_id;
	cmp->last = st;
	/* a failure passed down the chain keeps the command it came from */
	if (!inherited)
		cmp->last_cmd = req->hdr.command;
}

static enum tsmb_verdict process_smb2(struct tsmb_conn *conn, const uint8_t *frame, size_t len,
				      bool encrypted)
{
	struct tsmb_cache *cache = &conn->srv->buf_large;
	struct tsmb_rsp_chain chain;
	struct tsmb_compound cmp;
	enum tsmb_verdict v = TSMB_CONTINUE;
	size_t off = 0;
	uint8_t *buf;

	buf = tsmb_cache_alloc(cache);
	if (!buf) {
		tsmb_warn("%s: no memory for a response; disconnecting", conn->peer);
		return TSMB_DISCONNECT;
	}
	tsmb_wr_init(&chain.w, buf, TSMB_BUF_LARGE);
	tsmb_wr_zero(&chain.w, CHAIN_START);
	chain.last = (size_t)-1;
	chain.last_signer = NULL;
	chain.seal = NULL;
	tsmb_memset(&cmp, 0, sizeof(cmp));
	cmp.file_id = TSMB_U64_MAX;
	while (off < len && v == TSMB_CONTINUE) {
		struct tsmb_status early;
		struct tsmb_req req;
		bool inherited;

		v = next_request(conn, frame, len, off, &req, &early);
		if (v != TSMB_CONTINUE || !admit(conn, &req.hdr)) {
			v = TSMB_DISCONNECT;
			break;
		}
		req.cmp = &cmp;
		req.encrypted = encrypted;
		/* 3.3.5.2.7.2: a related request after a failed one fails alike */
		if (tsmb_st_ok(early) && (req.hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS) &&
		    off == 0)
			early = TSMB_ERR(STATUS_INVALID_PARAMETER);
		else if (tsmb_st_ok(early) && (req.hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS) &&
			 inherits_failure(&cmp))
			early = cmp.last;
		inherited = tsmb_st_is_error(early) && early.v == cmp.last.v &&
			    (req.hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS);
		/* CANCEL is never answered itself ([MS-SMB2] 3.3.5.16). */
		if (req.hdr.command == SMB2_CANCEL) {
			tsmb_async_cancel(conn, &req);
			req.no_response = true;
		} else {
			v = process_one(conn, &chain, &req, &early);
		}
		carry(&cmp, &req, early, inherited);
		if (!req.hdr.next_command)
			break;
		off += req.len;
	}
	if (v == TSMB_CONTINUE && flush_chain(conn, &chain))
		v = TSMB_DISCONNECT;
	tsmb_cache_free(cache, buf);
	return v;
}

/*
 * [MS-SMB2] 3.3.5.2.1.1: an encrypted message is decrypted in place with
 * its session's key; anything wrong with it ends the connection.
 */
static enum tsmb_verdict process_transform(struct tsmb_conn *conn, uint8_t *frame, size_t len)
{
	struct tsmb_transform_hdr th;
	struct tsmb_session *s;
	struct tsmb_mvec mv;

	if (conn->dialect < SMB2_DIALECT_300 || conn->dialect == SMB2_DIALECT_NONE ||
	    conn->dialect == SMB2_DIALECT_WILDCARD || !tsmb_transform_decode(frame, len, &th)) {
		tsmb_info("%s: malformed encrypted message; disconnecting", conn->peer);
		return TSMB_DISCONNECT;
	}
	s = tsmb_session_find(conn, th.session_id);
	if (!s || !s->have_ciphers) {
		tsmb_info("%s: encrypted message for unknown session 0x%llx; disconnecting",
			  conn->peer, (unsigned long long)th.session_id);
		return TSMB_DISCONNECT;
	}
	mv.base = frame + SMB2_TRANSFORM_HDR_SIZE;
	mv.len = th.original_size;
	if (tsmb_transform_open(&s->dec, &th, &mv, 1)) {
		tsmb_notice("%s: encrypted message failed authentication; disconnecting",
			    conn->peer);
		return TSMB_DISCONNECT;
	}
	if (th.original_size < 4 || tsmb_get_le32(mv.base) != SMB2_PROTO_ID)
		return TSMB_DISCONNECT;
	return process_smb2(conn, mv.base, mv.len, true);
}

enum tsmb_verdict tsmb_smb2_process(struct tsmb_conn *conn, uint8_t *frame, size_t len)
{
	uint32_t proto;

	if (len < 4)
		return TSMB_DISCONNECT;
	proto = tsmb_get_le32(frame);
	if (proto == SMB2_PROTO_ID)
		return process_smb2(conn, frame, len, false);
	if (proto == SMB2_TRANSFORM_PROTO_ID)
		return process_transform(conn, frame, len);
	if (proto == SMB1_PROTO_ID)
		return tsmb_smb1_negotiate(conn, frame, len);
	/* Compressed messages need a negotiated algorithm; nothing else is SMB2 at all. */
	tsmb_info("%s: unexpected protocol id 0x%08x; disconnecting", conn->peer, proto);
	return TSMB_DISCONNECT;
}
