// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/transform.c (TRANSFORM_HEADER, [MS-SMB2] 2.2.41) and
 * core/crypto/transform.c (3.1.4.3, 3.3.5.2.1.1), against messages
 * encrypted by PyCryptodome (fixtures/gen_crypto_vectors.py) with each of
 * the four ciphers, and Microsoft's published AES-128-GCM example.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/crypto/transform.h"
#include "fixtures/crypto_vectors.h"
#include "tsmb_test.h"

#include <tsmb/os/errno.h>

#define SID 0x0000400000000011ull
#define MSG_LEN (SMB2_TRANSFORM_HDR_SIZE + sizeof(v_enc_plain))

struct fixture {
	uint16_t cipher_id;
	const uint8_t *key;
	size_t key_len;
	const uint8_t *msg;	/* MSG_LEN bytes */
};

static const struct fixture fixtures[] = {
	{ SMB2_ENCRYPTION_AES128_CCM, v_enc_ccm128_key, 16, v_enc_ccm128_msg },
	{ SMB2_ENCRYPTION_AES128_GCM, v_enc_gcm128_key, 16, v_enc_gcm128_msg },
	{ SMB2_ENCRYPTION_AES256_CCM, v_enc_ccm256_key, 32, v_enc_ccm256_msg },
	{ SMB2_ENCRYPTION_AES256_GCM, v_enc_gcm256_key, 32, v_enc_gcm256_msg },
};

static void test_decode(void **state)
{
	struct tsmb_transform_hdr th;
	uint8_t out[SMB2_TRANSFORM_HDR_SIZE];
	struct tsmb_wr w;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		const uint8_t *m = fixtures[i].msg;

		assert_true(tsmb_transform_decode(m, MSG_LEN, &th));
		assert_int_equal(th.original_size, sizeof(v_enc_plain));
		assert_int_equal(th.flags, 1);
		assert_int_equal(th.reserved, 0);
		assert_true(th.session_id == SID);
		assert_memory_equal(th.signature, m + 4, 16);
		assert_memory_equal(th.nonce, m + 20, 16);
		tsmb_wr_init(&w, out, sizeof(out));
		tsmb_transform_encode(&w, &th);
		assert_true(tsmb_wr_ok(&w));
		assert_memory_equal(out, m, sizeof(out));
	}
}

static void test_decode_refused(void **state)
{
	struct tsmb_transform_hdr th;
	uint8_t m[MSG_LEN];

	memcpy(m, v_enc_gcm128_msg, MSG_LEN);
	/* A header with nothing behind it, or less than a header. */
	assert_false(tsmb_transform_decode(m, SMB2_TRANSFORM_HDR_SIZE, &th));
	assert_false(tsmb_transform_decode(m, 10, &th));
	assert_false(tsmb_transform_decode(m, 0, &th));
	/* OriginalMessageSize must be exactly what follows. */
	assert_false(tsmb_transform_decode(m, MSG_LEN - 1, &th));
	t_put32(m + 36, sizeof(v_enc_plain) - 1);
	assert_false(tsmb_transform_decode(m, MSG_LEN, &th));
	t_put32(m + 36, 0);
	assert_false(tsmb_transform_decode(m, MSG_LEN, &th));
	t_put32(m + 36, sizeof(v_enc_plain));
	assert_true(tsmb_transform_decode(m, MSG_LEN, &th));
	/* Flags/EncryptionAlgorithm other than 1. */
	t_put16(m + 42, 0);
	assert_false(tsmb_transform_decode(m, MSG_LEN, &th));
	t_put16(m + 42, 3);
	assert_false(tsmb_transform_decode(m, MSG_LEN, &th));
	t_put16(m + 42, 1);
	/* No session. */
	t_put64(m + 44, 0);
	assert_false(tsmb_transform_decode(m, MSG_LEN, &th));
	t_put64(m + 44, SID);
	/* Not 0xFD 'SMB'. */
	m[0] = 0xFE;
	assert_false(tsmb_transform_decode(m, MSG_LEN, &th));
}

static void test_open(void **state)
{
	struct tsmb_transform_hdr th;
	struct tsmb_cipher c;
	struct tsmb_mvec seg[3];
	uint8_t m[MSG_LEN];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		const struct fixture *f = &fixtures[i];

		assert_int_equal(tsmb_cipher_init(&c, f->cipher_id, f->key, f->key_len), 0);
		memcpy(m, f->msg, MSG_LEN);
		assert_true(tsmb_transform_decode(m, MSG_LEN, &th));
		seg[0] = (struct tsmb_mvec){ m + 52, 1 };
		seg[1] = (struct tsmb_mvec){ m + 53, 100 };
		seg[2] = (struct tsmb_mvec){ m + 153, MSG_LEN - 153 };
		assert_int_equal(tsmb_transform_open(&c, &th, seg, 3), 0);
		assert_memory_equal(m + 52, v_enc_plain, sizeof(v_enc_plain));

		/* One flipped bit of ciphertext, or of the AAD (SessionId). */
		memcpy(m, f->msg, MSG_LEN);
		m[MSG_LEN - 1] ^= 0x01;
		assert_int_equal(tsmb_transform_open(&c, &th, seg, 3), -TSMB_EBADMSG);
		memcpy(m, f->msg, MSG_LEN);
		th.session_id ^= 0x100;
		assert_int_equal(tsmb_transform_open(&c, &th, seg, 3), -TSMB_EBADMSG);
		th.session_id ^= 0x100;
		/* Reserved is authenticated too. */
		th.reserved = 1;
		assert_int_equal(tsmb_transform_open(&c, &th, seg, 3), -TSMB_EBADMSG);
		th.reserved = 0;
		/* The segments must hold exactly OriginalMessageSize bytes. */
		assert_int_equal(tsmb_transform_open(&c, &th, seg, 2), -TSMB_EINVAL);
		tsmb_cipher_destroy(&c);
	}
}

