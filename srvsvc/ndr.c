// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include <talloc.h>

#include "authd/unistr.h"
#include "srvsvc/ndr.h"

/* [C706] 14.3.3: a wchar_t unit is two octets; strings here are bounded by the buffer. */
#define NDR_REF_FIRST	0x00020000u

void ndr_pull_init(struct ndr_pull *p, void *mem, const uint8_t *data, size_t len)
{
	p->data = data;
	p->len = len;
	p->off = 0;
	p->err = false;
	p->mem = mem;
}

void ndr_pull_fail(struct ndr_pull *p)
{
	p->err = true;
}

/* The next n bytes, or NULL (and the cursor failed). */
static const uint8_t *take(struct ndr_pull *p, size_t n)
{
	static const uint8_t none[1];
	const uint8_t *d;

	if (p->err || n > p->len - p->off) {
		p->err = true;
		return NULL;
	}
	/* an empty buffer may have no address; zero bytes of it are still a success */
	d = p->data ? p->data + p->off : none;
	p->off += n;
	return d;
}

void ndr_pull_align(struct ndr_pull *p, size_t n)
{
	size_t pad = (n - (p->off & (n - 1))) & (n - 1);

	take(p, pad);
}

const uint8_t *ndr_pull_raw(struct ndr_pull *p, size_t n)
{
	return take(p, n);
}

uint8_t ndr_pull_u8(struct ndr_pull *p)
{
	const uint8_t *d = take(p, 1);

	return d ? d[0] : 0;
}

uint16_t ndr_pull_u16(struct ndr_pull *p)
{
	const uint8_t *d;

	ndr_pull_align(p, 2);
	d = take(p, 2);
	return d ? (uint16_t)(d[0] | d[1] << 8) : 0;
}

