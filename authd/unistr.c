// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <string.h>

#include <talloc.h>

#include "authd/unistr.h"

char *authd_utf16_to_utf8(void *mem_ctx, const uint8_t *in, size_t len)
{
	char *out, *p;
	size_t i;

	if (len & 1)
		return NULL;
	/* Each UTF-16 unit becomes at most 3 bytes (a pair: 4 bytes for 2 units). */
	out = talloc_array(mem_ctx, char, len / 2 * 3 + 1);
	if (!out)
		return NULL;
	p = out;
	for (i = 0; i < len; i += 2) {
		uint32_t c = (uint32_t)in[i] | (uint32_t)in[i + 1] << 8;

		if (c >= 0xD800 && c <= 0xDBFF) {
			uint32_t lo;

			if (i + 4 > len)
				goto bad;
			lo = (uint32_t)in[i + 2] | (uint32_t)in[i + 3] << 8;
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if ((c >= 0xDC00 && c <= 0xDFFF) || c == 0) {
			goto bad;
		}
		if (c < 0x80) {
			*p++ = (char)c;
		} else if (c < 0x800) {
			*p++ = (char)(0xC0 | c >> 6);
			*p++ = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			*p++ = (char)(0xE0 | c >> 12);
			*p++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*p++ = (char)(0x80 | (c & 0x3F));
		} else {
			*p++ = (char)(0xF0 | c >> 18);
			*p++ = (char)(0x80 | ((c >> 12) & 0x3F));
			*p++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*p++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*p = '\0';
	return out;
bad:
	talloc_free(out);
	return NULL;
}

/* One code point from UTF-8; 0 at the end, -1 on malformed input. */
static int utf8_next(const unsigned char **pp, uint32_t *cp)
{
	const unsigned char *p = *pp;
	uint32_t c = *p, min;
	int n, k;

	if (!c)
		return 0;
	if (c < 0x80) {
		n = 0;
		min = 0;
	} else if ((c & 0xE0) == 0xC0) {
		n = 1;
		c &= 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2;
		c &= 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	for (k = 1; k <= n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (p[k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*pp = p + n + 1;
	*cp = c;
	return 1;
}

uint8_t *authd_utf8_to_utf16(void *mem_ctx, const char *in, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)in;
	uint8_t *out = talloc_array(mem_ctx, uint8_t, strlen(in) * 2 + 2);
	size_t n = 0;
	uint32_t c;
	int r;

	if (!out)
		return NULL;
	while ((r = utf8_next(&p, &c)) > 0) {
		if (c >= 0x10000) {
			uint32_t v = c - 0x10000, hi = 0xD800 | v >> 10, lo = 0xDC00 | (v & 0x3FF);

			out[n++] = (uint8_t)hi;
			out[n++] = (uint8_t)(hi >> 8);
			c = lo;
		}
		out[n++] = (uint8_t)c;
		out[n++] = (uint8_t)(c >> 8);
	}
	if (r < 0) {
		talloc_free(out);
		return NULL;
	}
	*outlen = n;
	return out;
}

uint8_t *authd_latin1_to_utf16(void *mem_ctx, const uint8_t *in, size_t len, size_t *outlen)
{
	uint8_t *out = talloc_array(mem_ctx, uint8_t, len * 2 + 2);
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		out[2 * i] = in[i];
		out[2 * i + 1] = 0;
	}
	*outlen = len * 2;
	return out;
}

static uint16_t upper16(uint16_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 0x20;
	if (c < 0xE0)
		return c;
	if (c <= 0xFE)
		return c == 0xF7 ? c : c - 0x20;
	if (c == 0xFF)
		return 0x178;
	/* Latin Extended-A: upper/lower pairs, except the few that shift. */
	if (c >= 0x100 && c <= 0x137)
		return c & ~1u;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c : c - 1;
	if (c >= 0x14A && c <= 0x177)
		return c & ~1u;
	if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2)
		return c - 0x20;
	if (c >= 0x430 && c <= 0x44F)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45F)
		return c - 0x50;
	return c;
}

void authd_utf16_upper(uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		uint16_t c = upper16((uint16_t)(buf[i] | buf[i + 1] << 8));

		buf[i] = (uint8_t)c;
		buf[i + 1] = (uint8_t)(c >> 8);
	}
}
