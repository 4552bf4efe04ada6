/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of test_dcerpc.c and test_srvsvc.c: a service with known
 * shares, and a DCE/RPC client written from [C706] with tsmb_test.h's
 * byte helpers (not srvsvc/dcerpc.c) that binds a pipe and makes calls.
 * Stubs are built with ndr_push and responses decoded with ndr_pull.
 */
#ifndef TSMB_TESTS_UNIT_SRVSVC_TEST_H
#define TSMB_TESTS_UNIT_SRVSVC_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <talloc.h>

#include "tsmb_test.h"
#include "srvsvc/ndr.h"
#include "srvsvc/pipe.h"

#define ST_SUCCESS		0x00000000u
#define ST_BUFFER_OVERFLOW	0x80000005u
#define ST_PIPE_EMPTY		0xC00000D9u

/* abstract and transfer syntaxes: UUID in wire order, then the version */
static const uint8_t st_ndr20[20] = {
	0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10,
	0x48, 0x60, 2, 0, 0, 0 };
static const uint8_t st_ndr64[20] = {
	0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49, 0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c,
	0xcc, 0x36, 1, 0, 0, 0 };
/* 6cb71c2c-9812-4540-0300-000000000000 v1.0: both features */
static const uint8_t st_btfn[20] = {
	0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45, 0x03, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
static const uint8_t st_srvsvc[20] = {
	0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01, 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e,
	0xe1, 0x88, 3, 0, 0, 0 };
static const uint8_t st_wkssvc[20] = {
	0x98, 0xd0, 0xff, 0x6b, 0x12, 0xa1, 0x10, 0x36, 0x98, 0x33, 0x46, 0xc3, 0xf8, 0x7e,
	0x34, 0x5a, 1, 0, 0, 0 };
static const uint8_t st_lsarpc[20] = {
	0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67,
	0x89, 0xab, 0, 0, 0, 0 };

/* shares: public, hidden (not browseable), data$, then extra shareNNN */
static inline struct srvsvc *st_service(void *mem, unsigned int extra)
{
	static const struct srvsvc_share fixed[] = {
		{ "public", "Public files", "/srv/public", true, false },
		{ "hidden", "Not listed", "/srv/hidden", false, false },
		{ "data$", "", "/srv/data", true, true },
	};
	struct srvsvc_share *sh = talloc_zero_array(mem, struct srvsvc_share, 3 + extra);
	struct srvsvc_config cfg = {
		.netbios_name = "TSMBTEST", .workgroup = "WORKGROUP",
		.server_string = "tsmb test server", .shares = sh, .nr_shares = 3 + extra,
	};
	unsigned int i;

	memcpy(sh, fixed, sizeof(fixed));
	for (i = 0; i < extra; i++) {
		sh[3 + i].name = talloc_asprintf(mem, "share%03u", i);
		sh[3 + i].comment = talloc_asprintf(mem, "a rather long comment for share %u", i);
		sh[3 + i].path = talloc_asprintf(mem, "/srv/many/%u", i);
		sh[3 + i].browseable = true;
	}
	return srvsvc_new(mem, &cfg);
}

static inline void st_hdr(uint8_t *b, uint8_t ptype, uint8_t flags, size_t len, uint32_t call_id)
{
	b[0] = 5;
	b[1] = 0;
	b[2] = ptype;
	b[3] = flags;
	b[4] = 0x10;
	b[5] = b[6] = b[7] = 0;
	t_put16(b + 8, (uint16_t)len);
	t_put16(b + 10, 0);
	t_put32(b + 12, call_id);
}

/* BIND (11) or ALTER_CONTEXT (14) with one context of nts transfer syntaxes. */
static inline size_t st_bind(uint8_t *b, uint8_t ptype, uint32_t call_id, uint16_t max_frag,
			     uint16_t ctx, const uint8_t *abstract, const uint8_t *const *ts,
			     unsigned int nts)
{
	size_t len = 28 + 24 + 20 * nts;
	unsigned int i;

	st_hdr(b, ptype, 3, len, call_id);
	t_put16(b + 16, max_frag);
	t_put16(b + 18, max_frag);
	t_put32(b + 20, 0);
	b[24] = 1;
	b[25] = b[26] = b[27] = 0;
	t_put16(b + 28, ctx);
	b[30] = (uint8_t)nts;
	b[31] = 0;
	memcpy(b + 32, abstract, 20);
	for (i = 0; i < nts; i++)
		memcpy(b + 52 + 20 * i, ts[i], 20);
	return len;
}

static inline size_t st_request(uint8_t *b, uint8_t flags, uint32_t call_id, uint16_t ctx,
				uint16_t opnum, const uint8_t *stub, size_t len)
{
	st_hdr(b, 0, flags, 24 + len, call_id);
	t_put32(b + 16, (uint32_t)len);
	t_put16(b + 20, ctx);
	t_put16(b + 22, opnum);
	memcpy(b + 24, stub, len);
	return 24 + len;
}

/* One whole PDU off the pipe (reads of 100 bytes at a time); its length. */
static inline size_t st_read_pdu(struct srvsvc *s, uint64_t id, uint8_t *out, size_t cap)
{
	size_t got = 0, n;
	uint32_t st;

	do {
		st = srvsvc_pipe_read(s, id, out + got, cap - got < 100 ? cap - got : 100, &n);
		got += n;
	} while (st == ST_BUFFER_OVERFLOW);
	assert_int_equal(st, ST_SUCCESS);
	assert_true(got >= 16);
	assert_int_equal(t_get16(out + 8), got);
	return got;
}

/* A pipe opened as u (NULL: anonymous) and bound to abstract with NDR. */
static inline uint64_t st_open_bound_as(struct srvsvc *s, const char *pipe,
					const uint8_t *abstract, const struct srvsvc_user *u)
{
	const uint8_t *ts[1] = { st_ndr20 };
	uint8_t b[256];
	uint64_t id;
	size_t n;

	assert_int_equal(srvsvc_pipe_open(s, pipe, strlen(pipe), 1, u, &id), ST_SUCCESS);
	n = st_bind(b, 11, 1, 4280, 0, abstract, ts, 1);
	assert_int_equal(srvsvc_pipe_write(s, id, b, n), ST_SUCCESS);
	n = st_read_pdu(s, id, b, sizeof(b));
	assert_int_equal(b[2], 12);
	return id;
}

static inline uint64_t st_open_bound(struct srvsvc *s, const char *pipe, const uint8_t *abstract)
{
	return st_open_bound_as(s, pipe, abstract, NULL);
}

/*
 * A call in request fragments of at most frag stub bytes; the reassembled
 * response stub (under mem), or NULL with the FAULT status in *fault.
 */
static inline uint8_t *st_call_frag(void *mem, struct srvsvc *s, uint64_t id, uint16_t opnum,
				    const uint8_t *stub, size_t len, size_t frag, size_t *out_len,
				    uint32_t *fault)
{
	static uint32_t next_call_id = 100;
	uint32_t call_id = __atomic_add_fetch(&next_call_id, 1, __ATOMIC_RELAXED);
	uint8_t *pdu = talloc_size(mem, 24 + frag), *out = NULL, *resp = talloc_size(mem, 0x10000);
	size_t off = 0, n, got = 0;

	*fault = 0;
	do {
		size_t part = len - off < frag ? len - off : frag;
		uint8_t flags = (off ? 0 : 1) | (off + part == len ? 2 : 0);

		n = st_request(pdu, flags, call_id, 0, opnum, stub + off, part);
		assert_int_equal(srvsvc_pipe_write(s, id, pdu, n), ST_SUCCESS);
		off += part;
	} while (off < len);
	for (;;) {
		n = st_read_pdu(s, id, resp, 0x10000);
		assert_int_equal(t_get32(resp + 12), call_id);
		if (resp[2] == 3) {
			*fault = t_get32(resp + 24);
			return NULL;
		}
		assert_int_equal(resp[2], 2);
		out = talloc_realloc(mem, out, uint8_t, got + n - 24 + 1);
		memcpy(out + got, resp + 24, n - 24);
		got += n - 24;
		if (resp[3] & 2)
			break;
	}
	*out_len = got;
	return out;
}

static inline uint8_t *st_call(void *mem, struct srvsvc *s, uint64_t id, uint16_t opnum,
			       const struct ndr_push *stub, size_t *out_len, uint32_t *fault)
{
	assert_false(stub->err);
	return st_call_frag(mem, s, id, opnum, stub->buf, stub->len, 4000, out_len, fault);
}

#endif /* TSMB_TESTS_UNIT_SRVSVC_TEST_H */
