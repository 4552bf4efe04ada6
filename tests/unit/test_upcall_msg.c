// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/upcall/msg.c: the up-call message ABI. Round trips of every message
 * type in both directions, the exact wire layout against bytes built by
 * hand (tsmb_test.h, independent of the codec), and every way a message
 * can be malformed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tsmb/os/errno.h>

#include "core/lib/status.h"
#include "core/upcall/msg.h"
#include "tsmb_test.h"

#define BIG (1 << 17)
static uint8_t buf[BIG];
static struct t_msg hm;		/* hand-built messages */

static const struct tsmb_upcall_addr addr4 = {
	.family = 2, .port = 40001, .addr = { 127, 0, 0, 1 },
};
static const struct tsmb_upcall_addr addr6 = {
	.family = 10, .port = 445, .scope_id = 3,
	.addr = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
};

/* --- hand-built messages --- */

static void h_hdr(uint16_t type, uint32_t flags, uint64_t id, uint64_t handle)
{
	hm.n = 0;
	t_u32(&hm, 0x43555354);
	t_u16(&hm, 1);
	t_u16(&hm, type);
	t_u32(&hm, flags);
	t_u32(&hm, 0);
	t_u64(&hm, id);
	t_u64(&hm, handle);
}

static void h_attr_f(uint16_t type, uint16_t flags, const void *v, uint32_t len)
{
	t_u16(&hm, type);
	t_u16(&hm, flags);
	t_u32(&hm, len);
	t_append(&hm, v, len);
	t_pad8(&hm);
}

static void h_attr(uint16_t type, const void *v, uint32_t len)
{
	h_attr_f(type, 0, v, len);
}

static void h_u32(uint16_t type, uint32_t v)
{
	uint8_t b[4];

	t_put32(b, v);
	h_attr(type, b, 4);
}

static void h_u64(uint16_t type, uint64_t v)
{
	uint8_t b[8];

	t_put64(b, v);
	h_attr(type, b, 8);
}

static void h_str(uint16_t type, const char *s)
{
	h_attr(type, s, (uint32_t)strlen(s));
}

static void h_addr(uint16_t type, const struct tsmb_upcall_addr *a)
{
	uint8_t b[24];

	t_put16(b, a->family);
	t_put16(b + 2, a->port);
	t_put32(b + 4, a->scope_id);
	memcpy(b + 8, a->addr, 16);
	h_attr(type, b, 24);
}

/* Patches the payload length to what was appended. */
static void h_end(void)
{
	t_put32(hm.b + 12, (uint32_t)(hm.n - 32));
}

static int h_decode(struct tsmb_upcall_msg *m)
{
	return tsmb_upcall_decode(hm.b, hm.n, m);
}

/* A valid LOGIN request, by hand. */
static void h_login_req(void)
{
	static const uint8_t blob[] = { 0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01 };

	h_hdr(TSMB_UPCALL_LOGIN, 0, 7, 0x1122334455667788ull);
	h_attr(TSMB_UPCALL_A_SEC_BLOB, blob, sizeof(blob));
	h_addr(TSMB_UPCALL_A_CLIENT_ADDR, &addr4);
	h_u32(TSMB_UPCALL_A_DIALECT, 0x0311);
	h_u32(TSMB_UPCALL_A_LOGIN_FLAGS, TSMB_UPCALL_LOGIN_FIRST_LEG);
	h_end();
}

/* --- encoder helpers --- */

static size_t enc_end_ok(struct tsmb_upcall_enc *e)
{
	size_t len = 0;

	assert_int_equal(tsmb_upcall_enc_end(e, &len), 0);
	assert_true(len >= TSMB_UPCALL_HDR_SIZE && (len & 7) == 0);
	return len;
}

static void check_str(const struct tsmb_upcall_msg *m, unsigned int attr, const char *want)
{
	const char *s;
	size_t n;

	assert_int_equal(tsmb_upcall_get_str(m, attr, &s, &n), 0);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(s, want, n);
}

static void check_u32(const struct tsmb_upcall_msg *m, unsigned int attr, uint32_t want)
{
	uint32_t v = ~want;

	assert_int_equal(tsmb_upcall_get_u32(m, attr, &v), 0);
	assert_int_equal(v, want);
}

static void check_u64(const struct tsmb_upcall_msg *m, unsigned int attr, uint64_t want)
{
	uint64_t v = ~want;

	assert_int_equal(tsmb_upcall_get_u64(m, attr, &v), 0);
	assert_true(v == want);
}

static void check_bytes(const struct tsmb_upcall_msg *m, unsigned int attr,
			const void *want, size_t len)
{
	const uint8_t *p;
	size_t n;

	assert_int_equal(tsmb_upcall_get_bytes(m, attr, &p, &n), 0);
	assert_int_equal(n, len);
	if (len)
		assert_memory_equal(p, want, len);
}

/* Every prefix of a valid message is refused (and read within bounds). */
static void check_truncations(const uint8_t *p, size_t len)
{
	struct tsmb_upcall_msg m;
	uint8_t *copy;
	size_t n;

	for (n = 0; n < len; n++) {
		/* An exact-size heap copy, so ASan sees any read past it. */
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, p, n);
		assert_int_not_equal(tsmb_upcall_decode(copy, n, &m), 0);
		free(copy);
	}
}

