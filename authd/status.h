/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The few NTSTATUS values authd answers with ([MS-ERREF] 2.3.1). authd is
 * userspace only and must not depend on core/ internals, so it carries its
 * own copies under its own prefix; the values are the wire values, the
 * same as core/lib/status.h.
 */
#ifndef TSMB_AUTHD_STATUS_H
#define TSMB_AUTHD_STATUS_H

#define AUTHD_STATUS_SUCCESS			0x00000000u
#define AUTHD_STATUS_INVALID_PARAMETER		0xC000000Du
#define AUTHD_STATUS_MORE_PROCESSING_REQUIRED	0xC0000016u
#define AUTHD_STATUS_NO_MEMORY			0xC0000017u
#define AUTHD_STATUS_LOGON_FAILURE		0xC000006Du
#define AUTHD_STATUS_INSUFFICIENT_RESOURCES	0xC000009Au
#define AUTHD_STATUS_NOT_SUPPORTED		0xC00000BBu
#define AUTHD_STATUS_INTERNAL_ERROR		0xC00000E5u

#endif /* TSMB_AUTHD_STATUS_H */
