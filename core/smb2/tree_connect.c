// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.7 TREE_CONNECT and 3.3.5.8 TREE_DISCONNECT. Whether the
 * user may use the share (valid users, invalid users, guest ok, read only
 * for this user) is authd's answer to the TREE_CONNECT up-call: the user
 * database and the Unix groups live there.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>
#include <tsmb/os/upcall.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/lib/utf16.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/dispatch.h"
#include "core/tree/tree.h"
#include "core/upcall/msg.h"
#include "core/wire/fscc.h"
#include "core/wire/session.h"
#include "core/wire/tree_connect.h"

#define TREES_MAX		1024u
#define TC_REQ_MAX		1024u
#define TC_RSP_MAX		512u
/* What a read-only tree never grants. */
#define WRITE_ACCESS		(FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | \
				 FILE_DELETE_CHILD | FILE_WRITE_ATTRIBUTES | DELETE | \
				 WRITE_DAC | WRITE_OWNER)

/* "\\server\share" (UTF-16LE) to "share" (UTF-8); false if malformed. */
static bool share_name(const uint8_t *p, size_t len, char *out, size_t cap, size_t *out_len)
{
	size_t i, start = 0, seps = 0;

	for (i = 0; i + 1 < len; i += 2) {
		if (tsmb_get_le16(p + i) == '\\') {
			seps++;
			start = i + 2;
		}
	}
	/* exactly "\\server\share": two leading separators and one more */
	if (seps != 3 || len < 6 || tsmb_get_le16(p) != '\\' || tsmb_get_le16(p + 2) != '\\')
		return false;
	return tsmb_utf16_to_utf8(p + start, len - start, out, cap, out_len) == 0 && *out_len;
}

/* The TREE_CONNECT up-call: may this session use the share, and how. */
static struct tsmb_status access_check(struct tsmb_session *s, const struct tsmb_share *sh,
				       uint32_t *flags, uint32_t *max_access)
{
	struct tsmb_server *srv = s->conn->srv;
	/* off the stack: kernel stacks are small and the decoded message is not */
	struct {
		uint8_t req[TC_REQ_MAX];
		uint8_t rsp[TC_RSP_MAX];
		struct tsmb_upcall_enc e;
		struct tsmb_upcall_msg m;
	} *u;
	struct tsmb_upcall_enc *e;
	struct tsmb_status st;
	uint8_t *req, *rsp;
	size_t req_len, rsp_len;
	uint64_t req_id;
	int ret;

	if (!srv->cfg.upcall)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	u = tsmb_os_alloc(sizeof(*u));
	if (!u)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	req = u->req;
	rsp = u->rsp;
	e = &u->e;
	req_id = (uint64_t)tsmb_atomic64_add_return(&srv->next_upcall_id, 1);
	tsmb_upcall_enc_begin(e, req, TC_REQ_MAX, TSMB_UPCALL_TREE_CONNECT, 0, req_id, s->id);
	tsmb_upcall_put_session(e, s);
	tsmb_upcall_put_str(e, TSMB_UPCALL_A_SHARE_NAME, sh->name, sh->name_len);
	ret = tsmb_upcall_enc_end(e, &req_len);
	if (!ret)
		ret = tsmb_os_upcall_call(srv->cfg.upcall, req, req_len, rsp, TC_RSP_MAX, &rsp_len,
					  tsmb_upcall_timeout_ms(TSMB_UPCALL_TREE_CONNECT));
	if (!ret)
		ret = tsmb_upcall_decode_reply(rsp, rsp_len, TSMB_UPCALL_TREE_CONNECT, req_id,
					       s->id, &u->m);
	if (ret) {
		tsmb_warn("%s: no answer from the access service for [%s] (error %d)",
			  s->conn->peer, sh->name, -ret);
		st = TSMB_ERR(STATUS_ACCESS_DENIED);
	} else {
		st = TSMB_ST(tsmb_upcall_status(&u->m));
		if (tsmb_st_ok(st) &&
		    (tsmb_upcall_get_u32(&u->m, TSMB_UPCALL_A_SHARE_FLAGS, flags) ||
		     tsmb_upcall_get_u32(&u->m, TSMB_UPCALL_A_MAX_ACCESS, max_access)))
			st = TSMB_ERR(STATUS_INTERNAL_ERROR);
	}
	tsmb_os_free(u);
	return st;
}

