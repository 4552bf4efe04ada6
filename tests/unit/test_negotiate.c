// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/negotiate.c: the NEGOTIATE request decoder ([MS-SMB2] 2.2.3,
 * 2.2.3.1) and the response encoder (2.2.4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/negotiate.h"
#include "host.h"
#include "tsmb_test.h"

static struct t_msg msg;

/* Fixed-part field offsets, from the start of the message (header included). */
#define NEG_DIALECT_COUNT	(64 + 2)
#define NEG_SECMODE		(64 + 4)
#define NEG_CAPS		(64 + 8)
#define NEG_GUID		(64 + 12)
#define NEG_CTX_OFFSET		(64 + 28)
#define NEG_CTX_COUNT		(64 + 32)
#define NEG_DIALECTS		(64 + 36)

static const uint16_t all_dialects[] = { 0x0202, 0x0210, 0x0300, 0x0302, 0x0311 };

static const struct t_ctx windows_ctx[] = {
	T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
	T_CTX(SMB2_ENCRYPTION_CAPABILITIES, t_ctx_encryption),
	T_CTX(SMB2_COMPRESSION_CAPABILITIES, t_ctx_compression),
	T_CTX(SMB2_NETNAME_NEGOTIATE_CONTEXT_ID, t_ctx_netname),
	T_CTX(SMB2_SIGNING_CAPABILITIES, t_ctx_signing),
};

static struct tsmb_status decode(struct tsmb_negotiate_req *req)
{
	return tsmb_negotiate_req_decode(msg.b, msg.n, req);
}

static void build(const uint16_t *d, unsigned int nd, const struct t_ctx *c, unsigned int nc)
{
	msg.n = 0;
	t_negotiate(&msg, 0, 1, d, nd, c, nc);
}

static void expect_invalid(const char *what)
{
	struct tsmb_negotiate_req req;
	struct tsmb_status st = decode(&req);

	if (st.v != STATUS_INVALID_PARAMETER)
		fail_msg("%s: 0x%08x, expected STATUS_INVALID_PARAMETER", what, st.v);
}

static void expect_ok(const char *what, struct tsmb_negotiate_req *req)
{
	struct tsmb_status st = decode(req);

	if (st.v != STATUS_SUCCESS)
		fail_msg("%s: 0x%08x, expected success", what, st.v);
}

/* --- decoder: valid requests --- */

static void test_each_dialect(void **state)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		struct tsmb_negotiate_req req;

		build(&all_dialects[i], 1, NULL, 0);
		expect_ok("single dialect", &req);
		assert_int_equal(req.dialects.count, 1);
		assert_int_equal(tsmb_u16_list_at(&req.dialects, 0), all_dialects[i]);
		assert_int_equal(req.security_mode, SMB2_NEGOTIATE_SIGNING_ENABLED);
		assert_int_equal(req.capabilities, 0x7f);
		assert_int_equal(req.client_guid[0], 0xA0);
		assert_int_equal(req.client_guid[15], 0xAF);
		assert_false(req.contexts_parsed);
		assert_false(req.has_preauth);
	}
}

static void test_311_only_preauth(void **state)
{
	static const uint16_t d = 0x0311;
	struct tsmb_negotiate_req req;

	build(&d, 1, windows_ctx, 1);
	expect_ok("3.1.1 with preauth", &req);
	assert_true(req.contexts_parsed);
	assert_int_equal(req.context_count, 1);
	assert_true(req.has_preauth);
	assert_int_equal(req.hash_algs.count, 1);
	assert_int_equal(tsmb_u16_list_at(&req.hash_algs, 0), SMB2_PREAUTH_INTEGRITY_SHA512);
	assert_false(req.has_encryption);
	assert_false(req.has_signing);
	assert_false(req.has_compression);
}

