// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Digests and MACs over OpenSSL 3's EVP interfaces, random bytes from
 * getrandom(2).
 *
 * A hash object is shared by all the threads serving one session, so
 * digest() must not mutate it. Unkeyed digests keep only the fetched
 * EVP_MD and start a fresh context per call. Keyed ones keep a context
 * already initialised with the key (the costly part: HMAC's padded key
 * blocks, CMAC's subkeys) and duplicate it per call; duplication only
 * reads the template, so concurrent callers are safe.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <tsmb/os/crypto.h>
#include <tsmb/os/errno.h>

#include "internal.h"

struct tsmb_os_hash {
	enum tsmb_hash_alg alg;
	EVP_MD *md;		/* unkeyed */
	EVP_MAC *mac;		/* keyed */
	EVP_MAC_CTX *tmpl;	/* keyed: initialised with the key, never used directly */
};

void tsmb_os_hash_destroy(struct tsmb_os_hash *h)
{
	if (!h)
		return;
	EVP_MAC_CTX_free(h->tmpl);
	EVP_MAC_free(h->mac);
	EVP_MD_free(h->md);
	free(h);
}

static int tsmb_hash_init_mac(struct tsmb_os_hash *h, const uint8_t *key, size_t keylen)
{
	OSSL_PARAM params[2];
	const char *name, *param;
	char *value;

	if (h->alg == TSMB_HASH_HMAC_SHA256) {
		name = "HMAC";
		param = OSSL_MAC_PARAM_DIGEST;
		value = "SHA256";
	} else {
		name = "CMAC";
		param = OSSL_MAC_PARAM_CIPHER;
		if (keylen == 16)
			value = "AES-128-CBC";
		else if (keylen == 32)
			value = "AES-256-CBC";
		else
			return -TSMB_EINVAL;
	}
	h->mac = EVP_MAC_fetch(NULL, name, NULL);
	if (!h->mac)
		return -TSMB_EOPNOTSUPP;
	h->tmpl = EVP_MAC_CTX_new(h->mac);
	if (!h->tmpl)
		return -TSMB_ENOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(param, value, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(h->tmpl, key, keylen, params))
		return -TSMB_EINVAL;
	return 0;
}

int tsmb_os_hash_create(enum tsmb_hash_alg alg, const uint8_t *key, size_t keylen,
			struct tsmb_os_hash **out)
{
	struct tsmb_os_hash *h;
	bool keyed;
	int err;

	*out = NULL;
	switch (alg) {
	case TSMB_HASH_SHA256:
	case TSMB_HASH_SHA512:
		keyed = false;
		break;
	case TSMB_HASH_HMAC_SHA256:
	case TSMB_HASH_AES_CMAC:
		keyed = true;
		break;
	default:
		return -TSMB_EINVAL;
	}
	if (keyed != (key && keylen))
		return -TSMB_EINVAL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -TSMB_ENOMEM;
	h->alg = alg;
	if (keyed) {
		err = tsmb_hash_init_mac(h, key, keylen);
	} else {
		h->md = EVP_MD_fetch(NULL, alg == TSMB_HASH_SHA256 ? "SHA256" : "SHA512", NULL);
		err = h->md ? 0 : -TSMB_EOPNOTSUPP;
	}
	if (err) {
		ERR_clear_error();
		tsmb_os_hash_destroy(h);
		return err;
	}
	*out = h;
	return 0;
}

static int tsmb_hash_digest_md(struct tsmb_os_hash *h, const struct tsmb_iov *iov,
			       unsigned int n, uint8_t *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int i;
	int ok;

	if (!ctx)
		return -TSMB_ENOMEM;
	ok = EVP_DigestInit_ex2(ctx, h->md, NULL);
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, iov[i].base, iov[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -TSMB_EIO;
}

static int tsmb_hash_digest_mac(struct tsmb_os_hash *h, const struct tsmb_iov *iov,
				unsigned int n, uint8_t *out)
{
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(h->tmpl);
	size_t outl = 0;
	unsigned int i;
	int ok = 1;

	if (!ctx)
		return -TSMB_ENOMEM;
	for (i = 0; ok && i < n; i++)
		ok = EVP_MAC_update(ctx, iov[i].base, iov[i].len);
	ok = ok && EVP_MAC_final(ctx, out, &outl, tsmb_hash_len(h->alg));
	EVP_MAC_CTX_free(ctx);
	return ok && outl == tsmb_hash_len(h->alg) ? 0 : -TSMB_EIO;
}

int tsmb_os_hash_digest(struct tsmb_os_hash *h, const struct tsmb_iov *iov, unsigned int n,
			uint8_t *out)
{
	int err;

	if (h->md)
		err = tsmb_hash_digest_md(h, iov, n, out);
	else
		err = tsmb_hash_digest_mac(h, iov, n, out);
	if (err)
		ERR_clear_error();
	return err;
}

void tsmb_os_random(void *buf, size_t len)
{
	unsigned char *p = buf;
	ssize_t n;

	while (len) {
		/* Blocks only until the kernel's pool is first seeded. */
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* Keys made of anything else would be worse than stopping. */
			tsmb_posix_die("getrandom", errno);
		}
		p += n;
		len -= (size_t)n;
	}
}

/*
 * AEAD over EVP. The object keeps the fetched cipher and the key; each
 * call builds its own EVP_CIPHER_CTX, so concurrent calls share nothing
 * mutable. GCM streams over the segments. OpenSSL's CCM takes the
 * message length first and then the AAD and the data in exactly one
 * update each (the length is in CCM's first block); a message split over
 * several segments is therefore gathered into one scratch buffer. SMB
 * clients that negotiate 3.1.1 use GCM, so CCM is the rare path.
 */
struct tsmb_os_aead {
	enum tsmb_aead_alg alg;
	EVP_CIPHER *cipher;
	uint8_t key[32];
};

int tsmb_os_aead_create(enum tsmb_aead_alg alg, const uint8_t *key, size_t keylen,
			struct tsmb_os_aead **out)
{
	static const char *const names[] = {
		[TSMB_AEAD_AES128_CCM] = "AES-128-CCM",
		[TSMB_AEAD_AES128_GCM] = "AES-128-GCM",
		[TSMB_AEAD_AES256_CCM] = "AES-256-CCM",
		[TSMB_AEAD_AES256_GCM] = "AES-256-GCM",
	};
	struct tsmb_os_aead *a;

	*out = NULL;
	if ((unsigned int)alg >= TSMB_ARRAY_SIZE(names) || !key ||
	    keylen != tsmb_aead_key_len(alg))
		return -TSMB_EINVAL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -TSMB_ENOMEM;
	a->alg = alg;
	a->cipher = EVP_CIPHER_fetch(NULL, names[alg], NULL);
	if (!a->cipher) {
		ERR_clear_error();
		free(a);
		return -TSMB_EOPNOTSUPP;
	}
	memcpy(a->key, key, keylen);
	*out = a;
	return 0;
}

void tsmb_os_aead_destroy(struct tsmb_os_aead *aead)
{
	if (!aead)
		return;
	EVP_CIPHER_free(aead->cipher);
	OPENSSL_cleanse(aead->key, sizeof(aead->key));
	free(aead);
}

/* Sets up ctx for one message: nonce length, tag (length), key and nonce. */
static int tsmb_aead_init(struct tsmb_os_aead *a, EVP_CIPHER_CTX *ctx, int enc,
			  const uint8_t *nonce, size_t nonce_len, const uint8_t *tag)
{
	if (!EVP_CipherInit_ex2(ctx, a->cipher, NULL, NULL, enc, NULL) ||
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)nonce_len, NULL))
		return 0;
	/* CCM fixes the tag length (and, decrypting, the tag) before the key. */
	if (!tsmb_aead_is_gcm(a->alg) &&
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, TSMB_AEAD_TAG_LEN,
				 enc ? NULL : (void *)tag))
		return 0;
	return EVP_CipherInit_ex2(ctx, NULL, a->key, nonce, enc, NULL);
}

