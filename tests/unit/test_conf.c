// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for tsmbd's tsmb.conf parser (user/conf*.c): what it accepts,
 * the defaults it fills in, and every error with the line it names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "user/conf.h"

#include <tsmb/os/log.h>

/* Every diagnostic, one per line: "E:12: message" or "W:3: message". */
struct diag {
	char text[16384];
	size_t len;
	unsigned int errors;
	unsigned int warnings;
};

static void collect(void *arg, bool error, const char *source, unsigned int line,
		    const char *msg)
{
	struct diag *d = arg;
	int n;

	if (error)
		d->errors++;
	else
		d->warnings++;
	n = snprintf(d->text + d->len, sizeof(d->text) - d->len, "%c:%u: %s\n",
		     error ? 'E' : 'W', line, msg);
	if (n > 0 && (size_t)n < sizeof(d->text) - d->len)
		d->len += (size_t)n;
}

static struct tsmbd_conf *parse(void *ctx, const char *text, struct diag *d)
{
	struct tsmbd_conf_report rep = { collect, d };

	memset(d, 0, sizeof(*d));
	return tsmbd_conf_parse(ctx, "test.conf", text, strlen(text), &rep);
}

static int setup(void **state)
{
	*state = talloc_new(NULL);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	/* A failed parse must leave nothing behind under the caller's context. */
	talloc_free(*state);
	return 0;
}

/* The text parses with errors, and the diagnostics are exactly want. */
static void expect_errors(void *ctx, const char *text, const char *want)
{
	size_t blocks = talloc_total_blocks(ctx);
	struct diag d;

	assert_null(parse(ctx, text, &d));
	assert_string_equal(d.text, want);
	assert_int_equal(talloc_total_blocks(ctx), blocks);
}

static struct tsmbd_conf *expect_ok(void *ctx, const char *text)
{
	struct tsmbd_conf *conf;
	struct diag d;

	conf = parse(ctx, text, &d);
	if (!conf || d.len)
		fail_msg("unexpected diagnostics:\n%s", d.text);
	return conf;
}

static void assert_addr(const struct tsmb_sockaddr *a, int family, const char *addr,
			unsigned int port, unsigned int scope)
{
	uint8_t want[16] = { 0 };

	assert_int_equal(a->family, family);
	assert_int_equal(a->port, port);
	assert_int_equal(a->scope_id, scope);
	assert_int_equal(inet_pton(family == TSMB_AF_INET ? AF_INET : AF_INET6, addr, want), 1);
	assert_memory_equal(a->addr, want, 16);
}

static void test_defaults(void **state)
{
	struct tsmbd_conf *conf = expect_ok(*state, "");

	assert_string_equal(conf->source, "test.conf");
	assert_int_equal(conf->nr_listen, 2);
	assert_true(conf->listen_default);
	assert_addr(&conf->listen[0], TSMB_AF_INET, "0.0.0.0", 445, 0);
	assert_addr(&conf->listen[1], TSMB_AF_INET6, "::", 445, 0);
	assert_int_equal(conf->log_level, 1);
	assert_int_equal(conf->max_connections, 0);
	assert_int_equal(conf->signing, TSMBD_SIGNING_AUTO);
	assert_int_equal(conf->encrypt, TSMBD_ENCRYPT_OFF);
	assert_string_equal(conf->user_database, TSMBD_DEFAULT_USER_DB);
	assert_string_equal(conf->guest_account, "nobody");
	assert_int_equal(conf->map_to_guest, TSMBD_MAP_TO_GUEST_NEVER);
	assert_string_equal(conf->server_string, "tsmb");
	assert_string_equal(conf->workgroup, "WORKGROUP");
	assert_string_equal(conf->pid_file, "/run/tsmbd.pid");
	assert_false(conf->pid_file_set);
	assert_non_null(conf->netbios_name);
	assert_true(strlen(conf->netbios_name) >= 1 && strlen(conf->netbios_name) <= 15);
	assert_int_equal(conf->nr_shares, 0);
}

