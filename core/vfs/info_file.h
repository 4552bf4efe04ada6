/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File information classes for QUERY_INFO ([MS-SMB2] 3.3.5.20.1,
 * [MS-FSCC] 2.4): encoders from what is known of an open, without OS
 * calls, so that they can be tested on their own.
 */
#ifndef TSMB_CORE_VFS_INFO_FILE_H
#define TSMB_CORE_VFS_INFO_FILE_H

#include <tsmb/os/file.h>

#include "core/lib/status.h"

/* What the encoders describe. */
struct tsmb_finfo {
	struct tsmb_os_stat st;
	uint32_t attrs;			/* FILE_ATTRIBUTE_* */
	const char *path;		/* beneath the share, '/'-separated; "" is the root */
	uint32_t access;		/* the open's granted access */
	uint32_t mode;			/* FileModeInformation */
	uint64_t position;
	uint32_t ea_size;		/* FileEaInformation.EaSize */
	uint64_t volume_serial;		/* FileIdInformation */
	bool delete_pending;
};

/* Fixed sizes ([MS-FSCC] 2.4.x) */
#define TSMB_FILE_BASIC_SIZE		40
#define TSMB_FILE_STANDARD_SIZE		24
#define TSMB_FILE_INTERNAL_SIZE		8
#define TSMB_FILE_EA_SIZE		4
#define TSMB_FILE_ACCESS_SIZE		4
#define TSMB_FILE_POSITION_SIZE		8
#define TSMB_FILE_MODE_SIZE		4
#define TSMB_FILE_ALIGNMENT_SIZE	4
#define TSMB_FILE_NAME_FIXED		4
#define TSMB_FILE_ALL_FIXED		100	/* up to NameInformation.FileName */
#define TSMB_FILE_NETWORK_OPEN_SIZE	56
#define TSMB_FILE_ATTRIBUTE_TAG_SIZE	8
#define TSMB_FILE_STREAM_FIXED		24
#define TSMB_FILE_COMPRESSION_SIZE	16
#define TSMB_FILE_ID_SIZE		24

/*
 * The smallest buffer a variable-length class accepts: Windows checks the
 * length against the size of the whole C structure (its one-character
 * name array and trailing alignment included), not against the offset of
 * the name, and answers INFO_LENGTH_MISMATCH below it; from there on a
 * name cut short is BUFFER_OVERFLOW.
 */
#define TSMB_FILE_NAME_MIN		8
#define TSMB_FILE_ALL_MIN		104
#define TSMB_FILE_STREAM_MIN		32

/*
 * Whether the class needs FILE_READ_ATTRIBUTES ([MS-SMB2] 3.3.5.20.1) or
 * FILE_READ_EA: the access mask it needs, 0 for none.
 */
uint32_t tsmb_file_info_access(uint8_t cls);

/*
 * Encodes class cls of fi into buf[0..cap) with *len the bytes to send:
 * STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW with the part that fits (names,
 * streams); STATUS_INFO_LENGTH_MISMATCH when the fixed part does not fit;
 * STATUS_NOT_SUPPORTED for a class documented in [MS-FSCC] 2.4 that is
 * not served; STATUS_INVALID_INFO_CLASS for anything else. The EA list
 * (FileFullEaInformation) is core/vfs/ea.c's.
 */
struct tsmb_status tsmb_file_info_encode(uint8_t cls, const struct tsmb_finfo *fi,
					 uint16_t dialect, uint8_t *buf, size_t cap, size_t *len);

#endif /* TSMB_CORE_VFS_INFO_FILE_H */
