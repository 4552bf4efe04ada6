/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NTSTATUS inside the protocol engine.
 *
 * A struct rather than an integer so that an NTSTATUS and a -errno can never
 * be mixed up silently: the compiler refuses to assign one to the other.
 * Conversions from the abstraction's -TSMB_E* happen in one place,
 * tsmb_status_from_errno().
 */
#ifndef TSMB_CORE_LIB_STATUS_H
#define TSMB_CORE_LIB_STATUS_H

#include <tsmb/os/log.h>
#include <tsmb/os/types.h>

struct tsmb_status {
	uint32_t v;
};

#define TSMB_ST(code) ((struct tsmb_status){ .v = (code) })
#define tsmb_st_ok(s) ((s).v == STATUS_SUCCESS)
#define tsmb_st_eq(a, b) ((a).v == (b).v)
/* Errors have the severity bits 11; warnings 10 (e.g. BUFFER_OVERFLOW). */
#define tsmb_st_is_error(s) (((s).v & 0xC0000000u) == 0xC0000000u)

/* [MS-ERREF] 2.3.1 — the values the server sends. */
#define STATUS_SUCCESS				0x00000000u
#define STATUS_PENDING				0x00000103u
#define STATUS_BUFFER_OVERFLOW			0x80000005u
#define STATUS_NO_MORE_FILES			0x80000006u
#define STATUS_UNSUCCESSFUL			0xC0000001u
#define STATUS_NOT_IMPLEMENTED			0xC0000002u
#define STATUS_INVALID_HANDLE			0xC0000008u
#define STATUS_INVALID_PARAMETER		0xC000000Du
#define STATUS_NO_SUCH_FILE			0xC000000Fu
#define STATUS_END_OF_FILE			0xC0000011u
#define STATUS_MORE_PROCESSING_REQUIRED		0xC0000016u
#define STATUS_NO_MEMORY			0xC0000017u
#define STATUS_ACCESS_DENIED			0xC0000022u
#define STATUS_BUFFER_TOO_SMALL			0xC0000023u
#define STATUS_OBJECT_NAME_INVALID		0xC0000033u
#define STATUS_OBJECT_NAME_NOT_FOUND		0xC0000034u
#define STATUS_OBJECT_NAME_COLLISION		0xC0000035u
#define STATUS_OBJECT_PATH_NOT_FOUND		0xC000003Au
#define STATUS_SHARING_VIOLATION		0xC0000043u
#define STATUS_FILE_LOCK_CONFLICT		0xC0000054u
#define STATUS_LOCK_NOT_GRANTED			0xC0000055u
#define STATUS_DELETE_PENDING			0xC0000056u
#define STATUS_PRIVILEGE_NOT_HELD		0xC0000061u
#define STATUS_LOGON_FAILURE			0xC000006Du
#define STATUS_DISK_FULL			0xC000007Fu
#define STATUS_INSUFFICIENT_RESOURCES		0xC000009Au
#define STATUS_FILE_IS_A_DIRECTORY		0xC00000BAu
#define STATUS_NOT_SUPPORTED			0xC00000BBu
#define STATUS_NETWORK_NAME_DELETED		0xC00000C9u
#define STATUS_BAD_NETWORK_NAME			0xC00000CCu
#define STATUS_REQUEST_NOT_ACCEPTED		0xC00000D0u
#define STATUS_INVALID_OPLOCK_PROTOCOL		0xC00000E3u
#define STATUS_INTERNAL_ERROR			0xC00000E5u
#define STATUS_IO_TIMEOUT			0xC00000B5u
#define STATUS_DIRECTORY_NOT_EMPTY		0xC0000101u
#define STATUS_NOT_A_DIRECTORY			0xC0000103u
#define STATUS_CANCELLED			0xC0000120u
#define STATUS_CANNOT_DELETE			0xC0000121u
#define STATUS_FILE_CLOSED			0xC0000128u
#define STATUS_FILE_DELETED			0xC0000123u
#define STATUS_INVALID_DEVICE_REQUEST		0xC0000010u
#define STATUS_OBJECT_NAME_EXISTS		0x40000000u
#define STATUS_STOPPED_ON_SYMLINK		0x8000002Du
#define STATUS_TOO_MANY_OPENED_FILES		0xC000011Fu
#define STATUS_CONNECTION_DISCONNECTED		0xC000020Cu
#define STATUS_CONNECTION_RESET			0xC000020Du
#define STATUS_USER_SESSION_DELETED		0xC0000203u
#define STATUS_NOT_FOUND			0xC0000225u
#define STATUS_NETWORK_SESSION_EXPIRED		0xC000035Cu
#define STATUS_FILE_TOO_LARGE			0xC0000904u
#define STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP 0xC05D0000u
#define STATUS_MEDIA_WRITE_PROTECTED		0xC00000A2u
#define STATUS_DISK_QUOTA_EXCEEDED		0xC0000044u
#define STATUS_NAME_TOO_LONG			0xC0000106u
#define STATUS_EA_TOO_LARGE			0xC0000050u
#define STATUS_RANGE_NOT_LOCKED			0xC000007Eu
#define STATUS_NOT_SAME_DEVICE			0xC00000D4u
#define STATUS_BAD_IMPERSONATION_LEVEL		0xC00000A5u
#define STATUS_INVALID_INFO_CLASS		0xC0000003u
#define STATUS_INFO_LENGTH_MISMATCH		0xC0000004u
#define STATUS_EAS_NOT_SUPPORTED		0xC000004Fu
#define STATUS_NONEXISTENT_EA_ENTRY		0xC0000051u
#define STATUS_NO_EAS_ON_FILE			0xC0000052u
#define STATUS_INVALID_EA_NAME			0x80000013u
#define STATUS_EA_LIST_INCONSISTENT		0x80000014u
/* byte-range locks and IOCTL */
#define STATUS_INVALID_LOCK_RANGE		0xC00001A1u
#define STATUS_FS_DRIVER_REQUIRED		0xC000019Cu
#define STATUS_NOT_A_REPARSE_POINT		0xC0000275u
/* named pipes (core/vfs/pipe.c, srvsvc) */
#define STATUS_PIPE_NOT_AVAILABLE		0xC00000ACu
#define STATUS_INVALID_PIPE_STATE		0xC00000ADu
#define STATUS_PIPE_BUSY			0xC00000AEu
#define STATUS_PIPE_DISCONNECTED		0xC00000B0u
#define STATUS_PIPE_EMPTY			0xC00000D9u

/*
 * Marks where an error is born: at debug level the file and line are
 * logged, so that a client's failure can be traced to one return.
 */
#define TSMB_ERR(code) tsmb_status_born(TSMB_ST(code), __FILE__, __LINE__)

struct tsmb_status tsmb_status_born(struct tsmb_status st, const char *file, int line);

/*
 * The one conversion from the abstraction's -TSMB_E* to NTSTATUS, for the
 * context-free cases. Callers with a context where the mapping differs
 * (e.g. -TSMB_ENOENT on a parent directory is OBJECT_PATH_NOT_FOUND)
 * handle that case themselves, explicitly, before calling this.
 */
struct tsmb_status tsmb_status_from_errno(int err);

/* "STATUS_INVALID_PARAMETER" or "0xC000000D" for logs; never NULL. */
const char *tsmb_status_name(struct tsmb_status st);

#endif /* TSMB_CORE_LIB_STATUS_H */
