// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/tree_connect.h"

#include "core/wire/smb2.h"

struct tsmb_status tsmb_tree_connect_req_decode(const uint8_t *msg, size_t len,
						struct tsmb_tree_connect_req *req)
{
	struct tsmb_rd r;
	uint16_t off, plen;

	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != 9)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->flags = tsmb_rd_le16(&r);
	off = tsmb_rd_le16(&r);
	plen = tsmb_rd_le16(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/*
	 * 3.1.1's extension (flag 0x4) puts the path behind a tree connect
	 * context block; PathOffset then counts from the extension. Clients
	 * send it only for redirection or remoted identity, neither of which
	 * a server without clustering supports.
	 */
	if (req->flags & SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	if (!plen || (plen & 1) || !tsmb_buf_in_msg(len, SMB2_HDR_SIZE + 8, off, plen))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->path = msg + off;
	req->path_len = plen;
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_tree_connect_rsp_encode(struct tsmb_wr *w, const struct tsmb_tree_connect_rsp *rsp)
{
	tsmb_wr_le16(w, 16);
	tsmb_wr_u8(w, rsp->share_type);
	tsmb_wr_u8(w, 0);
	tsmb_wr_le32(w, rsp->share_flags);
	tsmb_wr_le32(w, rsp->capabilities);
	tsmb_wr_le32(w, rsp->max_access);
}
