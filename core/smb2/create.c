// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.9 Receiving an SMB2 CREATE Request: the argument checks,
 * the create contexts (3.3.5.9.1 - 3.3.5.9.13) and the response; the
 * file-system work is core/vfs/create.c's.
 *
 * Contexts: MxAc and QFid are answered; TWrp fails as on a volume without
 * that snapshot; a durable-handle reconnect finds nothing to reconnect to;
 * AlSi reserves space and ExtA sets the EAs of a new or overwritten
 * file. Durable-handle and lease requests are granted nothing (no context
 * in the response), as 3.3.5.9 allows; oplocks are (core/vfs/oplock.h),
 * and a CREATE that must wait for another open's break goes async. SecD is not
 * applied: security descriptors are synthesized from the mode bits
 * (core/vfs/security.c), there is no ACL store to write one to. Unknown
 * contexts are ignored, as the spec demands.
 *
 * On IPC$ the name is a named pipe that the RPC service opens
 * (core/vfs/pipe.h).
 */
#include <tsmb/os/mem.h>

#include <tsmb/os/time.h>

#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/async.h"
#include "core/smb2/dispatch.h"
#include "core/tree/tree.h"
#include "core/vfs/access.h"
#include "core/vfs/attr.h"
#include "core/vfs/create.h"
#include "core/vfs/info_fs.h"
#include "core/vfs/pipe.h"
#include "core/wire/create.h"
#include "core/wire/fscc.h"

/*
 * 2.2.13 CreateOptions as Windows answers them (smbtorture's gentest):
 * the reserved high byte is invalid; open by file id, filter oplocks and
 * FILE_CREATE_TREE_CONNECTION are not supported; the rest are accepted.
 */
#define OPTIONS_INVALID		0xFF000000u
#define OPTIONS_NOT_SUPPORTED	(FILE_OPEN_BY_FILE_ID | FILE_RESERVE_OPFILTER | 0x00000080u)
/* 2.2.13 FileAttributes a create may not carry (volume label, device, ...) */
#define ATTRIBUTES_INVALID	0xFFFF8048u

/* What the contexts ask of this CREATE. */
struct create_wants {
	bool mxac;
	bool qfid;
	uint64_t allocation_size;
	const uint8_t *ea;
	uint32_t ea_len;
};

/* 3.3.5.9: the fields' values, before any name is looked at. */
static struct tsmb_status check_args(const struct tsmb_create_req *cr)
{
	if (cr->impersonation_level > SMB2_IMPERSONATION_DELEGATE)
		return TSMB_ERR(STATUS_BAD_IMPERSONATION_LEVEL);
	/*
	 * 2.2.13.1: reserved access bits, and no access at all (nothing, or
	 * SYNCHRONIZE alone, as Windows since 8 answers in smbtorture's
	 * gentest), before the other fields, whatever the attributes say
	 */
	if ((cr->desired_access & ~TSMB_ACCESS_VALID) || !(cr->desired_access & ~SYNCHRONIZE))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (cr->options & OPTIONS_NOT_SUPPORTED)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	if ((cr->options & OPTIONS_INVALID) || cr->disposition > FILE_OVERWRITE_IF ||
	    (cr->share_access & ~FILE_SHARE_VALID) || (cr->file_attributes & ATTRIBUTES_INVALID))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* [MS-FSA] 2.1.5.1: a directory is created or opened, never overwritten */
	if ((cr->options & FILE_DIRECTORY_FILE) &&
	    ((cr->options & FILE_NON_DIRECTORY_FILE) ||
	     (cr->disposition != FILE_CREATE && cr->disposition != FILE_OPEN &&
	      cr->disposition != FILE_OPEN_IF)))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if ((cr->options & FILE_DELETE_ON_CLOSE) &&
	    !(cr->desired_access & (DELETE | GENERIC_ALL | MAXIMUM_ALLOWED)))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

static bool is_tag(const struct tsmb_create_ctx *c, const char *tag)
{
	return c->name_len == 4 && !tsmb_memcmp(c->name, tag, 4);
}

/* One context: its data's size as 2.2.13.2.x fixes it, and its meaning. */
static struct tsmb_status read_context(const struct tsmb_create_ctx *c, struct create_wants *w)
{
	if (is_tag(c, SMB2_CREATE_TIMEWARP_TOKEN)) {
		/* 3.3.5.9.9: no snapshot of this volume exists at any time */
		if (c->data_len != 8)
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		return TSMB_ERR(STATUS_OBJECT_NAME_NOT_FOUND);
	}
	if (is_tag(c, SMB2_CREATE_DURABLE_HANDLE_RECONNECT) ||
	    is_tag(c, SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2)) {
		/* 3.3.5.9.7, 3.3.5.9.12: no durable open survives to reconnect to */
		if (c->data_len != (is_tag(c, SMB2_CREATE_DURABLE_HANDLE_RECONNECT) ? 16 : 36))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		return TSMB_ERR(STATUS_OBJECT_NAME_NOT_FOUND);
	}
	if ((is_tag(c, SMB2_CREATE_DURABLE_HANDLE_REQUEST) && c->data_len != 16) ||
	    (is_tag(c, SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2) && c->data_len != 32))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (is_tag(c, SMB2_CREATE_QUERY_MAXIMAL_ACCESS)) {
		/* 2.2.13.2.5: empty, or a timestamp */
		if (c->data_len != 0 && c->data_len != 8)
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		w->mxac = true;
	} else if (is_tag(c, SMB2_CREATE_QUERY_ON_DISK_ID)) {
		w->qfid = true;
	} else if (is_tag(c, SMB2_CREATE_ALLOCATION_SIZE)) {
		if (c->data_len != 8)
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		w->allocation_size = tsmb_get_le64(c->data);
	} else if (is_tag(c, SMB2_CREATE_EA_BUFFER)) {
		/* 3.3.5.9.2: checked and applied with the file (core/vfs/ea.c) */
		w->ea = c->data;
		w->ea_len = c->data_len;
	}
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status read_contexts(const struct tsmb_create_req *cr,
					struct create_wants *w)
{
	struct tsmb_create_ctx c;
	struct tsmb_status st;
	uint32_t pos = 0;

