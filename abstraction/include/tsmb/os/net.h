/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TCP sockets, driven by readiness rather than by a thread per connection.
 *
 * A watched socket queues a caller-owned work item whenever something new
 * happens on it (data or a connection to accept arrived, the peer closed,
 * an error occurred); the work then drains it with non-blocking calls until
 * -TSMB_EAGAIN. In the kernel this is the socket's sk_data_ready and
 * sk_state_change callbacks feeding a workqueue; in userspace an epoll
 * thread (struct tsmb_os_net) does the same.
 */
#ifndef TSMB_OS_NET_H
#define TSMB_OS_NET_H

#include <tsmb/os/types.h>

struct tsmb_work;
struct tsmb_os_wq;

#define TSMB_AF_INET	2
#define TSMB_AF_INET6	10

/* An IPv4 or IPv6 address and port, in host order except addr (network order). */
struct tsmb_sockaddr {
	uint16_t family;	/* TSMB_AF_INET or TSMB_AF_INET6 */
	uint16_t port;
	uint32_t scope_id;	/* IPv6 link-local interface index */
	uint8_t addr[16];	/* IPv4 uses addr[0..3] */
};

/* Per-server networking state (userspace: the epoll thread). May sleep. */
struct tsmb_os_net;
int tsmb_os_net_create(struct tsmb_os_net **out) TSMB_MUST_CHECK;
/* Every socket made from net must be closed first. */
void tsmb_os_net_destroy(struct tsmb_os_net *net);

struct tsmb_os_sock;

/*
 * A listening TCP socket bound to addr (SO_REUSEADDR; an IPv6 socket is
 * IPv6-only so that "::" and "0.0.0.0" can both be listened on).
 * -TSMB_EADDRINUSE, -TSMB_EACCES, -TSMB_EADDRNOTAVAIL as the OS says.
 */
int tsmb_os_sock_listen(struct tsmb_os_net *net, const struct tsmb_sockaddr *addr,
			int backlog, struct tsmb_os_sock **out) TSMB_MUST_CHECK;
/*
 * Accepts one pending connection without blocking: 0 and *out, or
 * -TSMB_EAGAIN when none is pending. The new socket is not watched yet; it
 * has TCP_NODELAY, keep-alive and a bounded send time-out.
 */
int tsmb_os_sock_accept(struct tsmb_os_sock *lsock, struct tsmb_os_sock **out) TSMB_MUST_CHECK;

/*
 * From now on queue work on wq whenever the socket has news. The work is
 * also queued once right away, because data may have arrived before the
 * watch was set. One watch per socket.
 */
int tsmb_os_sock_watch(struct tsmb_os_sock *sock, struct tsmb_os_wq *wq,
		       struct tsmb_work *work) TSMB_MUST_CHECK;
/*
 * Stops the watch: once this returns, the abstraction will not queue the
 * work again (it may still be pending or running: cancel it if needed).
 */
void tsmb_os_sock_unwatch(struct tsmb_os_sock *sock);

/*
 * Receives without blocking: the number of bytes (> 0), 0 when the peer has
 * closed or the socket was shut down, -TSMB_EAGAIN when nothing is there
 * now, or another -TSMB_E* on error.
 */
long tsmb_os_sock_recv(struct tsmb_os_sock *sock, void *buf, size_t len) TSMB_MUST_CHECK;
/*
 * Sends all of iov[0..n), blocking for at most the socket's send time-out;
 * 0, or -TSMB_E* (the connection is then unusable). May sleep.
 */
int tsmb_os_sock_send(struct tsmb_os_sock *sock, const struct tsmb_iov *iov,
		      unsigned int n) TSMB_MUST_CHECK;
/*
 * Shuts both directions: a watcher is woken and sees recv() return 0, and
 * blocked or later sends fail. Safe from any thread, repeatedly.
 */
void tsmb_os_sock_shutdown(struct tsmb_os_sock *sock);
/* Unwatches (if watched) and releases the socket. */
void tsmb_os_sock_close(struct tsmb_os_sock *sock);

/* The remote (peer) or local address of a connected or listening socket. */
int tsmb_os_sock_peer(struct tsmb_os_sock *sock, struct tsmb_sockaddr *out) TSMB_MUST_CHECK;
int tsmb_os_sock_local(struct tsmb_os_sock *sock, struct tsmb_sockaddr *out) TSMB_MUST_CHECK;

#endif /* TSMB_OS_NET_H */
