/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB3 key derivation ([MS-SMB2] 3.1.4.2): SP800-108 KDF in counter mode
 * with HMAC-SHA256 as the PRF, keyed with the session key.
 *
 * Direction matters: the server decrypts what the client encrypted
 * (client-to-server key, "ServerIn " / "SMBC2SCipherKey") and encrypts
 * with the server-to-client key ("ServerOut" / "SMBS2CCipherKey"),
 * [MS-SMB2] 3.3.5.5.3. The client's EncryptionKey is our DecryptionKey.
 */
#ifndef TSMB_CORE_CRYPTO_KDF_H
#define TSMB_CORE_CRYPTO_KDF_H

#include <tsmb/os/crypto.h>

#define TSMB_KDF_MAX_KEY 32

/*
 * One SP800-108 block: out = HMAC-SHA256(hmac's key,
 * [1]32 || label || 0x00 || context || [L]32), truncated to out_len bytes
 * (16 or 32; L = 8 * out_len). hmac is a TSMB_HASH_HMAC_SHA256 object
 * keyed with the session key. Label and context are passed with their
 * spec-mandated terminating NUL included in their lengths.
 */
int tsmb_kdf(struct tsmb_os_hash *hmac, const void *label, size_t label_len,
	     const void *context, size_t context_len, uint8_t *out,
	     size_t out_len) TSMB_MUST_CHECK;

/* The keys of one session (server's view). */
struct tsmb_session_keys {
	uint8_t signing[16];
	uint8_t application[16];
	uint8_t encryption[TSMB_KDF_MAX_KEY];	/* server to client */
	uint8_t decryption[TSMB_KDF_MAX_KEY];	/* client to server */
	uint8_t cipher_key_len;			/* 16, or 32 for AES-256 ciphers */
};

/*
 * Derives every key of a session from session_key (its first 16 bytes,
 * [MS-SMB2] 3.3.1.8: shorter keys are zero-padded; longer ones are
 * truncated, except that 3.1.1 with an AES-256 cipher uses the full key
 * of up to 32 bytes, per 3.3.5.5.3). dialect is SMB2_DIALECT_300, 302 or
 * 311; preauth (64 bytes) is the session's preauth hash for 3.1.1, unused
 * otherwise. cipher_key_len is 16 or 32. May sleep (creates an HMAC).
 * Returns 0, -TSMB_EINVAL (dialect before 3.0), or an OS error.
 */
int tsmb_kdf_session_keys(uint16_t dialect, const uint8_t *session_key, size_t key_len,
			  const uint8_t *preauth, unsigned int cipher_key_len,
			  struct tsmb_session_keys *keys) TSMB_MUST_CHECK;

#endif /* TSMB_CORE_CRYPTO_KDF_H */