static void test_311_all_contexts(void **state)
{
	struct tsmb_negotiate_req req;

	build(all_dialects, 5, windows_ctx, 5);
	expect_ok("Windows-like 3.1.1", &req);
	assert_int_equal(req.dialects.count, 5);
	assert_int_equal(tsmb_u16_list_at(&req.dialects, 4), 0x0311);
	assert_true(req.contexts_parsed);
	assert_int_equal(req.context_count, 5);
	assert_true(req.has_preauth);
	assert_true(req.has_encryption);
	assert_int_equal(req.ciphers.count, 4);
	assert_int_equal(tsmb_u16_list_at(&req.ciphers, 0), SMB2_ENCRYPTION_AES128_GCM);
	assert_int_equal(tsmb_u16_list_at(&req.ciphers, 3), SMB2_ENCRYPTION_AES256_CCM);
	assert_true(req.has_signing);
	assert_int_equal(req.signing_algs.count, 3);
	assert_int_equal(tsmb_u16_list_at(&req.signing_algs, 0), SMB2_SIGNING_AES_GMAC);
	assert_int_equal(tsmb_u16_list_at(&req.signing_algs, 2), SMB2_SIGNING_HMAC_SHA256);
	assert_true(req.has_compression);
}

/* Unknown and informational contexts are skipped, even twice. */
static void test_311_unknown_contexts(void **state)
{
	static const uint8_t junk[] = { 1, 2, 3 };
	const struct t_ctx c[] = {
		T_CTX(0x7777, junk),
		T_CTX(SMB2_NETNAME_NEGOTIATE_CONTEXT_ID, t_ctx_netname),
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
		T_CTX(SMB2_NETNAME_NEGOTIATE_CONTEXT_ID, t_ctx_netname),
		{ SMB2_TRANSPORT_CAPABILITIES, NULL, 0 },
	};
	static const uint16_t d = 0x0311;
	struct tsmb_negotiate_req req;

	build(&d, 1, c, 5);
	expect_ok("unknown contexts", &req);
	assert_true(req.has_preauth);
}

/* The last context need not be padded; the others are aligned by the builder. */
static void test_311_last_context_unpadded(void **state)
{
	const struct t_ctx c[] = {
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
		T_CTX(SMB2_NETNAME_NEGOTIATE_CONTEXT_ID, t_ctx_netname),
	};
	static const uint16_t d = 0x0311;
	struct tsmb_negotiate_req req;

	build(&d, 1, c, 2);
	assert_int_not_equal(msg.n & 7, 0);
	expect_ok("unpadded last context", &req);
}

/* A preauth context with an empty salt and several algorithms. */
static void test_311_preauth_variants(void **state)
{
	static const uint8_t p[] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00 };
	const struct t_ctx c[] = { T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, p) };
	static const uint16_t d = 0x0311;
	struct tsmb_negotiate_req req;

	build(&d, 1, c, 1);
	expect_ok("two hash algorithms", &req);
	assert_int_equal(req.hash_algs.count, 2);
	assert_int_equal(tsmb_u16_list_at(&req.hash_algs, 1), SMB2_PREAUTH_INTEGRITY_SHA512);
}

/* Without 3.1.1 the context fields are ClientStartTime and are ignored. */
static void test_client_start_time_ignored(void **state)
{
	struct tsmb_negotiate_req req;

	build(all_dialects, 4, NULL, 0);
	t_put32(msg.b + NEG_CTX_OFFSET, 0xDEADBEEF);
	t_put16(msg.b + NEG_CTX_COUNT, 0xFFFF);
	t_put16(msg.b + NEG_CTX_COUNT + 2, 0x1234);
	expect_ok("ClientStartTime", &req);
	assert_false(req.contexts_parsed);
	assert_int_equal(req.dialects.count, 4);
}

/* A buffer beyond the dialects (padding, a security blob) is fine. */
static void test_trailing_bytes(void **state)
{
	struct tsmb_negotiate_req req;

	build(all_dialects, 2, NULL, 0);
	t_append(&msg, NULL, 100);
	expect_ok("trailing bytes", &req);
}

/* --- decoder: malformed requests --- */

static void test_bad_structure_size(void **state)
{
	static const uint16_t sizes[] = { 0, 35, 37, 65, 0xFFFF };
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		build(all_dialects, 2, NULL, 0);
		t_put16(msg.b + 64, sizes[i]);
		expect_invalid("StructureSize");
	}
}

