// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/negotiate.c: any bytes as an SMB2 NEGOTIATE request (header
 * included, as the decoder takes it). What decodes is answered the way
 * the server would, through the response encoder, and the response is
 * walked as a client would walk it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/negotiate.h"
#include "fuzz_common.h"

static uint8_t out[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

/* Reads every list entry, so that ASan checks each points into the input. */
static uint16_t touch(const struct tsmb_u16_list *l)
{
	uint16_t acc = 0;
	unsigned int i;

	for (i = 0; i < l->count; i++)
		acc ^= tsmb_u16_list_at(l, i);
	return acc;
}

static uint16_t pick(const struct tsmb_u16_list *l)
{
	return l->count ? tsmb_u16_list_at(l, l->count - 1) : 0;
}

/* The response's contexts lie within it, 8-byte aligned, as counted. */
static void walk_response(size_t len, uint16_t dialect)
{
	uint32_t off = (uint32_t)out[64 + 60] | ((uint32_t)out[64 + 61] << 8) |
		       ((uint32_t)out[64 + 62] << 16) | ((uint32_t)out[64 + 63] << 24);
	unsigned int n = out[64 + 6] | (out[64 + 7] << 8), i;

	FUZZ_ASSERT((out[64 + 56] | (out[64 + 57] << 8)) == 128);
	if (dialect != SMB2_DIALECT_311) {
		FUZZ_ASSERT(n == 0 && off == 0);
		return;
	}
	FUZZ_ASSERT((off & 7) == 0 && (n == 0 || off >= 128));
	for (i = 0; i < n; i++) {
		uint16_t dl;

		off = (off + 7) & ~7u;
		FUZZ_ASSERT(off + 8 <= len);
		dl = (uint16_t)(out[off + 2] | (out[off + 3] << 8));
		off += 8 + dl;
		FUZZ_ASSERT(off <= len);
	}
	FUZZ_ASSERT(n == 0 || off == len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_negotiate_req req;
	struct tsmb_negotiate_rsp rsp;
	struct tsmb_status st;
	struct tsmb_wr w;

	st = tsmb_negotiate_req_decode(data, size, &req);
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	FUZZ_ASSERT(req.dialects.count > 0);
	(void)touch(&req.dialects);
	if (req.contexts_parsed) {
		(void)touch(&req.hash_algs);
		(void)touch(&req.ciphers);
		(void)touch(&req.signing_algs);
		FUZZ_ASSERT(!req.has_preauth || req.hash_algs.count > 0);
		FUZZ_ASSERT(!req.has_encryption || req.ciphers.count > 0);
		FUZZ_ASSERT(!req.has_signing || req.signing_algs.count > 0);
	}

	memset(&rsp, 0, sizeof(rsp));
	rsp.dialect = pick(&req.dialects);
	if (rsp.dialect != SMB2_DIALECT_311 && req.contexts_parsed)
		rsp.dialect = SMB2_DIALECT_311;
	rsp.security_mode = req.security_mode;
	memcpy(rsp.server_guid, req.client_guid, 16);
	rsp.capabilities = req.capabilities;
	rsp.max_transact_size = rsp.max_read_size = rsp.max_write_size = 65536;
	/* a security blob taken from the input, of a length it decides */
	rsp.security_buffer = data;
	rsp.security_buffer_len = (uint16_t)(size > 64 ? (data[4] | (data[5] << 8)) % 1024 : 0);
	if (rsp.security_buffer_len > size)
		rsp.security_buffer_len = (uint16_t)size;
	rsp.preauth = req.has_preauth;
	rsp.encryption = req.has_encryption;
	rsp.cipher = pick(&req.ciphers);
	rsp.signing = req.has_signing;
	rsp.signing_alg = pick(&req.signing_algs);

	memset(out, 0, 64);
	tsmb_wr_init(&w, out, sizeof(out));
	w.off = 64;
	tsmb_negotiate_rsp_encode(&w, &rsp);
	FUZZ_ASSERT(tsmb_wr_ok(&w));
	FUZZ_ASSERT(w.off >= 64 + 65);
	walk_response(w.off, rsp.dialect);
	return 0;
}