/* --- round trips --- */

static void test_login_request(void **state)
{
	static const uint8_t blob[] = { 0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01 };
	struct tsmb_upcall_enc e;
	struct tsmb_upcall_msg m;
	struct tsmb_upcall_addr a;
	size_t len;

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGIN, 0, 7,
			      0x1122334455667788ull);
	tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SEC_BLOB, blob, sizeof(blob));
	tsmb_upcall_put_addr(&e, TSMB_UPCALL_A_CLIENT_ADDR, &addr4);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_DIALECT, 0x0311);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_LOGIN_FLAGS, TSMB_UPCALL_LOGIN_FIRST_LEG);
	len = enc_end_ok(&e);

	/* The wire layout, byte for byte, as docs/upcall.md describes it. */
	h_login_req();
	assert_int_equal(len, hm.n);
	assert_memory_equal(buf, hm.b, len);

	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(m.type, TSMB_UPCALL_LOGIN);
	assert_int_equal(m.version, TSMB_UPCALL_VERSION);
	assert_false(tsmb_upcall_is_reply(&m));
	assert_true(m.req_id == 7);
	assert_true(m.handle == 0x1122334455667788ull);
	check_bytes(&m, TSMB_UPCALL_A_SEC_BLOB, blob, sizeof(blob));
	check_u32(&m, TSMB_UPCALL_A_DIALECT, 0x0311);
	check_u32(&m, TSMB_UPCALL_A_LOGIN_FLAGS, TSMB_UPCALL_LOGIN_FIRST_LEG);
	assert_int_equal(tsmb_upcall_get_addr(&m, TSMB_UPCALL_A_CLIENT_ADDR, &a), 0);
	assert_memory_equal(&a, &addr4, sizeof(a));
	assert_false(tsmb_upcall_has(&m, TSMB_UPCALL_A_STATUS));
	check_truncations(buf, len);
}

static size_t login_reply(uint32_t status, size_t key_len, uint32_t sflags, bool blob)
{
	static const uint32_t gids[] = { 100, 1000, 4, 27 };
	uint8_t key[32];
	struct tsmb_upcall_enc e;
	unsigned int i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0xA0 + i);
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 7, 9);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, status);
	if (blob)
		tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SEC_BLOB, "\xa1\x07\x30\x05", 4);
	if (key_len)
		tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SESSION_KEY, key, key_len);
	if (status == STATUS_SUCCESS) {
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_UID, 1000);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_GID, 1000);
		tsmb_upcall_put_u32_array(&e, TSMB_UPCALL_A_GIDS, gids, 4);
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_USER, "j\xc3\xbcrgen", 7);
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_DOMAIN, "WORKGROUP", 9);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_SESSION_FLAGS, sflags);
	}
	return enc_end_ok(&e);
}

static void test_login_reply(void **state)
{
	struct tsmb_upcall_msg m;
	uint32_t gids[8];
	uint8_t key[32];
	size_t len, n;
	unsigned int i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0xA0 + i);
	len = login_reply(STATUS_SUCCESS, 16, 0, true);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_LOGIN, 7, 9, &m), 0);
	assert_true(tsmb_upcall_is_reply(&m));
	assert_int_equal(tsmb_upcall_status(&m), STATUS_SUCCESS);
	check_bytes(&m, TSMB_UPCALL_A_SESSION_KEY, key, 16);
	check_bytes(&m, TSMB_UPCALL_A_SEC_BLOB, "\xa1\x07\x30\x05", 4);
	check_u32(&m, TSMB_UPCALL_A_UID, 1000);
	check_u32(&m, TSMB_UPCALL_A_GID, 1000);
	check_str(&m, TSMB_UPCALL_A_USER, "j\xc3\xbcrgen");
	check_str(&m, TSMB_UPCALL_A_DOMAIN, "WORKGROUP");
	check_u32(&m, TSMB_UPCALL_A_SESSION_FLAGS, 0);
	assert_int_equal(tsmb_upcall_get_u32_array(&m, TSMB_UPCALL_A_GIDS, gids, 8, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(gids[0], 100);
	assert_int_equal(gids[3], 27);
	/* A short output array gets what fits and the real count. */
	gids[1] = 0;
	assert_int_equal(tsmb_upcall_get_u32_array(&m, TSMB_UPCALL_A_GIDS, gids, 1, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(gids[1], 0);
	check_truncations(buf, len);

	/* A 32-byte key (AES-256 ciphers), and a guest needs none. */
	len = login_reply(STATUS_SUCCESS, 32, 0, false);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	check_bytes(&m, TSMB_UPCALL_A_SESSION_KEY, key, 32);
	len = login_reply(STATUS_SUCCESS, 0, TSMB_UPCALL_SESSION_GUEST, false);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_false(tsmb_upcall_has(&m, TSMB_UPCALL_A_SESSION_KEY));
	len = login_reply(STATUS_SUCCESS, 0, TSMB_UPCALL_SESSION_ANONYMOUS, false);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);

	/* Another leg to go: the blob, nothing else. A failure: a status. */
	len = login_reply(STATUS_MORE_PROCESSING_REQUIRED, 0, 0, true);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(tsmb_upcall_status(&m), STATUS_MORE_PROCESSING_REQUIRED);
	len = login_reply(STATUS_LOGON_FAILURE, 0, 0, false);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(tsmb_upcall_status(&m), STATUS_LOGON_FAILURE);
}

static void test_logoff(void **state)
{
	struct tsmb_upcall_enc e;
	struct tsmb_upcall_msg m;
	size_t len;

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGOFF, 0, 1, 42);
	len = enc_end_ok(&e);
	assert_int_equal(len, TSMB_UPCALL_HDR_SIZE);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(m.type, TSMB_UPCALL_LOGOFF);
	assert_true(m.handle == 42);

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 42);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	len = enc_end_ok(&e);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_LOGOFF, 1, 42, &m), 0);
	assert_int_equal(tsmb_upcall_status(&m), STATUS_SUCCESS);
	check_truncations(buf, len);
}

