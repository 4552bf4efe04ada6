// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SPNEGO in DER. A TLV reader that refuses indefinite lengths, non-minimal
 * length encodings and lengths past the enclosing element; the tokens are
 * walked with nested cursors, never recursively.
 */
#include <string.h>

#include <talloc.h>

#include "authd/spnego.h"

#define DER_SEQUENCE	0x30
#define DER_OID		0x06
#define DER_OCTETS	0x04
#define DER_ENUM	0x0a
#define DER_BITSTRING	0x03
#define DER_GENSTRING	0x1b
#define DER_APP0	0x60
#define DER_CTX(n)	(0xa0 | (n))
#define SPNEGO_MAX_LEN	(1u << 20)
#define MECH_TYPES_MAX	32

static const uint8_t oid_spnego[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
static const uint8_t oid_ntlmssp[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37,
				       0x02, 0x02, 0x0a };
static const char neg_hint[] = "not_defined_in_RFC4178@please_ignore";

struct der {
	const uint8_t *p;
	size_t len;
};

/* Reads one TLV of the expected tag; -1 unless it is well-formed DER. */
static int der_get(struct der *d, uint8_t tag, struct der *out, const uint8_t **start)
{
	size_t l, n, i;

	if (d->len < 2 || d->p[0] != tag)
		return -1;
	if (start)
		*start = d->p;
	l = d->p[1];
	n = 2;
	if (l & 0x80) {
		size_t nb = l & 0x7f;

		/* Long form: 1..4 bytes, no leading zero, and only for >= 128. */
		if (nb == 0 || nb > 4 || d->len < 2 + nb || d->p[2] == 0)
			return -1;
		for (l = 0, i = 0; i < nb; i++)
			l = l << 8 | d->p[2 + i];
		if (l < 128)
			return -1;
		n += nb;
	}
	if (l > d->len - n)
		return -1;
	out->p = d->p + n;
	out->len = l;
	d->p += n + l;
	d->len -= n + l;
	return 0;
}

static bool der_peek(const struct der *d, uint8_t tag)
{
	return d->len > 0 && d->p[0] == tag;
}

/* MechTypeList ::= SEQUENCE OF OID. */
static int parse_mech_types(struct der *seq, struct authd_spnego_in *out)
{
	struct der ctx, list, oid;
	const uint8_t *start;
	unsigned int n;

	if (der_get(seq, DER_CTX(0), &ctx, NULL) || der_get(&ctx, DER_SEQUENCE, &list, &start) ||
	    ctx.len)
		return -1;
	out->mech_types = start;
	out->mech_types_len = (size_t)(list.p + list.len - start);
	for (n = 0; list.len; n++) {
		if (n >= MECH_TYPES_MAX || der_get(&list, DER_OID, &oid, NULL) || !oid.len)
			return -1;
		if (oid.len == sizeof(oid_ntlmssp) && !memcmp(oid.p, oid_ntlmssp, oid.len)) {
			out->ntlmssp_offered = true;
			if (n == 0)
				out->ntlmssp_first = true;
		}
	}
	return n ? 0 : -1;
}

/* [n] OCTET STRING, optional. */
static int get_octets(struct der *seq, unsigned int n, const uint8_t **p, size_t *len)
{
	struct der ctx, os;

	if (!der_peek(seq, DER_CTX(n)))
		return 0;
	if (der_get(seq, DER_CTX(n), &ctx, NULL) || der_get(&ctx, DER_OCTETS, &os, NULL) ||
	    ctx.len)
		return -1;
	*p = os.p;
	*len = os.len;
	return 0;
}

/* RFC 4178 4.2.1 NegTokenInit (inside [0]). */
static int parse_init(struct der *tok, struct authd_spnego_in *out)
{
	struct der ctx, seq, skip;

	if (der_get(tok, DER_CTX(0), &ctx, NULL) || tok->len ||
	    der_get(&ctx, DER_SEQUENCE, &seq, NULL) || ctx.len)
		return -1;
	if (parse_mech_types(&seq, out))
		return -1;
	if (der_peek(&seq, DER_CTX(1)) && der_get(&seq, DER_CTX(1), &skip, NULL))
		return -1;
	if (get_octets(&seq, 2, &out->token, &out->token_len))
		return -1;
	/* [3]: mechListMIC in RFC 4178; a client does not send NegTokenInit2's negHints. */
	if (get_octets(&seq, 3, &out->mic, &out->mic_len) || seq.len)
		return -1;
	out->kind = AUTHD_SPNEGO_INIT;
	return 0;
}

/* RFC 4178 4.2.2 NegTokenResp (inside [1]). */
static int parse_resp(struct der *tok, struct authd_spnego_in *out)
{
	struct der ctx, seq, in, val;

	if (der_get(tok, DER_CTX(1), &ctx, NULL) || tok->len ||
	    der_get(&ctx, DER_SEQUENCE, &seq, NULL) || ctx.len)
		return -1;
	if (der_peek(&seq, DER_CTX(0))) {
		if (der_get(&seq, DER_CTX(0), &in, NULL) || der_get(&in, DER_ENUM, &val, NULL) ||
		    in.len || val.len != 1 || val.p[0] > AUTHD_SPNEGO_REQUEST_MIC)
			return -1;
		out->neg_state = val.p[0];
	}
	if (der_peek(&seq, DER_CTX(1))) {
		if (der_get(&seq, DER_CTX(1), &in, NULL) || der_get(&in, DER_OID, &val, NULL) ||
		    in.len)
			return -1;
		out->ntlmssp_offered = val.len == sizeof(oid_ntlmssp) &&
				       !memcmp(val.p, oid_ntlmssp, val.len);
	}
	if (get_octets(&seq, 2, &out->token, &out->token_len) ||
	    get_octets(&seq, 3, &out->mic, &out->mic_len) || seq.len)
		return -1;
	out->kind = AUTHD_SPNEGO_RESP;
	return 0;
}

int authd_spnego_parse(const uint8_t *blob, size_t len, struct authd_spnego_in *out)
{
	struct der d = { blob, len }, app, oid;

	memset(out, 0, sizeof(*out));
	out->neg_state = AUTHD_SPNEGO_STATE_ABSENT;
	if (len > SPNEGO_MAX_LEN)
		return -1;
	if (len >= 8 && !memcmp(blob, "NTLMSSP", 8)) {
		out->kind = AUTHD_SPNEGO_RAW_NTLMSSP;
		out->token = blob;
		out->token_len = len;
		out->ntlmssp_offered = out->ntlmssp_first = true;
		return 0;
	}
	if (der_peek(&d, DER_CTX(1)))
		return parse_resp(&d, out);
	/* InitialContextToken ::= [APPLICATION 0] { thisMech OID, innerToken } (RFC 2743 3.1) */
	if (der_get(&d, DER_APP0, &app, NULL) || d.len || der_get(&app, DER_OID, &oid, NULL) ||
	    oid.len != sizeof(oid_spnego) || memcmp(oid.p, oid_spnego, oid.len))
		return -1;
	return parse_init(&app, out);
}

static size_t der_hdr_len(size_t len)
{
	if (len < 0x80)
		return 2;
	if (len < 0x100)
		return 3;
	if (len < 0x10000)
		return 4;
	return 5;
}

static uint8_t *der_put_hdr(uint8_t *p, uint8_t tag, size_t len)
{
	*p++ = tag;
	if (len < 0x80) {
		*p++ = (uint8_t)len;
	} else if (len < 0x100) {
		*p++ = 0x81;
		*p++ = (uint8_t)len;
	} else if (len < 0x10000) {
		*p++ = 0x82;
		*p++ = (uint8_t)(len >> 8);
		*p++ = (uint8_t)len;
	} else {
		*p++ = 0x83;
		*p++ = (uint8_t)(len >> 16);
		*p++ = (uint8_t)(len >> 8);
		*p++ = (uint8_t)len;
	}
	return p;
}

/* The size of tag(len(content)) */
static size_t der_size(size_t content)
{
	return der_hdr_len(content) + content;
}

uint8_t *authd_spnego_init2(void *mem_ctx, size_t *outlen)
{
	size_t oid = der_size(sizeof(oid_ntlmssp)), types = der_size(der_size(oid));
	size_t hint = der_size(der_size(sizeof(neg_hint) - 1));
	size_t hints = der_size(der_size(hint));
	size_t seq = der_size(types + hints), init = der_size(seq);
	size_t body = der_size(sizeof(oid_spnego)) + init, app = der_size(body);
	uint8_t *buf = talloc_array(mem_ctx, uint8_t, app), *p;

	if (!buf)
		return NULL;
	p = der_put_hdr(buf, DER_APP0, body);
	p = der_put_hdr(p, DER_OID, sizeof(oid_spnego));
	memcpy(p, oid_spnego, sizeof(oid_spnego));
	p += sizeof(oid_spnego);
	p = der_put_hdr(p, DER_CTX(0), seq);
	p = der_put_hdr(p, DER_SEQUENCE, types + hints);
	p = der_put_hdr(p, DER_CTX(0), der_size(oid));
	p = der_put_hdr(p, DER_SEQUENCE, oid);
	p = der_put_hdr(p, DER_OID, sizeof(oid_ntlmssp));
	memcpy(p, oid_ntlmssp, sizeof(oid_ntlmssp));
	p += sizeof(oid_ntlmssp);
	/* [MS-SPNG] 2.2.1 NegHints: hintName [0] GeneralString, as Windows sends it. */
	p = der_put_hdr(p, DER_CTX(3), der_size(hint));
	p = der_put_hdr(p, DER_SEQUENCE, hint);
	p = der_put_hdr(p, DER_CTX(0), der_size(sizeof(neg_hint) - 1));
	p = der_put_hdr(p, DER_GENSTRING, sizeof(neg_hint) - 1);
	memcpy(p, neg_hint, sizeof(neg_hint) - 1);
	*outlen = app;
	return buf;
}

uint8_t *authd_spnego_resp(void *mem_ctx, int neg_state, bool supported_mech,
			   const uint8_t *token, size_t token_len, const uint8_t *mic,
			   size_t mic_len, size_t *outlen)
{
	size_t st = neg_state >= 0 ? der_size(der_size(1)) : 0;
	size_t mech = supported_mech ? der_size(der_size(sizeof(oid_ntlmssp))) : 0;
	size_t tok = token ? der_size(der_size(token_len)) : 0;
	size_t m = mic ? der_size(der_size(mic_len)) : 0;
	size_t seq = der_size(st + mech + tok + m), all = der_size(seq);
	uint8_t *buf, *p;

	if (token_len > SPNEGO_MAX_LEN || mic_len > SPNEGO_MAX_LEN)
		return NULL;
	buf = talloc_array(mem_ctx, uint8_t, all);
	if (!buf)
		return NULL;
	p = der_put_hdr(buf, DER_CTX(1), seq);
	p = der_put_hdr(p, DER_SEQUENCE, st + mech + tok + m);
	if (st) {
		p = der_put_hdr(p, DER_CTX(0), 3);
		p = der_put_hdr(p, DER_ENUM, 1);
		*p++ = (uint8_t)neg_state;
	}
	if (mech) {
		p = der_put_hdr(p, DER_CTX(1), der_size(sizeof(oid_ntlmssp)));
		p = der_put_hdr(p, DER_OID, sizeof(oid_ntlmssp));
		memcpy(p, oid_ntlmssp, sizeof(oid_ntlmssp));
		p += sizeof(oid_ntlmssp);
	}
	if (tok) {
		p = der_put_hdr(p, DER_CTX(2), der_size(token_len));
		p = der_put_hdr(p, DER_OCTETS, token_len);
		memcpy(p, token, token_len);
		p += token_len;
	}
	if (m) {
		p = der_put_hdr(p, DER_CTX(3), der_size(mic_len));
		p = der_put_hdr(p, DER_OCTETS, mic_len);
		memcpy(p, mic, mic_len);
	}
	*outlen = all;
	return buf;
}
