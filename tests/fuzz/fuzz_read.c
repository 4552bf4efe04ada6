// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/read.c: any bytes as a READ request (header included, as the
 * decoder takes it). Channel information that decodes lies in the input
 * and is read byte by byte; the response is encoded for the length asked.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/wire/read.h"
#include "fuzz_common.h"

/* Where touched bytes go, so that the reads are not optimized away. */
volatile uint8_t tsmb_fuzz_sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_read_req req;
	struct tsmb_status st;
	uint8_t out[32];
	struct tsmb_wr w;
	size_t i;

	st = tsmb_read_req_decode(data, size, &req);
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	FUZZ_ASSERT(size >= 64 + 48);
	FUZZ_ASSERT(!req.channel_info_len == !req.channel_info);
	if (req.channel_info) {
		FUZZ_ASSERT(req.channel_info >= data + 64 + 48);
		FUZZ_ASSERT(req.channel_info + req.channel_info_len <= data + size);
		for (i = 0; i < req.channel_info_len; i++)
			tsmb_fuzz_sink ^= req.channel_info[i];
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_read_rsp_encode(&w, req.length);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == (req.length ? 16u : 17u));
	return 0;
}
