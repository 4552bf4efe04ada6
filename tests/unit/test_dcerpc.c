// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srvsvc/dcerpc.c, assoc.c, pipe.c: binds (NDR64 and wrong interfaces
 * refused, bind time feature negotiation), fragmentation in both
 * directions, the byte stream, the pipe table, malformed PDUs.
 */
#include <pthread.h>

#include "srvsvc_test.h"

#define FAULT_OP_RNG		0x1c010002u
#define FAULT_UNK_IF		0x1c010003u
#define FAULT_PROTO		0x1c01000bu
#define FAULT_NO_MEMORY		0x1c00001bu
#define FAULT_ACCESS_DENIED	0x00000005u

struct fx {
	void *mem;
	struct srvsvc *s;
	uint8_t *buf;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->mem = talloc_new(NULL);
	f->s = st_service(f->mem, 300);
	f->buf = talloc_size(f->mem, 0x20000);
	*state = f;
	return f->s ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	srvsvc_free(f->s);
	talloc_free(f->mem);
	free(f);
	return 0;
}

static uint64_t open_pipe(struct fx *f, const char *name)
{
	uint64_t id = 0;

	assert_int_equal(srvsvc_pipe_open(f->s, name, strlen(name), 7, NULL, &id), ST_SUCCESS);
	assert_true(id != 0);
	return id;
}

/* Writes n bytes of f->buf and reads the one answer back into f->buf. */
static size_t exchange(struct fx *f, uint64_t id, size_t n)
{
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, n), ST_SUCCESS);
	return st_read_pdu(f->s, id, f->buf, 0x20000);
}

/* The result list of a BIND_ACK: at 24 + 2 + secaddr, aligned to 4. */
static const uint8_t *ack_results(const uint8_t *b, unsigned int *n)
{
	size_t off = 26 + t_get16(b + 24);

	off = (off + 3) & ~(size_t)3;
	*n = b[off];
	return b + off + 4;
}

static void test_bind_ndr20(void **state)
{
	struct fx *f = *state;
	const uint8_t *ts[2] = { st_ndr64, st_ndr20 }, *r;
	uint64_t id = open_pipe(f, "srvsvc");
	unsigned int n;
	size_t len;

	len = exchange(f, id, st_bind(f->buf, 11, 5, 5840, 0, st_srvsvc, ts, 2));
	assert_int_equal(f->buf[2], 12);
	assert_int_equal(t_get32(f->buf + 12), 5);
	assert_int_equal(t_get16(f->buf + 16), 4280);	/* our fragments: at most 4280 */
	assert_true(t_get32(f->buf + 20) != 0);		/* an association group */
	assert_int_equal(t_get16(f->buf + 24), 13);
	assert_memory_equal(f->buf + 26, "\\PIPE\\srvsvc", 13);
	r = ack_results(f->buf, &n);
	assert_int_equal(n, 1);
	assert_int_equal(t_get16(r), 0);		/* acceptance */
	assert_memory_equal(r + 4, st_ndr20, 20);
	assert_int_equal(r + 24 - f->buf, len);
	/* one association a pipe: a second BIND is refused */
	exchange(f, id, st_bind(f->buf, 11, 6, 4280, 0, st_srvsvc, ts, 2));
	assert_int_equal(f->buf[2], 13);
	srvsvc_pipe_close(f->s, id);
}

