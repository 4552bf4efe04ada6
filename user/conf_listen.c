// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmb.conf: listen addresses.
 *
 * Only numeric addresses: a host name would make the set of addresses the
 * server listens on depend on the resolver at start-up.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user/conf_priv.h"

_Static_assert(TSMB_AF_INET == AF_INET && TSMB_AF_INET6 == AF_INET6, "Linux's numbers");

/* Room for an IPv6 address, '%' and an interface name. */
#define TSMBD_HOST_MAX	(INET6_ADDRSTRLEN + IF_NAMESIZE + 1)

static int parse_port(const char *s, uint16_t *out, const char **why)
{
	unsigned long v = 0;

	if (!*s) {
		*why = "missing port number after ':'";
		return -1;
	}
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (v = v * 10 + (unsigned long)(*s - '0')) > 65535) {
			*why = "the port must be a number from 1 to 65535";
			return -1;
		}
	}
	if (!v) {
		*why = "the port must be a number from 1 to 65535";
		return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

/* "eth0" or "2": the interface of a link-local IPv6 address. */
static int parse_scope(const char *s, uint32_t *out, const char **why)
{
	char *end;
	unsigned long v;

	if (!*s) {
		*why = "missing interface name after '%'";
		return -1;
	}
	if (*s >= '0' && *s <= '9') {
		v = strtoul(s, &end, 10);
		if (*end || !v || v > UINT32_MAX) {
			*why = "bad interface index after '%'";
			return -1;
		}
		*out = (uint32_t)v;
		return 0;
	}
	*out = if_nametoindex(s);
	if (!*out) {
		*why = "no network interface with the name given after '%'";
		return -1;
	}
	return 0;
}

/* Splits s into host (copied to host[]) and port (or NULL); the family it must be. */
static int split_addr(const char *s, char *host, const char **port, uint16_t *family,
		      const char **why)
{
	const char *end, *colon;
	size_t n;

	*port = NULL;
	if (*s == '[') {
		end = strchr(s, ']');
		if (!end) {
			*why = "missing ']' after the IPv6 address";
			return -1;
		}
		if (end[1] == ':')
			*port = end + 2;
		else if (end[1]) {
			*why = "expected ':port' after ']'";
			return -1;
		}
		s++;
		n = (size_t)(end - s);
		*family = TSMB_AF_INET6;
	} else {
		colon = strchr(s, ':');
		/* More than one ':' is an IPv6 address without brackets or port. */
		if (colon && !strchr(colon + 1, ':')) {
			*port = colon + 1;
			n = (size_t)(colon - s);
			*family = TSMB_AF_INET;
		} else {
			n = strlen(s);
			*family = colon ? TSMB_AF_INET6 : TSMB_AF_INET;
		}
	}
	if (!n || n >= TSMBD_HOST_MAX) {
		*why = n ? "address too long" : "missing address";
		return -1;
	}
	memcpy(host, s, n);
	host[n] = '\0';
	return 0;
}

int tsmbd_conf_parse_addr(const char *s, struct tsmb_sockaddr *out, const char **why)
{
	char host[TSMBD_HOST_MAX];
	const char *port;
	char *pct;

	memset(out, 0, sizeof(*out));
	out->port = TSMB_DEFAULT_PORT;
	if (split_addr(s, host, &port, &out->family, why) < 0)
		return -1;
	if (port && parse_port(port, &out->port, why) < 0)
		return -1;
	pct = strchr(host, '%');
	if (pct) {
		if (out->family != TSMB_AF_INET6) {
			*why = "only IPv6 addresses take an interface ('%')";
			return -1;
		}
		*pct = '\0';
		if (parse_scope(pct + 1, &out->scope_id, why) < 0)
			return -1;
	}
	if (out->family == TSMB_AF_INET && inet_pton(AF_INET, host, out->addr) != 1) {
		*why = "not an IPv4 address (host names are not accepted; IPv6 goes in [])";
		return -1;
	}
	if (out->family == TSMB_AF_INET6 && inet_pton(AF_INET6, host, out->addr) != 1) {
		*why = "not an IPv6 address";
		return -1;
	}
	return 0;
}

void tsmbd_conf_default_listen(struct tsmbd_conf *conf)
{
	memset(conf->listen, 0, sizeof(conf->listen));
	conf->listen[0].family = TSMB_AF_INET;
	conf->listen[0].port = TSMB_DEFAULT_PORT;
	conf->listen[1].family = TSMB_AF_INET6;
	conf->listen[1].port = TSMB_DEFAULT_PORT;
	conf->nr_listen = 2;
	conf->listen_default = true;
}
