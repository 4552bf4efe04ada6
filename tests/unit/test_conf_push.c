// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the configuration tsmbd pushes into tsmb.ko
 * (user/conf_push.c): tsmb.conf in, an up-call CONFIG message out, checked
 * by decoding it with the module's own decoder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include <tsmb/os/errno.h>

#include "core/upcall/msg.h"
#include "user/conf.h"
#include "user/conf_push.h"

static void report(void *arg, bool error, const char *source, unsigned int line,
		   const char *msg)
{
	if (error)
		fail_msg("%s:%u: %s", source, line, msg);
}

static const struct tsmbd_conf_report rep = { report, NULL };

static struct tsmbd_conf *parse(void *ctx, const char *text)
{
	struct tsmbd_conf *conf = tsmbd_conf_parse(ctx, "test.conf", text, strlen(text), &rep);

	assert_non_null(conf);
	return conf;
}

static int setup(void **state)
{
	*state = talloc_new(NULL);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	talloc_free(*state);
	return 0;
}

/* Encodes conf and decodes the result with the module's decoder. */
static void push(void *ctx, const struct tsmbd_conf *conf, const uint8_t *guid,
		 struct tsmb_upcall_msg *m)
{
	const struct tsmbd_conf_push_opts o = { .req_id = 77, .server_guid = guid };
	uint8_t *buf;
	size_t len;

	assert_int_equal(tsmbd_conf_push_encode(conf, &o, ctx, &buf, &len), 0);
	assert_int_equal(tsmb_upcall_decode(buf, len, m), 0);
	assert_int_equal(m->type, TSMB_UPCALL_CONFIG);
	assert_false(tsmb_upcall_is_reply(m));
	assert_int_equal(m->req_id, 77);
	assert_int_equal(m->handle, 0);
}

static void assert_str(const struct tsmb_upcall_msg *m, unsigned int attr, const char *want)
{
	const char *s;
	size_t len;

	assert_int_equal(tsmb_upcall_get_str(m, attr, &s, &len), 0);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(s, want, len);
}

static uint32_t get_u32(const struct tsmb_upcall_msg *m, unsigned int attr)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(tsmb_upcall_get_u32(m, attr, &v), 0);
	return v;
}