static void test_share_defaults(void **state)
{
	struct tsmbd_conf *conf = expect_ok(*state, "[data]\npath = /srv/data\n");
	const struct tsmbd_share *s;

	assert_int_equal(conf->nr_shares, 1);
	s = conf->shares[0];
	assert_string_equal(s->name, "data");
	assert_string_equal(s->path, "/srv/data");
	assert_string_equal(s->comment, "");
	assert_true(s->read_only);
	assert_false(s->guest_ok);
	assert_true(s->browseable);
	assert_int_equal(s->encrypt, TSMBD_ENCRYPT_INHERIT);
	assert_int_equal(s->valid_users.count, 0);
	assert_int_equal(s->invalid_users.count, 0);
	assert_int_equal(s->line, 1);
}

static const char full_conf[] =
	"# A full configuration\n"
	"; with both kinds of comment\n"
	"[global]\n"
	"\tlisten = 127.0.0.1:4445\n"
	"\tlisten = [::1]:4445\n"
	"\tlog level = 3\n"
	"\tmax connections = 200\n"
	"\tserver signing = mandatory\n"
	"\tencrypt = desired\n"
	"\tuser database = /var/lib/tsmb/users\n"
	"\tguest account = smbguest\n"
	"\tmap to guest = Bad User\n"
	"\tserver string = \"File server %h\"\n"
	"\tnetbios name = filer\n"
	"\tworkgroup = example\n"
	"\tpid file = /run/tsmb/tsmbd.pid\n"
	"\n"
	"[Data]\n"
	"\tpath = /srv/data/\n"
	"\tcomment = Team data\n"
	"\tread only = no\n"
	"\tguest ok = no\n"
	"\tvalid users = alice, bob @staff \"Jane Doe\"\n"
	"\tinvalid users = mallory\n"
	"\tbrowseable = no\n"
	"\tencrypt = required\n"
	"[root]\n"
	"\tpath = /\n";

static void test_full(void **state)
{
	struct tsmbd_conf *conf = expect_ok(*state, full_conf);
	const struct tsmbd_share *s;

	assert_int_equal(conf->nr_listen, 2);
	assert_false(conf->listen_default);
	assert_addr(&conf->listen[0], TSMB_AF_INET, "127.0.0.1", 4445, 0);
	assert_addr(&conf->listen[1], TSMB_AF_INET6, "::1", 4445, 0);
	assert_int_equal(conf->log_level, 3);
	assert_int_equal(conf->max_connections, 200);
	assert_int_equal(conf->signing, TSMBD_SIGNING_REQUIRED);
	assert_int_equal(conf->encrypt, TSMBD_ENCRYPT_DESIRED);
	assert_string_equal(conf->user_database, "/var/lib/tsmb/users");
	assert_string_equal(conf->guest_account, "smbguest");
	assert_int_equal(conf->map_to_guest, TSMBD_MAP_TO_GUEST_BAD_USER);
	assert_string_equal(conf->server_string, "File server %h");
	assert_string_equal(conf->netbios_name, "FILER");
	assert_string_equal(conf->workgroup, "EXAMPLE");
	assert_string_equal(conf->pid_file, "/run/tsmb/tsmbd.pid");
	assert_true(conf->pid_file_set);

	assert_int_equal(conf->nr_shares, 2);
	s = conf->shares[0];
	assert_string_equal(s->name, "Data");
	assert_string_equal(s->path, "/srv/data");
	assert_string_equal(s->comment, "Team data");
	assert_false(s->read_only);
	assert_false(s->guest_ok);
	assert_false(s->browseable);
	assert_int_equal(s->encrypt, TSMBD_ENCRYPT_REQUIRED);
	assert_int_equal(s->valid_users.count, 4);
	assert_string_equal(s->valid_users.names[0], "alice");
	assert_string_equal(s->valid_users.names[1], "bob");
	assert_string_equal(s->valid_users.names[2], "@staff");
	assert_string_equal(s->valid_users.names[3], "Jane Doe");
	assert_int_equal(s->invalid_users.count, 1);
	assert_string_equal(s->invalid_users.names[0], "mallory");
	assert_int_equal(s->line, 18);
	assert_string_equal(conf->shares[1]->path, "/");

	assert_ptr_equal(tsmbd_conf_find_share(conf, "DATA"), s);
	assert_null(tsmbd_conf_find_share(conf, "nope"));
}

