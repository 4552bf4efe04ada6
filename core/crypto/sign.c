// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 3.1.4.1 signing an outgoing message, 3.1.5.1 verifying one. */
#include "core/crypto/sign.h"
#include "core/lib/cursor.h"
#include "core/wire/smb2.h"

#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#define TSMB_SIG_OFF 48		/* Signature in the SMB2 header (2.2.1) */

struct tsmb_signer {
	enum tsmb_sign_alg alg;
	struct tsmb_os_hash *mac;	/* HMAC, CMAC */
	struct tsmb_os_aead *gcm;	/* GMAC */
};

static const uint8_t tsmb_sig_zero[TSMB_SIGNATURE_LEN];

int tsmb_signer_create(enum tsmb_sign_alg alg, const uint8_t *key, size_t key_len,
		       struct tsmb_signer **out)
{
	struct tsmb_signer *s;
	int err;

	*out = NULL;
	if (!key || !key_len || (alg != TSMB_SIGN_HMAC_SHA256 && key_len != 16))
		return -TSMB_EINVAL;
	s = tsmb_os_zalloc(sizeof(*s));
	if (!s)
		return -TSMB_ENOMEM;
	s->alg = alg;
	switch (alg) {
	case TSMB_SIGN_HMAC_SHA256:
		err = tsmb_os_hash_create(TSMB_HASH_HMAC_SHA256, key, key_len, &s->mac);
		break;
	case TSMB_SIGN_AES_CMAC:
		err = tsmb_os_hash_create(TSMB_HASH_AES_CMAC, key, key_len, &s->mac);
		break;
	case TSMB_SIGN_AES_GMAC:
		err = tsmb_os_aead_create(TSMB_AEAD_AES128_GCM, key, key_len, &s->gcm);
		break;
	default:
		err = -TSMB_EINVAL;
		break;
	}
	if (err) {
		tsmb_os_free(s);
		return err;
	}
	*out = s;
	return 0;
}

void tsmb_signer_destroy(struct tsmb_signer *s)
{
	if (!s)
		return;
	tsmb_os_hash_destroy(s->mac);
	tsmb_os_aead_destroy(s->gcm);
	tsmb_os_free(s);
}

/* The GMAC nonce of 3.1.4.1: MessageId, then role and CANCEL bits. */
static void tsmb_gmac_nonce(const uint8_t *msg, uint8_t nonce[12])
{
	uint32_t bits = 0;

	if (tsmb_get_le32(msg + 16) & SMB2_FLAGS_SERVER_TO_REDIR)
		bits |= 1;
	if (tsmb_get_le16(msg + 12) == SMB2_CANCEL)
		bits |= 2;
	tsmb_memcpy(nonce, msg + 24, 8);
	tsmb_put_le32(nonce + 8, bits);
}

int tsmb_sign(struct tsmb_signer *s, const uint8_t *msg, size_t len,
	      uint8_t out[TSMB_SIGNATURE_LEN])
{
	/* The message in three pieces, the Signature field read as zeros. */
	struct tsmb_iov iov[3] = {
		{ msg, TSMB_SIG_OFF },
		{ tsmb_sig_zero, TSMB_SIGNATURE_LEN },
		{ msg + SMB2_HDR_SIZE, len - SMB2_HDR_SIZE },
	};
	uint8_t mac[TSMB_HASH_MAX_LEN], nonce[12];
	int err;

	if (len < SMB2_HDR_SIZE)
		return -TSMB_EINVAL;
	if (s->alg == TSMB_SIGN_AES_GMAC) {
		tsmb_gmac_nonce(msg, nonce);
		return tsmb_os_aead_encrypt(s->gcm, nonce, sizeof(nonce), iov, 3, NULL, 0, out);
	}
	err = tsmb_os_hash_digest(s->mac, iov, 3, mac);
	if (!err)
		tsmb_memcpy(out, mac, TSMB_SIGNATURE_LEN);
	return err;
}

bool tsmb_crypto_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	/* volatile: the compiler must not end the loop at the first difference. */
	volatile uint8_t diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

int tsmb_sign_verify(struct tsmb_signer *s, const uint8_t *msg, size_t len)
{
	uint8_t sig[TSMB_SIGNATURE_LEN];
	int err;

	err = tsmb_sign(s, msg, len, sig);
	if (err)
		return err;
	return tsmb_crypto_equal(sig, msg + TSMB_SIG_OFF, TSMB_SIGNATURE_LEN) ? 0 : -TSMB_EBADMSG;
}
