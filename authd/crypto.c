// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MD4 (RFC 1320), RC4, and thin wrappers over OpenSSL's MD5/HMAC-MD5.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "authd/crypto.h"

struct md4_ctx {
	uint32_t a, b, c, d;
};

static inline uint32_t rol32(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

#define MD4_F(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define MD4_G(x, y, z) (((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define MD4_H(x, y, z) ((x) ^ (y) ^ (z))

/* RFC 1320 3.4: the three rounds over one 64-byte block. */
static void md4_block(struct md4_ctx *c, const uint8_t *p)
{
	static const uint8_t r2[16] = { 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15 };
	static const uint8_t r3[16] = { 0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15 };
	static const uint8_t s1[4] = { 3, 7, 11, 19 }, s2[4] = { 3, 5, 9, 13 },
			     s3[4] = { 3, 9, 11, 15 };
	uint32_t x[16], v[4] = { c->a, c->b, c->c, c->d };
	unsigned int i;

	for (i = 0; i < 16; i++)
		x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	/* v[(4 - i) & 3] is "a" of step i: the registers rotate by one each step. */
	for (i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i) & 3], b = v[(5 - i) & 3], cc = v[(6 - i) & 3],
			 d = v[(7 - i) & 3];
		*a = rol32(*a + MD4_F(b, cc, d) + x[i], s1[i & 3]);
	}
	for (i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i) & 3], b = v[(5 - i) & 3], cc = v[(6 - i) & 3],
			 d = v[(7 - i) & 3];
		*a = rol32(*a + MD4_G(b, cc, d) + x[r2[i]] + 0x5A827999u, s2[i & 3]);
	}
	for (i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i) & 3], b = v[(5 - i) & 3], cc = v[(6 - i) & 3],
			 d = v[(7 - i) & 3];
		*a = rol32(*a + MD4_H(b, cc, d) + x[r3[i]] + 0x6ED9EBA1u, s3[i & 3]);
	}
	c->a += v[0];
	c->b += v[1];
	c->c += v[2];
	c->d += v[3];
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void authd_md4(const void *data, size_t len, uint8_t out[AUTHD_MD4_LEN])
{
	struct md4_ctx c = { 0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u };
	const uint8_t *p = data;
	uint8_t tail[128];
	uint64_t bits = (uint64_t)len * 8;
	size_t rest, tlen;
	unsigned int i;

	for (; len >= 64; len -= 64, p += 64)
		md4_block(&c, p);
	rest = len;
	memset(tail, 0, sizeof(tail));
	if (rest)
		memcpy(tail, p, rest);
	tail[rest] = 0x80;
	tlen = rest < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 8 + i] = (uint8_t)(bits >> (8 * i));
	md4_block(&c, tail);
	if (tlen == 128)
		md4_block(&c, tail + 64);
	put_le32(out, c.a);
	put_le32(out + 4, c.b);
	put_le32(out + 8, c.c);
	put_le32(out + 12, c.d);
}

void authd_rc4_init(struct authd_rc4 *st, const uint8_t *key, size_t keylen)
{
	unsigned int i;
	uint8_t j = 0, t;

	for (i = 0; i < 256; i++)
		st->s[i] = (uint8_t)i;
	for (i = 0; i < 256; i++) {
		j = (uint8_t)(j + st->s[i] + key[i % keylen]);
		t = st->s[i];
		st->s[i] = st->s[j];
		st->s[j] = t;
	}
	st->i = 0;
	st->j = 0;
}

void authd_rc4_crypt(struct authd_rc4 *st, uint8_t *buf, size_t len)
{
	uint8_t i = st->i, j = st->j, t;
	size_t n;

	for (n = 0; n < len; n++) {
		i++;
		j = (uint8_t)(j + st->s[i]);
		t = st->s[i];
		st->s[i] = st->s[j];
		st->s[j] = t;
		buf[n] ^= st->s[(uint8_t)(st->s[i] + st->s[j])];
	}
	st->i = i;
	st->j = j;
}

int authd_hmac_md5_init(struct authd_hmac_md5 *h, const uint8_t *key, size_t keylen)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;

	h->ctx = NULL;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return -1;
	ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (!ctx)
		return -1;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"MD5", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(ctx, key, keylen, params)) {
		EVP_MAC_CTX_free(ctx);
		return -1;
	}
	h->ctx = ctx;
	return 0;
}

void authd_hmac_md5_update(struct authd_hmac_md5 *h, const void *data, size_t len)
{
	if (h->ctx && len && !EVP_MAC_update(h->ctx, data, len)) {
		EVP_MAC_CTX_free(h->ctx);
		h->ctx = NULL;
	}
}

int authd_hmac_md5_final(struct authd_hmac_md5 *h, uint8_t out[AUTHD_MD5_LEN])
{
	size_t outl = 0;
	int ok;

	if (!h->ctx) {
		memset(out, 0, AUTHD_MD5_LEN);
		return -1;
	}
	ok = EVP_MAC_final(h->ctx, out, &outl, AUTHD_MD5_LEN) && outl == AUTHD_MD5_LEN;
	EVP_MAC_CTX_free(h->ctx);
	h->ctx = NULL;
	if (!ok) {
		memset(out, 0, AUTHD_MD5_LEN);
		return -1;
	}
	return 0;
}

int authd_hmac_md5(const uint8_t *key, size_t keylen, const void *data, size_t len,
		   uint8_t out[AUTHD_MD5_LEN])
{
	struct authd_hmac_md5 h;

	if (authd_hmac_md5_init(&h, key, keylen)) {
		memset(out, 0, AUTHD_MD5_LEN);
		return -1;
	}
	authd_hmac_md5_update(&h, data, len);
	return authd_hmac_md5_final(&h, out);
}

int authd_md5_2(const void *a, size_t alen, const void *b, size_t blen,
		uint8_t out[AUTHD_MD5_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int outl = 0;
	int ok;

	if (!ctx)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) && EVP_DigestUpdate(ctx, a, alen) &&
	     EVP_DigestUpdate(ctx, b, blen) && EVP_DigestFinal_ex(ctx, out, &outl) &&
	     outl == AUTHD_MD5_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

int authd_memneq(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) != 0;
}

int authd_random(uint8_t *buf, size_t len)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}
