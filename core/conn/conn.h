/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A client connection: transport state, the negotiated dialect and
 * capabilities ([MS-SMB2] 3.3.1.7 Connection), and the sequence window.
 * Owned by its receive work: only that work reads and writes it, so it
 * needs no lock; the server's list links it for shutdown.
 */
#ifndef TSMB_CORE_CONN_CONN_H
#define TSMB_CORE_CONN_CONN_H

#include <tsmb/os/net.h>
#include <tsmb/os/work.h>
#include <tsmb/os/sync.h>

#include "core/conn/credits.h"
#include "core/crypto/preauth.h"
#include "core/lib/idmap.h"
#include "core/lib/list.h"
#include "core/server.h"

struct tsmb_server;
struct tsmb_cache;

/* Frames a client may send before it has authenticated. */
#define TSMB_PREAUTH_MAX_FRAME	65536u
/* Once a session exists: an 8 MiB WRITE, its header and a transform header. */
#define TSMB_MAX_FRAME		(8u * 1024 * 1024 + 4096u)
/* Files one connection may hold open at once ([MS-SMB2] leaves it to us). */
#define TSMB_CONN_MAX_OPENS	65536u
/* Dialects of a client's NEGOTIATE kept for FSCTL_VALIDATE_NEGOTIATE_INFO. */
#define TSMB_CONN_MAX_DIALECTS	16

struct tsmb_conn {
	struct tsmb_server *srv;
	struct tsmb_list node;		/* srv->conns, under srv->lock */
	struct tsmb_os_sock *sock;
	struct tsmb_work rx_work;
	char peer[TSMB_ADDR_STRLEN];	/* "addr:port" for logs */
	struct tsmb_sockaddr peer_addr;

	/* receive state: a frame header, then a frame into rx_buf */
	uint8_t rx_hdr[4];
	uint8_t rx_hdr_got;
	uint32_t rx_len;
	uint32_t rx_got;
	uint8_t *rx_buf;
	struct tsmb_cache *rx_cache;
	uint32_t max_frame;

	/* [MS-SMB2] 3.3.1.7 */
	uint16_t dialect;		/* SMB2_DIALECT_NONE until negotiated */
	uint16_t client_security_mode;
	uint32_t client_capabilities;
	uint8_t client_guid[16];
	/* Connection.ClientDialects; the first TSMB_CONN_MAX_DIALECTS are kept */
	uint16_t nr_client_dialects;
	uint16_t client_dialects[TSMB_CONN_MAX_DIALECTS];
	/* what NEGOTIATE answered, for FSCTL_VALIDATE_NEGOTIATE_INFO (3.3.5.15.12) */
	uint16_t server_security_mode;
	uint32_t server_capabilities;
	uint16_t cipher;
	uint16_t signing_alg;
	bool should_sign;
	uint8_t preauth_hash[TSMB_PREAUTH_HASH_LEN];
	struct tsmb_credits credits;

	struct tsmb_list sessions;	/* struct tsmb_session.node */
	unsigned int nr_sessions;
	struct tsmb_idmap opens;	/* struct tsmb_open by FileId */

	/* Connection.AsyncCommandList: requests answered later (core/smb2/async.c) */
	struct tsmb_list async;
	unsigned int nr_async;
	uint64_t next_async_id;
	struct tsmb_atomic async_ready;	/* set by other connections' work */
};

/* Allocates a connection for an accepted socket and starts receiving. */
int tsmb_conn_start(struct tsmb_server *srv, struct tsmb_os_sock *sock) TSMB_MUST_CHECK;
/*
 * Tears the connection down and frees it. Only from its own receive work,
 * which must return right after.
 */
void tsmb_conn_close(struct tsmb_conn *conn, const char *why);
/* Sends one frame (the 4-byte header is added here). 0 or -TSMB_E*. */
int tsmb_conn_send(struct tsmb_conn *conn, const uint8_t *msg, size_t len) TSMB_MUST_CHECK;

#endif /* TSMB_CORE_CONN_CONN_H */
