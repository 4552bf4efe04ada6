// SPDX-License-Identifier: GPL-2.0-or-later
/* SMB2 WRITE: [MS-SMB2] 2.2.21 (request) and 2.2.22 (response). */
#include "core/wire/write.h"

#define WRITE_REQ_FIXED	48

struct tsmb_status tsmb_write_req_decode(const uint8_t *msg, size_t len,
					 struct tsmb_write_req *req)
{
	struct tsmb_rd r;
	uint16_t data_off, ci_off;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != SMB2_WRITE_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	data_off = tsmb_rd_le16(&r);
	req->length = tsmb_rd_le32(&r);
	req->offset = tsmb_rd_le64(&r);
	req->file_id_persistent = tsmb_rd_le64(&r);
	req->file_id_volatile = tsmb_rd_le64(&r);
	req->channel = tsmb_rd_le32(&r);
	req->remaining_bytes = tsmb_rd_le32(&r);
	ci_off = tsmb_rd_le16(&r);
	req->channel_info_len = tsmb_rd_le16(&r);
	req->flags = tsmb_rd_le32(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (req->length) {
		if (!tsmb_buf_in_msg(len, SMB2_HDR_SIZE + WRITE_REQ_FIXED, data_off, req->length))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		req->data = msg + data_off;
	}
	if (req->channel_info_len) {
		if (!tsmb_buf_in_msg(len, SMB2_HDR_SIZE + WRITE_REQ_FIXED, ci_off, req->channel_info_len))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		req->channel_info = msg + ci_off;
	}
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_write_rsp_encode(struct tsmb_wr *w, uint32_t count)
{
	tsmb_wr_le16(w, SMB2_WRITE_RSP_SIZE);
	tsmb_wr_le16(w, 0);		/* Reserved */
	tsmb_wr_le32(w, count);
	tsmb_wr_le32(w, 0);		/* Remaining */
	tsmb_wr_le16(w, 0);		/* WriteChannelInfoOffset */
	tsmb_wr_le16(w, 0);		/* WriteChannelInfoLength */
	tsmb_wr_u8(w, 0);		/* the buffer byte StructureSize 17 promises */
}
