/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data part of QUERY_INFO and QUERY_DIRECTORY responses ([MS-SMB2]
 * 2.2.34, 2.2.38: an 8-byte fixed part, then OutputBufferLength bytes).
 *
 * Small data is written straight into the response buffer; anything that
 * might exceed what the dispatcher guarantees there (RSP_ROOM: 4 KiB with
 * the header) goes to a tsmb_os_alloc'ed buffer that is sent as
 * req->extra, up to the negotiated MaxTransactSize (8 MiB).
 */
#ifndef TSMB_CORE_SMB2_OUT_BUF_H
#define TSMB_CORE_SMB2_OUT_BUF_H

#include "core/smb2/dispatch.h"

/* Data that always fits the response buffer: its 4 KiB less header and fixed part. */
#define TSMB_OUT_INLINE_MAX	(4096u - 64u - 8u)

struct tsmb_out {
	uint8_t *buf;		/* where the data goes */
	size_t cap;
	size_t start;		/* the response body's offset in req->rsp */
	bool heap;		/* buf is tsmb_os_alloc'ed */
};

/*
 * Room for up to want bytes of data (want may be 0). Reserves the fixed
 * part in req->rsp. STATUS_INSUFFICIENT_RESOURCES when a buffer cannot be
 * had.
 */
struct tsmb_status tsmb_out_begin(struct tsmb_req *req, size_t want, struct tsmb_out *o);
/*
 * Sends len bytes of o->buf (len <= o->cap) after the fixed part that
 * enc writes (StructureSize, OutputBufferOffset, OutputBufferLength).
 */
void tsmb_out_finish(struct tsmb_req *req, struct tsmb_out *o, size_t len,
		     void (*enc)(struct tsmb_wr *w, uint32_t len));
/* Gives up: the buffer is freed and the response body emptied. */
void tsmb_out_abort(struct tsmb_req *req, struct tsmb_out *o);

/*
 * [MS-SMB2] 3.3.5.2.5: whether the request's CreditCharge pays for len
 * bytes (one credit per 64 KiB) where the connection supports multi-credit
 * requests; without, MaxTransactSize bounds len alone.
 */
bool tsmb_charge_covers(const struct tsmb_req *req, size_t len);

/*
 * Fails the request with an ERROR body ([MS-SMB2] 2.2.2) for a status of
 * warning severity that is still a failure (STATUS_NO_MORE_FILES,
 * STATUS_EA_LIST_INCONSISTENT...): the dispatcher writes ERROR bodies for
 * error severity only. The body starts at start.
 */
struct tsmb_status tsmb_rsp_fail(struct tsmb_req *req, size_t start, struct tsmb_status st);

#endif /* TSMB_CORE_SMB2_OUT_BUF_H */