static void test_short_messages(void **state)
{
	size_t full, len;

	build(all_dialects, 1, NULL, 0);
	full = msg.n;
	for (len = 0; len < full; len++) {
		struct tsmb_negotiate_req req;
		struct tsmb_status st = tsmb_negotiate_req_decode(msg.b, len, &req);

		if (st.v != STATUS_INVALID_PARAMETER)
			fail_msg("%zu of %zu bytes: 0x%08x", len, full, st.v);
	}
}

static void test_dialect_count_zero(void **state)
{
	build(all_dialects, 2, NULL, 0);
	t_put16(msg.b + NEG_DIALECT_COUNT, 0);
	expect_invalid("DialectCount 0");
}

static void test_dialects_past_end(void **state)
{
	build(all_dialects, 4, NULL, 0);
	t_put16(msg.b + NEG_DIALECT_COUNT, 5);
	expect_invalid("DialectCount 5 with 4");
	t_put16(msg.b + NEG_DIALECT_COUNT, 0xFFFF);
	expect_invalid("DialectCount 0xFFFF");
	/* half a dialect */
	build(all_dialects, 4, NULL, 0);
	msg.n--;
	expect_invalid("odd length");
}

static void build_311(unsigned int nctx)
{
	build(all_dialects, 5, windows_ctx, nctx);
}

static void test_context_count_zero(void **state)
{
	build_311(1);
	t_put16(msg.b + NEG_CTX_COUNT, 0);
	expect_invalid("3.1.1 with NegotiateContextCount 0");
}

static void test_context_count_too_big(void **state)
{
	build_311(5);
	t_put16(msg.b + NEG_CTX_COUNT, 6);
	expect_invalid("one context more than sent");
	t_put16(msg.b + NEG_CTX_COUNT, 0xFFFF);
	expect_invalid("NegotiateContextCount 0xFFFF");
}

static void test_context_offset_misaligned(void **state)
{
	uint32_t off;
	unsigned int k;

	build_311(1);
	off = t_get32(msg.b + NEG_CTX_OFFSET);
	/* Shift the context by k bytes and point at it: still misaligned. */
	for (k = 1; k < 8; k++) {
		struct t_msg *m = &msg;

		build_311(1);
		memmove(m->b + off + k, m->b + off, m->n - off);
		memset(m->b + off, 0, k);
		m->n += k;
		t_put32(m->b + NEG_CTX_OFFSET, off + k);
		expect_invalid("misaligned NegotiateContextOffset");
	}
}

static void test_context_offset_past_end(void **state)
{
	build_311(1);
	t_put32(msg.b + NEG_CTX_OFFSET, (uint32_t)((msg.n + 8) & ~7u));
	expect_invalid("offset past the end");
	t_put32(msg.b + NEG_CTX_OFFSET, 0xFFFFFFF8u);
	expect_invalid("offset 0xFFFFFFF8");
	/* at the very end: no room for a context header */
	build_311(1);
	t_append(&msg, NULL, (8 - (msg.n & 7)) & 7);
	t_put32(msg.b + NEG_CTX_OFFSET, (uint32_t)msg.n);
	expect_invalid("offset at the end");
}

static void test_context_offset_inside_fixed_part(void **state)
{
	build_311(1);
	t_put32(msg.b + NEG_CTX_OFFSET, 0);
	expect_invalid("offset 0 (the header)");
}

static void test_data_length_past_end(void **state)
{
	uint32_t off;

	build_311(1);
	off = t_get32(msg.b + NEG_CTX_OFFSET);
	t_put16(msg.b + off + 2, (uint16_t)(msg.n - off - 8 + 1));
	expect_invalid("DataLength one past the end");
	t_put16(msg.b + off + 2, 0xFFFF);
	expect_invalid("DataLength 0xFFFF");
	/* a truncated context header */
	build_311(1);
	msg.n = off + 6;
	expect_invalid("context header cut short");
}

/* The second context's header is read at the next 8-byte boundary. */
static void test_second_context_past_end(void **state)
{
	build_311(2);
	t_put16(msg.b + NEG_CTX_COUNT, 2);
	msg.n -= sizeof(t_ctx_encryption);
	expect_invalid("second context's data cut short");
}

