// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "srvsvc/dcerpc.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* [C706] 12.6.3.1 common fields of every CO PDU */
bool dcerpc_pull_hdr(const uint8_t *buf, size_t len, struct dcerpc_hdr *h)
{
	if (len < DCERPC_HDR_LEN)
		return false;
	h->vers = buf[0];
	h->vers_minor = buf[1];
	h->ptype = buf[2];
	h->flags = buf[3];
	memcpy(h->drep, buf + 4, 4);
	h->frag_length = get16(buf + 8);
	h->auth_length = get16(buf + 10);
	h->call_id = get32(buf + 12);
	return h->vers == 5 && h->frag_length >= DCERPC_HDR_LEN;
}

bool dcerpc_drep_ok(const struct dcerpc_hdr *h)
{
	/* NDR format label ([C706] 14.1): 0x10 = little-endian, ASCII; IEEE floats */
	return (h->drep[0] & 0xF0) == 0x10 && (h->drep[0] & 0x0F) == 0 && h->drep[1] == 0;
}

/*
 * Where the body ends: an auth_verifier (8-byte sec_trailer and
 * auth_length bytes) sits at the end of the fragment ([C706] 13.2.6.1).
 */
static bool body_end(const struct dcerpc_hdr *h, size_t min, size_t *end)
{
	size_t e = h->frag_length;

	if (h->auth_length) {
		if ((size_t)h->auth_length + 8 > e)
			return false;
		e -= (size_t)h->auth_length + 8;
	}
	if (e < min)
		return false;
	*end = e;
	return true;
}

/* [C706] 12.6.4.3 bind / 12.6.4.1 alter_context */
bool dcerpc_pull_bind(const uint8_t *pdu, const struct dcerpc_hdr *h, struct dcerpc_bind *b)
{
	size_t end;

	if (!body_end(h, DCERPC_HDR_LEN + 12, &end))
		return false;
	b->max_xmit = get16(pdu + 16);
	b->max_recv = get16(pdu + 18);
	b->assoc_group = get32(pdu + 20);
	b->n_ctx = pdu[24];
	ndr_pull_init(&b->ctx, NULL, pdu, end);
	b->ctx.off = DCERPC_HDR_LEN + 12;
	return true;
}

bool dcerpc_pull_syntax(struct ndr_pull *p, struct dcerpc_syntax *s)
{
	const uint8_t *u = ndr_pull_raw(p, 16);

	if (!u)
		return false;
	memcpy(s->uuid, u, 16);
	s->major = ndr_pull_u16(p);
	s->minor = ndr_pull_u16(p);
	return !p->err;
}

/* p_cont_elem_t */
bool dcerpc_pull_ctx(struct dcerpc_bind *b, struct dcerpc_ctx *c)
{
	struct ndr_pull *p = &b->ctx;
	const uint8_t *ts;

	c->id = ndr_pull_u16(p);
	c->n_transfer = ndr_pull_u8(p);
	ndr_pull_u8(p);
	if (!dcerpc_pull_syntax(p, &c->abstract) || !c->n_transfer)
		return false;
	ts = ndr_pull_raw(p, (size_t)c->n_transfer * 20);
	if (!ts)
		return false;
	ndr_pull_init(&c->transfer, NULL, ts, (size_t)c->n_transfer * 20);
	return true;
}

/* [C706] 12.6.4.9 request */
bool dcerpc_pull_request(const uint8_t *pdu, const struct dcerpc_hdr *h,
			 struct dcerpc_request *r)
{
	size_t start = DCERPC_REQUEST_LEN, end;

	if (h->flags & DCERPC_PFC_OBJECT_UUID)
		start += 16;
	if (!body_end(h, start, &end))
		return false;
	r->alloc_hint = get32(pdu + 16);
	r->ctx_id = get16(pdu + 20);
	r->opnum = get16(pdu + 22);
	r->stub = pdu + start;
	r->stub_len = end - start;
	return true;
}

void dcerpc_push_hdr(struct ndr_push *p, uint8_t ptype, uint8_t flags, uint32_t call_id)
{
	static const uint8_t drep[4] = { 0x10, 0, 0, 0 };

	ndr_push_u8(p, 5);
	ndr_push_u8(p, 0);
	ndr_push_u8(p, ptype);
	ndr_push_u8(p, flags);
	ndr_push_bytes(p, drep, 4);
	ndr_push_u16(p, 0);	/* frag_length: dcerpc_push_end() */
	ndr_push_u16(p, 0);	/* auth_length */
	ndr_push_u32(p, call_id);
}

void dcerpc_push_end(struct ndr_push *p, size_t start)
{
	size_t n = p->len - start;

	if (p->err)
		return;
	if (n > 0xFFFF) {
		p->err = true;
		return;
	}
	p->buf[start + 8] = (uint8_t)n;
	p->buf[start + 9] = (uint8_t)(n >> 8);
}

void dcerpc_push_syntax(struct ndr_push *p, const struct dcerpc_syntax *s)
{
	ndr_push_bytes(p, s->uuid, 16);
	ndr_push_u16(p, s->major);
	ndr_push_u16(p, s->minor);
}

/* [C706] 12.6.4.7 fault */
void dcerpc_push_fault(struct ndr_push *p, uint32_t call_id, uint16_t ctx_id, uint32_t status,
		       bool did_not_execute)
{
	uint8_t flags = DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG;

	if (did_not_execute)
		flags |= DCERPC_PFC_DID_NOT_EXECUTE;
	dcerpc_push_hdr(p, DCERPC_PKT_FAULT, flags, call_id);
	ndr_push_u32(p, 0);	/* alloc_hint */
	ndr_push_u16(p, ctx_id);
	ndr_push_u8(p, 0);	/* cancel_count */
	ndr_push_u8(p, 0);
	ndr_push_u32(p, status);
	ndr_push_u32(p, 0);
	dcerpc_push_end(p, 0);
}

/* [C706] 12.6.4.5 bind_nak: the reason, and 5.0 as the one version we speak */
void dcerpc_push_bind_nak(struct ndr_push *p, uint32_t call_id, uint16_t reason)
{
	dcerpc_push_hdr(p, DCERPC_PKT_BIND_NAK, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG,
			call_id);
	ndr_push_u16(p, reason);
	ndr_push_u8(p, 1);
	ndr_push_u8(p, 5);
	ndr_push_u8(p, 0);
	ndr_push_align(p, 4);
	dcerpc_push_end(p, 0);
}
