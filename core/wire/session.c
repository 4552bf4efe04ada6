// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/session.h"

#include "core/wire/smb2.h"

struct tsmb_status tsmb_session_setup_req_decode(const uint8_t *msg, size_t len,
						 struct tsmb_session_setup_req *req)
{
	struct tsmb_rd r;
	uint16_t off, blen;

	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != 25)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->flags = tsmb_rd_u8(&r);
	req->security_mode = tsmb_rd_u8(&r);
	req->capabilities = tsmb_rd_le32(&r);
	tsmb_rd_skip(&r, 4);			/* Channel: 0 */
	off = tsmb_rd_le16(&r);
	blen = tsmb_rd_le16(&r);
	req->previous_session_id = tsmb_rd_le64(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->blob = NULL;
	req->blob_len = 0;
	if (!blen)
		return TSMB_ST(STATUS_SUCCESS);
	/* The buffer comes after the fixed part, inside this message. */
	if (!tsmb_buf_in_msg(len, SMB2_HDR_SIZE + 24, off, blen))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->blob = msg + off;
	req->blob_len = blen;
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_session_setup_rsp_encode(struct tsmb_wr *w, size_t hdr_off, uint16_t session_flags,
				   const uint8_t *blob, size_t blob_len)
{
	tsmb_wr_le16(w, 9);
	tsmb_wr_le16(w, session_flags);
	tsmb_wr_le16(w, blob_len ? (uint16_t)(w->off + 4 - hdr_off) : 0);
	tsmb_wr_le16(w, (uint16_t)blob_len);
	if (blob_len)
		tsmb_wr_bytes(w, blob, blob_len);
	else
		tsmb_wr_u8(w, 0);	/* the variable part counts one byte */
}

bool tsmb_empty4_req_decode(const uint8_t *body, size_t len)
{
	struct tsmb_rd r;

	tsmb_rd_init(&r, body, len);
	if (tsmb_rd_le16(&r) != 4)
		return false;
	tsmb_rd_skip(&r, 2);
	return tsmb_rd_ok(&r);
}

void tsmb_empty4_rsp_encode(struct tsmb_wr *w)
{
	tsmb_wr_le16(w, 4);
	tsmb_wr_le16(w, 0);
}
