// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/create.c: the CREATE request decoder and its create context
 * chain ([MS-SMB2] 2.2.13, 2.2.13.2), and the response encoder (2.2.14).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/create.h"
#include "core/wire/fscc.h"
#include "host.h"
#include "tsmb_test.h"

static struct t_msg msg;
static uint8_t out[4096];

/* Body field offsets, from the start of the message. */
#define C_SSIZE		(64 + 0)
#define C_OPLOCK	(64 + 3)
#define C_IMPERS	(64 + 4)
#define C_ACCESS	(64 + 24)
#define C_ATTRS		(64 + 28)
#define C_SHARE		(64 + 32)
#define C_DISP		(64 + 36)
#define C_OPTIONS	(64 + 40)
#define C_NAME_OFF	(64 + 44)
#define C_NAME_LEN	(64 + 46)
#define C_CTX_OFF	(64 + 48)
#define C_CTX_LEN	(64 + 52)
#define C_BUFFER	(64 + 56)

struct t_cctx {
	const char *name;	/* NUL-terminated; its length is NameLength */
	const void *data;
	uint32_t len;
};

/* Where build() put each context, from the start of the message. */
static size_t ctx_at[8];

/* A CREATE request as Windows lays it out: name at 120, contexts 8-aligned after. */
static void build(const char *name, const struct t_cctx *c, unsigned int n)
{
	struct t_hdr h = { .cmd = 5, .mid = 7, .credits = 1 };
	size_t ctx_start = 0, i, prev = 0;

	msg.n = 0;
	t_hdr(&msg, &h);
	t_u16(&msg, 57);
	t_append(&msg, NULL, 1);		/* SecurityFlags */
	t_append(&msg, NULL, 1)[0] = 0xFF;	/* RequestedOplockLevel: lease */
	t_u32(&msg, 2);				/* Impersonation */
	t_u64(&msg, 0);
	t_u64(&msg, 0);
	t_u32(&msg, 0x0012019f);
	t_u32(&msg, FILE_ATTRIBUTE_NORMAL);
	t_u32(&msg, FILE_SHARE_READ | FILE_SHARE_WRITE);
	t_u32(&msg, FILE_OPEN_IF);
	t_u32(&msg, FILE_NON_DIRECTORY_FILE);
	t_u16(&msg, C_BUFFER);
	t_u16(&msg, (uint16_t)(2 * strlen(name)));
	t_u32(&msg, 0);
	t_u32(&msg, 0);
	for (i = 0; name[i]; i++)
		t_u16(&msg, (uint8_t)name[i]);
	if (!name[0])
		t_append(&msg, NULL, 1);	/* the buffer byte StructureSize 57 counts */
	for (i = 0; i < n; i++) {
		size_t nl = strlen(c[i].name), at;

		t_pad8(&msg);
		at = msg.n;
		ctx_at[i] = at;
		if (!i)
			ctx_start = at;
		else
			t_put32(msg.b + prev, (uint32_t)(at - prev));
		prev = at;
		t_u32(&msg, 0);
		t_u16(&msg, 16);
		t_u16(&msg, (uint16_t)nl);
		t_u16(&msg, 0);
		t_u16(&msg, c[i].len ? (uint16_t)((16 + nl + 7) & ~7u) : 0);
		t_u32(&msg, c[i].len);
		t_append(&msg, c[i].name, nl);
		if (c[i].len) {
			t_pad8(&msg);
			t_append(&msg, c[i].data, c[i].len);
		}
	}
	if (n) {
		t_put32(msg.b + C_CTX_OFF, (uint32_t)ctx_start);
		t_put32(msg.b + C_CTX_LEN, (uint32_t)(msg.n - ctx_start));
	}
}

static struct tsmb_status decode(struct tsmb_create_req *req)
{
	return tsmb_create_req_decode(msg.b, msg.n, req);
}

static void expect_invalid(const char *what)
{
	struct tsmb_create_req req;
	struct tsmb_status st = decode(&req);

	if (st.v != STATUS_INVALID_PARAMETER)
		fail_msg("%s: 0x%08x, expected STATUS_INVALID_PARAMETER", what, st.v);
}

static void expect_ok(const char *what, struct tsmb_create_req *req)
{
	struct tsmb_status st = decode(req);

	if (st.v != STATUS_SUCCESS)
		fail_msg("%s: 0x%08x, expected success", what, st.v);
}

static const uint8_t dhnq[16];
static const uint8_t alsi[8] = { 0x00, 0x10 };
static const struct t_cctx windows_ctx[] = {
	{ "DHnQ", dhnq, sizeof(dhnq) },
	{ "MxAc", NULL, 0 },
	{ "QFid", NULL, 0 },
	{ "AlSi", alsi, sizeof(alsi) },
};

/* --- decoder: valid requests --- */