struct tsmb_status tsmb_smb2_tree_connect(struct tsmb_req *req)
{
	struct tsmb_session *s = req->sess;
	struct tsmb_tree_connect_req tc;
	struct tsmb_tree_connect_rsp rsp;
	char name[TSMB_SHARE_NAME_MAX + 1];
	struct tsmb_share *sh;
	struct tsmb_status st;
	struct tsmb_tree *t;
	uint32_t flags = 0, max_access = 0;
	size_t len;

	st = tsmb_tree_connect_req_decode(req->msg, req->len, &tc);
	if (!tsmb_st_ok(st))
		return st;
	if (!share_name(tc.path, tc.path_len, name, sizeof(name), &len))
		return TSMB_ERR(STATUS_BAD_NETWORK_NAME);
	sh = tsmb_server_find_share(req->conn->srv, name, len);
	if (!sh) {
		tsmb_info("%s: no share [%s]", req->conn->peer, name);
		return TSMB_ERR(STATUS_BAD_NETWORK_NAME);
	}
	if (s->nr_trees >= TREES_MAX)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	st = access_check(s, sh, &flags, &max_access);
	if (!tsmb_st_ok(st)) {
		tsmb_notice("%s: '%s' refused access to [%s]", req->conn->peer, s->user, sh->name);
		return st;
	}
	tsmb_memset(&rsp, 0, sizeof(rsp));
	rsp.share_type = sh->is_ipc ? SMB2_SHARE_TYPE_PIPE : SMB2_SHARE_TYPE_DISK;
	if ((flags & TSMB_SHARE_ENCRYPT) && !s->have_ciphers) {
		tsmb_notice("%s: [%s] requires encryption; '%s' cannot encrypt", req->conn->peer,
			    sh->name, s->user);
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	}
	t = tsmb_os_zalloc(sizeof(*t));
	if (!t)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	t->sess = s;
	t->share = sh;
	t->read_only = flags & TSMB_SHARE_READ_ONLY;
	t->max_access = t->read_only ? max_access & ~WRITE_ACCESS : max_access;
	t->encrypt = s->have_ciphers &&
		     (flags & (TSMB_SHARE_ENCRYPT | TSMB_SHARE_ENCRYPT_DESIRED));
	/* ids are not reused while the session lives: a stale id finds nothing */
	do {
		t->id = s->next_tree_id++;
	} while (!t->id || t->id == 0xffffffffu || tsmb_tree_find(s, t->id));
	if (t->encrypt)
		rsp.share_flags |= SMB2_SHAREFLAG_ENCRYPT_DATA;
	rsp.max_access = t->max_access;
	tsmb_list_add_tail(&t->node, &s->trees);
	s->nr_trees++;
	req->hdr.tree_id = t->id;	/* the response header carries it */
	tsmb_tree_connect_rsp_encode(req->rsp, &rsp);
	/* IPC$ comes with every share listing: worth a line only when debugging */
	tsmb_log(sh->is_ipc ? TSMB_LOG_DEBUG : TSMB_LOG_INFO, "%s: '%s' connected to [%s]%s",
		 req->conn->peer, s->user, sh->name, t->read_only ? " read-only" : "");
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_smb2_tree_disconnect(struct tsmb_req *req)
{
	if (!tsmb_empty4_req_decode(req->body, req->body_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_tree_destroy(req->tree);
	req->tree = NULL;
	tsmb_empty4_rsp_encode(req->rsp);
	return TSMB_ST(STATUS_SUCCESS);
}
