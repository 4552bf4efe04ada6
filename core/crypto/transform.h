/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB3 encryption of whole messages ([MS-SMB2] 3.1.4.3 encrypting,
 * 3.3.5.2.1.1 decrypting): a message becomes a TRANSFORM_HEADER and its
 * ciphertext; the header's Signature is the AEAD tag and the AAD is the
 * header from Nonce through SessionId.
 *
 * The server encrypts with Session.EncryptionKey (server to client) and
 * decrypts with Session.DecryptionKey (client to server): two
 * tsmb_cipher objects per session (see core/crypto/kdf.h).
 */
#ifndef TSMB_CORE_CRYPTO_TRANSFORM_H
#define TSMB_CORE_CRYPTO_TRANSFORM_H

#include <tsmb/os/crypto.h>

#include "core/wire/transform.h"

struct tsmb_cipher {
	struct tsmb_os_aead *aead;
	enum tsmb_aead_alg alg;
};

/*
 * Binds cipher_id (SMB2_ENCRYPTION_AES128_CCM ... AES256_GCM, the
 * negotiated Connection.CipherId; AES-128-CCM before 3.1.1) to key,
 * of tsmb_aead_key_len bytes. May sleep. -TSMB_EINVAL for an unknown id.
 */
int tsmb_cipher_init(struct tsmb_cipher *c, uint16_t cipher_id, const uint8_t *key,
		     size_t key_len) TSMB_MUST_CHECK;
void tsmb_cipher_destroy(struct tsmb_cipher *c);

/*
 * Encrypts the message msg[0..nr) (one SMB2 message or a compound chain)
 * in place and writes its TRANSFORM_HEADER to hdr. The nonce is random
 * (11 bytes for CCM, 12 for GCM, the rest of the field zero): with 2^32
 * messages per key a collision stays below 2^-32. The message must be
 * 1 to 2^32 - 1 bytes. Safe to call concurrently; may sleep.
 */
int tsmb_transform_seal(const struct tsmb_cipher *c, uint64_t session_id,
			struct tsmb_mvec *msg, unsigned int nr,
			uint8_t hdr[SMB2_TRANSFORM_HDR_SIZE]) TSMB_MUST_CHECK;
/* The same with a caller's nonce (tsmb_aead_nonce_len bytes): for tests. */
int tsmb_transform_seal_nonce(const struct tsmb_cipher *c, uint64_t session_id,
			      const uint8_t *nonce, struct tsmb_mvec *msg, unsigned int nr,
			      uint8_t hdr[SMB2_TRANSFORM_HDR_SIZE]) TSMB_MUST_CHECK;

/*
 * Decrypts in place the message after a transform header that
 * tsmb_transform_decode accepted (the caller found the session by
 * th->session_id). msg[0..nr) is the ciphertext, th->original_size
 * bytes in all (-TSMB_EINVAL otherwise). -TSMB_EBADMSG if the message
 * was forged or damaged: its bytes must then be discarded, and the
 * server disconnects. May sleep.
 */
int tsmb_transform_open(const struct tsmb_cipher *c, const struct tsmb_transform_hdr *th,
			struct tsmb_mvec *msg, unsigned int nr) TSMB_MUST_CHECK;

#endif /* TSMB_CORE_CRYPTO_TRANSFORM_H */