static void test_fields(void **state)
{
	struct tsmb_create_req req;

	build("dir\\file.txt", NULL, 0);
	expect_ok("plain", &req);
	assert_int_equal(req.oplock_level, 0xFF);
	assert_int_equal(req.impersonation_level, 2);
	assert_int_equal(req.desired_access, 0x0012019f);
	assert_int_equal(req.file_attributes, FILE_ATTRIBUTE_NORMAL);
	assert_int_equal(req.share_access, FILE_SHARE_READ | FILE_SHARE_WRITE);
	assert_int_equal(req.disposition, FILE_OPEN_IF);
	assert_int_equal(req.options, FILE_NON_DIRECTORY_FILE);
	assert_ptr_equal(req.name, msg.b + C_BUFFER);
	assert_int_equal(req.name_len, 24);
	assert_null(req.ctx);
	assert_int_equal(req.nr_ctx, 0);
}

static void test_empty_name(void **state)
{
	struct tsmb_create_req req;

	build("", NULL, 0);
	expect_ok("empty name at the buffer", &req);
	assert_int_equal(req.name_len, 0);
	/* smbclient and Windows also send NameOffset 0 for the share root */
	t_put16(msg.b + C_NAME_OFF, 0);
	expect_ok("empty name, offset 0", &req);
	assert_int_equal(req.name_len, 0);
	assert_null(req.name);
}

static void test_contexts(void **state)
{
	struct tsmb_create_req req;
	struct tsmb_create_ctx c;
	uint32_t pos = 0;
	unsigned int i = 0;

	build("a", windows_ctx, 4);
	expect_ok("Windows contexts", &req);
	assert_int_equal(req.nr_ctx, 4);
	while (tsmb_create_ctx_next(&req, &pos, &c)) {
		assert_int_equal(c.name_len, 4);
		assert_memory_equal(c.name, windows_ctx[i].name, 4);
		assert_int_equal(c.data_len, windows_ctx[i].len);
		if (c.data_len)
			assert_memory_equal(c.data, windows_ctx[i].data, c.data_len);
		else
			assert_null(c.data);
		i++;
	}
	assert_int_equal(i, 4);
	assert_true(tsmb_create_ctx_find(&req, "AlSi", &c));
	assert_int_equal(c.data_len, 8);
	assert_int_equal(c.data[1], 0x10);
	assert_true(tsmb_create_ctx_find(&req, "MxAc", &c));
	assert_false(tsmb_create_ctx_find(&req, "TWrp", &c));
}

/* Names of 16 bytes (GUIDs: app instance id, SVHDX) are contexts too. */
static void test_guid_name(void **state)
{
	static const struct t_cctx c[] = {
		{ "0123456789abcdef", alsi, sizeof(alsi) },
		{ "MxAc", NULL, 0 },
	};
	struct tsmb_create_req req;
	struct tsmb_create_ctx cc;

	build("x", c, 2);
	expect_ok("GUID-named context", &req);
	assert_int_equal(req.nr_ctx, 2);
	assert_true(tsmb_create_ctx_find(&req, "MxAc", &cc));
}

/* With no data, DataOffset is ignored whatever it says (2.2.13.2). */
static void test_data_offset_ignored_when_empty(void **state)
{
	struct tsmb_create_req req;

	build("x", windows_ctx + 1, 1);
	t_put16(msg.b + ctx_at[0] + 10, 0xFFF3);
	expect_ok("garbage DataOffset with no data", &req);
}

/* An area longer than the last context (padding) is fine. */
static void test_trailing_area(void **state)
{
	struct tsmb_create_req req;

	build("x", windows_ctx, 2);
	t_append(&msg, NULL, 12);
	t_put32(msg.b + C_CTX_LEN, t_get32(msg.b + C_CTX_LEN) + 12);
	expect_ok("trailing bytes in the area", &req);
	assert_int_equal(req.nr_ctx, 2);
}

/* CreateContextsLength 0: no contexts, whatever the offset says. */
static void test_no_contexts_offset_ignored(void **state)
{
	struct tsmb_create_req req;

	build("x", NULL, 0);
	t_put32(msg.b + C_CTX_OFF, 0x12345);
	expect_ok("offset without length", &req);
	assert_int_equal(req.nr_ctx, 0);
}

/* --- decoder: malformed requests --- */

static void test_bad_fixed_part(void **state)
{
	size_t n;

	build("abc", NULL, 0);
	t_put16(msg.b + C_SSIZE, 56);
	expect_invalid("StructureSize 56");
	build("abc", NULL, 0);
	for (n = 0; n < C_BUFFER; n++) {
		msg.n = n;
		expect_invalid("truncated fixed part");
	}
}