/* Keys ignore case and spaces: "read only" == "readonly" == "READ  ONLY". */
static void test_key_spelling(void **state)
{
	static const char *const spellings[] = {
		"read only = no", "readonly = no", "READ ONLY = no", "Read  Only=no",
		"  r e a d o n l y   =   no  ", "\tReadOnly\t=\tno",
	};
	struct tsmbd_conf *conf;
	char text[128];
	size_t i;

	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		snprintf(text, sizeof(text), "[s]\npath = /s\n%s\n", spellings[i]);
		conf = expect_ok(*state, text);
		assert_false(conf->shares[0]->read_only);
	}
}

static void test_booleans(void **state)
{
	static const struct {
		const char *v;
		bool b;
	} cases[] = {
		{ "yes", true }, { "YES", true }, { "true", true }, { "True", true },
		{ "1", true }, { "on", true }, { "ON", true },
		{ "no", false }, { "No", false }, { "false", false }, { "FALSE", false },
		{ "0", false }, { "off", false }, { "Off", false },
	};
	struct tsmbd_conf *conf;
	char text[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[s]\npath = /s\nguest ok = %s\n", cases[i].v);
		conf = expect_ok(*state, text);
		assert_int_equal(conf->shares[0]->guest_ok, cases[i].b);
	}
	expect_errors(*state, "[s]\npath = /s\nguest ok = y\n",
		      "E:3: bad value 'y' for 'guest ok' (expected yes or no)\n");
	expect_errors(*state, "[s]\npath = /s\nbrowseable =\n",
		      "E:3: bad value '' for 'browseable' (expected yes or no)\n");
}

static void test_aliases(void **state)
{
	struct tsmbd_conf *conf;

	conf = expect_ok(*state, "[global]\nsmb encrypt = required\ndebug level = 2\n"
			 "[a]\npath = /a\nwritable = yes\npublic = yes\nbrowsable = no\n"
			 "smb encrypt = off\n"
			 "[b]\npath = /b\nwriteable = no\n"
			 "[c]\npath = /c\nwriteable = yes\n");
	assert_int_equal(conf->encrypt, TSMBD_ENCRYPT_REQUIRED);
	assert_int_equal(conf->log_level, 2);
	assert_false(conf->shares[0]->read_only);
	assert_true(conf->shares[0]->guest_ok);
	assert_false(conf->shares[0]->browseable);
	assert_int_equal(conf->shares[0]->encrypt, TSMBD_ENCRYPT_OFF);
	assert_true(conf->shares[1]->read_only);
	assert_false(conf->shares[2]->read_only);
}

static void test_continuation(void **state)
{
	struct tsmbd_conf *conf;

	conf = expect_ok(*state, "[s]\n"
			 "path = /srv/very\\\n"
			 "        /long/path\n"
			 "valid users = alice, \\\n"
			 "\tbob, \\\n"
			 "\tcarol\n"
			 "comment = one \\  \n"
			 "two\n");
	assert_string_equal(conf->shares[0]->path, "/srv/very/long/path");
	assert_int_equal(conf->shares[0]->valid_users.count, 3);
	assert_string_equal(conf->shares[0]->valid_users.names[2], "carol");
	assert_string_equal(conf->shares[0]->comment, "one two");

	/* An error names the first line of a continued line; later lines count right. */
	expect_errors(*state, "[s]\n"
		      "path = /s\n"
		      "guest \\\n"
		      "  ok = maybe\n"
		      "bogus = 1\n",
		      "E:3: bad value 'maybe' for 'guest ok' (expected yes or no)\n"
		      "E:5: unknown parameter 'bogus'\n");
	expect_errors(*state, "[s]\npath = /s\ncomment = x \\\n",
		      "E:3: the last line ends with '\\' (continues past the end)\n");
}

static void test_comments(void **state)
{
	struct tsmbd_conf *conf;

	conf = expect_ok(*state, "# comment\n"
			 "   ; indented comment\n"
			 "\t# tab\n"
			 "[s]\n"
			 "# comment ending in a backslash does not continue \\\n"
			 "path = /s\n"
			 "\n   \n"
			 "comment = a # not a comment\n");
	assert_string_equal(conf->shares[0]->path, "/s");
	assert_string_equal(conf->shares[0]->comment, "a # not a comment");
}

