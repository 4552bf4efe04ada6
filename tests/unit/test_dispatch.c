// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/smb2/dispatch.c and what it drives (transport/tcp.c, conn/,
 * smb2/negotiate.c, smb2/echo.c), end to end: a real server on
 * 127.0.0.1, an OS-chosen port, and plain libc sockets as the client.
 * Every read has a time-out, so a server that fails to answer or to
 * close fails the test instead of hanging it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/lib/status.h"
#include "core/server.h"
#include "core/wire/smb2.h"
#include "host.h"
#include "tsmb_test.h"

#define WAIT_MS		5000	/* for anything the server should do at once */

struct fixture {
	struct tsmb_server *srv;
	uint16_t port;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct fixture *server_up(unsigned int max_conn)
{
	struct tsmb_server_config cfg;
	struct tsmb_sockaddr addr;
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	memset(&cfg, 0, sizeof(cfg));
	cfg.listen[0].family = TSMB_AF_INET;
	cfg.listen[0].port = 0;
	cfg.listen[0].addr[0] = 127;
	cfg.listen[0].addr[3] = 1;
	cfg.nr_listen = 1;
	cfg.max_connections = max_conn;
	assert_int_equal(tsmb_server_create(&cfg, &f->srv), 0);
	assert_int_equal(tsmb_server_start(f->srv), 0);
	assert_int_equal(tsmb_server_local_addr(f->srv, 0, &addr), 0);
	assert_int_equal(addr.family, TSMB_AF_INET);
	assert_int_not_equal(addr.port, 0);
	f->port = addr.port;
	return f;
}

static int setup(void **state)
{
	*state = server_up(0);
	return 0;
}

static int setup_max2(void **state)
{
	*state = server_up(2);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f->srv) {
		tsmb_server_stop(f->srv);
		tsmb_server_destroy(f->srv);
	}
	free(f);
	return 0;
}

/* --- the client side --- */