static void dup_case(uint16_t type, const uint8_t *data, uint16_t len)
{
	struct t_ctx c[3] = {
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
		{ type, data, len },
		{ type, data, len },
	};
	static const uint16_t d = 0x0311;
	unsigned int n = type == SMB2_PREAUTH_INTEGRITY_CAPABILITIES ? 2 : 3;

	build(&d, 1, c, n);
}

static void test_duplicate_contexts(void **state)
{
	dup_case(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth, sizeof(t_ctx_preauth));
	expect_invalid("two preauth contexts");
	dup_case(SMB2_ENCRYPTION_CAPABILITIES, t_ctx_encryption, sizeof(t_ctx_encryption));
	expect_invalid("two encryption contexts");
	dup_case(SMB2_SIGNING_CAPABILITIES, t_ctx_signing, sizeof(t_ctx_signing));
	expect_invalid("two signing contexts");
	dup_case(SMB2_COMPRESSION_CAPABILITIES, t_ctx_compression, sizeof(t_ctx_compression));
	expect_invalid("two compression contexts");
}

static void one_ctx(uint16_t type, const uint8_t *data, uint16_t len)
{
	const struct t_ctx c[2] = {
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
		{ type, data, len },
	};
	static const uint16_t d = 0x0311;

	if (type == SMB2_PREAUTH_INTEGRITY_CAPABILITIES)
		build(&d, 1, c + 1, 1);
	else
		build(&d, 1, c, 2);
}

static void test_empty_algorithm_lists(void **state)
{
	static const uint8_t hash0[] = { 0x00, 0x00, 0x20, 0x00 };
	static const uint8_t cipher0[] = { 0x00, 0x00 };
	static const uint8_t sign0[] = { 0x00, 0x00 };
	static const uint8_t comp0[] = { 0x00, 0x00, 0, 0, 0, 0, 0, 0 };

	one_ctx(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, hash0, sizeof(hash0));
	expect_invalid("HashAlgorithmCount 0");
	one_ctx(SMB2_ENCRYPTION_CAPABILITIES, cipher0, sizeof(cipher0));
	expect_invalid("CipherCount 0");
	one_ctx(SMB2_SIGNING_CAPABILITIES, sign0, sizeof(sign0));
	expect_invalid("SigningAlgorithmCount 0");
	one_ctx(SMB2_COMPRESSION_CAPABILITIES, comp0, sizeof(comp0));
	expect_invalid("CompressionAlgorithmCount 0");
}

/* Counts and lengths inside a context are bounded by its DataLength. */
static void test_lists_past_data_length(void **state)
{
	static const uint8_t hash_long[] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x00 };
	static const uint8_t salt_long[] = { 0x01, 0x00, 0x20, 0x00, 0x01, 0x00, 0xAA };
	static const uint8_t cipher_long[] = { 0x03, 0x00, 0x01, 0x00, 0x02, 0x00 };
	static const uint8_t sign_long[] = { 0x02, 0x00, 0x01, 0x00 };
	static const uint8_t comp_short[] = { 0x01, 0x00, 0x00, 0x00 };
	static const uint8_t hash_hdr_short[] = { 0x01, 0x00 };

	one_ctx(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, hash_long, sizeof(hash_long));
	expect_invalid("HashAlgorithmCount past DataLength");
	one_ctx(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, salt_long, sizeof(salt_long));
	expect_invalid("SaltLength past DataLength");
	one_ctx(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, hash_hdr_short, sizeof(hash_hdr_short));
	expect_invalid("preauth context of 2 bytes");
	one_ctx(SMB2_ENCRYPTION_CAPABILITIES, cipher_long, sizeof(cipher_long));
	expect_invalid("CipherCount past DataLength");
	one_ctx(SMB2_SIGNING_CAPABILITIES, sign_long, sizeof(sign_long));
	expect_invalid("SigningAlgorithmCount past DataLength");
	one_ctx(SMB2_COMPRESSION_CAPABILITIES, comp_short, sizeof(comp_short));
	expect_invalid("compression context cut short");
	one_ctx(SMB2_ENCRYPTION_CAPABILITIES, NULL, 0);
	expect_invalid("empty encryption context");
}

