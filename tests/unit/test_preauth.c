// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/crypto/preauth.c: the 3.1.1 pre-authentication hash chain
 * ([MS-SMB2] 3.3.5.4), H(i+1) = SHA-512(H(i) || message), from H(0) = 0.
 *
 * The expected values were computed independently, with Python's hashlib
 * (and H1 cross-checked with "openssl dgst -sha512"):
 *   h1 = sha512(bytes(64) + b"abc")
 *   h2 = sha512(h1 + bytes((i * 7 + 3) & 0xff for i in range(1000)))
 *   h3 = sha512(h2)                      (an empty message)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/crypto/preauth.h"

static const uint8_t h1[64] = {
	0x76, 0x82, 0xb6, 0xb8, 0x4c, 0x6f, 0x69, 0x25, 0x45, 0xa8, 0x96, 0xad,
	0x21, 0x02, 0x99, 0xbc, 0xc6, 0xf7, 0x4e, 0x18, 0x9d, 0x82, 0x9e, 0x16,
	0x57, 0x39, 0xb1, 0x1d, 0xd8, 0x3b, 0x6f, 0x2c, 0x8c, 0xfa, 0xcf, 0x27,
	0xe8, 0x12, 0xbf, 0x06, 0x4d, 0xf7, 0x56, 0xd6, 0x23, 0x5a, 0xc3, 0x3c,
	0x06, 0x2b, 0x89, 0xec, 0xb8, 0x0f, 0x82, 0x15, 0x51, 0x6d, 0xbb, 0xb8,
	0x44, 0xce, 0x84, 0x80,
};

static const uint8_t h2[64] = {
	0xab, 0x77, 0x4a, 0xec, 0x32, 0x0b, 0xeb, 0xae, 0x92, 0x83, 0x2e, 0x34,
	0x84, 0x6b, 0x97, 0xe9, 0xf2, 0x1c, 0xee, 0x91, 0x91, 0xab, 0x6a, 0xe3,
	0x1f, 0x1b, 0xcd, 0xa0, 0x89, 0x81, 0x65, 0xb6, 0x7a, 0x6b, 0x9b, 0x17,
	0x74, 0x3a, 0x75, 0x57, 0x32, 0x8b, 0x3d, 0xc5, 0x9d, 0x5f, 0x34, 0x76,
	0x3e, 0x18, 0x4a, 0x96, 0x58, 0x09, 0x8d, 0x90, 0xd5, 0xce, 0x33, 0xd6,
	0x13, 0x4e, 0x66, 0x3c,
};

static const uint8_t h3[64] = {
	0x52, 0xf0, 0x74, 0x1c, 0xad, 0xe3, 0x60, 0x76, 0x35, 0x55, 0xad, 0x9c,
	0x32, 0xa3, 0x0b, 0xae, 0x1e, 0x1e, 0x44, 0xa8, 0x3d, 0x66, 0xd5, 0xe6,
	0x55, 0xe0, 0xd3, 0xac, 0x7f, 0x0c, 0x6a, 0xf2, 0xde, 0xd4, 0x76, 0x2e,
	0xa0, 0x02, 0xac, 0x19, 0x26, 0x7c, 0x84, 0x4e, 0xe1, 0x63, 0xa7, 0x29,
	0x45, 0xc6, 0xb9, 0x78, 0x74, 0xa8, 0x6b, 0xd6, 0xe3, 0xd8, 0x63, 0x78,
	0xb2, 0xbb, 0xfd, 0xe2,
};

static int setup(void **state)
{
	struct tsmb_os_hash *h = NULL;

	if (tsmb_os_hash_create(TSMB_HASH_SHA512, NULL, 0, &h))
		return -1;
	*state = h;
	return 0;
}

static int teardown(void **state)
{
	tsmb_os_hash_destroy(*state);
	return 0;
}

static void test_chain(void **state)
{
	struct tsmb_os_hash *sha = *state;
	uint8_t hash[TSMB_PREAUTH_HASH_LEN], m2[1000];
	unsigned int i;

	for (i = 0; i < sizeof(m2); i++)
		m2[i] = (uint8_t)((i * 7 + 3) & 0xff);
	memset(hash, 0, sizeof(hash));
	assert_int_equal(tsmb_preauth_update(sha, hash, (const uint8_t *)"abc", 3), 0);
	assert_memory_equal(hash, h1, 64);
	assert_int_equal(tsmb_preauth_update(sha, hash, m2, sizeof(m2)), 0);
	assert_memory_equal(hash, h2, 64);
	assert_int_equal(tsmb_preauth_update(sha, hash, NULL, 0), 0);
	assert_memory_equal(hash, h3, 64);
}

/* Two chains over one hash object do not disturb each other (one per connection). */
static void test_interleaved_chains(void **state)
{
	struct tsmb_os_hash *sha = *state;
	uint8_t a[64], b[64];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	assert_int_equal(tsmb_preauth_update(sha, a, (const uint8_t *)"abc", 3), 0);
	assert_int_equal(tsmb_preauth_update(sha, b, (const uint8_t *)"xyz", 3), 0);
	assert_memory_equal(a, h1, 64);
	assert_memory_not_equal(b, h1, 64);
	assert_int_equal(tsmb_preauth_update(sha, a, NULL, 0), 0);
	assert_memory_not_equal(a, h1, 64);
}

/* A changed byte anywhere changes the result. */
static void test_sensitivity(void **state)
{
	struct tsmb_os_hash *sha = *state;
	uint8_t hash[64];

	memset(hash, 0, sizeof(hash));
	hash[63] = 1;
	assert_int_equal(tsmb_preauth_update(sha, hash, (const uint8_t *)"abc", 3), 0);
	assert_memory_not_equal(hash, h1, 64);
	memset(hash, 0, sizeof(hash));
	assert_int_equal(tsmb_preauth_update(sha, hash, (const uint8_t *)"abd", 3), 0);
	assert_memory_not_equal(hash, h1, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_interleaved_chains),
		cmocka_unit_test(test_sensitivity),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
