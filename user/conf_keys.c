// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmb.conf: the parameters, their values and their defaults.
 *
 * Keys are compared case-insensitively with all white space removed, so
 * "read only", "readonly" and "Read Only" are one key, as in Samba.
 * docs/configuration.md documents this table: keep them in step.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <talloc.h>
#include <unistd.h>

#include "user/conf_priv.h"

#define TSMBD_MAX_LOG_LEVEL	10
#define TSMBD_MAX_CONNECTIONS	1000000

enum tsmbd_key_type {
	KT_BOOL,
	KT_STRING,		/* any text, surrounding quotes removed */
	KT_NAME,		/* non-empty text without white space */
	KT_PATH,		/* absolute */
	KT_NETBIOS,		/* <= 15 characters, stored upper case */
	KT_NAMES,		/* list of user and @group names */
	KT_ENUM,
	KT_UINT,
	KT_LOG_LEVEL,
	KT_LISTEN,
};

#define SCOPE_GLOBAL	1
#define SCOPE_SHARE	2

struct tsmbd_enum_value {
	const char *name;
	int value;
};

struct tsmbd_key {
	const char *key;		/* lower case, no white space */
	const char *name;		/* as documented, for messages */
	unsigned char scope;
	unsigned char type;
	unsigned char slot;		/* aliases share one */
	bool invert;			/* "writable" is "read only" inverted */
	size_t offset;			/* in struct tsmbd_conf or tsmbd_share */
	const struct tsmbd_enum_value *values;
};

static const struct tsmbd_enum_value signing_values[] = {
	{ "auto", TSMBD_SIGNING_AUTO },
	{ "mandatory", TSMBD_SIGNING_REQUIRED },
	{ "required", TSMBD_SIGNING_REQUIRED },
	{ "disabled", TSMBD_SIGNING_DISABLED },
	{ NULL, 0 },
};

static const struct tsmbd_enum_value encrypt_values[] = {
	{ "off", TSMBD_ENCRYPT_OFF },
	{ "desired", TSMBD_ENCRYPT_DESIRED },
	{ "required", TSMBD_ENCRYPT_REQUIRED },
	{ NULL, 0 },
};

static const struct tsmbd_enum_value guest_values[] = {
	{ "never", TSMBD_MAP_TO_GUEST_NEVER },
	{ "bad user", TSMBD_MAP_TO_GUEST_BAD_USER },
	{ NULL, 0 },
};

#define G(k, n, t, s, f) { k, n, SCOPE_GLOBAL, t, s, false, offsetof(struct tsmbd_conf, f), NULL }
#define GE(k, n, s, f, v) { k, n, SCOPE_GLOBAL, KT_ENUM, s, false, \
			    offsetof(struct tsmbd_conf, f), v }
#define S(k, n, t, s, f, inv) { k, n, SCOPE_SHARE, t, s, inv, \
				offsetof(struct tsmbd_share, f), NULL }

static const struct tsmbd_key tsmbd_keys[] = {
	G("listen", "listen", KT_LISTEN, 0, listen),
	G("loglevel", "log level", KT_LOG_LEVEL, 1, log_level),
	G("debuglevel", "log level", KT_LOG_LEVEL, 1, log_level),
	G("maxconnections", "max connections", KT_UINT, 2, max_connections),
	GE("serversigning", "server signing", 3, signing, signing_values),
	GE("encrypt", "encrypt", 4, encrypt, encrypt_values),
	GE("smbencrypt", "encrypt", 4, encrypt, encrypt_values),
	G("userdatabase", "user database", KT_PATH, 5, user_database),
	G("guestaccount", "guest account", KT_NAME, 6, guest_account),
	GE("maptoguest", "map to guest", 7, map_to_guest, guest_values),
	G("serverstring", "server string", KT_STRING, 8, server_string),
	G("netbiosname", "netbios name", KT_NETBIOS, 9, netbios_name),
	G("workgroup", "workgroup", KT_NETBIOS, 10, workgroup),
	G("pidfile", "pid file", KT_PATH, TSMBD_SLOT_PID_FILE, pid_file),

	S("path", "path", KT_PATH, TSMBD_SLOT_PATH, path, false),
	S("comment", "comment", KT_STRING, 17, comment, false),
	S("readonly", "read only", KT_BOOL, 18, read_only, false),
	S("writable", "writable", KT_BOOL, 18, read_only, true),
	S("writeable", "writeable", KT_BOOL, 18, read_only, true),
	S("guestok", "guest ok", KT_BOOL, 19, guest_ok, false),
	S("public", "public", KT_BOOL, 19, guest_ok, false),
	S("validusers", "valid users", KT_NAMES, 20, valid_users, false),
	S("invalidusers", "invalid users", KT_NAMES, 21, invalid_users, false),
	S("browseable", "browseable", KT_BOOL, 22, browseable, false),
	S("browsable", "browsable", KT_BOOL, 22, browseable, false),
	{ "encrypt", "encrypt", SCOPE_SHARE, KT_ENUM, 23, false,
	  offsetof(struct tsmbd_share, encrypt), encrypt_values },
	{ "smbencrypt", "encrypt", SCOPE_SHARE, KT_ENUM, 23, false,
	  offsetof(struct tsmbd_share, encrypt), encrypt_values },
};

