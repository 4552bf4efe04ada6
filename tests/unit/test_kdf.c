// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/crypto/kdf.c: SP800-108 counter-mode KDF and the SMB3 session keys
 * ([MS-SMB2] 3.1.4.2, 3.3.5.5.3), against impacket's KDF_CounterMode
 * and Microsoft's SMB 3.0 example (fixtures/gen_crypto_vectors.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/crypto/kdf.h"
#include "core/wire/smb2.h"
#include "fixtures/crypto_vectors.h"

#include <tsmb/os/errno.h>

static void test_kdf_raw(void **state)
{
	struct tsmb_os_hash *h;
	uint8_t out[32];

	assert_int_equal(tsmb_os_hash_create(TSMB_HASH_HMAC_SHA256, v_session_key, 16, &h), 0);
	assert_int_equal(tsmb_kdf(h, "SMB2AESCMAC", 12, "SmbSign", 8, out, 16), 0);
	assert_memory_equal(out, v_kdf_300_sign, 16);
	assert_int_equal(tsmb_kdf(h, "SMBS2CCipherKey", 16, v_preauth, 64, out, 32), 0);
	assert_memory_equal(out, v_kdf_311_s2c_256, 32);
	/* Only 128- and 256-bit outputs exist in SMB3. */
	assert_int_equal(tsmb_kdf(h, "x", 2, "y", 2, out, 24), -TSMB_EINVAL);
	tsmb_os_hash_destroy(h);
}

static void test_keys_300(void **state)
{
	struct tsmb_session_keys k;
	uint16_t d[2] = { SMB2_DIALECT_300, SMB2_DIALECT_302 };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		assert_int_equal(tsmb_kdf_session_keys(d[i], v_session_key, 16, NULL, 16, &k), 0);
		assert_memory_equal(k.signing, v_kdf_300_sign, 16);
		assert_memory_equal(k.application, v_kdf_300_app, 16);
		/* The server encrypts towards the client: "ServerOut". */
		assert_memory_equal(k.encryption, v_kdf_300_s2c, 16);
		assert_memory_equal(k.decryption, v_kdf_300_c2s, 16);
		assert_int_equal(k.cipher_key_len, 16);
	}
}

/* Microsoft's example: the client's EncryptionKey is the server's DecryptionKey. */
static void test_keys_ms30(void **state)
{
	struct tsmb_session_keys k;

	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_300, v_ms30_session_key, 16, NULL,
					       16, &k), 0);
	assert_memory_equal(k.decryption, v_ms30_c2s_key, 16);
}

static void test_keys_311(void **state)
{
	struct tsmb_session_keys k;

	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_311, v_session_key, 16, v_preauth,
					       16, &k), 0);
	assert_memory_equal(k.signing, v_kdf_311_sign, 16);
	assert_memory_equal(k.application, v_kdf_311_app, 16);
	assert_memory_equal(k.encryption, v_kdf_311_s2c, 16);
	assert_memory_equal(k.decryption, v_kdf_311_c2s, 16);

	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_311, v_session_key, 16, v_preauth,
					       32, &k), 0);
	assert_memory_equal(k.signing, v_kdf_311_sign, 16);
	assert_memory_equal(k.encryption, v_kdf_311_s2c_256, 32);
	assert_memory_equal(k.decryption, v_kdf_311_c2s_256, 32);
	assert_int_equal(k.cipher_key_len, 32);
}

/* Session.SessionKey is the first 16 bytes, zero-padded (3.3.1.8). */
static void test_key_length(void **state)
{
	struct tsmb_session_keys a, b;
	uint8_t long_key[24], short_key[16];

	memcpy(long_key, v_session_key, 16);
	memset(long_key + 16, 0x5a, 8);
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_300, long_key, 24, NULL, 16, &a), 0);
	assert_memory_equal(a.signing, v_kdf_300_sign, 16);
	assert_memory_equal(a.encryption, v_kdf_300_s2c, 16);

	memset(short_key, 0, sizeof(short_key));
	memcpy(short_key, v_session_key, 8);
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_300, v_session_key, 8, NULL, 16, &a),
			 0);
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_300, short_key, 16, NULL, 16, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));

	/* AES-256 keys come from the full key: more than 16 bytes changes them. */
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_311, long_key, 24, v_preauth, 32,
					       &a), 0);
	assert_memory_equal(a.signing, v_kdf_311_sign, 16);
	assert_memory_not_equal(a.encryption, v_kdf_311_s2c_256, 32);
}

static void test_refused(void **state)
{
	struct tsmb_session_keys k;

	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_210, v_session_key, 16, NULL, 16, &k),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_311, v_session_key, 16, NULL, 16, &k),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_300, v_session_key, 16, NULL, 32, &k),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_311, v_session_key, 16, v_preauth, 24,
					       &k), -TSMB_EINVAL);
	assert_int_equal(tsmb_kdf_session_keys(SMB2_DIALECT_300, v_session_key, 0, NULL, 16, &k),
			 -TSMB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kdf_raw),
		cmocka_unit_test(test_keys_300),
		cmocka_unit_test(test_keys_ms30),
		cmocka_unit_test(test_keys_311),
		cmocka_unit_test(test_key_length),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
