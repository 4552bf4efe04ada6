// SPDX-License-Identifier: GPL-2.0-or-later
/* srvsvc/ndr.c and srvsvc/sid.c: the NDR 2.0 codec and SIDs. */
#include "srvsvc_test.h"
#include "srvsvc/sid.h"

static void test_integers_align(void **state)
{
	void *mem = talloc_new(NULL);
	struct ndr_push p;
	struct ndr_pull q;

	ndr_push_init(&p, mem);
	ndr_push_u8(&p, 1);
	ndr_push_u16(&p, 0x0302);	/* one pad byte first */
	ndr_push_u32(&p, 0x07060504);
	ndr_push_u8(&p, 8);
	ndr_push_u64(&p, 0x1122334455667788ull);	/* 7 pad bytes */
	assert_false(p.err);
	assert_int_equal(p.len, 24);
	assert_int_equal(p.buf[1], 0);
	assert_int_equal(t_get16(p.buf + 2), 0x0302);
	assert_int_equal(t_get32(p.buf + 4), 0x07060504);
	assert_int_equal(t_get64(p.buf + 16), 0x1122334455667788ull);

	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_int_equal(ndr_pull_u8(&q), 1);
	assert_int_equal(ndr_pull_u16(&q), 0x0302);
	assert_int_equal(ndr_pull_u32(&q), 0x07060504);
	assert_int_equal(ndr_pull_u8(&q), 8);
	assert_int_equal(ndr_pull_u64(&q), 0x1122334455667788ull);
	assert_false(q.err);
	/* past the end: sticky failure, zeros after */
	assert_int_equal(ndr_pull_u8(&q), 0);
	assert_true(q.err);
	q.off = 0;
	assert_int_equal(ndr_pull_u8(&q), 0);
	talloc_free(mem);
}

static void test_pointers(void **state)
{
	void *mem = talloc_new(NULL);
	struct ndr_push p;

	ndr_push_init(&p, mem);
	ndr_push_ptr(&p, true);
	ndr_push_ptr(&p, false);
	ndr_push_ptr(&p, true);
	assert_int_equal(t_get32(p.buf), 0x00020000);
	assert_int_equal(t_get32(p.buf + 4), 0);
	assert_int_equal(t_get32(p.buf + 8), 0x00020004);
	talloc_free(mem);
}

static void test_cvstring(void **state)
{
	void *mem = talloc_new(NULL);
	struct ndr_push p;
	struct ndr_pull q;
	char *s;

	ndr_push_init(&p, mem);
	ndr_push_cvstring(&p, "h\xc3\xa9llo");
	assert_int_equal(p.len, 12 + 12);
	assert_int_equal(t_get32(p.buf), 6);
	assert_int_equal(t_get32(p.buf + 4), 0);
	assert_int_equal(t_get32(p.buf + 8), 6);
	assert_int_equal(t_get16(p.buf + 14), 0xe9);
	assert_int_equal(t_get16(p.buf + 22), 0);
	ndr_pull_init(&q, mem, p.buf, p.len);
	s = ndr_pull_cvstring(&q);
	assert_string_equal(s, "h\xc3\xa9llo");
	assert_false(q.err);

	/* a string ends at its first NUL */
	t_put16(p.buf + 16, 0);
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_string_equal(ndr_pull_cvstring(&q), "h\xc3\xa9");

	/* actual count past max, offset not 0, data past the end */
	t_put32(p.buf + 8, 7);
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_null(ndr_pull_cvstring(&q));
	assert_true(q.err);
	t_put32(p.buf + 8, 6);
	t_put32(p.buf + 4, 1);
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_null(ndr_pull_cvstring(&q));
	t_put32(p.buf + 4, 0);
	ndr_pull_init(&q, mem, p.buf, p.len - 1);
	assert_null(ndr_pull_cvstring(&q));
	t_put32(p.buf, 0xFFFFFFFF);
	t_put32(p.buf + 8, 0x7FFFFFFF);
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_null(ndr_pull_cvstring(&q));
	/* an unpaired surrogate is not a string */
	ndr_push_init(&p, mem);
	ndr_push_u32(&p, 2);
	ndr_push_u32(&p, 0);
	ndr_push_u32(&p, 2);
	ndr_push_u16(&p, 0xD800);
	ndr_push_u16(&p, 0);
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_null(ndr_pull_cvstring(&q));
	talloc_free(mem);
}

