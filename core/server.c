// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/server.h"

#include <tsmb/os/crypto.h>
#include <tsmb/os/errno.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/lib/utf16.h"
#include "core/tree/share.h"
#include "core/transport/tcp.h"

#define LISTEN_BACKLOG		128
/* How long stop waits for connections to finish their last request. */
#define STOP_WAIT_MS		30000

/*
 * Reserves: enough for a few connections to make progress when the
 * allocator fails, without pinning much memory on a small NAS.
 */
#define CONN_RESERVE		4
#define BUF_SMALL_RESERVE	8
#define BUF_LARGE_RESERVE	4

struct tsmb_cache *tsmb_server_buf_cache(struct tsmb_server *srv, size_t len)
{
	if (len <= TSMB_BUF_SMALL)
		return &srv->buf_small;
	if (len <= TSMB_BUF_LARGE)
		return &srv->buf_large;
	return NULL;
}

static void default_listen(struct tsmb_server_config *cfg)
{
	tsmb_memset(cfg->listen, 0, 2 * sizeof(cfg->listen[0]));
	cfg->listen[0].family = TSMB_AF_INET;
	cfg->listen[0].port = TSMB_DEFAULT_PORT;
	cfg->listen[1].family = TSMB_AF_INET6;
	cfg->listen[1].port = TSMB_DEFAULT_PORT;
	cfg->nr_listen = 2;
}

static int check_config(struct tsmb_server_config *cfg)
{
	unsigned int i;

	if (cfg->nr_listen > TSMB_MAX_LISTEN) {
		tsmb_err("at most %d listen addresses", TSMB_MAX_LISTEN);
		return -TSMB_EINVAL;
	}
	if (cfg->nr_listen == 0)
		default_listen(cfg);
	for (i = 0; i < cfg->nr_listen; i++) {
		if (cfg->listen[i].family != TSMB_AF_INET &&
		    cfg->listen[i].family != TSMB_AF_INET6) {
			tsmb_err("listen address %u: unknown address family", i + 1);
			return -TSMB_EAFNOSUPPORT;
		}
	}
	if (cfg->max_connections == 0)
		cfg->max_connections = TSMB_DEFAULT_MAX_CONN;
	return 0;
}

static bool guid_is_zero(const uint8_t *g)
{
	int i;

	for (i = 0; i < 16; i++)
		if (g[i])
			return false;
	return true;
}

static int create_resources(struct tsmb_server *srv)
{
	int ret;

	ret = tsmb_cache_init(&srv->conn_cache, "tsmb_conn", sizeof(struct tsmb_conn),
			      CONN_RESERVE);
	if (!ret)
		ret = tsmb_cache_init(&srv->buf_small, "tsmb_buf_4k", TSMB_BUF_SMALL,
				      BUF_SMALL_RESERVE);
	if (!ret)
		ret = tsmb_cache_init(&srv->buf_large, "tsmb_buf_64k", TSMB_BUF_LARGE,
				      BUF_LARGE_RESERVE);
	if (!ret)
		ret = tsmb_os_hash_create(TSMB_HASH_SHA512, NULL, 0, &srv->sha512);
	if (!ret)
		ret = tsmb_os_net_create(&srv->net);
	if (!ret)
		ret = tsmb_os_wq_create("tsmb", 0, &srv->wq);
	return ret;
}

int tsmb_server_create(const struct tsmb_server_config *cfg, struct tsmb_server **out)
{
	struct tsmb_server *srv;
	unsigned int i;
	uint32_t r;
	int ret;

	*out = NULL;
	srv = tsmb_os_zalloc(sizeof(*srv));
	if (!srv)
		return -TSMB_ENOMEM;
	srv->cfg = *cfg;
	tsmb_os_mutex_init(&srv->lock);
	tsmb_os_completion_init(&srv->conns_gone);
	tsmb_list_init(&srv->conns);
	tsmb_os_mutex_init(&srv->shares_lock);
	tsmb_list_init(&srv->shares);
	tsmb_os_mutex_init(&srv->files_lock);
	tsmb_list_init(&srv->oplock_notify);
	tsmb_list_init(&srv->oplock_waiters);
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		tsmb_list_init(&srv->file_buckets[i]);
	ret = check_config(&srv->cfg);
	if (!ret)
		ret = create_resources(srv);
	if (ret) {
		tsmb_server_destroy(srv);
		return ret;
	}
	if (guid_is_zero(srv->cfg.server_guid))
		tsmb_os_random(srv->guid, sizeof(srv->guid));
	else
		tsmb_memcpy(srv->guid, srv->cfg.server_guid, sizeof(srv->guid));
	/* SessionIds of two runs should not meet: a random upper half */
	tsmb_os_random(&r, sizeof(r));
	tsmb_atomic64_set(&srv->next_session_id, (int64_t)(((uint64_t)(r & 0x7fffffffu) << 32) | 1));
	*out = srv;
	return 0;
}

