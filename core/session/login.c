// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The LOGIN and LOGOFF up-calls: the core never sees a password hash.
 * authd checks the client's blob and answers with a status, a reply blob
 * and, on success, the identity and the session key.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>
#include <tsmb/os/upcall.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/upcall/msg.h"

/* Room for a request: the blob and the fixed attributes. */
#define LOGIN_REQ_EXTRA		512u
#define LOGIN_RSP_MAX		(TSMB_UPCALL_BLOB_MAX + 4096u)

void tsmb_upcall_put_peer(struct tsmb_upcall_enc *e, const struct tsmb_conn *conn)
{
	struct tsmb_upcall_addr a;

	tsmb_upcall_addr_from(&a, &conn->peer_addr);
	/* a peer of unknown family (getpeername failed) is sent as 0.0.0.0 */
	if (a.family != TSMB_AF_INET6)
		a.family = TSMB_AF_INET;
	tsmb_upcall_put_addr(e, TSMB_UPCALL_A_CLIENT_ADDR, &a);
}

void tsmb_upcall_put_session(struct tsmb_upcall_enc *e, const struct tsmb_session *s)
{
	size_t ulen = 0;

	while (s->user[ulen])
		ulen++;
	tsmb_upcall_put_u32(e, TSMB_UPCALL_A_UID, s->ident.uid);
	tsmb_upcall_put_u32(e, TSMB_UPCALL_A_GID, s->ident.gid);
	if (s->ident.ngroups)
		tsmb_upcall_put_u32_array(e, TSMB_UPCALL_A_GIDS, s->ident.groups,
					  s->ident.ngroups);
	tsmb_upcall_put_str(e, TSMB_UPCALL_A_USER, s->user, ulen);
	tsmb_upcall_put_u32(e, TSMB_UPCALL_A_SESSION_FLAGS,
			    (s->is_guest ? TSMB_UPCALL_SESSION_GUEST : 0) |
			    (s->is_anonymous ? TSMB_UPCALL_SESSION_ANONYMOUS : 0));
	tsmb_upcall_put_peer(e, s->conn);
}

/* The identity of a successful reply, as a credential for the session. */
static struct tsmb_status take_identity(struct tsmb_session *s, const struct tsmb_upcall_msg *m)
{
	struct tsmb_ident *id = &s->ident;
	const char *user;
	size_t n, ulen;
	uint32_t flags = 0;
	int ret;

	tsmb_memset(id, 0, sizeof(*id));
	if (tsmb_upcall_get_u32(m, TSMB_UPCALL_A_UID, &id->uid) ||
	    tsmb_upcall_get_u32(m, TSMB_UPCALL_A_GID, &id->gid) ||
	    tsmb_upcall_get_str(m, TSMB_UPCALL_A_USER, &user, &ulen))
		return TSMB_ERR(STATUS_INTERNAL_ERROR);
	if (!tsmb_upcall_get_u32_array(m, TSMB_UPCALL_A_GIDS, id->groups,
				       TSMB_IDENT_GROUPS_MAX, &n))
		id->ngroups = (uint32_t)TSMB_MIN(n, (size_t)TSMB_IDENT_GROUPS_MAX);
	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_SESSION_FLAGS, &flags);
	s->is_guest = flags & TSMB_UPCALL_SESSION_GUEST;
	s->is_anonymous = flags & TSMB_UPCALL_SESSION_ANONYMOUS;
	ulen = TSMB_MIN(ulen, (size_t)TSMB_SESSION_USER_MAX);
	tsmb_memcpy(s->user, user, ulen);
	s->user[ulen] = '\0';
	if (s->cred)
		tsmb_os_cred_put(s->cred);
	s->cred = NULL;
	ret = tsmb_os_cred_create(id, &s->cred);
	if (ret) {
		tsmb_err("%s: cannot act as uid %u for user '%s' (error %d)%s", s->conn->peer,
			 id->uid, s->user, -ret,
			 ret == -TSMB_EPERM ? ": the server does not run as root" : "");
		return TSMB_ERR(STATUS_LOGON_FAILURE);
	}
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status take_reply(struct tsmb_session *s, const struct tsmb_upcall_msg *m,
				     bool reauth, uint8_t **out_blob, size_t *out_len)
{
	struct tsmb_status st = TSMB_ST(tsmb_upcall_status(m));
	const uint8_t *p;
	size_t len;

	if (!tsmb_upcall_get_bytes(m, TSMB_UPCALL_A_SEC_BLOB, &p, &len) && len) {
		*out_blob = tsmb_os_alloc(len);
		if (!*out_blob)
			return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		tsmb_memcpy(*out_blob, p, len);
		*out_len = len;
	}
	if (st.v != STATUS_SUCCESS)
		return st;
	st = take_identity(s, m);
	if (!tsmb_st_ok(st))
		return st;
	/* re-authentication keeps the keys of the first log-on (3.3.5.5.3) */
	if (!reauth && !tsmb_upcall_get_bytes(m, TSMB_UPCALL_A_SESSION_KEY, &p, &len) &&
	    !s->is_guest && !s->is_anonymous) {
		if (tsmb_session_set_keys(s, p, len)) {
			tsmb_err("%s: cannot derive the session's keys", s->conn->peer);
			return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		}
	}
	return st;
}

