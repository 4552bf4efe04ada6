// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 3.1.4.2 (SP800-108 counter-mode KDF) and 3.3.5.5.3 (which keys). */
#include "core/crypto/kdf.h"
#include "core/lib/cursor.h"
#include "core/wire/smb2.h"

#include <tsmb/os/errno.h>

int tsmb_kdf(struct tsmb_os_hash *hmac, const void *label, size_t label_len,
	     const void *context, size_t context_len, uint8_t *out, size_t out_len)
{
	static const uint8_t zero;
	uint8_t i_be[4] = { 0, 0, 0, 1 }, l_be[4] = { 0, 0, 0, 0 };
	uint8_t mac[32];
	struct tsmb_iov iov[5] = {
		{ i_be, 4 },
		{ label, label_len },
		{ &zero, 1 },
		{ context, context_len },
		{ l_be, 4 },
	};
	int err;

	/* One PRF block (256 bits) covers both key sizes: i is always 1. */
	if (out_len != 16 && out_len != 32)
		return -TSMB_EINVAL;
	l_be[2] = (uint8_t)((out_len * 8) >> 8);
	l_be[3] = (uint8_t)(out_len * 8);
	err = tsmb_os_hash_digest(hmac, iov, TSMB_ARRAY_SIZE(iov), mac);
	if (!err)
		tsmb_memcpy(out, mac, out_len);
	tsmb_memset(mac, 0, sizeof(mac));
	return err;
}

struct tsmb_kdf_labels {
	const char *label;
	uint8_t label_len;	/* with the NUL */
	const char *context;	/* NULL: the preauth hash */
	uint8_t context_len;
};

#define TSMB_KDF_S(s) s, sizeof(s)

/* signing, application, server-to-client, client-to-server */
static const struct tsmb_kdf_labels tsmb_kdf_300[4] = {
	{ TSMB_KDF_S("SMB2AESCMAC"), TSMB_KDF_S("SmbSign") },
	{ TSMB_KDF_S("SMB2APP"), TSMB_KDF_S("SmbRpc") },
	{ TSMB_KDF_S("SMB2AESCCM"), TSMB_KDF_S("ServerOut") },
	{ TSMB_KDF_S("SMB2AESCCM"), TSMB_KDF_S("ServerIn ") },
};

static const struct tsmb_kdf_labels tsmb_kdf_311[4] = {
	{ TSMB_KDF_S("SMBSigningKey"), NULL, 0 },
	{ TSMB_KDF_S("SMBAppKey"), NULL, 0 },
	{ TSMB_KDF_S("SMBS2CCipherKey"), NULL, 0 },
	{ TSMB_KDF_S("SMBC2SCipherKey"), NULL, 0 },
};

static int tsmb_kdf_one(struct tsmb_os_hash *hmac, const struct tsmb_kdf_labels *l,
			const uint8_t *preauth, uint8_t *out, size_t out_len)
{
	if (l->context)
		return tsmb_kdf(hmac, l->label, l->label_len, l->context, l->context_len, out,
				out_len);
	return tsmb_kdf(hmac, l->label, l->label_len, preauth, 64, out, out_len);
}

/* An HMAC keyed with the first len bytes of key, zero-padded to 16. */
static int tsmb_kdf_hmac(const uint8_t *key, size_t key_len, size_t len,
			 struct tsmb_os_hash **out)
{
	uint8_t k[TSMB_KDF_MAX_KEY];
	int err;

	tsmb_memset(k, 0, sizeof(k));
	tsmb_memcpy(k, key, TSMB_MIN(key_len, len));
	err = tsmb_os_hash_create(TSMB_HASH_HMAC_SHA256, k, TSMB_MAX(TSMB_MIN(key_len, len), 16),
				  out);
	tsmb_memset(k, 0, sizeof(k));
	return err;
}

int tsmb_kdf_session_keys(uint16_t dialect, const uint8_t *session_key, size_t key_len,
			  const uint8_t *preauth, unsigned int cipher_key_len,
			  struct tsmb_session_keys *keys)
{
	const struct tsmb_kdf_labels *l;
	struct tsmb_os_hash *h16, *hfull = NULL;
	int err;

	if (dialect == SMB2_DIALECT_300 || dialect == SMB2_DIALECT_302)
		l = tsmb_kdf_300;
	else if (dialect == SMB2_DIALECT_311 && preauth)
		l = tsmb_kdf_311;
	else
		return -TSMB_EINVAL;
	if ((cipher_key_len != 16 && cipher_key_len != 32) ||
	    (cipher_key_len == 32 && dialect != SMB2_DIALECT_311) || !key_len)
		return -TSMB_EINVAL;
	tsmb_memset(keys, 0, sizeof(*keys));
	keys->cipher_key_len = (uint8_t)cipher_key_len;

	/* Session.SessionKey is the first 16 bytes ([MS-SMB2] 3.3.1.8). */
	err = tsmb_kdf_hmac(session_key, key_len, 16, &h16);
	if (err)
		return err;
	/* AES-256 cipher keys come from Session.FullSessionKey (3.3.5.5.3). */
	if (cipher_key_len == 32 && key_len > 16)
		err = tsmb_kdf_hmac(session_key, key_len, TSMB_KDF_MAX_KEY, &hfull);
	if (!err)
		err = tsmb_kdf_one(h16, &l[0], preauth, keys->signing, 16);
	if (!err)
		err = tsmb_kdf_one(h16, &l[1], preauth, keys->application, 16);
	if (!err)
		err = tsmb_kdf_one(hfull ? hfull : h16, &l[2], preauth, keys->encryption,
				   cipher_key_len);
	if (!err)
		err = tsmb_kdf_one(hfull ? hfull : h16, &l[3], preauth, keys->decryption,
				   cipher_key_len);
	tsmb_os_hash_destroy(hfull);
	tsmb_os_hash_destroy(h16);
	if (err)
		tsmb_memset(keys, 0, sizeof(*keys));
	return err;
}
