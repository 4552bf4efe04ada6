/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB2 OPLOCK_BREAK ([MS-SMB2] 2.2.23.1 notification, 2.2.24.1
 * acknowledgment, 2.2.25.1 response): one 24-byte layout for all three.
 */
#ifndef TSMB_CORE_WIRE_OPLOCK_H
#define TSMB_CORE_WIRE_OPLOCK_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_OPLOCK_BREAK_SIZE		24
/* 2.2.24.2: a lease break acknowledgment, which a server without leasing refuses */
#define SMB2_LEASE_BREAK_ACK_SIZE	36

struct tsmb_oplock_break {
	uint8_t oplock_level;
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
};

/*
 * body/len: the acknowledgment after the header. STATUS_NOT_SUPPORTED for
 * a lease break acknowledgment, STATUS_INVALID_PARAMETER if malformed.
 */
struct tsmb_status tsmb_oplock_ack_decode(const uint8_t *body, size_t len,
					  struct tsmb_oplock_break *ack);
/* The notification or the response to an acknowledgment. */
void tsmb_oplock_break_encode(struct tsmb_wr *w, const struct tsmb_oplock_break *b);

#endif /* TSMB_CORE_WIRE_OPLOCK_H */