static void close_listeners(struct tsmb_server *srv)
{
	unsigned int i;

	for (i = 0; i < srv->nr_listeners; i++) {
		struct tsmb_listener *l = &srv->listeners[i];

		tsmb_os_sock_unwatch(l->sock);
		tsmb_os_work_cancel_sync(&l->work);
		tsmb_os_sock_close(l->sock);
		l->sock = NULL;
	}
	srv->nr_listeners = 0;
}

static int open_listener(struct tsmb_server *srv, const struct tsmb_sockaddr *addr)
{
	struct tsmb_listener *l = &srv->listeners[srv->nr_listeners];
	int ret;

	l->srv = srv;
	tsmb_addr_format(addr, l->name, sizeof(l->name));
	tsmb_os_work_init(&l->work, tsmb_tcp_accept_work);
	ret = tsmb_os_sock_listen(srv->net, addr, LISTEN_BACKLOG, &l->sock);
	if (ret) {
		tsmb_err("cannot listen on %s: error %d%s", l->name, -ret,
			 ret == -TSMB_EADDRINUSE ? " (address in use)" :
			 ret == -TSMB_EACCES ? " (permission denied)" :
			 ret == -TSMB_EADDRNOTAVAIL ? " (no such local address)" : "");
		return ret;
	}
	srv->nr_listeners++;
	ret = tsmb_os_sock_watch(l->sock, srv->wq, &l->work);
	if (ret) {
		tsmb_err("cannot watch %s: error %d", l->name, -ret);
		return ret;
	}
	tsmb_notice("listening on %s", l->name);
	return 0;
}

int tsmb_server_start(struct tsmb_server *srv)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < srv->cfg.nr_listen && !ret; i++)
		ret = open_listener(srv, &srv->cfg.listen[i]);
	if (ret)
		close_listeners(srv);
	return ret;
}

void tsmb_server_stop(struct tsmb_server *srv)
{
	struct tsmb_list *pos;
	unsigned int left;

	tsmb_os_mutex_lock(&srv->lock);
	srv->stopping = true;
	tsmb_os_mutex_unlock(&srv->lock);
	close_listeners(srv);

	tsmb_os_mutex_lock(&srv->lock);
	tsmb_list_for_each(pos, &srv->conns) {
		struct tsmb_conn *conn = tsmb_list_entry(pos, struct tsmb_conn, node);

		tsmb_os_sock_shutdown(conn->sock);
	}
	left = srv->nr_conns;
	tsmb_os_mutex_unlock(&srv->lock);
	if (left && tsmb_os_completion_wait(&srv->conns_gone, STOP_WAIT_MS))
		tsmb_err("%u connections did not close within %d s", left, STOP_WAIT_MS / 1000);
}

void tsmb_server_destroy(struct tsmb_server *srv)
{
	if (!srv)
		return;
	if (srv->wq)
		tsmb_os_wq_destroy(srv->wq);
	if (srv->net)
		tsmb_os_net_destroy(srv->net);
	if (srv->sha512)
		tsmb_os_hash_destroy(srv->sha512);
	while (!tsmb_list_empty(&srv->shares)) {
		struct tsmb_share *sh = tsmb_list_entry(srv->shares.next, struct tsmb_share, node);

		tsmb_list_del(&sh->node);
		if (sh->root)
			tsmb_os_file_close(sh->root);
		tsmb_os_free(sh);
	}
	tsmb_os_mutex_destroy(&srv->shares_lock);
	tsmb_os_mutex_destroy(&srv->files_lock);
	tsmb_cache_fini(&srv->buf_large);
	tsmb_cache_fini(&srv->buf_small);
	tsmb_cache_fini(&srv->conn_cache);
	tsmb_os_completion_destroy(&srv->conns_gone);
	tsmb_os_mutex_destroy(&srv->lock);
	tsmb_os_free(srv);
}

