/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SMB2 FLUSH request and response ([MS-SMB2] 2.2.17, 2.2.18). */
#ifndef TSMB_CORE_WIRE_FLUSH_H
#define TSMB_CORE_WIRE_FLUSH_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_FLUSH_REQ_SIZE	24
#define SMB2_FLUSH_RSP_SIZE	4

struct tsmb_flush_req {
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
};

/* body/len: the request after the header. STATUS_INVALID_PARAMETER if malformed. */
struct tsmb_status tsmb_flush_req_decode(const uint8_t *body, size_t len,
					 struct tsmb_flush_req *req);
void tsmb_flush_rsp_encode(struct tsmb_wr *w);

#endif /* TSMB_CORE_WIRE_FLUSH_H */
