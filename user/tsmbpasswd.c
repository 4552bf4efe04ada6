// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmbpasswd: manages tsmb's user database (docs/userdb.md).
 *
 *   tsmbpasswd [--config FILE] -a USER | -x USER | -d USER | -e USER | -L
 *
 * The database is the "user database" of tsmb.conf. Every SMB user must be
 * a local Unix account of the same name: that is whose files it gets.
 * Exit codes as tsmbd: 0 done, 1 failed, 2 usage or configuration error.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <talloc.h>

#include "authd/userdb.h"
#include "user/conf.h"
#include "user/tsmbd.h"

#define PASSWORD_MAX	256

enum action { ACT_NONE, ACT_ADD, ACT_DELETE, ACT_DISABLE, ACT_ENABLE, ACT_LIST };

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: tsmbpasswd [--config FILE] ACTION\n"
		"  -a, --add USER       add USER or set its password (asked twice on a\n"
		"                       terminal; otherwise one line read from stdin)\n"
		"  -x, --delete USER    remove USER\n"
		"  -d, --disable USER   keep USER but refuse its logons\n"
		"  -e, --enable USER    allow USER's logons again\n"
		"  -L, --list           list the users\n"
		"  -c, --config FILE    read FILE instead of " TSMBD_CONF_PATH "\n"
		"  -h, --help           print this help\n");
}

/* The database path: tsmb.conf's "user database", or the default without a tsmb.conf. */
static char *db_path(void *mem_ctx, const char *config)
{
	struct tsmbd_conf *conf;
	struct stat st;

	if (!config && stat(TSMBD_CONF_PATH, &st) < 0 && errno == ENOENT)
		return talloc_strdup(mem_ctx, TSMBD_DEFAULT_USER_DB);
	conf = tsmbd_conf_load(mem_ctx, config ? config : TSMBD_CONF_PATH,
			       &tsmbd_conf_report_stderr);
	return conf ? conf->user_database : NULL;
}

/* One line, without its newline; -1 on EOF before any input or a too long line. */
static int read_line(FILE *fp, char *buf, size_t len)
{
	size_t n;

	if (!fgets(buf, (int)len, fp))
		return -1;
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == len - 1)
		return -1;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

static int prompt(const char *what, char *buf, size_t len)
{
	struct termios old, quiet;
	int rc;

	fprintf(stderr, "%s", what);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old))
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet))
		return -1;
	rc = read_line(stdin, buf, len);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

static int get_password(char *pw, size_t len)
{
	char again[PASSWORD_MAX];
	int rc;

	if (!isatty(STDIN_FILENO)) {
		if (read_line(stdin, pw, len) == 0)
			return 0;
		fprintf(stderr, "tsmbpasswd: no password on stdin (one line, at most %d bytes)\n",
			PASSWORD_MAX - 2);
		return -1;
	}
	if (prompt("New SMB password: ", pw, len) || prompt("Retype new SMB password: ", again,
							      sizeof(again))) {
		fprintf(stderr, "tsmbpasswd: cannot read the password\n");
		return -1;
	}
	rc = strcmp(pw, again) ? -1 : 0;
	memset(again, 0, sizeof(again));
	if (rc)
		fprintf(stderr, "tsmbpasswd: the passwords do not match; nothing changed\n");
	return rc;
}

static int do_add(struct authd_userdb *db, const char *user)
{
	struct authd_unix_id id;
	char pw[PASSWORD_MAX];
	uint8_t hash[16];
	int rc;

	rc = authd_unix_lookup(db, user, &id);
	if (rc == -ENOENT) {
		fprintf(stderr, "tsmbpasswd: '%s' has no local Unix account; SMB users are "
			"Unix accounts of the same name (create it first, e.g. useradd %s)\n",
			user, user);
		return TSMBD_EXIT_FAIL;
	}
	if (rc) {
		fprintf(stderr, "tsmbpasswd: cannot look up Unix account '%s'\n", user);
		return TSMBD_EXIT_FAIL;
	}
	if (get_password(pw, sizeof(pw)))
		return TSMBD_EXIT_FAIL;
	rc = authd_nt_hash(pw, hash);
	memset(pw, 0, sizeof(pw));
	if (rc) {
		fprintf(stderr, "tsmbpasswd: the password is not valid UTF-8\n");
		return TSMBD_EXIT_FAIL;
	}
	rc = authd_userdb_set(db, user, hash);
	memset(hash, 0, sizeof(hash));
	if (rc) {
		fprintf(stderr, "tsmbpasswd: out of memory\n");
		return TSMBD_EXIT_FAIL;
	}
	return TSMBD_EXIT_OK;
}

