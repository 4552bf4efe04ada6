// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Digests and MACs for the kernel format, over the crypto API's shash.
 * The key is bound to the tfm once at create; each digest builds its
 * descriptor on the stack, so concurrent digests on one object are safe
 * (an shash tfm is read-only after setkey).
 */
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

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

/*
 * AEAD over the crypto API. The tfm is read-only after setkey; each call
 * allocates its own request and scatterlist, so calls on one object may
 * run concurrently. Data is described to the API by page: segments may
 * be kmalloc (linear map) or vmalloc memory, and callers' small AAD
 * pieces, the IV and the tag are copied into the call's kmalloc block
 * because the caller's stack (vmapped) must not be handed to a cipher
 * driver that might DMA.
 */
struct tsmb_os_aead {
	struct crypto_aead *tfm;
	enum tsmb_aead_alg alg;
};

#define TSMB_AEAD_SMALL_AAD 64		/* pieces up to this size are copied */
#define TSMB_AEAD_COPY_AREA 256
#define TSMB_AEAD_INLINE_SG 16

struct tsmb_aead_call {
	u8 iv[16];
	u8 tag[TSMB_AEAD_TAG_LEN];
	u8 aad[TSMB_AEAD_COPY_AREA];
	struct crypto_wait wait;
	struct scatterlist sg_inline[TSMB_AEAD_INLINE_SG];
};

int tsmb_os_aead_create(enum tsmb_aead_alg alg, const uint8_t *key, size_t keylen,
			struct tsmb_os_aead **out)
{
	struct tsmb_os_aead *a;
	int err;

	*out = NULL;
	if (alg > TSMB_AEAD_AES256_GCM || !key || keylen != tsmb_aead_key_len(alg))
		return -EINVAL;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->alg = alg;
	a->tfm = crypto_alloc_aead(tsmb_aead_is_gcm(alg) ? "gcm(aes)" : "ccm(aes)", 0, 0);
	if (IS_ERR(a->tfm)) {
		err = PTR_ERR(a->tfm);
		kfree(a);
		return err == -ENOENT ? -EOPNOTSUPP : err;
	}
	err = crypto_aead_setkey(a->tfm, key, keylen);
	if (!err)
		err = crypto_aead_setauthsize(a->tfm, TSMB_AEAD_TAG_LEN);
	if (err) {
		crypto_free_aead(a->tfm);
		kfree(a);
		return err;
	}
	*out = a;
	return 0;
}

void tsmb_os_aead_destroy(struct tsmb_os_aead *aead)
{
	if (!aead)
		return;
	crypto_free_aead(aead->tfm);
	kfree(aead);
}

/* Pages spanned by [p, p + len). */
static size_t tsmb_sg_pages(const void *p, size_t len)
{
	if (!len)
		return 0;
	return (offset_in_page(p) + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/*
 * Appends [p, p + len) one page at a time: the linear map is resolved
 * with virt_to_page, anything else (vmalloc, module data, a vmapped
 * stack) through the page tables.
 */
static struct scatterlist *tsmb_sg_add(struct scatterlist *sg, const void *p, size_t len)
{
	const u8 *b = p;

	while (len) {
		unsigned int off = offset_in_page(b);
		unsigned int n = min_t(size_t, len, PAGE_SIZE - off);
		struct page *pg = virt_addr_valid(b) ? virt_to_page(b) : vmalloc_to_page(b);

		sg_set_page(sg++, pg, n, off);
		b += n;
		len -= n;
	}
	return sg;
}

/* Entries for the AAD: small pieces into the copy area, the rest by page. */
static size_t tsmb_aead_aad_nents(const struct tsmb_iov *aad, unsigned int n, size_t *len)
{
	size_t nents = 1, copied = 0;
	unsigned int i;

	*len = 0;
	for (i = 0; i < n; i++) {
		*len += aad[i].len;
		if (aad[i].len <= TSMB_AEAD_SMALL_AAD &&
		    copied + aad[i].len <= TSMB_AEAD_COPY_AREA)
			copied += aad[i].len;
		else
			nents += tsmb_sg_pages(aad[i].base, aad[i].len) + 1;
	}
	return nents;
}

/* Fills the AAD entries in order; consecutive copied pieces share one. */
static struct scatterlist *tsmb_aead_aad_sg(struct tsmb_aead_call *c, struct scatterlist *sg,
					    const struct tsmb_iov *aad, unsigned int n)
{
	size_t copied = 0, run = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!aad[i].len)
			continue;
		if (aad[i].len <= TSMB_AEAD_SMALL_AAD &&
		    copied + aad[i].len <= TSMB_AEAD_COPY_AREA) {
			memcpy(c->aad + copied, aad[i].base, aad[i].len);
			copied += aad[i].len;
			run += aad[i].len;
			continue;
		}
		if (run)
			sg_set_buf(sg++, c->aad + copied - run, run);
		run = 0;
		sg = tsmb_sg_add(sg, aad[i].base, aad[i].len);
	}
	if (run)
		sg_set_buf(sg++, c->aad + copied - run, run);
	return sg;
}