static int cli_connect(const struct fixture *f)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(f->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static void send_raw(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail_msg("send: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

static void send_frame(int fd, const struct t_msg *m)
{
	uint8_t hdr[4] = { 0, (uint8_t)(m->n >> 16), (uint8_t)(m->n >> 8), (uint8_t)m->n };

	send_raw(fd, hdr, 4);
	send_raw(fd, m->b, m->n);
}

enum { RD_OK = 0, RD_EOF = -1, RD_TIMEOUT = -2 };

/* Reads exactly n bytes within ms: RD_OK, RD_EOF (closed or reset) or RD_TIMEOUT. */
static int read_exact(int fd, void *buf, size_t n, int ms)
{
	uint8_t *p = buf;
	uint64_t end = now_ms() + (uint64_t)ms;

	while (n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = (int64_t)(end - now_ms());
		ssize_t r;
		int ready;

		if (left <= 0)
			return RD_TIMEOUT;
		ready = poll(&pfd, 1, (int)left);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0)
			return RD_TIMEOUT;
		r = recv(fd, p, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return RD_EOF;
		p += r;
		n -= (size_t)r;
	}
	return RD_OK;
}

/* One frame's payload into m; RD_OK, RD_EOF or RD_TIMEOUT. */
static int recv_frame(int fd, struct t_msg *m, int ms)
{
	uint8_t hdr[4];
	size_t len;
	int r = read_exact(fd, hdr, 4, ms);

	if (r)
		return r;
	assert_int_equal(hdr[0], 0);
	len = ((size_t)hdr[1] << 16) | ((size_t)hdr[2] << 8) | hdr[3];
	assert_true(len <= sizeof(m->b));
	m->n = len;
	return read_exact(fd, m->b, len, ms);
}

static void expect_frame(int fd, struct t_msg *m)
{
	int r = recv_frame(fd, m, WAIT_MS);

	if (r == RD_EOF)
		fail_msg("connection closed where a response was expected");
	if (r == RD_TIMEOUT)
		fail_msg("no response within %d ms", WAIT_MS);
}

/* The server closes the connection without sending anything more. */
static void expect_closed(int fd)
{
	uint8_t b[256];
	int r = read_exact(fd, b, 1, WAIT_MS);

	if (r == RD_OK) {
		ssize_t n = recv(fd, b + 1, sizeof(b) - 1, MSG_DONTWAIT);

		fail_msg("expected the connection to close, got %zd bytes (first 0x%02x)",
			 n > 0 ? n + 1 : 1, b[0]);
	}
	if (r == RD_TIMEOUT)
		fail_msg("connection still open after %d ms", WAIT_MS);
	close(fd);
}

/* Nothing arrives within ms (the connection stays open and quiet). */
static void expect_silence(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	assert_int_equal(poll(&pfd, 1, ms), 0);
}

/* --- requests and responses --- */

static struct t_msg req, rsp;

static const uint16_t all_dialects[] = { 0x0202, 0x0210, 0x0300, 0x0302, 0x0311 };

static const struct t_ctx windows_ctx[] = {
	T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
	T_CTX(SMB2_ENCRYPTION_CAPABILITIES, t_ctx_encryption),
	T_CTX(SMB2_COMPRESSION_CAPABILITIES, t_ctx_compression),
	T_CTX(SMB2_NETNAME_NEGOTIATE_CONTEXT_ID, t_ctx_netname),
	T_CTX(SMB2_SIGNING_CAPABILITIES, t_ctx_signing),
};

/* Checks the response header at m->b + off; returns the body. */
static const uint8_t *check_rsp(const struct t_msg *m, size_t off, uint16_t cmd, uint64_t mid,
				uint32_t status)
{
	const uint8_t *h = m->b + off;

	assert_true(off + 64 <= m->n);
	assert_int_equal(t_get32(h), SMB2_PROTO_ID);
	assert_int_equal(t_get16(h + T_H_SSIZE), 64);
	assert_int_equal(t_get16(h + T_H_CMD), cmd);
	assert_true(t_get32(h + T_H_FLAGS) & SMB2_FLAGS_SERVER_TO_REDIR);
	if (t_get64(h + T_H_MID) != mid)
		fail_msg("MessageId %llu, expected %llu",
			 (unsigned long long)t_get64(h + T_H_MID), (unsigned long long)mid);
	if (t_get32(h + T_H_STATUS) != status)
		fail_msg("status 0x%08x, expected 0x%08x", t_get32(h + T_H_STATUS), status);
	if (status != STATUS_SUCCESS) {
		/* ERROR response, [MS-SMB2] 2.2.2 */
		assert_true(off + 64 + 9 <= m->n);
		assert_int_equal(t_get16(h + 64), 9);
	}
	return h + 64;
}

static void build_negotiate(uint64_t mid, uint16_t credits, const uint16_t *d, unsigned int nd,
			    const struct t_ctx *c, unsigned int nc)
{
	req.n = 0;
	t_negotiate(&req, mid, credits, d, nd, c, nc);
}

/* NEGOTIATE on fd; the response (status checked) is left in rsp. */
static const uint8_t *negotiate(int fd, const uint16_t *d, unsigned int nd,
				const struct t_ctx *c, unsigned int nc, uint32_t status)
{
	build_negotiate(0, 64, d, nd, c, nc);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	return check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, status);
}

/* Negotiates 3.1.1 with Windows' contexts, holding 64 credits after. */
static void negotiate_311(int fd)
{
	const uint8_t *b = negotiate(fd, all_dialects, 5, windows_ctx, 5, STATUS_SUCCESS);

	assert_int_equal(t_get16(b + 4), 0x0311);
	assert_int_equal(t_get16(rsp.b + T_H_CREDITS), 64);
}

static void build_echo(struct t_msg *m, uint64_t mid, uint32_t next)
{
	struct t_hdr h = { .cmd = SMB2_ECHO, .mid = mid, .credits = 1, .next = next };

	t_hdr(m, &h);
	t_u16(m, 4);
	t_u16(m, 0);
}

static void echo_ok(int fd, uint64_t mid)
{
	const uint8_t *b;

	req.n = 0;
	build_echo(&req, mid, 0);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_ECHO, mid, STATUS_SUCCESS);
	assert_int_equal(rsp.n, 68);
	assert_int_equal(t_get16(b), 4);
}

/* A request of cmd with a body of len bytes starting with StructureSize. */
static void build_simple(struct t_msg *m, uint16_t cmd, uint64_t mid, uint16_t ssize, size_t len)
{
	struct t_hdr h = { .cmd = cmd, .mid = mid, .credits = 1 };

	t_hdr(m, &h);
	t_u16(m, ssize);
	t_append(m, NULL, len - 2);
}

/* --- NEGOTIATE --- */

static void check_negotiate_fixed(const uint8_t *b, uint16_t dialect)
{
	uint32_t io = dialect == 0x0202 || dialect == 0x02FF ? 65536 : 8u << 20;
	unsigned int i, zero = 0;

	assert_int_equal(t_get16(b), 65);
	assert_true(t_get16(b + 2) & SMB2_NEGOTIATE_SIGNING_ENABLED);
	assert_int_equal(t_get16(b + 4), dialect);
	for (i = 0; i < 16; i++)
		zero += b[8 + i] == 0;
	assert_true(zero < 16);				/* a server GUID */
	if (dialect != 0x0202 && dialect != 0x02FF)
		assert_true(t_get32(b + 24) & SMB2_GLOBAL_CAP_LARGE_MTU);
	assert_int_equal(t_get32(b + 28), io);
	assert_int_equal(t_get32(b + 32), io);
	assert_int_equal(t_get32(b + 36), io);
	assert_true(t_get64(b + 40) > 0x01D0000000000000ull);	/* after 2015 */
	assert_int_equal(t_get16(b + 56), 128);		/* SecurityBufferOffset */
}

static void test_negotiate_each_dialect(void **state)
{
	struct fixture *f = *state;
	uint8_t guid[16];
	unsigned int i;

	for (i = 0; i < 5; i++) {
		int fd = cli_connect(f);
		const uint8_t *b;

		if (all_dialects[i] == 0x0311)
			b = negotiate(fd, &all_dialects[i], 1, windows_ctx, 1, STATUS_SUCCESS);
		else
			b = negotiate(fd, &all_dialects[i], 1, NULL, 0, STATUS_SUCCESS);
		check_negotiate_fixed(b, all_dialects[i]);
		assert_int_equal(t_get16(rsp.b + T_H_CREDITS), 64);
		assert_int_equal(t_get32(rsp.b + T_H_NEXT), 0);
		if (all_dialects[i] != 0x0311) {
			assert_int_equal(t_get16(b + 6), 0);
			assert_int_equal(t_get32(b + 60), 0);
		}
		/* one GUID per server */
		if (i)
			assert_memory_equal(guid, b + 8, 16);
		memcpy(guid, b + 8, 16);
		echo_ok(fd, 1);
		close(fd);
	}
}

static void test_negotiate_highest_common(void **state)
{
	static const uint16_t d[] = { 0x0300, 0x0202, 0x0210, 0x0400, 0x02FF };
	struct fixture *f = *state;
	int fd = cli_connect(f);
	const uint8_t *b = negotiate(fd, d, 5, NULL, 0, STATUS_SUCCESS);

	assert_int_equal(t_get16(b + 4), 0x0300);
	close(fd);
}

/* No dialect in common: NOT_SUPPORTED, and the client may try again. */
static void test_negotiate_no_common_dialect(void **state)
{
	static const uint16_t d[] = { 0x0400, 0x02FF, 0x0201 };
	struct fixture *f = *state;
	int fd = cli_connect(f);
	const uint8_t *b;

	negotiate(fd, d, 3, NULL, 0, STATUS_NOT_SUPPORTED);
	build_negotiate(1, 1, all_dialects, 4, NULL, 0);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 1, STATUS_SUCCESS);
	assert_int_equal(t_get16(b + 4), 0x0302);
	close(fd);
}

