// SPDX-License-Identifier: GPL-2.0-or-later
#include "user/service.h"

#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <talloc.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>

#include "authd/login.h"
#include "core/lib/status.h"
#include "core/upcall/msg.h"
#include "core/wire/fscc.h"
#include "srvsvc/pipe.h"

/* What Windows grants on a share the user may write, and on a read-only one. */
#define MAX_ACCESS_RW	FILE_ALL_ACCESS
#define MAX_ACCESS_RO	(FILE_GENERIC_READ | FILE_GENERIC_EXECUTE)

static void authd_log(void *arg, int level, const char *msg)
{
	tsmb_os_log(level, "authd: %s", msg);
}

static void srvsvc_log(void *arg, int level, const char *msg)
{
	tsmb_os_log(level, "srvsvc: %s", msg);
}

/* srvsvc keeps its pipes outside talloc's reach: they go with the service. */
static int service_destroy(struct tsmbd_service *svc)
{
	srvsvc_free(svc->srvsvc);
	svc->srvsvc = NULL;
	return 0;
}

/* The RPC service, with tsmb.conf's shares as NetShareEnum shows them. */
static struct srvsvc *start_srvsvc(struct tsmbd_service *svc, const struct tsmbd_conf *conf)
{
	struct srvsvc_share *shares;
	struct srvsvc_config sc;
	struct srvsvc *s;
	unsigned int i;

	shares = talloc_zero_array(svc, struct srvsvc_share, conf->nr_shares + 1);
	if (!shares)
		return NULL;
	for (i = 0; i < conf->nr_shares; i++) {
		const struct tsmbd_share *sh = conf->shares[i];

		shares[i].name = sh->name;
		shares[i].comment = sh->comment ? sh->comment : "";
		shares[i].path = sh->path;
		shares[i].browseable = sh->browseable;
		shares[i].read_only = sh->read_only;
	}
	memset(&sc, 0, sizeof(sc));
	sc.netbios_name = conf->netbios_name;
	sc.workgroup = conf->workgroup;
	sc.server_string = conf->server_string;
	sc.shares = shares;
	sc.nr_shares = conf->nr_shares;
	sc.log = srvsvc_log;
	/* srvsvc copies what it keeps */
	s = srvsvc_new(svc, &sc);
	talloc_free(shares);
	return s;
}

struct tsmbd_service *tsmbd_service_new(void *mem_ctx, const struct tsmbd_conf *conf)
{
	struct tsmbd_service *svc = talloc_zero(mem_ctx, struct tsmbd_service);
	struct authd_config ac;

	if (!svc)
		return NULL;
	memset(&ac, 0, sizeof(ac));
	ac.netbios_name = conf->netbios_name;
	ac.domain = conf->workgroup;
	ac.userdb_path = conf->user_database;
	ac.guest_account = conf->guest_account;
	/* a guest can only use guest shares: let guests log on only if there are some */
	ac.guest_ok = tsmbd_conf_guest_share(conf) != NULL;
	ac.anonymous_ok = ac.guest_ok;
	ac.map_to_guest = conf->map_to_guest == TSMBD_MAP_TO_GUEST_BAD_USER ?
			  AUTHD_MAP_TO_GUEST_BAD_USER : AUTHD_MAP_TO_GUEST_NEVER;
	ac.log = authd_log;
	svc->conf = conf;
	svc->authd = authd_new(svc, &ac);
	if (!svc->authd) {
		tsmb_os_log(TSMB_LOG_ERR, "cannot start the login service");
		talloc_free(svc);
		return NULL;
	}
	svc->srvsvc = start_srvsvc(svc, conf);
	if (!svc->srvsvc) {
		tsmb_os_log(TSMB_LOG_ERR, "cannot start the RPC service");
		talloc_free(svc);
		return NULL;
	}
	talloc_set_destructor(svc, service_destroy);
	return svc;
}

static int reply_status(const struct tsmb_upcall_msg *m, uint32_t status, uint8_t *rsp,
			size_t cap, size_t *rsp_len)
{
	struct tsmb_upcall_enc e;

	tsmb_upcall_enc_begin(&e, rsp, cap, m->type, TSMB_UPCALL_F_REPLY, m->req_id, m->handle);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, status);
	return tsmb_upcall_enc_end(&e, rsp_len);
}

