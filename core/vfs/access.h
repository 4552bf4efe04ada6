/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Access masks over POSIX files: the generic rights of a CREATE mapped to
 * file rights ([MS-DTYP] 2.4.3), and what an identity may be granted on a
 * file judged by its mode bits, for MAXIMUM_ALLOWED, the MxAc context and
 * the rights the kernel does not check at open (DELETE, attributes).
 * Reading and writing data are checked by the kernel itself: the OS file
 * is opened for reading or writing as the granted access needs.
 */
#ifndef TSMB_CORE_VFS_ACCESS_H
#define TSMB_CORE_VFS_ACCESS_H

#include <tsmb/os/file.h>
#include <tsmb/os/ident.h>

#include "core/wire/fscc.h"

/* Rights that change the file or its directory: none on a read-only tree. */
#define TSMB_ACCESS_WRITE_BITS	(FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | \
				 FILE_WRITE_ATTRIBUTES | FILE_DELETE_CHILD | DELETE | \
				 WRITE_DAC | WRITE_OWNER)
/* Rights on the data that the kernel checks when the OS file is opened. */
#define TSMB_ACCESS_READ_DATA	(FILE_READ_DATA | FILE_EXECUTE)
#define TSMB_ACCESS_WRITE_DATA	(FILE_WRITE_DATA | FILE_APPEND_DATA)
/* Every bit a client may ask for; the others are reserved ([MS-SMB2] 2.2.13.1). */
#define TSMB_ACCESS_VALID	(FILE_ALL_ACCESS | ACCESS_SYSTEM_SECURITY | MAXIMUM_ALLOWED | \
				 GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ)

/* GENERIC_* replaced by the file rights they stand for; other bits kept. */
uint32_t tsmb_access_map_generic(uint32_t desired);

/*
 * The rights id has on a file with attributes st in the directory parent
 * (NULL for the share root, which cannot be deleted), judged as the
 * kernel would judge them from the mode bits (owner, group or other
 * class; uid 0 may do anything).
 */
uint32_t tsmb_access_allowed(const struct tsmb_ident *id, const struct tsmb_os_stat *st,
			     const struct tsmb_os_stat *parent);

#endif /* TSMB_CORE_VFS_ACCESS_H */
