/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TREE_CONNECT request and response ([MS-SMB2] 2.2.9, 2.2.10). */
#ifndef TSMB_CORE_WIRE_TREE_CONNECT_H
#define TSMB_CORE_WIRE_TREE_CONNECT_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"

#define SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT 0x0004

#define SMB2_SHARE_TYPE_DISK	0x01
#define SMB2_SHARE_TYPE_PIPE	0x02

/* ShareFlags */
#define SMB2_SHAREFLAG_MANUAL_CACHING		0x00000000u
#define SMB2_SHAREFLAG_NO_CACHING		0x00000030u
#define SMB2_SHAREFLAG_ENCRYPT_DATA		0x00008000u
/* Capabilities */
#define SMB2_SHARE_CAP_DFS			0x00000008u

struct tsmb_tree_connect_req {
	uint16_t flags;
	const uint8_t *path;		/* UTF-16LE "\\server\share", into the message */
	uint16_t path_len;
};

/* msg/len is the whole message: PathOffset counts from the header. */
struct tsmb_status tsmb_tree_connect_req_decode(const uint8_t *msg, size_t len,
						struct tsmb_tree_connect_req *req);

struct tsmb_tree_connect_rsp {
	uint8_t share_type;
	uint32_t share_flags;
	uint32_t capabilities;
	uint32_t max_access;
};

void tsmb_tree_connect_rsp_encode(struct tsmb_wr *w, const struct tsmb_tree_connect_rsp *rsp);

#endif /* TSMB_CORE_WIRE_TREE_CONNECT_H */