static void test_tree_connect(void **state)
{
	static const uint32_t gids[] = { 1000 };
	struct tsmb_upcall_enc e;
	struct tsmb_upcall_msg m;
	struct tsmb_upcall_addr a;
	size_t len;

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_TREE_CONNECT, 0, 2, 0x40001);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_UID, 1000);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_GID, 1000);
	tsmb_upcall_put_u32_array(&e, TSMB_UPCALL_A_GIDS, gids, 1);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_USER, "alice", 5);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SHARE_NAME, "data", 4);
	tsmb_upcall_put_addr(&e, TSMB_UPCALL_A_CLIENT_ADDR, &addr6);
	len = enc_end_ok(&e);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	check_u32(&m, TSMB_UPCALL_A_UID, 1000);
	check_str(&m, TSMB_UPCALL_A_USER, "alice");
	check_str(&m, TSMB_UPCALL_A_SHARE_NAME, "data");
	assert_int_equal(tsmb_upcall_get_addr(&m, TSMB_UPCALL_A_CLIENT_ADDR, &a), 0);
	assert_memory_equal(&a, &addr6, sizeof(a));
	assert_false(tsmb_upcall_has(&m, TSMB_UPCALL_A_DOMAIN));
	check_truncations(buf, len);

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_TREE_CONNECT, TSMB_UPCALL_F_REPLY,
			      2, 0x40001);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_SHARE_FLAGS, TSMB_UPCALL_SHARE_READ_ONLY);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_MAX_ACCESS, 0x001200A9);
	len = enc_end_ok(&e);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_TREE_CONNECT, 2, 0x40001,
						  &m), 0);
	check_u32(&m, TSMB_UPCALL_A_SHARE_FLAGS, TSMB_UPCALL_SHARE_READ_ONLY);
	check_u32(&m, TSMB_UPCALL_A_MAX_ACCESS, 0x001200A9);

	/* Denied: the status alone. */
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_TREE_CONNECT, TSMB_UPCALL_F_REPLY,
			      2, 0x40001);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_ACCESS_DENIED);
	len = enc_end_ok(&e);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(tsmb_upcall_status(&m), STATUS_ACCESS_DENIED);
}

/* One RPC request and its reply; data may be NULL (no DATA attribute). */
static void rpc_roundtrip(uint16_t type, bool name, bool data_in, bool max_out, bool data_out)
{
	static uint8_t pdu[TSMB_UPCALL_DATA_MAX];
	struct tsmb_upcall_enc e;
	struct tsmb_upcall_msg m;
	size_t len, i;

	for (i = 0; i < sizeof(pdu); i++)
		pdu[i] = (uint8_t)(i * 7);
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), type, 0, 100 + type, 5);
	if (name) {
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_PIPE_NAME, "srvsvc", 6);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_UID, 1000);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_GID, 100);
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_USER, "alice", 5);
	} else {
		tsmb_upcall_put_u64(&e, TSMB_UPCALL_A_PIPE_ID, 0xFEEDFACECAFEBEEFull);
	}
	if (data_in)
		tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_DATA, pdu, sizeof(pdu));
	if (max_out)
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_MAX_OUT, 4280);
	len = enc_end_ok(&e);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(m.type, type);
	if (name)
		check_str(&m, TSMB_UPCALL_A_PIPE_NAME, "srvsvc");
	else
		check_u64(&m, TSMB_UPCALL_A_PIPE_ID, 0xFEEDFACECAFEBEEFull);
	if (data_in)
		check_bytes(&m, TSMB_UPCALL_A_DATA, pdu, sizeof(pdu));
	if (max_out)
		check_u32(&m, TSMB_UPCALL_A_MAX_OUT, 4280);
	if (!data_in)
		check_truncations(buf, len);

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), type, TSMB_UPCALL_F_REPLY, 100 + type, 5);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	if (name)
		tsmb_upcall_put_u64(&e, TSMB_UPCALL_A_PIPE_ID, 77);
	if (data_out)
		tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_DATA, pdu, 4280);
	len = enc_end_ok(&e);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, type, 100 + type, 5, &m), 0);
	if (name)
		check_u64(&m, TSMB_UPCALL_A_PIPE_ID, 77);
	if (data_out)
		check_bytes(&m, TSMB_UPCALL_A_DATA, pdu, 4280);
}

