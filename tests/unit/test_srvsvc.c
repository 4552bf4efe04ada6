// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srvsvc/srvsvc.c, wkssvc.c, lsarpc.c, lsa_lookup.c, account.c: every
 * call and level, the answers decoded back with ndr_pull; malformed and
 * truncated stubs.
 */
#include "srvsvc_test.h"
#include "srvsvc/sid.h"
#include "srvsvc/srvsvc.h"

#define WERR_INVALID_LEVEL	0x7cu
#define WERR_MORE_DATA		0xeau
#define WERR_NETNAME		0x906u
#define FAULT_NDR		0x6f7u

struct fx {
	void *mem;
	struct srvsvc *s;
	uint64_t id;
};

static struct fx *fx_new(void **state, const char *pipe, const uint8_t *abstract,
			 unsigned int extra)
{
	struct fx *f = talloc_zero(NULL, struct fx);

	f->mem = f;
	f->s = st_service(f, extra);
	assert_non_null(f->s);
	f->id = st_open_bound(f->s, pipe, abstract);
	*state = f;
	return f;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	srvsvc_free(f->s);
	talloc_free(f);
	return 0;
}

static void push_server_name(struct ndr_push *p)
{
	ndr_push_ptr(p, true);
	ndr_push_cvstring(p, "\\\\TSMBTEST");
}

/* A call whose answer decodes into q; asserts no fault. */
static void call(struct fx *f, uint16_t opnum, struct ndr_push *p, struct ndr_pull *q)
{
	uint32_t fault;
	size_t len;
	uint8_t *r = st_call(f->mem, f->s, f->id, opnum, p, &len, &fault);

	assert_int_equal(fault, 0);
	ndr_pull_init(q, f->mem, r, len);
}

static uint32_t call_fault(struct fx *f, uint16_t opnum, const uint8_t *stub, size_t len)
{
	uint32_t fault;
	size_t n;

	if (st_call_frag(f->mem, f->s, f->id, opnum, stub, len, 4000, &n, &fault))
		return 0;
	return fault;
}

struct enum_result {
	uint32_t n, total, resume, werr;
	union ndr_val *v;
};

static void share_enum(struct fx *f, uint16_t opnum, uint32_t level, uint32_t prefmax,
		       uint32_t resume, struct enum_result *r)
{
	const char *layout = srvsvc_share_layout(level);
	struct ndr_push p;
	struct ndr_pull q;

	ndr_push_init(&p, f->mem);
	push_server_name(&p);
	ndr_push_u32(&p, level);
	ndr_push_u32(&p, level);
	ndr_push_ptr(&p, true);
	ndr_push_u32(&p, 0);
	ndr_push_ptr(&p, false);
	ndr_push_u32(&p, prefmax);
	ndr_push_ptr(&p, true);
	ndr_push_u32(&p, resume);
	call(f, opnum, &p, &q);
	memset(r, 0, sizeof(*r));
	assert_int_equal(ndr_pull_u32(&q), level);
	assert_int_equal(ndr_pull_u32(&q), level);
	if (ndr_pull_ptr(&q)) {
		r->n = ndr_pull_u32(&q);
		if (ndr_pull_ptr(&q)) {
			assert_int_equal(ndr_pull_u32(&q), r->n);
			r->v = talloc_array(f->mem, union ndr_val, r->n * strlen(layout));
			assert_true(ndr_pull_records(&q, layout, r->v, r->n));
		}
	}
	r->total = ndr_pull_u32(&q);
	assert_true(ndr_pull_ptr(&q) != 0);
	r->resume = ndr_pull_u32(&q);
	r->werr = ndr_pull_u32(&q);
	assert_false(q.err);
	assert_int_equal(q.off, q.len);
}

