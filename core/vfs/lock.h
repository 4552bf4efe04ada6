/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte-range locks ([MS-SMB2] 3.3.5.14, [MS-FSA] 2.1.4.10), as far as READ
 * and WRITE need them. The LOCK command itself lands separately and fills
 * struct tsmb_file's lock list; until then no lock exists and every I/O
 * is allowed.
 */
#ifndef TSMB_CORE_VFS_LOCK_H
#define TSMB_CORE_VFS_LOCK_H

#include "core/lib/status.h"

struct tsmb_open;

/*
 * [MS-FSA] 2.1.4.10: may op read (write false) or write len bytes at off,
 * given the byte-range locks other opens hold on its file? STATUS_SUCCESS
 * or STATUS_FILE_LOCK_CONFLICT. Called by READ and WRITE before the I/O.
 */
struct tsmb_status tsmb_lock_check_io(const struct tsmb_open *op, uint64_t off, uint64_t len,
				      bool write);

#endif /* TSMB_CORE_VFS_LOCK_H */
