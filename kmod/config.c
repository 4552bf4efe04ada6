// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CONFIG tsmbd pushes: the first one makes and starts the module's
 * server; a later one (tsmbd restarted, or told to reload) keeps the
 * running server and its clients, adds the shares that are new and says
 * in dmesg what only a reload of the module applies.
 *
 * Runs in tsmbd's process context (the CONFIG command), so share paths
 * resolve as tsmbd sees them, with its root and credentials.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/upcall.h>

#include "core/lib/status.h"
#include "core/tree/share.h"
#include "core/upcall/msg.h"
#include "kmod/kmod.h"

static uint max_connections;
module_param(max_connections, uint, 0444);
MODULE_PARM_DESC(max_connections,
		 "Cap over tsmb.conf's \"max connections\" (default 0: no cap)");

/* A share of the configuration as the server serves it. */
struct tsmb_kmod_share {
	struct list_head node;
	bool seen;		/* named by the CONFIG being applied */
	u32 flags;
	char *path;
	char *name;
};

static DEFINE_MUTEX(tsmb_cfg_lock);	/* everything below */
static struct tsmb_server *tsmb_srv;	/* NULL until the first CONFIG */
static struct tsmb_os_upcall *tsmb_chan;
static struct tsmb_server_config tsmb_running;	/* what tsmb_srv was made with */
static LIST_HEAD(tsmb_shares);		/* struct tsmb_kmod_share */

static void tsmb_share_free(struct tsmb_kmod_share *s)
{
	kfree(s->name);
	kfree(s->path);
	kfree(s);
}

static void tsmb_shares_free(void)
{
	struct tsmb_kmod_share *s, *n;

	list_for_each_entry_safe(s, n, &tsmb_shares, node) {
		list_del(&s->node);
		tsmb_share_free(s);
	}
}

static unsigned int tsmb_shares_count(void)
{
	struct tsmb_kmod_share *s;
	unsigned int n = 0;

	list_for_each_entry(s, &tsmb_shares, node)
		n++;
	return n;
}

static struct tsmb_kmod_share *tsmb_share_find(const char *name)
{
	struct tsmb_kmod_share *s;

	list_for_each_entry(s, &tsmb_shares, node)
		if (!strcasecmp(s->name, name))
			return s;
	return NULL;
}

/* A SHARE attribute as a record; NULL when out of memory. */
static struct tsmb_kmod_share *tsmb_share_read(const struct tsmb_upcall_msg *m)
{
	struct tsmb_kmod_share *s;
	const char *name, *path;
	size_t nlen, plen;

	/* The decoder checked that a SHARE has all three. */
	if (tsmb_upcall_get_str(m, TSMB_UPCALL_A_SHARE_NAME, &name, &nlen) ||
	    tsmb_upcall_get_str(m, TSMB_UPCALL_A_SHARE_PATH, &path, &plen))
		return NULL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_SHARE_FLAGS, &s->flags);
	s->name = kmemdup_nul(name, nlen, GFP_KERNEL);
	s->path = kmemdup_nul(path, plen, GFP_KERNEL);
	if (!s->name || !s->path) {
		tsmb_share_free(s);
		return NULL;
	}
	return s;
}

/* Serves s (the list takes it) or leaves it out with a dmesg line. */
static void tsmb_share_add(struct tsmb_kmod_share *s)
{
	int err;

	/* The decoder refused NUL in strings, so these are the whole of them. */
	err = tsmb_server_add_share(tsmb_srv, s->name, s->path, s->flags);
	if (err) {
		pr_err("share [%s] (%s) is not served (error %d)\n", s->name, s->path, err);
		tsmb_share_free(s);
		return;
	}
	list_add_tail(&s->node, &tsmb_shares);
}

/* A later CONFIG's share: new ones are added, changed ones reported. */
static void tsmb_share_again(struct tsmb_kmod_share *s)
{
	struct tsmb_kmod_share *old = tsmb_share_find(s->name);

	if (!old) {
		pr_info("share [%s] (%s) added\n", s->name, s->path);
		s->seen = true;
		tsmb_share_add(s);
		return;
	}
	old->seen = true;
	if (strcmp(old->path, s->path) || old->flags != s->flags)
		pr_notice("share [%s] changed: the module serves %s (flags 0x%x) until it is reloaded\n",
			  old->name, old->path, old->flags);
	tsmb_share_free(s);
}

