// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 3.3.5.11 Receiving an SMB2 FLUSH Request. */
#include "core/smb2/dispatch.h"
#include "core/vfs/open.h"
#include "core/wire/flush.h"
#include "core/wire/fscc.h"

struct tsmb_status tsmb_smb2_flush(struct tsmb_req *req)
{
	struct tsmb_flush_req fr;
	struct tsmb_status st;
	struct tsmb_open *op;
	int ret;

	st = tsmb_flush_req_decode(req->body, req->body_len, &fr);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_open_lookup(req, fr.file_id_persistent, fr.file_id_volatile);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	/* 3.3.5.11: only an open that may write has anything to flush */
	if (!(op->access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	/*
	 * What was acknowledged before is on stable storage when this
	 * answers; a named pipe holds nothing back: each write reached the
	 * service.
	 */
	ret = op->is_pipe ? 0 : tsmb_os_file_fsync(op->f);
	if (ret)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	tsmb_flush_rsp_encode(req->rsp);
	return TSMB_ST(STATUS_SUCCESS);
}
