// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srvsvc's pipe interface on stdin/stdout, for test_srvsvc_impacket.py:
 * impacket's DCE/RPC client runs over it as over an SMB pipe.
 *
 * Requests (little-endian): 'O' u32 len name (open; answer u32 status),
 * 'W' u32 len data (write; u32 status), 'R' u32 max (read; u32 status,
 * u32 len, data), 'C' (close; u32 status). EOF ends it.
 *
 *   srvsvc_driver [many]	"many": 300 extra shares, for fragmented replies
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <talloc.h>

#include "srvsvc/pipe.h"

static bool get(void *buf, size_t n)
{
	return fread(buf, 1, n, stdin) == n;
}

static void put32(uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	fwrite(b, 1, 4, stdout);
}

static bool get32(uint32_t *v)
{
	uint8_t b[4];

	if (!get(b, 4))
		return false;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return true;
}

static struct srvsvc *make(void *mem, bool many)
{
	static const struct srvsvc_share fixed[] = {
		{ "public", "Public files", "/srv/public", true, false },
		{ "hidden", "Not listed", "/srv/hidden", false, false },
		{ "data$", "", "/srv/data", true, true },
	};
	unsigned int n = 3 + (many ? 300 : 0), i;
	struct srvsvc_share *shares = talloc_zero_array(mem, struct srvsvc_share, n);
	struct srvsvc_config cfg = {
		.netbios_name = "TSMBTEST", .workgroup = "WORKGROUP",
		.server_string = "tsmb test server", .shares = shares, .nr_shares = n,
	};

	memcpy(shares, fixed, sizeof(fixed));
	for (i = 3; i < n; i++) {
		shares[i].name = talloc_asprintf(mem, "share%03u", i);
		shares[i].comment = talloc_asprintf(mem, "comment of share %u", i);
		shares[i].path = talloc_asprintf(mem, "/srv/many/%u", i);
		shares[i].browseable = true;
	}
	return srvsvc_new(mem, &cfg);
}

static bool serve(struct srvsvc *s, uint8_t *buf, size_t cap)
{
	const struct srvsvc_user user = { .user = "root", .domain = "TSMBTEST" };
	uint64_t id = 0;
	uint32_t len;
	size_t n;
	int cmd;

	while ((cmd = getchar()) != EOF) {
		switch (cmd) {
		case 'O':
		case 'W':
			if (!get32(&len) || len > cap || !get(buf, len))
				return false;
			if (cmd == 'O')
				put32(srvsvc_pipe_open(s, (char *)buf, len, 1, &user, &id));
			else
				put32(srvsvc_pipe_write(s, id, buf, len));
			break;
		case 'R':
			if (!get32(&len) || len > cap)
				return false;
			put32(srvsvc_pipe_read(s, id, buf, len, &n));
			put32((uint32_t)n);
			fwrite(buf, 1, n, stdout);
			break;
		case 'C':
			put32(srvsvc_pipe_close(s, id));
			break;
		default:
			return false;
		}
		fflush(stdout);
	}
	return true;
}

int main(int argc, char **argv)
{
	void *mem = talloc_new(NULL);
	struct srvsvc *s = make(mem, argc > 1 && !strcmp(argv[1], "many"));
	size_t cap = 1u << 20;
	uint8_t *buf = malloc(cap);
	bool ok;

	if (!s || !buf)
		return 1;
	ok = serve(s, buf, cap);
	srvsvc_free(s);
	talloc_free(mem);
	free(buf);
	return ok ? 0 : 1;
}
