// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TCP sockets over epoll: one reactor thread per struct tsmb_os_net turns
 * readiness into queued work (see <tsmb/os/net.h>).
 *
 * Lifetime of a watched socket. The reactor handles each batch of events
 * under net->lock and queues a socket's work only while the socket is
 * watched; unwatch clears that under the same lock, so once it returns the
 * work is never queued again. The reactor may, however, still hold an
 * event naming the socket that it fetched before the unwatch, so a socket
 * that was ever registered is not freed by close(): it goes on net's
 * graveyard, which the reactor empties only after it has finished the
 * batch in progress (the eventfd wakes it up for that). Any batch that can
 * name a socket was fetched before its EPOLL_CTL_DEL, hence before it was
 * buried, hence is finished before the burial is swept.
 *
 * Sends block with a time-out although the sockets are non-blocking (the
 * reactor needs them so): on EAGAIN the sender polls for POLLOUT.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/net.h>
#include <tsmb/os/work.h>

#include "internal.h"

/* A send that makes no progress for this long fails (SO_SNDTIMEO's role). */
#define TSMB_SEND_TIMEOUT_MS	30000
#define TSMB_NET_BATCH		64
#define TSMB_SEND_IOV_BATCH	32

struct tsmb_os_net {
	pthread_mutex_t lock;		/* event batches, watch state, graveyard */
	int epfd;
	int evfd;			/* wakes the reactor: graveyard or stop */
	bool stop;
	pthread_t reactor;
	struct tsmb_os_sock *graveyard;
};

struct tsmb_os_sock {
	struct tsmb_os_net *net;
	int fd;
	bool watched;			/* under net->lock */
	bool registered;		/* was ever in the epoll set */
	struct tsmb_os_wq *wq;
	struct tsmb_work *work;
	pthread_mutex_t send_lock;	/* one send's bytes stay together */
	struct tsmb_os_sock *next;	/* graveyard */
};

static void tsmb_net_wake(struct tsmb_os_net *net)
{
	uint64_t one = 1;

	/* EAGAIN means the counter is already non-zero: awake anyway. */
	while (write(net->evfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

static void tsmb_sock_free(struct tsmb_os_sock *sock)
{
	pthread_mutex_destroy(&sock->send_lock);
	free(sock);
}

/* Called with net->lock held, after a batch has been handled. */
static void tsmb_net_sweep(struct tsmb_os_net *net)
{
	struct tsmb_os_sock *s;

	while ((s = net->graveyard)) {
		net->graveyard = s->next;
		tsmb_sock_free(s);
	}
}

static void *tsmb_net_reactor(void *arg)
{
	struct tsmb_os_net *net = arg;
	struct epoll_event ev[TSMB_NET_BATCH];
	struct tsmb_os_sock *s;
	uint64_t cnt;
	bool stop = false;
	int i, n;

	while (!stop) {
		n = epoll_wait(net->epfd, ev, TSMB_NET_BATCH, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			tsmb_posix_die("epoll_wait", errno);
		}
		pthread_mutex_lock(&net->lock);
		for (i = 0; i < n; i++) {
			s = ev[i].data.ptr;
			if (!s) {
				if (read(net->evfd, &cnt, sizeof(cnt)) < 0)
					(void)0;	/* EAGAIN: drained already */
				continue;
			}
			if (s->watched)
				tsmb_os_work_queue(s->wq, s->work);
		}
		tsmb_net_sweep(net);
		stop = net->stop;
		pthread_mutex_unlock(&net->lock);
	}
	return NULL;
}

int tsmb_os_net_create(struct tsmb_os_net **out)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct tsmb_os_net *net;
	int err;

	*out = NULL;
	net = calloc(1, sizeof(*net));
	if (!net)
		return -TSMB_ENOMEM;
	net->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (net->epfd < 0) {
		err = -errno;
		free(net);
		return err;
	}
	net->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (net->evfd < 0 || epoll_ctl(net->epfd, EPOLL_CTL_ADD, net->evfd, &ev) < 0)
		goto fail;
	pthread_mutex_init(&net->lock, NULL);
	err = tsmb_posix_thread_start(&net->reactor, tsmb_net_reactor, net);
	if (err) {
		pthread_mutex_destroy(&net->lock);
		errno = -err;
		goto fail;
	}
	pthread_setname_np(net->reactor, "tsmb-net");
	*out = net;
	return 0;
fail:
	err = -errno;
	if (net->evfd >= 0)
		close(net->evfd);
	close(net->epfd);
	free(net);
	return err;
}

void tsmb_os_net_destroy(struct tsmb_os_net *net)
{
	if (!net)
		return;
	pthread_mutex_lock(&net->lock);
	net->stop = true;
	pthread_mutex_unlock(&net->lock);
	tsmb_net_wake(net);
	pthread_join(net->reactor, NULL);
	tsmb_net_sweep(net);
	close(net->evfd);
	close(net->epfd);
	pthread_mutex_destroy(&net->lock);
	free(net);
}

static int tsmb_sock_new(struct tsmb_os_net *net, int fd, struct tsmb_os_sock **out)
{
	struct tsmb_os_sock *sock = calloc(1, sizeof(*sock));

	if (!sock)
		return -TSMB_ENOMEM;
	if (pthread_mutex_init(&sock->send_lock, NULL)) {
		free(sock);
		return -TSMB_ENOMEM;
	}
	sock->net = net;
	sock->fd = fd;
	*out = sock;
	return 0;
}

static int tsmb_to_os_addr(const struct tsmb_sockaddr *a, struct sockaddr_storage *ss,
			   socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == TSMB_AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		in->sin_family = AF_INET;
		in->sin_port = htons(a->port);
		memcpy(&in->sin_addr, a->addr, 4);
		*len = sizeof(*in);
		return 0;
	}
	if (a->family == TSMB_AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(a->port);
		in6->sin6_scope_id = a->scope_id;
		memcpy(&in6->sin6_addr, a->addr, 16);
		*len = sizeof(*in6);
		return 0;
	}
	return -TSMB_EAFNOSUPPORT;
}

static int tsmb_from_os_addr(const struct sockaddr_storage *ss, struct tsmb_sockaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)ss;

		a->family = TSMB_AF_INET;
		a->port = ntohs(in->sin_port);
		memcpy(a->addr, &in->sin_addr, 4);
		return 0;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;

		a->family = TSMB_AF_INET6;
		a->port = ntohs(in6->sin6_port);
		a->scope_id = in6->sin6_scope_id;
		memcpy(a->addr, &in6->sin6_addr, 16);
		return 0;
	}
	return -TSMB_EAFNOSUPPORT;
}

