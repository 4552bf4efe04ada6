// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.22.1 (an oplock break acknowledgment) and 3.3.4.6 (the
 * break notification, sent by the holder's own connection's work).
 */
#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/dispatch.h"
#include "core/smb2/oplock.h"
#include "core/vfs/oplock.h"
#include "core/vfs/open.h"
#include "core/wire/oplock.h"

struct tsmb_status tsmb_smb2_oplock_break(struct tsmb_req *req)
{
	struct tsmb_oplock_break ack, rsp;
	struct tsmb_status st;
	struct tsmb_open *op;
	uint8_t level;

	st = tsmb_oplock_ack_decode(req->body, req->body_len, &ack);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_open_lookup(req, ack.file_id_persistent, ack.file_id_volatile);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	st = tsmb_oplock_ack(req->conn->srv, op, ack.oplock_level, &level);
	if (!tsmb_st_ok(st))
		return st;
	rsp = ack;
	rsp.oplock_level = level;
	tsmb_oplock_break_encode(req->rsp, &rsp);
	return st;
}

/*
 * 2.2.23.1, 3.3.4.6: unsolicited, MessageId all ones, no session and not
 * signed; sealed when the open's session encrypts (then with its id).
 */
static void send_break(struct tsmb_conn *conn, struct tsmb_open *op, uint8_t level)
{
	struct tsmb_cache *cache = &conn->srv->buf_small;
	struct tsmb_session *seal = op->sess && op->sess->encrypt_data ? op->sess : NULL;
	struct tsmb_oplock_break b;
	struct tsmb_hdr h;
	struct tsmb_wr w, hw;
	uint8_t *buf;

	buf = tsmb_cache_alloc(cache);
	if (!buf) {
		tsmb_warn("%s: no memory for an oplock break", conn->peer);
		return;
	}
	tsmb_wr_init(&w, buf, TSMB_BUF_SMALL);
	tsmb_wr_zero(&w, TSMB_RSP_HEADROOM + SMB2_HDR_SIZE);
	b.oplock_level = level;
	b.file_id_persistent = op->id;
	b.file_id_volatile = op->id;
	tsmb_oplock_break_encode(&w, &b);
	tsmb_memset(&h, 0, sizeof(h));
	h.command = SMB2_OPLOCK_BREAK;
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	h.message_id = ~0ull;
	h.session_id = seal ? seal->id : 0;
	tsmb_wr_init(&hw, buf + TSMB_RSP_HEADROOM, SMB2_HDR_SIZE);
	tsmb_hdr_encode(&hw, &h);
	if (tsmb_wr_ok(&w) && tsmb_smb2_send_rsp(conn, buf, w.off, NULL, seal))
		tsmb_info("%s: cannot send an oplock break", conn->peer);
	tsmb_cache_free(cache, buf);
}

void tsmb_smb2_oplock_notify(struct tsmb_conn *conn)
{
	struct tsmb_open *op;
	uint8_t level;

	while (tsmb_oplock_next_notify(conn->srv, conn, &op, &level))
		send_break(conn, op, level);
}
