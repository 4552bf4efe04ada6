// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sessions of a connection ([MS-SMB2] 3.3.1.8): creation for a first
 * SESSION_SETUP, keys once authentication succeeds (3.3.5.5.3), teardown
 * on LOGOFF or disconnect.
 */
#include "core/session/session.h"

#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/tree/tree.h"
#include "core/wire/smb2.h"

struct tsmb_session *tsmb_session_find(struct tsmb_conn *conn, uint64_t id)
{
	struct tsmb_list *pos;

	if (!id)
		return NULL;
	tsmb_list_for_each(pos, &conn->sessions) {
		struct tsmb_session *s = tsmb_list_entry(pos, struct tsmb_session, node);

		if (s->id == id)
			return s;
	}
	return NULL;
}

struct tsmb_session *tsmb_session_new(struct tsmb_conn *conn)
{
	struct tsmb_session *s;

	if (conn->nr_sessions >= TSMB_CONN_MAX_SESSIONS)
		return NULL;
	s = tsmb_os_zalloc(sizeof(*s));
	if (!s)
		return NULL;
	s->conn = conn;
	s->id = (uint64_t)tsmb_atomic64_add_return(&conn->srv->next_session_id, 1);
	s->state = TSMB_SESSION_IN_PROGRESS;
	s->next_tree_id = 1;
	tsmb_list_init(&s->trees);
	tsmb_memcpy(s->preauth_hash, conn->preauth_hash, sizeof(s->preauth_hash));
	tsmb_list_add_tail(&s->node, &conn->sessions);
	conn->nr_sessions++;
	tsmb_atomic64_add_return(&conn->srv->sessions, 1);
	return s;
}

static void drop_keys(struct tsmb_session *s)
{
	if (s->signer)
		tsmb_signer_destroy(s->signer);
	s->signer = NULL;
	if (s->have_ciphers) {
		tsmb_cipher_destroy(&s->enc);
		tsmb_cipher_destroy(&s->dec);
	}
	s->have_ciphers = false;
}

void tsmb_session_destroy(struct tsmb_session *s)
{
	struct tsmb_conn *conn = s->conn;

	while (!tsmb_list_empty(&s->trees))
		tsmb_tree_destroy(tsmb_list_entry(s->trees.next, struct tsmb_tree, node));
	/* authd holds the state of an unfinished exchange until told */
	if (s->state == TSMB_SESSION_IN_PROGRESS || s->state == TSMB_SESSION_EXPIRED)
		tsmb_login_forget(s);
	drop_keys(s);
	if (s->cred)
		tsmb_os_cred_put(s->cred);
	tsmb_list_del(&s->node);
	conn->nr_sessions--;
	tsmb_atomic64_add_return(&conn->srv->sessions, -1);
	tsmb_memset(s, 0, sizeof(*s));	/* keys */
	tsmb_os_free(s);
}

void tsmb_session_enter(struct tsmb_session *s, struct tsmb_os_cred_saved *saved)
{
	if (s->cred)
		tsmb_os_cred_enter(s->cred, saved);
}

void tsmb_session_leave(struct tsmb_session *s, struct tsmb_os_cred_saved *saved)
{
	if (s->cred)
		tsmb_os_cred_leave(saved);
}

static uint16_t conn_cipher(const struct tsmb_conn *conn)
{
	if (conn->dialect == SMB2_DIALECT_311)
		return conn->cipher;
	/* 3.0 and 3.0.2 know AES-128-CCM only, if the client said it can encrypt */
	if ((conn->dialect == SMB2_DIALECT_300 || conn->dialect == SMB2_DIALECT_302) &&
	    (conn->client_capabilities & SMB2_GLOBAL_CAP_ENCRYPTION))
		return SMB2_ENCRYPTION_AES128_CCM;
	return SMB2_ENCRYPTION_NONE;
}

bool tsmb_session_can_encrypt(const struct tsmb_conn *conn)
{
	return conn_cipher(conn) != SMB2_ENCRYPTION_NONE;
}

int tsmb_session_set_keys(struct tsmb_session *s, const uint8_t *key, size_t key_len)
{
	struct tsmb_conn *conn = s->conn;
	struct tsmb_session_keys keys;
	enum tsmb_sign_alg alg;
	uint16_t cipher = conn_cipher(conn);
	unsigned int klen = 16;
	int ret;

	drop_keys(s);
	if (conn->dialect == SMB2_DIALECT_202 || conn->dialect == SMB2_DIALECT_210)
		return tsmb_signer_create(TSMB_SIGN_HMAC_SHA256, key, key_len, &s->signer);
	if (cipher == SMB2_ENCRYPTION_AES256_CCM || cipher == SMB2_ENCRYPTION_AES256_GCM)
		klen = 32;
	ret = tsmb_kdf_session_keys(conn->dialect, key, key_len, s->preauth_hash, klen, &keys);
	if (ret)
		return ret;
	/* 3.1.1's signing context may pick any; earlier 3.x dialects sign with CMAC */
	alg = TSMB_SIGN_AES_CMAC;
	if (conn->dialect == SMB2_DIALECT_311 && conn->signing_alg == SMB2_SIGNING_AES_GMAC)
		alg = TSMB_SIGN_AES_GMAC;
	else if (conn->dialect == SMB2_DIALECT_311 && conn->signing_alg == SMB2_SIGNING_HMAC_SHA256)
		alg = TSMB_SIGN_HMAC_SHA256;
	ret = tsmb_signer_create(alg, keys.signing, sizeof(keys.signing), &s->signer);
	if (!ret && cipher != SMB2_ENCRYPTION_NONE) {
		ret = tsmb_cipher_init(&s->enc, cipher, keys.encryption, klen);
		if (!ret) {
			ret = tsmb_cipher_init(&s->dec, cipher, keys.decryption, klen);
			if (ret)
				tsmb_cipher_destroy(&s->enc);
			else
				s->have_ciphers = true;
		}
	}
	tsmb_memset(&keys, 0, sizeof(keys));
	if (ret)
		drop_keys(s);
	return ret;
}