static int do_list(const struct authd_userdb *db)
{
	unsigned int i;

	for (i = 0; i < db->count; i++) {
		const struct authd_userdb_entry *e = &db->users[i];
		struct authd_unix_id id;
		void *tmp = talloc_new(NULL);

		if (tmp && authd_unix_lookup(tmp, e->name, &id) == 0)
			printf("%-20s %-8s uid %u\n", e->name, e->enabled ? "enabled" : "disabled",
			       (unsigned int)id.uid);
		else
			printf("%-20s %-8s no Unix account\n", e->name,
			       e->enabled ? "enabled" : "disabled");
		talloc_free(tmp);
	}
	return TSMBD_EXIT_OK;
}

/* The database's directory, made private if it is missing (first -a). */
static int ensure_dir(const char *path)
{
	char *copy = strdup(path), *dir;
	struct stat st;
	int rc = 0;

	if (!copy)
		return -1;
	dir = dirname(copy);
	if (stat(dir, &st) < 0 && errno == ENOENT && mkdir(dir, 0700) < 0) {
		fprintf(stderr, "tsmbpasswd: cannot create %s: %s\n", dir, strerror(errno));
		rc = -1;
	}
	free(copy);
	return rc;
}

static int run(void *mem_ctx, enum action act, const char *user, const char *path)
{
	struct authd_userdb *db;
	struct authd_userdb_entry *e = NULL;
	char err[512] = "";
	int rc;

	rc = authd_userdb_load(mem_ctx, path, &db, err, sizeof(err));
	if (rc == -ENOENT && (act == ACT_ADD || act == ACT_LIST)) {
		db = talloc_zero(mem_ctx, struct authd_userdb);
		if (!db)
			return TSMBD_EXIT_FAIL;
	} else if (rc) {
		fprintf(stderr, "tsmbpasswd: %s\n", err);
		return TSMBD_EXIT_FAIL;
	}
	if (act == ACT_LIST)
		return do_list(db);
	if (act != ACT_ADD) {
		e = authd_userdb_find(db, user);
		if (!e) {
			fprintf(stderr, "tsmbpasswd: no user '%s' in %s\n", user, path);
			return TSMBD_EXIT_FAIL;
		}
	}
	if (act == ACT_ADD)
		rc = do_add(db, user);
	else if (act == ACT_DELETE)
		rc = authd_userdb_delete(db, user) ? TSMBD_EXIT_FAIL : TSMBD_EXIT_OK;
	else
		e->enabled = act == ACT_ENABLE;
	if (rc != TSMBD_EXIT_OK)
		return rc;
	if (ensure_dir(path) || authd_userdb_save(db, path, err, sizeof(err))) {
		if (err[0])
			fprintf(stderr, "tsmbpasswd: %s\n", err);
		return TSMBD_EXIT_FAIL;
	}
	return TSMBD_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "add", required_argument, NULL, 'a' },
		{ "delete", required_argument, NULL, 'x' },
		{ "disable", required_argument, NULL, 'd' },
		{ "enable", required_argument, NULL, 'e' },
		{ "list", no_argument, NULL, 'L' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum action act = ACT_NONE;
	const char *user = NULL, *config = NULL;
	void *mem_ctx;
	char *path;
	int c, rc;

	while ((c = getopt_long(argc, argv, "a:x:d:e:Lc:h", longopts, NULL)) != -1) {
		enum action a = c == 'a' ? ACT_ADD : c == 'x' ? ACT_DELETE : c == 'd' ?
				ACT_DISABLE : c == 'e' ? ACT_ENABLE : c == 'L' ? ACT_LIST : ACT_NONE;

		if (c == 'h') {
			usage(stdout);
			return TSMBD_EXIT_OK;
		} else if (c == 'c') {
			config = optarg;
		} else if (a != ACT_NONE && act == ACT_NONE) {
			act = a;
			user = a == ACT_LIST ? NULL : optarg;
		} else {
			if (a != ACT_NONE)
				fprintf(stderr, "tsmbpasswd: one action at a time\n");
			usage(stderr);
			return TSMBD_EXIT_CONFIG;
		}
	}
	if (act == ACT_NONE || optind != argc) {
		usage(stderr);
		return TSMBD_EXIT_CONFIG;
	}
	if (user && !authd_userdb_name_ok(user)) {
		fprintf(stderr, "tsmbpasswd: '%s' is not a valid user name\n", user);
		return TSMBD_EXIT_CONFIG;
	}
	mem_ctx = talloc_new(NULL);
	path = mem_ctx ? db_path(mem_ctx, config) : NULL;
	if (!path) {
		talloc_free(mem_ctx);
		return TSMBD_EXIT_CONFIG;
	}
	rc = run(mem_ctx, act, user, path);
	talloc_free(mem_ctx);
	return rc;
}