struct tsmb_status tsmb_login(struct tsmb_session *s, const uint8_t *blob, size_t len,
			      bool first_leg, bool reauth, uint8_t **out_blob, size_t *out_len)
{
	struct tsmb_conn *conn = s->conn;
	struct tsmb_server *srv = conn->srv;
	struct tsmb_upcall_enc e;
	struct tsmb_upcall_msg *m = NULL;
	struct tsmb_status st;
	uint8_t *req = NULL, *rsp = NULL;
	uint32_t flags = 0;
	uint64_t req_id;
	size_t req_len, rsp_len;
	int ret;

	*out_blob = NULL;
	*out_len = 0;
	if (!srv->cfg.upcall) {
		tsmb_warn("%s: no login service configured; refusing the log-on", conn->peer);
		return TSMB_ERR(STATUS_LOGON_FAILURE);
	}
	req = tsmb_os_alloc(len + LOGIN_REQ_EXTRA);
	rsp = tsmb_os_alloc(LOGIN_RSP_MAX);
	m = tsmb_os_alloc(sizeof(*m));
	if (!req || !rsp || !m) {
		st = TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		goto out;
	}
	if (first_leg)
		flags |= TSMB_UPCALL_LOGIN_FIRST_LEG;
	if (srv->cfg.require_signing)
		flags |= TSMB_UPCALL_LOGIN_SIGNING_REQ;
	if (tsmb_session_can_encrypt(conn))
		flags |= TSMB_UPCALL_LOGIN_ENCRYPT;
	req_id = (uint64_t)tsmb_atomic64_add_return(&srv->next_upcall_id, 1);
	tsmb_upcall_enc_begin(&e, req, len + LOGIN_REQ_EXTRA, TSMB_UPCALL_LOGIN, 0, req_id, s->id);
	tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SEC_BLOB, blob, len);
	tsmb_upcall_put_peer(&e, conn);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_DIALECT, conn->dialect);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_LOGIN_FLAGS, flags);
	ret = tsmb_upcall_enc_end(&e, &req_len);
	if (ret) {
		st = TSMB_ERR(STATUS_INVALID_PARAMETER);
		goto out;
	}
	ret = tsmb_os_upcall_call(srv->cfg.upcall, req, req_len, rsp, LOGIN_RSP_MAX, &rsp_len,
				  tsmb_upcall_timeout_ms(TSMB_UPCALL_LOGIN));
	if (ret) {
		tsmb_warn("%s: the login service did not answer (error %d); refusing the log-on",
			  conn->peer, -ret);
		st = TSMB_ERR(STATUS_LOGON_FAILURE);
		goto out;
	}
	ret = tsmb_upcall_decode_reply(rsp, rsp_len, TSMB_UPCALL_LOGIN, req_id, s->id, m);
	if (ret) {
		tsmb_err("%s: malformed reply from the login service (error %d)", conn->peer, -ret);
		st = TSMB_ERR(STATUS_LOGON_FAILURE);
		goto out;
	}
	st = take_reply(s, m, reauth, out_blob, out_len);
out:
	tsmb_os_free(m);
	tsmb_os_free(req);
	tsmb_os_free(rsp);
	return st;
}

void tsmb_login_forget(struct tsmb_session *s)
{
	struct tsmb_server *srv = s->conn->srv;
	struct tsmb_upcall_enc e;
	struct tsmb_upcall_msg m;
	uint8_t req[64], rsp[128];
	size_t req_len, rsp_len;

	if (!srv->cfg.upcall)
		return;
	tsmb_upcall_enc_begin(&e, req, sizeof(req), TSMB_UPCALL_LOGOFF, 0, 0, s->id);
	if (tsmb_upcall_enc_end(&e, &req_len))
		return;
	/* nothing to do about a failure: authd forgets the exchange by itself */
	if (tsmb_os_upcall_call(srv->cfg.upcall, req, req_len, rsp, sizeof(rsp), &rsp_len,
				tsmb_upcall_timeout_ms(TSMB_UPCALL_LOGOFF)) == 0 &&
	    tsmb_upcall_decode_reply(rsp, rsp_len, TSMB_UPCALL_LOGOFF, 0, s->id, &m))
		tsmb_dbg("%s: malformed LOGOFF reply", s->conn->peer);
}
