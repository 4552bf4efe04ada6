// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/create.c: any bytes as an SMB2 CREATE request (header included,
 * as the decoder takes it). What decodes has its name converted as the
 * handler would (core/vfs/path.c), its context chain walked with every
 * name and data byte touched, and a response with the contexts found
 * echoed back encoded and walked as a client would.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/vfs/open.h"
#include "core/wire/create.h"
#include "fuzz_common.h"

/* Where touched bytes go, so that the reads are not optimized away. */
volatile uint8_t tsmb_fuzz_sink;

static uint8_t out[65536];
static char path[TSMB_PATH_MAX + 1];

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

/* The response's contexts lie within it, 8-byte aligned, chained as counted. */
static void walk_response(size_t len, unsigned int n)
{
	uint32_t off = (uint32_t)out[64 + 80] | ((uint32_t)out[64 + 81] << 8) |
		       ((uint32_t)out[64 + 82] << 16) | ((uint32_t)out[64 + 83] << 24);
	unsigned int i;

	FUZZ_ASSERT(n ? off == 152 : off == 0);
	for (i = 0; i < n; i++) {
		uint32_t next;

		FUZZ_ASSERT((off & 7) == 0 && off + 16 <= len);
		next = (uint32_t)out[off] | ((uint32_t)out[off + 1] << 8) |
		       ((uint32_t)out[off + 2] << 16) | ((uint32_t)out[off + 3] << 24);
		FUZZ_ASSERT((i == n - 1) == (next == 0));
		off += next;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_create_ctx ctx[8], c;
	struct tsmb_create_req req;
	struct tsmb_create_rsp rsp;
	struct tsmb_status st;
	struct tsmb_wr w;
	unsigned int n = 0, seen = 0;
	uint32_t pos = 0;

	st = tsmb_create_req_decode(data, size, &req);
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	FUZZ_ASSERT((req.name_len & 1) == 0);
	FUZZ_ASSERT(!req.name_len || (req.name >= data && req.name + req.name_len <= data + size));
	touch(req.name, req.name_len);
	st = tsmb_path_from_wire(req.name, req.name_len, path);
	FUZZ_ASSERT(tsmb_st_ok(st) || !path[0]);
	FUZZ_ASSERT(strlen(path) <= TSMB_PATH_MAX);
	while (tsmb_create_ctx_next(&req, &pos, &c)) {
		FUZZ_ASSERT(c.name_len >= 4);
		FUZZ_ASSERT(c.name >= data && c.name + c.name_len <= data + size);
		FUZZ_ASSERT(!c.data_len || (c.data >= data && c.data + c.data_len <= data + size));
		touch(c.name, c.name_len);
		touch(c.data, c.data_len);
		if (n < TSMB_ARRAY_SIZE(ctx) && c.name_len <= 64 && c.data_len <= 4096)
			ctx[n++] = c;
		seen++;
	}
	FUZZ_ASSERT(seen == req.nr_ctx);
	(void)tsmb_create_ctx_find(&req, SMB2_CREATE_QUERY_MAXIMAL_ACCESS, &c);

	memset(&rsp, 0, sizeof(rsp));
	rsp.create_action = req.disposition;
	rsp.file_attributes = req.file_attributes;
	rsp.ctx = ctx;
	rsp.nr_ctx = n;
	memset(out, 0, 64);
	tsmb_wr_init(&w, out, sizeof(out));
	w.off = 64;
	tsmb_create_rsp_encode(&w, &rsp);
	FUZZ_ASSERT(tsmb_wr_ok(&w));
	FUZZ_ASSERT(w.off >= 64 + 89);
	walk_response(w.off, n);
	return 0;
}