struct rsp_ctx {
	uint16_t type, len;
	const uint8_t *data;
};

static unsigned int rsp_contexts(const uint8_t *b, struct rsp_ctx *c, unsigned int max)
{
	uint32_t off = t_get32(b + 60);
	unsigned int n = t_get16(b + 6), i;

	assert_true(n >= 1 && n <= max);
	assert_int_equal(off & 7, 0);
	assert_true(off >= 128u + t_get16(b + 58));
	for (i = 0; i < n; i++) {
		off = (off + 7) & ~7u;
		assert_true(off + 8 <= rsp.n);
		c[i].type = t_get16(rsp.b + off);
		c[i].len = t_get16(rsp.b + off + 2);
		c[i].data = rsp.b + off + 8;
		off += 8 + c[i].len;
		assert_true(off <= rsp.n);
	}
	return n;
}

static const struct rsp_ctx *find_ctx(const struct rsp_ctx *c, unsigned int n, uint16_t type)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (c[i].type == type)
			return &c[i];
	return NULL;
}

static void test_negotiate_311_contexts(void **state)
{
	struct fixture *f = *state;
	struct rsp_ctx c[8];
	const struct rsp_ctx *p;
	int fd = cli_connect(f);
	const uint8_t *b = negotiate(fd, all_dialects, 5, windows_ctx, 5, STATUS_SUCCESS);
	unsigned int n;

	check_negotiate_fixed(b, 0x0311);
	n = rsp_contexts(b, c, 8);
	p = find_ctx(c, n, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
	assert_non_null(p);
	assert_int_equal(p->len, 38);
	assert_int_equal(t_get16(p->data), 1);
	assert_int_equal(t_get16(p->data + 2), 32);
	assert_int_equal(t_get16(p->data + 4), SMB2_PREAUTH_INTEGRITY_SHA512);
	/* the client offered ciphers: the answer names one, AES-128-GCM first */
	p = find_ctx(c, n, SMB2_ENCRYPTION_CAPABILITIES);
	assert_non_null(p);
	assert_int_equal(t_get16(p->data), 1);
	assert_int_equal(t_get16(p->data + 2), SMB2_ENCRYPTION_AES128_GCM);
	/* GMAC, CMAC, HMAC offered: GMAC, the cheapest */
	p = find_ctx(c, n, SMB2_SIGNING_CAPABILITIES);
	assert_non_null(p);
	assert_int_equal(t_get16(p->data), 1);
	assert_int_equal(t_get16(p->data + 2), SMB2_SIGNING_AES_GMAC);
	/* never a compression context the server cannot honour */
	assert_null(find_ctx(c, n, SMB2_COMPRESSION_CAPABILITIES));
	echo_ok(fd, 1);
	close(fd);
}

/* Two connections get different preauth salts. */
static void test_negotiate_311_salt_random(void **state)
{
	struct fixture *f = *state;
	struct rsp_ctx c[8];
	uint8_t salt[32];
	int fd1 = cli_connect(f), fd2 = cli_connect(f);
	const uint8_t *b;

	b = negotiate(fd1, all_dialects, 5, windows_ctx, 1, STATUS_SUCCESS);
	assert_int_equal(rsp_contexts(b, c, 8), 1);
	memcpy(salt, c[0].data + 6, 32);
	b = negotiate(fd2, all_dialects, 5, windows_ctx, 1, STATUS_SUCCESS);
	assert_int_equal(rsp_contexts(b, c, 8), 1);
	assert_memory_not_equal(salt, c[0].data + 6, 32);
	close(fd1);
	close(fd2);
}

static void test_negotiate_311_signing_hmac_only(void **state)
{
	static const uint8_t hmac[] = { 0x01, 0x00, 0x00, 0x00 };
	const struct t_ctx ctx[] = {
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
		T_CTX(SMB2_SIGNING_CAPABILITIES, hmac),
	};
	static const uint16_t d = 0x0311;
	struct fixture *f = *state;
	struct rsp_ctx c[8];
	const struct rsp_ctx *p;
	int fd = cli_connect(f);
	const uint8_t *b = negotiate(fd, &d, 1, ctx, 2, STATUS_SUCCESS);
	unsigned int n = rsp_contexts(b, c, 8);

	p = find_ctx(c, n, SMB2_SIGNING_CAPABILITIES);
	assert_non_null(p);
	assert_int_equal(t_get16(p->data + 2), SMB2_SIGNING_HMAC_SHA256);
	assert_null(find_ctx(c, n, SMB2_ENCRYPTION_CAPABILITIES));
	close(fd);
}

static void test_negotiate_311_errors(void **state)
{
	static const uint8_t sha3[] = { 0x01, 0x00, 0x00, 0x00, 0x02, 0x00 };
	const struct t_ctx no_preauth[] = {
		T_CTX(SMB2_ENCRYPTION_CAPABILITIES, t_ctx_encryption),
	};
	const struct t_ctx other_hash[] = {
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, sha3),
	};
	const struct t_ctx dup[] = {
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
		T_CTX(SMB2_PREAUTH_INTEGRITY_CAPABILITIES, t_ctx_preauth),
	};
	static const uint16_t d = 0x0311;
	struct fixture *f = *state;
	int fd = cli_connect(f);
	const uint8_t *b;

	negotiate(fd, &d, 1, no_preauth, 1, STATUS_INVALID_PARAMETER);
	close(fd);
	fd = cli_connect(f);
	negotiate(fd, &d, 1, other_hash, 1, STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
	close(fd);
	fd = cli_connect(f);
	negotiate(fd, &d, 1, dup, 2, STATUS_INVALID_PARAMETER);
	/* a failed NEGOTIATE leaves the connection unnegotiated: try again */
	build_negotiate(1, 8, &d, 1, windows_ctx, 1);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 1, STATUS_SUCCESS);
	assert_int_equal(t_get16(b + 4), 0x0311);
	close(fd);
}

