// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Network checks of the contract that need a client, which the contract
 * does not have: userspace only, the clients are libc sockets.
 *
 * The server side frees a connection in the two ways the contract allows.
 * A watch event may have queued the receive work again before the unwatch,
 * so the receive work either closes the socket, drops that run with
 * tsmb_os_work_cancel() and frees the connection itself (what core/conn
 * does), or hands over to a release work that cancels the receive work
 * with cancel_sync and only then closes and frees. Connections alternate.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/net.h>
#include <tsmb/os/work.h>

#include "net_user.h"

#define NU_WAIT_S	20
#define NU_CONNS	100
#define NU_RACE_ROUNDS	300

static int nu_failed;

#define NU_CHECK(cond) nu_check(!!(cond), #cond, __LINE__)

static bool nu_check(bool ok, const char *what, int line)
{
	if (!ok) {
		__atomic_add_fetch(&nu_failed, 1, __ATOMIC_SEQ_CST);
		fprintf(stderr, "net_user: %s:%d: check failed: %s\n", __FILE__, line, what);
	}
	return ok;
}

/* --- the echo server, on the contract ------------------------------------- */

struct nu_srv {
	struct tsmb_os_net *net;
	struct tsmb_os_wq *wq;
	struct tsmb_os_sock *ls;
	uint16_t port;
	struct tsmb_work accept_work;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct nu_conn *conns;		/* live connections, under lock */
	int live;
	int accepted;
};

struct nu_conn {
	struct nu_srv *srv;
	struct tsmb_os_sock *sock;
	struct tsmb_work rx;
	struct tsmb_work release;
	bool releasing;			/* only the rx work touches it */
	bool self_free;			/* rx frees, or hands over to release */
	struct nu_conn *prev, *next;
	char buf[16384];
};

/* Off the list (no more shutdowns from other threads), closed, freed. */
static void nu_conn_free(struct nu_conn *c)
{
	struct nu_srv *srv = c->srv;

	pthread_mutex_lock(&srv->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		srv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&srv->lock);
	tsmb_os_sock_close(c->sock);
	/*
	 * Called from rx: a run queued before the close must not start on
	 * freed memory. (From release, cancel_sync has done this already.)
	 */
	tsmb_os_work_cancel(&c->rx);
	free(c);	/* holds the running work item: nothing queues it again */
	pthread_mutex_lock(&srv->lock);
	srv->live--;
	pthread_cond_broadcast(&srv->changed);
	pthread_mutex_unlock(&srv->lock);
}

static void nu_release_fn(struct tsmb_work *work)
{
	struct nu_conn *c = tsmb_container_of(work, struct nu_conn, release);

	/* Unwatched already: after this nothing can queue rx again. */
	tsmb_os_work_cancel_sync(&c->rx);
	nu_conn_free(c);
}

/* Called from the rx work only. */
static void nu_conn_release(struct nu_conn *c)
{
	if (c->releasing)
		return;
	c->releasing = true;
	if (c->self_free) {
		nu_conn_free(c);
		return;
	}
	tsmb_os_sock_unwatch(c->sock);
	tsmb_os_work_queue(c->srv->wq, &c->release);
}

static void nu_rx_fn(struct tsmb_work *work)
{
	struct nu_conn *c = tsmb_container_of(work, struct nu_conn, rx);
	struct tsmb_iov iov;
	long n;

	if (c->releasing)
		return;
	for (;;) {
		n = tsmb_os_sock_recv(c->sock, c->buf, sizeof(c->buf));
		if (n == -TSMB_EAGAIN)
			return;
		if (n <= 0) {
			NU_CHECK(n == 0 || n == -TSMB_ECONNRESET);
			break;
		}
		iov.base = c->buf;
		iov.len = (size_t)n;
		if (tsmb_os_sock_send(c->sock, &iov, 1))
			break;	/* peer gone or we were shut down */
	}
	nu_conn_release(c);
}

static void nu_accept_one(struct nu_srv *srv, struct tsmb_os_sock *s)
{
	struct nu_conn *c = calloc(1, sizeof(*c));

	if (!NU_CHECK(c != NULL)) {
		tsmb_os_sock_close(s);
		return;
	}
	c->srv = srv;
	c->sock = s;
	tsmb_os_work_init(&c->rx, nu_rx_fn);
	tsmb_os_work_init(&c->release, nu_release_fn);
	pthread_mutex_lock(&srv->lock);
	c->next = srv->conns;
	if (c->next)
		c->next->prev = c;
	srv->conns = c;
	c->self_free = srv->accepted & 1;
	srv->live++;
	srv->accepted++;
	pthread_cond_broadcast(&srv->changed);
	pthread_mutex_unlock(&srv->lock);
	NU_CHECK(tsmb_os_sock_watch(s, srv->wq, &c->rx) == 0);
}

