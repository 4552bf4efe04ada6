// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The receive path end to end, through a real server on 127.0.0.1:
 * direct-TCP framing (core/transport/tcp.c), compound splitting
 * (next_request() in core/smb2/dispatch.c, static), the sequence window,
 * the structure checks and the handlers behind them.
 *
 * Input: one mode byte, then the bytes to send.
 *   mode & 3: what the connection has done first
 *             0 nothing, 1 NEGOTIATE 2.1, 2 NEGOTIATE 3.1.1 (with contexts),
 *             3 the SMB1 negotiate answered with 0x02FF
 *   mode & 4: the rest is a raw byte stream (frame headers included);
 *             otherwise it is one frame's payload and gets its header here
 * Each input gets its own connection; the client half-closes after
 * sending and reads until the server closes, so when this returns the
 * server has processed everything. A server that neither answers nor
 * closes within 10 s is a hang, reported as a crash.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/server.h"
#include "fuzz_common.h"
#include "tsmb_test.h"

#define HANG_MS 10000

static struct tsmb_server *srv;
static uint16_t port;
static struct t_msg prelude[4];	/* framed requests sent before the input */

static void build_preludes(void)
{
	static const uint16_t d21[] = { 0x0202, 0x0210 };
	static const uint16_t d311[] = { 0x0202, 0x0210, 0x0300, 0x0302, 0x0311 };
	static const char *const smb1[] = { "NT LM 0.12", "SMB 2.002", "SMB 2.???" };
	const struct t_ctx ctx[] = {
		T_CTX(0x0001, t_ctx_preauth),
		T_CTX(0x0002, t_ctx_encryption),
		T_CTX(0x0008, t_ctx_signing),
	};
	static struct t_msg m;
	unsigned int i;

	for (i = 1; i < 4; i++) {
		m.n = 0;
		if (i == 1)
			t_negotiate(&m, 0, 256, d21, 2, NULL, 0);
		else if (i == 2)
			t_negotiate(&m, 0, 256, d311, 5, ctx, 3);
		else
			t_smb1_negotiate(&m, smb1, 3);
		prelude[i].n = 0;
		t_append(&prelude[i], NULL, 1);
		t_append(&prelude[i], NULL, 1)[0] = (uint8_t)(m.n >> 16);
		t_append(&prelude[i], NULL, 1)[0] = (uint8_t)(m.n >> 8);
		t_append(&prelude[i], NULL, 1)[0] = (uint8_t)m.n;
		t_append(&prelude[i], m.b, m.n);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tsmb_server_config cfg;
	struct tsmb_sockaddr addr;

	tsmb_fuzz_quiet();
	signal(SIGPIPE, SIG_IGN);
	memset(&cfg, 0, sizeof(cfg));
	cfg.listen[0].family = TSMB_AF_INET;
	cfg.listen[0].addr[0] = 127;
	cfg.listen[0].addr[3] = 1;
	cfg.nr_listen = 1;
	cfg.max_connections = 64;
	if (tsmb_server_create(&cfg, &srv) || tsmb_server_start(srv) ||
	    tsmb_server_local_addr(srv, 0, &addr)) {
		fprintf(stderr, "fuzz_compound: cannot start a server on 127.0.0.1\n");
		exit(1);
	}
	port = addr.port;
	build_preludes();
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Connects without blocking in connect(): libFuzzer's -timeout alarm would
 * interrupt it, and a loopback connect completes at once anyway.
 */
static int dial(void)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1, err = 0;
	socklen_t len = sizeof(err);

	if (fd < 0)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) && errno != EINPROGRESS) {
		err = errno;
		goto fail;
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int n = poll(&pfd, 1, HANG_MS);

		if (n > 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		err = n ? errno : ETIMEDOUT;
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
		goto fail;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
fail:
	close(fd);
	errno = err;
	return -1;
}

struct tx {
	const uint8_t *p[3];
	size_t n[3];
	unsigned int i;
};

/* Sends what the socket takes now; false when everything has gone (or cannot). */
static bool tx_some(int fd, struct tx *t)
{
	while (t->i < 3) {
		ssize_t r;

		if (!t->n[t->i]) {
			t->i++;
			continue;
		}
		r = send(fd, t->p[t->i], t->n[t->i], MSG_NOSIGNAL);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return true;
		if (r <= 0) {
			t->i = 3;	/* the server has closed: the rest is moot */
			break;
		}
		t->p[t->i] += r;
		t->n[t->i] -= (size_t)r;
	}
	shutdown(fd, SHUT_WR);
	return false;
}

/*
 * A hang is a finding: say what the server's counters show and whether
 * the connection closes later on (a send time-out, say), then crash.
 */
static void hang(int fd, bool sending)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct tsmb_server_stats st;
	uint64_t t0 = now_ms();
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	uint8_t sink[4096];

	if (getsockname(fd, (struct sockaddr *)&me, &len))
		memset(&me, 0, sizeof(me));
	tsmb_server_get_stats(srv, &st);
	fprintf(stderr, "fuzz_compound: client port %u: no answer and no close in %d ms (%s);"
		" server: %llu connections open, %llu accepted, %llu refused, %llu PDUs in,"
		" %llu bytes in, %llu out\n", ntohs(me.sin_port), HANG_MS,
		sending ? "still sending" : "all sent",
		(unsigned long long)st.connections, (unsigned long long)st.connections_total,
		(unsigned long long)st.connections_refused, (unsigned long long)st.pdus_in,
		(unsigned long long)st.bytes_in, (unsigned long long)st.bytes_out);
	while (now_ms() - t0 < 45000) {
		ssize_t r;

		if (poll(&pfd, 1, 1000) <= 0 || !pfd.revents)
			continue;
		r = recv(fd, sink, sizeof(sink), MSG_DONTWAIT);
		if (r > 0) {
			fprintf(stderr, "fuzz_compound: %zd bytes after %llu ms more\n", r,
				(unsigned long long)(now_ms() - t0));
			continue;
		}
		if (r < 0 && errno == EAGAIN)
			continue;
		fprintf(stderr, "fuzz_compound: closed after %llu ms more\n",
			(unsigned long long)(now_ms() - t0));
		break;
	}
	abort();
}