static void test_bad_name(void **state)
{
	build("abc", NULL, 0);
	t_put16(msg.b + C_NAME_LEN, 5);
	expect_invalid("odd NameLength");
	build("abc", NULL, 0);
	t_put16(msg.b + C_NAME_LEN, 8);
	expect_invalid("name past the end");
	build("abc", NULL, 0);
	t_put16(msg.b + C_NAME_OFF, C_BUFFER - 2);
	expect_invalid("name inside the fixed part");
	build("abc", NULL, 0);
	t_put16(msg.b + C_NAME_OFF, 0xFFFE);
	expect_invalid("name offset far out");
	build("", NULL, 0);
	t_put16(msg.b + C_NAME_OFF, 64);
	expect_invalid("empty name pointing into the header");
}

static void test_bad_area(void **state)
{
	build("x", windows_ctx, 2);
	t_put32(msg.b + C_CTX_OFF, t_get32(msg.b + C_CTX_OFF) + 4);
	expect_invalid("misaligned CreateContextsOffset");
	build("x", windows_ctx, 2);
	t_put32(msg.b + C_CTX_OFF, 64 + 48);
	expect_invalid("contexts inside the fixed part");
	build("x", windows_ctx, 2);
	t_put32(msg.b + C_CTX_LEN, t_get32(msg.b + C_CTX_LEN) + 1);
	expect_invalid("area past the end");
	build("x", windows_ctx, 2);
	t_put32(msg.b + C_CTX_OFF, 0xFFFFFFF8u);
	expect_invalid("area offset far out");
	build("x", windows_ctx, 2);
	t_put32(msg.b + C_CTX_LEN, 15);
	expect_invalid("area shorter than a context header");
}

static void test_bad_next(void **state)
{
	build("x", windows_ctx, 3);
	t_put32(msg.b + ctx_at[0], t_get32(msg.b + ctx_at[0]) + 4);
	expect_invalid("misaligned Next");
	build("x", windows_ctx, 3);
	t_put32(msg.b + ctx_at[0], 8);
	expect_invalid("Next inside the header");
	build("x", windows_ctx, 3);
	t_put32(msg.b + ctx_at[1], 0x1000);
	expect_invalid("Next past the area");
	build("x", windows_ctx, 3);
	/* the first context's data reaches into the second */
	t_put32(msg.b + ctx_at[0], 24);
	expect_invalid("Next cutting the context's data");
}

static void test_bad_name_in_context(void **state)
{
	build("x", windows_ctx, 2);
	t_put16(msg.b + ctx_at[0] + 4, 8);
	expect_invalid("name inside the context header");
	build("x", windows_ctx, 2);
	t_put16(msg.b + ctx_at[0] + 4, 20);
	expect_invalid("misaligned NameOffset");
	build("x", windows_ctx, 2);
	t_put16(msg.b + ctx_at[0] + 6, 3);
	expect_invalid("name shorter than four bytes");
	build("x", windows_ctx + 1, 1);
	t_put16(msg.b + ctx_at[0] + 6, 200);
	expect_invalid("name past the area");
}

static void test_bad_data(void **state)
{
	build("x", windows_ctx, 2);
	t_put16(msg.b + ctx_at[0] + 10, 28);
	expect_invalid("misaligned DataOffset");
	build("x", windows_ctx, 2);
	t_put16(msg.b + ctx_at[0] + 10, 16);
	expect_invalid("data over the name");
	build("x", windows_ctx, 2);
	t_put32(msg.b + ctx_at[0] + 12, 17);
	expect_invalid("data past its context");
	build("x", windows_ctx + 3, 1);
	t_put32(msg.b + ctx_at[0] + 12, 0xFFFFFFF0u);
	expect_invalid("huge DataLength");
}

/* --- response --- */

static size_t encode(const struct tsmb_create_rsp *r, size_t cap)
{
	struct tsmb_wr w;

	memset(out, 0xEE, sizeof(out));
	tsmb_wr_init(&w, out, cap);
	w.off = 64;
	tsmb_create_rsp_encode(&w, r);
	assert_true(tsmb_wr_ok(&w));
	return w.off;
}

static struct tsmb_create_rsp base_rsp(void)
{
	struct tsmb_create_rsp r;

	memset(&r, 0, sizeof(r));
	r.create_action = FILE_CREATED;
	r.creation_time = 0x0102030405060708ull;
	r.last_access_time = 2;
	r.last_write_time = 3;
	r.change_time = 4;
	r.allocation_size = 4096;
	r.end_of_file = 5;
	r.file_attributes = FILE_ATTRIBUTE_ARCHIVE;
	r.file_id_persistent = 0x100000007ull;
	r.file_id_volatile = 0x100000007ull;
	return r;
}

