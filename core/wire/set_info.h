/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB2 SET_INFO request and response ([MS-SMB2] 2.2.39, 2.2.40) and the
 * input buffers of the file information classes that carry more than a
 * number: FILE_BASIC_INFORMATION ([MS-FSCC] 2.4.7), FILE_RENAME_INFORMATION
 * for SMB2 (2.4.42.2) and FILE_FULL_EA_INFORMATION lists (2.4.15).
 */
#ifndef TSMB_CORE_WIRE_SET_INFO_H
#define TSMB_CORE_WIRE_SET_INFO_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"

#define SMB2_SET_INFO_REQ_SIZE		33
#define SMB2_SET_INFO_RSP_SIZE		2

#define TSMB_BASIC_INFO_SIZE		40
#define TSMB_RENAME_INFO_FIXED		20	/* up to FileName */
#define TSMB_FULL_EA_FIXED		8	/* up to EaName */

/* [MS-FSCC] 2.4.15 Flags */
#define FILE_NEED_EA			0x80

struct tsmb_set_info_req {
	uint8_t info_type;
	uint8_t info_class;
	const uint8_t *buf;		/* inside the message, or NULL */
	uint32_t buf_len;
	uint32_t addl_info;
	uint64_t persistent;
	uint64_t volatile_id;
};

/*
 * Decodes msg[0..len), header included (BufferOffset counts from the
 * header). STATUS_INVALID_PARAMETER when short or when the buffer lies
 * outside the message or over the fixed part.
 */
struct tsmb_status tsmb_set_info_req_decode(const uint8_t *msg, size_t len,
					    struct tsmb_set_info_req *s);
void tsmb_set_info_rsp_encode(struct tsmb_wr *w);

struct tsmb_basic_info {
	int64_t creation;		/* FILETIMEs as sent: 0 and -1, -2 mean "leave" */
	int64_t last_access;
	int64_t last_write;
	int64_t change;
	uint32_t attrs;
};

/*
 * STATUS_INFO_LENGTH_MISMATCH when shorter than the structure,
 * STATUS_INVALID_PARAMETER for a time below -2 ([MS-FSA] 2.1.5.14.2).
 */
struct tsmb_status tsmb_basic_info_decode(const uint8_t *buf, size_t len,
					  struct tsmb_basic_info *bi);

struct tsmb_rename_info {
	bool replace;
	uint64_t root_dir;
	const uint8_t *name;		/* UTF-16LE inside buf */
	uint32_t name_len;
};

/*
 * STATUS_INFO_LENGTH_MISMATCH when shorter than the fixed part,
 * STATUS_INVALID_PARAMETER for a name that is empty, odd or longer than
 * the buffer, or a non-zero RootDirectory ([MS-FSCC] 2.4.42.2: always 0
 * over the network).
 */
struct tsmb_status tsmb_rename_info_decode(const uint8_t *buf, size_t len,
					   struct tsmb_rename_info *ri);

/* One entry of a FILE_FULL_EA_INFORMATION list. */
struct tsmb_full_ea {
	uint8_t flags;
	const char *name;		/* not NUL-terminated (the wire has the NUL) */
	uint8_t name_len;
	const uint8_t *value;
	uint16_t value_len;
};

struct tsmb_full_ea_iter {
	const uint8_t *buf;
	size_t len;
	size_t off;
	bool done;
};

void tsmb_full_ea_iter_init(struct tsmb_full_ea_iter *it, const uint8_t *buf, size_t len);
/*
 * The next entry: 1 with *ea filled, 0 at the end, -1 when the list is
 * inconsistent (as Windows' EA buffer check: an entry past the buffer, a
 * name without its NUL, NextEntryOffset misaligned or inside the entry).
 */
int tsmb_full_ea_next(struct tsmb_full_ea_iter *it, struct tsmb_full_ea *ea);

/*
 * Whether an EA name is one Windows accepts ([MS-FSCC] 2.4.15: printable
 * ASCII without the characters that are reserved in file names).
 */
bool tsmb_ea_name_valid(const char *name, size_t len);

#endif /* TSMB_CORE_WIRE_SET_INFO_H */