/* Sends while reading (the server may answer before it has read everything). */
static void exchange(int fd, struct tx *t)
{
	uint64_t end = now_ms() + HANG_MS;
	bool sending = tx_some(fd, t);
	uint8_t sink[65536];

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN | (sending ? POLLOUT : 0) };
		int64_t left = (int64_t)(end - now_ms());
		ssize_t r;
		int n;

		if (left <= 0)
			hang(fd, sending);
		/* libFuzzer's -timeout alarm interrupts the wait now and then */
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			hang(fd, sending);
		if (sending && (pfd.revents & POLLOUT))
			sending = tx_some(fd, t);
		if (!(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		r = recv(fd, sink, sizeof(sink), 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			return;		/* closed (or reset): the server is done */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	uint8_t fhdr[4];
	struct tx t;
	unsigned int mode;
	int fd;

	if (size < 1 || size - 1 > 0xFFFFFF)
		return 0;
	mode = data[0];
	data++;
	size--;
	fd = dial();
	if (fd < 0) {
		fprintf(stderr, "fuzz_compound: cannot connect to 127.0.0.1:%u: %s\n", port,
			strerror(errno));
		abort();
	}
	memset(&t, 0, sizeof(t));
	t.p[0] = prelude[mode & 3].b;
	t.n[0] = prelude[mode & 3].n;
	if (!(mode & 4)) {
		fhdr[0] = 0;
		fhdr[1] = (uint8_t)(size >> 16);
		fhdr[2] = (uint8_t)(size >> 8);
		fhdr[3] = (uint8_t)size;
		t.p[1] = fhdr;
		t.n[1] = 4;
	}
	t.p[2] = data;
	t.n[2] = size;
	exchange(fd, &t);
	/* reset rather than TIME_WAIT: thousands of connections a second */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	return 0;
}