static void test_share_enum(void **state)
{
	struct fx *f = fx_new(state, "srvsvc", st_srvsvc, 0);
	static const uint32_t levels[] = { 0, 1, 2, 501, 502 };
	struct enum_result r;
	unsigned int i;
	size_t w;

	for (i = 0; i < 5; i++) {
		share_enum(f, 15, levels[i], 0xFFFFFFFF, 0, &r);
		w = strlen(srvsvc_share_layout(levels[i]));
		assert_int_equal(r.werr, 0);
		assert_int_equal(r.n, 3);
		assert_int_equal(r.total, 3);
		assert_int_equal(r.resume, 0);
		assert_string_equal(r.v[0].s, "public");
		assert_string_equal(r.v[w].s, "data$");
		assert_string_equal(r.v[2 * w].s, "IPC$");
		if (levels[i] == 0)
			continue;
		assert_int_equal(r.v[1].u, 0);
		assert_string_equal(r.v[2].s, "Public files");
		assert_int_equal(r.v[w + 1].u, 0x80000000);
		assert_int_equal(r.v[2 * w + 1].u, 0x80000003);
		assert_string_equal(r.v[2 * w + 2].s, "IPC Service (tsmb test server)");
		if (levels[i] == 1 || levels[i] == 501)
			continue;
		assert_int_equal(r.v[4].u, 0xFFFFFFFF);
		assert_string_equal(r.v[6].s, "C:\\srv\\public");
		assert_null(r.v[7].s);
		assert_string_equal(r.v[2 * w + 6].s, "");
	}
	share_enum(f, 15, 503, 0xFFFFFFFF, 0, &r);
	assert_int_equal(r.werr, WERR_INVALID_LEVEL);
	share_enum(f, 15, 1005, 0xFFFFFFFF, 0, &r);
	assert_int_equal(r.werr, WERR_INVALID_LEVEL);
	/* sticky: the configured, listed, not special ones */
	share_enum(f, 36, 1, 0xFFFFFFFF, 0, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].s, "public");
	share_enum(f, 36, 501, 0xFFFFFFFF, 0, &r);
	assert_int_equal(r.werr, WERR_INVALID_LEVEL);
}

static void test_share_enum_resume(void **state)
{
	struct fx *f = fx_new(state, "srvsvc", st_srvsvc, 40);
	struct enum_result r;
	uint32_t resume = 0, seen = 0, calls = 0;

	/* about 200 bytes a level 1 entry: a few a call, resumed to the end */
	do {
		share_enum(f, 15, 1, 700, resume, &r);
		assert_true(r.n >= 1 && r.n <= 8);
		assert_int_equal(r.total, 43);
		seen += r.n;
		resume = r.resume;
		calls++;
		if (r.werr == WERR_MORE_DATA)
			assert_int_equal(resume, seen);
		else
			assert_int_equal(r.werr, 0);
	} while (r.werr == WERR_MORE_DATA && calls < 100);
	assert_int_equal(seen, 43);
	assert_int_equal(resume, 0);
	assert_true(calls >= 5);
	/* a preferred length of 1: one entry a call */
	share_enum(f, 15, 0, 1, 0, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.werr, WERR_MORE_DATA);
	/* resumed past the end */
	share_enum(f, 15, 0, 0xFFFFFFFF, 500, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.werr, 0);
}

static uint32_t get_info(struct fx *f, const char *name, uint32_t level, union ndr_val *v)
{
	struct ndr_push p;
	struct ndr_pull q;
	uint32_t ptr, werr;

	ndr_push_init(&p, f->mem);
	push_server_name(&p);
	ndr_push_cvstring(&p, name);
	ndr_push_u32(&p, level);
	call(f, 16, &p, &q);
	assert_int_equal(ndr_pull_u32(&q), level);
	ptr = ndr_pull_ptr(&q);
	if (ptr)
		assert_true(ndr_pull_records(&q, srvsvc_share_layout(level), v, 1));
	werr = ndr_pull_u32(&q);
	assert_false(q.err);
	assert_int_equal(q.off, q.len);
	assert_int_equal(!ptr, !!werr);
	return werr;
}

static void test_share_get_info(void **state)
{
	struct fx *f = fx_new(state, "srvsvc", st_srvsvc, 0);
	static const uint32_t levels[] = { 0, 1, 2, 501, 502 };
	union ndr_val v[10];
	unsigned int i;

	for (i = 0; i < 5; i++) {
		assert_int_equal(get_info(f, "HIDDEN", levels[i], v), 0);
		assert_string_equal(v[0].s, "hidden");
		if (levels[i] >= 2 && levels[i] != 501)
			assert_string_equal(v[6].s, "C:\\srv\\hidden");
	}
	assert_int_equal(get_info(f, "public", 1005, v), 0);
	assert_int_equal(v[0].u, 0);
	assert_int_equal(get_info(f, "ipc$", 2, v), 0);
	assert_int_equal(v[1].u, 0x80000003);
	assert_int_equal(get_info(f, "nope", 1, v), WERR_NETNAME);
	assert_int_equal(get_info(f, "public", 7, v), WERR_INVALID_LEVEL);
	assert_int_equal(get_info(f, "public", 503, v), WERR_INVALID_LEVEL);
}

