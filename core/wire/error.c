// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/error.h"

void tsmb_error_rsp_encode(struct tsmb_wr *w)
{
	tsmb_wr_le16(w, SMB2_ERROR_RSP_SIZE);
	tsmb_wr_u8(w, 0);	/* ErrorContextCount */
	tsmb_wr_u8(w, 0);	/* Reserved */
	tsmb_wr_le32(w, 0);	/* ByteCount */
	/* StructureSize 9 counts one byte of ErrorData, sent even when empty. */
	tsmb_wr_u8(w, 0);
}

void tsmb_error_rsp_encode_data(struct tsmb_wr *w, const uint8_t *data, uint32_t len)
{
	if (!len) {
		tsmb_error_rsp_encode(w);
		return;
	}
	tsmb_wr_le16(w, SMB2_ERROR_RSP_SIZE);
	tsmb_wr_u8(w, 0);
	tsmb_wr_u8(w, 0);
	tsmb_wr_le32(w, len);
	tsmb_wr_bytes(w, data, len);
}