static void test_crlf(void **state)
{
	struct tsmbd_conf *conf;

	conf = expect_ok(*state, "[global]\r\nlog level = 2\r\n[s]\r\npath = /s\r\n");
	assert_int_equal(conf->log_level, 2);
	assert_string_equal(conf->shares[0]->path, "/s");
}

static void test_listen_forms(void **state)
{
	static const struct {
		const char *s;
		int family;
		const char *addr;
		unsigned int port;
	} good[] = {
		{ "0.0.0.0:445", TSMB_AF_INET, "0.0.0.0", 445 },
		{ "[::]:445", TSMB_AF_INET6, "::", 445 },
		{ "192.0.2.1", TSMB_AF_INET, "192.0.2.1", 445 },
		{ "192.0.2.1:1", TSMB_AF_INET, "192.0.2.1", 1 },
		{ "127.0.0.1:65535", TSMB_AF_INET, "127.0.0.1", 65535 },
		{ "[2001:db8::1]", TSMB_AF_INET6, "2001:db8::1", 445 },
		{ "[::1]:4445", TSMB_AF_INET6, "::1", 4445 },
		{ "::1", TSMB_AF_INET6, "::1", 445 },
		{ "[::ffff:192.0.2.1]:139", TSMB_AF_INET6, "::ffff:192.0.2.1", 139 },
	};
	struct tsmb_sockaddr a;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (tsmbd_conf_parse_addr(good[i].s, &a, &why) < 0)
			fail_msg("%s: %s", good[i].s, why);
		assert_addr(&a, good[i].family, good[i].addr, good[i].port, 0);
	}
	assert_int_equal(tsmbd_conf_parse_addr("[fe80::1%lo]:445", &a, &why), 0);
	assert_addr(&a, TSMB_AF_INET6, "fe80::1", 445, if_nametoindex("lo"));
	assert_int_equal(tsmbd_conf_parse_addr("[fe80::1%7]", &a, &why), 0);
	assert_addr(&a, TSMB_AF_INET6, "fe80::1", 445, 7);
}

static void test_listen_bad(void **state)
{
	static const char *const bad[] = {
		"", "host.example.com", "host.example.com:445", "1.2.3.4:0", "1.2.3.4:",
		"1.2.3.4:65536", "1.2.3.4:44x", "1.2.3.4:-1", "1.2.3", "256.1.1.1", "[::1",
		"[::1]x", "[::1]:", "[]:445", "[1.2.3.4]", "1.2.3.4%lo", "[fe80::1%]",
		"[fe80::1%no-such-if0]", "[fe80::1%0]", ":445", "[::1]:99999",
	};
	struct tsmb_sockaddr a;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (tsmbd_conf_parse_addr(bad[i], &a, &why) == 0)
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(why);
	}
	expect_errors(*state, "[global]\nlisten = example.com\n",
		      "E:2: bad listen address 'example.com': not an IPv4 address (host names "
		      "are not accepted; IPv6 goes in [])\n");
	expect_errors(*state, "[global]\nlisten = 10.0.0.1:70000\n",
		      "E:2: bad listen address '10.0.0.1:70000': the port must be a number "
		      "from 1 to 65535\n");
}

static void test_listen_limits(void **state)
{
	char text[1024];
	size_t n;
	unsigned int i;
	struct tsmbd_conf *conf;

	n = (size_t)snprintf(text, sizeof(text), "[global]\n");
	for (i = 0; i < TSMB_MAX_LISTEN; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "listen = 127.0.0.%u\n", i + 1);
	conf = expect_ok(*state, text);
	assert_int_equal(conf->nr_listen, TSMB_MAX_LISTEN);
	assert_addr(&conf->listen[7], TSMB_AF_INET, "127.0.0.8", 445, 0);

	snprintf(text + n, sizeof(text) - n, "listen = 127.0.0.99\n");
	expect_errors(*state, text, "E:10: too many listen addresses (at most 8)\n");

	expect_errors(*state, "[global]\nlisten = 127.0.0.1\nlisten = 127.0.0.1:445\n",
		      "E:3: listen address '127.0.0.1:445' is given twice\n");
}

