// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 2.2.41 SMB2 TRANSFORM_HEADER; checks of 3.3.5.2.1.1. */
#include "core/wire/transform.h"

bool tsmb_transform_decode(const uint8_t *buf, size_t len, struct tsmb_transform_hdr *th)
{
	struct tsmb_rd r;

	/* A header alone, with no message behind it, is refused too. */
	if (len <= SMB2_TRANSFORM_HDR_SIZE)
		return false;
	tsmb_rd_init(&r, buf, len);
	if (tsmb_rd_le32(&r) != SMB2_TRANSFORM_PROTO_ID)
		return false;
	tsmb_rd_bytes(&r, th->signature, sizeof(th->signature));
	tsmb_rd_bytes(&r, th->nonce, sizeof(th->nonce));
	th->original_size = tsmb_rd_le32(&r);
	th->reserved = tsmb_rd_le16(&r);
	th->flags = tsmb_rd_le16(&r);
	th->session_id = tsmb_rd_le64(&r);
	if (!tsmb_rd_ok(&r))
		return false;
	/* One encrypted message per transform: the size covers the rest exactly. */
	if (th->original_size != tsmb_rd_left(&r))
		return false;
	return th->flags == SMB2_TRANSFORM_FLAG_ENCRYPTED && th->session_id != 0;
}

void tsmb_transform_encode(struct tsmb_wr *w, const struct tsmb_transform_hdr *th)
{
	tsmb_wr_le32(w, SMB2_TRANSFORM_PROTO_ID);
	tsmb_wr_bytes(w, th->signature, sizeof(th->signature));
	tsmb_wr_bytes(w, th->nonce, sizeof(th->nonce));
	tsmb_wr_le32(w, th->original_size);
	tsmb_wr_le16(w, th->reserved);
	tsmb_wr_le16(w, th->flags);
	tsmb_wr_le64(w, th->session_id);
}
