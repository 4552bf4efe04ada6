/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB2 CREATE request and response ([MS-SMB2] 2.2.13, 2.2.14) and their
 * create contexts (2.2.13.2, 2.2.14.2).
 */
#ifndef TSMB_CORE_WIRE_CREATE_H
#define TSMB_CORE_WIRE_CREATE_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_CREATE_REQ_SIZE	57
#define SMB2_CREATE_RSP_SIZE	89

/* 2.2.13 RequestedOplockLevel / 2.2.14 OplockLevel */
#define SMB2_OPLOCK_LEVEL_NONE		0x00
#define SMB2_OPLOCK_LEVEL_II		0x01
#define SMB2_OPLOCK_LEVEL_EXCLUSIVE	0x08
#define SMB2_OPLOCK_LEVEL_BATCH		0x09
#define SMB2_OPLOCK_LEVEL_LEASE		0xFF

/* 2.2.13 ImpersonationLevel: Anonymous .. Delegate */
#define SMB2_IMPERSONATION_DELEGATE	3

/* 2.2.14 Flags */
#define SMB2_CREATE_FLAG_REPARSEPOINT	0x01

/* 2.2.13.2 create context names (four-byte tags) */
#define SMB2_CREATE_EA_BUFFER			"ExtA"
#define SMB2_CREATE_SD_BUFFER			"SecD"
#define SMB2_CREATE_DURABLE_HANDLE_REQUEST	"DHnQ"
#define SMB2_CREATE_DURABLE_HANDLE_RECONNECT	"DHnC"
#define SMB2_CREATE_ALLOCATION_SIZE		"AlSi"
#define SMB2_CREATE_QUERY_MAXIMAL_ACCESS	"MxAc"
#define SMB2_CREATE_TIMEWARP_TOKEN		"TWrp"
#define SMB2_CREATE_QUERY_ON_DISK_ID		"QFid"
#define SMB2_CREATE_REQUEST_LEASE		"RqLs"
#define SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2	"DH2Q"
#define SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2	"DH2C"

/* One create context; name and data point into the message. */
struct tsmb_create_ctx {
	const uint8_t *name;
	uint16_t name_len;
	const uint8_t *data;
	uint32_t data_len;
};

struct tsmb_create_req {
	uint8_t security_flags;
	uint8_t oplock_level;
	uint32_t impersonation_level;
	uint64_t smb_create_flags;
	uint32_t desired_access;
	uint32_t file_attributes;
	uint32_t share_access;
	uint32_t disposition;
	uint32_t options;
	const uint8_t *name;		/* UTF-16LE, NameLength bytes (even) */
	uint16_t name_len;
	/* the create context chain, validated: walk it with tsmb_create_ctx_next() */
	const uint8_t *ctx;
	uint32_t ctx_len;
	unsigned int nr_ctx;
};

/*
 * msg/len is this request, header included (offsets count from the
 * header). STATUS_INVALID_PARAMETER for anything 2.2.13 / 3.3.5.9 calls
 * malformed: a name outside the message or of odd length, a context chain
 * that leaves its area, a Next, NameOffset or DataOffset that is not
 * 8-byte aligned or points outside its context, a name shorter than four
 * bytes. The field values themselves are the handler's to judge.
 */
struct tsmb_status tsmb_create_req_decode(const uint8_t *msg, size_t len,
					  struct tsmb_create_req *req);

/* The next context of a decoded request: *pos starts at 0; false at the end. */
bool tsmb_create_ctx_next(const struct tsmb_create_req *req, uint32_t *pos,
			  struct tsmb_create_ctx *out);
/* The first context named tag (a four-byte name), if there is one. */
bool tsmb_create_ctx_find(const struct tsmb_create_req *req, const char *tag,
			  struct tsmb_create_ctx *out);

struct tsmb_create_rsp {
	uint8_t oplock_level;
	uint8_t flags;
	uint32_t create_action;
	uint64_t creation_time;
	uint64_t last_access_time;
	uint64_t last_write_time;
	uint64_t change_time;
	uint64_t allocation_size;
	uint64_t end_of_file;
	uint32_t file_attributes;
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
	const struct tsmb_create_ctx *ctx;	/* response contexts, in order */
	unsigned int nr_ctx;
};

/*
 * Encodes the body; w is positioned right after this response's 64-byte
 * header (8-byte aligned in its buffer), as for every response.
 */
void tsmb_create_rsp_encode(struct tsmb_wr *w, const struct tsmb_create_rsp *rsp);

#endif /* TSMB_CORE_WIRE_CREATE_H */
