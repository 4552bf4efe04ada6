// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Named pipes on IPC$: the open object and its RPC_* up-calls
 * (docs/upcall.md). Each up-call's handle is the session, so that the
 * service can close a session's pipes together; the pipe itself is the
 * PIPE_ID the service chose at RPC_OPEN.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>
#include <tsmb/os/upcall.h>

#include "core/conn/conn.h"
#include "core/lib/log.h"
#include "core/lib/utf16.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/dispatch.h"
#include "core/tree/tree.h"
#include "core/upcall/msg.h"
#include "core/vfs/access.h"
#include "core/vfs/pipe.h"
#include "core/wire/fscc.h"

/* Room for a request's or a reply's header and attributes besides DATA. */
#define MSG_EXTRA	1024u

/* [MS-FSCC] 2.4.33 FilePipeInformation, 2.4.34 FilePipeLocalInformation */
#define FILE_PIPE_BYTE_STREAM_MODE	0u
#define FILE_PIPE_MESSAGE_MODE		1u
#define FILE_PIPE_QUEUE_OPERATION	0u
#define FILE_PIPE_COMPLETE_OPERATION	1u
#define FILE_PIPE_MESSAGE_TYPE		1u
#define FILE_PIPE_FULL_DUPLEX		2u
#define FILE_PIPE_CONNECTED_STATE	3u
#define FILE_PIPE_CLIENT_END		0u
#define PIPE_INFO_SIZE			8u
#define PIPE_LOCAL_INFO_SIZE		40u
#define BASIC_INFO_SIZE			40u
#define STANDARD_INFO_SIZE		24u
/* the quotas a pipe reports: one buffer's worth */
#define PIPE_QUOTA			4096u
#define PIPE_INSTANCES_UNLIMITED	0xffffffffu

/* FSCTL_PIPE_WAIT request ([MS-FSCC] 2.3.49): the fixed part before Name. */
#define PIPE_WAIT_FIXED			14u

/* One up-call in flight: the messages and the decoded reply, off the stack. */
struct pipe_call {
	struct tsmb_upcall_enc e;
	struct tsmb_upcall_msg m;
	struct tsmb_session *sess;
	uint16_t type;
	uint64_t req_id;
	uint8_t *req;
	uint8_t *rsp;
	size_t rsp_cap;
};

static struct pipe_call *call_begin(struct tsmb_session *s, uint16_t type, size_t data_len,
				    size_t max_out)
{
	size_t req_cap = data_len + MSG_EXTRA, rsp_cap = max_out + MSG_EXTRA;
	struct pipe_call *c = tsmb_os_alloc(sizeof(*c) + req_cap + rsp_cap);

	if (!c)
		return NULL;
	c->sess = s;
	c->type = type;
	c->req = (uint8_t *)(c + 1);
	c->rsp = c->req + req_cap;
	c->rsp_cap = rsp_cap;
	c->req_id = (uint64_t)tsmb_atomic64_add_return(&s->conn->srv->next_upcall_id, 1);
	tsmb_upcall_enc_begin(&c->e, c->req, req_cap, type, 0, c->req_id, s->id);
	return c;
}

/*
 * Sends the request and decodes the reply: 0 with c->m the reply, or
 * -TSMB_E* (logged) when the service cannot be asked or answered badly.
 */
static int call_run(struct pipe_call *c)
{
	struct tsmb_server *srv = c->sess->conn->srv;
	size_t req_len, rsp_len;
	int ret;

	ret = tsmb_upcall_enc_end(&c->e, &req_len);
	if (ret)
		return ret;
	if (!srv->cfg.upcall)
		return -TSMB_ENOTCONN;
	ret = tsmb_os_upcall_call(srv->cfg.upcall, c->req, req_len, c->rsp, c->rsp_cap,
				  &rsp_len, tsmb_upcall_timeout_ms(c->type));
	if (!ret)
		ret = tsmb_upcall_decode_reply(c->rsp, rsp_len, c->type, c->req_id, c->sess->id,
					       &c->m);
	if (ret)
		tsmb_warn("%s: %s up-call failed (error %d)", c->sess->conn->peer,
			  tsmb_upcall_type_name(c->type), -ret);
	return ret;
}

/* A status the service may answer with: what it said, or a failure that is one. */
static struct tsmb_status reply_status(const struct pipe_call *c)
{
	struct tsmb_status st = TSMB_ST(tsmb_upcall_status(&c->m));