static void test_bind_refused(void **state)
{
	struct fx *f = *state;
	const uint8_t *ts64[1] = { st_ndr64 }, *ts20[1] = { st_ndr20 }, *r;
	uint64_t id = open_pipe(f, "srvsvc");
	unsigned int n;

	/* NDR64 alone: provider rejection, transfer syntaxes not supported */
	exchange(f, id, st_bind(f->buf, 11, 1, 4280, 0, st_srvsvc, ts64, 1));
	assert_int_equal(f->buf[2], 12);
	r = ack_results(f->buf, &n);
	assert_int_equal(t_get16(r), 2);
	assert_int_equal(t_get16(r + 2), 2);
	assert_true(t_get32(r + 4) == 0 && t_get32(r + 20) == 0);
	/* nothing was accepted: the pipe is not bound, a BIND may come again */
	exchange(f, id, st_bind(f->buf, 11, 2, 4280, 0, st_wkssvc, ts20, 1));
	r = ack_results(f->buf, &n);
	assert_int_equal(t_get16(r), 2);
	assert_int_equal(t_get16(r + 2), 1);		/* abstract syntax not supported */
	exchange(f, id, st_bind(f->buf, 11, 3, 4280, 0, st_srvsvc, ts20, 1));
	r = ack_results(f->buf, &n);
	assert_int_equal(t_get16(r), 0);
	srvsvc_pipe_close(f->s, id);

	/* a newer minor version than ours, or a different major one */
	id = open_pipe(f, "lsarpc");
	memcpy(f->buf + 200, st_lsarpc, 20);
	f->buf[200 + 18] = 1;
	exchange(f, id, st_bind(f->buf, 11, 1, 4280, 0, f->buf + 200, ts20, 1));
	r = ack_results(f->buf, &n);
	assert_int_equal(t_get16(r + 2), 1);
	srvsvc_pipe_close(f->s, id);
}

static void test_bind_nak(void **state)
{
	struct fx *f = *state;
	const uint8_t *ts[1] = { st_ndr20 };
	uint64_t id = open_pipe(f, "srvsvc");
	size_t n;

	/* auth_length: no RPC-level authentication here */
	n = st_bind(f->buf, 11, 1, 4280, 0, st_srvsvc, ts, 1);
	memset(f->buf + n, 0, 16);
	t_put16(f->buf + 8, (uint16_t)(n + 16));
	t_put16(f->buf + 10, 8);
	exchange(f, id, n + 16);
	assert_int_equal(f->buf[2], 13);
	assert_int_equal(t_get16(f->buf + 16), 8);
	/* big-endian data representation */
	n = st_bind(f->buf, 11, 2, 4280, 0, st_srvsvc, ts, 1);
	f->buf[4] = 0;
	exchange(f, id, n);
	assert_int_equal(f->buf[2], 13);
	assert_int_equal(t_get16(f->buf + 16), 4);
	/* no context at all; a context cut short */
	n = st_bind(f->buf, 11, 3, 4280, 0, st_srvsvc, ts, 1);
	f->buf[24] = 0;
	exchange(f, id, n);
	assert_int_equal(f->buf[2], 13);
	n = st_bind(f->buf, 11, 4, 4280, 0, st_srvsvc, ts, 1);
	f->buf[24] = 2;
	exchange(f, id, n);
	assert_int_equal(f->buf[2], 13);
	n = st_bind(f->buf, 11, 5, 4280, 0, st_srvsvc, ts, 1);
	f->buf[30] = 0;		/* no transfer syntax */
	exchange(f, id, n);
	assert_int_equal(f->buf[2], 13);
	srvsvc_pipe_close(f->s, id);
}

static void test_bind_btfn(void **state)
{
	struct fx *f = *state;
	const uint8_t *ts[1] = { st_ndr20 }, *tb[1] = { st_btfn }, *r;
	uint64_t id = open_pipe(f, "srvsvc");
	unsigned int n;
	size_t len = st_bind(f->buf, 11, 1, 4280, 0, st_srvsvc, ts, 1);

	/* a second context: the same interface with the feature negotiation syntax */
	f->buf[24] = 2;
	len += st_bind(f->buf + 1000, 11, 1, 4280, 1, st_srvsvc, tb, 1) - 28;
	memcpy(f->buf + 72, f->buf + 1028, 44);
	t_put16(f->buf + 8, (uint16_t)len);
	exchange(f, id, len);
	assert_int_equal(f->buf[2], 12);
	r = ack_results(f->buf, &n);
	assert_int_equal(n, 2);
	assert_int_equal(t_get16(r), 0);
	assert_int_equal(t_get16(r + 24), 3);	/* negotiate_ack */
	assert_int_equal(t_get16(r + 26), 3);	/* both features */
	srvsvc_pipe_close(f->s, id);
}

