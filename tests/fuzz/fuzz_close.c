// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/close.c: any bytes as a CLOSE request body; the response for it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/close.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_close_req req;
	struct tsmb_close_rsp rsp;
	struct tsmb_status st;
	uint8_t out[64];
	struct tsmb_wr w;

	st = tsmb_close_req_decode(data, size, &req);
	/* [MS-SMB2] 2.2.15: StructureSize 24 and the whole fixed part */
	FUZZ_ASSERT(tsmb_st_ok(st) == (size >= 24 && data[0] == 24 && data[1] == 0));
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	memset(&rsp, 0, sizeof(rsp));
	rsp.flags = req.flags;
	rsp.end_of_file = req.file_id_persistent;
	rsp.file_attributes = (uint32_t)req.file_id_volatile;
	tsmb_wr_init(&w, out, 60);
	tsmb_close_rsp_encode(&w, &rsp);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == 60);
	return 0;
}
