// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.5 Receiving an SMB2 SESSION_SETUP Request and 3.3.5.6
 * LOGOFF. The security exchange itself happens in authd, behind the
 * LOGIN up-call (core/session/login.c); here are the session's states,
 * the 3.1.1 preauth hash of the exchange and the session's policy
 * (signing, encryption, guest).
 */
#include <tsmb/os/mem.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/dispatch.h"
#include "core/wire/session.h"

static void preauth_rsp_done(struct tsmb_req *req, const uint8_t *rsp, size_t len)
{
	struct tsmb_session *s = tsmb_session_find(req->conn, req->rsp_session_id);

	if (s && tsmb_preauth_update(req->conn->srv->sha512, s->preauth_hash, rsp, len))
		req->disconnect = true;
}

/* After a successful log-on: what the session demands of its requests. */
static struct tsmb_status set_policy(struct tsmb_req *req, struct tsmb_session *s,
				     const struct tsmb_session_setup_req *ss, uint16_t *flags)
{
	struct tsmb_conn *conn = req->conn;
	const struct tsmb_server_config *cfg = &conn->srv->cfg;

	*flags = 0;
	if (s->is_anonymous)
		*flags |= SMB2_SESSION_FLAG_IS_NULL;
	else if (s->is_guest)
		*flags |= SMB2_SESSION_FLAG_IS_GUEST;
	if (!s->signer) {
		/* no key: neither signed nor encrypted; refuse if that was demanded */
		if (cfg->encrypt == TSMB_ENCRYPT_REQUIRED) {
			tsmb_notice("%s: guest or anonymous log-on refused: encryption is required",
				    conn->peer);
			return TSMB_ERR(STATUS_ACCESS_DENIED);
		}
		return TSMB_ST(STATUS_SUCCESS);
	}
	s->signing_required = cfg->require_signing ||
			      (ss->security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED);
	if (cfg->encrypt != TSMB_ENCRYPT_OFF && s->have_ciphers) {
		s->encrypt_data = true;
		*flags |= SMB2_SESSION_FLAG_ENCRYPT_DATA;
	} else if (cfg->encrypt == TSMB_ENCRYPT_REQUIRED) {
		tsmb_notice("%s: log-on of '%s' refused: encryption is required and the client "
			    "cannot encrypt", conn->peer, s->user);
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	}
	/* 3.3.5.5.3: the final response proves the keys on 3.1.1 */
	if (conn->dialect == SMB2_DIALECT_311 || s->signing_required)
		req->sign_rsp = true;
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_smb2_session_setup(struct tsmb_req *req)
{
	struct tsmb_conn *conn = req->conn;
	struct tsmb_session_setup_req ss;
	struct tsmb_session *s;
	struct tsmb_status st;
	uint8_t *blob = NULL;
	size_t blob_len = 0;
	uint16_t flags = 0;
	bool first = false, reauth = false;

	st = tsmb_session_setup_req_decode(req->msg, req->len, &ss);
	if (!tsmb_st_ok(st))
		return st;
	/* no multichannel: a binding request has nothing to bind to */
	if (ss.flags & SMB2_SESSION_FLAG_BINDING)
		return TSMB_ERR(STATUS_REQUEST_NOT_ACCEPTED);
	if (!req->hdr.session_id) {
		s = tsmb_session_new(conn);
		if (!s)
			return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		first = true;
	} else {
		s = req->sess;
		if (!s)
			return TSMB_ERR(STATUS_USER_SESSION_DELETED);
		if (s->state == TSMB_SESSION_VALID) {
			/* re-authentication: the session stays usable meanwhile */
			reauth = true;
			first = true;
		}
		reauth = reauth || s->state == TSMB_SESSION_EXPIRED;
	}
	req->sess = s;
	req->rsp_session_id = s->id;
	if (conn->dialect == SMB2_DIALECT_311 && !reauth &&
	    tsmb_preauth_update(conn->srv->sha512, s->preauth_hash, req->msg, req->len)) {
		st = TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		goto fail;
	}
	st = tsmb_login(s, ss.blob, ss.blob_len, first, reauth, &blob, &blob_len);
	if (st.v == STATUS_MORE_PROCESSING_REQUIRED) {
		if (!reauth)
			s->state = TSMB_SESSION_IN_PROGRESS;
		if (conn->dialect == SMB2_DIALECT_311 && !reauth)
			req->rsp_done = preauth_rsp_done;
		tsmb_session_setup_rsp_encode(req->rsp, req->rsp->off - SMB2_HDR_SIZE, 0, blob,
					      blob_len);
		tsmb_os_free(blob);
		return st;
	}
	if (!tsmb_st_ok(st))
		goto fail;
	st = set_policy(req, s, &ss, &flags);
	if (!tsmb_st_ok(st))
		goto fail;
	s->state = TSMB_SESSION_VALID;
	conn->max_frame = TSMB_MAX_FRAME;
	tsmb_session_setup_rsp_encode(req->rsp, req->rsp->off - SMB2_HDR_SIZE, flags, blob,
				      blob_len);
	tsmb_os_free(blob);
	tsmb_notice("%s: %s '%s' (uid %u)%s%s%s", conn->peer,
		    reauth ? "re-authenticated" : "logged on", s->user, s->ident.uid,
		    s->is_guest ? " as guest" : "", s->signing_required ? ", signing" : "",
		    s->encrypt_data ? ", encrypted" : "");
	return st;
fail:
	tsmb_os_free(blob);
	if (st.v == STATUS_LOGON_FAILURE)
		tsmb_notice("%s: log-on failed", conn->peer);
	/* 3.3.5.5.3: a failed exchange ends the session, re-authentication included */
	req->sess = NULL;
	tsmb_session_destroy(s);
	return st;
}

struct tsmb_status tsmb_smb2_logoff(struct tsmb_req *req)
{
	if (!tsmb_empty4_req_decode(req->body, req->body_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_info("%s: '%s' logged off", req->conn->peer, req->sess->user);
	/* the dispatcher frees the session after the (signed) response is out */
	req->logoff = true;
	tsmb_empty4_rsp_encode(req->rsp);
	return TSMB_ST(STATUS_SUCCESS);
}