static void test_ustring(void **state)
{
	void *mem = talloc_new(NULL);
	struct ndr_push p;
	struct ndr_pull q;

	ndr_push_init(&p, mem);
	ndr_push_u16(&p, 7);
	ndr_defer_ustring(&p, "abc");	/* aligned to 4 first */
	ndr_defer_ustring(&p, NULL);
	ndr_push_deferred(&p);
	assert_false(p.err);
	assert_int_equal(t_get16(p.buf + 4), 6);
	assert_int_equal(t_get16(p.buf + 6), 6);
	assert_int_equal(t_get32(p.buf + 8), 0x00020000);
	assert_int_equal(t_get32(p.buf + 12), 0);	/* NULL: 0, 0 */
	assert_int_equal(t_get32(p.buf + 16), 0);	/* and a NULL pointer */
	assert_int_equal(t_get32(p.buf + 20), 3);
	assert_int_equal(t_get32(p.buf + 24), 0);
	assert_int_equal(t_get32(p.buf + 28), 3);
	assert_int_equal(p.len, 38);

	ndr_pull_init(&q, mem, p.buf + 20, p.len - 20);
	assert_string_equal(ndr_pull_ustring_body(&q, 6, 6), "abc");
	/* length_is disagreeing with Length, size_is with MaximumLength, Length > Max */
	ndr_pull_init(&q, mem, p.buf + 20, p.len - 20);
	assert_null(ndr_pull_ustring_body(&q, 4, 6));
	ndr_pull_init(&q, mem, p.buf + 20, p.len - 20);
	assert_null(ndr_pull_ustring_body(&q, 6, 8));
	ndr_pull_init(&q, mem, p.buf + 20, p.len - 20);
	assert_null(ndr_pull_ustring_body(&q, 8, 6));
	talloc_free(mem);
}

static void test_sid_wire(void **state)
{
	void *mem = talloc_new(NULL);
	struct srvsvc_sid a, b;
	struct ndr_push p;
	struct ndr_pull q;

	assert_true(srvsvc_sid_parse("S-1-5-21-1-2-3-1000", &a));
	ndr_push_init(&p, mem);
	ndr_push_sid(&p, &a);
	assert_int_equal(p.len, 4 + 8 + 5 * 4);
	assert_int_equal(t_get32(p.buf), 5);
	assert_int_equal(p.buf[4], 1);
	assert_int_equal(p.buf[5], 5);
	assert_int_equal(p.buf[11], 5);
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_true(ndr_pull_sid(&q, &b));
	assert_true(srvsvc_sid_equal(&a, &b));
	/* count and SubAuthorityCount disagree; more than 15 */
	p.buf[5] = 4;
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_false(ndr_pull_sid(&q, &b));
	t_put32(p.buf, 16);
	p.buf[5] = 16;
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_false(ndr_pull_sid(&q, &b));
	talloc_free(mem);
}

static void test_sid_string(void **state)
{
	void *mem = talloc_new(NULL);
	struct srvsvc_sid a, b, dom;
	uint32_t rid;

	assert_true(srvsvc_sid_parse("S-1-5-21-4294967295-0-7", &a));
	assert_string_equal(srvsvc_sid_string(mem, &a), "S-1-5-21-4294967295-0-7");
	assert_true(srvsvc_sid_parse("S-1-0x123456789abc-1", &a));
	assert_string_equal(srvsvc_sid_string(mem, &a), "S-1-0x123456789abc-1");
	assert_true(srvsvc_sid_parse("S-1-1", &a));
	assert_int_equal(a.nsub, 0);
	assert_false(srvsvc_sid_parse("S-1-5-4294967296", &a));
	assert_false(srvsvc_sid_parse("S-2-5", &a));
	assert_false(srvsvc_sid_parse("S-1-5-", &a));
	assert_false(srvsvc_sid_parse("S-1-5-1x", &a));
	assert_false(srvsvc_sid_parse("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", &a));
	assert_true(srvsvc_sid_parse("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15", &a));
	assert_false(srvsvc_sid_append(&a, 1, &b));

	assert_true(srvsvc_sid_parse("S-1-5-32", &dom));
	assert_true(srvsvc_sid_parse("S-1-5-32-544", &a));
	assert_true(srvsvc_sid_split(&a, &dom, &rid));
	assert_int_equal(rid, 544);
	assert_false(srvsvc_sid_split(&dom, &a, &rid));
	assert_true(srvsvc_sid_append(&dom, 544, &b));
	assert_true(srvsvc_sid_equal(&a, &b));

	/* the machine SID: S-1-5-21-a-b-c, stable, case-blind, different per name */
	srvsvc_sid_machine("TSMB", &a);
	srvsvc_sid_machine("tsmb", &b);
	assert_true(srvsvc_sid_equal(&a, &b));
	assert_int_equal(a.nsub, 4);
	assert_int_equal(a.sub[0], 21);
	srvsvc_sid_machine("TSMB2", &b);
	assert_false(srvsvc_sid_equal(&a, &b));
	talloc_free(mem);
}