	/* only these two carry data; any other non-error would mean "success" wrongly */
	if (tsmb_st_ok(st) || st.v == STATUS_BUFFER_OVERFLOW || tsmb_st_is_error(st))
		return st;
	return TSMB_ERR(STATUS_INTERNAL_ERROR);
}

/* Reply DATA into out (at most max bytes, as MAX_OUT asked). */
static struct tsmb_status take_data(const struct pipe_call *c, uint8_t *out, size_t max,
				    size_t *done)
{
	struct tsmb_status st = reply_status(c);
	const uint8_t *p;
	size_t len = 0;

	if (!tsmb_st_ok(st) && st.v != STATUS_BUFFER_OVERFLOW)
		return st;
	if (tsmb_upcall_get_bytes(&c->m, TSMB_UPCALL_A_DATA, &p, &len))
		len = 0;
	if (len > max) {
		tsmb_err("%s: the RPC service answered %zu bytes for %zu", c->sess->conn->peer,
			 len, max);
		return TSMB_ERR(STATUS_PIPE_DISCONNECTED);
	}
	if (len)
		tsmb_memcpy(out, p, len);
	*done = len;
	return st;
}

/* RPC_OPEN: the service's PIPE_ID for name, as the session. */
static struct tsmb_status open_call(struct tsmb_session *s, const char *name, size_t len,
				    uint64_t *pipe_id)
{
	struct pipe_call *c = call_begin(s, TSMB_UPCALL_RPC_OPEN, len, 0);
	struct tsmb_status st;

	if (!c)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	tsmb_upcall_put_str(&c->e, TSMB_UPCALL_A_PIPE_NAME, name, len);
	tsmb_upcall_put_session(&c->e, s);
	if (call_run(c)) {
		/* no service to speak for the pipe: as if it did not exist */
		st = TSMB_ERR(STATUS_OBJECT_NAME_NOT_FOUND);
	} else {
		st = reply_status(c);
		if (st.v == STATUS_BUFFER_OVERFLOW)
			st = TSMB_ERR(STATUS_INTERNAL_ERROR);
		if (tsmb_st_ok(st) && tsmb_upcall_get_u64(&c->m, TSMB_UPCALL_A_PIPE_ID, pipe_id))
			st = TSMB_ERR(STATUS_INTERNAL_ERROR);
	}
	tsmb_os_free(c);
	return st;
}

static void close_call(struct tsmb_session *s, uint64_t pipe_id)
{
	struct pipe_call *c = call_begin(s, TSMB_UPCALL_RPC_CLOSE, 0, 0);

	/* nothing more to do on failure: the service drops the session's pipes at log-off */
	if (!c)
		return;
	tsmb_upcall_put_u64(&c->e, TSMB_UPCALL_A_PIPE_ID, pipe_id);
	if (!call_run(c) && !tsmb_st_ok(reply_status(c)))
		tsmb_dbg("%s: RPC_CLOSE: %s", s->conn->peer, tsmb_status_name(reply_status(c)));
	tsmb_os_free(c);
}

/*
 * One RPC_WRITE, RPC_READ or RPC_TRANSCEIVE: in/in_len for the first and
 * last, out/max for the last two.
 */
static struct tsmb_status io_call(struct tsmb_open *op, uint16_t type, const uint8_t *in,
				  size_t in_len, uint8_t *out, size_t max, size_t *done)
{
	bool reads = type != TSMB_UPCALL_RPC_WRITE;
	struct pipe_call *c;
	struct tsmb_status st;

	*done = 0;
	c = call_begin(op->sess, type, in_len, reads ? max : 0);
	if (!c)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	tsmb_upcall_put_u64(&c->e, TSMB_UPCALL_A_PIPE_ID, op->pipe_id);
	if (type != TSMB_UPCALL_RPC_READ)
		tsmb_upcall_put_bytes(&c->e, TSMB_UPCALL_A_DATA, in, in_len);
	if (reads)
		tsmb_upcall_put_u32(&c->e, TSMB_UPCALL_A_MAX_OUT, (uint32_t)max);
	if (call_run(c))
		st = TSMB_ERR(STATUS_PIPE_DISCONNECTED);
	else if (reads)
		st = take_data(c, out, max, done);
	else
		st = reply_status(c);
	if (!reads && st.v == STATUS_BUFFER_OVERFLOW)
		st = TSMB_ERR(STATUS_INTERNAL_ERROR);
	tsmb_os_free(c);
	return st;
}

