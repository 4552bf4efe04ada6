/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SMB2 QUERY_DIRECTORY request and response ([MS-SMB2] 2.2.33, 2.2.34). */
#ifndef TSMB_CORE_WIRE_QUERY_DIRECTORY_H
#define TSMB_CORE_WIRE_QUERY_DIRECTORY_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"

/* 2.2.33 Flags */
#define SMB2_RESTART_SCANS		0x01
#define SMB2_RETURN_SINGLE_ENTRY	0x02
#define SMB2_INDEX_SPECIFIED		0x04
#define SMB2_REOPEN			0x10

#define SMB2_QUERY_DIRECTORY_REQ_SIZE	33
#define SMB2_QUERY_DIRECTORY_RSP_SIZE	9
/* The response's fixed part; the entries follow it. */
#define SMB2_QUERY_DIRECTORY_RSP_FIXED	8

struct tsmb_query_dir_req {
	uint8_t info_class;
	uint8_t flags;
	uint32_t file_index;
	uint64_t persistent;
	uint64_t volatile_id;
	const uint8_t *pattern;		/* UTF-16LE inside the message; NULL when empty */
	uint16_t pattern_len;		/* bytes */
	uint32_t out_len;		/* OutputBufferLength */
};

/*
 * Decodes the request msg[0..len), header included (FileNameOffset counts
 * from the header). STATUS_INVALID_PARAMETER when the structure is short,
 * the name lies outside the message or over the fixed part, or has an odd
 * length.
 */
struct tsmb_status tsmb_query_dir_req_decode(const uint8_t *msg, size_t len,
					     struct tsmb_query_dir_req *q);
/* The response's fixed part for out_len bytes of entries right after it. */
void tsmb_query_dir_rsp_encode(struct tsmb_wr *w, uint32_t out_len);

#endif /* TSMB_CORE_WIRE_QUERY_DIRECTORY_H */
