// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/lib/utf16.h"

#include <tsmb/os/errno.h>

#include "core/lib/cursor.h"

/* Next code point of UTF-16LE, or -1 for an unpaired surrogate. */
static long next_utf16(const uint8_t *in, size_t len, size_t *i)
{
	uint32_t c = tsmb_get_le16(in + *i), d;

	*i += 2;
	if (c < 0xd800 || c > 0xdfff)
		return c;
	if (c > 0xdbff || *i + 2 > len)
		return -1;
	d = tsmb_get_le16(in + *i);
	if (d < 0xdc00 || d > 0xdfff)
		return -1;
	*i += 2;
	return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
}

int tsmb_utf16_to_utf8(const uint8_t *in, size_t in_len, char *out, size_t cap,
		       size_t *out_len)
{
	size_t i = 0, o = 0;

	if (in_len & 1)
		return -TSMB_EINVAL;
	while (i < in_len) {
		long c = next_utf16(in, in_len, &i);
		uint8_t b[4];
		unsigned int n, k;

		if (c <= 0)
			return -TSMB_EINVAL;
		if (c < 0x80) {
			b[0] = (uint8_t)c;
			n = 1;
		} else if (c < 0x800) {
			b[0] = 0xc0 | (c >> 6);
			b[1] = 0x80 | (c & 0x3f);
			n = 2;
		} else if (c < 0x10000) {
			b[0] = 0xe0 | (c >> 12);
			b[1] = 0x80 | ((c >> 6) & 0x3f);
			b[2] = 0x80 | (c & 0x3f);
			n = 3;
		} else {
			b[0] = 0xf0 | (c >> 18);
			b[1] = 0x80 | ((c >> 12) & 0x3f);
			b[2] = 0x80 | ((c >> 6) & 0x3f);
			b[3] = 0x80 | (c & 0x3f);
			n = 4;
		}
		if (o + n >= cap)
			return -TSMB_ENAMETOOLONG;
		for (k = 0; k < n; k++)
			out[o++] = (char)b[k];
	}
	if (o >= cap)
		return -TSMB_ENAMETOOLONG;
	out[o] = '\0';
	*out_len = o;
	return 0;
}

/* Next code point of UTF-8, or -1 when malformed, overlong or a surrogate. */
static long next_utf8(const uint8_t *in, size_t len, size_t *i)
{
	uint32_t c = in[*i], min;
	unsigned int n, k;

	if (c < 0x80) {
		*i += 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 1;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (len - *i <= n)
		return -1;
	for (k = 1; k <= n; k++) {
		uint8_t b = in[*i + k];

		if ((b & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (b & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*i += n + 1;
	return c;
}

long tsmb_utf8_utf16_len(const char *in, size_t len)
{
	size_t i = 0;
	long n = 0;

	while (i < len) {
		long c = next_utf8((const uint8_t *)in, len, &i);

		if (c < 0)
			return -1;
		n += c >= 0x10000 ? 4 : 2;
	}
	return n;
}

int tsmb_utf8_to_utf16(const char *in, size_t len, uint8_t *out, size_t cap,
		       size_t *out_len)
{
	size_t i = 0, o = 0;

	while (i < len) {
		long c = next_utf8((const uint8_t *)in, len, &i);

		if (c < 0)
			return -TSMB_EINVAL;
		if (c >= 0x10000) {
			if (o + 4 > cap)
				return -TSMB_ENAMETOOLONG;
			c -= 0x10000;
			tsmb_put_le16(out + o, (uint16_t)(0xd800 + (c >> 10)));
			tsmb_put_le16(out + o + 2, (uint16_t)(0xdc00 + (c & 0x3ff)));
			o += 4;
		} else {
			if (o + 2 > cap)
				return -TSMB_ENAMETOOLONG;
			tsmb_put_le16(out + o, (uint16_t)c);
			o += 2;
		}
	}
	*out_len = o;
	return 0;
}

static char fold(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

bool tsmb_name_equal_ci(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++)
		if (fold(a[i]) != fold(b[i]))
			return false;
	return true;
}
