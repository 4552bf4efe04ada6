// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/set_info.c: any bytes as an SMB2 SET_INFO request (header
 * included); a decoded buffer lies inside the input and goes to the
 * parser of its class, as the handler would hand it on.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/wire/fscc.h"
#include "core/wire/set_info.h"
#include "fuzz_common.h"
#include "fuzz_set_info_parse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_set_info_req s;
	uint8_t out[2];
	struct tsmb_wr w;

	if (!tsmb_st_ok(tsmb_set_info_req_decode(data, size, &s)))
		return 0;
	if (!s.buf) {
		FUZZ_ASSERT(s.buf_len == 0);
	} else {
		FUZZ_ASSERT(s.buf >= data + 96 && s.buf + s.buf_len <= data + size);
		if (s.info_type == SMB2_0_INFO_FILE)
			fuzz_set_info_parse(s.info_class, s.buf, s.buf_len);
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_set_info_rsp_encode(&w);
	FUZZ_ASSERT(tsmb_wr_ok(&w));
	return 0;
}
