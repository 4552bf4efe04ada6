// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/hdr.c: decode any bytes as an SMB2 header; what decodes
 * re-encodes to the same 64 bytes (StructureSize aside, which the encoder
 * always writes as 64).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/hdr.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_hdr h, h2;
	uint8_t out[SMB2_HDR_SIZE];
	struct tsmb_wr w;

	if (!tsmb_hdr_decode(data, size, &h))
		return 0;
	FUZZ_ASSERT(size >= SMB2_HDR_SIZE);
	(void)tsmb_hdr_req_structure_size(h.command);
	FUZZ_ASSERT(tsmb_hdr_command_name(h.command) != NULL);

	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_hdr_encode(&w, &h);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == SMB2_HDR_SIZE);
	FUZZ_ASSERT(memcmp(out, data, 4) == 0 && memcmp(out + 6, data + 6, 58) == 0);
	FUZZ_ASSERT(tsmb_hdr_decode(out, sizeof(out), &h2));
	FUZZ_ASSERT(h2.message_id == h.message_id && h2.session_id == h.session_id);
	return 0;
}
