// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/transport/tcp.h"

#include <tsmb/os/errno.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/smb2/async.h"
#include "core/smb2/dispatch.h"
#include "core/wire/frame.h"

/*
 * Bounds on one run of a work item, so that a busy client or an accept
 * storm cannot starve the other connections sharing the workers; the
 * work re-queues itself to continue.
 */
#define ACCEPT_BUDGET	64
#define FRAME_BUDGET	16

void tsmb_tcp_accept_work(struct tsmb_work *work)
{
	struct tsmb_listener *l = tsmb_container_of(work, struct tsmb_listener, work);
	struct tsmb_server *srv = l->srv;
	int i;

	for (i = 0; i < ACCEPT_BUDGET; i++) {
		struct tsmb_os_sock *sock;
		int ret = tsmb_os_sock_accept(l->sock, &sock);

		if (ret == -TSMB_EAGAIN)
			return;
		if (ret) {
			/* e.g. EMFILE: the next readiness event retries */
			tsmb_warn("accept on %s failed: %d", l->name, ret);
			return;
		}
		ret = tsmb_conn_start(srv, sock);
		if (ret)
			tsmb_os_sock_close(sock);
	}
	tsmb_os_work_queue(srv->wq, work);
}

/* A frame header is complete: check it and find a buffer for the frame. */
static const char *frame_begin(struct tsmb_conn *conn)
{
	if (!tsmb_frame_decode(conn->rx_hdr, &conn->rx_len))
		return "not a direct TCP frame";
	conn->rx_got = 0;
	if (conn->rx_len == 0)
		return NULL;	/* an empty frame carries nothing; skip it */
	if (conn->rx_len > conn->max_frame)
		return "frame larger than allowed";
	conn->rx_cache = tsmb_server_buf_cache(conn->srv, conn->rx_len);
	/* Frames above the large class (big WRITEs) come from the heap. */
	conn->rx_buf = conn->rx_cache ? tsmb_cache_alloc(conn->rx_cache) :
					 tsmb_os_alloc(conn->rx_len);
	if (!conn->rx_buf)
		return "no memory for a frame";
	return NULL;
}

static void frame_end(struct tsmb_conn *conn)
{
	if (conn->rx_cache)
		tsmb_cache_free(conn->rx_cache, conn->rx_buf);
	else
		tsmb_os_free(conn->rx_buf);
	conn->rx_buf = NULL;
	conn->rx_hdr_got = 0;
	conn->rx_len = 0;
	conn->rx_got = 0;
}

enum rx_result {
	RX_AGAIN,	/* nothing more to read now */
	RX_MORE,	/* read something; the frame is not complete */
	RX_FRAME,	/* a frame is complete in rx_buf */
	RX_CLOSE,	/* the connection must go; *why says why */
};

/* Reads what is available into the frame being assembled. */
static enum rx_result rx_step(struct tsmb_conn *conn, const char **why)
{
	bool in_hdr = conn->rx_hdr_got < TSMB_FRAME_HDR_SIZE;
	long n;

	if (in_hdr)
		n = tsmb_os_sock_recv(conn->sock, conn->rx_hdr + conn->rx_hdr_got,
				      TSMB_FRAME_HDR_SIZE - conn->rx_hdr_got);
	else
		n = tsmb_os_sock_recv(conn->sock, conn->rx_buf + conn->rx_got,
				      conn->rx_len - conn->rx_got);
	if (n == -TSMB_EAGAIN)
		return RX_AGAIN;
	if (n <= 0) {
		*why = n == 0 ? "closed by peer" : "receive error";
		return RX_CLOSE;
	}
	tsmb_atomic64_add_return(&conn->srv->bytes_in, n);
	if (!in_hdr) {
		conn->rx_got += (uint32_t)n;
		return conn->rx_got == conn->rx_len ? RX_FRAME : RX_MORE;
	}
	conn->rx_hdr_got += (uint8_t)n;
	if (conn->rx_hdr_got < TSMB_FRAME_HDR_SIZE)
		return RX_MORE;
	*why = frame_begin(conn);
	if (*why)
		return RX_CLOSE;
	if (conn->rx_len == 0)
		conn->rx_hdr_got = 0;
	return RX_MORE;
}

void tsmb_tcp_rx_work(struct tsmb_work *work)
{
	struct tsmb_conn *conn = tsmb_container_of(work, struct tsmb_conn, rx_work);
	const char *why = NULL;
	int frames = 0;

	/* requests that other connections' work may have completed go first */
	tsmb_async_run(conn);
	for (;;) {
		enum rx_result r = rx_step(conn, &why);

		if (r == RX_AGAIN)
			return;
		if (r == RX_CLOSE)
			break;
		if (r == RX_MORE)
			continue;
		tsmb_atomic64_add_return(&conn->srv->pdus_in, 1);
		if (tsmb_smb2_process(conn, conn->rx_buf, conn->rx_len) != TSMB_CONTINUE) {
			frame_end(conn);
			why = "protocol violation";
			break;
		}
		frame_end(conn);
		if (++frames == FRAME_BUDGET) {
			tsmb_os_work_queue(conn->srv->wq, work);
			return;
		}
	}
	tsmb_conn_close(conn, why);
}
