// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 3.3.5.10 Receiving an SMB2 CLOSE Request; a pipe's goes to the RPC service. */
#include "core/smb2/dispatch.h"
#include "core/vfs/attr.h"
#include "core/vfs/open.h"
#include "core/vfs/pipe.h"
#include "core/wire/close.h"
#include "core/wire/fscc.h"

/* SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB: the attributes as the open leaves them. */
static void post_query(struct tsmb_open *op, struct tsmb_close_rsp *rsp)
{
	struct tsmb_os_stat st;

	/* a named pipe: no times, as its CREATE answered */
	if (op->is_pipe) {
		rsp->flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB;
		rsp->allocation_size = TSMB_PIPE_ALLOCATION_SIZE;
		rsp->file_attributes = FILE_ATTRIBUTE_NORMAL;
		return;
	}
	if (tsmb_os_file_stat(op->f, &st)) {
		/* no attributes to give: the flag says the fields are not valid */
		rsp->flags = 0;
		return;
	}
	rsp->flags = SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB;
	rsp->creation_time = tsmb_nt_time_from_ns(st.btime);
	rsp->last_access_time = tsmb_nt_time_from_ns(st.atime);
	rsp->last_write_time = tsmb_nt_time_from_ns(st.mtime);
	rsp->change_time = tsmb_nt_time_from_ns(st.ctime);
	rsp->allocation_size = tsmb_alloc_size(&st);
	rsp->end_of_file = TSMB_S_ISDIR(st.mode) ? 0 : st.size;
	rsp->file_attributes = tsmb_dos_attrs(&st, tsmb_path_last(op->path));
}

struct tsmb_status tsmb_smb2_close(struct tsmb_req *req)
{
	struct tsmb_close_req cr;
	struct tsmb_close_rsp rsp;
	struct tsmb_status st;
	struct tsmb_open *op;

	st = tsmb_close_req_decode(req->body, req->body_len, &cr);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_open_lookup(req, cr.file_id_persistent, cr.file_id_volatile);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	tsmb_memset(&rsp, 0, sizeof(rsp));
	/* before the close: a delete-on-close takes the name with it */
	if (cr.flags & SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB)
		post_query(op, &rsp);
	tsmb_open_close(op);
	tsmb_close_rsp_encode(req->rsp, &rsp);
	return TSMB_ST(STATUS_SUCCESS);
}
