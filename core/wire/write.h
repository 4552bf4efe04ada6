/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SMB2 WRITE request and response ([MS-SMB2] 2.2.21, 2.2.22). */
#ifndef TSMB_CORE_WIRE_WRITE_H
#define TSMB_CORE_WIRE_WRITE_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_WRITE_REQ_SIZE	49
#define SMB2_WRITE_RSP_SIZE	17

/* 2.2.21 Flags */
#define SMB2_WRITEFLAG_WRITE_THROUGH	0x00000001u
#define SMB2_WRITEFLAG_WRITE_UNBUFFERED	0x00000002u

struct tsmb_write_req {
	const uint8_t *data;		/* Length bytes inside the request; NULL if 0 */
	uint32_t length;
	uint64_t offset;
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
	uint32_t channel;
	uint32_t remaining_bytes;
	const uint8_t *channel_info;	/* NULL when WriteChannelInfoLength is 0 */
	uint16_t channel_info_len;
	uint32_t flags;
};

/*
 * msg/len is this request, header included (DataOffset and
 * WriteChannelInfoOffset count from the header). STATUS_INVALID_PARAMETER
 * if malformed: data or channel information that does not lie in the
 * request after the fixed part ([MS-SMB2] 3.3.5.13).
 */
struct tsmb_status tsmb_write_req_decode(const uint8_t *msg, size_t len,
					 struct tsmb_write_req *req);

/* count: bytes written. */
void tsmb_write_rsp_encode(struct tsmb_wr *w, uint32_t count);

#endif /* TSMB_CORE_WIRE_WRITE_H */