int tsmb_os_sock_listen(struct tsmb_os_net *net, const struct tsmb_sockaddr *addr,
			int backlog, struct tsmb_os_sock **out)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, err;

	*out = NULL;
	err = tsmb_to_os_addr(addr, &ss, &len);
	if (err)
		return err;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		goto fail;
	if (ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 ||
	    listen(fd, backlog > 0 ? backlog : SOMAXCONN) < 0)
		goto fail;
	err = tsmb_sock_new(net, fd, out);
	if (err)
		close(fd);
	return err;
fail:
	err = -errno;
	close(fd);
	return err;
}

/* Options of a served connection; failures cost only tuning, so ignored. */
static void tsmb_sock_tune(int fd)
{
	struct timeval tv = { .tv_sec = TSMB_SEND_TIMEOUT_MS / 1000 };
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	/* Not used by our polled sends, but bounds anything that blocks. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int tsmb_os_sock_accept(struct tsmb_os_sock *lsock, struct tsmb_os_sock **out)
{
	int fd, err;

	*out = NULL;
	do {
		fd = accept4(lsock->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	} while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return errno == EWOULDBLOCK ? -TSMB_EAGAIN : -errno;
	tsmb_sock_tune(fd);
	err = tsmb_sock_new(lsock->net, fd, out);
	if (err)
		close(fd);
	return err;
}

int tsmb_os_sock_watch(struct tsmb_os_sock *sock, struct tsmb_os_wq *wq,
		       struct tsmb_work *work)
{
	struct tsmb_os_net *net = sock->net;
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLRDHUP | EPOLLET,
		.data.ptr = sock,
	};
	int err = 0;

	pthread_mutex_lock(&net->lock);
	if (sock->watched) {
		err = -TSMB_EBUSY;
	} else {
		sock->wq = wq;
		sock->work = work;
		if (epoll_ctl(net->epfd, EPOLL_CTL_ADD, sock->fd, &ev) < 0) {
			err = -errno;
		} else {
			sock->watched = true;
			sock->registered = true;
			/*
			 * Whatever arrived before the registration has no
			 * event of its own. Queued under the lock: once the
			 * lock is dropped, an unwatch (and a free of the work)
			 * may already have happened.
			 */
			tsmb_os_work_queue(wq, work);
		}
	}
	pthread_mutex_unlock(&net->lock);
	return err;
}

void tsmb_os_sock_unwatch(struct tsmb_os_sock *sock)
{
	struct tsmb_os_net *net = sock->net;

	pthread_mutex_lock(&net->lock);
	if (sock->watched) {
		(void)epoll_ctl(net->epfd, EPOLL_CTL_DEL, sock->fd, NULL);
		sock->watched = false;
	}
	pthread_mutex_unlock(&net->lock);
}

