// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Address formatting lives in core/ because printf's and printk's address
 * conversions differ; logs should read the same in both formats.
 */
#include "core/server.h"

static size_t put_str(char *buf, size_t len, size_t off, const char *s)
{
	while (*s) {
		if (off + 1 < len)
			buf[off] = *s;
		off++;
		s++;
	}
	return off;
}

static size_t put_uint(char *buf, size_t len, size_t off, uint32_t v, unsigned int base)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v && n < (int)sizeof(tmp));
	while (n > 0) {
		if (off + 1 < len)
			buf[off] = tmp[n - 1];
		off++;
		n--;
	}
	return off;
}

/* RFC 5952: compress the longest run (>= 2) of zero groups with "::". */
static size_t put_ipv6(char *buf, size_t len, size_t off, const uint8_t *a)
{
	int best = -1, best_len = 0, run = -1, run_len = 0, i;

	for (i = 0; i < 8; i++) {
		if (!a[2 * i] && !a[2 * i + 1]) {
			if (run < 0) {
				run = i;
				run_len = 0;
			}
			if (++run_len > best_len) {
				best = run;
				best_len = run_len;
			}
		} else {
			run = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (i == best) {
			off = put_str(buf, len, off, "::");
			i += best_len - 1;
			continue;
		}
		if (i && i != best + best_len)
			off = put_str(buf, len, off, ":");
		off = put_uint(buf, len, off, ((uint32_t)a[2 * i] << 8) | a[2 * i + 1], 16);
	}
	return off;
}

size_t tsmb_addr_format(const struct tsmb_sockaddr *a, char *buf, size_t len)
{
	size_t off = 0;
	int i;

	if (a->family == TSMB_AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i)
				off = put_str(buf, len, off, ".");
			off = put_uint(buf, len, off, a->addr[i], 10);
		}
	} else {
		off = put_str(buf, len, off, "[");
		off = put_ipv6(buf, len, off, a->addr);
		if (a->scope_id) {
			off = put_str(buf, len, off, "%");
			off = put_uint(buf, len, off, a->scope_id, 10);
		}
		off = put_str(buf, len, off, "]");
	}
	off = put_str(buf, len, off, ":");
	off = put_uint(buf, len, off, a->port, 10);
	if (len)
		buf[off < len ? off : len - 1] = '\0';
	return off;
}