static void test_server_info(void **state)
{
	struct fx *f = fx_new(state, "srvsvc", st_srvsvc, 0);
	static const uint32_t levels[] = { 100, 101, 102, 103 };
	union ndr_val v[13];
	struct ndr_push p;
	struct ndr_pull q;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		ndr_push_init(&p, f->mem);
		ndr_push_ptr(&p, false);
		ndr_push_u32(&p, levels[i]);
		call(f, 21, &p, &q);
		assert_int_equal(ndr_pull_u32(&q), levels[i]);
		if (levels[i] == 103) {
			assert_int_equal(ndr_pull_ptr(&q), 0);
			assert_int_equal(ndr_pull_u32(&q), WERR_INVALID_LEVEL);
			continue;
		}
		assert_true(ndr_pull_ptr(&q) != 0);
		assert_true(ndr_pull_records(&q, srvsvc_server_layout(levels[i]), v, 1));
		assert_int_equal(ndr_pull_u32(&q), 0);
		assert_int_equal(q.off, q.len);
		assert_int_equal(v[0].u, 500);
		assert_string_equal(v[1].s, "TSMBTEST");
		if (levels[i] == 100)
			continue;
		assert_int_equal(v[2].u, 10);
		assert_int_equal(v[3].u, 0);
		assert_int_equal(v[4].u, 0x9003);
		assert_string_equal(v[5].s, "tsmb test server");
		if (levels[i] == 102)
			assert_string_equal(v[12].s, "C:\\");
	}
	/* NetrRemoteTOD: twelve integers behind a pointer */
	ndr_push_init(&p, f->mem);
	ndr_push_ptr(&p, false);
	call(f, 28, &p, &q);
	assert_true(ndr_pull_ptr(&q) != 0);
	for (i = 0; i < 12; i++)
		v[i].u = ndr_pull_u32(&q);
	assert_int_equal(ndr_pull_u32(&q), 0);
	assert_true(v[0].u > 1700000000u);
	assert_true(v[2].u < 24 && v[3].u < 60 && v[9].u >= 1 && v[9].u <= 12);
	assert_true(v[10].u >= 2024);
}

static void test_wksta_info(void **state)
{
	struct fx *f = fx_new(state, "wkssvc", st_wkssvc, 0);
	union ndr_val v[5];
	struct ndr_push p;
	struct ndr_pull q;

	ndr_push_init(&p, f->mem);
	push_server_name(&p);
	ndr_push_u32(&p, 100);
	call(f, 0, &p, &q);
	assert_int_equal(ndr_pull_u32(&q), 100);
	assert_true(ndr_pull_ptr(&q) != 0);
	assert_true(ndr_pull_records(&q, SRVSVC_WKSTA_LAYOUT_100, v, 1));
	assert_int_equal(ndr_pull_u32(&q), 0);
	assert_int_equal(v[0].u, 500);
	assert_string_equal(v[1].s, "TSMBTEST");
	assert_string_equal(v[2].s, "WORKGROUP");
	assert_int_equal(v[3].u, 10);
	ndr_push_init(&p, f->mem);
	ndr_push_ptr(&p, false);
	ndr_push_u32(&p, 102);
	call(f, 0, &p, &q);
	assert_int_equal(ndr_pull_u32(&q), 102);
	assert_int_equal(ndr_pull_ptr(&q), 0);
	assert_int_equal(ndr_pull_u32(&q), WERR_INVALID_LEVEL);
}

/* LsarOpenPolicy2 with every optional member present but the descriptor. */
static void open_policy(struct fx *f, uint16_t opnum, uint8_t h[20])
{
	struct ndr_push p;
	struct ndr_pull q;

	ndr_push_init(&p, f->mem);
	ndr_push_ptr(&p, true);
	if (opnum == 6)
		ndr_push_u16(&p, '\\');
	else
		ndr_push_cvstring(&p, "\\\\TSMBTEST");
	ndr_push_u32(&p, 24);
	ndr_push_ptr(&p, true);		/* RootDirectory */
	ndr_push_ptr(&p, true);		/* ObjectName */
	ndr_push_u32(&p, 0);
	ndr_push_ptr(&p, false);	/* SecurityDescriptor */
	ndr_push_ptr(&p, true);		/* QoS */
	ndr_push_u8(&p, 0);
	ndr_push_align(&p, 4);
	ndr_push_u16(&p, 3);
	ndr_push_u16(&p, 4);
	ndr_push_ptr(&p, true);
	ndr_push_u32(&p, 4);
	ndr_push_u32(&p, 0);
	ndr_push_u32(&p, 3);
	ndr_push_bytes(&p, "abc", 3);
	ndr_push_u32(&p, 12);
	ndr_push_u16(&p, 2);
	ndr_push_u8(&p, 1);
	ndr_push_u8(&p, 0);
	ndr_push_u32(&p, 0x02000000);
	call(f, opnum, &p, &q);
	memcpy(h, ndr_pull_raw(&q, 20), 20);
	assert_int_equal(ndr_pull_u32(&q), 0);
	assert_int_equal(q.off, q.len);
}

