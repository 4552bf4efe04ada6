// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/flush.c: any bytes as a FLUSH request body; the response for it. */
#include <stddef.h>
#include <stdint.h>

#include "core/wire/flush.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_flush_req req;
	struct tsmb_status st;
	uint8_t out[4];
	struct tsmb_wr w;

	st = tsmb_flush_req_decode(data, size, &req);
	/* [MS-SMB2] 2.2.17: StructureSize 24 and the whole fixed part */
	FUZZ_ASSERT(tsmb_st_ok(st) == (size >= 24 && data[0] == 24 && data[1] == 0));
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_flush_rsp_encode(&w);
	FUZZ_ASSERT(tsmb_wr_ok(&w));
	return 0;
}
