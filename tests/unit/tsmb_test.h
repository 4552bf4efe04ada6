/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared helpers of the unit tests: byte-order helpers and builders of
 * SMB2/SMB1 messages, written independently of core/lib/cursor.h so that
 * the tests do not check the core against itself.
 *
 * Everything is static inline: each test includes what it uses.
 */
#ifndef TSMB_TESTS_UNIT_TSMB_TEST_H
#define TSMB_TESTS_UNIT_TSMB_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline void t_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void t_put32(uint8_t *p, uint32_t v)
{
	t_put16(p, (uint16_t)v);
	t_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void t_put64(uint8_t *p, uint64_t v)
{
	t_put32(p, (uint32_t)v);
	t_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t t_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t t_get32(const uint8_t *p)
{
	return (uint32_t)t_get16(p) | ((uint32_t)t_get16(p + 2) << 16);
}

static inline uint64_t t_get64(const uint8_t *p)
{
	return (uint64_t)t_get32(p) | ((uint64_t)t_get32(p + 4) << 32);
}

/* A growable-enough message buffer. */
struct t_msg {
	uint8_t b[70000];
	size_t n;
};

static inline uint8_t *t_append(struct t_msg *m, const void *src, size_t len)
{
	uint8_t *p = m->b + m->n;

	if (m->n + len > sizeof(m->b))
		abort();
	if (src)
		memcpy(p, src, len);
	else
		memset(p, 0, len);
	m->n += len;
	return p;
}

static inline void t_pad8(struct t_msg *m)
{
	while (m->n & 7)
		m->b[m->n++] = 0;
}

static inline void t_u16(struct t_msg *m, uint16_t v)
{
	t_put16(t_append(m, NULL, 2), v);
}

static inline void t_u32(struct t_msg *m, uint32_t v)
{
	t_put32(t_append(m, NULL, 4), v);
}

static inline void t_u64(struct t_msg *m, uint64_t v)
{
	t_put64(t_append(m, NULL, 8), v);
}

/* SMB2 header field offsets ([MS-SMB2] 2.2.1.2). */
#define T_H_PROTO	0
#define T_H_SSIZE	4
#define T_H_CHARGE	6
#define T_H_STATUS	8
#define T_H_CMD		12
#define T_H_CREDITS	14
#define T_H_FLAGS	16
#define T_H_NEXT	20
#define T_H_MID		24
#define T_H_PID		32
#define T_H_TID		36
#define T_H_ASYNC	32
#define T_H_SID		40
#define T_H_SIG		48

struct t_hdr {
	uint16_t cmd;
	uint64_t mid;
	uint16_t credits;	/* CreditRequest */
	uint16_t charge;
	uint32_t flags;
	uint32_t next;
	uint64_t sid;
	uint32_t tid;
};

/* Appends a 64-byte sync request header; returns its offset in m. */
static inline size_t t_hdr(struct t_msg *m, const struct t_hdr *h)
{
	size_t off = m->n;
	uint8_t *p = t_append(m, NULL, 64);

	p[0] = 0xFE;
	p[1] = 'S';
	p[2] = 'M';
	p[3] = 'B';
	t_put16(p + T_H_SSIZE, 64);
	t_put16(p + T_H_CHARGE, h->charge);
	t_put16(p + T_H_CMD, h->cmd);
	t_put16(p + T_H_CREDITS, h->credits);
	t_put32(p + T_H_FLAGS, h->flags);
	t_put32(p + T_H_NEXT, h->next);
	t_put64(p + T_H_MID, h->mid);
	t_put32(p + T_H_PID, 0xFEFF);
	t_put32(p + T_H_TID, h->tid);
	t_put64(p + T_H_SID, h->sid);
	return off;
}

/* One negotiate context to append ([MS-SMB2] 2.2.3.1). */
struct t_ctx {
	uint16_t type;
	const uint8_t *data;
	uint16_t len;
};

/*
 * NEGOTIATE request body after a header at offset hdr_off of m, with the
 * contexts 8-byte aligned after the dialects (relative to the header);
 * the offset and count fields are filled in (tests patch them to break them).
 */
static inline void t_negotiate_body(struct t_msg *m, size_t hdr_off, const uint16_t *dialects,
				    unsigned int nd, const struct t_ctx *ctx, unsigned int nctx)
{
	size_t ctx_field;
	unsigned int i;

	t_u16(m, 36);
	t_u16(m, (uint16_t)nd);
	t_u16(m, 0x0001);		/* SecurityMode: signing enabled */
	t_u16(m, 0);
	t_u32(m, 0x7f);			/* Capabilities */
	for (i = 0; i < 16; i++)	/* ClientGuid */
		t_append(m, NULL, 1)[0] = (uint8_t)(0xA0 + i);
	ctx_field = m->n;
	t_u32(m, 0);			/* NegotiateContextOffset */
	t_u16(m, (uint16_t)nctx);	/* NegotiateContextCount */
	t_u16(m, 0);
	for (i = 0; i < nd; i++)
		t_u16(m, dialects[i]);
	if (!nctx)
		return;
	while ((m->n - hdr_off) & 7)
		t_append(m, NULL, 1);
	t_put32(m->b + ctx_field, (uint32_t)(m->n - hdr_off));
	for (i = 0; i < nctx; i++) {
		if (i)
			while ((m->n - hdr_off) & 7)
				t_append(m, NULL, 1);
		t_u16(m, ctx[i].type);
		t_u16(m, ctx[i].len);
		t_u32(m, 0);
		t_append(m, ctx[i].data, ctx[i].len);
	}
}

/* Context data, as Windows 11 sends them. */
static const uint8_t t_ctx_preauth[] = {	/* SHA-512, 32-byte salt */
	0x01, 0x00, 0x20, 0x00, 0x01, 0x00,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
	0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
	0xdd, 0xee, 0xff, 0x00,
};
static const uint8_t t_ctx_encryption[] = {	/* AES-128-GCM, AES-128-CCM, 256-GCM, 256-CCM */
	0x04, 0x00, 0x02, 0x00, 0x01, 0x00, 0x04, 0x00, 0x03, 0x00,
};
static const uint8_t t_ctx_signing[] = {	/* GMAC, CMAC, HMAC-SHA256 */
	0x03, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00,
};
static const uint8_t t_ctx_compression[] = {	/* LZ77, Flags 0 */
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
};
static const uint8_t t_ctx_netname[] = {	/* "srv" in UTF-16LE */
	's', 0, 'r', 0, 'v', 0,
};

#define T_CTX(t, d) { (t), (d), sizeof(d) }

/* A complete NEGOTIATE request (header and body) into m. */
static inline void t_negotiate(struct t_msg *m, uint64_t mid, uint16_t credits,
			       const uint16_t *dialects, unsigned int nd,
			       const struct t_ctx *ctx, unsigned int nctx)
{
	struct t_hdr h = { .cmd = 0, .mid = mid, .credits = credits };
	size_t off = t_hdr(m, &h);

	t_negotiate_body(m, off, dialects, nd, ctx, nctx);
}

/* The SMB1 negotiate: header, WordCount 0, ByteCount, dialect strings. */
static inline void t_smb1_negotiate(struct t_msg *m, const char *const *dialects,
				    unsigned int nd)
{
	static const uint8_t hdr[32] = {
		0xFF, 'S', 'M', 'B', 0x72,		/* Protocol, Command */
		0, 0, 0, 0,				/* Status */
		0x18,					/* Flags */
		0x53, 0xC8,				/* Flags2 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		/* PIDHigh, SecurityFeatures */
		0, 0,					/* Reserved */
		0xFF, 0xFF, 0xFE, 0xFF, 0, 0, 0, 0,	/* TID, PIDLow, UID, MID */
	};
	size_t bc;
	unsigned int i;

	t_append(m, hdr, sizeof(hdr));
	t_append(m, NULL, 1);		/* WordCount */
	bc = m->n;
	t_u16(m, 0);
	for (i = 0; i < nd; i++) {
		t_append(m, NULL, 1)[0] = 0x02;
		t_append(m, dialects[i], strlen(dialects[i]) + 1);
	}
	t_put16(m->b + bc, (uint16_t)(m->n - bc - 2));
}

#endif /* TSMB_TESTS_UNIT_TSMB_TEST_H */
