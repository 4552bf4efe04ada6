// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/smb2/out_buf.h"

#include <tsmb/os/mem.h>

#include "core/wire/error.h"

#define FIXED	8u

struct tsmb_status tsmb_out_begin(struct tsmb_req *req, size_t want, struct tsmb_out *o)
{
	struct tsmb_wr *w = req->rsp;
	size_t room;

	o->start = w->off;
	o->heap = false;
	if (!tsmb_wr_take(w, FIXED))
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	room = w->cap - w->off;
	if (want <= TSMB_MIN(room, (size_t)TSMB_OUT_INLINE_MAX)) {
		o->buf = w->buf + w->off;
		o->cap = want;
		return TSMB_ST(STATUS_SUCCESS);
	}
	o->buf = tsmb_os_alloc(want);
	if (!o->buf) {
		w->off = o->start;
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	}
	o->cap = want;
	o->heap = true;
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_out_finish(struct tsmb_req *req, struct tsmb_out *o, size_t len,
		     void (*enc)(struct tsmb_wr *w, uint32_t len))
{
	struct tsmb_wr *w = req->rsp;
	struct tsmb_wr fw;

	tsmb_wr_init(&fw, w->buf + o->start, FIXED);
	enc(&fw, (uint32_t)len);
	if (o->heap && len > TSMB_MIN(w->cap - w->off, (size_t)TSMB_OUT_INLINE_MAX)) {
		req->extra = o->buf;
		req->extra_len = len;
		return;
	}
	if (o->heap) {
		tsmb_wr_bytes(w, o->buf, len);
		tsmb_os_free(o->buf);
	} else {
		(void)tsmb_wr_take(w, len);
	}
	/* StructureSize 9 counts a byte of Buffer: send one even when empty */
	if (!len)
		tsmb_wr_u8(w, 0);
}

void tsmb_out_abort(struct tsmb_req *req, struct tsmb_out *o)
{
	if (o->heap)
		tsmb_os_free(o->buf);
	o->heap = false;
	req->rsp->off = o->start;
}

bool tsmb_charge_covers(const struct tsmb_req *req, size_t len)
{
	const struct tsmb_conn *conn = req->conn;
	uint16_t charge = req->hdr.credit_charge ? req->hdr.credit_charge : 1;
	size_t need = len ? ((len - 1) >> 16) + 1 : 1;

	/* 3.3.5.4: Connection.SupportsMultiCredit */
	if (conn->dialect == SMB2_DIALECT_202 || conn->dialect == SMB2_DIALECT_WILDCARD ||
	    !(conn->client_capabilities & SMB2_GLOBAL_CAP_LARGE_MTU))
		return true;
	return charge >= need;
}

struct tsmb_status tsmb_rsp_fail(struct tsmb_req *req, size_t start, struct tsmb_status st)
{
	req->rsp->off = start;
	tsmb_error_rsp_encode(req->rsp);
	return st;
}