/* The pipe's name as the service takes it: UTF-8, without leading '\'. */
static struct tsmb_status pipe_name(const uint8_t *name, size_t len, char *out, size_t cap,
				    size_t *out_len)
{
	while (len >= 2 && tsmb_get_le16(name) == '\\') {
		name += 2;
		len -= 2;
	}
	if (!len)
		return TSMB_ERR(STATUS_OBJECT_NAME_NOT_FOUND);
	if (tsmb_utf16_to_utf8(name, len, out, cap, out_len))
		return TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
	return TSMB_ST(STATUS_SUCCESS);
}

/* What an open of a pipe is granted: what it asked for, generic rights mapped. */
static uint32_t pipe_access(uint32_t desired)
{
	uint32_t a = tsmb_access_map_generic(desired);

	if (a & MAXIMUM_ALLOWED)
		a |= FILE_GENERIC_READ | FILE_GENERIC_WRITE;
	return a & FILE_ALL_ACCESS;
}

struct tsmb_status tsmb_pipe_open(struct tsmb_req *req, const uint8_t *name, size_t name_len,
				  uint32_t access, struct tsmb_open **out)
{
	char buf[TSMB_UPCALL_NAME_MAX + 1];
	struct tsmb_status st;
	struct tsmb_open *op;
	uint64_t pipe_id = 0;
	size_t len;
	int ret;

	st = pipe_name(name, name_len, buf, sizeof(buf), &len);
	if (!tsmb_st_ok(st))
		return st;
	st = open_call(req->sess, buf, len, &pipe_id);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_os_zalloc(sizeof(*op));
	if (op)
		op->path = tsmb_path_dup(buf);
	if (!op || !op->path) {
		st = TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		goto fail;
	}
	op->conn = req->conn;
	op->sess = req->sess;
	op->tree = req->tree;
	tsmb_list_init(&op->tree_node);
	tsmb_list_init(&op->file_node);
	op->access = pipe_access(access);
	op->is_pipe = true;
	op->pipe_id = pipe_id;
	op->pipe_read_mode = FILE_PIPE_MESSAGE_MODE;
	op->pipe_completion_mode = FILE_PIPE_QUEUE_OPERATION;
	ret = tsmb_idmap_add(&req->conn->opens, op, &op->id);
	if (ret) {
		st = ret == -TSMB_EMFILE ? TSMB_ERR(STATUS_TOO_MANY_OPENED_FILES) :
					   TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		goto fail;
	}
	req->tree->nr_opens++;
	*out = op;
	return TSMB_ST(STATUS_SUCCESS);
fail:
	close_call(req->sess, pipe_id);
	if (op)
		tsmb_os_free(op->path);
	tsmb_os_free(op);
	return st;
}

struct tsmb_status tsmb_pipe_write(struct tsmb_open *op, const uint8_t *data, size_t len,
				   size_t *done)
{
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);
	size_t n, ignored;

	*done = 0;
	/* a write of nothing still reaches the pipe, as on Windows */
	do {
		n = TSMB_MIN(len - *done, (size_t)TSMB_PIPE_IO_MAX);
		st = io_call(op, TSMB_UPCALL_RPC_WRITE, data + *done, n, NULL, 0, &ignored);
		if (!tsmb_st_ok(st))
			break;
		*done += n;
	} while (*done < len);
	/* part of it went in: the client learns how much from the count */
	return *done ? TSMB_ST(STATUS_SUCCESS) : st;
}

struct tsmb_status tsmb_pipe_read(struct tsmb_open *op, uint8_t *out, size_t max, size_t *done)
{
	return io_call(op, TSMB_UPCALL_RPC_READ, NULL, 0, out, TSMB_MIN(max, (size_t)TSMB_PIPE_IO_MAX),
		       done);
}

struct tsmb_status tsmb_pipe_transceive(struct tsmb_open *op, const uint8_t *in, size_t in_len,
					uint8_t *out, size_t max, size_t *done)
{
	struct tsmb_status st;
	size_t head = 0;

	*done = 0;
	/* more than one up-call carries: the start as writes, the rest with the read */
	if (in_len > TSMB_PIPE_IO_MAX) {
		head = in_len - TSMB_PIPE_IO_MAX;
		st = tsmb_pipe_write(op, in, head, done);
		if (!tsmb_st_ok(st) || *done != head)
			return tsmb_st_ok(st) ? TSMB_ERR(STATUS_PIPE_BUSY) : st;
	}
	return io_call(op, TSMB_UPCALL_RPC_TRANSCEIVE, in + head, in_len - head, out,
		       TSMB_MIN(max, (size_t)TSMB_PIPE_IO_MAX), done);
}