static void test_errors(void **state)
{
	void *ctx = *state;

	expect_errors(ctx, "[global]\n\nfoo bar = 1\n", "E:3: unknown parameter 'foo bar'\n");
	expect_errors(ctx, "# c\npath = /x\n[s]\npath = /s\n",
		      "E:2: 'path' is outside any section (put it under [global] or a [share])\n");
	expect_errors(ctx, "[global]\nlog level = loud\n",
		      "E:2: bad value 'loud' for 'log level' (expected a number from 0 to 10)\n");
	expect_errors(ctx, "[global]\nlog level = 11\n",
		      "E:2: bad value '11' for 'log level' (expected a number from 0 to 10)\n");
	expect_errors(ctx, "[global]\nlog level = 3 auth:5 passdb:2\n",
		      "E:2: per-class log levels ('auth:5 passdb:2') are not supported: give "
		      "one number\n");
	expect_errors(ctx, "[global]\nmax connections = -1\n",
		      "E:2: bad value '-1' for 'max connections' (expected a number from 0 to "
		      "1000000)\n");
	expect_errors(ctx, "[global]\nmax connections = 99999999999999999999\n",
		      "E:2: bad value '99999999999999999999' for 'max connections' (expected a "
		      "number from 0 to 1000000)\n");
	expect_errors(ctx, "[global]\nserver signing = yes\n",
		      "E:2: bad value 'yes' for 'server signing' (expected auto, mandatory, "
		      "required or disabled)\n");
	expect_errors(ctx, "[global]\nencrypt = on\n",
		      "E:2: bad value 'on' for 'encrypt' (expected off, desired or required)\n");
	expect_errors(ctx, "[global]\nmap to guest = bad password\n",
		      "E:2: bad value 'bad password' for 'map to guest' (expected never or bad "
		      "user)\n");
	expect_errors(ctx, "[global]\nnetbios name = abcdefghijklmnop\n",
		      "E:2: bad value 'abcdefghijklmnop' for 'netbios name': longer than 15 "
		      "characters\n");
	expect_errors(ctx, "[global]\nguest account = \n",
		      "E:2: bad value '' for 'guest account': expected one name without white "
		      "space\n");
	expect_errors(ctx, "[global]\npid file = run/tsmbd.pid\n",
		      "E:2: bad value 'run/tsmbd.pid' for 'pid file': the path must be "
		      "absolute (start with '/')\n");
	expect_errors(ctx, "[global]\nread only = no\n",
		      "E:2: 'read only' is a share parameter: set it in each share\n");
	expect_errors(ctx, "[s]\npath = /s\nlisten = 127.0.0.1\n",
		      "E:3: 'listen' is a global parameter: it belongs in [global]\n");
	expect_errors(ctx, "[global]\n= 5\n",
		      "E:2: expected 'key = value', a [section] or a comment\n");
	expect_errors(ctx, "[global]\njust some words\n",
		      "E:2: expected 'key = value', a [section] or a comment\n");
	expect_errors(ctx, "[s]\npath = /s\nvalid users = \"alice\n",
		      "E:3: unterminated quote in 'valid users'\n");
}

static void test_section_errors(void **state)
{
	void *ctx = *state;

	expect_errors(ctx, "[global]\n[data\npath = /d\n",
		      "E:2: unterminated section header (missing ']')\n");
	expect_errors(ctx, "[data] x\npath = /d\n",
		      "E:1: unexpected text after the section header: 'x'\n");
	expect_errors(ctx, "[ ]\n", "E:1: invalid section []: an empty section name\n");
	expect_errors(ctx, "[a]\npath = /a\n[b]\npath = /b\n[A]\npath = /c\n",
		      "E:5: duplicate share [A] (already defined at line 1)\n");
	expect_errors(ctx, "[global]\n[nopath]\ncomment = x\n[ok]\npath = /ok\n",
		      "E:2: share [nopath] has no 'path'\n");
	expect_errors(ctx, "[s]\npath = relative/dir\n",
		      "E:2: bad value 'relative/dir' for 'path': the path must be absolute "
		      "(start with '/')\n");
	expect_errors(ctx, "[s]\npath =\n",
		      "E:2: bad value '' for 'path': a path is required\n");
	expect_errors(ctx, "[homes]\npath = /home\n",
		      "E:1: [homes] is not supported: tsmb has no automatic home directory "
		      "shares (define a share per directory instead)\n");
	expect_errors(ctx, "[Printers]\n",
		      "E:1: [printers] is not supported: tsmb does not share printers\n");
	expect_errors(ctx, "[ipc$]\npath = /tmp\n",
		      "E:1: [IPC$] is reserved: the server provides IPC$ itself\n");
	expect_errors(ctx, "[a:b]\npath = /x\n",
		      "E:1: invalid section [a:b]: a share name with one of \\ / : * ? \" < > |"
		      "\n");
	expect_errors(ctx, "[a\tb]\npath = /x\n",
		      "E:1: invalid section [a\tb]: a control character in a share name\n");
}