/* Embedded pointers: members first, then each record's strings in order. */
static void test_records(void **state)
{
	void *mem = talloc_new(NULL);
	union ndr_val v[6] = { { .s = "a" }, { .u = 7 }, { .s = NULL },
			       { .s = "bc" }, { .u = 8 }, { .s = "d" } }, w[6];
	struct ndr_push p;
	struct ndr_pull q;

	ndr_push_init(&p, mem);
	ndr_push_records(&p, "sus", v, 2);
	assert_false(p.err);
	assert_int_equal(t_get32(p.buf), 0x00020000);
	assert_int_equal(t_get32(p.buf + 4), 7);
	assert_int_equal(t_get32(p.buf + 8), 0);
	assert_int_equal(t_get32(p.buf + 12), 0x00020004);
	assert_int_equal(t_get32(p.buf + 20), 0x00020008);
	/* "a": 2 units, then "bc" */
	assert_int_equal(t_get32(p.buf + 24), 2);
	assert_int_equal(t_get16(p.buf + 36), 'a');
	assert_int_equal(t_get32(p.buf + 40), 3);
	assert_int_equal(t_get16(p.buf + 52), 'b');

	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_true(ndr_pull_records(&q, "sus", w, 2));
	assert_string_equal(w[0].s, "a");
	assert_int_equal(w[1].u, 7);
	assert_null(w[2].s);
	assert_string_equal(w[3].s, "bc");
	assert_int_equal(w[4].u, 8);
	assert_string_equal(w[5].s, "d");
	assert_int_equal(q.off, p.len);
	/* a count the buffer cannot hold fails before anything is read */
	ndr_pull_init(&q, mem, p.buf, p.len);
	assert_false(ndr_pull_records(&q, "sus", w, 0x40000000));
	/* each truncation fails */
	for (size_t n = 0; n < p.len; n++) {
		ndr_pull_init(&q, mem, p.buf, n);
		assert_false(ndr_pull_records(&q, "sus", w, 2));
	}
	talloc_free(mem);
}

static void test_count(void **state)
{
	uint8_t b[12] = { 3, 0, 0, 0 };
	struct ndr_pull q;

	ndr_pull_init(&q, NULL, b, sizeof(b));
	assert_int_equal(ndr_pull_count(&q, 10, 2), 3);
	ndr_pull_init(&q, NULL, b, sizeof(b));
	assert_int_equal(ndr_pull_count(&q, 2, 1), 0);	/* past max */
	assert_true(q.err);
	ndr_pull_init(&q, NULL, b, sizeof(b));
	assert_int_equal(ndr_pull_count(&q, 10, 4), 0);	/* 3 * 4 > 8 left */
	assert_true(q.err);
}

static void test_push_limit(void **state)
{
	void *mem = talloc_new(NULL);
	struct ndr_push p;
	size_t i;

	ndr_push_init(&p, mem);
	for (i = 0; i < NDR_PUSH_MAX / 4 + 1 && !p.err; i++)
		ndr_push_u32(&p, (uint32_t)i);
	assert_true(p.err);
	assert_true(p.len <= NDR_PUSH_MAX);
	/* invalid UTF-8 fails the buffer */
	ndr_push_init(&p, mem);
	ndr_push_cvstring(&p, "\xff");
	assert_true(p.err);
	talloc_free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_align),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_cvstring),
		cmocka_unit_test(test_ustring),
		cmocka_unit_test(test_sid_wire),
		cmocka_unit_test(test_sid_string),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_push_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