/* --- response encoder --- */

static struct tsmb_negotiate_rsp base_rsp(uint16_t dialect)
{
	struct tsmb_negotiate_rsp r;
	unsigned int i;

	memset(&r, 0, sizeof(r));
	r.security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED | SMB2_NEGOTIATE_SIGNING_REQUIRED;
	r.dialect = dialect;
	for (i = 0; i < 16; i++)
		r.server_guid[i] = (uint8_t)(0x10 + i);
	r.capabilities = SMB2_GLOBAL_CAP_LARGE_MTU;
	r.max_transact_size = 0x00800000;
	r.max_read_size = 0x00100000;
	r.max_write_size = 0x00200000;
	r.system_time = 0x01DA000011112222ull;
	r.server_start_time = 0x01D9000033334444ull;
	for (i = 0; i < TSMB_PREAUTH_SALT_LEN; i++)
		r.preauth_salt[i] = (uint8_t)(0x80 + i);
	return r;
}

static uint8_t out[4096];

/* Encodes after a 64-byte "header" of 0x11 at the start of out; returns the length. */
static size_t encode(const struct tsmb_negotiate_rsp *r, size_t cap)
{
	struct tsmb_wr w;

	memset(out, 0xEE, sizeof(out));
	memset(out, 0x11, 64);
	tsmb_wr_init(&w, out, cap);
	w.off = 64;
	tsmb_negotiate_rsp_encode(&w, r);
	assert_true(tsmb_wr_ok(&w));
	return w.off;
}

static void check_fixed(const struct tsmb_negotiate_rsp *r)
{
	const uint8_t *b = out + 64;

	assert_int_equal(t_get16(b + 0), 65);			/* StructureSize */
	assert_int_equal(t_get16(b + 2), r->security_mode);	/* SecurityMode */
	assert_int_equal(t_get16(b + 4), r->dialect);		/* DialectRevision */
	assert_memory_equal(b + 8, r->server_guid, 16);		/* ServerGuid */
	assert_int_equal(t_get32(b + 24), r->capabilities);
	assert_int_equal(t_get32(b + 28), r->max_transact_size);
	assert_int_equal(t_get32(b + 32), r->max_read_size);
	assert_int_equal(t_get32(b + 36), r->max_write_size);
	assert_true(t_get64(b + 40) == r->system_time);
	assert_true(t_get64(b + 48) == r->server_start_time);
	assert_int_equal(t_get16(b + 56), 128);			/* SecurityBufferOffset */
	assert_int_equal(t_get16(b + 58), r->security_buffer_len);
	assert_int_equal(out[0], 0x11);				/* header untouched */
	assert_int_equal(out[63], 0x11);
}

static void test_rsp_fixed_fields(void **state)
{
	static const uint16_t d[] = { 0x0202, 0x0210, 0x0300, 0x0302, 0x02FF };
	unsigned int i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		struct tsmb_negotiate_rsp r = base_rsp(d[i]);
		size_t len = encode(&r, sizeof(out));

		check_fixed(&r);
		assert_int_equal(t_get16(out + 64 + 6), 0);	/* Reserved (no contexts) */
		assert_int_equal(t_get32(out + 64 + 60), 0);	/* Reserved2 */
		/* StructureSize 65: one buffer byte even with no buffer */
		assert_int_equal(len, 64 + 65);
		assert_int_equal(out[128], 0);
		assert_int_equal(out[129], 0xEE);
	}
}

static void test_rsp_security_buffer(void **state)
{
	uint8_t blob[74];
	struct tsmb_negotiate_rsp r = base_rsp(0x0302);
	size_t len;
	unsigned int i;

	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (uint8_t)(0x60 ^ i);
	r.security_buffer = blob;
	r.security_buffer_len = sizeof(blob);
	len = encode(&r, sizeof(out));
	check_fixed(&r);
	assert_int_equal(len, 128 + sizeof(blob));
	assert_memory_equal(out + 128, blob, sizeof(blob));
	assert_int_equal(t_get32(out + 64 + 60), 0);
}

