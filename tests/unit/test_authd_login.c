// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * authd_login() driven by NTLMSSP messages from impacket's client
 * (fixtures/gen_ntlmssp.py), raw and in SPNEGO, plus a MIC-bearing
 * AUTHENTICATE built here: good and wrong passwords, unknown users with
 * and without map-to-guest, anonymous, disabled accounts, NTLMv1, and
 * every truncation of an AUTHENTICATE.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <talloc.h>

#include "authd/crypto.h"
#include "authd/login.h"
#include "authd/ntlmssp.h"
#include "authd/spnego.h"
#include "authd/unistr.h"
#include "fixtures/ntlmssp_impacket.h"

static const uint8_t server_challenge[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

struct fx {
	char dir[64];
	char db[128];
	struct authd_config cfg;
	struct authd *a;
	char last_log[512];
	unsigned int nlog;
};

static int fake_random(void *arg, uint8_t *buf, size_t len)
{
	memcpy(buf, server_challenge, len < 8 ? len : 8);
	return 0;
}

static uint64_t fake_now(void *arg)
{
	return FIXTURE_FILETIME;
}

static int fake_unix(void *arg, void *mem_ctx, const char *name, struct authd_unix_id *out)
{
	uid_t uid;

	if (!strcmp(name, "alice"))
		uid = 1000;
	else if (!strcmp(name, "nobody"))
		uid = 65534;
	else
		return -2;
	out->uid = uid;
	out->gid = uid;
	out->gids = talloc_array(mem_ctx, gid_t, 2);
	out->gids[0] = uid;
	out->gids[1] = 27;
	out->ngids = 2;
	return 0;
}

static void capture_log(void *arg, int level, const char *msg)
{
	struct fx *f = arg;

	snprintf(f->last_log, sizeof(f->last_log), "%s", msg);
	f->nlog++;
}

static void write_db(struct fx *f, const char *extra)
{
	uint8_t h[16];
	char line[256];
	FILE *fp;
	int i;

	assert_int_equal(authd_nt_hash("Secret123!", h), 0);
	fp = fopen(f->db, "w");
	assert_non_null(fp);
	fprintf(fp, "alice:");
	for (i = 0; i < 16; i++)
		fprintf(fp, "%02x", h[i]);
	fprintf(fp, ":enabled\n%s", extra);
	fclose(fp);
	assert_int_equal(chmod(f->db, 0600), 0);
	(void)line;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/tsmb-authd.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/passdb", f->dir);
	write_db(f, "");
	f->cfg = (struct authd_config){
		.netbios_name = "TSMB", .domain = "WORKGROUP", .userdb_path = f->db,
		.guest_account = "nobody", .guest_ok = true, .anonymous_ok = true,
		.map_to_guest = AUTHD_MAP_TO_GUEST_NEVER, .log = capture_log, .log_arg = f,
		.random = fake_random, .now = fake_now, .unix_lookup = fake_unix,
	};
	f->a = authd_new(NULL, &f->cfg);
	if (!f->a)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	authd_free(f->a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd))
		return -1;
	free(f);
	return 0;
}

static void renew(struct fx *f)
{
	authd_free(f->a);
	f->a = authd_new(NULL, &f->cfg);
	assert_non_null(f->a);
}

