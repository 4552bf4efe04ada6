// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 3.3.5.13 Receiving an SMB2 WRITE Request. */
#include <tsmb/os/errno.h>

#include "core/server_priv.h"
#include "core/smb2/dispatch.h"
#include "core/smb2/io_limits.h"
#include "core/vfs/lock.h"
#include "core/vfs/open.h"
#include "core/vfs/oplock.h"
#include "core/vfs/pipe.h"
#include "core/wire/fscc.h"
#include "core/wire/write.h"

/* Offsets are signed 64-bit on Windows: a range may not reach past this. */
#define OFFSET_MAX		0x7fffffffffffffffull
/*
 * The largest file NTFS holds. Windows refuses a write that starts there
 * or beyond with STATUS_INVALID_PARAMETER, and one that would reach it
 * with STATUS_DISK_FULL (smbtorture's smb2.rw.invalid).
 */
#define FILE_SIZE_MAX		0xfffffff0000ull

/* Where the data goes: an append-only open writes at the end, whatever it asks. */
static struct tsmb_status write_offset(struct tsmb_open *op, const struct tsmb_write_req *wr,
				       uint64_t *off)
{
	struct tsmb_os_stat st;
	int ret;

	/* Windows has no "write at the end" offset in SMB2: all ones is refused too */
	if (wr->offset > OFFSET_MAX || wr->length > OFFSET_MAX - wr->offset ||
	    (wr->length && wr->offset >= FILE_SIZE_MAX))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	*off = wr->offset;
	if (!(op->access & FILE_WRITE_DATA)) {
		ret = tsmb_os_file_stat(op->f, &st);
		if (ret)
			return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
		*off = st.size;
	}
	if (wr->length && *off + wr->length >= FILE_SIZE_MAX)
		return TSMB_ERR(STATUS_DISK_FULL);
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status write_error(int err)
{
	/* NTFS's answer for a file that cannot grow that far */
	if (err == -TSMB_EFBIG)
		return TSMB_ERR(STATUS_DISK_FULL);
	return tsmb_status_born(tsmb_status_from_errno(err), __FILE__, __LINE__);
}

static struct tsmb_status do_write(struct tsmb_open *op, const struct tsmb_write_req *wr,
				   uint64_t off, size_t *done)
{
	bool synced = op->create_options & (FILE_WRITE_THROUGH | FILE_NO_INTERMEDIATE_BUFFERING);
	int ret;

	ret = tsmb_os_file_pwrite(op->f, wr->data, wr->length, off, done);
	if (ret)
		return write_error(ret);
	op->written = true;
	/* FilePositionInformation follows the I/O, as on Windows */
	op->position = off + *done;
	/* a write-through write is on stable storage when it is acknowledged */
	if ((wr->flags & SMB2_WRITEFLAG_WRITE_THROUGH) && !synced) {
		ret = tsmb_os_file_fsync(op->f);
		if (ret)
			return write_error(ret);
	}
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_smb2_write(struct tsmb_req *req)
{
	struct tsmb_write_req wr;
	struct tsmb_status st;
	struct tsmb_open *op;
	uint64_t off = 0;
	size_t done = 0;

	st = tsmb_write_req_decode(req->msg, req->len, &wr);
	if (!tsmb_st_ok(st))
		return st;
	if (wr.length > tsmb_conn_max_io(req->conn))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* RDMA channels need an RDMA transport, which this server has not */
	if (wr.channel != SMB2_CHANNEL_NONE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	op = tsmb_open_lookup(req, wr.file_id_persistent, wr.file_id_volatile);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	if (op->is_dir)
		return TSMB_ERR(STATUS_INVALID_DEVICE_REQUEST);
	if (!(op->access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	/* a named pipe: the bytes go to the RPC service, offsets mean nothing */
	if (op->is_pipe) {
		st = tsmb_pipe_write(op, wr.data, wr.length, &done);
		if (tsmb_st_ok(st))
			tsmb_write_rsp_encode(req->rsp, (uint32_t)done);
		return st;
	}
	st = write_offset(op, &wr, &off);
	if (tsmb_st_ok(st) && wr.length) {
		st = tsmb_lock_check_io(op, off, wr.length, true);
		if (tsmb_st_ok(st))
			st = do_write(op, &wr, off, &done);
	}
	if (!tsmb_st_ok(st))
		return st;
	/* [MS-FSA] 2.1.4.12: level II caches of the file are stale now */
	if (done)
		tsmb_oplock_break_level2(req->conn->srv, op);
	tsmb_write_rsp_encode(req->rsp, (uint32_t)done);
	return TSMB_ST(STATUS_SUCCESS);
}