static void test_negotiate_malformed(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	build_negotiate(0, 1, all_dialects, 4, NULL, 0);
	t_put16(req.b + 64 + 2, 0);	/* DialectCount */
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_INVALID_PARAMETER);
	build_negotiate(1, 1, all_dialects, 4, NULL, 0);
	t_put16(req.b + 64 + 2, 9);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_NEGOTIATE, 1, STATUS_INVALID_PARAMETER);
	close(fd);
}

/* [MS-SMB2] 3.3.5.2.4: a signed NEGOTIATE is refused. */
static void test_negotiate_signed(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	build_negotiate(0, 1, all_dialects, 4, NULL, 0);
	t_put32(req.b + T_H_FLAGS, SMB2_FLAGS_SIGNED);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_INVALID_PARAMETER);
	close(fd);
}

static void test_second_negotiate_closes(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	build_negotiate(1, 1, all_dialects, 5, windows_ctx, 5);
	send_frame(fd, &req);
	expect_closed(fd);
}

/*
 * A NEGOTIATE answered second in a compound: its offsets still count from
 * its own header ([MS-SMB2] 2.2.4 SecurityBufferOffset, NegotiateContextOffset),
 * or the server must refuse it; either way not offsets from the frame start.
 */
static void test_negotiate_second_in_compound(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);
	size_t second;
	int r;

	req.n = 0;
	t_negotiate(&req, 0, 8, all_dialects, 5, windows_ctx, 1);
	t_put16(req.b + 64 + 2, 0);		/* DialectCount 0: fails */
	t_pad8(&req);
	t_put32(req.b + T_H_NEXT, (uint32_t)req.n);
	second = req.n;
	t_negotiate(&req, 1, 8, all_dialects, 5, windows_ctx, 1);
	assert_int_equal(second & 7, 0);
	send_frame(fd, &req);
	r = recv_frame(fd, &rsp, WAIT_MS);
	assert_int_not_equal(r, RD_TIMEOUT);
	if (r == RD_EOF)
		return;		/* refused outright: fine */
	check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_INVALID_PARAMETER);
	second = t_get32(rsp.b + T_H_NEXT);
	assert_int_not_equal(second, 0);
	if (t_get32(rsp.b + second + T_H_STATUS) == STATUS_SUCCESS) {
		const uint8_t *b = check_rsp(&rsp, second, SMB2_NEGOTIATE, 1, STATUS_SUCCESS);
		uint32_t ctx = t_get32(b + 60);

		if (t_get16(b + 56) != 128)
			fail_msg("SecurityBufferOffset %u, expected 128 (from its own header)",
				 t_get16(b + 56));
		/* the contexts follow the fixed part and the security buffer, 8-aligned */
		if (ctx != ((128u + t_get16(b + 58) + 7) & ~7u))
			fail_msg("NegotiateContextOffset %u, expected %u", ctx,
				 (128u + t_get16(b + 58) + 7) & ~7u);
	}
	close(fd);
}

/* --- SMB1 multi-protocol negotiate ([MS-SMB2] 3.3.5.3) --- */

static void smb1_negotiate(int fd, const char *const *d, unsigned int n)
{
	req.n = 0;
	t_smb1_negotiate(&req, d, n);
	send_frame(fd, &req);
}