/* An RPC_UNICODE_STRING's scalars and, if present, its buffer (in place). */
static char *pull_ustring(struct ndr_pull *q)
{
	uint16_t len, max;
	uint32_t ptr;

	ndr_pull_align(q, 4);
	len = ndr_pull_u16(q);
	max = ndr_pull_u16(q);
	ptr = ndr_pull_ptr(q);
	return ptr ? ndr_pull_ustring_body(q, len, max) : NULL;
}

static uint32_t query_info(struct fx *f, uint16_t opnum, const uint8_t h[20], uint16_t cls,
			   struct ndr_pull *q)
{
	struct ndr_push p;

	ndr_push_init(&p, f->mem);
	ndr_push_bytes(&p, h, 20);
	ndr_push_u16(&p, cls);
	call(f, opnum, &p, q);
	if (!ndr_pull_ptr(q))
		return ndr_pull_u32(q);
	assert_int_equal(ndr_pull_u16(q), cls);
	ndr_pull_align(q, 4);
	return 0;
}

static void test_lsa_policy(void **state)
{
	struct fx *f = fx_new(state, "lsarpc", st_lsarpc, 0);
	uint8_t h[20], h2[20];
	struct srvsvc_sid sid, machine;
	uint32_t ptrs[4];
	struct ndr_push p;
	struct ndr_pull q;
	unsigned int i;

	open_policy(f, 44, h);
	open_policy(f, 6, h2);
	assert_memory_not_equal(h, h2, 20);
	srvsvc_sid_machine("TSMBTEST", &machine);
	for (i = 0; i < 2; i++) {
		uint16_t op = i ? 46 : 7;
		uint16_t len, max;

		assert_int_equal(query_info(f, op, h, 3, &q), 0);
		len = ndr_pull_u16(&q);
		max = ndr_pull_u16(&q);
		ptrs[0] = ndr_pull_ptr(&q);
		assert_int_equal(ndr_pull_ptr(&q), 0);	/* no SID: not in a domain */
		assert_true(ptrs[0] != 0);
		assert_string_equal(ndr_pull_ustring_body(&q, len, max), "WORKGROUP");
		assert_int_equal(ndr_pull_u32(&q), 0);
		assert_int_equal(q.off, q.len);

		assert_int_equal(query_info(f, op, h, 5, &q), 0);
		len = ndr_pull_u16(&q);
		max = ndr_pull_u16(&q);
		ndr_pull_ptr(&q);
		assert_true(ndr_pull_ptr(&q) != 0);
		assert_string_equal(ndr_pull_ustring_body(&q, len, max), "TSMBTEST");
		assert_true(ndr_pull_sid(&q, &sid));
		assert_true(srvsvc_sid_equal(&sid, &machine));
		assert_int_equal(ndr_pull_u32(&q), 0);

		assert_int_equal(query_info(f, op, h, 12, &q), 0);
		ndr_pull_raw(&q, 24);		/* three string headers */
		ndr_pull_raw(&q, 16);		/* GUID */
		assert_int_equal(ndr_pull_ptr(&q), 0);
		assert_int_equal(ndr_pull_u32(&q), 9);
		ndr_pull_raw(&q, 8 + 18);
		assert_int_equal(ndr_pull_u32(&q), 0);	/* "" */
		ndr_pull_u32(&q);
		assert_int_equal(ndr_pull_u32(&q), 0);

		assert_int_equal(query_info(f, op, h, 1, &q), 0xC000000D);
	}
	/* close: a zeroed handle; then the handle is gone */
	ndr_push_init(&p, f->mem);
	ndr_push_bytes(&p, h, 20);
	call(f, 0, &p, &q);
	assert_memory_equal(ndr_pull_raw(&q, 20), "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 20);
	assert_int_equal(ndr_pull_u32(&q), 0);
	assert_int_equal(query_info(f, 7, h, 5, &q), 0xC0000008);
	call(f, 0, &p, &q);
	ndr_pull_raw(&q, 20);
	assert_int_equal(ndr_pull_u32(&q), 0xC0000008);
	/* a security descriptor in the object attributes: refused as bad stub data */
	ndr_push_init(&p, f->mem);
	ndr_push_ptr(&p, false);
	ndr_push_u32(&p, 24);
	ndr_push_ptr(&p, false);
	ndr_push_ptr(&p, false);
	ndr_push_u32(&p, 0);
	ndr_push_ptr(&p, true);
	ndr_push_ptr(&p, false);
	ndr_push_u32(&p, 0);
	ndr_push_u32(&p, 1);
	assert_int_equal(call_fault(f, 44, p.buf, p.len), FAULT_NDR);
	/* the handle table fills up */
	for (i = 0; i < 70; i++) {
		ndr_push_init(&p, f->mem);
		ndr_push_ptr(&p, false);
		ndr_push_u32(&p, 24);
		for (unsigned int k = 0; k < 5; k++)
			ndr_push_u32(&p, 0);
		ndr_push_u32(&p, 1);
		call(f, 44, &p, &q);
		ndr_pull_raw(&q, 20);
		assert_int_equal(ndr_pull_u32(&q), i < 63 ? 0 : 0xC000009A);
	}
}

struct lookup {
	uint32_t ndom, n, mapped, status;
	char *dom[16];
	struct srvsvc_sid domsid[16];
	uint16_t use[16];
	char *name[16];
	uint32_t rid[16];
	int32_t idx[16];
	struct srvsvc_sid sid[16];
};

static void pull_domains(struct ndr_pull *q, struct lookup *l)
{
	uint16_t len[16], max[16];
	uint32_t i;

	assert_true(ndr_pull_ptr(q) != 0);
	l->ndom = ndr_pull_u32(q);
	assert_int_equal(!!ndr_pull_ptr(q), l->ndom != 0);
	ndr_pull_u32(q);
	if (!l->ndom)
		return;
	assert_true(l->ndom <= 16);
	assert_int_equal(ndr_pull_u32(q), l->ndom);
	for (i = 0; i < l->ndom; i++) {
		len[i] = ndr_pull_u16(q);
		max[i] = ndr_pull_u16(q);
		assert_true(ndr_pull_ptr(q) != 0);
		assert_true(ndr_pull_ptr(q) != 0);
	}
	for (i = 0; i < l->ndom; i++) {
		l->dom[i] = ndr_pull_ustring_body(q, len[i], max[i]);
		assert_true(ndr_pull_sid(q, &l->domsid[i]));
	}
}

/* An empty [in] translated list, LookupLevel, MappedCount, and the version 2 extras. */
static void push_lookup_tail(struct ndr_push *p, bool v2)
{
	ndr_push_u32(p, 0);
	ndr_push_ptr(p, false);
	ndr_push_u16(p, 1);
	ndr_push_u32(p, 0);
	if (v2) {
		ndr_push_u32(p, 0);
		ndr_push_u32(p, 2);
	}
}

/* The referenced domains and the translated list's head; true when entries follow. */
static bool pull_reply_head(struct ndr_pull *q, struct lookup *l)
{
	memset(l, 0, sizeof(*l));
	pull_domains(q, l);
	l->n = ndr_pull_u32(q);
	if (!ndr_pull_ptr(q))
		return false;
	assert_int_equal(ndr_pull_u32(q), l->n);
	return true;
}

static void lookup_sids(struct fx *f, uint16_t opnum, const uint8_t h[20], const char **sids,
			uint32_t n, struct lookup *l)
{
	uint16_t len[16], max[16];
	uint32_t ptr[16], i;
	struct srvsvc_sid sid;
	struct ndr_push p;
	struct ndr_pull q;

	ndr_push_init(&p, f->mem);
	if (opnum != 76)
		ndr_push_bytes(&p, h, 20);
	ndr_push_u32(&p, n);
	ndr_push_ptr(&p, true);
	ndr_push_u32(&p, n);
	for (i = 0; i < n; i++)
		ndr_defer_sid(&p, srvsvc_sid_parse(sids[i], &sid) ? &sid : NULL);
	ndr_push_deferred(&p);
	push_lookup_tail(&p, opnum != 15);
	call(f, opnum, &p, &q);
	if (pull_reply_head(&q, l)) {
		for (i = 0; i < l->n; i++) {
			l->use[i] = ndr_pull_u16(&q);
			ndr_pull_align(&q, 4);
			len[i] = ndr_pull_u16(&q);
			max[i] = ndr_pull_u16(&q);
			ptr[i] = ndr_pull_ptr(&q);
			l->idx[i] = (int32_t)ndr_pull_u32(&q);
			if (opnum != 15)
				assert_int_equal(ndr_pull_u32(&q), 0);
		}
		for (i = 0; i < l->n; i++)
			if (ptr[i])
				l->name[i] = ndr_pull_ustring_body(&q, len[i], max[i]);
	}
	l->mapped = ndr_pull_u32(&q);
	l->status = ndr_pull_u32(&q);
	assert_false(q.err);
	assert_int_equal(q.off, q.len);
}

static void test_lsa_lookup_sids(void **state)
{
	struct fx *f = fx_new(state, "lsarpc", st_lsarpc, 0);
	struct srvsvc_sid machine;
	char *m1000, *m1001, *m500;
	const char *sids[8];
	static const uint16_t ops[] = { 15, 57, 76 };
	struct lookup l;
	uint8_t h[20];
	unsigned int i;

	open_policy(f, 44, h);
	srvsvc_sid_machine("TSMBTEST", &machine);
	m1000 = talloc_asprintf(f->mem, "%s-1000", srvsvc_sid_string(f->mem, &machine));
	m1001 = talloc_asprintf(f->mem, "%s-1001", srvsvc_sid_string(f->mem, &machine));
	m500 = talloc_asprintf(f->mem, "%s-500", srvsvc_sid_string(f->mem, &machine));
	sids[0] = "S-1-1-0";
	sids[1] = m1000;
	sids[2] = m1001;
	sids[3] = "S-1-22-2-0";
	sids[4] = m500;
	sids[5] = "S-1-5-21-1-2-3-4";
	sids[6] = "S-1-5-32";
	sids[7] = "not a sid";	/* a NULL pointer */
	for (i = 0; i < 3; i++) {
		lookup_sids(f, ops[i], h, sids, 8, &l);
		assert_int_equal(l.status, 0x107);
		assert_int_equal(l.mapped, 5);
		assert_int_equal(l.n, 8);
		assert_int_equal(l.use[0], 5);
		assert_string_equal(l.name[0], "Everyone");
		assert_string_equal(l.dom[l.idx[0]], "");
		assert_int_equal(l.use[1], 1);
		assert_string_equal(l.name[1], "root");
		assert_string_equal(l.dom[l.idx[1]], "TSMBTEST");
		assert_true(srvsvc_sid_equal(&l.domsid[l.idx[1]], &machine));
		assert_int_equal(l.use[2], 2);
		assert_int_equal(l.idx[2], l.idx[1]);
		assert_string_equal(l.name[3], "root");
		assert_string_equal(l.dom[l.idx[3]], "Unix Group");
		/* an unmapped RID of a known domain: the RID, and the domain */
		assert_int_equal(l.use[4], 8);
		assert_string_equal(l.name[4], "500");
		assert_int_equal(l.idx[4], l.idx[1]);
		assert_int_equal(l.use[5], 8);
		assert_string_equal(l.name[5], "S-1-5-21-1-2-3-4");
		assert_int_equal(l.idx[5], -1);
		assert_int_equal(l.use[6], 3);
		assert_string_equal(l.name[6], "BUILTIN");
		assert_int_equal(l.use[7], 8);
	}
	lookup_sids(f, 15, h, sids + 5, 1, &l);
	assert_int_equal(l.status, 0xC0000073);
	lookup_sids(f, 15, h, sids, 0, &l);
	assert_int_equal(l.status, 0);
	memset(h, 0, sizeof(h));
	lookup_sids(f, 57, h, sids, 1, &l);
	assert_int_equal(l.status, 0xC0000008);
}

static void lookup_names(struct fx *f, uint16_t opnum, const uint8_t h[20], const char **names,
			 uint32_t n, struct lookup *l)
{
	struct ndr_push p;
	struct ndr_pull q;
	uint32_t ptr[16], i;

	ndr_push_init(&p, f->mem);
	if (opnum != 77)
		ndr_push_bytes(&p, h, 20);
	ndr_push_u32(&p, n);
	ndr_push_u32(&p, n);
	for (i = 0; i < n; i++)
		ndr_defer_ustring(&p, names[i]);
	ndr_push_deferred(&p);
	push_lookup_tail(&p, opnum != 14);
	call(f, opnum, &p, &q);
	if (pull_reply_head(&q, l)) {
		for (i = 0; i < l->n; i++) {
			l->use[i] = ndr_pull_u16(&q);
			ptr[i] = l->rid[i] = ndr_pull_u32(&q);
			l->idx[i] = (int32_t)ndr_pull_u32(&q);
			if (opnum != 14)
				assert_int_equal(ndr_pull_u32(&q), 0);
		}
		for (i = 0; opnum >= 68 && i < l->n; i++)
			if (ptr[i])
				assert_true(ndr_pull_sid(&q, &l->sid[i]));
	}
	l->mapped = ndr_pull_u32(&q);
	l->status = ndr_pull_u32(&q);
	assert_false(q.err);
	assert_int_equal(q.off, q.len);
}

static void test_lsa_lookup_names(void **state)
{
	struct fx *f = fx_new(state, "lsarpc", st_lsarpc, 0);
	const char *names[] = { "root", "TSMBTEST\\ROOT", "root@tsmbtest", "Everyone",
				"BUILTIN\\Administrators", "no-such-user-here", "Unix User\\root",
				"tsmbtest", "NT AUTHORITY\\SYSTEM", NULL };
	static const uint16_t ops[] = { 14, 58, 68, 77 };
	struct srvsvc_sid machine, want;
	struct lookup l;
	uint8_t h[20];
	unsigned int i, k;

	open_policy(f, 44, h);
	srvsvc_sid_machine("TSMBTEST", &machine);
	for (i = 0; i < 4; i++) {
		lookup_names(f, ops[i], h, names, 10, &l);
		assert_int_equal(l.status, 0x107);
		assert_int_equal(l.mapped, 8);
		for (k = 0; k < 3; k++) {
			assert_int_equal(l.use[k], 1);
			assert_true(srvsvc_sid_equal(&l.domsid[l.idx[k]], &machine));
			if (ops[i] < 68)
				assert_int_equal(l.rid[k], 1000);
		}
		assert_int_equal(l.use[3], 5);
		assert_int_equal(l.use[4], 4);
		assert_string_equal(l.dom[l.idx[4]], "BUILTIN");
		assert_int_equal(l.use[5], 8);
		assert_int_equal(l.idx[5], -1);
		assert_string_equal(l.dom[l.idx[6]], "Unix User");
		assert_int_equal(l.use[7], 3);
		assert_int_equal(l.use[9], 8);
		if (ops[i] >= 68) {
			srvsvc_sid_append(&machine, 1000, &want);
			assert_true(srvsvc_sid_equal(&l.sid[0], &want));
			srvsvc_sid_parse("S-1-5-32-544", &want);
			assert_true(srvsvc_sid_equal(&l.sid[4], &want));
			assert_true(srvsvc_sid_equal(&l.sid[7], &machine));
			srvsvc_sid_parse("S-1-5-18", &want);
			assert_true(srvsvc_sid_equal(&l.sid[8], &want));
		}
	}
	lookup_names(f, 14, h, names + 5, 1, &l);
	assert_int_equal(l.status, 0xC0000073);
}

static void test_lsa_get_user_name(void **state)
{
	struct fx *f = fx_new(state, "lsarpc", st_lsarpc, 0);
	const struct srvsvc_user alice = { .user = "alice", .domain = "TSMBTEST", .uid = 1000 };
	struct ndr_push p;
	struct ndr_pull q;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (i == 2) {
			srvsvc_pipe_close(f->s, f->id);
			f->id = st_open_bound_as(f->s, "lsarpc", st_lsarpc, &alice);
		}
		ndr_push_init(&p, f->mem);
		ndr_push_ptr(&p, false);
		ndr_push_ptr(&p, false);		/* *UserName */
		ndr_push_ptr(&p, i != 0);		/* DomainName */
		if (i)
			ndr_push_ptr(&p, false);
		call(f, 45, &p, &q);
		assert_true(ndr_pull_ptr(&q) != 0);
		assert_string_equal(pull_ustring(&q), i == 2 ? "alice" : "ANONYMOUS LOGON");
		if (i) {
			assert_true(ndr_pull_ptr(&q) != 0);
			assert_true(ndr_pull_ptr(&q) != 0);
			assert_string_equal(pull_ustring(&q), i == 2 ? "TSMBTEST" : "NT AUTHORITY");
		} else {
			assert_int_equal(ndr_pull_ptr(&q), 0);
		}
		assert_int_equal(ndr_pull_u32(&q), 0);
		assert_int_equal(q.off, q.len);
	}
}

