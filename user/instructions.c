// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What tsmbd tells the admin on the terminal once the server is up.
 *
 * Keep this honest about what the server can do: update it as the server
 * grows (sessions, tree connects, file access), so that the first thing a
 * new user tries is something that works.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/server.h"
#include "user/tsmbd.h"

#ifndef TSMBD_VERSION
#define TSMBD_VERSION "unknown"
#endif

static bool is_any(const struct tsmb_sockaddr *a)
{
	static const uint8_t zero[16];

	return !memcmp(a->addr, zero, a->family == TSMB_AF_INET ? 4 : 16);
}

/*
 * The address a local smbclient should use: IPv4 first (the form everyone
 * recognises), loopback for a wildcard.
 */
static const struct tsmb_sockaddr *check_addr(const struct tsmbd_conf *conf, char *host,
					      size_t len)
{
	const struct tsmb_sockaddr *a = NULL;
	char ifname[IF_NAMESIZE];
	unsigned int i;
	size_t n;

	for (i = 0; i < conf->nr_listen && !a; i++)
		if (conf->listen[i].family == TSMB_AF_INET)
			a = &conf->listen[i];
	if (!a && conf->nr_listen)
		a = &conf->listen[0];
	if (!a)
		return NULL;
	if (is_any(a)) {
		snprintf(host, len, "%s", a->family == TSMB_AF_INET ? "127.0.0.1" : "::1");
		return a;
	}
	inet_ntop(a->family == TSMB_AF_INET ? AF_INET : AF_INET6, a->addr, host, (socklen_t)len);
	n = strlen(host);
	if (a->scope_id && if_indextoname(a->scope_id, ifname))
		snprintf(host + n, len - n, "%%%s", ifname);
	return a;
}

static void print_shares(FILE *out, const struct tsmbd_conf *conf)
{
	const struct tsmbd_share *s;
	unsigned int i;

	fprintf(out, "Shares (from %s):\n", conf->source);
	if (!conf->nr_shares)
		fprintf(out, "  (none)\n");
	for (i = 0; i < conf->nr_shares; i++) {
		s = conf->shares[i];
		fprintf(out, "  [%s]  %s  %s%s%s%s\n", s->name, s->path,
			s->read_only ? "read-only" : "writable",
			s->guest_ok ? ", guest ok" : "", *s->comment ? "  - " : "", s->comment);
	}
}

void tsmbd_print_instructions(FILE *out, const struct tsmbd_conf *conf, bool kernel)
{
	const struct tsmb_sockaddr *a;
	char addr[64], host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	unsigned int i;

	if (kernel) {
		fprintf(out, "tsmbd %s is running (pid %ld) as the service host of tsmb.ko: the "
			"module serves SMB,\ntsmbd answers its log-ons and access checks. Ctrl-C "
			"or SIGTERM stops tsmbd\n(the module then refuses new log-ons until tsmbd "
			"is back).\n\n", TSMBD_VERSION, (long)getpid());
		fprintf(out, "tsmb.ko serves on:\n");
	} else {
		fprintf(out, "tsmbd %s is running (pid %ld). Ctrl-C or SIGTERM stops it; SIGHUP "
			"re-reads the configuration.\n\n", TSMBD_VERSION, (long)getpid());
		fprintf(out, "Listening on:\n");
	}
	for (i = 0; i < conf->nr_listen; i++) {
		tsmb_addr_format(&conf->listen[i], addr, sizeof(addr));
		fprintf(out, "  %s\n", addr);
	}
	fprintf(out, "\n");
	print_shares(out, conf);
	a = check_addr(conf, host, sizeof(host));
	if (!a)
		return;
	fprintf(out, "\nTo use it:\n");
	if (tsmbd_conf_guest_share(conf))
		fprintf(out, "  smbclient //%s/%s -p %u -N -c ls          (as a guest)\n",
			a->family == TSMB_AF_INET ? host : "localhost",
			tsmbd_conf_guest_share(conf)->name, a->port);
	fprintf(out, "  tsmbpasswd%s%s -a USER   adds an SMB user (an existing Unix account)\n",
		tsmbd_conf_is_builtin(conf) ? "" : " --config ",
		tsmbd_conf_is_builtin(conf) ? "" : conf->source);
	fprintf(out, "  smbclient //%s/SHARE -p %u -U USER -c ls\n",
		a->family == TSMB_AF_INET ? host : "localhost", a->port);
	if (a->family != TSMB_AF_INET)
		fprintf(out, "  (add -I %s to reach the IPv6 address)\n", host);
}