static void test_smb1_wildcard(void **state)
{
	static const char *const d[] = { "NT LANMAN 1.0", "NT LM 0.12", "SMB 2.002", "SMB 2.???" };
	struct fixture *f = *state;
	int fd = cli_connect(f);
	const uint8_t *b;

	smb1_negotiate(fd, d, 4);
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	check_negotiate_fixed(b, 0x02FF);
	assert_true(t_get16(rsp.b + T_H_CREDITS) >= 1);
	/* the client follows with an SMB2 NEGOTIATE, MessageId 1 */
	build_negotiate(1, 8, all_dialects, 5, windows_ctx, 5);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 1, STATUS_SUCCESS);
	assert_int_equal(t_get16(b + 4), 0x0311);
	echo_ok(fd, 2);
	close(fd);
}

static void test_smb1_202(void **state)
{
	static const char *const d[] = { "NT LM 0.12", "SMB 2.002" };
	struct fixture *f = *state;
	int fd = cli_connect(f);
	const uint8_t *b;

	smb1_negotiate(fd, d, 2);
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	check_negotiate_fixed(b, 0x0202);
	/* 2.0.2 is negotiated: the next request is a command, MessageId 1 */
	echo_ok(fd, 1);
	build_negotiate(2, 1, all_dialects, 5, windows_ctx, 5);
	send_frame(fd, &req);
	expect_closed(fd);
}

/*
 * [MS-SMB2] 3.3.5.3.1: a server that speaks 2.1 or later answers "SMB 2.???"
 * with 0x02FF whether or not "SMB 2.002" is offered too.
 */
static void test_smb1_wildcard_alone(void **state)
{
	static const char *const d[] = { "NT LM 0.12", "SMB 2.???" };
	struct fixture *f = *state;
	int fd = cli_connect(f);
	const uint8_t *b;
	int r;

	smb1_negotiate(fd, d, 2);
	r = recv_frame(fd, &rsp, WAIT_MS);
	if (r != RD_OK)
		fail_msg("\"SMB 2.???\" without \"SMB 2.002\": connection %s",
			 r == RD_EOF ? "closed" : "timed out");
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	assert_int_equal(t_get16(b + 4), 0x02FF);
	close(fd);
}

static void test_smb1_no_smb2(void **state)
{
	static const char *const d[] = { "PC NETWORK PROGRAM 1.0", "NT LM 0.12" };
	struct fixture *f = *state;
	int fd = cli_connect(f);

	smb1_negotiate(fd, d, 2);
	expect_closed(fd);
}

static void test_smb1_after_smb2(void **state)
{
	static const char *const d[] = { "NT LM 0.12", "SMB 2.002", "SMB 2.???" };
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	smb1_negotiate(fd, d, 3);
	expect_closed(fd);
}

static void test_smb1_malformed(void **state)
{
	static const char *const d[] = { "NT LM 0.12", "SMB 2.002" };
	struct fixture *f = *state;
	int fd = cli_connect(f);

	req.n = 0;
	t_smb1_negotiate(&req, d, 2);
	req.n--;			/* unterminated last string */
	t_put16(req.b + 33, (uint16_t)(t_get16(req.b + 33) - 1));
	send_frame(fd, &req);
	expect_closed(fd);
}

/* --- ECHO and compounding --- */

static void test_echo(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	echo_ok(fd, 1);
	echo_ok(fd, 2);
	close(fd);
}

/* An ECHO that names a session needs that session. */
static void test_echo_with_session(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 1, 0);
	t_put64(req.b + T_H_SID, 0x1234);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_ECHO, 1, STATUS_USER_SESSION_DELETED);
	echo_ok(fd, 2);
	close(fd);
}

static void test_echo_bad_structure_size(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_simple(&req, SMB2_ECHO, 1, 5, 4);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_ECHO, 1, STATUS_INVALID_PARAMETER);
	/* the body is shorter than its StructureSize */
	req.n = 0;
	build_simple(&req, SMB2_ECHO, 2, 4, 2);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_ECHO, 2, STATUS_INVALID_PARAMETER);
	echo_ok(fd, 3);
	close(fd);
}

/* A request with the response flag set is not a request. */
static void test_request_with_response_flag(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 1, 0);
	t_put32(req.b + T_H_FLAGS, SMB2_FLAGS_SERVER_TO_REDIR);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_ECHO, 1, STATUS_INVALID_PARAMETER);
	close(fd);
}

static void test_compound_echo(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);
	size_t off = 0;
	unsigned int i;

	negotiate_311(fd);
	req.n = 0;
	for (i = 0; i < 3; i++) {
		build_echo(&req, 1 + i, i < 2 ? 72 : 0);
		if (i == 1)	/* related operations are answered as related */
			t_put32(req.b + req.n - 68 + T_H_FLAGS, SMB2_FLAGS_RELATED_OPERATIONS);
		if (i < 2)
			t_pad8(&req);
	}
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	for (i = 0; i < 3; i++) {
		uint32_t next;

		check_rsp(&rsp, off, SMB2_ECHO, 1 + i, STATUS_SUCCESS);
		next = t_get32(rsp.b + off + T_H_NEXT);
		if (i == 1)
			assert_true(t_get32(rsp.b + off + T_H_FLAGS) &
				    SMB2_FLAGS_RELATED_OPERATIONS);
		if (i < 2) {
			assert_int_equal(next, 72);
			assert_int_equal(off & 7, 0);
			off += next;
		} else {
			assert_int_equal(next, 0);
			assert_int_equal(off + 68, rsp.n);
		}
	}
	close(fd);
}

/*
 * 900 ECHOs in one frame: more responses than fit one response buffer.
 * Each is answered once, in order, whatever the frames they come in.
 */