struct tsmb_status tsmb_pipe_wait(struct tsmb_req *req, const uint8_t *in, size_t len)
{
	char buf[TSMB_UPCALL_NAME_MAX + 1];
	struct tsmb_status st;
	uint64_t pipe_id = 0;
	uint32_t name_len;
	size_t n;

	if (!in || len < PIPE_WAIT_FIXED)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	name_len = tsmb_get_le32(in + 8);
	if (name_len > len - PIPE_WAIT_FIXED)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	st = pipe_name(in + PIPE_WAIT_FIXED, name_len, buf, sizeof(buf), &n);
	/* the service answers whether the pipe exists by opening one */
	if (tsmb_st_ok(st))
		st = open_call(req->sess, buf, n, &pipe_id);
	if (tsmb_st_ok(st))
		close_call(req->sess, pipe_id);
	return st;
}

void tsmb_pipe_close(struct tsmb_open *op)
{
	close_call(op->sess, op->pipe_id);
	tsmb_idmap_remove(&op->conn->opens, op->id);
	tsmb_list_del(&op->tree_node);
	if (op->tree->nr_opens)
		op->tree->nr_opens--;
	tsmb_os_free(op->path);
	tsmb_os_free(op);
}

struct tsmb_status tsmb_pipe_query_file(const struct tsmb_open *op, uint8_t cls, uint8_t *buf,
					size_t cap, size_t *len)
{
	size_t need;
	struct tsmb_wr w;

	switch (cls) {
	case FILE_BASIC_INFORMATION:
		need = BASIC_INFO_SIZE;
		break;
	case FILE_STANDARD_INFORMATION:
		need = STANDARD_INFO_SIZE;
		break;
	case FILE_PIPE_INFORMATION:
		need = PIPE_INFO_SIZE;
		break;
	case FILE_PIPE_LOCAL_INFORMATION:
		need = PIPE_LOCAL_INFO_SIZE;
		break;
	default:
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	}
	if (cap < need)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	tsmb_wr_init(&w, buf, need);
	switch (cls) {
	case FILE_BASIC_INFORMATION:
		/* no times; a pipe is a normal file */
		tsmb_wr_zero(&w, 32);
		tsmb_wr_le32(&w, FILE_ATTRIBUTE_NORMAL);
		tsmb_wr_le32(&w, 0);
		break;
	case FILE_STANDARD_INFORMATION:
		/* what Windows answers for a pipe: delete pending, as pipes go at close */
		tsmb_wr_le64(&w, TSMB_PIPE_ALLOCATION_SIZE);
		tsmb_wr_le64(&w, 0);
		tsmb_wr_le32(&w, 1);
		tsmb_wr_u8(&w, 1);
		tsmb_wr_u8(&w, 0);
		tsmb_wr_le16(&w, 0);
		break;
	case FILE_PIPE_INFORMATION:
		tsmb_wr_le32(&w, op->pipe_read_mode);
		tsmb_wr_le32(&w, op->pipe_completion_mode);
		break;
	default:
		tsmb_wr_le32(&w, FILE_PIPE_MESSAGE_TYPE);
		tsmb_wr_le32(&w, FILE_PIPE_FULL_DUPLEX);
		tsmb_wr_le32(&w, PIPE_INSTANCES_UNLIMITED);
		tsmb_wr_le32(&w, 1);			/* CurrentInstances: this one */
		tsmb_wr_le32(&w, PIPE_QUOTA);		/* InboundQuota */
		tsmb_wr_le32(&w, 0);			/* ReadDataAvailable: not known here */
		tsmb_wr_le32(&w, PIPE_QUOTA);		/* OutboundQuota */
		tsmb_wr_le32(&w, PIPE_QUOTA);		/* WriteQuotaAvailable */
		tsmb_wr_le32(&w, FILE_PIPE_CONNECTED_STATE);
		tsmb_wr_le32(&w, FILE_PIPE_CLIENT_END);
		break;
	}
	*len = need;
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_pipe_set_file(struct tsmb_open *op, uint8_t cls, const uint8_t *buf,
				      size_t len)
{
	uint32_t read_mode, completion;

	if (cls != FILE_PIPE_INFORMATION)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	if (len < PIPE_INFO_SIZE)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	read_mode = tsmb_get_le32(buf);
	completion = tsmb_get_le32(buf + 4);
	if (read_mode > FILE_PIPE_MESSAGE_MODE || completion > FILE_PIPE_COMPLETE_OPERATION)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	op->pipe_read_mode = (uint8_t)read_mode;
	op->pipe_completion_mode = (uint8_t)completion;
	return TSMB_ST(STATUS_SUCCESS);
}
