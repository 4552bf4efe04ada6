/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SMB2 READ request and response ([MS-SMB2] 2.2.19, 2.2.20). */
#ifndef TSMB_CORE_WIRE_READ_H
#define TSMB_CORE_WIRE_READ_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_READ_REQ_SIZE	49
#define SMB2_READ_RSP_SIZE	17
/* The response's data follows its 16-byte fixed part: header + 16. */
#define SMB2_READ_RSP_DATA_OFFSET	(SMB2_HDR_SIZE + 16)

/* 2.2.19 Flags */
#define SMB2_READFLAG_READ_UNBUFFERED		0x01
#define SMB2_READFLAG_REQUEST_COMPRESSED	0x02

struct tsmb_read_req {
	uint8_t flags;
	uint32_t length;
	uint64_t offset;
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
	uint32_t minimum_count;
	uint32_t channel;
	uint32_t remaining_bytes;
	const uint8_t *channel_info;	/* NULL when ReadChannelInfoLength is 0 */
	uint16_t channel_info_len;
};

/*
 * msg/len is this request, header included (ReadChannelInfoOffset counts
 * from the header). STATUS_INVALID_PARAMETER if malformed, including
 * channel information that does not lie in the request after the fixed
 * part. Length, Offset and Channel are the handler's to judge.
 */
struct tsmb_status tsmb_read_req_decode(const uint8_t *msg, size_t len,
					struct tsmb_read_req *req);

/*
 * The response's fixed part for data_len bytes of data, which the caller
 * puts right after it (in w, or as the request's extra payload). With no
 * data at all, encodes the one buffer byte StructureSize 17 promises.
 */
void tsmb_read_rsp_encode(struct tsmb_wr *w, uint32_t data_len);

#endif /* TSMB_CORE_WIRE_READ_H */