/* Every SHARE of m, through add (the first CONFIG) or again (a later one). */
static void tsmb_shares_apply(const struct tsmb_upcall_msg *m,
			      void (*apply)(struct tsmb_kmod_share *s))
{
	struct tsmb_upcall_msg *sh;
	struct tsmb_kmod_share *s;
	size_t pos = 0;

	sh = kmalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh) {
		pr_err("out of memory reading the shares\n");
		return;
	}
	while (tsmb_upcall_next_share(m, &pos, sh)) {
		s = tsmb_share_read(sh);
		if (!s) {
			pr_err("out of memory reading the shares\n");
			break;
		}
		apply(s);
	}
	kfree(sh);
}

/* Shares served that the last CONFIG did not name again. */
static void tsmb_shares_report_gone(void)
{
	struct tsmb_kmod_share *s;

	list_for_each_entry(s, &tsmb_shares, node) {
		if (!s->seen)
			pr_notice("share [%s] is no longer configured; it is served until the module is reloaded\n",
				  s->name);
		s->seen = false;
	}
}

/* cfg from m; -TSMB_EINVAL (logged) for what the server cannot take. */
static int tsmb_config_read(const struct tsmb_upcall_msg *m, struct tsmb_server_config *cfg)
{
	struct tsmb_upcall_addr a[TSMB_MAX_LISTEN];
	const u8 *guid;
	size_t i, n;
	u32 v = 0;

	memset(cfg, 0, sizeof(*cfg));
	/* Absent: the server's default, 0.0.0.0 and :: on port 445. */
	if (!tsmb_upcall_get_addrs(m, TSMB_UPCALL_A_LISTEN, a, ARRAY_SIZE(a), &n)) {
		if (n > ARRAY_SIZE(a)) {
			pr_err("configuration: %zu listen addresses, at most %d\n", n,
			       TSMB_MAX_LISTEN);
			return -TSMB_EINVAL;
		}
		for (i = 0; i < n; i++)
			tsmb_upcall_addr_to(&cfg->listen[i], &a[i]);
		cfg->nr_listen = n;
	}
	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_GLOBAL_FLAGS, &v);
	cfg->require_signing = v & TSMB_UPCALL_GLOBAL_SIGNING_REQ;
	cfg->encrypt = v & TSMB_UPCALL_GLOBAL_ENCRYPT ? TSMB_ENCRYPT_REQUIRED :
		       v & TSMB_UPCALL_GLOBAL_ENCRYPT_DESIRED ? TSMB_ENCRYPT_DESIRED :
		       TSMB_ENCRYPT_OFF;
	v = 0;
	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_MAX_CONNECTIONS, &v);
	cfg->max_connections = v;
	if (max_connections && (!v || v > max_connections))
		cfg->max_connections = max_connections;
	if (!tsmb_upcall_get_bytes(m, TSMB_UPCALL_A_SERVER_GUID, &guid, &n) &&
	    n == sizeof(cfg->server_guid))
		memcpy(cfg->server_guid, guid, n);
	return 0;
}

static void tsmb_format_listen(const struct tsmb_server_config *cfg, char *buf, size_t len)
{
	char one[TSMB_ADDR_STRLEN];
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	if (!cfg->nr_listen) {
		strscpy(buf, "0.0.0.0:445 [::]:445 (default)", len);
		return;
	}
	for (i = 0; i < cfg->nr_listen && used < len; i++) {
		tsmb_addr_format(&cfg->listen[i], one, sizeof(one));
		used += scnprintf(buf + used, len - used, "%s%s", i ? " " : "", one);
	}
}

/* Under the lock: back to no server (stopping disconnects its clients). */
static void tsmb_teardown(void)
{
	if (tsmb_srv) {
		tsmb_server_stop(tsmb_srv);
		tsmb_server_destroy(tsmb_srv);
		tsmb_srv = NULL;
	}
	tsmb_shares_free();
	if (tsmb_chan)
		tsmb_os_upcall_destroy(tsmb_chan);
	tsmb_chan = NULL;
	memset(&tsmb_running, 0, sizeof(tsmb_running));
}

