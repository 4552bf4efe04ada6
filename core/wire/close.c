// SPDX-License-Identifier: GPL-2.0-or-later
/* SMB2 CLOSE: [MS-SMB2] 2.2.15 (request) and 2.2.16 (response). */
#include "core/wire/close.h"

struct tsmb_status tsmb_close_req_decode(const uint8_t *body, size_t len,
					 struct tsmb_close_req *req)
{
	struct tsmb_rd r;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, body, len);
	if (tsmb_rd_le16(&r) != SMB2_CLOSE_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->flags = tsmb_rd_le16(&r);
	tsmb_rd_skip(&r, 4);		/* Reserved */
	req->file_id_persistent = tsmb_rd_le64(&r);
	req->file_id_volatile = tsmb_rd_le64(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_close_rsp_encode(struct tsmb_wr *w, const struct tsmb_close_rsp *rsp)
{
	bool attrs = rsp->flags & SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB;

	tsmb_wr_le16(w, SMB2_CLOSE_RSP_SIZE);
	tsmb_wr_le16(w, attrs ? SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB : 0);
	tsmb_wr_le32(w, 0);		/* Reserved */
	if (!attrs) {
		/* 2.2.16: without the flag every attribute field is zero */
		tsmb_wr_zero(w, 52);
		return;
	}
	tsmb_wr_le64(w, rsp->creation_time);
	tsmb_wr_le64(w, rsp->last_access_time);
	tsmb_wr_le64(w, rsp->last_write_time);
	tsmb_wr_le64(w, rsp->change_time);
	tsmb_wr_le64(w, rsp->allocation_size);
	tsmb_wr_le64(w, rsp->end_of_file);
	tsmb_wr_le32(w, rsp->file_attributes);
}