/* Every prefix of every valid request: a fault or an answer, never a crash or a leak. */
static void truncate_all(struct fx *f, uint16_t opnum, const struct ndr_push *p)
{
	size_t n;

	for (n = 0; n < p->len; n++) {
		uint32_t fault = call_fault(f, opnum, p->buf, n);

		assert_true(fault == 0 || fault == FAULT_NDR);
	}
}

static void test_malformed(void **state)
{
	struct fx *f = fx_new(state, "lsarpc", st_lsarpc, 0);
	const char *sids[] = { "S-1-1-0", "S-1-5-32-544" };
	struct ndr_push p;
	uint8_t h[20];
	unsigned int i;

	open_policy(f, 44, h);
	ndr_push_init(&p, f->mem);
	ndr_push_bytes(&p, h, 20);
	ndr_push_u32(&p, 2);
	ndr_push_ptr(&p, true);
	ndr_push_u32(&p, 2);
	for (i = 0; i < 2; i++) {
		struct srvsvc_sid sid;

		srvsvc_sid_parse(sids[i], &sid);
		ndr_defer_sid(&p, &sid);
	}
	ndr_push_deferred(&p);
	push_lookup_tail(&p, false);
	truncate_all(f, 15, &p);
	/* Entries and the array's conformance disagree; too many SIDs */
	t_put32(p.buf + 28, 3);
	assert_int_equal(call_fault(f, 15, p.buf, p.len), FAULT_NDR);
	t_put32(p.buf + 20, 30000);
	t_put32(p.buf + 28, 30000);
	assert_int_equal(call_fault(f, 15, p.buf, p.len), FAULT_NDR);
	/* LookupNames: Count past 1000 */
	ndr_push_init(&p, f->mem);
	ndr_push_bytes(&p, h, 20);
	ndr_push_u32(&p, 1001);
	ndr_push_u32(&p, 1001);
	assert_int_equal(call_fault(f, 14, p.buf, p.len), FAULT_NDR);
	/* random bytes into every operation of every interface */
	for (i = 0; i < 2000; i++) {
		uint8_t junk[64];
		unsigned int k;

		for (k = 0; k < sizeof(junk); k++)
			junk[k] = (uint8_t)(i * 31 + k * 7 + (i >> 3) * k);
		call_fault(f, (uint16_t)(i % 80), junk, i % sizeof(junk));
	}
}