static void test_globals(void **state)
{
	struct tsmbd_conf *conf = parse(*state,
		"[global]\n"
		"netbios name = fileserver\n"
		"workgroup = corp\n"
		"server string = Files of the third floor\n"
		"server signing = mandatory\n"
		"encrypt = desired\n"
		"max connections = 300\n"
		"listen = 127.0.0.1:445\n"
		"listen = [::1]:4445\n");
	struct tsmb_upcall_addr a[TSMB_UPCALL_LISTEN_MAX];
	struct tsmb_upcall_msg m;
	size_t n = 0;

	push(*state, conf, NULL, &m);
	assert_str(&m, TSMB_UPCALL_A_NETBIOS_NAME, "FILESERVER");
	assert_str(&m, TSMB_UPCALL_A_WORKGROUP, "CORP");
	assert_str(&m, TSMB_UPCALL_A_SERVER_STRING, "Files of the third floor");
	assert_int_equal(get_u32(&m, TSMB_UPCALL_A_GLOBAL_FLAGS),
			 TSMB_UPCALL_GLOBAL_SIGNING_REQ | TSMB_UPCALL_GLOBAL_ENCRYPT_DESIRED);
	assert_int_equal(get_u32(&m, TSMB_UPCALL_A_MAX_CONNECTIONS), 300);
	assert_false(tsmb_upcall_has(&m, TSMB_UPCALL_A_SERVER_GUID));
	assert_int_equal(m.nr_shares, 0);

	assert_int_equal(tsmb_upcall_get_addrs(&m, TSMB_UPCALL_A_LISTEN, a, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(a[0].family, TSMB_AF_INET);
	assert_int_equal(a[0].port, 445);
	assert_memory_equal(a[0].addr, "\x7f\0\0\x01", 4);
	assert_int_equal(a[1].family, TSMB_AF_INET6);
	assert_int_equal(a[1].port, 4445);
	assert_memory_equal(a[1].addr, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
}

static void test_defaults(void **state)
{
	struct tsmbd_conf *conf = parse(*state, "[global]\nencrypt = required\n");
	struct tsmb_upcall_msg m;
	static const uint8_t guid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	const uint8_t *p;
	size_t len;

	push(*state, conf, guid, &m);
	assert_str(&m, TSMB_UPCALL_A_WORKGROUP, "WORKGROUP");
	assert_int_equal(get_u32(&m, TSMB_UPCALL_A_GLOBAL_FLAGS), TSMB_UPCALL_GLOBAL_ENCRYPT);
	assert_int_equal(get_u32(&m, TSMB_UPCALL_A_MAX_CONNECTIONS), 0);
	assert_true(tsmb_upcall_has(&m, TSMB_UPCALL_A_LISTEN));
	assert_int_equal(tsmb_upcall_get_bytes(&m, TSMB_UPCALL_A_SERVER_GUID, &p, &len), 0);
	assert_int_equal(len, 16);
	assert_memory_equal(p, guid, 16);
}

static void test_shares(void **state)
{
	struct tsmbd_conf *conf = parse(*state,
		"[global]\n"
		"encrypt = desired\n"
		"[public]\n"
		"path = /srv/public\n"
		"guest ok = yes\n"
		"comment = For everyone\n"
		"[Secret]\n"
		"path = /srv/secret\n"
		"read only = no\n"
		"browseable = no\n"
		"encrypt = required\n"
		"valid users = alice\n"
		"[plain]\n"
		"path = /srv/plain\n"
		"encrypt = off\n");
	struct tsmb_upcall_msg m, sh;
	size_t pos = 0;

	push(*state, conf, NULL, &m);
	assert_int_equal(m.nr_shares, 3);

	assert_true(tsmb_upcall_next_share(&m, &pos, &sh));
	assert_str(&sh, TSMB_UPCALL_A_SHARE_NAME, "public");
	assert_str(&sh, TSMB_UPCALL_A_SHARE_PATH, "/srv/public");
	assert_str(&sh, TSMB_UPCALL_A_SHARE_COMMENT, "For everyone");
	assert_int_equal(get_u32(&sh, TSMB_UPCALL_A_SHARE_FLAGS),
			 TSMB_UPCALL_SHARE_READ_ONLY | TSMB_UPCALL_SHARE_GUEST_OK |
			 TSMB_UPCALL_SHARE_BROWSEABLE | TSMB_UPCALL_SHARE_ENCRYPT_DESIRED);

	assert_true(tsmb_upcall_next_share(&m, &pos, &sh));
	assert_str(&sh, TSMB_UPCALL_A_SHARE_NAME, "Secret");
	assert_str(&sh, TSMB_UPCALL_A_SHARE_PATH, "/srv/secret");
	/* No comment in the file: none in the message. */
	assert_false(tsmb_upcall_has(&sh, TSMB_UPCALL_A_SHARE_COMMENT));
	assert_int_equal(get_u32(&sh, TSMB_UPCALL_A_SHARE_FLAGS), TSMB_UPCALL_SHARE_ENCRYPT);

	assert_true(tsmb_upcall_next_share(&m, &pos, &sh));
	assert_str(&sh, TSMB_UPCALL_A_SHARE_NAME, "plain");
	assert_int_equal(get_u32(&sh, TSMB_UPCALL_A_SHARE_FLAGS),
			 TSMB_UPCALL_SHARE_READ_ONLY | TSMB_UPCALL_SHARE_BROWSEABLE);

	assert_false(tsmb_upcall_next_share(&m, &pos, &sh));
}

/* A comment past the ABI's bound is cut on a character, not refused. */
static void test_long_text(void **state)
{
	char text[1024], comment[400];
	struct tsmbd_conf *conf;
	struct tsmb_upcall_msg m, sh;
	const char *s;
	size_t pos = 0, len, i;

	/* "é" (2 bytes) repeated: byte 256 falls in the middle of one. */
	comment[0] = 'x';
	for (i = 1; i + 2 < sizeof(comment) - 1; i += 2)
		memcpy(comment + i, "\xc3\xa9", 2);
	comment[i] = '\0';
	snprintf(text, sizeof(text), "[s]\npath = /srv/s\ncomment = %s\n", comment);
	conf = parse(*state, text);
	push(*state, conf, NULL, &m);
	assert_true(tsmb_upcall_next_share(&m, &pos, &sh));
	assert_int_equal(tsmb_upcall_get_str(&sh, TSMB_UPCALL_A_SHARE_COMMENT, &s, &len), 0);
	assert_int_equal(len, TSMB_UPCALL_NAME_MAX - 1);
	assert_memory_equal(s, comment, len);
}

/* Enough shares to need more than the first buffer, and more than the ABI allows. */
static void test_many_shares(void **state)
{
	size_t cap = (TSMB_UPCALL_SHARES_MAX + 1) * 64, off = 0;
	char *text = talloc_size(*state, cap);
	const struct tsmbd_conf_push_opts o = { .req_id = 1 };
	struct tsmbd_conf *conf;
	struct tsmb_upcall_msg m;
	uint8_t *buf;
	size_t len;
	unsigned int i;

	assert_non_null(text);
	for (i = 0; i < TSMB_UPCALL_SHARES_MAX; i++)
		off += (size_t)snprintf(text + off, cap - off, "[share%u]\npath = /srv/%u\n", i, i);
	conf = parse(*state, text);
	push(*state, conf, NULL, &m);
	assert_int_equal(m.nr_shares, TSMB_UPCALL_SHARES_MAX);

	snprintf(text + off, cap - off, "[one_more]\npath = /srv/x\n");
	conf = parse(*state, text);
	assert_int_equal(tsmbd_conf_push_encode(conf, &o, *state, &buf, &len), -TSMB_E2BIG);
	assert_null(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_globals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shares, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_shares, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