static void test_rpc(void **state)
{
	rpc_roundtrip(TSMB_UPCALL_RPC_OPEN, true, false, false, false);
	rpc_roundtrip(TSMB_UPCALL_RPC_WRITE, false, true, false, false);
	rpc_roundtrip(TSMB_UPCALL_RPC_READ, false, false, true, true);
	rpc_roundtrip(TSMB_UPCALL_RPC_TRANSCEIVE, false, true, true, true);
	rpc_roundtrip(TSMB_UPCALL_RPC_CLOSE, false, false, false, false);
}

static const char *const share_names[] = { "data", "Public", "\xe5\x85\xb1\xe6\x9c\x89" };

static size_t config_msg(unsigned int nshares)
{
	struct tsmb_upcall_enc e;
	unsigned int i;

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_CONFIG, 0, 1, 0);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_NETBIOS_NAME, "TSMB", 4);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_WORKGROUP, "WORKGROUP", 9);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SERVER_STRING, "tsmb", 4);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_GLOBAL_FLAGS, TSMB_UPCALL_GLOBAL_SIGNING_REQ);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_MAX_CONNECTIONS, 1024);
	for (i = 0; i < nshares; i++) {
		const char *name = share_names[i % 3];

		tsmb_upcall_share_begin(&e);
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SHARE_NAME, name, strlen(name));
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SHARE_PATH, "/srv/x", 6);
		if (i != 1)
			tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SHARE_COMMENT, "c", 1);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_SHARE_FLAGS, i);
		tsmb_upcall_share_end(&e);
	}
	return enc_end_ok(&e);
}

static void test_config(void **state)
{
	struct tsmb_upcall_msg m, share;
	struct tsmb_upcall_enc e;
	size_t len, pos = 0;
	unsigned int i = 0;

	len = config_msg(3);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(m.nr_shares, 3);
	check_str(&m, TSMB_UPCALL_A_NETBIOS_NAME, "TSMB");
	check_str(&m, TSMB_UPCALL_A_WORKGROUP, "WORKGROUP");
	check_str(&m, TSMB_UPCALL_A_SERVER_STRING, "tsmb");
	check_u32(&m, TSMB_UPCALL_A_GLOBAL_FLAGS, TSMB_UPCALL_GLOBAL_SIGNING_REQ);
	check_u32(&m, TSMB_UPCALL_A_MAX_CONNECTIONS, 1024);
	while (tsmb_upcall_next_share(&m, &pos, &share)) {
		check_str(&share, TSMB_UPCALL_A_SHARE_NAME, share_names[i]);
		check_str(&share, TSMB_UPCALL_A_SHARE_PATH, "/srv/x");
		check_u32(&share, TSMB_UPCALL_A_SHARE_FLAGS, i);
		assert_int_equal(tsmb_upcall_has(&share, TSMB_UPCALL_A_SHARE_COMMENT), i != 1);
		/* The share's attributes are not the message's. */
		assert_false(tsmb_upcall_has(&share, TSMB_UPCALL_A_NETBIOS_NAME));
		i++;
	}
	assert_int_equal(i, 3);
	assert_false(tsmb_upcall_next_share(&m, &pos, &share));
	check_truncations(buf, len);

	/* No shares at all; and the most there may be. */
	len = config_msg(0);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	pos = 0;
	assert_false(tsmb_upcall_next_share(&m, &pos, &share));
	len = config_msg(TSMB_UPCALL_SHARES_MAX);
	assert_int_equal(tsmb_upcall_decode(buf, len, &m), 0);
	assert_int_equal(m.nr_shares, TSMB_UPCALL_SHARES_MAX);
	/* One more is refused by the encoder (its check is the decoder's). */
	assert_true(sizeof(buf) > len + 100);
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_CONFIG, 0, 1, 0);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_NETBIOS_NAME, "TSMB", 4);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_WORKGROUP, "W", 1);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_GLOBAL_FLAGS, 0);
	for (i = 0; i <= TSMB_UPCALL_SHARES_MAX; i++) {
		tsmb_upcall_share_begin(&e);
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SHARE_NAME, "s", 1);
		tsmb_upcall_put_str(&e, TSMB_UPCALL_A_SHARE_PATH, "/", 1);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_SHARE_FLAGS, 0);
		tsmb_upcall_share_end(&e);
	}
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_CONFIG, TSMB_UPCALL_F_REPLY, 1, 0);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	len = enc_end_ok(&e);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_CONFIG, 1, 0, &m), 0);
}

/* --- malformed messages --- */

static void test_truncated_header(void **state)
{
	struct tsmb_upcall_msg m;

	h_login_req();
	check_truncations(hm.b, TSMB_UPCALL_HDR_SIZE);
	assert_int_equal(tsmb_upcall_decode(hm.b, 31, &m), -TSMB_EBADMSG);
	assert_int_equal(tsmb_upcall_decode(hm.b, 0, &m), -TSMB_EBADMSG);
	assert_int_equal(h_decode(&m), 0);
}

