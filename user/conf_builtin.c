// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The configuration tsmbd runs with when there is no /etc/tsmb/tsmb.conf,
 * so that a fresh install serves something useful: one writable guest
 * share. It goes through the same parser as a file, so it cannot drift
 * from what the parser accepts (a unit test parses it).
 */
#include <string.h>

#include "user/conf.h"

const char tsmbd_conf_builtin[] =
	"# tsmbd's built-in configuration, used when " TSMBD_CONF_PATH " does not exist.\n"
	"[global]\n"
	"\tlisten = 0.0.0.0:445\n"
	"\tlisten = [::]:445\n"
	"\t# Clients that log on as an unknown user or anonymously become the guest.\n"
	"\tmap to guest = bad user\n"
	"\n"
	"[public]\n"
	"\tpath = /srv/tsmb/public\n"
	"\tcomment = tsmb default share\n"
	"\tread only = no\n"
	"\tguest ok = yes\n";

struct tsmbd_conf *tsmbd_conf_load_builtin(void *mem_ctx, const struct tsmbd_conf_report *rep)
{
	struct tsmbd_conf *conf;

	conf = tsmbd_conf_parse(mem_ctx, TSMBD_CONF_BUILTIN_NAME, tsmbd_conf_builtin,
				strlen(tsmbd_conf_builtin), rep);
	/* The same addresses as an absent "listen": fall back like the defaults. */
	if (conf)
		conf->listen_default = true;
	return conf;
}