static void test_alter_context(void **state)
{
	struct fx *f = *state;
	const uint8_t *ts[1] = { st_ndr20 }, *r;
	uint64_t id = open_pipe(f, "lsarpc");
	uint8_t stub[8] = { 0 };
	unsigned int n;
	size_t len;

	/* before any BIND: a FAULT */
	exchange(f, id, st_bind(f->buf, 14, 1, 4280, 0, st_lsarpc, ts, 1));
	assert_int_equal(f->buf[2], 3);
	exchange(f, id, st_bind(f->buf, 11, 2, 4280, 0, st_lsarpc, ts, 1));
	exchange(f, id, st_bind(f->buf, 14, 3, 4280, 5, st_lsarpc, ts, 1));
	assert_int_equal(f->buf[2], 15);
	assert_int_equal(t_get16(f->buf + 24), 0);	/* no secondary address */
	r = ack_results(f->buf, &n);
	assert_int_equal(t_get16(r), 0);
	/* context 5 now works; context 9 was never negotiated */
	len = st_request(f->buf, 3, 4, 5, 0, stub, 0);
	exchange(f, id, len);
	assert_int_equal(f->buf[2], 3);		/* LsarClose of nothing: a stub fault */
	assert_int_equal(t_get32(f->buf + 24), 0x6f7);
	t_put16(stub, 0);
	len = st_request(f->buf, 3, 5, 9, 0, stub, sizeof(stub));
	exchange(f, id, len);
	assert_int_equal(f->buf[2], 3);
	assert_int_equal(t_get32(f->buf + 24), FAULT_UNK_IF);
	srvsvc_pipe_close(f->s, id);
}

static void test_request_faults(void **state)
{
	struct fx *f = *state;
	uint8_t stub[32] = { 0 };
	uint64_t id = open_pipe(f, "srvsvc");
	size_t len;

	/* a request before BIND */
	exchange(f, id, st_request(f->buf, 3, 1, 0, 21, stub, 8));
	assert_int_equal(f->buf[2], 3);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	srvsvc_pipe_close(f->s, id);

	id = st_open_bound(f->s, "srvsvc", st_srvsvc);
	exchange(f, id, st_request(f->buf, 3, 2, 0, 99, stub, 8));
	assert_int_equal(t_get32(f->buf + 24), FAULT_OP_RNG);
	assert_true(f->buf[3] & 0x20);			/* did not execute */
	exchange(f, id, st_request(f->buf, 3, 3, 0, 0, stub, 8));	/* a hole in the table */
	assert_int_equal(t_get32(f->buf + 24), FAULT_OP_RNG);
	/* an auth verifier on a request */
	len = st_request(f->buf, 3, 4, 0, 21, stub, 16);
	t_put16(f->buf + 10, 4);
	exchange(f, id, len);
	assert_int_equal(t_get32(f->buf + 24), FAULT_ACCESS_DENIED);
	/* auth_length past the fragment */
	len = st_request(f->buf, 3, 5, 0, 21, stub, 0);
	t_put16(f->buf + 10, 200);
	exchange(f, id, len);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	/* a PDU type only a server sends */
	len = st_request(f->buf, 3, 6, 0, 21, stub, 8);
	f->buf[2] = 2;
	exchange(f, id, len);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	/* a short request header */
	st_hdr(f->buf, 0, 3, 20, 7);
	exchange(f, id, 20);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	/* cancels and orphans: no answer */
	st_hdr(f->buf, 18, 3, 16, 8);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, 16), ST_SUCCESS);
	st_hdr(f->buf, 19, 3, 16, 8);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, 16), ST_SUCCESS);
	assert_int_equal(srvsvc_pipe_read(f->s, id, f->buf, 100, &len), ST_PIPE_EMPTY);
	srvsvc_pipe_close(f->s, id);
}

/* NetrServerGetInfo level 101's stub: no server name. */
static size_t srvinfo_stub(uint8_t *b)
{
	t_put32(b, 0);
	t_put32(b + 4, 101);
	return 8;
}