static void test_rsp_plain(void **state)
{
	struct tsmb_create_rsp r = base_rsp();

	assert_int_equal(encode(&r, sizeof(out)), 64 + 89);
	assert_int_equal(t_get16(out + 64), 89);
	assert_int_equal(out[66], 0);
	assert_int_equal(t_get32(out + 68), FILE_CREATED);
	assert_int_equal(t_get64(out + 72), 0x0102030405060708ull);
	assert_int_equal(t_get64(out + 96), 4);
	assert_int_equal(t_get64(out + 104), 4096);
	assert_int_equal(t_get64(out + 112), 5);
	assert_int_equal(t_get32(out + 120), FILE_ATTRIBUTE_ARCHIVE);
	assert_int_equal(t_get64(out + 128), 0x100000007ull);
	assert_int_equal(t_get64(out + 136), 0x100000007ull);
	assert_int_equal(t_get32(out + 144), 0);
	assert_int_equal(t_get32(out + 148), 0);
	assert_int_equal(out[152], 0);
}

static void test_rsp_contexts(void **state)
{
	static const uint8_t mx[8] = { 0, 0, 0, 0, 0xff, 0x01, 0x1f, 0x00 };
	static const uint8_t qf[32] = { 1, 2, 3 };
	const struct tsmb_create_ctx c[2] = {
		{ (const uint8_t *)"MxAc", 4, mx, sizeof(mx) },
		{ (const uint8_t *)"QFid", 4, qf, sizeof(qf) },
	};
	struct tsmb_create_rsp r = base_rsp();
	uint32_t off, len, next;
	size_t end;

	r.ctx = c;
	r.nr_ctx = 2;
	end = encode(&r, sizeof(out));
	off = t_get32(out + 144);
	len = t_get32(out + 148);
	/* right after the fixed part, which ends 8-aligned at 152 */
	assert_int_equal(off, 152);
	assert_int_equal(off + len, end);
	next = t_get32(out + off);
	assert_int_equal(next, 32);
	assert_int_equal(t_get16(out + off + 4), 16);
	assert_int_equal(t_get16(out + off + 6), 4);
	assert_int_equal(t_get16(out + off + 10), 24);
	assert_int_equal(t_get32(out + off + 12), 8);
	assert_memory_equal(out + off + 16, "MxAc", 4);
	assert_memory_equal(out + off + 24, mx, 8);
	off += next;
	assert_int_equal(t_get32(out + off), 0);
	assert_memory_equal(out + off + 16, "QFid", 4);
	assert_int_equal(t_get32(out + off + 12), 32);
	assert_memory_equal(out + off + 24, qf, 32);
	assert_int_equal(off + 24 + 32, end);
}

/* The offsets count from the response's own header, wherever it sits. */
static void test_rsp_in_compound(void **state)
{
	static const uint8_t mx[8];
	const struct tsmb_create_ctx c = { (const uint8_t *)"MxAc", 4, mx, sizeof(mx) };
	struct tsmb_create_rsp r = base_rsp();
	struct tsmb_wr w;

	r.ctx = &c;
	r.nr_ctx = 1;
	tsmb_wr_init(&w, out, sizeof(out));
	w.off = 256 + 64;
	tsmb_create_rsp_encode(&w, &r);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(t_get32(out + 256 + 144), 152);
}

static void test_rsp_short_writer(void **state)
{
	static const uint8_t qf[32];
	const struct tsmb_create_ctx c = { (const uint8_t *)"QFid", 4, qf, sizeof(qf) };
	struct tsmb_create_rsp r = base_rsp();
	size_t cap;

	r.ctx = &c;
	r.nr_ctx = 1;
	for (cap = 64; cap < 64 + 88 + 56; cap++) {
		struct tsmb_wr w;

		memset(out, 0xEE, sizeof(out));
		tsmb_wr_init(&w, out, cap);
		w.off = 64;
		tsmb_create_rsp_encode(&w, &r);
		assert_false(tsmb_wr_ok(&w));
		if (out[cap] != 0xEE)
			fail_msg("capacity %zu: byte written past the end", cap);
	}
	assert_int_equal(encode(&r, 64 + 88 + 56), 64 + 88 + 56);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_empty_name),
		cmocka_unit_test(test_contexts),
		cmocka_unit_test(test_guid_name),
		cmocka_unit_test(test_data_offset_ignored_when_empty),
		cmocka_unit_test(test_trailing_area),
		cmocka_unit_test(test_no_contexts_offset_ignored),
		cmocka_unit_test(test_bad_fixed_part),
		cmocka_unit_test(test_bad_name),
		cmocka_unit_test(test_bad_area),
		cmocka_unit_test(test_bad_next),
		cmocka_unit_test(test_bad_name_in_context),
		cmocka_unit_test(test_bad_data),
		cmocka_unit_test(test_rsp_plain),
		cmocka_unit_test(test_rsp_contexts),
		cmocka_unit_test(test_rsp_in_compound),
		cmocka_unit_test(test_rsp_short_writer),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
