// SPDX-License-Identifier: GPL-2.0-or-later
#include "user/service.h"

#include <grp.h>
#include <string.h>
#include <strings.h>
#include <talloc.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>

#include "authd/login.h"
#include "core/lib/status.h"
#include "core/upcall/msg.h"
#include "core/wire/fscc.h"

/* What Windows grants on a share the user may write, and on a read-only one. */
#define MAX_ACCESS_RW	FILE_ALL_ACCESS
#define MAX_ACCESS_RO	(FILE_GENERIC_READ | FILE_GENERIC_EXECUTE)

static void authd_log(void *arg, int level, const char *msg)
{
	tsmb_os_log(level, "authd: %s", msg);
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

static uint32_t share_flags(const struct tsmbd_conf *conf, const struct tsmbd_share *sh)
{
	enum tsmbd_encrypt enc = sh->encrypt == TSMBD_ENCRYPT_INHERIT ? conf->encrypt :
				 sh->encrypt;
	uint32_t f = 0;

	if (sh->read_only)
		f |= TSMB_UPCALL_SHARE_READ_ONLY;
	if (sh->guest_ok)
		f |= TSMB_UPCALL_SHARE_GUEST_OK;
	if (sh->browseable)
		f |= TSMB_UPCALL_SHARE_BROWSEABLE;
	if (enc == TSMBD_ENCRYPT_REQUIRED)
		f |= TSMB_UPCALL_SHARE_ENCRYPT;
	else if (enc == TSMBD_ENCRYPT_DESIRED)
		f |= TSMB_UPCALL_SHARE_ENCRYPT_DESIRED;
	return f;
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
	flags = sh ? share_flags(conf, sh) : 0;
	tsmb_upcall_enc_begin(&e, rsp, cap, m->type, TSMB_UPCALL_F_REPLY, m->req_id, m->handle);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_SHARE_FLAGS, flags);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_MAX_ACCESS,
			    flags & TSMB_UPCALL_SHARE_READ_ONLY ? MAX_ACCESS_RO : MAX_ACCESS_RW);
	return tsmb_upcall_enc_end(&e, rsp_len);
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
		return reply_status(&m, STATUS_SUCCESS, rsp, cap, rsp_len);
	case TSMB_UPCALL_TREE_CONNECT:
		return tree_connect(svc, &m, rsp, cap, rsp_len);
	default:
		return reply_status(&m, STATUS_NOT_SUPPORTED, rsp, cap, rsp_len);
	}
}
