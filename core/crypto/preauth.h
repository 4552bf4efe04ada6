/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB 3.1.1 pre-authentication integrity ([MS-SMB2] 3.3.5.4, 3.3.5.5):
 * hash = SHA-512(hash || message), chained over the negotiate and session
 * setup exchange, so that a tampered negotiation changes every key derived
 * from it.
 */
#ifndef TSMB_CORE_CRYPTO_PREAUTH_H
#define TSMB_CORE_CRYPTO_PREAUTH_H

#include <tsmb/os/crypto.h>

#define TSMB_PREAUTH_HASH_LEN 64

/* sha512 is a TSMB_HASH_SHA512 object; returns 0 or -TSMB_E*. */
int tsmb_preauth_update(struct tsmb_os_hash *sha512, uint8_t hash[TSMB_PREAUTH_HASH_LEN],
			const uint8_t *msg, size_t len) TSMB_MUST_CHECK;

#endif /* TSMB_CORE_CRYPTO_PREAUTH_H */
