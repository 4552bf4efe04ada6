// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/write.c: any bytes as a WRITE request (header included, as the
 * decoder takes it). The data and channel information that decode lie in
 * the input after the fixed part and are read byte by byte.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/wire/write.h"
#include "fuzz_common.h"

/* Where touched bytes go, so that the reads are not optimized away. */
volatile uint8_t tsmb_fuzz_sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

/* Reads every byte, so that ASan checks each lies in the input. */
static void touch(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tsmb_fuzz_sink ^= p[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_write_req req;
	struct tsmb_status st;
	uint8_t out[32];
	struct tsmb_wr w;

	st = tsmb_write_req_decode(data, size, &req);
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	FUZZ_ASSERT(size >= 64 + 48);
	FUZZ_ASSERT(!req.length == !req.data);
	if (req.data) {
		FUZZ_ASSERT(req.data >= data + 64 + 48);
		FUZZ_ASSERT(req.data + req.length <= data + size);
		touch(req.data, req.length);
	}
	FUZZ_ASSERT(!req.channel_info_len == !req.channel_info);
	if (req.channel_info) {
		FUZZ_ASSERT(req.channel_info >= data + 64 + 48);
		FUZZ_ASSERT(req.channel_info + req.channel_info_len <= data + size);
		touch(req.channel_info, req.channel_info_len);
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_write_rsp_encode(&w, req.length);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == 17);
	return 0;
}