uint32_t ndr_pull_u32(struct ndr_pull *p)
{
	const uint8_t *d;

	ndr_pull_align(p, 4);
	d = take(p, 4);
	return d ? (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 |
			   (uint32_t)d[3] << 24 : 0;
}

uint64_t ndr_pull_u64(struct ndr_pull *p)
{
	uint64_t lo;

	ndr_pull_align(p, 8);
	lo = ndr_pull_u32(p);
	return lo | (uint64_t)ndr_pull_u32(p) << 32;
}

uint32_t ndr_pull_count(struct ndr_pull *p, uint32_t max, size_t elem)
{
	uint32_t n = ndr_pull_u32(p);

	if (p->err || n > max || (elem && n > (p->len - p->off) / elem)) {
		p->err = true;
		return 0;
	}
	return n;
}

/* Offset and actual count of a varying array of at most max units of 2 bytes. */
static const uint8_t *pull_varying_u16(struct ndr_pull *p, uint32_t max, uint32_t *actual)
{
	uint32_t offset = ndr_pull_u32(p);

	*actual = ndr_pull_u32(p);
	/* strings never start past element 0 ([C706] 14.3.4) */
	if (p->err || offset != 0 || *actual > max) {
		p->err = true;
		return NULL;
	}
	return take(p, (size_t)*actual * 2);
}

char *ndr_pull_cvstring(struct ndr_pull *p)
{
	uint32_t max = ndr_pull_u32(p), actual, n;
	const uint8_t *d = pull_varying_u16(p, max, &actual);
	char *s;

	if (!d)
		return NULL;
	/* a C string to the server: it ends at the first NUL, wherever that is */
	for (n = 0; n < actual && (d[2 * n] || d[2 * n + 1]); n++)
		;
	s = authd_utf16_to_utf8(p->mem, d, (size_t)n * 2);
	if (!s)
		p->err = true;
	return s;
}

char *ndr_pull_ustring_body(struct ndr_pull *p, uint16_t len, uint16_t maxlen)
{
	uint32_t max = ndr_pull_u32(p), actual;
	const uint8_t *d;
	char *s;

	/* [MS-DTYP] 2.3.10: size_is(MaximumLength/2), length_is(Length/2) */
	if (max != maxlen / 2u || len > maxlen) {
		p->err = true;
		return NULL;
	}
	d = pull_varying_u16(p, max, &actual);
	if (!d || actual != len / 2u) {
		p->err = true;
		return NULL;
	}
	s = authd_utf16_to_utf8(p->mem, d, (size_t)actual * 2);
	if (!s)
		p->err = true;
	return s;
}

bool ndr_pull_sid(struct ndr_pull *p, struct srvsvc_sid *sid)
{
	uint32_t n = ndr_pull_count(p, SRVSVC_SID_MAX_SUBS, 4);
	const uint8_t *auth;
	uint32_t i;

	memset(sid, 0, sizeof(*sid));
	sid->rev = ndr_pull_u8(p);
	sid->nsub = ndr_pull_u8(p);
	auth = take(p, 6);
	if (!auth || sid->nsub != n) {
		p->err = true;
		return false;
	}
	memcpy(sid->auth, auth, 6);
	for (i = 0; i < n; i++)
		sid->sub[i] = ndr_pull_u32(p);
	return !p->err;
}

void ndr_pull_skip_bytes(struct ndr_pull *p, uint32_t max)
{
	uint32_t n = ndr_pull_count(p, max, 1);

	take(p, n);
}

void ndr_push_init(struct ndr_push *p, void *mem)
{
	memset(p, 0, sizeof(*p));
	p->mem = mem;
	p->next_ref = NDR_REF_FIRST;
}

/* Room for n more bytes; NULL (and the buffer failed) past NDR_PUSH_MAX. */
static uint8_t *room(struct ndr_push *p, size_t n)
{
	uint8_t *d;

	if (p->err || n > NDR_PUSH_MAX - p->len) {
		p->err = true;
		return NULL;
	}
	if (!n)
		return NULL;	/* nothing to write; not a failure */
	if (p->len + n > p->cap) {
		size_t cap = p->cap ? p->cap : 256;
		uint8_t *nb;

		while (cap < p->len + n)
			cap *= 2;
		nb = talloc_realloc(p->mem, p->buf, uint8_t, cap);
		if (!nb) {
			p->err = true;
			return NULL;
		}
		p->buf = nb;
		p->cap = cap;
	}
	d = p->buf + p->len;
	p->len += n;
	return d;
}

void ndr_push_bytes(struct ndr_push *p, const void *data, size_t n)
{
	uint8_t *d = room(p, n);

	if (d && n)
		memcpy(d, data, n);
}

void ndr_push_align(struct ndr_push *p, size_t n)
{
	size_t pad = (n - (p->len & (n - 1))) & (n - 1);
	uint8_t *d = room(p, pad);

	if (d)
		memset(d, 0, pad);
}

void ndr_push_u8(struct ndr_push *p, uint8_t v)
{
	ndr_push_bytes(p, &v, 1);
}

void ndr_push_u16(struct ndr_push *p, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	ndr_push_align(p, 2);
	ndr_push_bytes(p, b, 2);
}

void ndr_push_u32(struct ndr_push *p, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	ndr_push_align(p, 4);
	ndr_push_bytes(p, b, 4);
}

void ndr_push_u64(struct ndr_push *p, uint64_t v)
{
	ndr_push_align(p, 8);
	ndr_push_u32(p, (uint32_t)v);
	ndr_push_u32(p, (uint32_t)(v >> 32));
}

void ndr_push_ptr(struct ndr_push *p, bool present)
{
	if (!present) {
		ndr_push_u32(p, 0);
		return;
	}
	ndr_push_u32(p, p->next_ref);
	p->next_ref += 4;
}

/* UTF-8 to UTF-16LE under p->mem; NULL (and the buffer failed) on bad input. */
static uint8_t *to_utf16(struct ndr_push *p, const char *s, size_t *len)
{
	uint8_t *u;

	if (p->err)
		return NULL;
	u = authd_utf8_to_utf16(p->mem, s, len);
	if (!u || *len > 0xFFFC)
		p->err = true;
	return p->err ? NULL : u;
}

static void push_cvstring_u16(struct ndr_push *p, const uint8_t *u, size_t len)
{
	uint32_t n = (uint32_t)(len / 2) + 1;

	ndr_push_u32(p, n);
	ndr_push_u32(p, 0);
	ndr_push_u32(p, n);
	ndr_push_bytes(p, u, len);
	ndr_push_u16(p, 0);
}

void ndr_push_cvstring(struct ndr_push *p, const char *s)
{
	size_t len;
	uint8_t *u = to_utf16(p, s, &len);

	if (u)
		push_cvstring_u16(p, u, len);
	talloc_free(u);
}

void ndr_push_sid(struct ndr_push *p, const struct srvsvc_sid *sid)
{
	unsigned int i, n = sid->nsub <= SRVSVC_SID_MAX_SUBS ? sid->nsub : SRVSVC_SID_MAX_SUBS;

	ndr_push_u32(p, n);
	ndr_push_u8(p, sid->rev);
	ndr_push_u8(p, (uint8_t)n);
	ndr_push_bytes(p, sid->auth, 6);
	for (i = 0; i < n; i++)
		ndr_push_u32(p, sid->sub[i]);
}

static struct ndr_deferred *enqueue(struct ndr_push *p, enum ndr_deferred_kind kind)
{
	struct ndr_deferred *d;

	if (p->err)
		return NULL;
	if (p->nq == p->qcap) {
		size_t cap = p->qcap ? p->qcap * 2 : 16;
		struct ndr_deferred *nq = talloc_realloc(p->mem, p->q, struct ndr_deferred, cap);

		if (!nq) {
			p->err = true;
			return NULL;
		}
		p->q = nq;
		p->qcap = cap;
	}
	d = &p->q[p->nq++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	return d;
}

void ndr_defer_cvstring(struct ndr_push *p, const char *s)
{
	struct ndr_deferred *d;

	ndr_push_ptr(p, s != NULL);
	if (!s)
		return;
	d = enqueue(p, NDR_DEFER_CVSTRING);
	if (d)
		d->u16 = to_utf16(p, s, &d->u16_len);
}

void ndr_defer_ustring(struct ndr_push *p, const char *s)
{
	struct ndr_deferred *d;
	size_t len = 0;
	const uint8_t *u = s ? to_utf16(p, s, &len) : NULL;

	ndr_push_align(p, 4);	/* the structure holds a pointer */
	ndr_push_u16(p, (uint16_t)len);
	ndr_push_u16(p, (uint16_t)len);
	ndr_push_ptr(p, s != NULL);
	if (!s)
		return;
	d = enqueue(p, NDR_DEFER_USTRING);
	if (d) {
		d->u16 = u;
		d->u16_len = len;
	}
}

void ndr_defer_sid(struct ndr_push *p, const struct srvsvc_sid *sid)
{
	struct ndr_deferred *d;

	ndr_push_ptr(p, sid != NULL);
	if (!sid)
		return;
	d = enqueue(p, NDR_DEFER_SID);
	if (d)
		d->sid = *sid;
}

void ndr_push_deferred(struct ndr_push *p)
{
	size_t i;

	for (i = 0; i < p->nq && !p->err; i++) {
		const struct ndr_deferred *d = &p->q[i];

		switch (d->kind) {
		case NDR_DEFER_CVSTRING:
			push_cvstring_u16(p, d->u16, d->u16_len);
			break;
		case NDR_DEFER_USTRING:
			/* MaximumLength == Length: no room for a NUL is promised */
			ndr_push_u32(p, (uint32_t)(d->u16_len / 2));
			ndr_push_u32(p, 0);
			ndr_push_u32(p, (uint32_t)(d->u16_len / 2));
			ndr_push_bytes(p, d->u16, d->u16_len);
			break;
		case NDR_DEFER_SID:
			ndr_push_sid(p, &d->sid);
			break;
		}
	}
	p->nq = 0;
}

void ndr_push_records(struct ndr_push *p, const char *layout, const union ndr_val *v,
		      uint32_t n)
{
	size_t w = strlen(layout), i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < w; k++) {
			const union ndr_val *x = &v[i * w + k];

			if (layout[k] == 'u')
				ndr_push_u32(p, x->u);
			else if (layout[k] == 's')
				ndr_defer_cvstring(p, x->s);
			else
				ndr_push_ptr(p, false);
		}
	}
	ndr_push_deferred(p);
}

bool ndr_pull_records(struct ndr_pull *p, const char *layout, union ndr_val *v, uint32_t n)
{
	size_t w = strlen(layout), i, k;

	/* every member is 4 bytes on the wire: n records must fit what is left */
	if (n > (p->len - p->off) / 4 / (w ? w : 1)) {
		p->err = true;
		return false;
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < w; k++)
			v[i * w + k].u = ndr_pull_u32(p);
	for (i = 0; i < n && !p->err; i++) {
		for (k = 0; k < w; k++) {
			union ndr_val *x = &v[i * w + k];

			if (layout[k] == 'u')
				continue;
			if (layout[k] == 's')
				x->s = x->u ? ndr_pull_cvstring(p) : NULL;
			else if (x->u)
				ndr_pull_skip_bytes(p, 0x40000);
		}
	}
	return !p->err;
}