	tsmb_memset(w, 0, sizeof(*w));
	while (tsmb_create_ctx_next(cr, &pos, &c)) {
		st = read_context(&c, w);
		if (!tsmb_st_ok(st))
			return st;
	}
	return TSMB_ST(STATUS_SUCCESS);
}

static void encode_rsp(struct tsmb_req *req, const struct tsmb_create_result *res,
		       const struct create_wants *w, uint8_t oplock)
{
	const struct tsmb_os_stat *st = &res->st;
	struct tsmb_create_ctx ctx[2];
	struct tsmb_create_rsp rsp;
	uint8_t mxac[8], qfid[32];
	unsigned int n = 0;

	tsmb_memset(&rsp, 0, sizeof(rsp));
	rsp.oplock_level = oplock;
	rsp.create_action = res->action;
	rsp.creation_time = tsmb_nt_time_from_ns(st->btime);
	rsp.last_access_time = tsmb_nt_time_from_ns(st->atime);
	rsp.last_write_time = tsmb_nt_time_from_ns(st->mtime);
	rsp.change_time = tsmb_nt_time_from_ns(st->ctime);
	rsp.allocation_size = tsmb_alloc_size(st);
	rsp.end_of_file = TSMB_S_ISDIR(st->mode) ? 0 : st->size;
	rsp.file_attributes = tsmb_dos_attrs(st, tsmb_path_last(res->op->path));
	rsp.file_id_persistent = res->op->id;
	rsp.file_id_volatile = res->op->id;
	if (w->mxac) {
		/* 2.2.14.2.5: QueryStatus, MaximalAccess */
		tsmb_put_le32(mxac, STATUS_SUCCESS);
		tsmb_put_le32(mxac + 4, res->maximal_access);
		ctx[n++] = (struct tsmb_create_ctx){ (const uint8_t *)SMB2_CREATE_QUERY_MAXIMAL_ACCESS,
						     4, mxac, sizeof(mxac) };
	}
	if (w->qfid) {
		/*
		 * 2.2.14.2.9: DiskFileId, VolumeId, Reserved; the ids that
		 * FileIdInformation gives for the same file
		 */
		tsmb_memset(qfid, 0, sizeof(qfid));
		tsmb_put_le64(qfid, tsmb_file_index(st));
		tsmb_put_le64(qfid + 8, tsmb_fs_serial(req->tree->share->name,
						       req->tree->share->name_len));
		ctx[n++] = (struct tsmb_create_ctx){ (const uint8_t *)SMB2_CREATE_QUERY_ON_DISK_ID,
						     4, qfid, sizeof(qfid) };
	}
	rsp.ctx = ctx;
	rsp.nr_ctx = n;
	tsmb_create_rsp_encode(req->rsp, &rsp);
}

static struct tsmb_status open_path(struct tsmb_req *req, const struct tsmb_create_req *cr,
				    const struct create_wants *w, struct tsmb_oplock_req *oq,
				    struct tsmb_create_result *res)
{
	struct tsmb_create_args a;
	struct tsmb_status st;