static void test_share_names(void **state)
{
	char name[TSMBD_SHARE_NAME_MAX + 2], text[256], want[256];
	struct tsmbd_conf *conf;
	static const char *const bad = "\\/:*?\"<>|";
	size_t i;

	memset(name, 'n', TSMBD_SHARE_NAME_MAX);
	name[TSMBD_SHARE_NAME_MAX] = '\0';
	snprintf(text, sizeof(text), "[%s]\npath = /x\n", name);
	conf = expect_ok(*state, text);
	assert_int_equal(strlen(conf->shares[0]->name), 80);

	strcat(name, "n");
	snprintf(text, sizeof(text), "[%s]\npath = /x\n", name);
	snprintf(want, sizeof(want), "E:1: invalid section [%s]: a share name longer than 80 "
		 "characters\n", name);
	expect_errors(*state, text, want);

	for (i = 0; bad[i]; i++) {
		snprintf(text, sizeof(text), "[x%cy]\npath = /x\n", bad[i]);
		assert_null(parse(*state, text, &(struct diag){ 0 }));
	}
	conf = expect_ok(*state, "[hidden$]\npath = /h\n[ spaced name ]\npath = /s\n");
	assert_string_equal(conf->shares[0]->name, "hidden$");
	assert_string_equal(conf->shares[1]->name, "spaced name");
}

static void test_line_length(void **state)
{
	char *text = talloc_array(*state, char, 3 * TSMBD_CONF_MAX_LINE);
	struct tsmbd_conf *conf;
	size_t prefix, n;

	/* Exactly 4096 bytes is fine. */
	prefix = (size_t)snprintf(text, 64, "[s]\npath = /s\ncomment = ");
	n = TSMBD_CONF_MAX_LINE - strlen("comment = ");
	memset(text + prefix, 'c', n);
	strcpy(text + prefix + n, "\nguest ok = yes\n");
	conf = expect_ok(*state, text);
	assert_int_equal(strlen(conf->shares[0]->comment), n);

	/* One more byte, on a line of its own or across a continuation, is not. */
	memset(text + prefix, 'c', n + 1);
	strcpy(text + prefix + n + 1, "\nguest ok = maybe\n");
	expect_errors(*state, text, "E:3: line too long (more than 4096 bytes)\n"
		      "E:4: bad value 'maybe' for 'guest ok' (expected yes or no)\n");

	memset(text + prefix, 'c', 3000);
	strcpy(text + prefix + 3000, "\\\n");
	memset(text + prefix + 3002, 'd', 2000);
	strcpy(text + prefix + 5002, "\nbogus = 1\n");
	expect_errors(*state, text, "E:3: line too long (more than 4096 bytes)\n"
		      "E:5: unknown parameter 'bogus'\n");
	talloc_free(text);
}

static void test_nul_byte(void **state)
{
	static const char text[] = "[s]\npath = /s\0x\ncomment = y\n";
	struct tsmbd_conf_report rep = { collect, NULL };
	struct diag d = { .len = 0 };

	rep.arg = &d;
	assert_null(tsmbd_conf_parse(*state, "nul.conf", text, sizeof(text) - 1, &rep));
	assert_string_equal(d.text, "E:2: NUL character in line\nE:1: share [s] has no 'path'\n");
}