static void test_request_fragments(void **state)
{
	struct fx *f = *state;
	uint64_t id = st_open_bound(f->s, "srvsvc", st_srvsvc);
	uint8_t stub[8], *resp;
	uint32_t fault;
	size_t n, len;

	srvinfo_stub(stub);
	/* 1, 2 and 3 bytes a fragment */
	for (n = 1; n <= 3; n++) {
		resp = st_call_frag(f->mem, f->s, id, 21, stub, sizeof(stub), n, &len, &fault);
		assert_non_null(resp);
		assert_int_equal(t_get32(resp), 101);
	}
	/* a middle fragment of another call, or with another opnum: refused */
	len = st_request(f->buf, 1, 50, 0, 21, stub, 4);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, len), ST_SUCCESS);
	len = st_request(f->buf, 2, 51, 0, 21, stub + 4, 4);
	exchange(f, id, len);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	len = st_request(f->buf, 1, 52, 0, 21, stub, 4);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, len), ST_SUCCESS);
	len = st_request(f->buf, 2, 52, 0, 16, stub + 4, 4);
	exchange(f, id, len);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	/* a middle fragment with no first one */
	exchange(f, id, st_request(f->buf, 0, 53, 0, 21, stub, 4));
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	resp = st_call_frag(f->mem, f->s, id, 21, stub, sizeof(stub), 8, &len, &fault);
	assert_non_null(resp);
	srvsvc_pipe_close(f->s, id);
}

static void test_request_too_big(void **state)
{
	struct fx *f = *state;
	uint64_t id = st_open_bound(f->s, "srvsvc", st_srvsvc);
	uint8_t stub[8], *resp, *zeros = talloc_zero_size(f->mem, 60000);
	uint32_t fault, i;
	size_t len = 0;

	/* 1 MiB and more in 60000-byte fragments: one FAULT, the rest dropped */
	for (i = 0; i < 20; i++) {
		size_t n = st_request(f->buf, i ? (i == 19 ? 2 : 0) : 1, 77, 0, 21, zeros, 60000);

		assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, n), ST_SUCCESS);
		if (i == 17) {
			len = st_read_pdu(f->s, id, f->buf, 0x20000);
			assert_int_equal(f->buf[2], 3);
			assert_int_equal(t_get32(f->buf + 24), FAULT_NO_MEMORY);
		}
	}
	assert_int_equal(srvsvc_pipe_read(f->s, id, f->buf, 100, &len), ST_PIPE_EMPTY);
	srvinfo_stub(stub);
	resp = st_call_frag(f->mem, f->s, id, 21, stub, sizeof(stub), 8, &len, &fault);
	assert_non_null(resp);
	srvsvc_pipe_close(f->s, id);
}

/* NetrShareEnum level 502 over 300 shares: many RESPONSE fragments of 1432 bytes. */
static void test_response_fragments(void **state)
{
	struct fx *f = *state;
	const uint8_t *ts[1] = { st_ndr20 };
	uint8_t stub[64], *all = talloc_size(f->mem, 0x40000);
	uint64_t id = open_pipe(f, "srvsvc");
	size_t n = 0, got = 0, frags = 0;
	uint32_t hint = 0;

	exchange(f, id, st_bind(f->buf, 11, 1, 1000, 0, st_srvsvc, ts, 1));
	assert_int_equal(t_get16(f->buf + 16), 1432);	/* raised to the minimum */
	memset(stub, 0, sizeof(stub));
	t_put32(stub + 4, 502);
	t_put32(stub + 8, 502);
	t_put32(stub + 12, 0x20000);
	t_put32(stub + 24, 0xFFFFFFFF);
	exchange(f, id, st_request(f->buf, 3, 9, 0, 15, stub, 32));
	for (;;) {
		assert_int_equal(f->buf[2], 2);
		assert_true(t_get16(f->buf + 8) <= 1432);
		assert_int_equal(!!(f->buf[3] & 1), frags == 0);
		/* alloc_hint: what is left of the stub from this fragment on */
		if (frags)
			assert_int_equal(t_get32(f->buf + 16), hint - n);
		hint = t_get32(f->buf + 16);
		n = t_get16(f->buf + 8) - 24;
		memcpy(all + got, f->buf + 24, n);
		got += n;
		frags++;
		if (f->buf[3] & 2)
			break;
		/* the next fragment is already queued: a write now is refused */
		assert_int_equal(srvsvc_pipe_write(f->s, id, stub, 8), 0xC00000AEu);
		st_read_pdu(f->s, id, f->buf, 0x20000);
	}
	assert_true(frags > 20);
	assert_int_equal(t_get32(all), 502);
	assert_int_equal(t_get32(all + 12), 303);		/* EntriesRead */
	assert_int_equal(t_get32(all + got - 4), 0);		/* WERR_OK */
	srvsvc_pipe_close(f->s, id);
}

