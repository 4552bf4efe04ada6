/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB2/3 message signing ([MS-SMB2] 3.1.4.1, 3.1.5.1): a signer bound to
 * one algorithm and key, shared by the threads serving a session.
 *
 *   HMAC-SHA256  2.0.2 and 2.1, keyed with the session key; the signature
 *                is the first 16 bytes of the MAC.
 *   AES-128-CMAC 3.0, 3.0.2, and 3.1.1 unless GMAC was negotiated.
 *   AES-128-GMAC 3.1.1 with SMB2_SIGNING_CAPABILITIES: GCM over an empty
 *                plaintext with the whole message as AAD; the nonce is the
 *                MessageId and the sender's role (and CANCEL) bits.
 *
 * The signature is computed over the message with its 16-byte Signature
 * field taken as zero; the message itself is never written.
 */
#ifndef TSMB_CORE_CRYPTO_SIGN_H
#define TSMB_CORE_CRYPTO_SIGN_H

#include <tsmb/os/crypto.h>

#define TSMB_SIGNATURE_LEN 16

enum tsmb_sign_alg {
	TSMB_SIGN_HMAC_SHA256,
	TSMB_SIGN_AES_CMAC,
	TSMB_SIGN_AES_GMAC,
};

struct tsmb_signer;

/*
 * Binds alg to key (HMAC: any non-empty key, the session key; CMAC and
 * GMAC: 16 bytes, the derived signing key). May sleep. Returns 0,
 * -TSMB_EINVAL, -TSMB_ENOMEM or an OS error.
 */
int tsmb_signer_create(enum tsmb_sign_alg alg, const uint8_t *key, size_t key_len,
		       struct tsmb_signer **out) TSMB_MUST_CHECK;
void tsmb_signer_destroy(struct tsmb_signer *s);

/*
 * Signature of one SMB2 message (a header, its body and, in a compound,
 * its padding) into out. msg must hold at least the 64-byte header
 * (-TSMB_EINVAL otherwise). The GMAC nonce is taken from the message:
 * MessageId, SMB2_FLAGS_SERVER_TO_REDIR for the role and Command ==
 * CANCEL for the cancel bit. Safe to call concurrently on one signer;
 * may sleep.
 */
int tsmb_sign(struct tsmb_signer *s, const uint8_t *msg, size_t len,
	      uint8_t out[TSMB_SIGNATURE_LEN]) TSMB_MUST_CHECK;

/*
 * 0 if the Signature field of msg is its signature, -TSMB_EBADMSG if not
 * (compared in constant time), or another error from tsmb_sign.
 */
int tsmb_sign_verify(struct tsmb_signer *s, const uint8_t *msg, size_t len) TSMB_MUST_CHECK;

/* Constant-time comparison: true when a[0..n) == b[0..n). */
bool tsmb_crypto_equal(const uint8_t *a, const uint8_t *b, size_t n);

#endif /* TSMB_CORE_CRYPTO_SIGN_H */
