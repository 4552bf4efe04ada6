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
