// SPDX-License-Identifier: GPL-2.0-or-later
/* core/lib/addr.c: addresses in logs, IPv6 per RFC 5952. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/server.h"

static struct tsmb_sockaddr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
	struct tsmb_sockaddr s;

	memset(&s, 0, sizeof(s));
	s.family = TSMB_AF_INET;
	s.port = port;
	s.addr[0] = a;
	s.addr[1] = b;
	s.addr[2] = c;
	s.addr[3] = d;
	return s;
}

/* Eight groups in host order. */
static struct tsmb_sockaddr v6(const uint16_t g[8], uint32_t scope, uint16_t port)
{
	struct tsmb_sockaddr s;
	unsigned int i;

	memset(&s, 0, sizeof(s));
	s.family = TSMB_AF_INET6;
	s.port = port;
	s.scope_id = scope;
	for (i = 0; i < 8; i++) {
		s.addr[2 * i] = (uint8_t)(g[i] >> 8);
		s.addr[2 * i + 1] = (uint8_t)g[i];
	}
	return s;
}

static void check(const struct tsmb_sockaddr *a, const char *want)
{
	char buf[64];
	size_t n;

	memset(buf, 'X', sizeof(buf));
	n = tsmb_addr_format(a, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_ipv4(void **state)
{
	struct tsmb_sockaddr a = v4(192, 0, 2, 1, 445);

	check(&a, "192.0.2.1:445");
	a = v4(0, 0, 0, 0, 0);
	check(&a, "0.0.0.0:0");
	a = v4(255, 255, 255, 255, 65535);
	check(&a, "255.255.255.255:65535");
	a = v4(127, 0, 0, 1, 4450);
	check(&a, "127.0.0.1:4450");
}

static void test_ipv6_rfc5952(void **state)
{
	static const struct {
		uint16_t g[8];
		const char *want;
	} cases[] = {
		{ { 0x2001, 0xdb8, 0, 0, 0, 0, 0, 1 }, "[2001:db8::1]:445" },
		{ { 0, 0, 0, 0, 0, 0, 0, 0 }, "[::]:445" },
		{ { 0, 0, 0, 0, 0, 0, 0, 1 }, "[::1]:445" },
		{ { 1, 0, 0, 0, 0, 0, 0, 0 }, "[1::]:445" },
		/* a single zero group is not compressed (4.2.2) */
		{ { 0x2001, 0xdb8, 0, 1, 1, 1, 1, 1 }, "[2001:db8:0:1:1:1:1:1]:445" },
		/* the longest run is compressed (4.2.3) ... */
		{ { 0x2001, 0, 0, 1, 0, 0, 0, 1 }, "[2001:0:0:1::1]:445" },
		/* ... and of two equal runs, the first */
		{ { 0x2001, 0xdb8, 0, 0, 1, 0, 0, 1 }, "[2001:db8::1:0:0:1]:445" },
		/* lower case, no leading zeros (4.1, 4.3) */
		{ { 0x2001, 0x0DB8, 0xABCD, 0x00EF, 1, 2, 3, 4 },
		  "[2001:db8:abcd:ef:1:2:3:4]:445" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tsmb_sockaddr a = v6(cases[i].g, 0, 445);

		check(&a, cases[i].want);
	}
}

static void test_ipv6_scope(void **state)
{
	static const uint16_t ll[8] = { 0xfe80, 0, 0, 0, 0, 0, 0, 1 };
	struct tsmb_sockaddr a = v6(ll, 3, 445);

	check(&a, "[fe80::1%3]:445");
}

/* A short buffer gets a terminated prefix; the return is the full length. */
static void test_truncation(void **state)
{
	struct tsmb_sockaddr a = v4(192, 0, 2, 1, 445);
	char buf[8];
	size_t n;

	memset(buf, 'X', sizeof(buf));
	n = tsmb_addr_format(&a, buf, 5);
	assert_int_equal(n, strlen("192.0.2.1:445"));
	assert_string_equal(buf, "192.");
	assert_int_equal(buf[5], 'X');
	memset(buf, 'X', sizeof(buf));
	n = tsmb_addr_format(&a, buf, 0);
	assert_int_equal(n, strlen("192.0.2.1:445"));
	assert_int_equal(buf[0], 'X');
	n = tsmb_addr_format(&a, buf, 1);
	assert_int_equal(buf[0], '\0');
}

/* The longest form fits the 48 bytes connections keep for it. */
static void test_longest(void **state)
{
	static const uint16_t g[8] = { 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
				       0xffff, 0xffff };
	struct tsmb_sockaddr a = v6(g, 4294967295u, 65535);
	char buf[128];

	assert_true(tsmb_addr_format(&a, buf, sizeof(buf)) < TSMB_ADDR_STRLEN);
	assert_string_equal(buf, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6_rfc5952),
		cmocka_unit_test(test_ipv6_scope),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_longest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
