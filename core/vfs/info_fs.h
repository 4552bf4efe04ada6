/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File system information classes for QUERY_INFO ([MS-SMB2] 3.3.5.20.2,
 * [MS-FSCC] 2.5), from a statfs of the share and the share's name.
 */
#ifndef TSMB_CORE_VFS_INFO_FS_H
#define TSMB_CORE_VFS_INFO_FS_H

#include <tsmb/os/file.h>

#include "core/lib/status.h"

struct tsmb_fsinfo {
	struct tsmb_os_statfs sfs;
	const char *label;		/* the volume label: the share's name (UTF-8) */
	size_t label_len;
	uint32_t serial;		/* VolumeSerialNumber */
	uint64_t created;		/* FILETIME of the share root's birth */
	bool read_only;			/* the tree cannot be written */
};

#define TSMB_FS_VOLUME_FIXED		18	/* up to VolumeLabel */
#define TSMB_FS_SIZE_SIZE		24
#define TSMB_FS_DEVICE_SIZE		8
#define TSMB_FS_ATTRIBUTE_FIXED		12	/* up to FileSystemName */
#define TSMB_FS_CONTROL_SIZE		48
#define TSMB_FS_FULL_SIZE_SIZE		32
#define TSMB_FS_OBJECT_ID_SIZE		64
#define TSMB_FS_SECTOR_SIZE_SIZE	28

/*
 * The smallest buffer the classes with a name accept: the size of the
 * Windows structure ([MS-FSA] 2.1.5.13.1 aligns the volume label's offset
 * to 8); below it INFO_LENGTH_MISMATCH, from there on BUFFER_OVERFLOW.
 */
#define TSMB_FS_VOLUME_MIN		24
#define TSMB_FS_ATTRIBUTE_MIN		16

/* [MS-FSCC] 2.5.1 FileSystemAttributes */
#define FILE_CASE_SENSITIVE_SEARCH		0x00000001u
#define FILE_CASE_PRESERVED_NAMES		0x00000002u
#define FILE_UNICODE_ON_DISK			0x00000004u
#define FILE_PERSISTENT_ACLS			0x00000008u
#define FILE_SUPPORTS_EXTENDED_ATTRIBUTES	0x00800000u

/* [MS-FSCC] 2.5.10 DeviceType, Characteristics */
#define FILE_DEVICE_DISK			0x00000007u
#define FILE_READ_ONLY_DEVICE			0x00000002u
#define FILE_DEVICE_IS_MOUNTED			0x00000020u

/*
 * Encodes class cls into buf[0..cap) (*len the bytes to send), with the
 * same verdicts as tsmb_file_info_encode(): STATUS_NOT_SUPPORTED for a
 * class of [MS-FSCC] 2.5 not served here (FileFsControlInformation, the
 * set-only ones), STATUS_INVALID_INFO_CLASS for an unknown one.
 */
struct tsmb_status tsmb_fs_info_encode(uint8_t cls, const struct tsmb_fsinfo *fi, uint8_t *buf,
				       size_t cap, size_t *len);

/* A volume serial number from a name (the share's): stable across restarts. */
uint32_t tsmb_fs_serial(const char *name, size_t len);

#endif /* TSMB_CORE_VFS_INFO_FS_H */
