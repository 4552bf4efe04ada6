// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.4 Receiving an SMB2 NEGOTIATE Request, and 3.3.5.3.1 the
 * SMB1 multi-protocol negotiate that asks whether SMB2 is spoken.
 */
#include <tsmb/os/crypto.h>
#include <tsmb/os/errno.h>
#include <tsmb/os/time.h>

#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/smb2/dispatch.h"
#include "core/wire/negotiate.h"
#include "core/wire/smb1_negotiate.h"

/* Dialects in increasing order: the greatest common one wins. */
static const uint16_t dialects[] = {
	SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300, SMB2_DIALECT_302, SMB2_DIALECT_311,
};

/* Signing algorithms, most preferred first: GMAC is the cheapest. */
static const uint16_t signing_algs[] = {
	SMB2_SIGNING_AES_GMAC, SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_HMAC_SHA256,
};

#define MAX_IO_SIZE_202	65536u
#define MAX_IO_SIZE	(8u * 1024 * 1024)

static bool list_has(const struct tsmb_u16_list *l, uint16_t v)
{
	unsigned int i;

	for (i = 0; i < l->count; i++)
		if (tsmb_u16_list_at(l, i) == v)
			return true;
	return false;
}

static uint16_t select_dialect(const struct tsmb_u16_list *offered)
{
	int i;

	for (i = (int)TSMB_ARRAY_SIZE(dialects) - 1; i >= 0; i--)
		if (list_has(offered, dialects[i]))
			return dialects[i];
	return 0;
}

/* 3.3.5.4: the server's preference decides among the client's algorithms. */
static uint16_t select_signing(const struct tsmb_negotiate_req *nr)
{
	unsigned int i;

	for (i = 0; i < TSMB_ARRAY_SIZE(signing_algs); i++)
		if (list_has(&nr->signing_algs, signing_algs[i]))
			return signing_algs[i];
	return SMB2_SIGNING_AES_CMAC;
}

/*
 * Ciphers in the server's order of preference ([MS-SMB2] 3.3.5.4 lets the
 * server choose): GCM before CCM, as Windows Server 2022 does.
 */
static const uint16_t ciphers[] = {
	SMB2_ENCRYPTION_AES128_GCM, SMB2_ENCRYPTION_AES128_CCM,
	SMB2_ENCRYPTION_AES256_GCM, SMB2_ENCRYPTION_AES256_CCM,
};

static uint16_t select_cipher(const struct tsmb_negotiate_req *nr)
{
	unsigned int i;

	for (i = 0; i < TSMB_ARRAY_SIZE(ciphers); i++)
		if (list_has(&nr->ciphers, ciphers[i]))
			return ciphers[i];
	return SMB2_ENCRYPTION_NONE;
}

/*
 * The server's first SPNEGO token ([MS-SPNG] NegTokenInit2 as Windows
 * sends it): NTLMSSP as the one mechanism, and the customary negHints
 * principal that clients ignore. Fixed bytes: the kernel format sends the
 * same without asking userspace.
 */
static const uint8_t spnego_init[] = {
	0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x3e, 0x30, 0x3c,
	0xa0, 0x0e, 0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02,
	0x02, 0x0a, 0xa3, 0x2a, 0x30, 0x28, 0xa0, 0x26, 0x1b, 0x24, 'n', 'o', 't', '_',
	'd', 'e', 'f', 'i', 'n', 'e', 'd', '_', 'i', 'n', '_', 'R', 'F', 'C', '4', '1',
	'7', '8', '@', 'p', 'l', 'e', 'a', 's', 'e', '_', 'i', 'g', 'n', 'o', 'r', 'e',
};

