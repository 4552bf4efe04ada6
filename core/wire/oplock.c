// SPDX-License-Identifier: GPL-2.0-or-later
/* SMB2 OPLOCK_BREAK: [MS-SMB2] 2.2.23.1, 2.2.24.1, 2.2.25.1. */
#include "core/wire/oplock.h"

struct tsmb_status tsmb_oplock_ack_decode(const uint8_t *body, size_t len,
					  struct tsmb_oplock_break *ack)
{
	struct tsmb_rd r;
	uint16_t size;

	tsmb_memset(ack, 0, sizeof(*ack));
	tsmb_rd_init(&r, body, len);
	size = tsmb_rd_le16(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* 3.3.5.22.2: leases are not granted here, so none can be acknowledged */
	if (size == SMB2_LEASE_BREAK_ACK_SIZE)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	if (size != SMB2_OPLOCK_BREAK_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	ack->oplock_level = tsmb_rd_u8(&r);
	tsmb_rd_skip(&r, 1 + 4);	/* Reserved, Reserved2: ignored on receipt */
	ack->file_id_persistent = tsmb_rd_le64(&r);
	ack->file_id_volatile = tsmb_rd_le64(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_oplock_break_encode(struct tsmb_wr *w, const struct tsmb_oplock_break *b)
{
	tsmb_wr_le16(w, SMB2_OPLOCK_BREAK_SIZE);
	tsmb_wr_u8(w, b->oplock_level);
	tsmb_wr_u8(w, 0);		/* Reserved */
	tsmb_wr_le32(w, 0);		/* Reserved2 */
	tsmb_wr_le64(w, b->file_id_persistent);
	tsmb_wr_le64(w, b->file_id_volatile);
}