static void test_magic_version_flags(void **state)
{
	struct tsmb_upcall_msg m;

	h_login_req();
	hm.b[0] ^= 1;
	assert_int_equal(h_decode(&m), -TSMB_EPROTO);
	h_login_req();
	t_put16(hm.b + 4, 2);
	assert_int_equal(h_decode(&m), -TSMB_EPROTO);
	t_put16(hm.b + 4, 0);
	assert_int_equal(h_decode(&m), -TSMB_EPROTO);
	h_login_req();
	t_put32(hm.b + 8, 0x2);	/* a reserved header flag */
	assert_int_equal(h_decode(&m), -TSMB_EPROTO);
	t_put32(hm.b + 8, 0x80000001);
	assert_int_equal(h_decode(&m), -TSMB_EPROTO);
}

static void test_unknown_type(void **state)
{
	static const uint16_t types[] = { 0, TSMB_UPCALL_TYPE_MAX + 1, 0xFFFF };
	struct tsmb_upcall_msg m;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		h_hdr(types[i], 0, 55, 66);
		h_u32(TSMB_UPCALL_A_STATUS, 0);
		h_end();
		/* The header is there, so that a service can answer it. */
		assert_int_equal(h_decode(&m), -TSMB_EOPNOTSUPP);
		assert_int_equal(m.type, types[i]);
		assert_true(m.req_id == 55 && m.handle == 66);
		assert_string_equal(tsmb_upcall_type_name(types[i]), "UNKNOWN");
	}
}

static void test_payload_length(void **state)
{
	struct tsmb_upcall_msg m;
	size_t n;

	h_login_req();
	n = hm.n - 32;
	t_put32(hm.b + 12, (uint32_t)n + 8);		/* past the end */
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	t_put32(hm.b + 12, (uint32_t)n - 8);		/* short of the end */
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	t_put32(hm.b + 12, (uint32_t)n - 4);		/* not a multiple of 8 */
	assert_int_equal(tsmb_upcall_decode(hm.b, hm.n - 4, &m), -TSMB_EBADMSG);
	t_put32(hm.b + 12, 0xFFFFFFF8u);		/* wraps a 32-bit size_t */
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	t_put32(hm.b + 12, TSMB_UPCALL_MSG_MAX);	/* over the bound */
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
}

static void test_attribute_past_end(void **state)
{
	struct tsmb_upcall_msg m;
	size_t blob_len_at = 32 + 4;

	h_login_req();
	t_put32(hm.b + blob_len_at, 0x1000);
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	t_put32(hm.b + blob_len_at, 0xFFFFFFFFu);
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	/*
	 * Room for the value, not for its padding: only inside a share can a
	 * span end off the 8-byte grid.
	 */
	{
		uint8_t inner[12] = { 0 };

		t_put16(inner, TSMB_UPCALL_A_SHARE_NAME);
		t_put32(inner + 4, 4);
		memcpy(inner + 8, "abcd", 4);
		h_hdr(TSMB_UPCALL_CONFIG, 0, 1, 0);
		h_str(TSMB_UPCALL_A_NETBIOS_NAME, "N");
		h_str(TSMB_UPCALL_A_WORKGROUP, "W");
		h_u32(TSMB_UPCALL_A_GLOBAL_FLAGS, 0);
		h_attr(TSMB_UPCALL_A_SHARE, inner, sizeof(inner));
		h_end();
		assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	}
}

static void test_padding(void **state)
{
	struct tsmb_upcall_msg m;

	h_login_req();
	/* The 7-byte blob's padding byte. */
	hm.b[32 + 8 + 7] = 0x01;
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
}

static void test_duplicate(void **state)
{
	struct tsmb_upcall_msg m;

	h_login_req();
	h_u32(TSMB_UPCALL_A_DIALECT, 0x0302);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);

	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
}

static void test_missing_required(void **state)
{
	static const uint8_t key[16];
	struct tsmb_upcall_msg m;

	h_hdr(TSMB_UPCALL_LOGIN, 0, 1, 1);	/* no SEC_BLOB */
	h_addr(TSMB_UPCALL_A_CLIENT_ADDR, &addr4);
	h_u32(TSMB_UPCALL_A_DIALECT, 0x0311);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);

	h_hdr(TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 1);	/* no STATUS */
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);

	/* A user's session without a key. */
	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	h_u32(TSMB_UPCALL_A_UID, 1);
	h_u32(TSMB_UPCALL_A_GID, 1);
	h_str(TSMB_UPCALL_A_USER, "u");
	h_u32(TSMB_UPCALL_A_SESSION_FLAGS, 0);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	h_attr(TSMB_UPCALL_A_SESSION_KEY, key, 16);
	h_end();
	assert_int_equal(h_decode(&m), 0);

	/* Success without the identity. */
	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	h_attr(TSMB_UPCALL_A_SESSION_KEY, key, 16);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);

	/* More processing without a blob; an opened pipe without its id. */
	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_MORE_PROCESSING_REQUIRED);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	h_hdr(TSMB_UPCALL_RPC_OPEN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_SUCCESS);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);

	/* A share without its path. */
	h_hdr(TSMB_UPCALL_CONFIG, 0, 1, 0);
	h_str(TSMB_UPCALL_A_NETBIOS_NAME, "N");
	h_str(TSMB_UPCALL_A_WORKGROUP, "W");
	h_u32(TSMB_UPCALL_A_GLOBAL_FLAGS, 0);
	{
		uint8_t inner[32];

		memset(inner, 0, sizeof(inner));
		t_put16(inner, TSMB_UPCALL_A_SHARE_NAME);
		t_put32(inner + 4, 1);
		inner[8] = 's';
		t_put16(inner + 16, TSMB_UPCALL_A_SHARE_FLAGS);
		t_put32(inner + 20, 4);
		h_attr(TSMB_UPCALL_A_SHARE, inner, 32);
	}
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
}