long tsmb_os_sock_recv(struct tsmb_os_sock *sock, void *buf, size_t len)
{
	ssize_t n;

	do {
		n = recv(sock->fd, buf, len, MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -TSMB_EAGAIN : -errno;
	return n;
}

/* Waits until fd is writable; 0, or -ETIMEDOUT after TSMB_SEND_TIMEOUT_MS. */
static int tsmb_sock_wait_writable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	struct timespec start, now;
	long left = TSMB_SEND_TIMEOUT_MS;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		n = poll(&pfd, 1, (int)left);
		if (n > 0)
			return 0;	/* writable, or an error that send reports */
		if (n == 0)
			return -TSMB_ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = TSMB_SEND_TIMEOUT_MS - ((now.tv_sec - start.tv_sec) * 1000 +
					       (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0)
			return -TSMB_ETIMEDOUT;
	}
}

/* Sends iov[*i..n) from offset *off as far as one sendmsg goes. */
static long tsmb_sock_send_some(int fd, const struct tsmb_iov *iov, unsigned int n,
				unsigned int i, size_t off)
{
	struct iovec v[TSMB_SEND_IOV_BATCH];
	struct msghdr msg = { .msg_iov = v };
	ssize_t sent;

	for (; i < n && msg.msg_iovlen < TSMB_SEND_IOV_BATCH; i++, off = 0) {
		if (iov[i].len == off)
			continue;
		v[msg.msg_iovlen].iov_base = (char *)iov[i].base + off;
		v[msg.msg_iovlen].iov_len = iov[i].len - off;
		msg.msg_iovlen++;
	}
	do {
		sent = sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
	} while (sent < 0 && errno == EINTR);
	return sent < 0 ? -errno : sent;
}

int tsmb_os_sock_send(struct tsmb_os_sock *sock, const struct tsmb_iov *iov, unsigned int n)
{
	unsigned int i = 0;
	size_t off = 0;
	long sent;
	int err = 0;

	pthread_mutex_lock(&sock->send_lock);
	for (;;) {
		/* Skip what is sent, including empty elements. */
		while (i < n && off == iov[i].len) {
			i++;
			off = 0;
		}
		if (i == n)
			break;
		sent = tsmb_sock_send_some(sock->fd, iov, n, i, off);
		if (sent == -TSMB_EAGAIN) {
			err = tsmb_sock_wait_writable(sock->fd);
			if (err)
				break;
			continue;
		}
		if (sent < 0) {
			err = (int)sent;
			break;
		}
		while (sent > 0) {
			size_t take = TSMB_MIN((size_t)sent, iov[i].len - off);

			sent -= (long)take;
			off += take;
			if (off == iov[i].len) {
				i++;
				off = 0;
			}
		}
	}
	pthread_mutex_unlock(&sock->send_lock);
	return err;
}

void tsmb_os_sock_shutdown(struct tsmb_os_sock *sock)
{
	struct tsmb_os_net *net = sock->net;

	(void)shutdown(sock->fd, SHUT_RDWR);
	/*
	 * The shutdown raises an epoll event anyway; queuing here as well
	 * does not depend on that and costs nothing when already pending.
	 */
	pthread_mutex_lock(&net->lock);
	if (sock->watched)
		tsmb_os_work_queue(sock->wq, sock->work);
	pthread_mutex_unlock(&net->lock);
}

void tsmb_os_sock_close(struct tsmb_os_sock *sock)
{
	struct tsmb_os_net *net;

	if (!sock)
		return;
	net = sock->net;
	tsmb_os_sock_unwatch(sock);
	close(sock->fd);
	if (!sock->registered) {
		tsmb_sock_free(sock);
		return;
	}
	pthread_mutex_lock(&net->lock);
	sock->next = net->graveyard;
	net->graveyard = sock;
	pthread_mutex_unlock(&net->lock);
	tsmb_net_wake(net);
}

static int tsmb_sock_name(struct tsmb_os_sock *sock, struct tsmb_sockaddr *out, bool peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int r;

	r = peer ? getpeername(sock->fd, (struct sockaddr *)&ss, &len) :
		   getsockname(sock->fd, (struct sockaddr *)&ss, &len);
	if (r < 0) {
		memset(out, 0, sizeof(*out));
		return -errno;
	}
	return tsmb_from_os_addr(&ss, out);
}

int tsmb_os_sock_peer(struct tsmb_os_sock *sock, struct tsmb_sockaddr *out)
{
	return tsmb_sock_name(sock, out, true);
}

int tsmb_os_sock_local(struct tsmb_os_sock *sock, struct tsmb_sockaddr *out)
{
	return tsmb_sock_name(sock, out, false);
}
