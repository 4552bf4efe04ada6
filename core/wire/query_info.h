/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB2 QUERY_INFO request and response ([MS-SMB2] 2.2.37, 2.2.38), and
 * the FILE_GET_EA_INFORMATION list a FileFullEaInformation query may
 * carry in its input buffer ([MS-FSCC] 2.4.15.1).
 */
#ifndef TSMB_CORE_WIRE_QUERY_INFO_H
#define TSMB_CORE_WIRE_QUERY_INFO_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"

#define SMB2_QUERY_INFO_REQ_SIZE	41
#define SMB2_QUERY_INFO_RSP_SIZE	9
#define SMB2_QUERY_INFO_RSP_FIXED	8

/* 2.2.37 Flags (for FileFullEaInformation) */
#define SL_RESTART_SCAN			0x00000001u
#define SL_RETURN_SINGLE_ENTRY		0x00000002u
#define SL_INDEX_SPECIFIED		0x00000004u

/* 2.2.37 AdditionalInformation for SMB2_0_INFO_SECURITY */
#define OWNER_SECURITY_INFORMATION	0x00000001u
#define GROUP_SECURITY_INFORMATION	0x00000002u
#define DACL_SECURITY_INFORMATION	0x00000004u
#define SACL_SECURITY_INFORMATION	0x00000008u
#define LABEL_SECURITY_INFORMATION	0x00000010u
#define ATTRIBUTE_SECURITY_INFORMATION	0x00000020u
#define SCOPE_SECURITY_INFORMATION	0x00000040u
#define BACKUP_SECURITY_INFORMATION	0x00010000u

struct tsmb_query_info_req {
	uint8_t info_type;
	uint8_t info_class;
	uint32_t out_len;		/* OutputBufferLength */
	const uint8_t *in;		/* input buffer inside the message, or NULL */
	uint32_t in_len;
	uint32_t addl_info;		/* AdditionalInformation */
	uint32_t flags;
	uint64_t persistent;
	uint64_t volatile_id;
};

/*
 * Decodes msg[0..len), header included (InputBufferOffset counts from the
 * header). STATUS_INVALID_PARAMETER when short or when the input buffer
 * lies outside the message or over the fixed part.
 */
struct tsmb_status tsmb_query_info_req_decode(const uint8_t *msg, size_t len,
					      struct tsmb_query_info_req *q);
/* The response's fixed part for out_len bytes of data right after it. */
void tsmb_query_info_rsp_encode(struct tsmb_wr *w, uint32_t out_len);

/* One name of a FILE_GET_EA_INFORMATION list. */
struct tsmb_get_ea {
	const char *name;		/* not NUL-terminated */
	uint8_t name_len;
};

struct tsmb_get_ea_iter {
	const uint8_t *buf;
	size_t len;
	size_t off;
	bool done;
};

void tsmb_get_ea_iter_init(struct tsmb_get_ea_iter *it, const uint8_t *buf, size_t len);
/*
 * The next name: 1 with *ea filled, 0 at the end, -1 when the list is
 * inconsistent (an entry or its NextEntryOffset runs past the buffer, a
 * name is empty or not NUL-terminated, NextEntryOffset not 4-aligned).
 */
int tsmb_get_ea_next(struct tsmb_get_ea_iter *it, struct tsmb_get_ea *ea);

#endif /* TSMB_CORE_WIRE_QUERY_INFO_H */