int tsmb_server_local_addr(struct tsmb_server *srv, unsigned int i, struct tsmb_sockaddr *out)
{
	if (i >= srv->nr_listeners)
		return -TSMB_ENOENT;
	return tsmb_os_sock_local(srv->listeners[i].sock, out);
}

void tsmb_server_get_stats(struct tsmb_server *srv, struct tsmb_server_stats *st)
{
	tsmb_os_mutex_lock(&srv->lock);
	st->connections = srv->nr_conns;
	tsmb_os_mutex_unlock(&srv->lock);
	st->connections_total = (uint64_t)tsmb_atomic64_read(&srv->connections_total);
	st->connections_refused = (uint64_t)tsmb_atomic64_read(&srv->connections_refused);
	st->bytes_in = (uint64_t)tsmb_atomic64_read(&srv->bytes_in);
	st->bytes_out = (uint64_t)tsmb_atomic64_read(&srv->bytes_out);
	st->pdus_in = (uint64_t)tsmb_atomic64_read(&srv->pdus_in);
	st->sessions = (uint64_t)tsmb_atomic64_read(&srv->sessions);
	st->opens = (uint64_t)tsmb_atomic64_read(&srv->opens);
}

static struct tsmb_share *find_share(struct tsmb_server *srv, const char *name, size_t len)
{
	struct tsmb_list *pos;

	tsmb_list_for_each(pos, &srv->shares) {
		struct tsmb_share *sh = tsmb_list_entry(pos, struct tsmb_share, node);

		if (tsmb_name_equal_ci(sh->name, sh->name_len, name, len))
			return sh;
	}
	return NULL;
}

struct tsmb_share *tsmb_server_find_share(struct tsmb_server *srv, const char *name, size_t len)
{
	struct tsmb_share *sh;

	tsmb_os_mutex_lock(&srv->shares_lock);
	sh = find_share(srv, name, len);
	tsmb_os_mutex_unlock(&srv->shares_lock);
	return sh;
}

int tsmb_server_add_share(struct tsmb_server *srv, const char *name, const char *path,
			  uint32_t flags)
{
	struct tsmb_share *sh;
	size_t len = 0;
	int ret = 0;

	while (name[len])
		len++;
	if (!len || len > TSMB_SHARE_NAME_MAX)
		return -TSMB_EINVAL;
	if (tsmb_server_find_share(srv, name, len))
		return -TSMB_EEXIST;
	sh = tsmb_os_zalloc(sizeof(*sh));
	if (!sh)
		return -TSMB_ENOMEM;
	tsmb_memcpy(sh->name, name, len);
	sh->name_len = len;
	sh->flags = flags;
	sh->is_ipc = tsmb_name_equal_ci(name, len, "IPC$", 4);
	/* Outside the lock: opening may sleep on the file system. */
	if (!sh->is_ipc) {
		ret = tsmb_os_root_open(path, &sh->root);
		if (ret) {
			tsmb_err("share [%s]: cannot open %s: error %d", name, path, -ret);
			tsmb_os_free(sh);
			return ret;
		}
	}
	tsmb_os_mutex_lock(&srv->shares_lock);
	if (srv->nr_shares >= TSMB_MAX_SHARES)
		ret = -TSMB_EINVAL;
	else if (find_share(srv, name, len))
		ret = -TSMB_EEXIST;	/* added meanwhile */
	if (!ret) {
		tsmb_list_add_tail(&sh->node, &srv->shares);
		srv->nr_shares++;
	}
	tsmb_os_mutex_unlock(&srv->shares_lock);
	if (ret) {
		if (sh->root)
			tsmb_os_file_close(sh->root);
		tsmb_os_free(sh);
	}
	return ret;
}