static void test_arrays(void **state)
{
	uint32_t gids[TSMB_UPCALL_GIDS_MAX + 1] = { 0 };
	uint8_t raw[6] = { 0 };
	struct tsmb_upcall_msg m;
	struct tsmb_upcall_enc e;
	size_t len;

	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	h_attr(TSMB_UPCALL_A_GIDS, gids, sizeof(gids));
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	h_attr(TSMB_UPCALL_A_GIDS, gids, sizeof(gids) - 4);
	h_end();
	assert_int_equal(h_decode(&m), 0);
	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	h_attr(TSMB_UPCALL_A_GIDS, raw, sizeof(raw));	/* not whole entries */
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);

	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	tsmb_upcall_put_u32_array(&e, TSMB_UPCALL_A_GIDS, gids, TSMB_UPCALL_GIDS_MAX + 1);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
}

/* A LOGIN reply (failure) carrying USER with these bytes: the result. */
static int user_string(const void *s, uint32_t n)
{
	struct tsmb_upcall_msg m;

	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	h_attr(TSMB_UPCALL_A_USER, s, n);
	h_end();
	return h_decode(&m);
}

static void test_strings(void **state)
{
	static const char *const bad[] = {
		"a\0b", "\0", "\xc0\x80", "\xc1\xbf", "\x80", "\xe2\x82", "\xed\xa0\x80",
		"\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
		"\xff", "ok\xc3",
	};
	static const unsigned int bad_len[] = { 3, 1, 2, 2, 1, 2, 3, 3, 4, 4, 4, 1, 3 };
	static const char *const good[] = {
		"", "alice", "j\xc3\xbcrgen", "\xe7\x94\xa8\xe6\x88\xb7", "\xf0\x9f\x90\xa7",
		"\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80",
	};
	char longname[TSMB_UPCALL_NAME_MAX + 1];
	struct tsmb_upcall_enc e;
	size_t len;
	unsigned int i;

	for (i = 0; i < TSMB_ARRAY_SIZE(bad); i++)
		if (user_string(bad[i], bad_len[i]) != -TSMB_EINVAL)
			fail_msg("bad string %u accepted", i);
	for (i = 0; i < TSMB_ARRAY_SIZE(good); i++)
		if (user_string(good[i], (uint32_t)strlen(good[i])) != 0)
			fail_msg("good string %u refused", i);
	memset(longname, 'x', sizeof(longname));
	assert_int_equal(user_string(longname, TSMB_UPCALL_NAME_MAX), 0);
	assert_int_equal(user_string(longname, TSMB_UPCALL_NAME_MAX + 1), -TSMB_EINVAL);

	/* The encoder refuses what the decoder would. */
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	tsmb_upcall_put_str(&e, TSMB_UPCALL_A_USER, "a\0b", 3);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);

	/* A share or pipe name may not be empty. */
	h_hdr(TSMB_UPCALL_RPC_OPEN, 0, 1, 1);
	h_str(TSMB_UPCALL_A_PIPE_NAME, "");
	h_u32(TSMB_UPCALL_A_UID, 1);
	h_u32(TSMB_UPCALL_A_GID, 1);
	h_str(TSMB_UPCALL_A_USER, "u");
	h_end();
	{
		struct tsmb_upcall_msg m;

		assert_int_equal(h_decode(&m), -TSMB_EINVAL);
	}
}