static void test_repeated_keys(void **state)
{
	struct tsmbd_conf *conf;
	struct diag d;

	conf = parse(*state, "[global]\nlog level = 2\n[s]\npath = /a\nwritable = yes\n"
		     "path = /b\nread only = yes\n[global]\nloglevel = 0\n", &d);
	assert_non_null(conf);
	assert_string_equal(d.text,
			    "W:6: 'path' is already set at line 4; this value replaces it\n"
			    "W:7: 'read only' is already set at line 5; this value replaces it\n"
			    "W:9: 'log level' is already set at line 2; this value replaces it\n");
	assert_string_equal(conf->shares[0]->path, "/b");
	assert_true(conf->shares[0]->read_only);
	assert_int_equal(conf->log_level, 0);
}

static void test_quotes_and_lists(void **state)
{
	struct tsmbd_conf *conf;

	conf = expect_ok(*state, "[global]\nserver string = \"  padded  \"\n"
			 "[s]\npath = \"/srv/with space\"\ncomment = say \"hi\"\n"
			 "valid users = ,, alice,,bob\t@g ,\n"
			 "invalid users =\n");
	assert_string_equal(conf->server_string, "  padded  ");
	assert_string_equal(conf->shares[0]->path, "/srv/with space");
	assert_string_equal(conf->shares[0]->comment, "say \"hi\"");
	assert_int_equal(conf->shares[0]->valid_users.count, 3);
	assert_string_equal(conf->shares[0]->valid_users.names[2], "@g");
	assert_int_equal(conf->shares[0]->invalid_users.count, 0);
}

static void test_many_errors_capped(void **state)
{
	char *text = talloc_strdup(*state, "[global]\n");
	struct diag d;
	int i;

	for (i = 0; i < 80; i++)
		text = talloc_asprintf_append(text, "bogus%d = 1\n", i);
	assert_non_null(text);
	assert_null(parse(*state, text, &d));
	assert_int_equal(d.errors, 51);
	assert_non_null(strstr(d.text, "E:52: too many errors; not reporting any more\n"));
	talloc_free(text);
}

static void test_builtin(void **state)
{
	struct tsmbd_conf_report rep = { collect, NULL };
	struct tsmbd_conf *conf;
	const struct tsmbd_share *s;
	struct diag d = { .len = 0 };

	rep.arg = &d;
	conf = tsmbd_conf_load_builtin(*state, &rep);
	if (!conf)
		fail_msg("%s", d.text);
	assert_int_equal(d.len, 0);
	assert_string_equal(conf->source, TSMBD_CONF_BUILTIN_NAME);
	assert_int_equal(conf->nr_listen, 2);
	assert_addr(&conf->listen[0], TSMB_AF_INET, "0.0.0.0", 445, 0);
	assert_addr(&conf->listen[1], TSMB_AF_INET6, "::", 445, 0);
	assert_int_equal(conf->map_to_guest, TSMBD_MAP_TO_GUEST_BAD_USER);
	assert_int_equal(conf->nr_shares, 1);
	s = conf->shares[0];
	assert_string_equal(s->name, "public");
	assert_string_equal(s->path, "/srv/tsmb/public");
	assert_string_equal(s->comment, "tsmb default share");
	assert_false(s->read_only);
	assert_true(s->guest_ok);
	assert_true(s->browseable);
}

static void test_load_file(void **state)
{
	char path[] = "/tmp/test_conf.XXXXXX";
	struct tsmbd_conf_report rep = { collect, NULL };
	struct tsmbd_conf *conf;
	struct diag d = { .len = 0 };
	char want[256];
	int fd;

	rep.arg = &d;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, full_conf, strlen(full_conf)), (ssize_t)strlen(full_conf));
	close(fd);
	conf = tsmbd_conf_load(*state, path, &rep);
	assert_non_null(conf);
	assert_string_equal(conf->source, path);
	assert_int_equal(conf->nr_shares, 2);
	talloc_free(conf);
	unlink(path);

	conf = tsmbd_conf_load(*state, path, &rep);
	assert_null(conf);
	snprintf(want, sizeof(want), "E:0: cannot open: No such file or directory\n");
	assert_string_equal(d.text, want);

	memset(&d, 0, sizeof(d));
	assert_null(tsmbd_conf_load(*state, "/", &rep));
	assert_string_equal(d.text, "E:0: cannot read: is a directory\n");
	memset(&d, 0, sizeof(d));
	assert_null(tsmbd_conf_load(*state, "/dev/null", &rep));
	assert_string_equal(d.text, "E:0: cannot read: not a regular file\n");
	assert_int_equal(talloc_total_blocks(*state), 1);
}