static void test_compound_many(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);
	unsigned int i, got = 0, frames = 0;

	negotiate_311(fd);
	req.n = 0;
	for (i = 0; i < 900; i++) {
		build_echo(&req, 1 + i, i < 899 ? 72 : 0);
		if (i < 899)
			t_pad8(&req);
	}
	assert_true(req.n <= 65536);
	send_frame(fd, &req);
	while (got < 900) {
		size_t off = 0;

		expect_frame(fd, &rsp);
		frames++;
		for (;;) {
			uint32_t next;

			check_rsp(&rsp, off, SMB2_ECHO, 1 + got, STATUS_SUCCESS);
			got++;
			next = t_get32(rsp.b + off + T_H_NEXT);
			if (!next)
				break;
			off += next;
		}
		assert_int_equal(off + 68, rsp.n);
	}
	assert_true(frames >= 1);
	echo_ok(fd, 901);
	close(fd);
}

/* A NextCommand that is misaligned fails that request and ends the compound. */
static void test_compound_bad_next(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 1, 68);
	build_echo(&req, 2, 0);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_ECHO, 1, STATUS_INVALID_PARAMETER);
	assert_int_equal(t_get32(rsp.b + T_H_NEXT), 0);
	assert_int_equal(rsp.n, 64 + 9);
	echo_ok(fd, 2);
	close(fd);
}

/* NextCommand past the end of the frame: the same. */
static void test_compound_next_past_end(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 1, 80);
	t_pad8(&req);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_ECHO, 1, STATUS_INVALID_PARAMETER);
	echo_ok(fd, 2);
	close(fd);
}

/* A request cut short after a good one in a compound: a malformed message, dropped. */
static void test_compound_truncated_tail(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 1, 72);
	t_pad8(&req);
	t_append(&req, "\xFESMB", 4);	/* 4 bytes of a header */
	send_frame(fd, &req);
	expect_closed(fd);
}

/* CANCEL is never answered. */
static void test_cancel_no_response(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_simple(&req, SMB2_CANCEL, 1, 4, 4);
	send_frame(fd, &req);
	expect_silence(fd, 200);
	echo_ok(fd, 1);		/* CANCEL spent no MessageId */
	close(fd);
}

/* --- connection state and sequence numbers --- */

static void test_unknown_command(void **state)
{
	static const uint16_t cmds[] = { SMB2_NR_COMMANDS, 0x0100, 0xFFFF };
	struct fixture *f = *state;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		int fd = cli_connect(f);

		negotiate_311(fd);
		req.n = 0;
		build_simple(&req, cmds[i], 1, 4, 4);
		send_frame(fd, &req);
		expect_closed(fd);
	}
}

static void test_command_before_negotiate(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	req.n = 0;
	build_echo(&req, 0, 0);
	send_frame(fd, &req);
	expect_closed(fd);
	fd = cli_connect(f);
	req.n = 0;
	build_simple(&req, SMB2_SESSION_SETUP, 0, 25, 24);
	send_frame(fd, &req);
	expect_closed(fd);
}

static void test_message_id_reuse(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	echo_ok(fd, 1);
	req.n = 0;
	build_echo(&req, 1, 0);
	send_frame(fd, &req);
	expect_closed(fd);
	/* MessageId 0 again right after NEGOTIATE */
	fd = cli_connect(f);
	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 0, 0);
	send_frame(fd, &req);
	expect_closed(fd);
}

static void test_message_id_beyond_window(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);		/* 64 credits: ids 1..64 */
	echo_ok(fd, 64);
	req.n = 0;
	build_echo(&req, 1000, 0);
	send_frame(fd, &req);
	expect_closed(fd);
	fd = cli_connect(f);
	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 0xFFFFFFFFFFFFFFFFull, 0);
	send_frame(fd, &req);
	expect_closed(fd);
}

/* Multi-credit requests spend CreditCharge ids (2.1 and later). */
static void test_credit_charge(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	build_echo(&req, 1, 0);
	t_put16(req.b + T_H_CHARGE, 3);		/* ids 1..3 */
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_ECHO, 1, STATUS_SUCCESS);
	req.n = 0;
	build_echo(&req, 2, 0);
	send_frame(fd, &req);
	expect_closed(fd);
}

static void test_tree_connect_no_session(void **state)
{
	static const char path[] = "\\\\127.0.0.1\\IPC$";
	struct fixture *f = *state;
	struct t_hdr h = { .cmd = SMB2_TREE_CONNECT, .mid = 1, .credits = 1, .sid = 0x42 };
	int fd = cli_connect(f);
	size_t i;

	negotiate_311(fd);
	req.n = 0;
	t_hdr(&req, &h);
	t_u16(&req, 9);
	t_u16(&req, 0);
	t_u16(&req, 72);
	t_u16(&req, (uint16_t)(2 * (sizeof(path) - 1)));
	for (i = 0; i < sizeof(path) - 1; i++)
		t_u16(&req, (uint16_t)path[i]);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_TREE_CONNECT, 1, STATUS_USER_SESSION_DELETED);
	echo_ok(fd, 2);
	close(fd);
}

