/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SMB2 packet header ([MS-SMB2] 2.2.1), sync and async forms. */
#ifndef TSMB_CORE_WIRE_HDR_H
#define TSMB_CORE_WIRE_HDR_H

#include "core/lib/cursor.h"
#include "core/wire/smb2.h"

struct tsmb_hdr {
	uint16_t structure_size;
	uint16_t credit_charge;
	uint32_t status;	/* responses; ChannelSequence/Reserved in requests */
	uint16_t command;
	uint16_t credits;	/* CreditRequest / CreditResponse */
	uint32_t flags;
	uint32_t next_command;
	uint64_t message_id;
	uint64_t async_id;	/* SMB2_FLAGS_ASYNC_COMMAND */
	uint32_t process_id;	/* sync form */
	uint32_t tree_id;	/* sync form */
	uint64_t session_id;
	uint8_t signature[16];
};

/*
 * Decodes the 64-byte header at the start of buf. False if buf is shorter
 * than a header or the protocol id is not 0xFE 'SMB'. The structure size
 * is returned as read; the caller decides what a wrong one means.
 */
bool tsmb_hdr_decode(const uint8_t *buf, size_t len, struct tsmb_hdr *h);
void tsmb_hdr_encode(struct tsmb_wr *w, const struct tsmb_hdr *h);

/*
 * Minimum body length of a request, from its StructureSize ([MS-SMB2]
 * 2.2.x): an odd StructureSize counts one byte of a variable buffer that
 * may be empty. Returns 0 for a command code the protocol does not define.
 */
uint16_t tsmb_hdr_req_structure_size(uint16_t command);
/* "NEGOTIATE", ... for logs; never NULL. */
const char *tsmb_hdr_command_name(uint16_t command);

#endif /* TSMB_CORE_WIRE_HDR_H */
