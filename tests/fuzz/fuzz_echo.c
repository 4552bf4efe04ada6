// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/echo.c (and the ERROR body, which answers a bad ECHO). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/echo.h"
#include "core/wire/error.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[16];
	struct tsmb_wr w;
	bool ok = tsmb_echo_req_decode(data, size);

	/* [MS-SMB2] 2.2.28: StructureSize 4 and two Reserved bytes */
	FUZZ_ASSERT(ok == (size >= 4 && data[0] == 4 && data[1] == 0));
	tsmb_wr_init(&w, out, ok ? 4 : 9);
	if (ok)
		tsmb_echo_rsp_encode(&w);
	else
		tsmb_error_rsp_encode(&w);
	FUZZ_ASSERT(tsmb_wr_ok(&w));
	return 0;
}