struct parsed_ctx {
	uint16_t type, len;
	size_t data;		/* offset in out */
};

/* Walks the response's context list as a client would. */
static unsigned int parse_contexts(size_t len, struct parsed_ctx *c, unsigned int max)
{
	uint32_t off = t_get32(out + 64 + 60);
	unsigned int n = t_get16(out + 64 + 6), i;

	assert_true(n <= max);
	assert_int_equal(off & 7, 0);
	for (i = 0; i < n; i++) {
		if (i)
			off = (off + 7) & ~7u;
		assert_int_equal(off & 7, 0);
		assert_true(off + 8 <= len);
		c[i].type = t_get16(out + off);
		c[i].len = t_get16(out + off + 2);
		assert_int_equal(t_get32(out + off + 4), 0);	/* Reserved */
		c[i].data = off + 8;
		off += 8 + c[i].len;
		assert_true(off <= len);
	}
	assert_int_equal(off, len);	/* nothing after the last context */
	return n;
}

static void check_padding_zero(size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (out[i])
			fail_msg("padding byte at %zu is 0x%02x", i, out[i]);
}

static void test_rsp_311_contexts(void **state)
{
	static const uint8_t blob[3] = { 0xA1, 0x05, 0x30 };	/* odd length on purpose */
	struct tsmb_negotiate_rsp r = base_rsp(0x0311);
	struct parsed_ctx c[3];
	size_t len;

	r.security_buffer = blob;
	r.security_buffer_len = sizeof(blob);
	r.preauth = true;
	r.encryption = true;
	r.cipher = SMB2_ENCRYPTION_AES128_GCM;
	r.signing = true;
	r.signing_alg = SMB2_SIGNING_AES_CMAC;
	len = encode(&r, sizeof(out));
	check_fixed(&r);
	assert_memory_equal(out + 128, blob, 3);
	assert_int_equal(t_get32(out + 64 + 60), 136);	/* NegotiateContextOffset */
	check_padding_zero(131, 136);
	assert_int_equal(parse_contexts(len, c, 3), 3);

	assert_int_equal(c[0].type, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	assert_int_equal(c[0].len, 6 + 32);
	assert_int_equal(t_get16(out + c[0].data), 1);		/* HashAlgorithmCount */
	assert_int_equal(t_get16(out + c[0].data + 2), 32);	/* SaltLength */
	assert_int_equal(t_get16(out + c[0].data + 4), SMB2_PREAUTH_INTEGRITY_SHA512);
	assert_memory_equal(out + c[0].data + 6, r.preauth_salt, 32);

	assert_int_equal(c[1].type, SMB2_ENCRYPTION_CAPABILITIES);
	assert_int_equal(c[1].len, 4);
	assert_int_equal(t_get16(out + c[1].data), 1);
	assert_int_equal(t_get16(out + c[1].data + 2), SMB2_ENCRYPTION_AES128_GCM);
	check_padding_zero(c[0].data + c[0].len, c[1].data - 8);

	assert_int_equal(c[2].type, SMB2_SIGNING_CAPABILITIES);
	assert_int_equal(c[2].len, 4);
	assert_int_equal(t_get16(out + c[2].data), 1);
	assert_int_equal(t_get16(out + c[2].data + 2), SMB2_SIGNING_AES_CMAC);
	check_padding_zero(c[1].data + c[1].len, c[2].data - 8);
}

static void test_rsp_311_preauth_only(void **state)
{
	struct tsmb_negotiate_rsp r = base_rsp(0x0311);
	struct parsed_ctx c[1];
	size_t len;

	r.preauth = true;
	len = encode(&r, sizeof(out));
	check_fixed(&r);
	assert_int_equal(t_get32(out + 64 + 60), 128);	/* right after the fixed part */
	assert_int_equal(parse_contexts(len, c, 1), 1);
	assert_int_equal(len, 128 + 8 + 38);
}

/* "No cipher in common" is sent as a one-entry list holding 0. */
static void test_rsp_311_no_cipher(void **state)
{
	struct tsmb_negotiate_rsp r = base_rsp(0x0311);
	struct parsed_ctx c[2];
	size_t len;

	r.preauth = true;
	r.encryption = true;
	r.cipher = SMB2_ENCRYPTION_NONE;
	len = encode(&r, sizeof(out));
	assert_int_equal(parse_contexts(len, c, 2), 2);
	assert_int_equal(c[1].type, SMB2_ENCRYPTION_CAPABILITIES);
	assert_int_equal(t_get16(out + c[1].data), 1);
	assert_int_equal(t_get16(out + c[1].data + 2), 0);
}

/*
 * A response second in a compound: its header sits at an 8-byte aligned
 * offset in the buffer, and its offsets still count from that header.
 */
static void test_rsp_offsets_from_own_header(void **state)
{
	static const uint8_t blob[5] = { 1, 2, 3, 4, 5 };
	struct tsmb_negotiate_rsp r = base_rsp(0x0311);
	const size_t base = 80;
	struct tsmb_wr w;
	uint32_t ctx;

	r.security_buffer = blob;
	r.security_buffer_len = sizeof(blob);
	r.preauth = true;
	memset(out, 0xEE, sizeof(out));
	tsmb_wr_init(&w, out, sizeof(out));
	w.off = base + 64;
	tsmb_negotiate_rsp_encode(&w, &r);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(t_get16(out + base + 64 + 56), 128);	/* SecurityBufferOffset */
	assert_memory_equal(out + base + 128, blob, sizeof(blob));
	ctx = t_get32(out + base + 64 + 60);
	assert_int_equal(ctx, 136);
	assert_int_equal(t_get16(out + base + ctx), SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	assert_int_equal(w.off, base + ctx + 8 + 38);
}

/* An encoder that runs out of room leaves the writer bad and stays inside it. */
static void test_rsp_short_writer(void **state)
{
	struct tsmb_negotiate_rsp r = base_rsp(0x0311);
	size_t cap;

	r.preauth = true;
	r.encryption = true;
	r.signing = true;
	/* 64 + 64 fixed, contexts at 128: 46, pad 2, 12, pad 4, 12 = 204 bytes */
	for (cap = 64; cap < 204; cap++) {
		struct tsmb_wr w;

		memset(out, 0xEE, sizeof(out));
		tsmb_wr_init(&w, out, cap);
		w.off = 64;
		tsmb_negotiate_rsp_encode(&w, &r);
		assert_false(tsmb_wr_ok(&w));
		if (out[cap] != 0xEE)
			fail_msg("capacity %zu: byte written past the end", cap);
	}
	assert_int_equal(encode(&r, 204), 204);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_dialect),
		cmocka_unit_test(test_311_only_preauth),
		cmocka_unit_test(test_311_all_contexts),
		cmocka_unit_test(test_311_unknown_contexts),
		cmocka_unit_test(test_311_last_context_unpadded),
		cmocka_unit_test(test_311_preauth_variants),
		cmocka_unit_test(test_client_start_time_ignored),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_bad_structure_size),
		cmocka_unit_test(test_short_messages),
		cmocka_unit_test(test_dialect_count_zero),
		cmocka_unit_test(test_dialects_past_end),
		cmocka_unit_test(test_context_count_zero),
		cmocka_unit_test(test_context_count_too_big),
		cmocka_unit_test(test_context_offset_misaligned),
		cmocka_unit_test(test_context_offset_past_end),
		cmocka_unit_test(test_context_offset_inside_fixed_part),
		cmocka_unit_test(test_data_length_past_end),
		cmocka_unit_test(test_second_context_past_end),
		cmocka_unit_test(test_duplicate_contexts),
		cmocka_unit_test(test_empty_algorithm_lists),
		cmocka_unit_test(test_lists_past_data_length),
		cmocka_unit_test(test_rsp_fixed_fields),
		cmocka_unit_test(test_rsp_security_buffer),
		cmocka_unit_test(test_rsp_311_contexts),
		cmocka_unit_test(test_rsp_311_preauth_only),
		cmocka_unit_test(test_rsp_311_no_cipher),
		cmocka_unit_test(test_rsp_offsets_from_own_header),
		cmocka_unit_test(test_rsp_short_writer),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
