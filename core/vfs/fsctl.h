/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file system controls of [MS-FSA] 2.1.5.10 that touch the file:
 * what IOCTL (core/smb2/ioctl.c) hands to the file system.
 */
#ifndef TSMB_CORE_VFS_FSCTL_H
#define TSMB_CORE_VFS_FSCTL_H

#include "core/lib/status.h"

struct tsmb_open;

/*
 * [MS-FSA] 2.1.5.10.39 FSCTL_SET_ZERO_DATA: zeroes [offset, beyond) as
 * far as the file reaches (never extending it). STATUS_INVALID_PARAMETER
 * for a range that is negative or reversed or a directory,
 * STATUS_ACCESS_DENIED without write access, STATUS_FILE_LOCK_CONFLICT
 * when another open's byte-range lock covers part of it.
 */
struct tsmb_status tsmb_fsctl_set_zero_data(struct tsmb_open *op, uint64_t offset,
					    uint64_t beyond);

/*
 * [MS-FSA] 2.1.5.10.1 FSCTL_CREATE_OR_GET_OBJECT_ID: the file's
 * FILE_OBJECTID_BUFFER (64 bytes into out). The object id is made of the
 * file's device and inode numbers, stable while the file exists, the
 * volume id of the device's; nothing is stored.
 */
struct tsmb_status tsmb_fsctl_object_id(struct tsmb_open *op, uint8_t out[64]);

#endif /* TSMB_CORE_VFS_FSCTL_H */
