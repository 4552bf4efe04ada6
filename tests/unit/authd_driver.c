// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A pipe to authd_login() for test_authd_samba.py: each input line is a
 * hex blob (empty: no blob) for one leg under handle 1; each output line is
 * "STATUS BLOB|- SESSIONKEY USER|- GUEST ANONYMOUS". The user database
 * is argv[1]; every user is uid 1000 (a fake Unix lookup).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <talloc.h>

#include "authd/login.h"

static int fake_unix(void *arg, void *mem_ctx, const char *name, struct authd_unix_id *out)
{
	out->uid = 1000;
	out->gid = 1000;
	out->gids = NULL;
	out->ngids = 0;
	return 0;
}

static void log_stderr(void *arg, int level, const char *msg)
{
	fprintf(stderr, "authd[%d]: %s\n", level, msg);
}

static void put_hex(const uint8_t *p, size_t n)
{
	size_t i;

	if (!n)
		putchar('-');
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

int main(int argc, char **argv)
{
	struct authd_config cfg = {
		.netbios_name = "TSMB", .domain = "WORKGROUP", .guest_account = "nobody",
		.guest_ok = true, .anonymous_ok = true, .log = log_stderr,
		.unix_lookup = fake_unix, .map_to_guest = AUTHD_MAP_TO_GUEST_BAD_USER,
	};
	static char line[1 << 17];
	static uint8_t blob[1 << 16];
	struct authd *a;

	if (argc != 2)
		return 2;
	cfg.userdb_path = argv[1];
	a = authd_new(NULL, &cfg);
	if (!a)
		return 1;
	while (fgets(line, sizeof(line), stdin)) {
		struct authd_result r;
		size_t n = strspn(line, "0123456789abcdef") / 2, i;

		for (i = 0; i < n && i < sizeof(blob); i++) {
			unsigned int v;

			sscanf(line + 2 * i, "%2x", &v);
			blob[i] = (uint8_t)v;
		}
		authd_login(a, 1, blob, i, &r);
		printf("%08x ", r.status);
		put_hex(r.blob, r.blob_len);
		putchar(' ');
		put_hex(r.session_key, 16);
		printf(" %s %d %d\n", r.user && *r.user ? r.user : "-", r.is_guest, r.is_anonymous);
		fflush(stdout);
		authd_result_free(&r);
	}
	authd_free(a);
	return 0;
}
