/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The largest READ and WRITE the server accepts, as NEGOTIATE announces
 * them (MaxReadSize, MaxWriteSize, [MS-SMB2] 2.2.4): 64 KiB for 2.0.2,
 * whose clients know no credit charge, 8 MiB otherwise.
 */
#ifndef TSMB_CORE_SMB2_IO_LIMITS_H
#define TSMB_CORE_SMB2_IO_LIMITS_H

#include "core/conn/conn.h"
#include "core/wire/smb2.h"

#define TSMB_MAX_IO_SIZE_202	65536u
#define TSMB_MAX_IO_SIZE	(8u * 1024 * 1024)

static inline uint32_t tsmb_conn_max_io(const struct tsmb_conn *conn)
{
	if (conn->dialect == SMB2_DIALECT_202 || conn->dialect == SMB2_DIALECT_WILDCARD)
		return TSMB_MAX_IO_SIZE_202;
	return TSMB_MAX_IO_SIZE;
}

#endif /* TSMB_CORE_SMB2_IO_LIMITS_H */