static int tsmb_aead_run(struct tsmb_os_aead *a, bool enc, const uint8_t *nonce,
			 size_t nonce_len, const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg, uint8_t *tag)
{
	struct scatterlist *sg, *end;
	struct aead_request *req;
	struct tsmb_aead_call *c;
	size_t aad_len, data_len = 0, nents;
	unsigned int i;
	int err;

	if (nonce_len != tsmb_aead_nonce_len(a->alg))
		return -EINVAL;
	nents = tsmb_aead_aad_nents(aad, nr_aad, &aad_len) + 1;
	for (i = 0; i < nr_seg; i++) {
		data_len += seg[i].len;
		nents += tsmb_sg_pages(seg[i].base, seg[i].len);
	}
	if (aad_len > UINT_MAX || data_len > UINT_MAX - TSMB_AEAD_TAG_LEN)
		return -EINVAL;

	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	req = aead_request_alloc(a->tfm, GFP_KERNEL);
	sg = nents <= TSMB_AEAD_INLINE_SG ? c->sg_inline :
		kvmalloc_array(nents, sizeof(*sg), GFP_KERNEL);
	if (!req || !sg) {
		err = -ENOMEM;
		goto out;
	}
	sg_init_table(sg, nents);
	end = tsmb_aead_aad_sg(c, sg, aad, nr_aad);
	for (i = 0; i < nr_seg; i++)
		end = tsmb_sg_add(end, seg[i].base, seg[i].len);
	/* The tag follows the data: written there on encrypt, read on decrypt. */
	if (!enc)
		memcpy(c->tag, tag, TSMB_AEAD_TAG_LEN);
	sg_set_buf(end++, c->tag, TSMB_AEAD_TAG_LEN);
	sg_mark_end(end - 1);

	memset(c->iv, 0, sizeof(c->iv));
	if (tsmb_aead_is_gcm(a->alg)) {
		memcpy(c->iv, nonce, nonce_len);
	} else {
		/* ccm(aes) takes the RFC 3610 flags byte, L' = L - 1, then the nonce. */
		c->iv[0] = 15 - nonce_len - 1;
		memcpy(c->iv + 1, nonce, nonce_len);
	}
	crypto_init_wait(&c->wait);
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP | CRYPTO_TFM_REQ_MAY_BACKLOG,
				  crypto_req_done, &c->wait);
	aead_request_set_ad(req, aad_len);
	aead_request_set_crypt(req, sg, sg, enc ? data_len : data_len + TSMB_AEAD_TAG_LEN,
			       c->iv);
	err = crypto_wait_req(enc ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req),
			      &c->wait);
	if (!err && enc)
		memcpy(tag, c->tag, TSMB_AEAD_TAG_LEN);
out:
	if (sg && sg != c->sg_inline)
		kvfree(sg);
	aead_request_free(req);
	kfree_sensitive(c);
	return err;
}

int tsmb_os_aead_encrypt(struct tsmb_os_aead *aead, const uint8_t *nonce, size_t nonce_len,
			 const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg,
			 uint8_t tag[TSMB_AEAD_TAG_LEN])
{
	return tsmb_aead_run(aead, true, nonce, nonce_len, aad, nr_aad, seg, nr_seg, tag);
}

int tsmb_os_aead_decrypt(struct tsmb_os_aead *aead, const uint8_t *nonce, size_t nonce_len,
			 const struct tsmb_iov *aad, unsigned int nr_aad,
			 struct tsmb_mvec *seg, unsigned int nr_seg,
			 const uint8_t tag[TSMB_AEAD_TAG_LEN])
{
	/* The API says -EBADMSG on a tag mismatch, as the contract does. */
	return tsmb_aead_run(aead, false, nonce, nonce_len, aad, nr_aad, seg, nr_seg,
			     (uint8_t *)tag);
}

void tsmb_os_random(void *buf, size_t len)
{
	/* Only waits (briefly) before the pool is first seeded. */
	(void)get_random_bytes_wait(buf, len);
}
