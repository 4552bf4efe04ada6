// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/upcall/msg.c: decode any bytes as an up-call message (what a
 * service, or in the kernel the netlink reply path, receives). What
 * decodes is read through every accessor, its shares are walked, and it is
 * re-encoded from the decoded values: the encoder must accept it, and the
 * result must decode to the same values.
 *
 * The seeds in corpus/fuzz_upcall are one request and one reply of each
 * message type, written with the codec's encoder, plus near misses.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tsmb/os/errno.h>

#include "core/upcall/msg.h"
#include "fuzz_common.h"

static uint8_t out[TSMB_UPCALL_MSG_MAX];

/* Copies attribute attr of m into e, by whichever kind it has. */
static void copy_attr(struct tsmb_upcall_enc *e, const struct tsmb_upcall_msg *m,
		      unsigned int attr)
{
	uint32_t gids[TSMB_UPCALL_GIDS_MAX];
	struct tsmb_upcall_addr a;
	const uint8_t *p;
	const char *s;
	uint32_t v32;
	uint64_t v64;
	size_t n;

	if (!tsmb_upcall_get_u32(m, attr, &v32)) {
		tsmb_upcall_put_u32(e, attr, v32);
	} else if (!tsmb_upcall_get_u64(m, attr, &v64)) {
		tsmb_upcall_put_u64(e, attr, v64);
	} else if (!tsmb_upcall_get_bytes(m, attr, &p, &n)) {
		tsmb_upcall_put_bytes(e, attr, p, n);
	} else if (!tsmb_upcall_get_str(m, attr, &s, &n)) {
		FUZZ_ASSERT(n == 0 || memchr(s, 0, n) == NULL);
		tsmb_upcall_put_str(e, attr, s, n);
	} else if (!tsmb_upcall_get_u32_array(m, attr, gids, TSMB_UPCALL_GIDS_MAX, &n)) {
		FUZZ_ASSERT(n <= TSMB_UPCALL_GIDS_MAX);
		tsmb_upcall_put_u32_array(e, attr, gids, n);
	} else if (!tsmb_upcall_get_addr(m, attr, &a)) {
		tsmb_upcall_put_addr(e, attr, &a);
	} else {
		FUZZ_ASSERT(attr == TSMB_UPCALL_A_SHARE);
	}
}

static void copy_all(struct tsmb_upcall_enc *e, const struct tsmb_upcall_msg *m)
{
	unsigned int attr;

	for (attr = 1; attr <= TSMB_UPCALL_A_MAX; attr++)
		if (tsmb_upcall_has(m, attr))
			copy_attr(e, m, attr);
}

/* The attributes of a and b are the same (shares aside). */
static void same(const struct tsmb_upcall_msg *a, const struct tsmb_upcall_msg *b)
{
	unsigned int attr;

	FUZZ_ASSERT(a->present == b->present);
	for (attr = 1; attr <= TSMB_UPCALL_A_MAX; attr++) {
		if (!tsmb_upcall_has(a, attr) || attr == TSMB_UPCALL_A_SHARE)
			continue;
		FUZZ_ASSERT(a->a[attr].len == b->a[attr].len);
		FUZZ_ASSERT(memcmp(a->buf + a->a[attr].off, b->buf + b->a[attr].off,
				   a->a[attr].len) == 0);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_upcall_msg m, m2, s1, s2;
	struct tsmb_upcall_enc e;
	size_t len, pos1 = 0, pos2 = 0;
	unsigned int shares = 0;

	if (tsmb_upcall_decode(data, size, &m))
		return 0;
	FUZZ_ASSERT(size >= TSMB_UPCALL_HDR_SIZE && size <= TSMB_UPCALL_MSG_MAX);
	FUZZ_ASSERT(tsmb_upcall_decode_reply(data, size, m.type, m.req_id, m.handle, &m2) ==
		    (tsmb_upcall_is_reply(&m) ? 0 : -TSMB_EPROTO));
	(void)tsmb_upcall_type_name(m.type);
	(void)tsmb_upcall_timeout_ms(m.type);

	tsmb_upcall_enc_begin(&e, out, sizeof(out), m.type, m.flags, m.req_id, m.handle);
	copy_all(&e, &m);
	while (tsmb_upcall_next_share(&m, &pos1, &s1)) {
		tsmb_upcall_share_begin(&e);
		copy_all(&e, &s1);
		tsmb_upcall_share_end(&e);
		shares++;
	}
	FUZZ_ASSERT(shares == m.nr_shares);
	FUZZ_ASSERT(tsmb_upcall_enc_end(&e, &len) == 0);
	FUZZ_ASSERT(len <= size);
	FUZZ_ASSERT(tsmb_upcall_decode(out, len, &m2) == 0);
	FUZZ_ASSERT(m2.type == m.type && m2.flags == m.flags && m2.req_id == m.req_id &&
		    m2.handle == m.handle && m2.nr_shares == m.nr_shares);
	same(&m, &m2);
	pos1 = 0;
	while (tsmb_upcall_next_share(&m, &pos1, &s1)) {
		FUZZ_ASSERT(tsmb_upcall_next_share(&m2, &pos2, &s2));
		same(&s1, &s2);
	}
	return 0;
}