static void test_byte_stream(void **state)
{
	struct fx *f = *state;
	const uint8_t *ts[1] = { st_ndr20 };
	uint64_t id = open_pipe(f, "srvsvc");
	uint8_t stub[8];
	size_t n, m, i, len;

	/* BIND then a request in one write, then read both back */
	n = st_bind(f->buf, 11, 1, 4280, 0, st_srvsvc, ts, 1);
	m = st_request(f->buf + n, 3, 2, 0, 21, stub, srvinfo_stub(stub));
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, n + m), ST_SUCCESS);
	st_read_pdu(f->s, id, f->buf, 0x20000);
	assert_int_equal(f->buf[2], 12);
	st_read_pdu(f->s, id, f->buf, 0x20000);
	assert_int_equal(f->buf[2], 2);
	/* a request written one byte at a time */
	n = st_request(f->buf, 3, 3, 0, 21, stub, 8);
	for (i = 0; i < n; i++)
		assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf + i, 1), ST_SUCCESS);
	/* message mode: short reads say there is more */
	assert_int_equal(srvsvc_pipe_read(f->s, id, f->buf, 10, &len), ST_BUFFER_OVERFLOW);
	assert_int_equal(len, 10);
	assert_int_equal(srvsvc_pipe_read(f->s, id, f->buf + 10, 0x1000, &len), ST_SUCCESS);
	assert_int_equal(t_get16(f->buf + 8), len + 10);
	assert_int_equal(srvsvc_pipe_read(f->s, id, f->buf, 100, &len), ST_PIPE_EMPTY);
	/* transceive */
	n = st_request(f->buf, 3, 4, 0, 21, stub, 8);
	assert_int_equal(srvsvc_pipe_transceive(f->s, id, f->buf, n, f->buf + 4096, 4096, &len),
			 ST_SUCCESS);
	assert_int_equal(f->buf[4096 + 2], 2);
	srvsvc_pipe_close(f->s, id);
}

static void test_garbage(void **state)
{
	struct fx *f = *state;
	uint64_t id = st_open_bound(f->s, "srvsvc", st_srvsvc);
	uint8_t stub[8], *resp;
	uint32_t fault;
	size_t len;

	/* not version 5; a frag_length below the header: one FAULT, the rest dropped */
	memset(f->buf, 0x41, 100);
	exchange(f, id, 100);
	assert_int_equal(f->buf[2], 3);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	st_hdr(f->buf, 0, 3, 10, 1);
	exchange(f, id, 40);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	/* a header split across writes, then garbage */
	memset(f->buf, 0x41, 16);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, 7), ST_SUCCESS);
	exchange(f, id, 9);
	assert_int_equal(t_get32(f->buf + 24), FAULT_PROTO);
	/* the association still works */
	srvinfo_stub(stub);
	resp = st_call_frag(f->mem, f->s, id, 21, stub, sizeof(stub), 8, &len, &fault);
	assert_non_null(resp);
	srvsvc_pipe_close(f->s, id);
}

