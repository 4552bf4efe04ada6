// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/set_info.h"

#include "core/wire/smb2.h"

#define SI_BUFFER_OFF	(SMB2_HDR_SIZE + SMB2_SET_INFO_REQ_SIZE - 1)

/* [MS-SMB2] 2.2.39 */
struct tsmb_status tsmb_set_info_req_decode(const uint8_t *msg, size_t len,
					    struct tsmb_set_info_req *s)
{
	struct tsmb_rd r;
	uint16_t off;

	tsmb_memset(s, 0, sizeof(*s));
	if (len < SMB2_HDR_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != SMB2_SET_INFO_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	s->info_type = tsmb_rd_u8(&r);
	s->info_class = tsmb_rd_u8(&r);
	s->buf_len = tsmb_rd_le32(&r);
	off = tsmb_rd_le16(&r);
	tsmb_rd_skip(&r, 2);		/* Reserved */
	s->addl_info = tsmb_rd_le32(&r);
	s->persistent = tsmb_rd_le64(&r);
	s->volatile_id = tsmb_rd_le64(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!s->buf_len)
		return TSMB_ST(STATUS_SUCCESS);
	if (!tsmb_buf_in_msg(len, SI_BUFFER_OFF, off, s->buf_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	s->buf = msg + off;
	return TSMB_ST(STATUS_SUCCESS);
}

/* [MS-SMB2] 2.2.40 */
void tsmb_set_info_rsp_encode(struct tsmb_wr *w)
{
	tsmb_wr_le16(w, SMB2_SET_INFO_RSP_SIZE);
}

/* [MS-FSCC] 2.4.7 */
struct tsmb_status tsmb_basic_info_decode(const uint8_t *buf, size_t len,
					  struct tsmb_basic_info *bi)
{
	struct tsmb_rd r;

	if (len < TSMB_BASIC_INFO_SIZE)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	tsmb_rd_init(&r, buf, len);
	bi->creation = (int64_t)tsmb_rd_le64(&r);
	bi->last_access = (int64_t)tsmb_rd_le64(&r);
	bi->last_write = (int64_t)tsmb_rd_le64(&r);
	bi->change = (int64_t)tsmb_rd_le64(&r);
	bi->attrs = tsmb_rd_le32(&r);
	/* [MS-FSA] 2.1.5.14.2: -1 and -2 are requests, anything lower is nonsense */
	if (bi->creation < -2 || bi->last_access < -2 || bi->last_write < -2 || bi->change < -2)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

/* [MS-FSCC] 2.4.42.2 FILE_RENAME_INFORMATION_TYPE_2 */
struct tsmb_status tsmb_rename_info_decode(const uint8_t *buf, size_t len,
					   struct tsmb_rename_info *ri)
{
	struct tsmb_rd r;

	tsmb_memset(ri, 0, sizeof(*ri));
	if (len < TSMB_RENAME_INFO_FIXED)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	tsmb_rd_init(&r, buf, len);
	ri->replace = tsmb_rd_u8(&r) != 0;
	tsmb_rd_skip(&r, 7);		/* Reserved */
	ri->root_dir = tsmb_rd_le64(&r);
	ri->name_len = tsmb_rd_le32(&r);
	if (ri->root_dir || !ri->name_len || (ri->name_len & 1) ||
	    ri->name_len > len - TSMB_RENAME_INFO_FIXED)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	ri->name = tsmb_rd_take(&r, ri->name_len);
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_full_ea_iter_init(struct tsmb_full_ea_iter *it, const uint8_t *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->off = 0;
	it->done = len == 0;
}

/* [MS-FSCC] 2.4.15 FILE_FULL_EA_INFORMATION */
int tsmb_full_ea_next(struct tsmb_full_ea_iter *it, struct tsmb_full_ea *ea)
{
	const uint8_t *name;
	struct tsmb_rd r;
	uint32_t next;

	if (it->done)
		return 0;
	tsmb_rd_init(&r, it->buf + it->off, it->len - it->off);
	next = tsmb_rd_le32(&r);
	ea->flags = tsmb_rd_u8(&r);
	ea->name_len = tsmb_rd_u8(&r);
	ea->value_len = tsmb_rd_le16(&r);
	name = tsmb_rd_take(&r, (size_t)ea->name_len + 1);
	ea->value = tsmb_rd_take(&r, ea->value_len);
	if (!tsmb_rd_ok(&r) || name[ea->name_len] != 0)
		return -1;
	ea->name = (const char *)name;
	if (!next) {
		it->done = true;
		return 1;
	}
	/* the next entry starts 4-aligned, after this one, inside the buffer */
	if ((next & 3) || next < r.off || next >= it->len - it->off)
		return -1;
	it->off += next;
	return 1;
}

bool tsmb_ea_name_valid(const char *name, size_t len)
{
	static const char reserved[] = "\"*+,/:;<=>?[\\]|";
	size_t i, j;

	if (!len || len > 255)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c >= 0x7f)
			return false;
		for (j = 0; j < sizeof(reserved) - 1; j++)
			if (c == (unsigned char)reserved[j])
				return false;
	}
	return true;
}