static void test_malformed_srvsvc(void **state)
{
	struct fx *f = fx_new(state, "srvsvc", st_srvsvc, 5);
	struct ndr_push p;
	uint8_t junk[64];
	unsigned int i, k;
	size_t disc;

	/* an enumeration sent with entries of its own: read and ignored */
	ndr_push_init(&p, f->mem);
	push_server_name(&p);
	ndr_push_u32(&p, 502);
	disc = p.len;
	ndr_push_u32(&p, 502);
	ndr_push_ptr(&p, true);
	ndr_push_u32(&p, 1);
	ndr_push_ptr(&p, true);
	ndr_push_u32(&p, 1);
	{
		union ndr_val v[10] = { { .s = "x" }, { .u = 0 }, { .s = "y" } };

		ndr_push_records(&p, "susuuussub", v, 1);
	}
	ndr_push_u32(&p, 0xFFFFFFFF);
	ndr_push_ptr(&p, false);
	assert_int_equal(call_fault(f, 15, p.buf, p.len), 0);
	truncate_all(f, 15, &p);
	/* the union's discriminant differs from Level */
	t_put32(p.buf + disc, 1);
	assert_int_equal(call_fault(f, 15, p.buf, p.len), FAULT_NDR);
	for (i = 0; i < 2000; i++) {
		for (k = 0; k < sizeof(junk); k++)
			junk[k] = (uint8_t)(i * 13 + k * 11 + (i >> 2) * k);
		call_fault(f, (uint16_t)(i % 40), junk, i % sizeof(junk));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_share_enum, teardown),
		cmocka_unit_test_teardown(test_share_enum_resume, teardown),
		cmocka_unit_test_teardown(test_share_get_info, teardown),
		cmocka_unit_test_teardown(test_server_info, teardown),
		cmocka_unit_test_teardown(test_wksta_info, teardown),
		cmocka_unit_test_teardown(test_lsa_policy, teardown),
		cmocka_unit_test_teardown(test_lsa_lookup_sids, teardown),
		cmocka_unit_test_teardown(test_lsa_lookup_names, teardown),
		cmocka_unit_test_teardown(test_lsa_get_user_name, teardown),
		cmocka_unit_test_teardown(test_malformed, teardown),
		cmocka_unit_test_teardown(test_malformed_srvsvc, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
