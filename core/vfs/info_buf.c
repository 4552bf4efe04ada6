// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/vfs/info_buf.h"

#include "core/lib/utf16.h"

static void unslash(uint8_t *p, size_t n)
{
	size_t i;

	/* a surrogate's halves are never 0x002F: unit-wise is safe */
	for (i = 0; i + 1 < n; i += 2)
		if (p[i] == '/' && p[i + 1] == 0)
			p[i] = '\\';
}

/* Longest run of whole characters from s[i], at most max bytes. */
static size_t chunk_end(const char *s, size_t len, size_t i, size_t max)
{
	size_t j = i + TSMB_MIN(max, len - i);

	while (j > i && j < len && ((uint8_t)s[j] & 0xc0) == 0x80)
		j--;
	return j > i ? j : TSMB_MIN(i + max, len);
}

int tsmb_ibuf_utf16(struct tsmb_ibuf *b, const char *s, size_t len, bool slashes)
{
	long need = tsmb_utf8_utf16_len(s, len);
	uint8_t tmp[64];
	size_t i, j, n;

	if (need < 0)
		return -1;
	if (b->off <= b->cap && (size_t)need <= b->cap - b->off) {
		if (tsmb_utf8_to_utf16(s, len, b->buf + b->off, (size_t)need, &n))
			return -1;
		if (slashes)
			unslash(b->buf + b->off, n);
		b->off += n;
		return 0;
	}
	/* cut short: convert in pieces so that the part that fits is exact */
	for (i = 0; i < len; i = j) {
		j = chunk_end(s, len, i, sizeof(tmp) / 2);
		if (tsmb_utf8_to_utf16(s + i, j - i, tmp, sizeof(tmp), &n))
			return -1;
		if (slashes)
			unslash(tmp, n);
		tsmb_ibuf_bytes(b, tmp, n);
	}
	return 0;
}
