/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Extended attributes ([MS-FSCC] 2.4.15, [MS-FSA] 2.1.5.12.12, 2.1.5.15.5)
 * kept as "user." xattrs: an EA named NAME is the xattr user.NAME. Names
 * compare without regard to ASCII case, as on NTFS; a name is stored as
 * the client last wrote it.
 */
#ifndef TSMB_CORE_VFS_EA_H
#define TSMB_CORE_VFS_EA_H

#include <tsmb/os/file.h>

#include "core/lib/status.h"

/* Largest EA value the wire can carry (EaValueLength is 16 bits). */
#define TSMB_EA_VALUE_MAX	65535u

/* FileEaInformation.EaSize: the length of the FILE_FULL_EA_INFORMATION list of f's EAs. */
struct tsmb_status tsmb_ea_size(struct tsmb_os_file *f, uint32_t *size);

/*
 * FileFullEaInformation query into buf[0..cap): all EAs, or those named
 * by the FILE_GET_EA_INFORMATION list get[0..get_len) (one that does not
 * exist comes back with an empty value), only the first with single.
 * STATUS_NO_EAS_ON_FILE when there are none; STATUS_BUFFER_TOO_SMALL when
 * they do not all fit (nothing returned: there is no enumeration state to
 * resume from, so a client retries with a larger buffer);
 * STATUS_EA_LIST_INCONSISTENT / STATUS_INVALID_EA_NAME for a bad list.
 */
struct tsmb_status tsmb_ea_query(struct tsmb_os_file *f, const uint8_t *get, size_t get_len,
				 bool single, uint8_t *buf, size_t cap, size_t *len);

/*
 * FileFullEaInformation set: each EA of the list replaces the one of the
 * same name; an empty value removes it. The list is checked whole before
 * anything changes.
 */
struct tsmb_status tsmb_ea_set(struct tsmb_os_file *f, const uint8_t *list, size_t len);

#endif /* TSMB_CORE_VFS_EA_H */
