// SPDX-License-Identifier: GPL-2.0-or-later
/* SMB2 FLUSH: [MS-SMB2] 2.2.17 (request) and 2.2.18 (response). */
#include "core/wire/flush.h"

struct tsmb_status tsmb_flush_req_decode(const uint8_t *body, size_t len,
					 struct tsmb_flush_req *req)
{
	struct tsmb_rd r;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, body, len);
	if (tsmb_rd_le16(&r) != SMB2_FLUSH_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_rd_skip(&r, 2 + 4);	/* Reserved1, Reserved2: ignored on receipt */
	req->file_id_persistent = tsmb_rd_le64(&r);
	req->file_id_volatile = tsmb_rd_le64(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_flush_rsp_encode(struct tsmb_wr *w)
{
	tsmb_wr_le16(w, SMB2_FLUSH_RSP_SIZE);
	tsmb_wr_le16(w, 0);		/* Reserved */
}