static void fill_rsp(struct tsmb_conn *conn, uint16_t dialect, struct tsmb_negotiate_rsp *rsp)
{
	struct tsmb_server *srv = conn->srv;
	uint32_t io = dialect == SMB2_DIALECT_202 || dialect == SMB2_DIALECT_WILDCARD ?
		      MAX_IO_SIZE_202 : MAX_IO_SIZE;

	tsmb_memset(rsp, 0, sizeof(*rsp));
	rsp->security_mode = SMB2_NEGOTIATE_SIGNING_ENABLED;
	if (srv->cfg.require_signing)
		rsp->security_mode |= SMB2_NEGOTIATE_SIGNING_REQUIRED;
	rsp->dialect = dialect;
	tsmb_memcpy(rsp->server_guid, srv->guid, sizeof(rsp->server_guid));
	if (dialect != SMB2_DIALECT_202 && dialect != SMB2_DIALECT_WILDCARD)
		rsp->capabilities |= SMB2_GLOBAL_CAP_LARGE_MTU;
	rsp->max_transact_size = io;
	rsp->max_read_size = io;
	rsp->max_write_size = io;
	rsp->security_buffer = spnego_init;
	rsp->security_buffer_len = sizeof(spnego_init);
	/* 3.0 and 3.0.2 announce encryption as a capability (3.1.1 by context) */
	if ((dialect == SMB2_DIALECT_300 || dialect == SMB2_DIALECT_302) &&
	    (conn->client_capabilities & SMB2_GLOBAL_CAP_ENCRYPTION))
		rsp->capabilities |= SMB2_GLOBAL_CAP_ENCRYPTION;
	rsp->system_time = tsmb_os_nt_time();
	/* Windows sends 0: the start time is not something a client needs. */
	rsp->server_start_time = 0;
}

static void preauth_rsp_done(struct tsmb_req *req, const uint8_t *rsp, size_t len)
{
	struct tsmb_conn *conn = req->conn;

	if (tsmb_preauth_update(conn->srv->sha512, conn->preauth_hash, rsp, len)) {
		tsmb_warn("%s: preauth hash failed; disconnecting", conn->peer);
		req->disconnect = true;
	}
}

/* 3.1.1 only: the negotiate contexts decide hash, cipher and signing. */
static struct tsmb_status negotiate_311(struct tsmb_req *req, const struct tsmb_negotiate_req *nr,
					struct tsmb_negotiate_rsp *rsp)
{
	struct tsmb_conn *conn = req->conn;

	if (!nr->has_preauth)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!list_has(&nr->hash_algs, SMB2_PREAUTH_INTEGRITY_SHA512))
		return TSMB_ERR(STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
	rsp->preauth = true;
	tsmb_os_random(rsp->preauth_salt, sizeof(rsp->preauth_salt));
	if (nr->has_encryption) {
		conn->cipher = select_cipher(nr);
		rsp->encryption = true;
		rsp->cipher = conn->cipher;
	}
	conn->signing_alg = SMB2_SIGNING_AES_CMAC;
	if (nr->has_signing) {
		conn->signing_alg = select_signing(nr);
		rsp->signing = true;
		rsp->signing_alg = conn->signing_alg;
	}
	tsmb_memset(conn->preauth_hash, 0, sizeof(conn->preauth_hash));
	if (tsmb_preauth_update(conn->srv->sha512, conn->preauth_hash, req->msg, req->len))
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	req->rsp_done = preauth_rsp_done;
	return TSMB_ST(STATUS_SUCCESS);
}

/* Connection.ClientDialects, for FSCTL_VALIDATE_NEGOTIATE_INFO (core/smb2/ioctl.c). */
static void remember_dialects(struct tsmb_conn *conn, const struct tsmb_u16_list *l)
{
	unsigned int i;

	conn->nr_client_dialects = l->count;
	for (i = 0; i < l->count && i < TSMB_CONN_MAX_DIALECTS; i++)
		conn->client_dialects[i] = tsmb_u16_list_at(l, i);
}

struct tsmb_status tsmb_smb2_negotiate(struct tsmb_req *req)
{
	struct tsmb_conn *conn = req->conn;
	struct tsmb_negotiate_req nr;
	struct tsmb_negotiate_rsp rsp;
	struct tsmb_status st;
	uint16_t dialect;

