/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SMB2 CLOSE request and response ([MS-SMB2] 2.2.15, 2.2.16). */
#ifndef TSMB_CORE_WIRE_CLOSE_H
#define TSMB_CORE_WIRE_CLOSE_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_CLOSE_REQ_SIZE	24
#define SMB2_CLOSE_RSP_SIZE	60

#define SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB	0x0001

struct tsmb_close_req {
	uint16_t flags;
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
};

/* body/len: the request after the header. STATUS_INVALID_PARAMETER if malformed. */
struct tsmb_status tsmb_close_req_decode(const uint8_t *body, size_t len,
					 struct tsmb_close_req *req);

struct tsmb_close_rsp {
	uint16_t flags;			/* POSTQUERY_ATTRIB: the fields below are valid */
	uint64_t creation_time;
	uint64_t last_access_time;
	uint64_t last_write_time;
	uint64_t change_time;
	uint64_t allocation_size;
	uint64_t end_of_file;
	uint32_t file_attributes;
};

/* Without POSTQUERY_ATTRIB in flags the attribute fields are sent as zeros. */
void tsmb_close_rsp_encode(struct tsmb_wr *w, const struct tsmb_close_rsp *rsp);

#endif /* TSMB_CORE_WIRE_CLOSE_H */