static int login(struct tsmbd_service *svc, const struct tsmb_upcall_msg *m, uint8_t *rsp,
		 size_t cap, size_t *rsp_len)
{
	struct tsmb_upcall_enc e;
	struct authd_result res;
	const uint8_t *blob;
	size_t blen;
	uint32_t st, flags = 0, i, gids[TSMB_UPCALL_GIDS_MAX];
	int ret;

	if (tsmb_upcall_get_bytes(m, TSMB_UPCALL_A_SEC_BLOB, &blob, &blen))
		return reply_status(m, STATUS_INVALID_PARAMETER, rsp, cap, rsp_len);
	st = authd_login(svc->authd, m->handle, blob, blen, &res);
	tsmb_upcall_enc_begin(&e, rsp, cap, m->type, TSMB_UPCALL_F_REPLY, m->req_id, m->handle);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, st);
	if (res.blob && res.blob_len)
		tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SEC_BLOB, res.blob, res.blob_len);
	if (st == STATUS_SUCCESS) {
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_UID, res.uid);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_GID, res.gid);
		for (i = 0; i < res.ngids && i < TSMB_UPCALL_GIDS_MAX; i++)
			gids[i] = res.gids[i];
		if (i)
			tsmb_upcall_put_u32_array(&e, TSMB_UPCALL_A_GIDS, gids, i);
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_USER, res.user ? res.user : "",
				    res.user ? strlen(res.user) : 0);
		if (res.domain)
			tsmb_upcall_put_str(&e, TSMB_UPCALL_A_DOMAIN, res.domain,
					    strlen(res.domain));
		if (res.is_guest)
			flags |= TSMB_UPCALL_SESSION_GUEST;
		if (res.is_anonymous)
			flags |= TSMB_UPCALL_SESSION_ANONYMOUS;
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_SESSION_FLAGS, flags);
		if (res.have_session_key)
			tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SESSION_KEY, res.session_key,
					      sizeof(res.session_key));
	}
	ret = tsmb_upcall_enc_end(&e, rsp_len);
	memset(res.session_key, 0, sizeof(res.session_key));
	authd_result_free(&res);
	return ret;
}

/* Is the user one of names ("user" or "@group")? */
static bool names_match(const struct tsmbd_names *names, const char *user, const uint32_t *gids,
			size_t ngids)
{
	unsigned int i;
	size_t k;

	for (i = 0; i < names->count; i++) {
		const char *n = names->names[i];
		struct group *gr;

		if (n[0] != '@' && n[0] != '+') {
			if (!strcasecmp(n, user))
				return true;
			continue;
		}
		gr = getgrnam(n + 1);
		if (!gr)
			continue;
		for (k = 0; k < ngids; k++)
			if (gids[k] == gr->gr_gid)
				return true;
		for (k = 0; gr->gr_mem && gr->gr_mem[k]; k++)
			if (!strcmp(gr->gr_mem[k], user))
				return true;
	}
	return false;
}

