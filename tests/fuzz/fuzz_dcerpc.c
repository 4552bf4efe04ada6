// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srvsvc's byte stream: a fresh service and pipe per input, the input
 * written in chunks and every answer read back, as the SMB core would.
 *
 * data[0]: bits 0-1 the pipe (srvsvc, wkssvc, lsarpc, and an unknown
 * name), bit 2 a named user instead of anonymous, bits 3-7 the write size
 * (31: the rest at once, else 1 + 37 * n bytes); the rest is the stream.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <talloc.h>

#include "srvsvc/pipe.h"

#define STATUS_BUFFER_OVERFLOW	0x80000005u
#define STATUS_PIPE_BUSY	0xC00000AEu

static struct srvsvc *service(void *mem)
{
	static const struct srvsvc_share shares[] = {
		{ "public", "Public files", "/srv/public", true, false },
		{ "hidden", "", "/srv/hidden", false, true },
		{ "admin$", "Remote admin", "/", true, false },
	};
	const struct srvsvc_config cfg = {
		.netbios_name = "FUZZ", .workgroup = "WORKGROUP", .server_string = "fuzz",
		.shares = shares, .nr_shares = 3,
	};

	return srvsvc_new(mem, &cfg);
}

/* Reads until nothing is queued, with read sizes that cut PDUs in odd places. */
static void drain(struct srvsvc *s, uint64_t id, uint8_t *buf)
{
	static const size_t sizes[] = { 4280, 7, 100, 1 };
	unsigned int i = 0, reads = 0;
	size_t n;
	uint32_t st;

	do {
		st = srvsvc_pipe_read(s, id, buf, sizes[i++ & 3], &n);
	} while ((st == 0 || st == STATUS_BUFFER_OVERFLOW) && ++reads < 100000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "srvsvc", "\\PIPE\\wkssvc", "lsarpc", "spoolss" };
	static uint8_t buf[4280];
	const struct srvsvc_user user = { .user = "root", .domain = "FUZZ" };
	void *mem = talloc_new(NULL);
	struct srvsvc *s = service(mem);
	size_t chunk, off = 0, n;
	uint64_t id;
	uint8_t sel;

	if (!s || !size)
		goto out;
	sel = data[0];
	data++;
	size--;
	chunk = (sel >> 3) == 31 ? size : 1 + 37 * (size_t)(sel >> 3);
	if (srvsvc_pipe_open(s, names[sel & 3], strlen(names[sel & 3]), 1,
			     sel & 4 ? &user : NULL, &id))
		goto out;
	while (off < size) {
		n = size - off < chunk ? size - off : chunk;
		if (srvsvc_pipe_write(s, id, data + off, n) == STATUS_PIPE_BUSY) {
			drain(s, id, buf);
			srvsvc_pipe_write(s, id, data + off, n);
		}
		drain(s, id, buf);
		off += n;
	}
	srvsvc_pipe_transceive(s, id, data, size, buf, sizeof(buf), &n);
	/* left open on purpose: srvsvc_free() frees what a pipe holds */
out:
	srvsvc_free(s);
	talloc_free(mem);
	return 0;
}
