// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * authd's primitives against published vectors: MD4 (RFC 1320 A.5), RC4,
 * the NT hash and the NTLMv2 computations of [MS-NLMP] 4.2.4, and the
 * SPNEGO DER codec (round trips, and every truncation refused).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <talloc.h>

#include "authd/crypto.h"
#include "authd/ntlmssp.h"
#include "authd/spnego.h"
#include "authd/unistr.h"
#include "authd/userdb.h"
#include "fixtures/ntlmssp_impacket.h"

static void unhex(const char *s, uint8_t *out)
{
	size_t i;

	for (i = 0; s[2 * i]; i++) {
		unsigned int v;

		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

static void assert_hex(const uint8_t *got, const char *want)
{
	uint8_t w[64];
	size_t n = strlen(want) / 2;

	unhex(want, w);
	assert_memory_equal(got, w, n);
}

static void test_md4_rfc1320(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "31d6cfe0d16ae931b73c59d7e0c089c0" },
		{ "a", "bde52cb31de33e46245e05fbdbd6fb24" },
		{ "abc", "a448017aaf21d8525fc10ae87aa6729d" },
		{ "message digest", "d9130a8164549fe818874806e1c7014b" },
		{ "abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "043f8582f241db351ce627e153e7f0e4" },
		{ "1234567890123456789012345678901234567890"
		  "1234567890123456789012345678901234567890",
		  "e33b4ddc9c38f2199c3e7b164fcc0536" },
	};
	uint8_t out[16];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		authd_md4(v[i].in, strlen(v[i].in), out);
		assert_hex(out, v[i].out);
	}
}

static void test_rc4(void **state)
{
	static const struct {
		const char *key, *pt, *ct;
	} v[] = {
		{ "Key", "Plaintext", "bbf316e8d940af0ad3" },
		{ "Wiki", "pedia", "1021bf0420" },
		{ "Secret", "Attack at dawn", "45a01f645fc35b383552544b9bf5" },
	};
	struct authd_rc4 rc4;
	uint8_t buf[32];
	size_t i, n;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = strlen(v[i].pt);
		memcpy(buf, v[i].pt, n);
		authd_rc4_init(&rc4, (const uint8_t *)v[i].key, strlen(v[i].key));
		authd_rc4_crypt(&rc4, buf, 4);	/* in two pieces: the stream continues */
		authd_rc4_crypt(&rc4, buf + 4, n - 4);
		assert_hex(buf, v[i].ct);
	}
}