static int tree_connect(struct tsmbd_service *svc, const struct tsmb_upcall_msg *m,
			uint8_t *rsp, size_t cap, size_t *rsp_len)
{
	const struct tsmbd_conf *conf = svc->conf;
	const struct tsmbd_share *sh = NULL;
	struct tsmb_upcall_enc e;
	uint32_t gids[TSMB_UPCALL_GIDS_MAX], sflags = 0, flags;
	char name[TSMB_UPCALL_NAME_MAX + 1], user[TSMB_UPCALL_NAME_MAX + 1];
	const char *s;
	size_t len, ngids = 0;
	bool guest;

	if (tsmb_upcall_get_str(m, TSMB_UPCALL_A_SHARE_NAME, &s, &len))
		return reply_status(m, STATUS_INVALID_PARAMETER, rsp, cap, rsp_len);
	memcpy(name, s, len);
	name[len] = '\0';
	if (tsmb_upcall_get_str(m, TSMB_UPCALL_A_USER, &s, &len))
		return reply_status(m, STATUS_INVALID_PARAMETER, rsp, cap, rsp_len);
	memcpy(user, s, len);
	user[len] = '\0';
	(void)tsmb_upcall_get_u32_array(m, TSMB_UPCALL_A_GIDS, gids, TSMB_UPCALL_GIDS_MAX, &ngids);
	ngids = ngids > TSMB_UPCALL_GIDS_MAX ? TSMB_UPCALL_GIDS_MAX : ngids;
	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_SESSION_FLAGS, &sflags);
	guest = sflags & (TSMB_UPCALL_SESSION_GUEST | TSMB_UPCALL_SESSION_ANONYMOUS);

	if (strcasecmp(name, "IPC$")) {
		sh = tsmbd_conf_find_share(conf, name);
		if (!sh)
			return reply_status(m, STATUS_BAD_NETWORK_NAME, rsp, cap, rsp_len);
		if ((guest && !sh->guest_ok) ||
		    names_match(&sh->invalid_users, user, gids, ngids) ||
		    (!guest && sh->valid_users.count &&
		     !names_match(&sh->valid_users, user, gids, ngids))) {
			tsmb_os_log(TSMB_LOG_NOTICE, "[%s]: access denied to '%s'%s", sh->name,
				    user, guest ? " (guest)" : "");
			return reply_status(m, STATUS_ACCESS_DENIED, rsp, cap, rsp_len);
		}
	}
	flags = sh ? tsmbd_conf_share_flags(conf, sh) : 0;
	tsmb_upcall_enc_begin(&e, rsp, cap, m->type, TSMB_UPCALL_F_REPLY, m->req_id, m->handle);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_SHARE_FLAGS, flags);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_MAX_ACCESS,
			    flags & TSMB_UPCALL_SHARE_READ_ONLY ? MAX_ACCESS_RO : MAX_ACCESS_RW);
	return tsmb_upcall_enc_end(&e, rsp_len);
}

/* RPC_OPEN: a pipe for the session (the handle), as its user. */
static int rpc_open(struct tsmbd_service *svc, const struct tsmb_upcall_msg *m, uint8_t *rsp,
		    size_t cap, size_t *rsp_len)
{
	char user[TSMB_UPCALL_NAME_MAX + 1], domain[TSMB_UPCALL_NAME_MAX + 1];
	uint32_t gids[TSMB_UPCALL_GIDS_MAX], sflags = 0, st;
	struct tsmb_upcall_enc e;
	struct srvsvc_user u;
	const char *name, *p;
	size_t name_len, len, ngids = 0;
	uint64_t pipe_id = 0;

	memset(&u, 0, sizeof(u));
	if (tsmb_upcall_get_str(m, TSMB_UPCALL_A_PIPE_NAME, &name, &name_len) ||
	    tsmb_upcall_get_str(m, TSMB_UPCALL_A_USER, &p, &len) ||
	    tsmb_upcall_get_u32(m, TSMB_UPCALL_A_UID, &u.uid) ||
	    tsmb_upcall_get_u32(m, TSMB_UPCALL_A_GID, &u.gid))
		return reply_status(m, STATUS_INVALID_PARAMETER, rsp, cap, rsp_len);
	memcpy(user, p, len);
	user[len] = '\0';
	u.user = user;
	if (!tsmb_upcall_get_str(m, TSMB_UPCALL_A_DOMAIN, &p, &len)) {
		memcpy(domain, p, len);
		domain[len] = '\0';
		u.domain = domain;
	}
	(void)tsmb_upcall_get_u32_array(m, TSMB_UPCALL_A_GIDS, gids, TSMB_UPCALL_GIDS_MAX, &ngids);
	u.gids = gids;
	u.ngids = ngids > TSMB_UPCALL_GIDS_MAX ? TSMB_UPCALL_GIDS_MAX : ngids;
	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_SESSION_FLAGS, &sflags);
	u.guest = sflags & (TSMB_UPCALL_SESSION_GUEST | TSMB_UPCALL_SESSION_ANONYMOUS);
	st = srvsvc_pipe_open(svc->srvsvc, name, name_len, m->handle, &u, &pipe_id);
	tsmb_upcall_enc_begin(&e, rsp, cap, m->type, TSMB_UPCALL_F_REPLY, m->req_id, m->handle);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, st);
	if (st == STATUS_SUCCESS)
		tsmb_upcall_put_u64(&e, TSMB_UPCALL_A_PIPE_ID, pipe_id);
	return tsmb_upcall_enc_end(&e, rsp_len);
}

