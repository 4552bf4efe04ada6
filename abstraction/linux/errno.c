// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The contract's error numbers are Linux's; prove it at compile time so
 * that the kernel format can hand errnos across the boundary unchanged.
 */
#include <linux/build_bug.h>
#include <linux/errno.h>

#include <tsmb/os/errno.h>

#include "internal.h"


#define TSMB_SAME_ERRNO(e) static_assert(TSMB_##e == e, "TSMB_" #e " != " #e);
TSMB_ERRNOS(TSMB_SAME_ERRNO)

/*
 * core/ is written against the contract's codes only. The VFS also
 * returns the kernel's internal ones (ENOTSUPP, ERESTARTSYS, EOPENSTALE)
 * and codes the contract lacks (EUCLEAN from a damaged file system): give
 * the core the nearest contract code, and an I/O error for the rest, as
 * the posix format does with libc's.
 */
int tsmb_linux_err(int err)
{
	switch (-err) {
	case 0:
		return 0;
#define TSMB_KNOWN(e) case e:
	TSMB_ERRNOS(TSMB_KNOWN)
#undef TSMB_KNOWN
		return err;
	case ENOTSUPP:
		return -TSMB_EOPNOTSUPP;
	case ERESTARTSYS:
	case ERESTARTNOINTR:
	case ERESTARTNOHAND:
	case ERESTART_RESTARTBLOCK:
		return -TSMB_EINTR;
	case EOPENSTALE:
		return -TSMB_ESTALE;
	default:
		return -TSMB_EIO;
	}
}
