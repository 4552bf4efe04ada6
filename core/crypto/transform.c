// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 3.1.4.3 encrypting a message, 3.3.5.2.1.1 decrypting one. */
#include "core/crypto/transform.h"

#include <tsmb/os/errno.h>

int tsmb_cipher_init(struct tsmb_cipher *c, uint16_t cipher_id, const uint8_t *key,
		     size_t key_len)
{
	switch (cipher_id) {
	case SMB2_ENCRYPTION_AES128_CCM:
		c->alg = TSMB_AEAD_AES128_CCM;
		break;
	case SMB2_ENCRYPTION_AES128_GCM:
		c->alg = TSMB_AEAD_AES128_GCM;
		break;
	case SMB2_ENCRYPTION_AES256_CCM:
		c->alg = TSMB_AEAD_AES256_CCM;
		break;
	case SMB2_ENCRYPTION_AES256_GCM:
		c->alg = TSMB_AEAD_AES256_GCM;
		break;
	default:
		c->aead = NULL;
		return -TSMB_EINVAL;
	}
	return tsmb_os_aead_create(c->alg, key, key_len, &c->aead);
}

void tsmb_cipher_destroy(struct tsmb_cipher *c)
{
	tsmb_os_aead_destroy(c->aead);
	c->aead = NULL;
}

static size_t tsmb_transform_len(const struct tsmb_mvec *msg, unsigned int nr)
{
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (msg[i].len > 0xFFFFFFFFu - total)
			return 0;
		total += msg[i].len;
	}
	return total;
}

int tsmb_transform_seal_nonce(const struct tsmb_cipher *c, uint64_t session_id,
			      const uint8_t *nonce, struct tsmb_mvec *msg, unsigned int nr,
			      uint8_t hdr[SMB2_TRANSFORM_HDR_SIZE])
{
	unsigned int nonce_len = tsmb_aead_nonce_len(c->alg);
	struct tsmb_transform_hdr th;
	struct tsmb_iov aad;
	struct tsmb_wr w;
	size_t len = tsmb_transform_len(msg, nr);
	int err;

	if (!len)
		return -TSMB_EINVAL;
	tsmb_memset(&th, 0, sizeof(th));
	tsmb_memcpy(th.nonce, nonce, nonce_len);
	th.original_size = (uint32_t)len;
	th.flags = SMB2_TRANSFORM_FLAG_ENCRYPTED;
	th.session_id = session_id;
	/* The AAD is the header as sent, so it is encoded before sealing. */
	tsmb_wr_init(&w, hdr, SMB2_TRANSFORM_HDR_SIZE);
	tsmb_transform_encode(&w, &th);
	aad = (struct tsmb_iov){ hdr + SMB2_TRANSFORM_AAD_OFF, SMB2_TRANSFORM_AAD_LEN };
	err = tsmb_os_aead_encrypt(c->aead, th.nonce, nonce_len, &aad, 1, msg, nr, th.signature);
	if (!err)
		tsmb_memcpy(hdr + 4, th.signature, sizeof(th.signature));
	return err;
}

int tsmb_transform_seal(const struct tsmb_cipher *c, uint64_t session_id,
			struct tsmb_mvec *msg, unsigned int nr,
			uint8_t hdr[SMB2_TRANSFORM_HDR_SIZE])
{
	uint8_t nonce[16];

	tsmb_os_random(nonce, tsmb_aead_nonce_len(c->alg));
	return tsmb_transform_seal_nonce(c, session_id, nonce, msg, nr, hdr);
}

int tsmb_transform_open(const struct tsmb_cipher *c, const struct tsmb_transform_hdr *th,
			struct tsmb_mvec *msg, unsigned int nr)
{
	uint8_t raw[SMB2_TRANSFORM_HDR_SIZE];
	struct tsmb_iov aad;
	struct tsmb_wr w;

	if (tsmb_transform_len(msg, nr) != th->original_size || !th->original_size)
		return -TSMB_EINVAL;
	/* Re-encoded from every field (Reserved too), it is the bytes received. */
	tsmb_wr_init(&w, raw, sizeof(raw));
	tsmb_transform_encode(&w, th);
	aad = (struct tsmb_iov){ raw + SMB2_TRANSFORM_AAD_OFF, SMB2_TRANSFORM_AAD_LEN };
	return tsmb_os_aead_decrypt(c->aead, th->nonce, tsmb_aead_nonce_len(c->alg), &aad, 1,
				    msg, nr, th->signature);
}
