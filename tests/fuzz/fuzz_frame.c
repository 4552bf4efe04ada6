// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/frame.c: every 4-byte frame header decodes, and re-encodes to itself. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/frame.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off;

	for (off = 0; off + TSMB_FRAME_HDR_SIZE <= size; off += TSMB_FRAME_HDR_SIZE) {
		uint8_t hdr[TSMB_FRAME_HDR_SIZE], again[TSMB_FRAME_HDR_SIZE];
		uint32_t len = 0;
		bool ok;

		memcpy(hdr, data + off, sizeof(hdr));
		ok = tsmb_frame_decode(hdr, &len);
		FUZZ_ASSERT(ok == (hdr[0] == 0));
		if (!ok)
			continue;
		FUZZ_ASSERT(len <= TSMB_FRAME_MAX_LEN);
		tsmb_frame_encode(again, len);
		FUZZ_ASSERT(memcmp(hdr, again, sizeof(hdr)) == 0);
	}
	return 0;
}