	tsmb_memset(&a, 0, sizeof(a));
	/* a path beneath the share: too big for a kernel stack */
	a.path = tsmb_os_alloc(TSMB_PATH_MAX + 1);
	if (!a.path)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	st = tsmb_path_from_wire(cr->name, cr->name_len, a.path);
	if (tsmb_st_ok(st)) {
		a.desired_access = cr->desired_access;
		a.share_access = cr->share_access;
		a.disposition = cr->disposition;
		a.options = cr->options;
		a.attributes = cr->file_attributes;
		a.allocation_size = w->allocation_size;
		a.ea = w->ea;
		a.ea_len = w->ea_len;
		a.oplock = oq;
		st = tsmb_vfs_create(req, &a, res);
	}
	tsmb_os_free(a.path);
	return st;
}

/*
 * IPC$: a named pipe, opened by the RPC service. As Windows answers: no
 * oplock, no times, FILE_ATTRIBUTE_NORMAL; create contexts are ignored.
 */
static struct tsmb_status create_pipe(struct tsmb_req *req, const struct tsmb_create_req *cr)
{
	struct tsmb_create_rsp rsp;
	struct tsmb_status st;
	struct tsmb_open *op;

	st = tsmb_pipe_open(req, cr->name, cr->name_len, cr->desired_access, &op);
	if (!tsmb_st_ok(st))
		return st;
	tsmb_memset(&rsp, 0, sizeof(rsp));
	rsp.create_action = FILE_OPENED;
	rsp.allocation_size = TSMB_PIPE_ALLOCATION_SIZE;
	rsp.file_attributes = FILE_ATTRIBUTE_NORMAL;
	rsp.file_id_persistent = op->id;
	rsp.file_id_volatile = op->id;
	tsmb_create_rsp_encode(req->rsp, &rsp);
	if (req->cmp)
		req->cmp->file_id = op->id;
	return TSMB_ST(STATUS_SUCCESS);
}

/*
 * One try at the whole CREATE. STATUS_PENDING (with *gen) when another
 * open's oplock breaks first; force: do not wait for that.
 */
static struct tsmb_status create_once(struct tsmb_req *req, bool force, uint64_t *gen)
{
	struct tsmb_create_result res;
	struct tsmb_oplock_req oq;
	struct tsmb_create_req cr;
	struct create_wants w;
	struct tsmb_status st;

	st = tsmb_create_req_decode(req->msg, req->len, &cr);
	if (!tsmb_st_ok(st))
		return st;
	st = check_args(&cr);
	if (!tsmb_st_ok(st))
		return st;
	if (req->tree->share->is_ipc)
		return create_pipe(req, &cr);
	if (!req->tree->share->root)
		return TSMB_ERR(STATUS_OBJECT_NAME_NOT_FOUND);
	st = read_contexts(&cr, &w);
	if (!tsmb_st_ok(st))
		return st;
	tsmb_memset(&oq, 0, sizeof(oq));
	oq.level = cr.oplock_level;
	oq.force = force;
	st = open_path(req, &cr, &w, &oq, &res);
	*gen = oq.gen;
	if (!tsmb_st_ok(st))
		return st;
	encode_rsp(req, &res, &w, oq.level);
	if (req->cmp)
		req->cmp->file_id = res.op->id;
	return TSMB_ST(STATUS_SUCCESS);
}

/* Room for a CREATE response body with the contexts encode_rsp() adds. */
#define WAIT_RSP_MAX	512

/* A CREATE waiting for an oplock break ([MS-SMB2] 3.3.4.2, 3.3.4.6). */
struct create_wait {
	struct tsmb_async a;
	struct tsmb_oplock_waiter wt;
	uint64_t gen;
	uint64_t deadline;
	uint32_t tree_id;
	struct tsmb_hdr hdr;
	uint8_t *msg;			/* a copy of the request, tried again */
	size_t len;
	size_t rsp_len;
	uint8_t rsp[WAIT_RSP_MAX];
};

static struct create_wait *of_async(struct tsmb_async *a)
{
	return (struct create_wait *)((char *)a - __builtin_offsetof(struct create_wait, a));
}

static struct tsmb_status cw_retry(struct create_wait *cw, bool force)
{
	struct tsmb_conn *conn = cw->a.conn;
	struct tsmb_session *s = tsmb_session_find(conn, cw->a.session_id);
	struct tsmb_os_cred_saved saved;
	struct tsmb_status st;
	struct tsmb_req req;
	struct tsmb_wr w;
	uint64_t gen = 0;

