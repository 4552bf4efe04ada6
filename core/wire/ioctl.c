// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SMB2 IOCTL: [MS-SMB2] 2.2.31 (request), 2.2.32 (response), 2.2.31.4 and
 * 2.2.32.6 (VALIDATE_NEGOTIATE_INFO), [MS-FSCC] 2.3.32 and 2.3.85 (file
 * ranges).
 */
#include "core/wire/ioctl.h"

#define IOCTL_REQ_FIXED	56	/* the request before its Buffer */

struct tsmb_status tsmb_ioctl_req_decode(const uint8_t *msg, size_t len,
					 struct tsmb_ioctl_req *req)
{
	uint32_t in_off, out_off;
	struct tsmb_rd r;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != SMB2_IOCTL_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_rd_skip(&r, 2);		/* Reserved */
	req->ctl_code = tsmb_rd_le32(&r);
	req->file_id_persistent = tsmb_rd_le64(&r);
	req->file_id_volatile = tsmb_rd_le64(&r);
	in_off = tsmb_rd_le32(&r);
	req->input_count = tsmb_rd_le32(&r);
	req->max_input_response = tsmb_rd_le32(&r);
	out_off = tsmb_rd_le32(&r);
	req->output_count = tsmb_rd_le32(&r);
	req->max_output_response = tsmb_rd_le32(&r);
	req->flags = tsmb_rd_le32(&r);
	tsmb_rd_skip(&r, 4);		/* Reserved2 */
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* 3.3.5.15: the buffers must be where the request says */
	if (req->input_count) {
		if (!tsmb_buf_in_msg(len, SMB2_HDR_SIZE + IOCTL_REQ_FIXED, in_off, req->input_count))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		req->input = msg + in_off;
	}
	if (req->output_count && !tsmb_buf_in_msg(len, SMB2_HDR_SIZE + IOCTL_REQ_FIXED, out_off, req->output_count))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_ioctl_rsp_encode(struct tsmb_wr *w, const struct tsmb_ioctl_req *req,
			   uint32_t out_len)
{
	tsmb_wr_le16(w, SMB2_IOCTL_RSP_SIZE);
	tsmb_wr_le16(w, 0);		/* Reserved */
	tsmb_wr_le32(w, req->ctl_code);
	tsmb_wr_le64(w, req->file_id_persistent);
	tsmb_wr_le64(w, req->file_id_volatile);
	tsmb_wr_le32(w, SMB2_IOCTL_RSP_BUFFER_OFFSET);	/* InputOffset */
	tsmb_wr_le32(w, 0);				/* InputCount */
	/* OutputOffset: InputOffset + InputCount, 8-aligned */
	tsmb_wr_le32(w, SMB2_IOCTL_RSP_BUFFER_OFFSET);
	tsmb_wr_le32(w, out_len);
	tsmb_wr_le32(w, 0);		/* Flags */
	tsmb_wr_le32(w, 0);		/* Reserved2 */
	if (!out_len)
		tsmb_wr_u8(w, 0);
}

struct tsmb_status tsmb_validate_negotiate_decode(const uint8_t *in, size_t len,
						  struct tsmb_validate_negotiate *vn)
{
	struct tsmb_rd r;

	tsmb_memset(vn, 0, sizeof(*vn));
	tsmb_rd_init(&r, in, len);
	vn->capabilities = tsmb_rd_le32(&r);
	tsmb_rd_bytes(&r, vn->guid, sizeof(vn->guid));
	vn->security_mode = tsmb_rd_le16(&r);
	vn->dialect_count = tsmb_rd_le16(&r);
	vn->dialects = tsmb_rd_take(&r, 2u * vn->dialect_count);
	if (!tsmb_rd_ok(&r) || !vn->dialect_count) {
		vn->dialects = NULL;
		vn->dialect_count = 0;
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	}
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_validate_negotiate_rsp_encode(struct tsmb_wr *w, uint32_t capabilities,
					const uint8_t guid[16], uint16_t security_mode,
					uint16_t dialect)
{
	tsmb_wr_le32(w, capabilities);
	tsmb_wr_bytes(w, guid, 16);
	tsmb_wr_le16(w, security_mode);
	tsmb_wr_le16(w, dialect);
}

struct tsmb_status tsmb_file_range_decode(const uint8_t *in, size_t len,
					  struct tsmb_file_range *r)
{
	struct tsmb_rd rd;

	tsmb_rd_init(&rd, in, len);
	r->offset = tsmb_rd_le64(&rd);
	r->length = tsmb_rd_le64(&rd);
	if (!tsmb_rd_ok(&rd))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_file_range_encode(struct tsmb_wr *w, const struct tsmb_file_range *r)
{
	tsmb_wr_le64(w, r->offset);
	tsmb_wr_le64(w, r->length);
}
