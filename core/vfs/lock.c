// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Byte-range lock checks for I/O. A placeholder until the LOCK command
 * lands: with no way to take a lock there is none to conflict with.
 */
#include "core/vfs/lock.h"

struct tsmb_status tsmb_lock_check_io(const struct tsmb_open *op, uint64_t off, uint64_t len,
				      bool write)
{
	return TSMB_ST(STATUS_SUCCESS);
}
