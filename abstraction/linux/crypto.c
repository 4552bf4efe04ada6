// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Digests and MACs for the kernel format, over the crypto API's shash.
 * The key is bound to the tfm once at create; each digest builds its
 * descriptor on the stack, so concurrent digests on one object are safe
 * (an shash tfm is read-only after setkey).
 */
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <tsmb/os/crypto.h>
#include <tsmb/os/errno.h>

struct tsmb_os_hash {
	struct crypto_shash *tfm;
	enum tsmb_hash_alg alg;
};

static const char *tsmb_hash_name(enum tsmb_hash_alg alg, bool *keyed)
{
	*keyed = false;
	switch (alg) {
	case TSMB_HASH_SHA256:
		return "sha256";
	case TSMB_HASH_SHA512:
		return "sha512";
	case TSMB_HASH_HMAC_SHA256:
		*keyed = true;
		return "hmac(sha256)";
	case TSMB_HASH_AES_CMAC:
		*keyed = true;
		return "cmac(aes)";
	}
	return NULL;
}

int tsmb_os_hash_create(enum tsmb_hash_alg alg, const uint8_t *key,
			size_t keylen, struct tsmb_os_hash **out)
{
	struct tsmb_os_hash *h;
	const char *name;
	bool keyed;
	int err;

	*out = NULL;
	name = tsmb_hash_name(alg, &keyed);
	if (!name)
		return -EINVAL;
	if (keyed ? (!key || !keylen || keylen > UINT_MAX) : (key || keylen))
		return -EINVAL;
	if (alg == TSMB_HASH_AES_CMAC && keylen != 16 && keylen != 32)
		return -EINVAL;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->alg = alg;
	/* Loads the algorithm's module (request_module) if it is not built in. */
	h->tfm = crypto_alloc_shash(name, 0, 0);
	if (IS_ERR(h->tfm)) {
		err = PTR_ERR(h->tfm);
		kfree(h);
		/* The API says -ENOENT for an algorithm it cannot find. */
		return err == -ENOENT ? -EOPNOTSUPP : err;
	}
	if (WARN_ON_ONCE(crypto_shash_digestsize(h->tfm) != tsmb_hash_len(alg))) {
		err = -EINVAL;
		goto fail;
	}
	if (keyed) {
		err = crypto_shash_setkey(h->tfm, key, keylen);
		if (err)
			goto fail;
	}
	*out = h;
	return 0;

fail:
	crypto_free_shash(h->tfm);
	kfree(h);
	return err;
}

int tsmb_os_hash_digest(struct tsmb_os_hash *h, const struct tsmb_iov *iov,
			unsigned int n, uint8_t *out)
{
	SHASH_DESC_ON_STACK(desc, h->tfm);
	unsigned int i;
	int err;

	desc->tfm = h->tfm;
	err = crypto_shash_init(desc);
	for (i = 0; !err && i < n; i++) {
		const u8 *p = iov[i].base;
		size_t left = iov[i].len;

		/* crypto_shash_update() takes an unsigned int length. */
		while (!err && left) {
			unsigned int chunk = min_t(size_t, left, SZ_1G);

			err = crypto_shash_update(desc, p, chunk);
			p += chunk;
			left -= chunk;
		}
	}
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

void tsmb_os_hash_destroy(struct tsmb_os_hash *h)
{
	if (!h)
		return;
	crypto_free_shash(h->tfm);
	kfree(h);
}

void tsmb_os_random(void *buf, size_t len)
{
	/* Only waits (briefly) before the pool is first seeded. */
	(void)get_random_bytes_wait(buf, len);
}
