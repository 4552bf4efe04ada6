// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The configuration tsmbd pushes into tsmb.ko (kernel format): tsmb.conf
 * as an up-call CONFIG message. Only what the module needs to serve files
 * goes in; the user database, "valid users" and the guest account stay
 * here, behind the LOGIN and TREE_CONNECT up-calls.
 */
#include <string.h>
#include <talloc.h>

#include <tsmb/os/errno.h>

#include "core/upcall/msg.h"
#include "user/conf_push.h"

/* A first guess that holds a few dozen shares; doubled until it fits. */
#define CONF_PUSH_FIRST_CAP	(16u << 10)

/*
 * Free text (comments, the server string) is for display only: cut it at
 * the ABI's bound rather than refuse the configuration, on a character
 * boundary so that it stays valid UTF-8.
 */
static size_t text_len(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n <= max)
		return n;
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static uint32_t global_flags(const struct tsmbd_conf *conf)
{
	uint32_t f = 0;

	if (conf->signing == TSMBD_SIGNING_REQUIRED)
		f |= TSMB_UPCALL_GLOBAL_SIGNING_REQ;
	if (conf->encrypt == TSMBD_ENCRYPT_REQUIRED)
		f |= TSMB_UPCALL_GLOBAL_ENCRYPT;
	else if (conf->encrypt == TSMBD_ENCRYPT_DESIRED)
		f |= TSMB_UPCALL_GLOBAL_ENCRYPT_DESIRED;
	return f;
}

_Static_assert(TSMB_MAX_LISTEN <= TSMB_UPCALL_LISTEN_MAX, "LISTEN cannot hold every address");

static void put_listen(struct tsmb_upcall_enc *e, const struct tsmbd_conf *conf)
{
	struct tsmb_upcall_addr a[TSMB_MAX_LISTEN];
	unsigned int i;

	if (!conf->nr_listen)
		return;
	for (i = 0; i < conf->nr_listen; i++)
		tsmb_upcall_addr_from(&a[i], &conf->listen[i]);
	tsmb_upcall_put_addrs(e, TSMB_UPCALL_A_LISTEN, a, conf->nr_listen);
}

static void put_share(struct tsmb_upcall_enc *e, const struct tsmbd_conf *conf,
		      const struct tsmbd_share *sh)
{
	size_t clen = text_len(sh->comment, TSMB_UPCALL_NAME_MAX);

	tsmb_upcall_share_begin(e);
	tsmb_upcall_put_str(e, TSMB_UPCALL_A_SHARE_NAME, sh->name, strlen(sh->name));
	tsmb_upcall_put_str(e, TSMB_UPCALL_A_SHARE_PATH, sh->path, strlen(sh->path));
	tsmb_upcall_put_u32(e, TSMB_UPCALL_A_SHARE_FLAGS, tsmbd_conf_share_flags(conf, sh));
	if (clen)
		tsmb_upcall_put_str(e, TSMB_UPCALL_A_SHARE_COMMENT, sh->comment, clen);
	tsmb_upcall_share_end(e);
}

static int encode(const struct tsmbd_conf *conf, const struct tsmbd_conf_push_opts *o,
		  uint8_t *buf, size_t cap, size_t *len)
{
	struct tsmb_upcall_enc e;
	unsigned int i;

	tsmb_upcall_enc_begin(&e, buf, cap, TSMB_UPCALL_CONFIG, 0, o->req_id, 0);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_NETBIOS_NAME, conf->netbios_name,
			    strlen(conf->netbios_name));
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_WORKGROUP, conf->workgroup,
			    strlen(conf->workgroup));
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SERVER_STRING, conf->server_string,
			    text_len(conf->server_string, TSMB_UPCALL_NAME_MAX));
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_GLOBAL_FLAGS, global_flags(conf));
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_MAX_CONNECTIONS, conf->max_connections);
	put_listen(&e, conf);
	if (o->server_guid)
		tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SERVER_GUID, o->server_guid, 16);
	for (i = 0; i < conf->nr_shares; i++)
		put_share(&e, conf, conf->shares[i]);
	return tsmb_upcall_enc_end(&e, len);
}

int tsmbd_conf_push_encode(const struct tsmbd_conf *conf, const struct tsmbd_conf_push_opts *o,
			   void *mem_ctx, uint8_t **out, size_t *len)
{
	size_t cap = CONF_PUSH_FIRST_CAP;
	uint8_t *buf;
	int rc;

	*out = NULL;
	*len = 0;
	if (conf->nr_shares > TSMB_UPCALL_SHARES_MAX)
		return -TSMB_E2BIG;
	for (;;) {
		buf = talloc_size(mem_ctx, cap);
		if (!buf)
			return -TSMB_ENOMEM;
		rc = encode(conf, o, buf, cap, len);
		if (rc != -TSMB_EMSGSIZE || cap >= TSMB_UPCALL_MSG_MAX)
			break;
		talloc_free(buf);
		cap *= 2;
	}
	if (rc) {
		talloc_free(buf);
		*len = 0;
		return rc == -TSMB_EMSGSIZE ? -TSMB_E2BIG : rc;
	}
	*out = buf;
	return 0;
}
