/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cryptographic primitives used by the protocol engine: digests and MACs
 * (preauth integrity, signing, key derivation) and random bytes. The
 * AEAD ciphers for SMB3 encryption join this header with the encryption
 * engine. NTLM's MD4/MD5/RC4 never run in core/: they live in authd/.
 */
#ifndef TSMB_OS_CRYPTO_H
#define TSMB_OS_CRYPTO_H

#include <tsmb/os/types.h>

enum tsmb_hash_alg {
	TSMB_HASH_SHA256,
	TSMB_HASH_SHA512,
	TSMB_HASH_HMAC_SHA256,	/* keyed */
	TSMB_HASH_AES_CMAC,	/* keyed, 16- or 32-byte AES key */
};

#define TSMB_HASH_MAX_LEN 64

static inline unsigned int tsmb_hash_len(enum tsmb_hash_alg alg)
{
	switch (alg) {
	case TSMB_HASH_SHA512:
		return 64;
	case TSMB_HASH_AES_CMAC:
		return 16;
	default:
		return 32;
	}
}

struct tsmb_os_hash;

/*
 * Binds an algorithm (and its key, for the keyed ones) once; may sleep.
 * Unkeyed algorithms take key == NULL, keylen == 0.
 */
int tsmb_os_hash_create(enum tsmb_hash_alg alg, const uint8_t *key,
			size_t keylen, struct tsmb_os_hash **out) TSMB_MUST_CHECK;
/*
 * Digest of the concatenation of iov[0..n) into out (tsmb_hash_len bytes).
 * Safe to call from several threads at once on one object; does not sleep.
 */
int tsmb_os_hash_digest(struct tsmb_os_hash *h, const struct tsmb_iov *iov,
			unsigned int n, uint8_t *out) TSMB_MUST_CHECK;
void tsmb_os_hash_destroy(struct tsmb_os_hash *h);

/* Cryptographically strong random bytes. May sleep until the pool is seeded. */
void tsmb_os_random(void *buf, size_t len);

#endif /* TSMB_OS_CRYPTO_H */
