// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.12 Receiving an SMB2 READ Request. Small reads go
 * straight into the response buffer; larger ones into a buffer of their
 * own that the dispatcher sends after the response and frees. As on
 * Windows, a read moves the open's FilePositionInformation past the data.
 * A named pipe's read asks the RPC service (core/vfs/pipe.h).
 */
#include <tsmb/os/mem.h>

#include "core/smb2/dispatch.h"
#include "core/smb2/io_limits.h"
#include "core/vfs/lock.h"
#include "core/vfs/open.h"
#include "core/vfs/pipe.h"
#include "core/wire/fscc.h"
#include "core/wire/read.h"

/* Reads up to this size are copied into the response buffer (RSP_ROOM allows it). */
#define READ_INLINE_MAX		2048u
/* Offsets are signed 64-bit on Windows: a range may not reach past this. */
#define OFFSET_MAX		0x7fffffffffffffffull

static struct tsmb_status read_inline(struct tsmb_req *req, struct tsmb_open *op,
				      const struct tsmb_read_req *rr)
{
	struct tsmb_wr *w = req->rsp;
	size_t start = w->off, done = 0;
	uint8_t *p;
	int ret;

	/* the fixed part's room, then the data right where it goes */
	p = tsmb_wr_take(w, 16 + rr->length);
	if (!p)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	ret = tsmb_os_file_pread(op->f, p + 16, rr->length, rr->offset, &done);
	w->off = start;
	if (ret)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	if (!done || done < rr->minimum_count)
		return TSMB_ERR(STATUS_END_OF_FILE);
	tsmb_read_rsp_encode(w, (uint32_t)done);
	w->off += done;
	op->position = rr->offset + done;
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status read_extra(struct tsmb_req *req, struct tsmb_open *op,
				     const struct tsmb_read_req *rr)
{
	size_t done = 0;
	uint8_t *base, *buf;
	int ret;

	base = tsmb_os_alloc(TSMB_EXTRA_HEADROOM + rr->length);
	if (!base)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	buf = base + TSMB_EXTRA_HEADROOM;
	ret = tsmb_os_file_pread(op->f, buf, rr->length, rr->offset, &done);
	if (ret || !done || done < rr->minimum_count) {
		tsmb_os_free(base);
		if (ret)
			return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
		return TSMB_ERR(STATUS_END_OF_FILE);
	}
	tsmb_read_rsp_encode(req->rsp, (uint32_t)done);
	req->extra = buf;
	req->extra_len = done;
	req->extra_headroom = TSMB_EXTRA_HEADROOM;
	op->position = rr->offset + done;
	return TSMB_ST(STATUS_SUCCESS);
}

/*
 * 3.3.5.12 on a named pipe: what the RPC service has queued; the rest of a
 * message that does not fit is STATUS_BUFFER_OVERFLOW, with the data.
 */
static struct tsmb_status read_pipe(struct tsmb_req *req, struct tsmb_open *op,
				    const struct tsmb_read_req *rr)
{
	size_t max = TSMB_MIN((size_t)rr->length, (size_t)TSMB_PIPE_IO_MAX), done = 0;
	struct tsmb_status st;
	uint8_t *base;

	base = tsmb_os_alloc(TSMB_EXTRA_HEADROOM + max);
	if (!base)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	st = tsmb_pipe_read(op, base + TSMB_EXTRA_HEADROOM, max, &done);
	if (tsmb_st_is_error(st) || !done) {
		tsmb_os_free(base);
		if (!tsmb_st_is_error(st))
			tsmb_read_rsp_encode(req->rsp, 0);
		return st;
	}
	tsmb_read_rsp_encode(req->rsp, (uint32_t)done);
	req->extra = base + TSMB_EXTRA_HEADROOM;
	req->extra_len = done;
	req->extra_headroom = TSMB_EXTRA_HEADROOM;
	return st;
}

struct tsmb_status tsmb_smb2_read(struct tsmb_req *req)
{
	struct tsmb_read_req rr;
	struct tsmb_status st;
	struct tsmb_open *op;

	st = tsmb_read_req_decode(req->msg, req->len, &rr);
	if (!tsmb_st_ok(st))
		return st;
	if (rr.length > tsmb_conn_max_io(req->conn))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* RDMA channels need an RDMA transport, which this server has not */
	if (rr.channel != SMB2_CHANNEL_NONE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	op = tsmb_open_lookup(req, rr.file_id_persistent, rr.file_id_volatile);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	if (op->is_dir)
		return TSMB_ERR(STATUS_INVALID_DEVICE_REQUEST);
	/* execute access reads too: that is how programs are loaded */
	if (!(op->access & (FILE_READ_DATA | FILE_EXECUTE)))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	/* a pipe has no offsets, no locks, no end */
	if (op->is_pipe)
		return read_pipe(req, op, &rr);
	if (rr.offset > OFFSET_MAX || rr.length > OFFSET_MAX - rr.offset)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!rr.length) {
		/* Windows answers an empty read with no data, even past the end */
		if (rr.minimum_count)
			return TSMB_ERR(STATUS_END_OF_FILE);
		tsmb_read_rsp_encode(req->rsp, 0);
		return TSMB_ST(STATUS_SUCCESS);
	}
	st = tsmb_lock_check_io(op, rr.offset, rr.length, false);
	if (!tsmb_st_ok(st))
		return st;
	if (rr.length <= READ_INLINE_MAX)
		return read_inline(req, op, &rr);
	return read_extra(req, op, &rr);
}