static void nu_accept_fn(struct tsmb_work *work)
{
	struct nu_srv *srv = tsmb_container_of(work, struct nu_srv, accept_work);
	struct tsmb_os_sock *s;
	int r;

	for (;;) {
		r = tsmb_os_sock_accept(srv->ls, &s);
		if (r == -TSMB_EAGAIN)
			return;
		if (r == -TSMB_ECONNABORTED)
			continue;
		if (!NU_CHECK(r == 0))
			return;
		nu_accept_one(srv, s);
	}
}

static int nu_srv_start(struct nu_srv *srv)
{
	struct tsmb_sockaddr a = { .family = TSMB_AF_INET, .addr = { 127, 0, 0, 1 } };
	struct tsmb_sockaddr local;

	memset(srv, 0, sizeof(*srv));
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->changed, NULL);
	if (!NU_CHECK(tsmb_os_net_create(&srv->net) == 0))
		return -1;
	if (!NU_CHECK(tsmb_os_wq_create("nu_srv", 4, &srv->wq) == 0))
		return -1;
	if (!NU_CHECK(tsmb_os_sock_listen(srv->net, &a, 128, &srv->ls) == 0))
		return -1;
	if (!NU_CHECK(tsmb_os_sock_local(srv->ls, &local) == 0))
		return -1;
	srv->port = local.port;
	tsmb_os_work_init(&srv->accept_work, nu_accept_fn);
	return NU_CHECK(tsmb_os_sock_watch(srv->ls, srv->wq, &srv->accept_work) == 0) ? 0 : -1;
}

/* Shuts down every live server connection (from a non-work thread). */
static void nu_srv_shutdown_all(struct nu_srv *srv)
{
	struct nu_conn *c;

	pthread_mutex_lock(&srv->lock);
	for (c = srv->conns; c; c = c->next)
		tsmb_os_sock_shutdown(c->sock);
	pthread_mutex_unlock(&srv->lock);
}

static int nu_srv_get(struct nu_srv *srv, const int *field)
{
	int v;

	pthread_mutex_lock(&srv->lock);
	v = *field;
	pthread_mutex_unlock(&srv->lock);
	return v;
}

/* Waits until *field (under srv->lock) reaches want; false on time-out. */
static bool nu_srv_wait(struct nu_srv *srv, const int *field, int want)
{
	struct timespec dl;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += NU_WAIT_S;
	pthread_mutex_lock(&srv->lock);
	while (*field != want &&
	       pthread_cond_timedwait(&srv->changed, &srv->lock, &dl) != ETIMEDOUT)
		;
	ok = *field == want;
	pthread_mutex_unlock(&srv->lock);
	return ok;
}

static void nu_srv_stop(struct nu_srv *srv)
{
	if (srv->ls) {
		tsmb_os_sock_unwatch(srv->ls);
		tsmb_os_work_cancel_sync(&srv->accept_work);
		tsmb_os_sock_close(srv->ls);
	}
	nu_srv_shutdown_all(srv);
	NU_CHECK(nu_srv_wait(srv, &srv->live, 0));
	tsmb_os_wq_destroy(srv->wq);
	tsmb_os_net_destroy(srv->net);
	pthread_cond_destroy(&srv->changed);
	pthread_mutex_destroy(&srv->lock);
}

/* --- libc clients ------------------------------------------------------------ */