static void test_seal_known(void **state)
{
	uint8_t hdr[SMB2_TRANSFORM_HDR_SIZE], body[sizeof(v_enc_plain)];
	struct tsmb_cipher c;
	struct tsmb_mvec seg[2];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		const struct fixture *f = &fixtures[i];

		assert_int_equal(tsmb_cipher_init(&c, f->cipher_id, f->key, f->key_len), 0);
		memcpy(body, v_enc_plain, sizeof(body));
		seg[0] = (struct tsmb_mvec){ body, 64 };
		seg[1] = (struct tsmb_mvec){ body + 64, sizeof(body) - 64 };
		assert_int_equal(tsmb_transform_seal_nonce(&c, SID, f->msg + 20, seg, 2, hdr), 0);
		assert_memory_equal(hdr, f->msg, sizeof(hdr));
		assert_memory_equal(body, f->msg + 52, sizeof(body));
		tsmb_cipher_destroy(&c);
	}
}

/* Random nonces: two seals differ, and each opens. */
static void test_seal_random(void **state)
{
	uint8_t m1[MSG_LEN], m2[MSG_LEN];
	struct tsmb_transform_hdr th;
	struct tsmb_mvec seg;
	struct tsmb_cipher c;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		const struct fixture *f = &fixtures[i];
		size_t nl = (i & 1) ? 12 : 11;
		static const uint8_t zero[5];

		assert_int_equal(tsmb_cipher_init(&c, f->cipher_id, f->key, f->key_len), 0);
		memcpy(m1 + 52, v_enc_plain, sizeof(v_enc_plain));
		memcpy(m2 + 52, v_enc_plain, sizeof(v_enc_plain));
		seg = (struct tsmb_mvec){ m1 + 52, sizeof(v_enc_plain) };
		assert_int_equal(tsmb_transform_seal(&c, SID, &seg, 1, m1), 0);
		seg.base = m2 + 52;
		assert_int_equal(tsmb_transform_seal(&c, SID, &seg, 1, m2), 0);
		assert_memory_not_equal(m1 + 20, m2 + 20, nl);
		/* The nonce field's tail stays zero. */
		assert_memory_equal(m1 + 20 + nl, zero, 16 - nl);
		assert_true(tsmb_transform_decode(m1, MSG_LEN, &th));
		seg.base = m1 + 52;
		assert_int_equal(tsmb_transform_open(&c, &th, &seg, 1), 0);
		assert_memory_equal(m1 + 52, v_enc_plain, sizeof(v_enc_plain));
		tsmb_cipher_destroy(&c);
	}
}

/* Microsoft's AES-128-GCM example ("SMB 3.1.1 Encryption in Windows 10", A.1). */
static void test_microsoft_gcm(void **state)
{
	uint8_t m[sizeof(v_ms311_gcm_msg)], hdr[SMB2_TRANSFORM_HDR_SIZE];
	struct tsmb_transform_hdr th;
	struct tsmb_cipher c;
	struct tsmb_mvec seg;

	assert_int_equal(tsmb_cipher_init(&c, SMB2_ENCRYPTION_AES128_GCM, v_ms311_gcm_key, 16), 0);
	memcpy(m, v_ms311_gcm_msg, sizeof(m));
	assert_true(tsmb_transform_decode(m, sizeof(m), &th));
	assert_true(th.session_id == 0x0000100000000025ull);
	seg = (struct tsmb_mvec){ m + 52, sizeof(m) - 52 };
	assert_int_equal(tsmb_transform_open(&c, &th, &seg, 1), 0);
	assert_memory_equal(m + 52, v_ms311_gcm_plain, sizeof(v_ms311_gcm_plain));

	assert_int_equal(tsmb_transform_seal_nonce(&c, th.session_id, th.nonce, &seg, 1, hdr), 0);
	assert_memory_equal(hdr, v_ms311_gcm_msg, sizeof(hdr));
	assert_memory_equal(m + 52, v_ms311_gcm_msg + 52, sizeof(m) - 52);
	tsmb_cipher_destroy(&c);
}

static void test_refused(void **state)
{
	struct tsmb_cipher c;
	struct tsmb_mvec seg = { NULL, 0 };
	uint8_t hdr[SMB2_TRANSFORM_HDR_SIZE];

	assert_int_equal(tsmb_cipher_init(&c, 0, v_enc_ccm128_key, 16), -TSMB_EINVAL);
	assert_int_equal(tsmb_cipher_init(&c, 5, v_enc_ccm128_key, 16), -TSMB_EINVAL);
	assert_int_not_equal(tsmb_cipher_init(&c, SMB2_ENCRYPTION_AES256_GCM, v_enc_ccm128_key,
					      16), 0);
	assert_int_equal(tsmb_cipher_init(&c, SMB2_ENCRYPTION_AES128_GCM, v_enc_gcm128_key, 16), 0);
	/* An empty message is not sent encrypted. */
	assert_int_equal(tsmb_transform_seal(&c, SID, &seg, 1, hdr), -TSMB_EINVAL);
	tsmb_cipher_destroy(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_refused),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_seal_known),
		cmocka_unit_test(test_seal_random),
		cmocka_unit_test(test_microsoft_gcm),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
