// SPDX-License-Identifier: GPL-2.0-or-later
/* SMB2 READ: [MS-SMB2] 2.2.19 (request) and 2.2.20 (response). */
#include "core/wire/read.h"

#define READ_REQ_FIXED	48

struct tsmb_status tsmb_read_req_decode(const uint8_t *msg, size_t len,
					struct tsmb_read_req *req)
{
	struct tsmb_rd r;
	uint16_t ci_off;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != SMB2_READ_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_rd_skip(&r, 1);		/* Padding: the client's wish for DataOffset */
	req->flags = tsmb_rd_u8(&r);
	req->length = tsmb_rd_le32(&r);
	req->offset = tsmb_rd_le64(&r);
	req->file_id_persistent = tsmb_rd_le64(&r);
	req->file_id_volatile = tsmb_rd_le64(&r);
	req->minimum_count = tsmb_rd_le32(&r);
	req->channel = tsmb_rd_le32(&r);
	req->remaining_bytes = tsmb_rd_le32(&r);
	ci_off = tsmb_rd_le16(&r);
	req->channel_info_len = tsmb_rd_le16(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (req->channel_info_len) {
		/* 3.3.5.12: the channel information lies in the Buffer field */
		if (!tsmb_buf_in_msg(len, SMB2_HDR_SIZE + READ_REQ_FIXED, ci_off,
				     req->channel_info_len))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		req->channel_info = msg + ci_off;
	}
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_read_rsp_encode(struct tsmb_wr *w, uint32_t data_len)
{
	tsmb_wr_le16(w, SMB2_READ_RSP_SIZE);
	tsmb_wr_u8(w, SMB2_READ_RSP_DATA_OFFSET);
	tsmb_wr_u8(w, 0);		/* Reserved */
	tsmb_wr_le32(w, data_len);
	tsmb_wr_le32(w, 0);		/* DataRemaining */
	tsmb_wr_le32(w, 0);		/* Flags (3.1.1) / Reserved2 */
	if (!data_len)
		tsmb_wr_u8(w, 0);
}