	/* A second NEGOTIATE on a negotiated connection: drop it, no reply. */
	if (conn->dialect != SMB2_DIALECT_NONE && conn->dialect != SMB2_DIALECT_WILDCARD) {
		tsmb_info("%s: second NEGOTIATE; disconnecting", conn->peer);
		req->disconnect = true;
		return TSMB_ST(STATUS_SUCCESS);
	}
	st = tsmb_negotiate_req_decode(req->msg, req->len, &nr);
	if (!tsmb_st_ok(st))
		return st;
	conn->client_capabilities = nr.capabilities;
	conn->client_security_mode = nr.security_mode;
	tsmb_memcpy(conn->client_guid, nr.client_guid, sizeof(conn->client_guid));
	remember_dialects(conn, &nr.dialects);
	conn->should_sign = (nr.security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED) != 0;
	dialect = select_dialect(&nr.dialects);
	if (!dialect)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	fill_rsp(conn, dialect, &rsp);
	if (dialect == SMB2_DIALECT_311) {
		st = negotiate_311(req, &nr, &rsp);
		if (!tsmb_st_ok(st))
			return st;
	}
	tsmb_negotiate_rsp_encode(req->rsp, &rsp);
	conn->dialect = dialect;
	conn->server_capabilities = rsp.capabilities;
	conn->server_security_mode = rsp.security_mode;
	tsmb_info("%s: negotiated SMB %x.%x.%x", conn->peer, dialect >> 8, (dialect >> 4) & 0xf,
		  dialect & 0xf);
	return TSMB_ST(STATUS_SUCCESS);
}

enum tsmb_verdict tsmb_smb1_negotiate(struct tsmb_conn *conn, const uint8_t *msg, size_t len)
{
	struct tsmb_smb1_negotiate neg;
	struct tsmb_negotiate_rsp rsp;
	struct tsmb_hdr h;
	struct tsmb_wr w;
	uint16_t dialect;
	uint8_t *buf;
	int ret;

	/*
	 * 3.3.5.3: only as the first message; tsmb speaks no SMB1 itself.
	 * "SMB 2.???" asks for the wildcard answer (3.3.5.3.1), else "SMB
	 * 2.002" gets 2.0.2 (3.3.5.3.2).
	 */
	if (conn->dialect != SMB2_DIALECT_NONE ||
	    !tsmb_smb1_negotiate_decode(msg, len, &neg) ||
	    !(neg.smb2_002 || neg.smb2_wildcard)) {
		tsmb_info("%s: SMB1 request without an SMB2 dialect; disconnecting", conn->peer);
		return TSMB_DISCONNECT;
	}
	/* 3.3.5.2.3: an SMB1 negotiate counts as MessageId 0. */
	if (!tsmb_credits_consume(&conn->credits, 0, 1))
		return TSMB_DISCONNECT;
	dialect = neg.smb2_wildcard ? SMB2_DIALECT_WILDCARD : SMB2_DIALECT_202;
	buf = tsmb_cache_alloc(&conn->srv->buf_small);
	if (!buf)
		return TSMB_DISCONNECT;
	tsmb_memset(&h, 0, sizeof(h));
	h.command = SMB2_NEGOTIATE;
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	h.credits = tsmb_credits_grant(&conn->credits, 1);
	tsmb_wr_init(&w, buf, TSMB_BUF_SMALL);
	tsmb_hdr_encode(&w, &h);
	fill_rsp(conn, dialect, &rsp);
	tsmb_negotiate_rsp_encode(&w, &rsp);
	ret = tsmb_wr_ok(&w) ? tsmb_conn_send(conn, buf, w.off) : -TSMB_EMSGSIZE;
	tsmb_cache_free(&conn->srv->buf_small, buf);
	if (ret)
		return TSMB_DISCONNECT;
	conn->dialect = dialect;
	return TSMB_CONTINUE;
}