/* [MS-NLMP] 4.2.4: User "User", UserDom "Domain", Passwd "Password". */
static void test_nlmp_424(void **state)
{
	static const uint8_t chal[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
	uint8_t nt[16], key[16], proof[16], base[16], sk[16], temp[128];
	uint8_t *u16, *d16;
	size_t ulen, dlen, tlen;
	struct authd_hmac_md5 h;
	struct authd_rc4 rc4;

	assert_int_equal(authd_nt_hash("Password", nt), 0);
	assert_hex(nt, "a4f49c406510bdcab6824ee7c30fd852");
	u16 = authd_utf8_to_utf16(NULL, "User", &ulen);
	d16 = authd_utf8_to_utf16(NULL, "Domain", &dlen);
	assert_int_equal(authd_ntowfv2(nt, u16, ulen, d16, dlen, key), 0);
	assert_hex(key, "0c868a403bfd7a93a3001ef22ef02e3f");
	tlen = strlen("01010000000000000000000000000000aaaaaaaaaaaaaaaa0000000002000c0044006f00"
		      "6d00610069006e0001000c005300650072007600650072000000000000000000") / 2;
	unhex("01010000000000000000000000000000aaaaaaaaaaaaaaaa0000000002000c0044006f00"
	      "6d00610069006e0001000c005300650072007600650072000000000000000000", temp);
	assert_int_equal(authd_hmac_md5_init(&h, key, 16), 0);
	authd_hmac_md5_update(&h, chal, 8);
	authd_hmac_md5_update(&h, temp, tlen);
	assert_int_equal(authd_hmac_md5_final(&h, proof), 0);
	assert_hex(proof, "68cd0ab851e51c96aabc927bebef6a1c");
	assert_int_equal(authd_hmac_md5(key, 16, proof, 16, base), 0);
	assert_hex(base, "8de40ccadbc14a82f15cb0ad0de95ca3");
	/* EncryptedRandomSessionKey = RC4(KeyExchangeKey, RandomSessionKey 0x55 x 16). */
	memset(sk, 0x55, 16);
	authd_rc4_init(&rc4, base, 16);
	authd_rc4_crypt(&rc4, sk, 16);
	assert_hex(sk, "c5dad2544fc9799094ce1ce90bc9d03e");
	talloc_free(u16);
	talloc_free(d16);
}

static void test_unistr(void **state)
{
	static const uint8_t bad_surrogate[] = { 0x00, 0xd8, 0x41, 0x00 };
	uint8_t *u;
	size_t len;
	char *s;

	u = authd_utf8_to_utf16(NULL, "J\xc3\xb6rg\xf0\x9f\x98\x80", &len);
	assert_non_null(u);
	assert_int_equal(len, 12);
	s = authd_utf16_to_utf8(NULL, u, len);
	assert_string_equal(s, "J\xc3\xb6rg\xf0\x9f\x98\x80");
	authd_utf16_upper(u, len);
	talloc_free(s);
	s = authd_utf16_to_utf8(NULL, u, len);
	assert_string_equal(s, "J\xc3\x96RG\xf0\x9f\x98\x80");
	assert_null(authd_utf16_to_utf8(NULL, bad_surrogate, sizeof(bad_surrogate)));
	assert_null(authd_utf16_to_utf8(NULL, u, 3));
	assert_null(authd_utf8_to_utf16(NULL, "\xc0\x80", &len));	/* overlong */
	assert_null(authd_utf8_to_utf16(NULL, "\xed\xa0\x80", &len));	/* surrogate */
	talloc_free(s);
	talloc_free(u);
}

static void test_spnego_fixture(void **state)
{
	struct authd_spnego_in in;

	assert_int_equal(authd_spnego_parse(spnego_init, sizeof(spnego_init), &in), 0);
	assert_int_equal(in.kind, AUTHD_SPNEGO_INIT);
	assert_true(in.ntlmssp_offered);
	assert_true(in.ntlmssp_first);
	assert_int_equal(in.token_len, sizeof(spnego_type1));
	assert_memory_equal(in.token, spnego_type1, sizeof(spnego_type1));
	assert_int_equal(in.mech_types_len, 14);
	assert_int_equal(in.mech_types[0], 0x30);

	assert_int_equal(authd_spnego_parse(spnego_resp, sizeof(spnego_resp), &in), 0);
	assert_int_equal(in.kind, AUTHD_SPNEGO_RESP);
	assert_int_equal(in.neg_state, AUTHD_SPNEGO_STATE_ABSENT);
	assert_int_equal(in.token_len, sizeof(spnego_type3));
	assert_int_equal(in.mic_len, 16);

	assert_int_equal(authd_spnego_parse(good_kx_type1, sizeof(good_kx_type1), &in), 0);
	assert_int_equal(in.kind, AUTHD_SPNEGO_RAW_NTLMSSP);
}

static void test_spnego_roundtrip(void **state)
{
	uint8_t tok[300], mic[16];
	struct authd_spnego_in in;
	size_t len, i;
	uint8_t *b;

	for (i = 0; i < sizeof(tok); i++)
		tok[i] = (uint8_t)i;
	memset(mic, 0xab, sizeof(mic));
	/* Long-form lengths (300 > 255) on the way. */
	b = authd_spnego_resp(NULL, AUTHD_SPNEGO_ACCEPT_INCOMPLETE, true, tok, sizeof(tok), mic,
			      sizeof(mic), &len);
	assert_non_null(b);
	assert_int_equal(authd_spnego_parse(b, len, &in), 0);
	assert_int_equal(in.kind, AUTHD_SPNEGO_RESP);
	assert_int_equal(in.neg_state, AUTHD_SPNEGO_ACCEPT_INCOMPLETE);
	assert_true(in.ntlmssp_offered);
	assert_int_equal(in.token_len, sizeof(tok));
	assert_memory_equal(in.token, tok, sizeof(tok));
	assert_int_equal(in.mic_len, sizeof(mic));
	assert_memory_equal(in.mic, mic, sizeof(mic));
	/* Every truncation, and every length byte made wrong, is refused. */
	for (i = 0; i < len; i++)
		assert_int_equal(authd_spnego_parse(b, i, &in), -1);
	talloc_free(b);

	b = authd_spnego_resp(NULL, AUTHD_SPNEGO_ACCEPT_COMPLETED, false, NULL, 0, NULL, 0, &len);
	assert_int_equal(len, 9);
	assert_int_equal(authd_spnego_parse(b, len, &in), 0);
	assert_int_equal(in.neg_state, AUTHD_SPNEGO_ACCEPT_COMPLETED);
	assert_null(in.token);
	talloc_free(b);
}

static void test_spnego_strict_der(void **state)
{
	uint8_t buf[sizeof(spnego_init) + 8];
	struct authd_spnego_in in;
	size_t i;

	for (i = 0; i < sizeof(spnego_init); i++)
		assert_int_equal(authd_spnego_parse(spnego_init, i, &in), -1);
	/* Trailing bytes after the token. */
	memcpy(buf, spnego_init, sizeof(spnego_init));
	buf[sizeof(spnego_init)] = 0;
	assert_int_equal(authd_spnego_parse(buf, sizeof(spnego_init) + 1, &in), -1);
	/* Indefinite length (BER, not DER). */
	memcpy(buf, spnego_init, sizeof(spnego_init));
	buf[1] = 0x80;
	assert_int_equal(authd_spnego_parse(buf, sizeof(spnego_init), &in), -1);
	/* A non-minimal long form: 0x81 0x05 for 5. */
	{
		static const uint8_t nonmin[] = { 0xa1, 0x81, 0x05, 0x30, 0x03, 0xa0, 0x01, 0x00 };
		static const uint8_t lenpad[] = { 0xa1, 0x82, 0x00, 0x05, 0x30, 0x03, 0xa0, 0x01,
						  0x00 };

		assert_int_equal(authd_spnego_parse(nonmin, sizeof(nonmin), &in), -1);
		assert_int_equal(authd_spnego_parse(lenpad, sizeof(lenpad), &in), -1);
	}
}

static void test_spnego_init2(void **state)
{
	static const uint8_t ntlm_oid[] = { 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82,
					    0x37, 0x02, 0x02, 0x0a };
	size_t len;
	uint8_t *b = authd_spnego_init2(NULL, &len);

	assert_non_null(b);
	assert_int_equal(b[0], 0x60);
	assert_int_equal(b[1] + 2, len);
	assert_non_null(memmem(b, len, ntlm_oid, sizeof(ntlm_oid)));
	assert_non_null(memmem(b, len, "not_defined_in_RFC4178@please_ignore", 36));
	talloc_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md4_rfc1320),
		cmocka_unit_test(test_rc4),
		cmocka_unit_test(test_nlmp_424),
		cmocka_unit_test(test_unistr),
		cmocka_unit_test(test_spnego_fixture),
		cmocka_unit_test(test_spnego_roundtrip),
		cmocka_unit_test(test_spnego_strict_der),
		cmocka_unit_test(test_spnego_init2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