/* RPC_WRITE, RPC_READ, RPC_TRANSCEIVE and RPC_CLOSE of one pipe. */
static int rpc_io(struct tsmbd_service *svc, const struct tsmb_upcall_msg *m, uint8_t *rsp,
		  size_t cap, size_t *rsp_len)
{
	const uint8_t *data = NULL;
	struct tsmb_upcall_enc e;
	uint64_t pipe_id;
	uint32_t max = 0, st;
	uint8_t *out = NULL;
	size_t len = 0, out_len = 0;
	int ret;

	if (tsmb_upcall_get_u64(m, TSMB_UPCALL_A_PIPE_ID, &pipe_id))
		return reply_status(m, STATUS_INVALID_PARAMETER, rsp, cap, rsp_len);
	(void)tsmb_upcall_get_bytes(m, TSMB_UPCALL_A_DATA, &data, &len);
	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_MAX_OUT, &max);
	if (m->type == TSMB_UPCALL_RPC_READ || m->type == TSMB_UPCALL_RPC_TRANSCEIVE) {
		/* service threads run at once: no shared talloc parent */
		out = malloc(max ? max : 1);
		if (!out)
			return reply_status(m, STATUS_INSUFFICIENT_RESOURCES, rsp, cap, rsp_len);
	}
	switch (m->type) {
	case TSMB_UPCALL_RPC_WRITE:
		st = srvsvc_pipe_write(svc->srvsvc, pipe_id, data, len);
		break;
	case TSMB_UPCALL_RPC_READ:
		st = srvsvc_pipe_read(svc->srvsvc, pipe_id, out, max, &out_len);
		break;
	case TSMB_UPCALL_RPC_TRANSCEIVE:
		st = srvsvc_pipe_transceive(svc->srvsvc, pipe_id, data, len, out, max, &out_len);
		break;
	default:
		st = srvsvc_pipe_close(svc->srvsvc, pipe_id);
		break;
	}
	tsmb_upcall_enc_begin(&e, rsp, cap, m->type, TSMB_UPCALL_F_REPLY, m->req_id, m->handle);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, st);
	if (out && (st == STATUS_SUCCESS || st == STATUS_BUFFER_OVERFLOW))
		tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_DATA, out, out_len > max ? max : out_len);
	ret = tsmb_upcall_enc_end(&e, rsp_len);
	free(out);
	return ret;
}

int tsmbd_service_handle(void *ctx, const uint8_t *req, size_t len, uint8_t *rsp, size_t cap,
			 size_t *rsp_len)
{
	struct tsmbd_service *svc = ctx;
	struct tsmb_upcall_msg m;
	int ret;

	ret = tsmb_upcall_decode(req, len, &m);
	if (ret == -TSMB_EOPNOTSUPP)
		return reply_status(&m, STATUS_NOT_SUPPORTED, rsp, cap, rsp_len);
	if (ret || tsmb_upcall_is_reply(&m)) {
		tsmb_os_log(TSMB_LOG_ERR, "up-call service: malformed request (%d)", ret);
		return ret ? ret : -TSMB_EPROTO;
	}
	switch (m.type) {
	case TSMB_UPCALL_LOGIN:
		return login(svc, &m, rsp, cap, rsp_len);
	case TSMB_UPCALL_LOGOFF:
		authd_logoff(svc->authd, m.handle);
		srvsvc_close_session(svc->srvsvc, m.handle);
		return reply_status(&m, STATUS_SUCCESS, rsp, cap, rsp_len);
	case TSMB_UPCALL_TREE_CONNECT:
		return tree_connect(svc, &m, rsp, cap, rsp_len);
	case TSMB_UPCALL_RPC_OPEN:
		return rpc_open(svc, &m, rsp, cap, rsp_len);
	case TSMB_UPCALL_RPC_WRITE:
	case TSMB_UPCALL_RPC_READ:
	case TSMB_UPCALL_RPC_TRANSCEIVE:
	case TSMB_UPCALL_RPC_CLOSE:
		return rpc_io(svc, &m, rsp, cap, rsp_len);
	default:
		return reply_status(&m, STATUS_NOT_SUPPORTED, rsp, cap, rsp_len);
	}
}