_Static_assert(TSMBD_CONF_SLOTS > 23, "a slot per parameter");
/* set_enum() stores through an int. */
_Static_assert(sizeof(enum tsmbd_signing) == sizeof(int) &&
	       sizeof(enum tsmbd_encrypt) == sizeof(int) &&
	       sizeof(enum tsmbd_map_to_guest) == sizeof(int), "enums are ints");

/* Only what can be spelled: the canonical key fits comfortably. */
#define TSMBD_KEY_MAX	32

static bool canonical_key(const char *s, char *out)
{
	size_t n = 0;

	for (; *s; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (n == TSMBD_KEY_MAX - 1)
			return false;
		out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = '\0';
	return n > 0;
}

static const struct tsmbd_key *find_key(const char *key, unsigned int scope, bool *other)
{
	const struct tsmbd_key *k;

	*other = false;
	for (k = tsmbd_keys; k < tsmbd_keys + TSMB_ARRAY_SIZE(tsmbd_keys); k++) {
		if (strcmp(k->key, key))
			continue;
		if (k->scope == scope)
			return k;
		*other = true;
	}
	return NULL;
}

/* Samba drops one pair of double quotes around a string value. */
static char *unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		return s + 1;
	}
	return s;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1", "on" };
	static const char *const no[] = { "no", "false", "0", "off" };
	size_t i;

	for (i = 0; i < TSMB_ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* Case-insensitive, with any run of white space equal to one space. */
static bool words_equal(const char *a, const char *b)
{
	while (*a && *b) {
		if (isspace((unsigned char)*a) && *b == ' ') {
			while (isspace((unsigned char)*a))
				a++;
			b++;
			continue;
		}
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
	return !*a && !*b;
}

static void bad_enum(struct tsmbd_conf_parser *p, const struct tsmbd_key *k, const char *v)
{
	char expected[128] = "";
	const struct tsmbd_enum_value *e;
	size_t n = 0;

	for (e = k->values; e->name && n < sizeof(expected); e++) {
		n += (size_t)snprintf(expected + n, sizeof(expected) - n, "%s%s",
				      e == k->values ? "" : (e[1].name ? ", " : " or "),
				      e->name);
	}
	tsmbd_conf_error(p, "bad value '%.64s' for '%s' (expected %s)", v, k->name, expected);
}

static void set_enum(struct tsmbd_conf_parser *p, const struct tsmbd_key *k, void *field,
		     const char *v)
{
	const struct tsmbd_enum_value *e;

	for (e = k->values; e->name; e++) {
		if (words_equal(v, e->name)) {
			/* Every enum field is an enum: int-sized. */
			*(int *)field = e->value;
			return;
		}
	}
	bad_enum(p, k, v);
}

/* Decimal digits only: no sign, no 0x, no trailing text. */
static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

static void set_log_level(struct tsmbd_conf_parser *p, const struct tsmbd_key *k,
			  unsigned int *field, const char *v)
{
	size_t n = strcspn(v, " \t");
	unsigned long level;
	char num[16];

	if (v[n]) {
		tsmbd_conf_error(p, "per-class log levels ('%.64s') are not supported: give one "
				 "number", v + n + strspn(v + n, " \t"));
		return;
	}
	snprintf(num, sizeof(num), "%.*s", (int)TSMB_MIN(n, sizeof(num) - 1), v);
	if (n >= sizeof(num) || parse_uint(num, TSMBD_MAX_LOG_LEVEL, &level) < 0) {
		tsmbd_conf_error(p, "bad value '%.64s' for '%s' (expected a number from 0 to %u)",
				 v, k->name, TSMBD_MAX_LOG_LEVEL);
		return;
	}
	*field = (unsigned int)level;
}

static void set_listen(struct tsmbd_conf_parser *p, const char *v)
{
	struct tsmbd_conf *conf = p->conf;
	struct tsmb_sockaddr a;
	const char *why;
	unsigned int i;

	if (tsmbd_conf_parse_addr(v, &a, &why) < 0) {
		tsmbd_conf_error(p, "bad listen address '%.64s': %s", v, why);
		return;
	}
	for (i = 0; i < conf->nr_listen; i++) {
		if (!memcmp(&conf->listen[i], &a, sizeof(a))) {
			tsmbd_conf_error(p, "listen address '%.64s' is given twice", v);
			return;
		}
	}
	if (conf->nr_listen == TSMB_MAX_LISTEN) {
		tsmbd_conf_error(p, "too many listen addresses (at most %u)", TSMB_MAX_LISTEN);
		return;
	}
	conf->listen[conf->nr_listen++] = a;
	conf->listen_default = false;
}

/*
 * "valid users = alice, bob @staff" or with quotes for names that
 * contain spaces: "valid users = \"Jane Doe\", @admins".
 */
static void set_names(struct tsmbd_conf_parser *p, const struct tsmbd_key *k,
		      struct tsmbd_names *list, void *parent, char *v)
{
	struct tsmbd_names new = { NULL, 0 };
	char **names, *start;

	for (;;) {
		v += strspn(v, ", \t");
		if (!*v)
			break;
		if (*v == '"') {
			start = ++v;
			v = strchr(v, '"');
			if (!v) {
				tsmbd_conf_error(p, "unterminated quote in '%s'", k->name);
				goto fail;
			}
		} else {
			start = v;
			v += strcspn(v, ", \t");
		}
		names = talloc_realloc(parent, new.names, char *, new.count + 1);
		if (!names)
			goto nomem;
		new.names = names;
		names[new.count] = talloc_strndup(names, start, (size_t)(v - start));
		if (!names[new.count])
			goto nomem;
		new.count++;
		if (*v == '"')
			v++;
	}
	talloc_free(list->names);
	*list = new;
	return;
nomem:
	tsmbd_conf_nomem(p);
fail:
	talloc_free(new.names);
}

static const char *bad_netbios(const char *v)
{
	const unsigned char *c;

	if (!*v)
		return "it is empty";
	if (strlen(v) > TSMBD_NETBIOS_NAME_MAX)
		return "longer than 15 characters";
	for (c = (const unsigned char *)v; *c; c++) {
		if (*c <= 0x20 || *c == 0x7f || strchr("\\/:*?\"<>|", *c))
			return "white space, a control character or one of \\ / : * ? \" < > |";
	}
	return NULL;
}

/* The string-valued types; the new string replaces the old one. */
static void set_text(struct tsmbd_conf_parser *p, const struct tsmbd_key *k, char **field,
		     void *parent, char *v)
{
	const char *why = NULL;
	size_t n;
	char *s;

	v = unquote(v);
	n = strlen(v);
	if (k->type == KT_PATH) {
		if (!*v)
			why = "a path is required";
		else if (*v != '/')
			why = "the path must be absolute (start with '/')";
		while (n > 1 && v[n - 1] == '/')
			v[--n] = '\0';
	} else if (k->type == KT_NAME && (!*v || v[strcspn(v, " \t")])) {
		why = "expected one name without white space";
	} else if (k->type == KT_NETBIOS) {
		why = bad_netbios(v);
	}
	if (why) {
		tsmbd_conf_error(p, "bad value '%.64s' for '%s': %s", v, k->name, why);
		return;
	}
	s = talloc_strdup(parent, v);
	if (!s) {
		tsmbd_conf_nomem(p);
		return;
	}
	if (k->type == KT_NETBIOS)
		for (n = 0; s[n]; n++)
			s[n] = (char)toupper((unsigned char)s[n]);
	talloc_free(*field);
	*field = s;
}

static void set_value(struct tsmbd_conf_parser *p, const struct tsmbd_key *k, void *obj,
		      char *v)
{
	void *field = (char *)obj + k->offset;
	unsigned long n;
	bool b;

	switch (k->type) {
	case KT_BOOL:
		if (parse_bool(v, &b) < 0)
			tsmbd_conf_error(p, "bad value '%.64s' for '%s' (expected yes or no)",
					 v, k->name);
		else
			*(bool *)field = b != k->invert;
		break;
	case KT_ENUM:
		set_enum(p, k, field, v);
		break;
	case KT_UINT:
		if (parse_uint(v, TSMBD_MAX_CONNECTIONS, &n) < 0)
			tsmbd_conf_error(p, "bad value '%.64s' for '%s' (expected a number from "
					 "0 to %u)", v, k->name, TSMBD_MAX_CONNECTIONS);
		else
			*(unsigned int *)field = (unsigned int)n;
		break;
	case KT_LOG_LEVEL:
		set_log_level(p, k, field, v);
		break;
	case KT_LISTEN:
		set_listen(p, v);
		break;
	case KT_NAMES:
		set_names(p, k, field, obj, v);
		break;
	default:
		set_text(p, k, field, obj, v);
	}
}

void tsmbd_conf_set(struct tsmbd_conf_parser *p, const char *key, const char *value)
{
	unsigned int scope = p->section == TSMBD_SECTION_GLOBAL ? SCOPE_GLOBAL : SCOPE_SHARE;
	unsigned int *set = scope == SCOPE_GLOBAL ? p->global_set : p->share_set;
	char ckey[TSMBD_KEY_MAX];
	const struct tsmbd_key *k = NULL;
	bool other = false;
	char *v;

	if (canonical_key(key, ckey))
		k = find_key(ckey, scope, &other);
	if (!k && other) {
		tsmbd_conf_error(p, scope == SCOPE_GLOBAL ?
				 "'%.64s' is a share parameter: set it in each share" :
				 "'%.64s' is a global parameter: it belongs in [global]", key);
		return;
	}
	if (!k) {
		tsmbd_conf_error(p, "unknown parameter '%.64s'", key);
		return;
	}
	if (k->type != KT_LISTEN && set[k->slot]) {
		tsmbd_conf_warn(p, "'%s' is already set at line %u; this value replaces it",
				k->name, set[k->slot]);
	}
	set[k->slot] = p->line;
	/* The handlers trim and split in place: work on a copy. */
	v = talloc_strdup(p->conf, value);
	if (!v) {
		tsmbd_conf_nomem(p);
		return;
	}
	set_value(p, k, scope == SCOPE_GLOBAL ? (void *)p->conf : (void *)p->share, v);
	talloc_free(v);
	/* An explicit pid file is used in the foreground too (see main.c). */
	if (scope == SCOPE_GLOBAL && k->slot == TSMBD_SLOT_PID_FILE)
		p->conf->pid_file_set = true;
}

int tsmbd_conf_init_global(struct tsmbd_conf *conf)
{
	conf->listen_default = true;
	conf->log_level = TSMBD_DEFAULT_LOG_LEVEL;
	conf->signing = TSMBD_SIGNING_AUTO;
	conf->encrypt = TSMBD_ENCRYPT_OFF;
	conf->map_to_guest = TSMBD_MAP_TO_GUEST_NEVER;
	conf->user_database = talloc_strdup(conf, TSMBD_DEFAULT_USER_DB);
	conf->guest_account = talloc_strdup(conf, TSMBD_DEFAULT_GUEST);
	conf->server_string = talloc_strdup(conf, TSMBD_DEFAULT_SERVER_STRING);
	conf->workgroup = talloc_strdup(conf, TSMBD_DEFAULT_WORKGROUP);
	conf->pid_file = talloc_strdup(conf, TSMBD_DEFAULT_PID_FILE);
	if (!conf->user_database || !conf->guest_account || !conf->server_string ||
	    !conf->workgroup || !conf->pid_file)
		return -1;
	return 0;
}

int tsmbd_conf_init_share(struct tsmbd_share *share)
{
	share->read_only = true;
	share->browseable = true;
	share->encrypt = TSMBD_ENCRYPT_INHERIT;
	share->comment = talloc_strdup(share, "");
	return share->comment ? 0 : -1;
}

/* Samba's default: the host name's first label, upper case, cut to 15. */
static char *default_netbios_name(void *mem_ctx)
{
	char host[256] = "";
	size_t n;

	if (gethostname(host, sizeof(host) - 1) < 0)
		host[0] = '\0';
	n = strcspn(host, ".");
	if (n > TSMBD_NETBIOS_NAME_MAX)
		n = TSMBD_NETBIOS_NAME_MAX;
	host[n] = '\0';
	if (bad_netbios(host))
		snprintf(host, sizeof(host), "TSMB");
	for (n = 0; host[n]; n++)
		host[n] = (char)toupper((unsigned char)host[n]);
	return talloc_strdup(mem_ctx, host);
}

int tsmbd_conf_finish_global(struct tsmbd_conf *conf)
{
	if (!conf->nr_listen)
		tsmbd_conf_default_listen(conf);
	if (!conf->netbios_name) {
		conf->netbios_name = default_netbios_name(conf);
		if (!conf->netbios_name)
			return -1;
	}
	return 0;
}