static void test_values(void **state)
{
	static const uint8_t key24[24];
	struct tsmb_upcall_msg m;
	struct tsmb_upcall_addr a = addr4;

	/* A session key is 16 or 32 bytes. */
	h_hdr(TSMB_UPCALL_LOGIN, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u32(TSMB_UPCALL_A_STATUS, STATUS_LOGON_FAILURE);
	h_attr(TSMB_UPCALL_A_SESSION_KEY, key24, 24);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
	/* A u32 of 8 bytes. */
	h_hdr(TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 1);
	h_u64(TSMB_UPCALL_A_STATUS, 0);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
	/* A u64 of 4. */
	h_hdr(TSMB_UPCALL_RPC_CLOSE, 0, 1, 1);
	h_u32(TSMB_UPCALL_A_PIPE_ID, 0);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
	/* More output than the channel carries. */
	h_hdr(TSMB_UPCALL_RPC_READ, 0, 1, 1);
	h_u64(TSMB_UPCALL_A_PIPE_ID, 1);
	h_u32(TSMB_UPCALL_A_MAX_OUT, TSMB_UPCALL_DATA_MAX + 1);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
	/* An address family that is neither. */
	a.family = 7;
	h_hdr(TSMB_UPCALL_LOGIN, 0, 1, 1);
	h_attr(TSMB_UPCALL_A_SEC_BLOB, "x", 1);
	h_addr(TSMB_UPCALL_A_CLIENT_ADDR, &a);
	h_u32(TSMB_UPCALL_A_DIALECT, 0x0311);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
	/* Data over the bound. */
	h_hdr(TSMB_UPCALL_RPC_WRITE, 0, 1, 1);
	h_u64(TSMB_UPCALL_A_PIPE_ID, 1);
	h_attr(TSMB_UPCALL_A_DATA, NULL, TSMB_UPCALL_DATA_MAX + 1);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
}

static void test_unknown_attributes(void **state)
{
	struct tsmb_upcall_msg m;
	uint32_t v;

	/* Unknown, type 0, and known but not part of a LOGIN: skipped. */
	h_login_req();
	h_u32(200, 1);
	h_u32(0, 1);
	h_u64(TSMB_UPCALL_A_PIPE_ID, 1);
	h_end();
	assert_int_equal(h_decode(&m), 0);
	assert_false(tsmb_upcall_has(&m, TSMB_UPCALL_A_PIPE_ID));
	assert_false(tsmb_upcall_has(&m, 200));
	/* Twice unknown is not a duplicate. */
	h_u32(200, 2);
	h_end();
	assert_int_equal(h_decode(&m), 0);
	/* Unknown and critical: refused. */
	h_login_req();
	h_attr_f(200, TSMB_UPCALL_AF_CRITICAL, "abcd", 4);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EPROTO);
	/* A reserved attribute flag. */
	h_login_req();
	h_attr_f(TSMB_UPCALL_A_LOGIN_FLAGS + 100, 0x8000, "abcd", 4);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EPROTO);
	/* Known and critical: fine. */
	h_hdr(TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 1);
	h_attr_f(TSMB_UPCALL_A_STATUS, TSMB_UPCALL_AF_CRITICAL, "\x22\0\0\xc0", 4);
	h_end();
	assert_int_equal(h_decode(&m), 0);
	assert_int_equal(tsmb_upcall_get_u32(&m, TSMB_UPCALL_A_STATUS, &v), 0);
	assert_int_equal(v, STATUS_ACCESS_DENIED);
}

static void test_nested(void **state)
{
	struct tsmb_upcall_msg m, share;
	uint8_t inner[64];
	size_t pos = 0;

	/* A share whose inner attribute runs past the share. */
	memset(inner, 0, sizeof(inner));
	t_put16(inner, TSMB_UPCALL_A_SHARE_NAME);
	t_put32(inner + 4, 9);
	h_hdr(TSMB_UPCALL_CONFIG, 0, 1, 0);
	h_str(TSMB_UPCALL_A_NETBIOS_NAME, "N");
	h_str(TSMB_UPCALL_A_WORKGROUP, "W");
	h_u32(TSMB_UPCALL_A_GLOBAL_FLAGS, 0);
	h_attr(TSMB_UPCALL_A_SHARE, inner, 16);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	/* A share of 4 bytes: not even an attribute header. */
	h_hdr(TSMB_UPCALL_CONFIG, 0, 1, 0);
	h_str(TSMB_UPCALL_A_NETBIOS_NAME, "N");
	h_str(TSMB_UPCALL_A_WORKGROUP, "W");
	h_u32(TSMB_UPCALL_A_GLOBAL_FLAGS, 0);
	h_attr(TSMB_UPCALL_A_SHARE, inner, 4);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EBADMSG);
	/* A share inside a share is skipped, not descended into. */
	memset(inner, 0, sizeof(inner));
	t_put16(inner, TSMB_UPCALL_A_SHARE_NAME);
	t_put32(inner + 4, 1);
	inner[8] = 's';
	t_put16(inner + 16, TSMB_UPCALL_A_SHARE_PATH);
	t_put32(inner + 20, 1);
	inner[24] = '/';
	t_put16(inner + 32, TSMB_UPCALL_A_SHARE_FLAGS);
	t_put32(inner + 36, 4);
	t_put16(inner + 48, TSMB_UPCALL_A_SHARE);
	t_put32(inner + 52, 8);
	memset(inner + 56, 0xEE, 8);	/* garbage, never parsed */
	h_hdr(TSMB_UPCALL_CONFIG, 0, 1, 0);
	h_str(TSMB_UPCALL_A_NETBIOS_NAME, "N");
	h_str(TSMB_UPCALL_A_WORKGROUP, "W");
	h_u32(TSMB_UPCALL_A_GLOBAL_FLAGS, 0);
	h_attr(TSMB_UPCALL_A_SHARE, inner, 64);
	h_end();
	assert_int_equal(h_decode(&m), 0);
	assert_true(tsmb_upcall_next_share(&m, &pos, &share));
	check_str(&share, TSMB_UPCALL_A_SHARE_NAME, "s");
	assert_false(tsmb_upcall_has(&share, TSMB_UPCALL_A_SHARE));
	assert_false(tsmb_upcall_next_share(&m, &pos, &share));
	/* SHARE is a list only in a CONFIG; elsewhere it is not known. */
	h_login_req();
	h_attr(TSMB_UPCALL_A_SHARE, inner, 64);
	h_attr(TSMB_UPCALL_A_SHARE, inner, 64);
	h_end();
	assert_int_equal(h_decode(&m), 0);
	/* Too many shares. */
	h_hdr(TSMB_UPCALL_CONFIG, 0, 1, 0);
	h_str(TSMB_UPCALL_A_NETBIOS_NAME, "N");
	h_str(TSMB_UPCALL_A_WORKGROUP, "W");
	h_u32(TSMB_UPCALL_A_GLOBAL_FLAGS, 0);
	for (pos = 0; pos <= TSMB_UPCALL_SHARES_MAX; pos++)
		h_attr(TSMB_UPCALL_A_SHARE, inner, 48);
	h_end();
	assert_int_equal(h_decode(&m), -TSMB_EINVAL);
}

