/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tsmb.conf: the parsed configuration of tsmbd.
 *
 * The file is an INI file in the style Samba admins know. The parser is
 * strict: anything it does not understand is an error reported as
 * "FILE:LINE: message", so that a typo never silently turns into a
 * default. Everything hangs off one talloc tree whose root is the
 * struct tsmbd_conf; freeing it frees the whole configuration.
 */
#ifndef TSMB_USER_CONF_H
#define TSMB_USER_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/server.h"

#define TSMBD_CONF_PATH		"/etc/tsmb/tsmb.conf"
#define TSMBD_CONF_MAX_LINE	4096	/* bytes of one (logical) line */
#define TSMBD_CONF_MAX_FILE	(16u << 20)
#define TSMBD_SHARE_NAME_MAX	80
#define TSMBD_NETBIOS_NAME_MAX	15
#define TSMBD_DEFAULT_PID_FILE	"/run/tsmbd.pid"
#define TSMBD_DEFAULT_USER_DB	"/var/lib/tsmb/passdb"
#define TSMBD_DEFAULT_GUEST	"nobody"
#define TSMBD_DEFAULT_WORKGROUP	"WORKGROUP"
#define TSMBD_DEFAULT_SERVER_STRING "tsmb"
#define TSMBD_DEFAULT_LOG_LEVEL	1

/* The name used in messages for the built-in default configuration. */
#define TSMBD_CONF_BUILTIN_NAME	"<built-in configuration>"

enum tsmbd_signing {
	TSMBD_SIGNING_AUTO,
	TSMBD_SIGNING_REQUIRED,		/* "mandatory" or "required" */
	TSMBD_SIGNING_DISABLED,
};

enum tsmbd_encrypt {
	TSMBD_ENCRYPT_INHERIT,		/* share only: whatever [global] says */
	TSMBD_ENCRYPT_OFF,
	TSMBD_ENCRYPT_DESIRED,
	TSMBD_ENCRYPT_REQUIRED,
};

enum tsmbd_map_to_guest {
	TSMBD_MAP_TO_GUEST_NEVER,
	TSMBD_MAP_TO_GUEST_BAD_USER,
};

/* A list of user or @group names ("valid users"). */
struct tsmbd_names {
	char **names;			/* talloc array of talloc strings */
	unsigned int count;
};

struct tsmbd_share {
	char *name;			/* as written, case preserved */
	char *path;			/* absolute, no trailing slash */
	char *comment;			/* "" when not set */
	bool read_only;			/* default yes, as in Samba */
	bool guest_ok;			/* default no */
	bool browseable;		/* default yes */
	enum tsmbd_encrypt encrypt;	/* default: inherit */
	struct tsmbd_names valid_users;	/* empty: everyone */
	struct tsmbd_names invalid_users;
	unsigned int line;		/* of its [section] header */
};

struct tsmbd_conf {
	char *source;			/* file name, or TSMBD_CONF_BUILTIN_NAME */
	struct tsmb_sockaddr listen[TSMB_MAX_LISTEN];
	unsigned int nr_listen;		/* >= 1 after a successful parse */
	bool listen_default;		/* no "listen" line: the defaults */
	unsigned int log_level;		/* Samba's number: 0 .. 10 */
	unsigned int max_connections;	/* 0: the core's default */
	enum tsmbd_signing signing;
	enum tsmbd_encrypt encrypt;	/* never INHERIT */
	char *user_database;
	char *guest_account;
	enum tsmbd_map_to_guest map_to_guest;
	char *server_string;
	char *netbios_name;		/* upper case, <= 15 characters */
	char *workgroup;		/* upper case, <= 15 characters */
	char *pid_file;
	bool pid_file_set;		/* "pid file" appeared in the file */
	struct tsmbd_share **shares;	/* talloc array, in file order */
	unsigned int nr_shares;
};

/*
 * Where diagnostics go. line is 0 for a problem with the file as a whole
 * (it cannot be read). Warnings do not make the parse fail.
 */
struct tsmbd_conf_report {
	void (*fn)(void *arg, bool error, const char *source, unsigned int line,
		   const char *msg);
	void *arg;
};

/* A report that prints "FILE:LINE: message" to stderr. */
extern const struct tsmbd_conf_report tsmbd_conf_report_stderr;

/*
 * Parses text[0..len) (need not be NUL-terminated), naming it source in
 * messages. Returns the configuration allocated under mem_ctx, or NULL
 * when there were errors (all of them reported) or memory ran out (also
 * reported, at line 0).
 */
struct tsmbd_conf *tsmbd_conf_parse(void *mem_ctx, const char *source, const char *text,
				    size_t len, const struct tsmbd_conf_report *rep);
/* Reads and parses a file; an unreadable file is an error at line 0. */
struct tsmbd_conf *tsmbd_conf_load(void *mem_ctx, const char *path,
				   const struct tsmbd_conf_report *rep);

/* The configuration tsmbd runs with when /etc/tsmb/tsmb.conf is absent. */
extern const char tsmbd_conf_builtin[];
struct tsmbd_conf *tsmbd_conf_load_builtin(void *mem_ctx, const struct tsmbd_conf_report *rep);

/* Sets the port of every listen address (--port), then drops duplicates. */
void tsmbd_conf_override_port(struct tsmbd_conf *conf, uint16_t port);

/* The part of the configuration that the core takes today. */
void tsmbd_conf_to_server(const struct tsmbd_conf *conf, struct tsmb_server_config *out);

/* "log level" (Samba's number) as a TSMB_LOG_* level. */
int tsmbd_conf_log_level(unsigned int samba_level);

const struct tsmbd_share *tsmbd_conf_find_share(const struct tsmbd_conf *conf,
						const char *name);
/* The first share with "guest ok = yes", or NULL. */
const struct tsmbd_share *tsmbd_conf_guest_share(const struct tsmbd_conf *conf);

/*
 * The share's TSMB_UPCALL_SHARE_* flags (core/upcall/msg.h), its "encrypt"
 * resolved against [global]'s: for the tree-connect reply and for the
 * configuration pushed into tsmb.ko.
 */
uint32_t tsmbd_conf_share_flags(const struct tsmbd_conf *conf, const struct tsmbd_share *sh);

/*
 * Calls fn once for each setting (named as in the file: "listen",
 * "max connections", "[share]", ...) whose value differs between a and b.
 * Returns the number of differences.
 */
unsigned int tsmbd_conf_diff(const struct tsmbd_conf *a, const struct tsmbd_conf *b,
			     void (*fn)(void *arg, const char *what), void *arg);

/*
 * Parses a listen address ("0.0.0.0:445", "[::]:445", "192.0.2.1",
 * "[fe80::1%eth0]:445"); the port defaults to 445. 0, or -1 with *why set
 * to a static explanation.
 */
int tsmbd_conf_parse_addr(const char *s, struct tsmb_sockaddr *out, const char **why);

#endif /* TSMB_USER_CONF_H */