/* A server without a login service refuses every log-on, and says so. */
static void test_session_setup_no_service(void **state)
{
	struct fixture *f = *state;
	struct t_hdr h = { .cmd = SMB2_SESSION_SETUP, .mid = 1, .credits = 1 };
	int fd = cli_connect(f);

	negotiate_311(fd);
	req.n = 0;
	t_hdr(&req, &h);
	t_u16(&req, 25);
	t_append(&req, NULL, 1);	/* Flags */
	t_append(&req, "\x01", 1);	/* SecurityMode */
	t_u32(&req, 0);			/* Capabilities */
	t_u32(&req, 0);			/* Channel */
	t_u16(&req, 88);		/* SecurityBufferOffset */
	t_u16(&req, 4);
	t_u64(&req, 0);			/* PreviousSessionId */
	t_append(&req, "\x60\x02\x06\x00", 4);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	check_rsp(&rsp, 0, SMB2_SESSION_SETUP, 1, STATUS_LOGON_FAILURE);
	close(fd);
}

/* --- framing --- */

static void test_oversized_frame(void **state)
{
	static const uint8_t hdr[] = { 0, 0x01, 0x00, 0x01 };	/* 65537 */
	static const uint8_t huge[] = { 0, 0xFF, 0xFF, 0xFF };
	struct fixture *f = *state;
	int fd = cli_connect(f);

	send_raw(fd, hdr, 4);
	send_raw(fd, "\xFESMB", 4);
	expect_closed(fd);
	fd = cli_connect(f);
	send_raw(fd, huge, 4);
	expect_closed(fd);
}

/* The largest frame allowed before authentication is accepted. */
static void test_max_frame(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);
	const uint8_t *b;

	build_negotiate(0, 1, all_dialects, 4, NULL, 0);
	t_append(&req, NULL, 65536 - req.n);
	send_frame(fd, &req);
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	assert_int_equal(t_get16(b + 4), 0x0302);
	close(fd);
}

static void test_netbios_frames(void **state)
{
	static const uint8_t keepalive[] = { 0x85, 0, 0, 0 };
	static const uint8_t session_req[] = { 0x81, 0, 0, 0x44 };
	struct fixture *f = *state;
	int fd = cli_connect(f);

	send_raw(fd, keepalive, 4);
	expect_closed(fd);
	fd = cli_connect(f);
	send_raw(fd, session_req, 4);
	expect_closed(fd);
}

/* An empty frame carries nothing and is skipped. */
static void test_empty_frame(void **state)
{
	static const uint8_t empty[] = { 0, 0, 0, 0 };
	struct fixture *f = *state;
	int fd = cli_connect(f);

	send_raw(fd, empty, 4);
	send_raw(fd, empty, 4);
	negotiate_311(fd);
	close(fd);
}

static void test_short_and_foreign_frames(void **state)
{
	static const uint8_t three[] = { 0, 0, 0, 3, 0xFE, 'S', 'M' };
	static const uint8_t hdr_only[] = { 0, 0, 0, 10, 0xFE, 'S', 'M', 'B', 64, 0, 0, 0, 0, 0 };
	struct fixture *f = *state;
	int fd = cli_connect(f);

	send_raw(fd, three, sizeof(three));
	expect_closed(fd);
	fd = cli_connect(f);
	send_raw(fd, hdr_only, sizeof(hdr_only));
	expect_closed(fd);
	/* a transform header with no session to decrypt it */
	fd = cli_connect(f);
	build_negotiate(0, 1, all_dialects, 4, NULL, 0);
	req.b[0] = 0xFD;
	send_frame(fd, &req);
	expect_closed(fd);
	/* a compression transform, never negotiated */
	fd = cli_connect(f);
	build_negotiate(0, 1, all_dialects, 4, NULL, 0);
	req.b[0] = 0xFC;
	send_frame(fd, &req);
	expect_closed(fd);
}

static void test_byte_at_a_time(void **state)
{
	struct fixture *f = *state;
	int fd = cli_connect(f);
	uint8_t hdr[4];
	const uint8_t *b;
	size_t i;

	build_negotiate(0, 1, all_dialects, 5, windows_ctx, 5);
	hdr[0] = 0;
	hdr[1] = (uint8_t)(req.n >> 16);
	hdr[2] = (uint8_t)(req.n >> 8);
	hdr[3] = (uint8_t)req.n;
	for (i = 0; i < 4; i++) {
		send_raw(fd, hdr + i, 1);
		usleep(1000);
	}
	for (i = 0; i < req.n; i++) {
		send_raw(fd, req.b + i, 1);
		if (i < 80 || (i & 15) == 0)
			usleep(1000);
	}
	expect_frame(fd, &rsp);
	b = check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	assert_int_equal(t_get16(b + 4), 0x0311);
	close(fd);
}

/* Several frames in one segment are each answered. */
static void test_frames_back_to_back(void **state)
{
	static struct t_msg all;
	struct fixture *f = *state;
	int fd = cli_connect(f);
	uint64_t mid;

	negotiate_311(fd);
	all.n = 0;
	for (mid = 1; mid <= 40; mid++) {
		req.n = 0;
		build_echo(&req, mid, 0);
		t_append(&all, "\0\0\0", 3);
		t_append(&all, NULL, 1)[0] = (uint8_t)req.n;
		t_append(&all, req.b, req.n);
	}
	send_raw(fd, all.b, all.n);
	for (mid = 1; mid <= 40; mid++) {
		expect_frame(fd, &rsp);
		check_rsp(&rsp, 0, SMB2_ECHO, mid, STATUS_SUCCESS);
	}
	close(fd);
}

