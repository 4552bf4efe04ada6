/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An authenticated session ([MS-SMB2] 3.3.1.8): identity, keys, and the
 * tree connects made under it. A session belongs to the connection it was
 * set up on (no multichannel binding), so, like the connection, it is only
 * touched by that connection's receive work and needs no lock.
 */
#ifndef TSMB_CORE_SESSION_SESSION_H
#define TSMB_CORE_SESSION_SESSION_H

#include <tsmb/os/ident.h>

#include "core/crypto/kdf.h"
#include "core/crypto/preauth.h"
#include "core/crypto/sign.h"
#include "core/crypto/transform.h"
#include "core/lib/list.h"
#include "core/lib/status.h"

struct tsmb_conn;
struct tsmb_req;

enum tsmb_session_state {
	TSMB_SESSION_IN_PROGRESS,	/* SESSION_SETUP legs under way */
	TSMB_SESSION_VALID,
	TSMB_SESSION_EXPIRED,		/* re-authentication under way */
};

#define TSMB_SESSION_USER_MAX	64

struct tsmb_session {
	struct tsmb_list node;		/* conn->sessions */
	struct tsmb_conn *conn;
	uint64_t id;
	enum tsmb_session_state state;
	bool is_guest;
	bool is_anonymous;
	bool signing_required;		/* Session.SigningRequired */
	bool encrypt_data;		/* Session.EncryptData */
	struct tsmb_signer *signer;	/* NULL: cannot sign (guest, anonymous) */
	bool have_ciphers;
	struct tsmb_cipher enc;		/* server to client */
	struct tsmb_cipher dec;		/* client to server */
	uint8_t preauth_hash[TSMB_PREAUTH_HASH_LEN];
	struct tsmb_os_cred *cred;
	struct tsmb_ident ident;
	char user[TSMB_SESSION_USER_MAX + 1];	/* for logs */
	struct tsmb_list trees;		/* struct tsmb_tree.node */
	uint32_t next_tree_id;
	unsigned int nr_trees;
};

/* Sessions one connection may set up ([MS-SMB2] leaves it to the server). */
#define TSMB_CONN_MAX_SESSIONS	64

/* The session of the request's SessionId on this connection, or NULL. */
struct tsmb_session *tsmb_session_find(struct tsmb_conn *conn, uint64_t id);
/* A new session in progress, with a fresh SessionId; NULL when out of memory or sessions. */
struct tsmb_session *tsmb_session_new(struct tsmb_conn *conn);
/*
 * Derives the signing key and, where the connection negotiated a cipher,
 * the encryption and decryption keys from the session key ([MS-SMB2]
 * 3.3.5.5.3). 0 or -TSMB_E*.
 */
int tsmb_session_set_keys(struct tsmb_session *s, const uint8_t *key,
			  size_t key_len) TSMB_MUST_CHECK;
/* Whether sessions of this connection can encrypt (3.x with a cipher in common). */
bool tsmb_session_can_encrypt(const struct tsmb_conn *conn);

/*
 * The LOGIN up-call for one SESSION_SETUP leg (core/session/login.c):
 * sends the client's blob to authd and, on success, takes the identity
 * and (unless this re-authenticates a session) the keys into the session. *out_blob (tsmb_os_alloc'ed, *out_len bytes,
 * possibly NULL) is the blob for the response; the caller frees it.
 */
struct tsmb_status tsmb_login(struct tsmb_session *s, const uint8_t *blob, size_t len,
			      bool first_leg, bool reauth, uint8_t **out_blob, size_t *out_len);
/* The connection's peer as an up-call's CLIENT_ADDR attribute. */
struct tsmb_upcall_enc;
void tsmb_upcall_put_peer(struct tsmb_upcall_enc *e, const struct tsmb_conn *conn);
/*
 * Who the session is, for TREE_CONNECT and RPC_OPEN: UID, GID, GIDS,
 * USER, SESSION_FLAGS and the peer's CLIENT_ADDR.
 */
void tsmb_upcall_put_session(struct tsmb_upcall_enc *e, const struct tsmb_session *s);

/* Tells authd to forget an unfinished exchange (LOGOFF up-call). */
void tsmb_login_forget(struct tsmb_session *s);

/* Closes the session's trees and opens and frees it. */
void tsmb_session_destroy(struct tsmb_session *s);

/*
 * The request takes the session's identity while its handler runs: the
 * dispatcher calls these around every handler of a request with a session.
 */
void tsmb_session_enter(struct tsmb_session *s, struct tsmb_os_cred_saved *saved);
void tsmb_session_leave(struct tsmb_session *s, struct tsmb_os_cred_saved *saved);

#endif /* TSMB_CORE_SESSION_SESSION_H */