static size_t tsmb_aead_total(const struct tsmb_mvec *seg, unsigned int n, bool *overflow)
{
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (seg[i].len > (size_t)INT_MAX - total)
			*overflow = true;
		else
			total += seg[i].len;
	}
	return total;
}

/*
 * The helpers below return 0, -TSMB_ENOMEM, or -TSMB_EBADMSG when OpenSSL
 * refuses (a CCM tag mismatch shows up there).
 */
static int tsmb_aead_update(EVP_CIPHER_CTX *ctx, unsigned char *out, const void *in,
			    size_t len)
{
	int outl;

	return EVP_CipherUpdate(ctx, out, &outl, in, (int)len) > 0 ? 0 : -TSMB_EBADMSG;
}

/* AAD in one update, as CCM wants; pieces are gathered (they are small). */
static int tsmb_aead_aad(EVP_CIPHER_CTX *ctx, const struct tsmb_iov *aad, unsigned int n)
{
	unsigned char *buf, *p;
	size_t total = 0;
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		if (aad[i].len > (size_t)INT_MAX - total)
			return -TSMB_EBADMSG;
		total += aad[i].len;
	}
	if (!total)
		return 0;
	for (i = 0; i < n; i++)
		if (aad[i].len == total)
			return tsmb_aead_update(ctx, NULL, aad[i].base, total);
	buf = malloc(total);
	if (!buf)
		return -TSMB_ENOMEM;
	for (p = buf, i = 0; i < n; p += aad[i].len, i++)
		if (aad[i].len)
			memcpy(p, aad[i].base, aad[i].len);
	err = tsmb_aead_update(ctx, NULL, buf, total);
	free(buf);
	return err;
}