/* Leg 1 with a raw NEGOTIATE: the CHALLENGE comes back with our challenge. */
static void leg1_raw(struct fx *f, uint64_t h, const uint8_t *t1, size_t len)
{
	struct authd_result r;

	assert_int_equal(authd_login(f->a, h, t1, len, &r), AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	assert_true(r.blob_len > 56);
	assert_memory_equal(r.blob, "NTLMSSP\0\2\0\0\0", 12);
	assert_memory_equal(r.blob + 24, server_challenge, 8);
	authd_result_free(&r);
}

static uint32_t login2(struct fx *f, const uint8_t *t1, size_t l1, const uint8_t *t3, size_t l3,
		       struct authd_result *r)
{
	leg1_raw(f, 7, t1, l1);
	return authd_login(f->a, 7, t3, l3, r);
}

static void test_good_password(void **state)
{
	struct fx *f = *state;
	struct authd_result r;

	assert_int_equal(login2(f, good_kx_type1, sizeof(good_kx_type1), good_kx_type3,
				sizeof(good_kx_type3), &r), AUTHD_STATUS_SUCCESS);
	assert_memory_equal(r.session_key, good_kx_key, 16);
	assert_true(r.have_session_key);
	assert_string_equal(r.user, "alice");
	assert_string_equal(r.domain, "WORKGROUP");
	assert_int_equal(r.uid, 1000);
	assert_int_equal(r.ngids, 2);
	assert_int_equal(r.gids[1], 27);
	assert_false(r.is_guest);
	assert_false(r.is_anonymous);
	assert_null(r.blob);
	authd_result_free(&r);
	assert_int_equal(authd_pending(f->a), 0);

	assert_int_equal(login2(f, good_nokx_type1, sizeof(good_nokx_type1), good_nokx_type3,
				sizeof(good_nokx_type3), &r), AUTHD_STATUS_SUCCESS);
	assert_memory_equal(r.session_key, good_nokx_key, 16);
	authd_result_free(&r);

	/* "ALICE" with no domain: upper-case user, the empty domain. */
	assert_int_equal(login2(f, upper_nodom_type1, sizeof(upper_nodom_type1),
				upper_nodom_type3, sizeof(upper_nodom_type3), &r),
			 AUTHD_STATUS_SUCCESS);
	assert_string_equal(r.user, "alice");
	assert_memory_equal(r.session_key, upper_nodom_key, 16);
	authd_result_free(&r);
}

static void test_wrong_password(void **state)
{
	struct fx *f = *state;
	struct authd_result r;

	assert_int_equal(login2(f, wrong_type1, sizeof(wrong_type1), wrong_type3,
				sizeof(wrong_type3), &r), AUTHD_STATUS_LOGON_FAILURE);
	assert_false(r.have_session_key);
	assert_int_equal(r.uid, (uid_t)-1);
	assert_null(r.user);
	assert_non_null(strstr(f->last_log, "'alice'"));
	assert_non_null(strstr(f->last_log, "wrong password"));
	authd_result_free(&r);
	assert_int_equal(authd_pending(f->a), 0);
}

static void test_unknown_user(void **state)
{
	struct fx *f = *state;
	struct authd_result r;

	assert_int_equal(login2(f, unknown_type1, sizeof(unknown_type1), unknown_type3,
				sizeof(unknown_type3), &r), AUTHD_STATUS_LOGON_FAILURE);
	assert_non_null(strstr(f->last_log, "'mallory'"));
	assert_non_null(strstr(f->last_log, "unknown user"));
	authd_result_free(&r);

	f->cfg.map_to_guest = AUTHD_MAP_TO_GUEST_BAD_USER;
	renew(f);
	assert_int_equal(login2(f, unknown_type1, sizeof(unknown_type1), unknown_type3,
				sizeof(unknown_type3), &r), AUTHD_STATUS_SUCCESS);
	assert_true(r.is_guest);
	assert_false(r.have_session_key);
	assert_int_equal(r.uid, 65534);
	assert_string_equal(r.user, "nobody");
	authd_result_free(&r);
	/* A wrong password for a known user is not mapped to guest. */
	assert_int_equal(login2(f, wrong_type1, sizeof(wrong_type1), wrong_type3,
				sizeof(wrong_type3), &r), AUTHD_STATUS_LOGON_FAILURE);
	authd_result_free(&r);

	f->cfg.guest_ok = false;
	renew(f);
	assert_int_equal(login2(f, unknown_type1, sizeof(unknown_type1), unknown_type3,
				sizeof(unknown_type3), &r), AUTHD_STATUS_LOGON_FAILURE);
	authd_result_free(&r);
}

static void test_anonymous(void **state)
{
	struct fx *f = *state;
	struct authd_result r;

	assert_int_equal(login2(f, anon_type1, sizeof(anon_type1), anon_type3, sizeof(anon_type3),
				&r), AUTHD_STATUS_SUCCESS);
	assert_true(r.is_anonymous);
	assert_string_equal(r.user, "");
	assert_int_equal(r.uid, 65534);
	authd_result_free(&r);

	f->cfg.anonymous_ok = false;
	renew(f);
	assert_int_equal(login2(f, anon_type1, sizeof(anon_type1), anon_type3, sizeof(anon_type3),
				&r), AUTHD_STATUS_LOGON_FAILURE);
	assert_non_null(strstr(f->last_log, "anonymous"));
	authd_result_free(&r);
}

static void test_disabled(void **state)
{
	struct fx *f = *state;
	struct authd_result r;
	FILE *fp;

	/* Rewrite the file: the change is seen without a restart. */
	fp = fopen(f->db, "w");
	fprintf(fp, "# disabled\nalice:00000000000000000000000000000000:disabled\n");
	fclose(fp);
	assert_int_equal(login2(f, good_kx_type1, sizeof(good_kx_type1), good_kx_type3,
				sizeof(good_kx_type3), &r), AUTHD_STATUS_LOGON_FAILURE);
	assert_non_null(strstr(f->last_log, "disabled"));
	authd_result_free(&r);

	/* A database others may read is refused: nobody gets in, even unchanged. */
	write_db(f, "");
	assert_int_equal(login2(f, good_kx_type1, sizeof(good_kx_type1), good_kx_type3,
				sizeof(good_kx_type3), &r), AUTHD_STATUS_SUCCESS);
	authd_result_free(&r);
	assert_int_equal(chmod(f->db, 0644), 0);
	assert_int_equal(login2(f, good_kx_type1, sizeof(good_kx_type1), good_kx_type3,
				sizeof(good_kx_type3), &r), AUTHD_STATUS_LOGON_FAILURE);
	authd_result_free(&r);
}

static void test_ntlmv1_refused(void **state)
{
	struct fx *f = *state;
	uint8_t t3[sizeof(good_kx_type3)];
	struct authd_result r;

	memcpy(t3, good_kx_type3, sizeof(t3));
	t3[20] = 24;	/* NtChallengeResponse: 24 bytes is NTLMv1 */
	t3[22] = 24;
	assert_int_equal(login2(f, good_kx_type1, sizeof(good_kx_type1), t3, sizeof(t3), &r),
			 AUTHD_STATUS_LOGON_FAILURE);
	assert_non_null(strstr(f->last_log, "NTLMv1"));
	authd_result_free(&r);
}

static void test_truncated(void **state)
{
	struct fx *f = *state;
	struct authd_result r;
	size_t i;

	for (i = 0; i < sizeof(good_kx_type3); i++) {
		uint32_t st = login2(f, good_kx_type1, sizeof(good_kx_type1), good_kx_type3, i, &r);

		assert_true(st == AUTHD_STATUS_INVALID_PARAMETER);
		authd_result_free(&r);
	}
	/* (An empty first blob is a request for the mechanism list, not an error.) */
	for (i = 1; i < 16; i++) {
		assert_int_equal(authd_login(f->a, 9, good_kx_type1, i, &r),
				 AUTHD_STATUS_INVALID_PARAMETER);
		authd_result_free(&r);
	}
	assert_int_equal(authd_pending(f->a), 0);
}

static void test_spnego(void **state)
{
	struct fx *f = *state;
	struct authd_spnego_in in;
	struct authd_result r;

	assert_int_equal(authd_login(f->a, 1, spnego_init, sizeof(spnego_init), &r),
			 AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	assert_int_equal(authd_spnego_parse(r.blob, r.blob_len, &in), 0);
	assert_int_equal(in.kind, AUTHD_SPNEGO_RESP);
	assert_int_equal(in.neg_state, AUTHD_SPNEGO_ACCEPT_INCOMPLETE);
	assert_true(in.ntlmssp_offered);
	assert_memory_equal(in.token + 24, server_challenge, 8);
	authd_result_free(&r);
	assert_int_equal(authd_login(f->a, 1, spnego_resp, sizeof(spnego_resp), &r),
			 AUTHD_STATUS_SUCCESS);
	assert_memory_equal(r.session_key, spnego_key, 16);
	assert_int_equal(authd_spnego_parse(r.blob, r.blob_len, &in), 0);
	assert_int_equal(in.neg_state, AUTHD_SPNEGO_ACCEPT_COMPLETED);
	assert_int_equal(in.mic_len, 16);
	assert_memory_equal(in.mic, spnego_server_mic, 16);
	authd_result_free(&r);

	/* A wrong mechListMIC fails the login. */
	assert_int_equal(authd_login(f->a, 1, spnego_init, sizeof(spnego_init), &r),
			 AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	authd_result_free(&r);
	assert_int_equal(authd_login(f->a, 1, spnego_resp_badmic, sizeof(spnego_resp_badmic),
				     &r), AUTHD_STATUS_LOGON_FAILURE);
	assert_non_null(strstr(f->last_log, "mechListMIC"));
	authd_result_free(&r);

	/* A NegTokenResp with no exchange under way, and an empty blob. */
	assert_int_equal(authd_login(f->a, 2, spnego_resp, sizeof(spnego_resp), &r),
			 AUTHD_STATUS_INVALID_PARAMETER);
	authd_result_free(&r);
	assert_int_equal(authd_login(f->a, 2, NULL, 0, &r), AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	assert_int_equal(r.blob[0], 0x60);
	authd_result_free(&r);
	/* logoff forgets an exchange in progress. */
	assert_int_equal(authd_login(f->a, 3, spnego_init, sizeof(spnego_init), &r),
			 AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	authd_result_free(&r);
	assert_int_equal(authd_pending(f->a), 1);
	authd_logoff(f->a, 3);
	assert_int_equal(authd_pending(f->a), 0);
}

/*
 * A Kerberos-first client (as a domain-joined Windows): the optimistic
 * token is not NTLMSSP, so authd asks for NTLMSSP's first token and then
 * insists on a mechListMIC (RFC 4178 5).
 */
static void test_spnego_krb5_first(void **state)
{
	static const uint8_t init[] = {
		0x60, 0x2c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02,
		0xa0, 0x22, 0x30, 0x20,
		0xa0, 0x19, 0x30, 0x17,
		0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02,
		0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a,
		0xa2, 0x03, 0x04, 0x01, 0x00,
	};
	struct fx *f = *state;
	struct authd_spnego_in in;
	struct authd_result r;
	uint8_t *b;
	size_t len;

	assert_int_equal(authd_spnego_parse(init, sizeof(init), &in), 0);
	assert_true(in.ntlmssp_offered);
	assert_false(in.ntlmssp_first);
	assert_int_equal(authd_login(f->a, 4, init, sizeof(init), &r),
			 AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	assert_int_equal(authd_spnego_parse(r.blob, r.blob_len, &in), 0);
	assert_int_equal(in.neg_state, AUTHD_SPNEGO_ACCEPT_INCOMPLETE);
	assert_true(in.ntlmssp_offered);	/* supportedMech */
	assert_null(in.token);
	authd_result_free(&r);

	b = authd_spnego_resp(NULL, AUTHD_SPNEGO_STATE_ABSENT, false, good_kx_type1,
			      sizeof(good_kx_type1), NULL, 0, &len);
	assert_int_equal(authd_login(f->a, 4, b, len, &r), AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	talloc_free(b);
	assert_int_equal(authd_spnego_parse(r.blob, r.blob_len, &in), 0);
	assert_memory_equal(in.token + 24, server_challenge, 8);
	authd_result_free(&r);

	b = authd_spnego_resp(NULL, AUTHD_SPNEGO_STATE_ABSENT, false, good_kx_type3,
			      sizeof(good_kx_type3), NULL, 0, &len);
	assert_int_equal(authd_login(f->a, 4, b, len, &r), AUTHD_STATUS_LOGON_FAILURE);
	talloc_free(b);
	assert_non_null(strstr(f->last_log, "mechListMIC required"));
	authd_result_free(&r);
	assert_int_equal(authd_pending(f->a), 0);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static size_t field(uint8_t *msg, size_t hdr, size_t off, const void *data, size_t len)
{
	put16(msg + hdr, (uint16_t)len);
	put16(msg + hdr + 2, (uint16_t)len);
	put32(msg + hdr + 4, (uint32_t)off);
	memcpy(msg + off, data, len);
	return off + len;
}

/*
 * An AUTHENTICATE with MsvAvFlags = MIC present, as Windows sends it: the
 * MIC is HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE).
 */
static size_t build_mic_auth(const uint8_t *chal, size_t chal_len, uint8_t *msg)
{
	static const uint8_t avs[] = { 6, 0, 4, 0, 2, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t nt[16], key[16], resp[16 + 28 + sizeof(avs) + 4], base[16], mic[16];
	uint8_t *u16, *d16, *w16;
	size_t ul, dl, wl, off = 88;
	struct authd_hmac_md5 h;

	memset(resp, 0, sizeof(resp));
	resp[16] = 1;
	resp[17] = 1;
	memset(resp + 16 + 16, 0xaa, 8);
	memcpy(resp + 16 + 28, avs, sizeof(avs));
	authd_nt_hash("Secret123!", nt);
	u16 = authd_utf8_to_utf16(NULL, "alice", &ul);
	d16 = authd_utf8_to_utf16(NULL, "WORKGROUP", &dl);
	w16 = authd_utf8_to_utf16(NULL, "WS", &wl);
	authd_ntowfv2(nt, u16, ul, d16, dl, key);
	authd_hmac_md5_init(&h, key, 16);
	authd_hmac_md5_update(&h, server_challenge, 8);
	authd_hmac_md5_update(&h, resp + 16, sizeof(resp) - 16);
	authd_hmac_md5_final(&h, resp);
	authd_hmac_md5(key, 16, resp, 16, base);

	memset(msg, 0, 512);
	memcpy(msg, "NTLMSSP\0\3\0\0\0", 12);
	off = field(msg, 12, off, "", 0);
	off = field(msg, 20, off, resp, sizeof(resp));
	off = field(msg, 28, off, d16, dl);
	off = field(msg, 36, off, u16, ul);
	off = field(msg, 44, off, w16, wl);
	put32(msg + 60, NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_NTLM |
			NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_128 |
			NTLMSSP_NEGOTIATE_VERSION | NTLMSSP_NEGOTIATE_TARGET_INFO);
	authd_hmac_md5_init(&h, base, 16);
	authd_hmac_md5_update(&h, good_nokx_type1, sizeof(good_nokx_type1));
	authd_hmac_md5_update(&h, chal, chal_len);
	authd_hmac_md5_update(&h, msg, off);
	authd_hmac_md5_final(&h, mic);
	memcpy(msg + 72, mic, 16);
	talloc_free(u16);
	talloc_free(d16);
	talloc_free(w16);
	return off;
}

static void test_mic(void **state)
{
	struct fx *f = *state;
	struct authd_result r;
	uint8_t msg[512], chal[512];
	size_t len, clen;

	assert_int_equal(authd_login(f->a, 5, good_nokx_type1, sizeof(good_nokx_type1), &r),
			 AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	clen = r.blob_len;
	memcpy(chal, r.blob, clen);
	authd_result_free(&r);
	len = build_mic_auth(chal, clen, msg);
	assert_int_equal(authd_login(f->a, 5, msg, len, &r), AUTHD_STATUS_SUCCESS);
	assert_string_equal(r.user, "alice");
	authd_result_free(&r);

	/* The same with one byte of the MIC changed. */
	assert_int_equal(authd_login(f->a, 5, good_nokx_type1, sizeof(good_nokx_type1), &r),
			 AUTHD_STATUS_MORE_PROCESSING_REQUIRED);
	authd_result_free(&r);
	msg[80] ^= 1;
	assert_int_equal(authd_login(f->a, 5, msg, len, &r), AUTHD_STATUS_LOGON_FAILURE);
	assert_non_null(strstr(f->last_log, "MIC"));
	authd_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ntlmv1_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spnego, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spnego_krb5_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mic, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
