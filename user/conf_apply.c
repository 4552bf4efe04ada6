// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Using a parsed configuration: what the core gets, the command line's
 * port override, and what changed between two of them (for SIGHUP).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/upcall/msg.h"
#include "user/conf_priv.h"

#include <tsmb/os/log.h>

void tsmbd_conf_override_port(struct tsmbd_conf *conf, uint16_t port)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < conf->nr_listen; i++) {
		conf->listen[i].port = port;
		/* "0.0.0.0:445" and "0.0.0.0:446" are now the same address. */
		for (j = 0; j < n; j++)
			if (!memcmp(&conf->listen[j], &conf->listen[i], sizeof(conf->listen[i])))
				break;
		if (j == n)
			conf->listen[n++] = conf->listen[i];
	}
	conf->nr_listen = n;
}

void tsmbd_conf_to_server(const struct tsmbd_conf *conf, struct tsmb_server_config *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->listen, conf->listen, sizeof(out->listen));
	out->nr_listen = conf->nr_listen;
	out->max_connections = conf->max_connections;
	out->require_signing = conf->signing == TSMBD_SIGNING_REQUIRED;
	out->encrypt = conf->encrypt == TSMBD_ENCRYPT_REQUIRED ? TSMB_ENCRYPT_REQUIRED :
		       conf->encrypt == TSMBD_ENCRYPT_DESIRED ? TSMB_ENCRYPT_DESIRED :
		       TSMB_ENCRYPT_OFF;
}

/* Samba's scale: 0 errors, 1 notices, 2 information, 3 and up debugging. */
int tsmbd_conf_log_level(unsigned int samba_level)
{
	switch (samba_level) {
	case 0:
		return TSMB_LOG_ERR;
	case 1:
		return TSMB_LOG_NOTICE;
	case 2:
		return TSMB_LOG_INFO;
	default:
		return TSMB_LOG_DEBUG;
	}
}

const struct tsmbd_share *tsmbd_conf_find_share(const struct tsmbd_conf *conf,
						const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->nr_shares; i++)
		if (!strcasecmp(conf->shares[i]->name, name))
			return conf->shares[i];
	return NULL;
}

static bool str_eq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static bool names_eq(const struct tsmbd_names *a, const struct tsmbd_names *b)
{
	unsigned int i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
		if (strcmp(a->names[i], b->names[i]))
			return false;
	return true;
}

static bool share_eq(const struct tsmbd_share *a, const struct tsmbd_share *b)
{
	return !strcmp(a->name, b->name) && str_eq(a->path, b->path) &&
	       str_eq(a->comment, b->comment) && a->read_only == b->read_only &&
	       a->guest_ok == b->guest_ok && a->browseable == b->browseable &&
	       a->encrypt == b->encrypt && names_eq(&a->valid_users, &b->valid_users) &&
	       names_eq(&a->invalid_users, &b->invalid_users);
}

struct tsmbd_diff {
	void (*fn)(void *arg, const char *what);
	void *arg;
	unsigned int n;
};

static void changed(struct tsmbd_diff *d, bool differs, const char *what)
{
	if (!differs)
		return;
	d->fn(d->arg, what);
	d->n++;
}

static void diff_shares(struct tsmbd_diff *d, const struct tsmbd_conf *a,
			const struct tsmbd_conf *b)
{
	const struct tsmbd_share *other;
	char what[TSMBD_SHARE_NAME_MAX + 32];
	unsigned int i;

	for (i = 0; i < a->nr_shares; i++) {
		other = tsmbd_conf_find_share(b, a->shares[i]->name);
		snprintf(what, sizeof(what), "share [%s]%s", a->shares[i]->name,
			 other ? "" : " (removed)");
		changed(d, !other || !share_eq(a->shares[i], other), what);
	}
	for (i = 0; i < b->nr_shares; i++) {
		snprintf(what, sizeof(what), "share [%s] (added)", b->shares[i]->name);
		changed(d, !tsmbd_conf_find_share(a, b->shares[i]->name), what);
	}
}

unsigned int tsmbd_conf_diff(const struct tsmbd_conf *a, const struct tsmbd_conf *b,
			     void (*fn)(void *arg, const char *what), void *arg)
{
	struct tsmbd_diff d = { fn, arg, 0 };

	changed(&d, a->nr_listen != b->nr_listen ||
		memcmp(a->listen, b->listen, a->nr_listen * sizeof(a->listen[0])), "listen");
	changed(&d, a->log_level != b->log_level, "log level");
	changed(&d, a->max_connections != b->max_connections, "max connections");
	changed(&d, a->signing != b->signing, "server signing");
	changed(&d, a->encrypt != b->encrypt, "encrypt");
	changed(&d, !str_eq(a->user_database, b->user_database), "user database");
	changed(&d, !str_eq(a->guest_account, b->guest_account), "guest account");
	changed(&d, a->map_to_guest != b->map_to_guest, "map to guest");
	changed(&d, !str_eq(a->server_string, b->server_string), "server string");
	changed(&d, !str_eq(a->netbios_name, b->netbios_name), "netbios name");
	changed(&d, !str_eq(a->workgroup, b->workgroup), "workgroup");
	changed(&d, !str_eq(a->pid_file, b->pid_file), "pid file");
	diff_shares(&d, a, b);
	return d.n;
}

const struct tsmbd_share *tsmbd_conf_guest_share(const struct tsmbd_conf *conf)
{
	unsigned int i;

	for (i = 0; i < conf->nr_shares; i++)
		if (conf->shares[i]->guest_ok)
			return conf->shares[i];
	return NULL;
}

uint32_t tsmbd_conf_share_flags(const struct tsmbd_conf *conf, const struct tsmbd_share *sh)
{
	enum tsmbd_encrypt enc = sh->encrypt == TSMBD_ENCRYPT_INHERIT ? conf->encrypt :
				 sh->encrypt;
	uint32_t f = 0;

	if (sh->read_only)
		f |= TSMB_UPCALL_SHARE_READ_ONLY;
	if (sh->guest_ok)
		f |= TSMB_UPCALL_SHARE_GUEST_OK;
	if (sh->browseable)
		f |= TSMB_UPCALL_SHARE_BROWSEABLE;
	if (enc == TSMBD_ENCRYPT_REQUIRED)
		f |= TSMB_UPCALL_SHARE_ENCRYPT;
	else if (enc == TSMBD_ENCRYPT_DESIRED)
		f |= TSMB_UPCALL_SHARE_ENCRYPT_DESIRED;
	return f;
}