/* CCM: the data in one update, gathered if it is split. */
static int tsmb_aead_ccm_data(EVP_CIPHER_CTX *ctx, struct tsmb_mvec *seg, unsigned int n,
			      size_t total)
{
	unsigned char dummy[1] = { 0 }, *buf, *p;
	unsigned int i;
	int err;

	/* An out pointer is needed even for no data: NULL would mean AAD. */
	if (!total)
		return tsmb_aead_update(ctx, dummy, dummy, 0);
	for (i = 0; i < n; i++)
		if (seg[i].len == total)
			return tsmb_aead_update(ctx, seg[i].base, seg[i].base, total);
	buf = malloc(total);
	if (!buf)
		return -TSMB_ENOMEM;
	for (p = buf, i = 0; i < n; p += seg[i].len, i++)
		if (seg[i].len)
			memcpy(p, seg[i].base, seg[i].len);
	err = tsmb_aead_update(ctx, buf, buf, total);
	for (p = buf, i = 0; !err && i < n; p += seg[i].len, i++)
		if (seg[i].len)
			memcpy(seg[i].base, p, seg[i].len);
	OPENSSL_cleanse(buf, total);
	free(buf);
	return err;
}

static int tsmb_aead_gcm_data(EVP_CIPHER_CTX *ctx, struct tsmb_mvec *seg, unsigned int n)
{
	unsigned int i;
	int err = 0;

	for (i = 0; !err && i < n; i++)
		if (seg[i].len)
			err = tsmb_aead_update(ctx, seg[i].base, seg[i].base, seg[i].len);
	return err;
}

static int tsmb_aead_run(struct tsmb_os_aead *a, int enc, const uint8_t *nonce,
			 size_t nonce_len, const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg, uint8_t *tag)
{
	bool gcm = tsmb_aead_is_gcm(a->alg), overflow = false;
	size_t total = tsmb_aead_total(seg, nr_seg, &overflow);
	EVP_CIPHER_CTX *ctx;
	unsigned char fin[16];
	int outl, err;

	if (overflow || nonce_len != tsmb_aead_nonce_len(a->alg))
		return -TSMB_EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -TSMB_ENOMEM;
	err = tsmb_aead_init(a, ctx, enc, nonce, nonce_len, tag) ? 0 : -TSMB_EINVAL;
	/* The length-first dance: CCM encodes it in its first block. */
	if (!err && !gcm)
		err = tsmb_aead_update(ctx, NULL, NULL, total);
	if (!err)
		err = tsmb_aead_aad(ctx, aad, nr_aad);
	if (!err)
		err = gcm ? tsmb_aead_gcm_data(ctx, seg, nr_seg)
			  : tsmb_aead_ccm_data(ctx, seg, nr_seg, total);
	if (!err && !enc && gcm &&
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, TSMB_AEAD_TAG_LEN, tag))
		err = -TSMB_EINVAL;
	/* CCM checked the tag in its data update; GCM checks it in final. */
	if (!err && (enc || gcm) && EVP_CipherFinal_ex(ctx, fin, &outl) <= 0)
		err = -TSMB_EBADMSG;
	if (!err && enc &&
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, TSMB_AEAD_TAG_LEN, tag))
		err = -TSMB_EIO;
	if (err == -TSMB_EBADMSG && enc)
		err = -TSMB_EIO;
	EVP_CIPHER_CTX_free(ctx);
	ERR_clear_error();
	return err;
}

int tsmb_os_aead_encrypt(struct tsmb_os_aead *aead, const uint8_t *nonce, size_t nonce_len,
			 const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg,
			 uint8_t tag[TSMB_AEAD_TAG_LEN])
{
	return tsmb_aead_run(aead, 1, nonce, nonce_len, aad, nr_aad, seg, nr_seg, tag);
}

int tsmb_os_aead_decrypt(struct tsmb_os_aead *aead, const uint8_t *nonce, size_t nonce_len,
			 const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg,
			 const uint8_t tag[TSMB_AEAD_TAG_LEN])
{
	return tsmb_aead_run(aead, 0, nonce, nonce_len, aad, nr_aad, seg, nr_seg,
			     (uint8_t *)tag);
}
