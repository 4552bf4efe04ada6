// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/query_directory.h"

#include "core/wire/smb2.h"

/* Where the Buffer field starts: nothing may point into the fixed part. */
#define QD_BUFFER_OFF	(SMB2_HDR_SIZE + SMB2_QUERY_DIRECTORY_REQ_SIZE - 1)

/* [MS-SMB2] 2.2.33 */
struct tsmb_status tsmb_query_dir_req_decode(const uint8_t *msg, size_t len,
					     struct tsmb_query_dir_req *q)
{
	struct tsmb_rd r;
	uint16_t name_off;

	tsmb_memset(q, 0, sizeof(*q));
	if (len < SMB2_HDR_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != SMB2_QUERY_DIRECTORY_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	q->info_class = tsmb_rd_u8(&r);
	q->flags = tsmb_rd_u8(&r);
	q->file_index = tsmb_rd_le32(&r);
	q->persistent = tsmb_rd_le64(&r);
	q->volatile_id = tsmb_rd_le64(&r);
	name_off = tsmb_rd_le16(&r);
	q->pattern_len = tsmb_rd_le16(&r);
	q->out_len = tsmb_rd_le32(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* An empty name's offset means nothing ([MS-FSA] 2.1.5.6: empty is "*"). */
	if (!q->pattern_len)
		return TSMB_ST(STATUS_SUCCESS);
	if ((q->pattern_len & 1) || !tsmb_buf_in_msg(len, QD_BUFFER_OFF, name_off, q->pattern_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	q->pattern = msg + name_off;
	return TSMB_ST(STATUS_SUCCESS);
}

/* [MS-SMB2] 2.2.34 */
void tsmb_query_dir_rsp_encode(struct tsmb_wr *w, uint32_t out_len)
{
	tsmb_wr_le16(w, SMB2_QUERY_DIRECTORY_RSP_SIZE);
	tsmb_wr_le16(w, SMB2_HDR_SIZE + SMB2_QUERY_DIRECTORY_RSP_FIXED);
	tsmb_wr_le32(w, out_len);
}