static int nu_connect(uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct timeval tv = { .tv_sec = NU_WAIT_S };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool nu_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool nu_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		n = recv(fd, p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Reads until EOF; true if EOF (not an error or time-out) came first. */
static bool nu_read_eof(int fd)
{
	char b[256];
	ssize_t n;

	do {
		n = recv(fd, b, sizeof(b), 0);
	} while (n > 0 || (n < 0 && errno == EINTR));
	return n == 0 || (n < 0 && errno == ECONNRESET);
}

struct nu_writer {
	int fd;
	const char *buf;
	size_t len;
	bool ok;
};

static void *nu_writer_main(void *arg)
{
	struct nu_writer *w = arg;

	w->ok = nu_write_all(w->fd, w->buf, w->len);
	return NULL;
}

/* --- checks -------------------------------------------------------------------- */

/* Echo of sizes from 1 byte to 4 MiB (written by another thread). */
static void nu_echo(struct nu_srv *srv)
{
	static const size_t sizes[] = { 1, 100, 16384, 65537, 4u << 20 };
	struct nu_writer w;
	pthread_t tid;
	char *out, *in;
	size_t i, j;
	int fd = nu_connect(srv->port);

	if (!NU_CHECK(fd >= 0))
		return;
	out = malloc(4u << 20);
	in = malloc(4u << 20);
	if (!NU_CHECK(out && in))
		goto out;
	for (j = 0; j < (4u << 20); j++)
		out[j] = (char)(j * 7 + (j >> 13));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		w = (struct nu_writer){ fd, out, sizes[i], false };
		if (!NU_CHECK(pthread_create(&tid, NULL, nu_writer_main, &w) == 0))
			break;
		NU_CHECK(nu_read_all(fd, in, sizes[i]));
		pthread_join(tid, NULL);
		NU_CHECK(w.ok);
		NU_CHECK(!memcmp(in, out, sizes[i]));
	}
	shutdown(fd, SHUT_WR);
	NU_CHECK(nu_read_eof(fd));
out:
	close(fd);
	free(out);
	free(in);
}

/* Many connections at once; half closed by the client, half by the server. */
static void nu_many(struct nu_srv *srv)
{
	int fds[NU_CONNS], base = nu_srv_get(srv, &srv->accepted), i;
	char msg[32], back[32];
	size_t len;

	for (i = 0; i < NU_CONNS; i++) {
		fds[i] = nu_connect(srv->port);
		NU_CHECK(fds[i] >= 0);
	}
	NU_CHECK(nu_srv_wait(srv, &srv->accepted, base + NU_CONNS));
	for (i = 0; i < NU_CONNS; i++) {
		if (fds[i] < 0)
			continue;
		len = (size_t)snprintf(msg, sizeof(msg), "hello %d", i);
		NU_CHECK(nu_write_all(fds[i], msg, len));
	}
	for (i = 0; i < NU_CONNS; i++) {
		if (fds[i] < 0)
			continue;
		len = (size_t)snprintf(msg, sizeof(msg), "hello %d", i);
		NU_CHECK(nu_read_all(fds[i], back, len) && !memcmp(back, msg, len));
		if (i & 1) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	nu_srv_shutdown_all(srv);
	for (i = 0; i < NU_CONNS; i++) {
		if (fds[i] < 0)
			continue;
		NU_CHECK(nu_read_eof(fds[i]));
		close(fds[i]);
	}
	NU_CHECK(nu_srv_wait(srv, &srv->live, 0));
}

struct nu_racer {
	struct nu_srv *srv;
	bool stop;
};

static void *nu_racer_main(void *arg)
{
	struct nu_racer *r = arg;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		nu_srv_shutdown_all(r->srv);
		sched_yield();	/* let accept and release take the lock */
	}
	return NULL;
}

/*
 * Connections that talk, close and get shut down from another thread all
 * at once: unwatch, cancel and free race with shutdown and with events.
 */
static void nu_race(struct nu_srv *srv)
{
	struct nu_racer r = { .srv = srv };
	char b[64] = "race";
	pthread_t tid;
	int i, fd;

	if (!NU_CHECK(pthread_create(&tid, NULL, nu_racer_main, &r) == 0))
		return;
	for (i = 0; i < NU_RACE_ROUNDS; i++) {
		fd = nu_connect(srv->port);
		if (!NU_CHECK(fd >= 0))
			break;
		/* Any of these may fail: the racer shuts connections down. */
		if (nu_write_all(fd, b, sizeof(b)) && (i & 1))
			(void)recv(fd, b, sizeof(b), 0);
		if (i % 3 == 0)
			shutdown(fd, SHUT_WR);
		close(fd);
	}
	__atomic_store_n(&r.stop, true, __ATOMIC_RELEASE);
	pthread_join(tid, NULL);
	NU_CHECK(nu_srv_wait(srv, &srv->live, 0));
}

/* --- one unwatched server socket: addresses, iovs, blocked send -------------- */

struct nu_sender {
	struct tsmb_os_sock *sock;
	const char *buf;
	size_t len;
	int err;
};

static void *nu_sender_main(void *arg)
{
	struct nu_sender *s = arg;
	struct tsmb_iov iov = { s->buf, s->len };

	__atomic_store_n(&s->err, tsmb_os_sock_send(s->sock, &iov, 1), __ATOMIC_SEQ_CST);
	return NULL;
}

static struct tsmb_os_sock *nu_accept_poll(struct tsmb_os_sock *ls)
{
	struct tsmb_os_sock *s = NULL;
	int i, r = -TSMB_EAGAIN;

	for (i = 0; i < NU_WAIT_S * 100 && r == -TSMB_EAGAIN; i++) {
		r = tsmb_os_sock_accept(ls, &s);
		if (r == -TSMB_EAGAIN)
			poll(NULL, 0, 10);
	}
	return r == 0 ? s : NULL;
}

/* Gather sends: empty elements and more elements than one sendmsg takes. */
static void nu_iovs(struct tsmb_os_sock *s, int fd)
{
	struct tsmb_iov iov[100];
	char data[1000], got[1000];
	int i;

	for (i = 0; i < 1000; i++)
		data[i] = (char)(i * 13);
	for (i = 0; i < 100; i++) {
		iov[i].base = data + i * 10;
		iov[i].len = (i % 7 == 3) ? 0 : 10;
	}
	/* Give the empty elements' bytes to their neighbours. */
	for (i = 0; i < 100; i++) {
		if (iov[i].len == 0) {
			iov[i + 1].base = data + i * 10;
			iov[i + 1].len = 20;
		}
	}
	NU_CHECK(tsmb_os_sock_send(s, iov, 100) == 0);
	NU_CHECK(nu_read_all(fd, got, sizeof(got)) && !memcmp(got, data, sizeof(got)));
	NU_CHECK(tsmb_os_sock_send(s, iov, 0) == 0);
}

/* A send blocked on a peer that does not read fails once shut down. */
static void nu_blocked_send(struct tsmb_os_sock *s)
{
	struct nu_sender snd = { .sock = s, .len = 64u << 20, .err = 1 };
	struct timespec t0, t1;
	char *big = calloc(1, snd.len);
	pthread_t tid;
	char b[16];

	if (!NU_CHECK(big != NULL))
		return;
	snd.buf = big;
	if (NU_CHECK(pthread_create(&tid, NULL, nu_sender_main, &snd) == 0)) {
		poll(NULL, 0, 300);
		NU_CHECK(__atomic_load_n(&snd.err, __ATOMIC_SEQ_CST) == 1);	/* still blocked */
		clock_gettime(CLOCK_MONOTONIC, &t0);
		tsmb_os_sock_shutdown(s);
		pthread_join(tid, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		NU_CHECK(snd.err == -TSMB_EPIPE);
		NU_CHECK(t1.tv_sec - t0.tv_sec < 5);
	}
	/* Shut down: recv sees the end, a second shutdown is harmless. */
	NU_CHECK(tsmb_os_sock_recv(s, b, sizeof(b)) == 0);
	tsmb_os_sock_shutdown(s);
	free(big);
}

static void nu_direct(void)
{
	struct tsmb_sockaddr a = { .family = TSMB_AF_INET, .addr = { 127, 0, 0, 1 } };
	struct tsmb_sockaddr local, peer;
	struct sockaddr_in cl;
	socklen_t cl_len = sizeof(cl);
	struct tsmb_os_net *net;
	struct tsmb_os_sock *ls, *s = NULL;
	char b[8];
	uint16_t lport;
	int fd = -1;

	if (!NU_CHECK(tsmb_os_net_create(&net) == 0))
		return;
	if (!NU_CHECK(tsmb_os_sock_listen(net, &a, 4, &ls) == 0))
		goto out_net;
	NU_CHECK(tsmb_os_sock_local(ls, &local) == 0);
	lport = local.port;
	fd = nu_connect(lport);
	s = nu_accept_poll(ls);
	if (!NU_CHECK(fd >= 0 && s != NULL))
		goto out;
	NU_CHECK(tsmb_os_sock_recv(s, b, sizeof(b)) == -TSMB_EAGAIN);
	getsockname(fd, (struct sockaddr *)&cl, &cl_len);
	NU_CHECK(tsmb_os_sock_peer(s, &peer) == 0);
	NU_CHECK(peer.family == TSMB_AF_INET && peer.port == ntohs(cl.sin_port));
	NU_CHECK(!memcmp(peer.addr, a.addr, 4));
	NU_CHECK(tsmb_os_sock_local(s, &local) == 0 && local.port == lport);

	nu_iovs(s, fd);
	nu_blocked_send(s);
out:
	if (fd >= 0)
		close(fd);
	tsmb_os_sock_close(s);
	tsmb_os_sock_close(ls);
out_net:
	tsmb_os_net_destroy(net);
}

int tsmb_net_user_selftest(void)
{
	struct nu_srv srv;

	nu_failed = 0;
	nu_direct();
	if (nu_srv_start(&srv) == 0) {
		nu_echo(&srv);
		nu_many(&srv);
		nu_race(&srv);
	}
	nu_srv_stop(&srv);
	return nu_failed;
}