static void test_override_port(void **state)
{
	struct tsmbd_conf *conf;

	conf = expect_ok(*state, "[global]\nlisten = 0.0.0.0:445\nlisten = [::]:445\n"
			 "listen = 0.0.0.0:446\nlisten = 127.0.0.1\n");
	tsmbd_conf_override_port(conf, 4445);
	assert_int_equal(conf->nr_listen, 3);
	assert_addr(&conf->listen[0], TSMB_AF_INET, "0.0.0.0", 4445, 0);
	assert_addr(&conf->listen[1], TSMB_AF_INET6, "::", 4445, 0);
	assert_addr(&conf->listen[2], TSMB_AF_INET, "127.0.0.1", 4445, 0);

	conf = expect_ok(*state, "");
	tsmbd_conf_override_port(conf, 10445);
	assert_int_equal(conf->nr_listen, 2);
	assert_addr(&conf->listen[0], TSMB_AF_INET, "0.0.0.0", 10445, 0);
	assert_addr(&conf->listen[1], TSMB_AF_INET6, "::", 10445, 0);
}

static void test_to_server(void **state)
{
	static const struct {
		const char *v;
		bool required;
	} signing[] = {
		{ "auto", false }, { "mandatory", true }, { "required", true },
		{ "disabled", false }, { "Required", true },
	};
	struct tsmb_server_config cfg;
	struct tsmbd_conf *conf;
	char text[128];
	size_t i;

	for (i = 0; i < sizeof(signing) / sizeof(signing[0]); i++) {
		snprintf(text, sizeof(text), "[global]\nserver signing = %s\nmax connections = 7\n"
			 "listen = 127.0.0.1:4445\n", signing[i].v);
		conf = expect_ok(*state, text);
		tsmbd_conf_to_server(conf, &cfg);
		assert_int_equal(cfg.require_signing, signing[i].required);
		assert_int_equal(cfg.max_connections, 7);
		assert_int_equal(cfg.nr_listen, 1);
		assert_addr(&cfg.listen[0], TSMB_AF_INET, "127.0.0.1", 4445, 0);
	}
}

static void test_log_level_map(void **state)
{
	assert_int_equal(tsmbd_conf_log_level(0), TSMB_LOG_ERR);
	assert_int_equal(tsmbd_conf_log_level(1), TSMB_LOG_NOTICE);
	assert_int_equal(tsmbd_conf_log_level(2), TSMB_LOG_INFO);
	assert_int_equal(tsmbd_conf_log_level(3), TSMB_LOG_DEBUG);
	assert_int_equal(tsmbd_conf_log_level(10), TSMB_LOG_DEBUG);
}

static void record_change(void *arg, const char *what)
{
	char *list = arg;

	strcat(list, what);
	strcat(list, ";");
}

static void test_diff(void **state)
{
	struct tsmbd_conf *a, *b;
	char list[512] = "";

	a = expect_ok(*state, "[global]\nlog level = 1\n[x]\npath = /x\n[y]\npath = /y\n"
		      "[z]\npath = /z\n");
	b = expect_ok(*state, "[global]\nlog level = 3\nlisten = 127.0.0.1\n"
		      "max connections = 5\n[X]\npath = /x\n[y]\npath = /y\n[w]\npath = /w\n");
	assert_int_equal(tsmbd_conf_diff(a, a, record_change, list), 0);
	assert_string_equal(list, "");
	assert_int_equal(tsmbd_conf_diff(a, b, record_change, list), 6);
	assert_string_equal(list, "listen;log level;max connections;share [x];"
			    "share [z] (removed);share [w] (added);");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_spelling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booleans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_section_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotes_and_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_errors_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_builtin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_level_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
	};

	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}
