// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/conn/conn.h"

#include <tsmb/os/errno.h>

#include "core/lib/log.h"
#include "core/session/session.h"
#include "core/smb2/async.h"
#include "core/server_priv.h"
#include "core/transport/tcp.h"
#include "core/wire/frame.h"
#include "core/wire/smb2.h"

/* Admits a connection under the limit; false when stopping or full. */
static bool conn_admit(struct tsmb_server *srv, struct tsmb_conn *conn)
{
	bool ok = false;

	tsmb_os_mutex_lock(&srv->lock);
	if (!srv->stopping && srv->nr_conns < srv->cfg.max_connections) {
		tsmb_list_add_tail(&conn->node, &srv->conns);
		srv->nr_conns++;
		ok = true;
	}
	tsmb_os_mutex_unlock(&srv->lock);
	return ok;
}

int tsmb_conn_start(struct tsmb_server *srv, struct tsmb_os_sock *sock)
{
	struct tsmb_sockaddr peer;
	struct tsmb_conn *conn;
	int ret;

	conn = tsmb_cache_zalloc(&srv->conn_cache);
	if (!conn) {
		tsmb_warn("no memory for a new connection; refusing it");
		return -TSMB_ENOMEM;
	}
	conn->srv = srv;
	conn->sock = sock;
	conn->dialect = SMB2_DIALECT_NONE;
	conn->max_frame = TSMB_PREAUTH_MAX_FRAME;
	tsmb_credits_init(&conn->credits);
	tsmb_list_init(&conn->node);
	tsmb_list_init(&conn->sessions);
	tsmb_list_init(&conn->async);
	tsmb_idmap_init(&conn->opens, TSMB_CONN_MAX_OPENS);
	tsmb_os_work_init(&conn->rx_work, tsmb_tcp_rx_work);
	if (tsmb_os_sock_peer(sock, &peer) == 0) {
		conn->peer_addr = peer;
		tsmb_addr_format(&peer, conn->peer, sizeof(conn->peer));
	}
	else
		tsmb_memcpy(conn->peer, "unknown", sizeof("unknown"));

	if (!conn_admit(srv, conn)) {
		tsmb_atomic64_add_return(&srv->connections_refused, 1);
		tsmb_notice("%s: refused: %u connections is the limit", conn->peer,
			    srv->cfg.max_connections);
		tsmb_cache_free(&srv->conn_cache, conn);
		return -TSMB_EBUSY;
	}
	tsmb_atomic64_add_return(&srv->connections_total, 1);
	tsmb_info("%s: connected", conn->peer);
	/* From here the receive work owns the connection, even on failure. */
	ret = tsmb_os_sock_watch(sock, srv->wq, &conn->rx_work);
	if (ret) {
		tsmb_warn("%s: cannot watch the socket (%d)", conn->peer, ret);
		tsmb_os_sock_shutdown(sock);
		tsmb_os_work_queue(srv->wq, &conn->rx_work);
	}
	return 0;
}

void tsmb_conn_close(struct tsmb_conn *conn, const char *why)
{
	struct tsmb_server *srv = conn->srv;
	bool last;

	/* Off the list first, so that a stopping server no longer shuts the socket. */
	tsmb_os_mutex_lock(&srv->lock);
	tsmb_list_del(&conn->node);
	tsmb_os_mutex_unlock(&srv->lock);

	tsmb_info("%s: disconnected (%s)", conn->peer, why ? why : "closed");
	tsmb_os_sock_close(conn->sock);
	/* unhooked first: closing the opens would answer their waiting LOCKs */
	tsmb_async_conn_close(conn);
	/* Opens go with their sessions: delete-on-close and share modes settle here. */
	while (!tsmb_list_empty(&conn->sessions))
		tsmb_session_destroy(tsmb_container_of(conn->sessions.next,
						       struct tsmb_session, node));
	tsmb_idmap_fini(&conn->opens);
	/* The socket may have queued this work again while it ran. */
	tsmb_os_work_cancel(&conn->rx_work);
	if (conn->rx_buf && conn->rx_cache)
		tsmb_cache_free(conn->rx_cache, conn->rx_buf);
	else
		tsmb_os_free(conn->rx_buf);

	tsmb_os_mutex_lock(&srv->lock);
	srv->nr_conns--;
	last = srv->stopping && srv->nr_conns == 0;
	tsmb_os_mutex_unlock(&srv->lock);
	tsmb_cache_free(&srv->conn_cache, conn);
	if (last)
		tsmb_os_complete(&srv->conns_gone);
}

int tsmb_conn_send(struct tsmb_conn *conn, const uint8_t *msg, size_t len)
{
	uint8_t hdr[TSMB_FRAME_HDR_SIZE];
	struct tsmb_iov iov[2];
	int ret;

	if (len > TSMB_FRAME_MAX_LEN)
		return -TSMB_EMSGSIZE;
	tsmb_frame_encode(hdr, (uint32_t)len);
	iov[0].base = hdr;
	iov[0].len = sizeof(hdr);
	iov[1].base = msg;
	iov[1].len = len;
	ret = tsmb_os_sock_send(conn->sock, iov, 2);
	if (ret) {
		tsmb_info("%s: send failed (%d)", conn->peer, ret);
		return ret;
	}
	tsmb_atomic64_add_return(&conn->srv->bytes_out, (int64_t)(len + sizeof(hdr)));
	return 0;
}