/* --- connections and the server's life cycle --- */

static uint64_t stat_connections(struct tsmb_server *srv)
{
	struct tsmb_server_stats st;

	tsmb_server_get_stats(srv, &st);
	return st.connections;
}

static void wait_connections(struct tsmb_server *srv, uint64_t n)
{
	uint64_t end = now_ms() + WAIT_MS;

	while (stat_connections(srv) != n) {
		if (now_ms() > end)
			fail_msg("%llu connections, expected %llu",
				 (unsigned long long)stat_connections(srv), (unsigned long long)n);
		usleep(2000);
	}
}

static void test_max_connections(void **state)
{
	struct fixture *f = *state;
	struct tsmb_server_stats st;
	int a = cli_connect(f), b = cli_connect(f), c, d;

	negotiate_311(a);
	negotiate_311(b);
	c = cli_connect(f);
	expect_closed(c);
	echo_ok(a, 1);
	echo_ok(b, 1);
	tsmb_server_get_stats(f->srv, &st);
	assert_true(st.connections_refused >= 1);
	assert_int_equal(st.connections, 2);
	/* a slot frees when a client leaves */
	close(a);
	wait_connections(f->srv, 1);
	d = cli_connect(f);
	negotiate_311(d);
	close(b);
	close(d);
}

static void test_stop_with_clients(void **state)
{
	struct fixture *f = *state;
	int a = cli_connect(f), b = cli_connect(f), c = cli_connect(f);
	uint64_t t0;

	negotiate_311(a);
	/* b says nothing; c is in the middle of a frame */
	send_raw(c, "\0\0\1\0\xFE", 5);
	wait_connections(f->srv, 3);
	t0 = now_ms();
	tsmb_server_stop(f->srv);
	if (now_ms() - t0 > 3000)
		fail_msg("tsmb_server_stop took %llu ms", (unsigned long long)(now_ms() - t0));
	expect_closed(a);
	expect_closed(b);
	expect_closed(c);
	assert_int_equal(stat_connections(f->srv), 0);
	/* nothing listens any more */
	{
		struct sockaddr_in sin;
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(f->port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_not_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
		close(fd);
	}
	tsmb_server_destroy(f->srv);
	f->srv = NULL;
}

static void test_stats(void **state)
{
	struct fixture *f = *state;
	struct tsmb_server_stats st;
	int fd = cli_connect(f);

	negotiate_311(fd);
	echo_ok(fd, 1);
	tsmb_server_get_stats(f->srv, &st);
	assert_int_equal(st.connections, 1);
	assert_true(st.connections_total >= 1);
	assert_true(st.pdus_in >= 2);
	assert_true(st.bytes_in > 0 && st.bytes_out > 0);
	close(fd);
}

/* Many clients at once, each negotiating and echoing: no cross-talk. */
static void test_parallel_clients(void **state)
{
	struct fixture *f = *state;
	int fds[32];
	unsigned int i;

	for (i = 0; i < 32; i++)
		fds[i] = cli_connect(f);
	for (i = 0; i < 32; i++) {
		build_negotiate(0, 4, all_dialects, 5, windows_ctx, 5);
		send_frame(fds[i], &req);
	}
	for (i = 0; i < 32; i++) {
		expect_frame(fds[i], &rsp);
		check_rsp(&rsp, 0, SMB2_NEGOTIATE, 0, STATUS_SUCCESS);
	}
	for (i = 0; i < 32; i++) {
		echo_ok(fds[i], 1);
		close(fds[i]);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_negotiate_each_dialect),
		T(test_negotiate_highest_common),
		T(test_negotiate_no_common_dialect),
		T(test_negotiate_311_contexts),
		T(test_negotiate_311_salt_random),
		T(test_negotiate_311_signing_hmac_only),
		T(test_negotiate_311_errors),
		T(test_negotiate_malformed),
		T(test_negotiate_signed),
		T(test_second_negotiate_closes),
		T(test_negotiate_second_in_compound),
		T(test_smb1_wildcard),
		T(test_smb1_202),
		T(test_smb1_wildcard_alone),
		T(test_smb1_no_smb2),
		T(test_smb1_after_smb2),
		T(test_smb1_malformed),
		T(test_echo),
		T(test_echo_with_session),
		T(test_echo_bad_structure_size),
		T(test_request_with_response_flag),
		T(test_compound_echo),
		T(test_compound_many),
		T(test_compound_bad_next),
		T(test_compound_next_past_end),
		T(test_compound_truncated_tail),
		T(test_cancel_no_response),
		T(test_unknown_command),
		T(test_command_before_negotiate),
		T(test_message_id_reuse),
		T(test_message_id_beyond_window),
		T(test_credit_charge),
		T(test_tree_connect_no_session),
		T(test_session_setup_no_service),
		T(test_oversized_frame),
		T(test_max_frame),
		T(test_netbios_frames),
		T(test_empty_frame),
		T(test_short_and_foreign_frames),
		T(test_byte_at_a_time),
		T(test_frames_back_to_back),
		cmocka_unit_test_setup_teardown(test_max_connections, setup_max2, teardown),
		T(test_stop_with_clients),
		T(test_stats),
		T(test_parallel_clients),
	};
	const char *lvl = getenv("TSMB_TEST_LOG");

	signal(SIGPIPE, SIG_IGN);
	tsmb_posix_log_set_level(lvl ? atoi(lvl) : TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
