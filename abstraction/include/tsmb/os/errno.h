/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Error numbers at the abstraction boundary.
 *
 * Every tsmb_os_* function returns 0 or a negative TSMB_E* value. The
 * values are Linux's errno numbers; each implementation asserts at compile
 * time that they equal its own world's (see abstraction/posix/errno.c and
 * abstraction/linux/errno.c). core/lib/status.c turns them into NTSTATUS
 * in one table.
 */
#ifndef TSMB_OS_ERRNO_H
#define TSMB_OS_ERRNO_H

#define TSMB_EPERM		1
#define TSMB_ENOENT		2
#define TSMB_EINTR		4
#define TSMB_EIO		5
#define TSMB_ENXIO		6
#define TSMB_E2BIG		7
#define TSMB_EBADF		9
#define TSMB_EAGAIN		11
#define TSMB_ENOMEM		12
#define TSMB_EACCES		13
#define TSMB_EFAULT		14
#define TSMB_EBUSY		16
#define TSMB_EEXIST		17
#define TSMB_EXDEV		18
#define TSMB_ENODEV		19
#define TSMB_ENOTDIR		20
#define TSMB_EISDIR		21
#define TSMB_EINVAL		22
#define TSMB_ENFILE		23
#define TSMB_EMFILE		24
#define TSMB_ETXTBSY		26
#define TSMB_EFBIG		27
#define TSMB_ENOSPC		28
#define TSMB_ESPIPE		29
#define TSMB_EROFS		30
#define TSMB_EMLINK		31
#define TSMB_EPIPE		32
#define TSMB_ERANGE		34
#define TSMB_EDEADLK		35
#define TSMB_ENAMETOOLONG	36
#define TSMB_ENOLCK		37
#define TSMB_ENOSYS		38
#define TSMB_ENOTEMPTY		39
#define TSMB_ELOOP		40
#define TSMB_ENODATA		61
#define TSMB_EOVERFLOW		75
#define TSMB_EBADMSG		74
#define TSMB_EMSGSIZE		90
#define TSMB_EPROTO		71
#define TSMB_EOPNOTSUPP		95
#define TSMB_EAFNOSUPPORT	97
#define TSMB_EADDRINUSE		98
#define TSMB_EADDRNOTAVAIL	99
#define TSMB_ENETDOWN		100
#define TSMB_ECONNABORTED	103
#define TSMB_ECONNRESET		104
#define TSMB_ENOTCONN		107
#define TSMB_ESHUTDOWN		108
#define TSMB_ETIMEDOUT		110
#define TSMB_ECONNREFUSED	111
#define TSMB_ESTALE		116
#define TSMB_EDQUOT		122
#define TSMB_ECANCELED		125

/*
 * Every code above, once, for the implementations: each asserts that its
 * world's values are these and maps anything else to -TSMB_EIO.
 */
#define TSMB_ERRNOS(X) \
	X(EPERM) \
	X(ENOENT) \
	X(EINTR) \
	X(EIO) \
	X(ENXIO) \
	X(E2BIG) \
	X(EBADF) \
	X(EAGAIN) \
	X(ENOMEM) \
	X(EACCES) \
	X(EFAULT) \
	X(EBUSY) \
	X(EEXIST) \
	X(EXDEV) \
	X(ENODEV) \
	X(ENOTDIR) \
	X(EISDIR) \
	X(EINVAL) \
	X(ENFILE) \
	X(EMFILE) \
	X(ETXTBSY) \
	X(EFBIG) \
	X(ENOSPC) \
	X(ESPIPE) \
	X(EROFS) \
	X(EMLINK) \
	X(EPIPE) \
	X(ERANGE) \
	X(EDEADLK) \
	X(ENAMETOOLONG) \
	X(ENOLCK) \
	X(ENOSYS) \
	X(ENOTEMPTY) \
	X(ELOOP) \
	X(ENODATA) \
	X(EOVERFLOW) \
	X(EBADMSG) \
	X(EMSGSIZE) \
	X(EPROTO) \
	X(EOPNOTSUPP) \
	X(EAFNOSUPPORT) \
	X(EADDRINUSE) \
	X(EADDRNOTAVAIL) \
	X(ENETDOWN) \
	X(ECONNABORTED) \
	X(ECONNRESET) \
	X(ENOTCONN) \
	X(ESHUTDOWN) \
	X(ETIMEDOUT) \
	X(ECONNREFUSED) \
	X(ESTALE) \
	X(EDQUOT) \
	X(ECANCELED)

#endif /* TSMB_OS_ERRNO_H */