	if (!s)
		return TSMB_ERR(STATUS_USER_SESSION_DELETED);
	tsmb_memset(&req, 0, sizeof(req));
	req.tree = tsmb_tree_find(s, cw->tree_id);
	if (!req.tree)
		return TSMB_ERR(STATUS_NETWORK_NAME_DELETED);
	req.conn = conn;
	req.sess = s;
	req.msg = cw->msg;
	req.len = cw->len;
	req.body = cw->msg + SMB2_HDR_SIZE;
	req.body_len = cw->len - SMB2_HDR_SIZE;
	req.hdr = cw->hdr;
	req.encrypted = cw->a.encrypted;
	tsmb_wr_init(&w, cw->rsp, sizeof(cw->rsp));
	req.rsp = &w;
	tsmb_session_enter(s, &saved);
	st = create_once(&req, force, &gen);
	tsmb_session_leave(s, &saved);
	if (st.v == STATUS_PENDING) {
		cw->gen = gen;
		tsmb_oplock_wait(conn->srv, &cw->wt, gen);
	} else if (tsmb_st_ok(st)) {
		cw->rsp_len = w.off;
	}
	return st;
}

static struct tsmb_status cw_poll(struct tsmb_async *a)
{
	struct create_wait *cw = of_async(a);
	struct tsmb_server *srv = a->conn->srv;
	bool ready = tsmb_oplock_unwait(srv, &cw->wt);
	/* OplockBreakWait over: the holder is taken to have broken */
	bool force = tsmb_os_mono_ns() >= cw->deadline;

	if (!ready && !force) {
		tsmb_oplock_wait(srv, &cw->wt, cw->gen);
		return TSMB_ST(STATUS_PENDING);
	}
	return cw_retry(cw, force);
}

static void cw_encode(struct tsmb_async *a, struct tsmb_wr *w)
{
	struct create_wait *cw = of_async(a);

	tsmb_wr_bytes(w, cw->rsp, cw->rsp_len);
}

static void cw_cancel(struct tsmb_async *a)
{
	tsmb_oplock_unwait(a->conn->srv, &of_async(a)->wt);
}

static void cw_release(struct tsmb_async *a)
{
	struct create_wait *cw = of_async(a);

	tsmb_os_free(cw->msg);
	tsmb_os_free(cw);
}

static const struct tsmb_async_ops cw_async_ops = {
	.poll = cw_poll,
	.encode = cw_encode,
	.cancel = cw_cancel,
	.release = cw_release,
};

/* The CREATE waits for the break that gen was handed out with. */
static struct tsmb_status wait_start(struct tsmb_req *req, uint64_t gen)
{
	struct create_wait *cw = tsmb_os_zalloc(sizeof(*cw));
	struct tsmb_status st;

	if (!cw)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	cw->msg = tsmb_os_alloc(req->len);
	if (!cw->msg) {
		tsmb_os_free(cw);
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	}
	tsmb_memcpy(cw->msg, req->msg, req->len);
	cw->len = req->len;
	cw->hdr = req->hdr;
	cw->tree_id = req->tree->id;
	cw->gen = gen;
	cw->deadline = tsmb_os_mono_ns() + TSMB_OPLOCK_BREAK_WAIT_NS;
	st = tsmb_async_start(req, &cw->a, &cw_async_ops);
	if (!tsmb_st_ok(st)) {
		cw_release(&cw->a);
		return st;
	}
	cw->wt.conn = req->conn;
	tsmb_oplock_wait(req->conn->srv, &cw->wt, gen);
	return TSMB_ST(STATUS_PENDING);
}

/*
 * [MS-SMB2] 3.3.5.9. A CREATE inside a compound does not wait: the
 * requests after it need its FileId now, so the holder is told but the
 * open goes ahead as if the break had ended.
 */
struct tsmb_status tsmb_smb2_create(struct tsmb_req *req)
{
	bool compound = req->hdr.next_command ||
			(req->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS);
	struct tsmb_status st;
	uint64_t gen = 0;

	st = create_once(req, compound, &gen);
	if (st.v != STATUS_PENDING)
		return st;
	st = wait_start(req, gen);
	if (st.v == STATUS_PENDING)
		return st;
	return create_once(req, true, &gen);
}
