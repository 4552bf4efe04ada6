// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/query_info.h"

#include "core/wire/smb2.h"

#define QI_BUFFER_OFF	(SMB2_HDR_SIZE + SMB2_QUERY_INFO_REQ_SIZE - 1)

static bool has_nul(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!p[i])
			return true;
	return false;
}

/* [MS-SMB2] 2.2.37 */
struct tsmb_status tsmb_query_info_req_decode(const uint8_t *msg, size_t len,
					      struct tsmb_query_info_req *q)
{
	struct tsmb_rd r;
	uint16_t in_off;

	tsmb_memset(q, 0, sizeof(*q));
	if (len < SMB2_HDR_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != SMB2_QUERY_INFO_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	q->info_type = tsmb_rd_u8(&r);
	q->info_class = tsmb_rd_u8(&r);
	q->out_len = tsmb_rd_le32(&r);
	in_off = tsmb_rd_le16(&r);
	tsmb_rd_skip(&r, 2);		/* Reserved */
	q->in_len = tsmb_rd_le32(&r);
	q->addl_info = tsmb_rd_le32(&r);
	q->flags = tsmb_rd_le32(&r);
	q->persistent = tsmb_rd_le64(&r);
	q->volatile_id = tsmb_rd_le64(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!q->in_len)
		return TSMB_ST(STATUS_SUCCESS);
	if (!tsmb_buf_in_msg(len, QI_BUFFER_OFF, in_off, q->in_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	q->in = msg + in_off;
	return TSMB_ST(STATUS_SUCCESS);
}

/* [MS-SMB2] 2.2.38 */
void tsmb_query_info_rsp_encode(struct tsmb_wr *w, uint32_t out_len)
{
	tsmb_wr_le16(w, SMB2_QUERY_INFO_RSP_SIZE);
	tsmb_wr_le16(w, SMB2_HDR_SIZE + SMB2_QUERY_INFO_RSP_FIXED);
	tsmb_wr_le32(w, out_len);
}

void tsmb_get_ea_iter_init(struct tsmb_get_ea_iter *it, const uint8_t *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->off = 0;
	it->done = len == 0;
}

/*
 * [MS-FSCC] 2.4.15.1 FILE_GET_EA_INFORMATION: NextEntryOffset (4),
 * EaNameLength (1), EaName with its NUL terminator.
 */
int tsmb_get_ea_next(struct tsmb_get_ea_iter *it, struct tsmb_get_ea *ea)
{
	struct tsmb_rd r;
	uint32_t next;
	const uint8_t *name;

	if (it->done)
		return 0;
	tsmb_rd_init(&r, it->buf + it->off, it->len - it->off);
	next = tsmb_rd_le32(&r);
	ea->name_len = tsmb_rd_u8(&r);
	name = tsmb_rd_take(&r, (size_t)ea->name_len + 1);
	if (!name || !ea->name_len || name[ea->name_len] != 0)
		return -1;
	if (has_nul(name, ea->name_len))
		return -1;
	ea->name = (const char *)name;
	if (!next) {
		it->done = true;
		return 1;
	}
	if ((next & 3) || next < r.off || next >= it->len - it->off)
		return -1;
	it->off += next;
	return 1;
}
