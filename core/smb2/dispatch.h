/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The protocol engine's entry: one received frame in, responses out.
 * [MS-SMB2] 3.3.5.2 (receiving any message) lives in dispatch.c; each
 * command's handler in core/smb2/<command>.c.
 */
#ifndef TSMB_CORE_SMB2_DISPATCH_H
#define TSMB_CORE_SMB2_DISPATCH_H

#include "core/conn/conn.h"
#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/hdr.h"

struct tsmb_session;
struct tsmb_signer;
struct tsmb_tree;

/*
 * What a related request of a compound inherits from the one before it
 * ([MS-SMB2] 3.3.5.2.7.2): session, tree, and the FileId of the last
 * CREATE (or of the last request that named a file).
 */
struct tsmb_compound {
	uint64_t session_id;
	uint32_t tree_id;
	uint64_t file_id;		/* ~0: none yet */
	struct tsmb_status last;	/* the previous request's status */
	uint16_t last_cmd;		/* and its command: only a failed CREATE is inherited */
};

/* One request of a (possibly compounded) message, as a handler sees it. */
struct tsmb_req {
	struct tsmb_conn *conn;
	const uint8_t *msg;		/* this request: header and body */
	size_t len;
	const uint8_t *body;		/* msg + SMB2_HDR_SIZE */
	size_t body_len;
	struct tsmb_hdr hdr;
	struct tsmb_wr *rsp;		/* positioned after the response header */
	struct tsmb_session *sess;	/* found by the dispatcher, or NULL */
	struct tsmb_tree *tree;		/* for commands that need one */
	struct tsmb_compound *cmp;	/* state carried along a compound */
	/* set by a handler: */
	/*
	 * A payload sent right after the response body without a copy (READ
	 * data up to 8 MiB): tsmb_os_alloc'ed by the handler, freed by the
	 * dispatcher once sent. Counts as part of this response's body.
	 */
	void *extra;
	size_t extra_len;
	/*
	 * Bytes of the same allocation in front of extra (it is freed from
	 * there): with TSMB_EXTRA_HEADROOM the header, body and a transform
	 * header are put in front of the data instead of copying it.
	 */
	size_t extra_headroom;
	bool encrypted;			/* the request came in a TRANSFORM_HEADER */
	bool sign_rsp;			/* sign the response even if the request was not */
	bool logoff;			/* destroy req->sess once the response is out */
	uint64_t rsp_session_id;	/* SESSION_SETUP: the header's SessionId */
	uint8_t err_data[4];		/* ErrorData of an error response ... */
	uint8_t err_data_len;		/* ... e.g. the size BUFFER_TOO_SMALL wants */
	bool disconnect;		/* drop the connection, send nothing */
	bool no_response;		/* e.g. CANCEL */
	/* nonzero: the handler went async (core/smb2/async.c); an interim response goes out */
	uint64_t async_id;
	/* called with the finished response, e.g. to hash it for preauth */
	void (*rsp_done)(struct tsmb_req *req, const uint8_t *rsp, size_t len);
};

enum tsmb_verdict {
	TSMB_CONTINUE,
	TSMB_DISCONNECT,
};

/*
 * Processes one frame's payload (without the 4-byte transport header);
 * an encrypted frame is decrypted in place.
 */
enum tsmb_verdict tsmb_smb2_process(struct tsmb_conn *conn, uint8_t *frame, size_t len);

/* Handlers: return the status for the response header; on an error
 * status the dispatcher replaces the body with an ERROR response. */
struct tsmb_status tsmb_smb2_negotiate(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_echo(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_session_setup(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_logoff(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_tree_connect(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_tree_disconnect(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_create(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_close(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_flush(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_read(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_write(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_query_directory(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_query_info(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_set_info(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_lock(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_ioctl(struct tsmb_req *req);
struct tsmb_status tsmb_smb2_oplock_break(struct tsmb_req *req);
/* [MS-SMB2] 3.3.5.3: an SMB1 negotiate offering SMB2 gets an SMB2 answer. */
enum tsmb_verdict tsmb_smb1_negotiate(struct tsmb_conn *conn, const uint8_t *msg, size_t len);

/*
 * Room a response buffer keeps in front of the message for a transform
 * header, so that the response is sealed in place.
 */
#define TSMB_RSP_HEADROOM	56
/* What a handler leaves in front of req->extra: headroom, header, a small body. */
#define TSMB_EXTRA_HEADROOM	(TSMB_RSP_HEADROOM + 64 + 64)

/*
 * Sends one response that lies at buf + TSMB_RSP_HEADROOM up to buf + end,
 * signed with signer unless NULL, sealed for seal's session unless NULL
 * (for responses sent outside a request's chain: async final responses).
 * 0 or -TSMB_E*.
 */
int tsmb_smb2_send_rsp(struct tsmb_conn *conn, uint8_t *buf, size_t end,
		       struct tsmb_signer *signer, struct tsmb_session *seal) TSMB_MUST_CHECK;

/* Fills a response header for req (credits are granted by the dispatcher). */
void tsmb_rsp_hdr_init(const struct tsmb_hdr *req, struct tsmb_hdr *rsp);

#endif /* TSMB_CORE_SMB2_DISPATCH_H */
