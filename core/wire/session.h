/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SESSION_SETUP and LOGOFF requests and responses ([MS-SMB2] 2.2.5 - 2.2.8). */
#ifndef TSMB_CORE_WIRE_SESSION_H
#define TSMB_CORE_WIRE_SESSION_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"

#define SMB2_SESSION_FLAG_BINDING	0x01

/* SessionFlags of the response */
#define SMB2_SESSION_FLAG_IS_GUEST	0x0001
#define SMB2_SESSION_FLAG_IS_NULL	0x0002
#define SMB2_SESSION_FLAG_ENCRYPT_DATA	0x0004

struct tsmb_session_setup_req {
	uint8_t flags;
	uint8_t security_mode;
	uint32_t capabilities;
	const uint8_t *blob;		/* into the message */
	uint16_t blob_len;
	uint64_t previous_session_id;
};

/*
 * msg/len is the whole SMB2 message: SecurityBufferOffset counts from the
 * header. STATUS_INVALID_PARAMETER when the buffer is outside the message.
 */
struct tsmb_status tsmb_session_setup_req_decode(const uint8_t *msg, size_t len,
						 struct tsmb_session_setup_req *req);
/* The body after the 64-byte header; w's offset 0 must be the header's start. */
void tsmb_session_setup_rsp_encode(struct tsmb_wr *w, size_t hdr_off, uint16_t session_flags,
				   const uint8_t *blob, size_t blob_len);

/* LOGOFF, TREE_DISCONNECT: StructureSize 4 and a reserved field. */
bool tsmb_empty4_req_decode(const uint8_t *body, size_t len);
void tsmb_empty4_rsp_encode(struct tsmb_wr *w);

#endif /* TSMB_CORE_WIRE_SESSION_H */
