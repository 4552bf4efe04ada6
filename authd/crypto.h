/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hashes and the cipher NTLM needs. MD4 and RC4 live only in OpenSSL's
 * legacy provider, which a distribution may not load, so they are
 * implemented here (small, and tested against RFC 1320 and published RC4
 * vectors). MD5 and HMAC-MD5 come from OpenSSL's default provider.
 */
#ifndef TSMB_AUTHD_CRYPTO_H
#define TSMB_AUTHD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define AUTHD_MD4_LEN	16
#define AUTHD_MD5_LEN	16

void authd_md4(const void *data, size_t len, uint8_t out[AUTHD_MD4_LEN]);

struct authd_rc4 {
	uint8_t s[256];
	uint8_t i, j;
};

void authd_rc4_init(struct authd_rc4 *st, const uint8_t *key, size_t keylen);
/* Encrypts (or decrypts: the same) len bytes in place, continuing the stream. */
void authd_rc4_crypt(struct authd_rc4 *st, uint8_t *buf, size_t len);

/* An HMAC-MD5 over several pieces, as NTLM's MIC covers three messages. */
struct authd_hmac_md5 {
	void *ctx;			/* EVP_MAC_CTX */
};

int authd_hmac_md5_init(struct authd_hmac_md5 *h, const uint8_t *key, size_t keylen);
void authd_hmac_md5_update(struct authd_hmac_md5 *h, const void *data, size_t len);
/* Finishes and releases h; 0 or -1 (out is then zeroed). */
int authd_hmac_md5_final(struct authd_hmac_md5 *h, uint8_t out[AUTHD_MD5_LEN]);
/* One-shot: 0 or -1. */
int authd_hmac_md5(const uint8_t *key, size_t keylen, const void *data, size_t len,
		   uint8_t out[AUTHD_MD5_LEN]);
/* MD5(a || b): 0 or -1. */
int authd_md5_2(const void *a, size_t alen, const void *b, size_t blen,
		uint8_t out[AUTHD_MD5_LEN]);

/* Constant-time comparison: 0 when equal. */
int authd_memneq(const void *a, const void *b, size_t len);
/* Cryptographically random bytes: 0 or -1. */
int authd_random(uint8_t *buf, size_t len);

#endif /* TSMB_AUTHD_CRYPTO_H */