static u32 tsmb_config_first(const struct tsmb_upcall_msg *m)
{
	struct tsmb_server_config *cfg = &tsmb_running;
	char where[TSMB_MAX_LISTEN * 24];
	int err;

	err = tsmb_config_read(m, cfg);
	if (err)
		return STATUS_INVALID_PARAMETER;
	tsmb_format_listen(cfg, where, sizeof(where));
	err = tsmb_os_upcall_create(&tsmb_chan);
	if (err)
		goto fail;
	cfg->upcall = tsmb_chan;
	err = tsmb_server_create(cfg, &tsmb_srv);
	if (err) {
		pr_err("cannot create the server (error %d)\n", err);
		goto fail;
	}
	tsmb_shares_apply(m, tsmb_share_add);
	err = tsmb_server_add_share(tsmb_srv, "IPC$", NULL, 0);
	if (err && err != -TSMB_EEXIST) {
		pr_err("cannot add IPC$ (error %d)\n", err);
		goto fail;
	}
	err = tsmb_server_start(tsmb_srv);
	if (err) {
		pr_err("cannot listen on %s (error %d); configuration not applied\n", where, err);
		goto fail;
	}
	pr_info("configured by tsmbd: %u share(s) besides IPC$, listening on %s\n",
		tsmb_shares_count(), where);
	return STATUS_SUCCESS;
fail:
	tsmb_teardown();
	return tsmb_status_from_errno(err).v;
}

/* A CONFIG while the server runs: what it cannot change is only reported. */
static u32 tsmb_config_again(const struct tsmb_upcall_msg *m)
{
	struct tsmb_server_config *cfg, *cur = &tsmb_running;
	char where[TSMB_MAX_LISTEN * 24];

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (tsmb_config_read(m, cfg)) {
		kfree(cfg);
		return STATUS_INVALID_PARAMETER;
	}
	if (cfg->nr_listen != cur->nr_listen ||
	    memcmp(cfg->listen, cur->listen, cur->nr_listen * sizeof(cur->listen[0]))) {
		tsmb_format_listen(cur, where, sizeof(where));
		pr_notice("listen addresses changed: the module listens on %s until it is reloaded\n",
			  where);
	}
	if (cfg->require_signing != cur->require_signing || cfg->encrypt != cur->encrypt)
		pr_notice("signing or encryption settings changed: applied when the module is reloaded\n");
	if (cfg->max_connections != cur->max_connections)
		pr_notice("max connections changed: applied when the module is reloaded\n");
	if (memcmp(cfg->server_guid, cur->server_guid, sizeof(cfg->server_guid)))
		pr_notice("server GUID changed: applied when the module is reloaded\n");
	kfree(cfg);
	tsmb_shares_apply(m, tsmb_share_again);
	tsmb_shares_report_gone();
	pr_info("configured again by tsmbd: the running server keeps its clients, %u share(s)\n",
		tsmb_shares_count());
	return STATUS_SUCCESS;
}

int tsmb_kmod_config(const u8 *msg, size_t len, u8 *rsp, size_t cap, size_t *rsp_len)
{
	struct tsmb_upcall_msg *m;
	struct tsmb_upcall_enc e;
	u32 status;
	int err;

	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	err = tsmb_upcall_decode(msg, len, m);
	if (!err && (m->type != TSMB_UPCALL_CONFIG || tsmb_upcall_is_reply(m)))
		err = -TSMB_EINVAL;
	if (err) {
		pr_err("tsmbd sent a configuration that does not decode (error %d)\n", err);
		goto out;
	}
	mutex_lock(&tsmb_cfg_lock);
	status = tsmb_srv ? tsmb_config_again(m) : tsmb_config_first(m);
	mutex_unlock(&tsmb_cfg_lock);
	tsmb_upcall_enc_begin(&e, rsp, cap, TSMB_UPCALL_CONFIG, TSMB_UPCALL_F_REPLY, m->req_id,
			      m->handle);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, status);
	err = tsmb_upcall_enc_end(&e, rsp_len);
out:
	kfree(m);
	return err;
}

void tsmb_kmod_config_exit(void)
{
	mutex_lock(&tsmb_cfg_lock);
	tsmb_teardown();
	mutex_unlock(&tsmb_cfg_lock);
}

void tsmb_kmod_get_status(struct tsmb_kmod_status *st)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	mutex_lock(&tsmb_cfg_lock);
	if (tsmb_srv) {
		st->running = true;
		for (i = 0; i < TSMB_MAX_LISTEN; i++)
			if (tsmb_server_local_addr(tsmb_srv, i, &st->listen[i]))
				break;
		st->nr_listen = i;
		tsmb_server_get_stats(tsmb_srv, &st->stats);
	}
	mutex_unlock(&tsmb_cfg_lock);
}
