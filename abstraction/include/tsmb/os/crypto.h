/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cryptographic primitives used by the protocol engine: digests and MACs
 * (preauth integrity, signing, key derivation), the AEAD ciphers of SMB3
 * encryption and GMAC signing, and random bytes. NTLM's MD4/MD5/RC4
 * never run in core/: they live in authd/.
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

enum tsmb_aead_alg {
	TSMB_AEAD_AES128_CCM,
	TSMB_AEAD_AES128_GCM,
	TSMB_AEAD_AES256_CCM,
	TSMB_AEAD_AES256_GCM,
};

#define TSMB_AEAD_TAG_LEN 16
#define TSMB_AEAD_CCM_NONCE_LEN 11	/* SMB3's CCM nonce; the counter takes 4 bytes */
#define TSMB_AEAD_GCM_NONCE_LEN 12

static inline bool tsmb_aead_is_gcm(enum tsmb_aead_alg alg)
{
	return alg == TSMB_AEAD_AES128_GCM || alg == TSMB_AEAD_AES256_GCM;
}

static inline unsigned int tsmb_aead_key_len(enum tsmb_aead_alg alg)
{
	return alg == TSMB_AEAD_AES256_CCM || alg == TSMB_AEAD_AES256_GCM ? 32 : 16;
}

static inline unsigned int tsmb_aead_nonce_len(enum tsmb_aead_alg alg)
{
	return tsmb_aead_is_gcm(alg) ? TSMB_AEAD_GCM_NONCE_LEN : TSMB_AEAD_CCM_NONCE_LEN;
}

struct tsmb_os_aead;

/*
 * Binds an AEAD algorithm to its key (tsmb_aead_key_len bytes, else
 * -TSMB_EINVAL) with a 16-byte tag; may sleep (loads the cipher).
 * -TSMB_EOPNOTSUPP if the platform lacks the cipher.
 */
int tsmb_os_aead_create(enum tsmb_aead_alg alg, const uint8_t *key, size_t keylen,
			struct tsmb_os_aead **out) TSMB_MUST_CHECK;
void tsmb_os_aead_destroy(struct tsmb_os_aead *aead);

/*
 * Encrypts seg[0..nr_seg) in place, as one message, and writes its tag.
 * The nonce is tsmb_aead_nonce_len bytes (11 for CCM, 12 for GCM: others
 * are -TSMB_EINVAL) and must never repeat under one key. The associated
 * data is the concatenation of aad[0..nr_aad): authenticated, not
 * encrypted, never written. Segments may be any size (empty too) and
 * need not be block-aligned; the message they make may be empty (GMAC).
 *
 * Memory may be heap (either format's allocator, including the kernel's
 * vmalloc), pool or static memory; small AAD pieces (the transform
 * header) may also live on the caller's stack.
 *
 * Safe to call from several threads at once on one object: each call
 * has its own state. May sleep (an asynchronous cipher implementation is
 * waited for; in userspace a scratch buffer may be allocated). Returns 0,
 * -TSMB_ENOMEM, -TSMB_EINVAL (nonce length, a message over 2^31 bytes in
 * userspace or 2^32 in the kernel) or -TSMB_EIO.
 */
int tsmb_os_aead_encrypt(struct tsmb_os_aead *aead, const uint8_t *nonce, size_t nonce_len,
			 const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg,
			 uint8_t tag[TSMB_AEAD_TAG_LEN]) TSMB_MUST_CHECK;
/*
 * Decrypts seg[0..nr_seg) in place and checks tag. -TSMB_EBADMSG when the
 * tag does not match: the segments then hold garbage (possibly plaintext
 * of a forged message) that the caller must discard unread. Same rules as
 * encrypt otherwise.
 */
int tsmb_os_aead_decrypt(struct tsmb_os_aead *aead, const uint8_t *nonce, size_t nonce_len,
			 const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg,
			 const uint8_t tag[TSMB_AEAD_TAG_LEN]) TSMB_MUST_CHECK;

/* Cryptographically strong random bytes. May sleep until the pool is seeded. */
void tsmb_os_random(void *buf, size_t len);

#endif /* TSMB_OS_CRYPTO_H */
