// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The contract's error numbers are Linux's; core/ relies on them meaning
 * the same as the libc values that the posix layer passes through
 * unconverted. A libc that disagrees fails to compile here.
 */
#include <errno.h>

#include <tsmb/os/errno.h>

#include "internal.h"


#define TSMB_SAME(e) _Static_assert(TSMB_##e == e, "TSMB_" #e " differs from libc " #e);
TSMB_ERRNOS(TSMB_SAME)

/*
 * core/ is written against the contract's codes only, so an errno outside
 * them (EUCLEAN from a damaged file system, say) is reported as the I/O
 * error it is rather than as a number nobody maps.
 */
int tsmb_posix_err(int e)
{
	switch (e) {
#define TSMB_KNOWN(e) case e:
	TSMB_ERRNOS(TSMB_KNOWN)
#undef TSMB_KNOWN
		return -e;
#if EWOULDBLOCK != EAGAIN
	case EWOULDBLOCK:
		return -TSMB_EAGAIN;
#endif
#if ENOTSUP != EOPNOTSUPP
	case ENOTSUP:
		return -TSMB_EOPNOTSUPP;
#endif
	default:
		return -TSMB_EIO;
	}
}