static void test_pipe_table(void **state)
{
	struct fx *f = *state;
	uint64_t ids[1100], id, other;
	size_t len;
	unsigned int i;

	assert_int_equal(srvsvc_pipe_open(f->s, "\\PIPE\\SRVSVC", 12, 1, NULL, &id), ST_SUCCESS);
	srvsvc_pipe_close(f->s, id);
	assert_int_equal(srvsvc_pipe_open(f->s, "\\wkssvc", 7, 1, NULL, &id), ST_SUCCESS);
	srvsvc_pipe_close(f->s, id);
	assert_int_equal(srvsvc_pipe_open(f->s, "LsaRpc", 6, 1, NULL, &id), ST_SUCCESS);
	assert_int_equal(srvsvc_pipe_close(f->s, id), ST_SUCCESS);
	assert_int_equal(srvsvc_pipe_close(f->s, id), 0xC0000008u);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, 1), 0xC0000008u);
	assert_int_equal(srvsvc_pipe_read(f->s, id, f->buf, 1, &len), 0xC0000008u);
	assert_int_equal(srvsvc_pipe_open(f->s, "samr", 4, 1, NULL, &id), 0xC0000034u);
	assert_int_equal(srvsvc_pipe_open(f->s, "srvsvc\0", 7, 1, NULL, &id), 0xC0000034u);
	assert_int_equal(srvsvc_pipe_open(f->s, "srvsv", 5, 1, NULL, &id), 0xC0000034u);
	assert_int_equal(srvsvc_pipe_open(f->s, "", 0, 1, NULL, &id), 0xC0000034u);

	/* the limit, and a session's pipes closed together */
	for (i = 0; i < 1100; i++)
		if (srvsvc_pipe_open(f->s, "srvsvc", 6, 40 + (i & 1), NULL, &ids[i]))
			break;
	assert_int_equal(i, 1024);
	assert_int_equal(srvsvc_pipe_open(f->s, "srvsvc", 6, 42, NULL, &other),
			 0xC000009Au);
	srvsvc_close_session(f->s, 40);
	assert_int_equal(srvsvc_pipe_close(f->s, ids[0]), 0xC0000008u);
	assert_int_equal(srvsvc_pipe_close(f->s, ids[1]), ST_SUCCESS);
	srvsvc_close_session(f->s, 41);
	assert_int_equal(srvsvc_pipe_open(f->s, "srvsvc", 6, 42, NULL, &other), ST_SUCCESS);
	/* ids are never reused */
	for (i = 0; i < 1024; i++)
		assert_true(other != ids[i]);
	srvsvc_pipe_close(f->s, other);
	/* a pipe with queued output and a partial input, freed with the service */
	id = st_open_bound(f->s, "srvsvc", st_srvsvc);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, 0), ST_SUCCESS);
	st_hdr(f->buf, 0, 3, 100, 1);
	assert_int_equal(srvsvc_pipe_write(f->s, id, f->buf, 30), ST_SUCCESS);
	/* freeing the talloc parent frees the service and its pipes too */
	{
		void *mem = talloc_new(NULL);
		struct srvsvc *s = st_service(mem, 1);

		id = st_open_bound(s, "lsarpc", st_lsarpc);
		assert_int_equal(srvsvc_pipe_write(s, id, f->buf, 30), ST_SUCCESS);
		talloc_free(mem);
	}
}

struct worker {
	struct srvsvc *s;
	void *mem;
	int ok;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	uint8_t stub[8], *resp;
	uint32_t fault;
	size_t len;
	int i;

	srvinfo_stub(stub);
	for (i = 0; i < 200; i++) {
		uint64_t id = st_open_bound(w->s, "srvsvc", st_srvsvc);

		resp = st_call_frag(w->mem, w->s, id, 21, stub, sizeof(stub), 3, &len, &fault);
		w->ok += resp && t_get32(resp) == 101;
		srvsvc_pipe_close(w->s, id);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct fx *f = *state;
	struct worker w[4];
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++) {
		w[i].s = f->s;
		w[i].mem = talloc_new(NULL);
		w[i].ok = 0;
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		talloc_free(w[i].mem);
	}
	for (i = 0; i < 4; i++)
		assert_int_equal(w[i].ok, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bind_ndr20, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_nak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_btfn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alter_context, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_byte_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipe_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
