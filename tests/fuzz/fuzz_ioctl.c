// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/ioctl.c: any bytes as an IOCTL request (header included, as
 * the decoder takes it). A decoded input lies in the request after the
 * fixed part and is read byte by byte, then parsed as each FSCTL payload
 * the server reads (VALIDATE_NEGOTIATE_INFO, a file range); the response
 * is encoded for an output of the input's size.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/wire/ioctl.h"
#include "fuzz_common.h"

volatile uint8_t tsmb_fuzz_sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

static void payloads(const struct tsmb_ioctl_req *req)
{
	struct tsmb_validate_negotiate vn;
	struct tsmb_file_range r;
	unsigned int i;

	if (tsmb_st_ok(tsmb_validate_negotiate_decode(req->input, req->input_count, &vn))) {
		FUZZ_ASSERT(vn.dialect_count >= 1);
		FUZZ_ASSERT(vn.dialects >= req->input);
		FUZZ_ASSERT(vn.dialects + 2 * (size_t)vn.dialect_count <=
			    req->input + req->input_count);
		for (i = 0; i < 2u * vn.dialect_count; i++)
			tsmb_fuzz_sink ^= vn.dialects[i];
	} else {
		FUZZ_ASSERT(!vn.dialects && !vn.dialect_count);
	}
	if (tsmb_st_ok(tsmb_file_range_decode(req->input, req->input_count, &r)))
		FUZZ_ASSERT(req->input_count >= FILE_RANGE_BUFFER_SIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_ioctl_req req;
	struct tsmb_status st;
	uint8_t out[64];
	struct tsmb_wr w;
	size_t i;

	st = tsmb_ioctl_req_decode(data, size, &req);
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	FUZZ_ASSERT(size >= 64 + 56);
	FUZZ_ASSERT(!req.input_count == !req.input);
	if (req.input) {
		FUZZ_ASSERT(req.input >= data + 64 + 56);
		FUZZ_ASSERT(req.input + req.input_count <= data + size);
		for (i = 0; i < req.input_count; i++)
			tsmb_fuzz_sink ^= req.input[i];
		payloads(&req);
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_ioctl_rsp_encode(&w, &req, req.input_count);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == (req.input_count ? 48u : 49u));
	return 0;
}
