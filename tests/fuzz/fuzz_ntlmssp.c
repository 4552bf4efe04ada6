// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * authd's NTLMSSP server: the first byte picks the message the rest is fed
 * as (NEGOTIATE, or AUTHENTICATE after a fixed NEGOTIATE), then the same
 * bytes go through authd_login() raw, as a first and a second leg.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <talloc.h>

#include "authd/login.h"
#include "authd/ntlmssp.h"
#include "authd/status.h"

static const uint8_t negotiate[] = {
	'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 0x35, 0x82, 0x88, 0xe0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static int lookup(void *arg, const char *user, uint8_t nt_hash[16], const char **why)
{
	if (strcmp(user, "alice"))
		return -2;
	memset(nt_hash, 0x11, 16);
	return 0;
}

static int fake_unix(void *arg, void *mem_ctx, const char *name, struct authd_unix_id *out)
{
	out->uid = 1000;
	out->gid = 1000;
	out->gids = NULL;
	out->ngids = 0;
	return 0;
}

static void direct(const uint8_t *data, size_t size)
{
	static const struct authd_ntlmssp_names names = { "TSMB", "WORKGROUP", "tsmb",
							  "workgroup" };
	static const uint8_t chal[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct authd_ntlmssp *st = authd_ntlmssp_new(NULL);
	uint8_t *out = NULL, sig[16];
	size_t outlen = 0;

	if (!st)
		return;
	if (size && data[0] & 1) {
		authd_ntlmssp_negotiate(st, data + 1, size - 1, &names, chal, 0, st, &out, &outlen);
	} else if (authd_ntlmssp_negotiate(st, negotiate, sizeof(negotiate), &names, chal, 0, st,
					   &out, &outlen) == AUTHD_STATUS_SUCCESS) {
		if (authd_ntlmssp_authenticate(st, data + (size ? 1 : 0), size ? size - 1 : 0,
					       &names, lookup, NULL) == AUTHD_STATUS_SUCCESS &&
		    st->outcome == AUTHD_NTLMSSP_OK) {
			authd_ntlmssp_sign(st, data, size, sig);
			authd_ntlmssp_check(st, data, size, sig, sizeof(sig));
		}
	}
	talloc_free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct authd *a;
	struct authd_result r;

	if (!a) {
		struct authd_config cfg = {
			.netbios_name = "TSMB", .domain = "WORKGROUP",
			.userdb_path = "/nonexistent/tsmb-fuzz-passdb", .guest_account = "nobody",
			.guest_ok = true, .anonymous_ok = true,
			.map_to_guest = AUTHD_MAP_TO_GUEST_BAD_USER, .unix_lookup = fake_unix,
		};

		a = authd_new(NULL, &cfg);
		if (!a)
			return 0;
	}
	direct(data, size);
	authd_login(a, 1, data, size, &r);
	authd_result_free(&r);
	authd_logoff(a, 1);
	authd_login(a, 2, negotiate, sizeof(negotiate), &r);
	authd_result_free(&r);
	authd_login(a, 2, data, size, &r);
	authd_result_free(&r);
	authd_logoff(a, 2);
	return 0;
}
