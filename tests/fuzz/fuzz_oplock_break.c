// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/oplock.c: any bytes as an OPLOCK_BREAK acknowledgment body;
 * the response re-encoded from what was decoded.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/oplock.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_oplock_break ack;
	struct tsmb_status st;
	uint8_t out[SMB2_OPLOCK_BREAK_SIZE];
	struct tsmb_wr w;
	uint16_t ss = size >= 2 ? (uint16_t)(data[0] | data[1] << 8) : 0;

	st = tsmb_oplock_ack_decode(data, size, &ack);
	/* [MS-SMB2] 2.2.24.1: StructureSize 24 and the whole fixed part */
	FUZZ_ASSERT(tsmb_st_ok(st) == (size >= 24 && ss == 24));
	if (!tsmb_st_ok(st)) {
		/* 2.2.24.2: a lease acknowledgment is refused as such */
		FUZZ_ASSERT(st.v == (ss == 36 ? STATUS_NOT_SUPPORTED : STATUS_INVALID_PARAMETER));
		return 0;
	}
	FUZZ_ASSERT(ack.oplock_level == data[2]);
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_oplock_break_encode(&w, &ack);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == sizeof(out));
	/* Reserved fields go out zero; the rest as they came */
	FUZZ_ASSERT(!memcmp(out, data, 3) && !memcmp(out + 8, data + 8, 16));
	return 0;
}
