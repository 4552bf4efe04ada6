// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/crypto/sign.c: HMAC-SHA256, AES-CMAC and AES-GMAC signatures
 * ([MS-SMB2] 3.1.4.1) against Python's hmac, impacket's AES_CMAC and
 * PyCryptodome's GCM (fixtures/gen_crypto_vectors.py). The message's
 * Signature field holds garbage that signing must read as zeros.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/crypto/sign.h"
#include "core/wire/smb2.h"
#include "fixtures/crypto_vectors.h"
#include "tsmb_test.h"

#include <tsmb/os/errno.h>

static void check_sign(enum tsmb_sign_alg alg, const uint8_t *msg, size_t len,
		       const uint8_t *want)
{
	struct tsmb_signer *s;
	uint8_t sig[16], copy[sizeof(v_sign_msg)];

	assert_int_equal(tsmb_signer_create(alg, v_sign_key, 16, &s), 0);
	memcpy(copy, msg, len);
	assert_int_equal(tsmb_sign(s, copy, len, sig), 0);
	assert_memory_equal(sig, want, 16);
	/* The input is not written. */
	assert_memory_equal(copy, msg, len);

	/* Verify: wrong with the garbage field, right once the signature is in. */
	assert_int_equal(tsmb_sign_verify(s, copy, len), -TSMB_EBADMSG);
	memcpy(copy + T_H_SIG, want, 16);
	assert_int_equal(tsmb_sign_verify(s, copy, len), 0);
	copy[len - 1] ^= 1;
	assert_int_equal(tsmb_sign_verify(s, copy, len), -TSMB_EBADMSG);
	copy[len - 1] ^= 1;
	copy[T_H_SIG + 15] ^= 1;
	assert_int_equal(tsmb_sign_verify(s, copy, len), -TSMB_EBADMSG);
	tsmb_signer_destroy(s);
}

static void test_hmac(void **state)
{
	check_sign(TSMB_SIGN_HMAC_SHA256, v_sign_msg, sizeof(v_sign_msg), v_sign_hmac);
}

static void test_cmac(void **state)
{
	check_sign(TSMB_SIGN_AES_CMAC, v_sign_msg, sizeof(v_sign_msg), v_sign_cmac);
}

/* The nonce's role and CANCEL bits come from the message itself. */
static void test_gmac(void **state)
{
	check_sign(TSMB_SIGN_AES_GMAC, v_sign_msg, sizeof(v_sign_msg), v_sign_gmac_server);
	check_sign(TSMB_SIGN_AES_GMAC, v_sign_req, sizeof(v_sign_req), v_sign_gmac_client);
	check_sign(TSMB_SIGN_AES_GMAC, v_sign_cancel, sizeof(v_sign_cancel), v_sign_gmac_cancel);
}

static void test_refused(void **state)
{
	struct tsmb_signer *s = (void *)1;
	uint8_t sig[16];

	assert_int_equal(tsmb_signer_create(TSMB_SIGN_AES_CMAC, v_sign_key, 15, &s), -TSMB_EINVAL);
	assert_null(s);
	assert_int_equal(tsmb_signer_create(TSMB_SIGN_AES_GMAC, v_sign_key, 32, &s), -TSMB_EINVAL);
	assert_int_equal(tsmb_signer_create(TSMB_SIGN_HMAC_SHA256, v_sign_key, 0, &s),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_signer_create(TSMB_SIGN_HMAC_SHA256, v_sign_key, 16, &s), 0);
	/* Shorter than a header. */
	assert_int_equal(tsmb_sign(s, v_sign_msg, 63, sig), -TSMB_EINVAL);
	assert_int_equal(tsmb_sign(s, v_sign_msg, 64, sig), 0);
	tsmb_signer_destroy(s);
}

static void test_equal(void **state)
{
	uint8_t a[16] = { 1, 2, 3 }, b[16] = { 1, 2, 3 };

	assert_true(tsmb_crypto_equal(a, b, 16));
	b[15] = 1;
	assert_false(tsmb_crypto_equal(a, b, 16));
	assert_true(tsmb_crypto_equal(a, b, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac),
		cmocka_unit_test(test_cmac),
		cmocka_unit_test(test_gmac),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
