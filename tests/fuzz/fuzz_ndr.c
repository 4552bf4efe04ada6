// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * srvsvc's stub decoders: the input is one operation's request stub on a
 * bound pipe, and the NDR primitives run over the same bytes.
 *
 * data[0]: the interface (srvsvc, wkssvc, lsarpc) and whether a policy
 * handle is opened first; data[1]: the opnum; the rest is the stub. A
 * fresh service each time makes the first policy handle predictable
 * (00000000 01000000 00000000 01000000 00000000), so seeds can use it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <talloc.h>

#include "tsmb_test.h"
#include "srvsvc/ndr.h"
#include "srvsvc/pipe.h"
#include "srvsvc/sid.h"
#include "srvsvc/srvsvc.h"

#define STATUS_BUFFER_OVERFLOW	0x80000005u
#define FRAG			4000

static const uint8_t ifaces[3][20] = {
	{ 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01, 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e,
	  0xe1, 0x88, 3, 0, 0, 0 },
	{ 0x98, 0xd0, 0xff, 0x6b, 0x12, 0xa1, 0x10, 0x36, 0x98, 0x33, 0x46, 0xc3, 0xf8, 0x7e,
	  0x34, 0x5a, 1, 0, 0, 0 },
	{ 0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67,
	  0x89, 0xab, 0, 0, 0, 0 },
};
static const uint8_t ndr20[20] = {
	0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10,
	0x48, 0x60, 2, 0, 0, 0 };

static void hdr(uint8_t *b, uint8_t ptype, uint8_t flags, size_t len, uint32_t call_id)
{
	static const uint8_t h[8] = { 5, 0, 0, 0, 0x10, 0, 0, 0 };

	memcpy(b, h, 8);
	b[2] = ptype;
	b[3] = flags;
	t_put16(b + 8, (uint16_t)len);
	t_put16(b + 10, 0);
	t_put32(b + 12, call_id);
}

static void drain(struct srvsvc *s, uint64_t id, uint8_t *buf)
{
	size_t n;
	uint32_t st;

	do {
		st = srvsvc_pipe_read(s, id, buf, 4280, &n);
	} while (st == 0 || st == STATUS_BUFFER_OVERFLOW);
}

/* One call, its stub cut into FRAG-byte fragments. */
static void request(struct srvsvc *s, uint64_t id, uint16_t opnum, const uint8_t *stub,
		    size_t len, uint32_t call_id, uint8_t *buf)
{
	size_t off = 0;

	do {
		size_t n = len - off < FRAG ? len - off : FRAG;

		hdr(buf, 0, (off ? 0 : 1) | (off + n == len ? 2 : 0), 24 + n, call_id);
		t_put32(buf + 16, (uint32_t)(len - off));
		t_put16(buf + 20, 0);
		t_put16(buf + 22, opnum);
		memcpy(buf + 24, stub + off, n);
		srvsvc_pipe_write(s, id, buf, 24 + n);
		drain(s, id, buf);
		off += n;
	} while (off < len);
}

static void primitives(const uint8_t *data, size_t size)
{
	static const uint32_t levels[] = { 0, 1, 2, 501, 502, 1005, 100, 101, 102 };
	void *mem = talloc_new(NULL);
	union ndr_val v[64];
	struct srvsvc_sid sid;
	struct ndr_pull p;
	unsigned int i;

	for (i = 0; i < 9; i++) {
		const char *layout = i < 6 ? srvsvc_share_layout(levels[i])
					   : srvsvc_server_layout(levels[i]);

		ndr_pull_init(&p, mem, data, size);
		ndr_pull_records(&p, layout, v, 64 / (uint32_t)strlen(layout));
	}
	ndr_pull_init(&p, mem, data, size);
	while (!p.err && p.off < p.len) {
		uint16_t len, max;

		ndr_pull_cvstring(&p);
		ndr_pull_sid(&p, &sid);
		len = ndr_pull_u16(&p);
		max = ndr_pull_u16(&p);
		ndr_pull_ustring_body(&p, len, max);
	}
	talloc_free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "srvsvc", "wkssvc", "lsarpc" };
	static const uint8_t open_policy2[] = {
		0, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
	static uint8_t buf[24 + FRAG];
	void *mem = talloc_new(NULL);
	const struct srvsvc_share share = { "public", "", "/srv/public", true, false };
	const struct srvsvc_config cfg = {
		.netbios_name = "FUZZ", .workgroup = "WORKGROUP", .server_string = "fuzz",
		.shares = &share, .nr_shares = 1,
	};
	struct srvsvc *s = srvsvc_new(mem, &cfg);
	unsigned int which;
	uint64_t id;

	if (!s || size < 2)
		goto out;
	primitives(data + 2, size - 2);
	which = data[0] % 3;
	if (srvsvc_pipe_open(s, names[which], strlen(names[which]), 1, NULL, &id))
		goto out;
	hdr(buf, 11, 3, 72, 1);
	t_put16(buf + 16, 4280);
	t_put16(buf + 18, 4280);
	t_put32(buf + 20, 0);
	t_put32(buf + 24, 1);
	t_put16(buf + 28, 0);
	t_put16(buf + 30, 1);
	memcpy(buf + 32, ifaces[which], 20);
	memcpy(buf + 52, ndr20, 20);
	srvsvc_pipe_write(s, id, buf, 72);
	drain(s, id, buf);
	if (which == 2 && (data[0] & 0x80))
		request(s, id, 44, open_policy2, sizeof(open_policy2), 2, buf);
	request(s, id, data[1], data + 2, size - 2, 3, buf);
out:
	srvsvc_free(s);
	talloc_free(mem);
	return 0;
}