static void test_reply_matching(void **state)
{
	struct tsmb_upcall_msg m;
	size_t len = login_reply(STATUS_LOGON_FAILURE, 0, 0, false);

	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_LOGIN, 7, 9, &m), 0);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_LOGIN, 8, 9, &m),
			 -TSMB_EPROTO);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_LOGIN, 7, 10, &m),
			 -TSMB_EPROTO);
	assert_int_equal(tsmb_upcall_decode_reply(buf, len, TSMB_UPCALL_LOGOFF, 7, 9, &m),
			 -TSMB_EPROTO);
	/* A request is not a reply. */
	h_login_req();
	assert_int_equal(tsmb_upcall_decode_reply(hm.b, hm.n, TSMB_UPCALL_LOGIN, 7,
						  0x1122334455667788ull, &m), -TSMB_EPROTO);
}

static void test_encoder_errors(void **state)
{
	struct tsmb_upcall_enc e;
	size_t len;
	uint8_t small[48];

	/* Too small a buffer, at the header and at an attribute. */
	tsmb_upcall_enc_begin(&e, small, 16, TSMB_UPCALL_LOGOFF, 0, 1, 1);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EMSGSIZE);
	tsmb_upcall_enc_begin(&e, small, sizeof(small), TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY,
			      1, 1);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, 0);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), 0);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, 0);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EMSGSIZE);
	/* A put of the wrong kind, an unknown attribute. */
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 1);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_USER, 0);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 1);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_MAX + 1, 0);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
	/* Missing required, duplicated. */
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 1);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_LOGOFF, TSMB_UPCALL_F_REPLY, 1, 1);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, 0);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS, 0);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
	/* Shares: unbalanced, nested. */
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_CONFIG, 0, 1, 1);
	tsmb_upcall_share_end(&e);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_CONFIG, 0, 1, 1);
	tsmb_upcall_share_begin(&e);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
	tsmb_upcall_enc_begin(&e, buf, sizeof(buf), TSMB_UPCALL_CONFIG, 0, 1, 1);
	tsmb_upcall_share_begin(&e);
	tsmb_upcall_share_begin(&e);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), -TSMB_EINVAL);
}

static void test_accessors(void **state)
{
	struct tsmb_upcall_msg m;
	const uint8_t *p;
	const char *s;
	uint32_t v32;
	uint64_t v64;
	size_t n;

	h_login_req();
	assert_int_equal(h_decode(&m), 0);
	assert_int_equal(tsmb_upcall_get_u32(&m, TSMB_UPCALL_A_UID, &v32), -TSMB_ENOENT);
	assert_int_equal(tsmb_upcall_get_u32(&m, TSMB_UPCALL_A_SEC_BLOB, &v32), -TSMB_EINVAL);
	assert_int_equal(tsmb_upcall_get_u64(&m, TSMB_UPCALL_A_DIALECT, &v64), -TSMB_EINVAL);
	assert_int_equal(tsmb_upcall_get_str(&m, TSMB_UPCALL_A_SEC_BLOB, &s, &n), -TSMB_EINVAL);
	assert_int_equal(tsmb_upcall_get_bytes(&m, TSMB_UPCALL_A_USER, &p, &n), -TSMB_EINVAL);
	assert_int_equal(tsmb_upcall_get_bytes(&m, 0, &p, &n), -TSMB_EINVAL);
	assert_int_equal(tsmb_upcall_get_bytes(&m, 1000, &p, &n), -TSMB_EINVAL);
	assert_false(tsmb_upcall_has(&m, 1000));
	assert_string_equal(tsmb_upcall_type_name(TSMB_UPCALL_LOGIN), "LOGIN");
	assert_string_equal(tsmb_upcall_type_name(TSMB_UPCALL_CONFIG), "CONFIG");
	assert_true(tsmb_upcall_timeout_ms(TSMB_UPCALL_LOGIN) > 0);
	assert_true(tsmb_upcall_timeout_ms(0xFFFF) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_request),
		cmocka_unit_test(test_login_reply),
		cmocka_unit_test(test_logoff),
		cmocka_unit_test(test_tree_connect),
		cmocka_unit_test(test_rpc),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_magic_version_flags),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_payload_length),
		cmocka_unit_test(test_attribute_past_end),
		cmocka_unit_test(test_padding),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_unknown_attributes),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_reply_matching),
		cmocka_unit_test(test_encoder_errors),
		cmocka_unit_test(test_accessors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
