// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.15 Receiving an SMB2 IOCTL Request. The server answers
 * what clients ask of every server: FSCTL_VALIDATE_NEGOTIATE_INFO
 * (3.3.5.15.12), DFS referrals and network interfaces (refused as a
 * server without DFS or multichannel does), and the cheap file system
 * controls of [MS-FSA] 2.1.5.10 that Windows and Linux clients send.
 * Named pipes are served by the RPC service (core/vfs/pipe.h);
 * server-side copy is not served yet. Anything else is
 * STATUS_INVALID_DEVICE_REQUEST, Windows' answer for a control a file
 * system does not implement.
 */
#include <tsmb/os/mem.h>

#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/smb2/dispatch.h"
#include "core/smb2/io_limits.h"
#include "core/tree/tree.h"
#include "core/vfs/fsctl.h"
#include "core/vfs/open.h"
#include "core/vfs/pipe.h"
#include "core/wire/fscc.h"
#include "core/wire/ioctl.h"

/* Offsets are signed 64-bit on Windows. */
#define OFFSET_MAX	0x7fffffffffffffffull

static struct tsmb_status put_output(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				     const uint8_t *out, uint32_t len)
{
	tsmb_ioctl_rsp_encode(req->rsp, ir, len);
	tsmb_wr_bytes(req->rsp, out, len);
	return TSMB_ST(STATUS_SUCCESS);
}

/* The dialect list is Connection.ClientDialects, as far as it was kept. */
static bool same_dialects(const struct tsmb_conn *conn, const struct tsmb_validate_negotiate *vn)
{
	unsigned int i;

	if (vn->dialect_count != conn->nr_client_dialects)
		return false;
	for (i = 0; i < vn->dialect_count && i < TSMB_CONN_MAX_DIALECTS; i++)
		if (tsmb_get_le16(vn->dialects + 2 * i) != conn->client_dialects[i])
			return false;
	return true;
}

/* The greatest dialect of the list that this server speaks. */
static uint16_t common_dialect(const struct tsmb_validate_negotiate *vn)
{
	uint16_t best = 0;
	unsigned int i;

	for (i = 0; i < vn->dialect_count; i++) {
		uint16_t d = tsmb_get_le16(vn->dialects + 2 * i);

		if ((d == SMB2_DIALECT_202 || d == SMB2_DIALECT_210 || d == SMB2_DIALECT_300 ||
		     d == SMB2_DIALECT_302 || d == SMB2_DIALECT_311) && d > best)
			best = d;
	}
	return best;
}

/* 3.3.5.15.12: a negotiation tampered with ends the connection. */
static struct tsmb_status drop(struct tsmb_req *req, const char *why)
{
	tsmb_notice("%s: FSCTL_VALIDATE_NEGOTIATE_INFO: %s; disconnecting", req->conn->peer, why);
	req->disconnect = true;
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status validate_negotiate(struct tsmb_req *req,
					     const struct tsmb_ioctl_req *ir)
{
	struct tsmb_conn *conn = req->conn;
	struct tsmb_validate_negotiate vn;
	struct tsmb_status st;

	/* 3.1.1 protects the negotiation with the preauth hash instead */
	if (conn->dialect == SMB2_DIALECT_311)
		return drop(req, "sent on SMB 3.1.1");
	if (ir->max_output_response < SMB2_VALIDATE_NEGOTIATE_RSP_SIZE)
		return drop(req, "no room for the answer");
	st = tsmb_validate_negotiate_decode(ir->input, ir->input_count, &vn);
	if (!tsmb_st_ok(st))
		return st;
	if (!same_dialects(conn, &vn) || common_dialect(&vn) != conn->dialect)
		return drop(req, "dialects differ");
	if (tsmb_memcmp(vn.guid, conn->client_guid, sizeof(vn.guid)))
		return drop(req, "client GUID differs");
	if (vn.security_mode != conn->client_security_mode)
		return drop(req, "security mode differs");
	if (vn.capabilities != conn->client_capabilities)
		return drop(req, "capabilities differ");
	tsmb_ioctl_rsp_encode(req->rsp, ir, SMB2_VALIDATE_NEGOTIATE_RSP_SIZE);
	tsmb_validate_negotiate_rsp_encode(req->rsp, conn->server_capabilities,
					   conn->srv->guid, conn->server_security_mode,
					   conn->dialect);
	/* the client trusts the answer only when it is signed */
	req->sign_rsp = true;
	return TSMB_ST(STATUS_SUCCESS);
}

/* 3.3.5.15: the controls that name no file. */
static struct tsmb_status ioctl_no_file(struct tsmb_req *req, const struct tsmb_ioctl_req *ir)
{
	struct tsmb_status st;

	if (ir->file_id_persistent != TSMB_U64_MAX || ir->file_id_volatile != TSMB_U64_MAX)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	switch (ir->ctl_code) {
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
		return validate_negotiate(req, ir);
	case FSCTL_DFS_GET_REFERRALS:
	case FSCTL_DFS_GET_REFERRALS_EX:
		/* 3.3.5.15.2: what a server that is not DFS capable answers */
		return TSMB_ERR(STATUS_FS_DRIVER_REQUIRED);
	case FSCTL_PIPE_WAIT:
		/* [MS-FSCC] 2.3.49: on IPC$, where the pipes are */
		if (!req->tree->share->is_ipc)
			return TSMB_ERR(STATUS_NOT_SUPPORTED);
		st = tsmb_pipe_wait(req, ir->input, ir->input_count);
		return tsmb_st_ok(st) ? put_output(req, ir, NULL, 0) : st;
	default:
		/* network interfaces: no multichannel */
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	}
}

/*
 * 3.3.5.15.1 FSCTL_PIPE_TRANSCEIVE: the input written to the pipe, the
 * RPC service's answer read back; STATUS_BUFFER_OVERFLOW with the output
 * when the answer is longer than MaxOutputResponse (the client reads the
 * rest).
 */
static struct tsmb_status transceive(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				     struct tsmb_open *op)
{
	size_t max = TSMB_MIN((size_t)ir->max_output_response, (size_t)TSMB_PIPE_IO_MAX);
	size_t done = 0;
	struct tsmb_status st;
	uint8_t *base;

	if ((op->access & (FILE_READ_DATA | FILE_WRITE_DATA)) !=
	    (FILE_READ_DATA | FILE_WRITE_DATA))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	base = tsmb_os_alloc(TSMB_EXTRA_HEADROOM + max);
	if (!base)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	st = tsmb_pipe_transceive(op, ir->input, ir->input_count, base + TSMB_EXTRA_HEADROOM,
				  max, &done);
	if (tsmb_st_is_error(st) || !done) {
		tsmb_os_free(base);
		if (!tsmb_st_is_error(st))
			tsmb_ioctl_rsp_encode(req->rsp, ir, 0);
		return st;
	}
	tsmb_ioctl_rsp_encode(req->rsp, ir, (uint32_t)done);
	req->extra = base + TSMB_EXTRA_HEADROOM;
	req->extra_len = done;
	req->extra_headroom = TSMB_EXTRA_HEADROOM;
	return st;
}

/* The controls of a named pipe ([MS-FSCC] 2.3); a pipe has none of a file's. */
static struct tsmb_status ioctl_pipe(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				     struct tsmb_open *op)
{
	switch (ir->ctl_code) {
	case FSCTL_PIPE_TRANSCEIVE:
		return transceive(req, ir, op);
	case FSCTL_PIPE_PEEK:
		/* the service has no way to look without reading */
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	default:
		return TSMB_ERR(STATUS_INVALID_DEVICE_REQUEST);
	}
}

/* [MS-FSA] 2.1.5.10.22, for a file that is never sparse: one range, up to the end. */
static struct tsmb_status allocated_ranges(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
					   struct tsmb_open *op)
{
	struct tsmb_file_range q;
	struct tsmb_os_stat st;
	struct tsmb_status s;
	uint8_t out[FILE_RANGE_BUFFER_SIZE];
	struct tsmb_wr w;
	int ret;

	s = tsmb_file_range_decode(ir->input, ir->input_count, &q);
	if (!tsmb_st_ok(s))
		return s;
	if (q.offset > OFFSET_MAX || q.length > OFFSET_MAX - q.offset)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (ir->max_output_response < FILE_RANGE_BUFFER_SIZE)
		return TSMB_ERR(STATUS_BUFFER_TOO_SMALL);
	ret = tsmb_os_file_stat(op->f, &st);
	if (ret)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	if (!q.length || q.offset >= st.size)
		return put_output(req, ir, NULL, 0);
	if (q.length > st.size - q.offset)
		q.length = st.size - q.offset;
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_file_range_encode(&w, &q);
	return put_output(req, ir, out, sizeof(out));
}

static struct tsmb_status zero_data(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				    struct tsmb_open *op)
{
	struct tsmb_file_range z;
	struct tsmb_status s;

	s = tsmb_file_range_decode(ir->input, ir->input_count, &z);
	if (tsmb_st_ok(s))
		s = tsmb_fsctl_set_zero_data(op, z.offset, z.length);
	if (tsmb_st_ok(s))
		s = put_output(req, ir, NULL, 0);
	return s;
}

/* [MS-FSA] 2.1.5.10.7, 2.1.5.10.37: no file here is compressed, nor can be. */
static struct tsmb_status compression(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				      struct tsmb_open *op)
{
	static const uint8_t none[2] = { 0, 0 };

	if (ir->ctl_code == FSCTL_GET_COMPRESSION) {
		if (ir->max_output_response < sizeof(none))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		return put_output(req, ir, none, sizeof(none));
	}
	if (ir->input_count < 2)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!(op->access & (FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES)))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (tsmb_get_le16(ir->input) != COMPRESSION_FORMAT_NONE)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	return put_output(req, ir, NULL, 0);
}

/*
 * [MS-FSA] 2.1.5.10.34: accepted and not recorded: a sparse file and one
 * that is not read the same, and Linux allocates lazily anyway.
 */
static struct tsmb_status set_sparse(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				     struct tsmb_open *op)
{
	if (op->is_dir)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!(op->access & (FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_APPEND_DATA)))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	return put_output(req, ir, NULL, 0);
}

static struct tsmb_status object_id(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				    struct tsmb_open *op)
{
	uint8_t out[FILE_OBJECTID_BUFFER_SIZE];
	struct tsmb_status s;

	if (ir->max_output_response < sizeof(out))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	s = tsmb_fsctl_object_id(op, out);
	if (!tsmb_st_ok(s))
		return s;
	return put_output(req, ir, out, sizeof(out));
}

static struct tsmb_status ioctl_file(struct tsmb_req *req, const struct tsmb_ioctl_req *ir,
				     struct tsmb_open *op)
{
	switch (ir->ctl_code) {
	case FSCTL_QUERY_ALLOCATED_RANGES:
		return allocated_ranges(req, ir, op);
	case FSCTL_SET_ZERO_DATA:
		return zero_data(req, ir, op);
	case FSCTL_GET_COMPRESSION:
	case FSCTL_SET_COMPRESSION:
		return compression(req, ir, op);
	case FSCTL_SET_SPARSE:
		return set_sparse(req, ir, op);
	case FSCTL_CREATE_OR_GET_OBJECT_ID:
		return object_id(req, ir, op);
	case FSCTL_GET_REPARSE_POINT:
		/* symbolic links are never shown to clients as reparse points */
		return TSMB_ERR(STATUS_NOT_A_REPARSE_POINT);
	case FSCTL_PIPE_PEEK:
	case FSCTL_PIPE_TRANSCEIVE:
		/* a file is not a pipe */
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	case FSCTL_SRV_REQUEST_RESUME_KEY:
	case FSCTL_SRV_COPYCHUNK:
	case FSCTL_SRV_COPYCHUNK_WRITE:
		/* no server-side copy yet: clients fall back */
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	default:
		return TSMB_ERR(STATUS_INVALID_DEVICE_REQUEST);
	}
}

struct tsmb_status tsmb_smb2_ioctl(struct tsmb_req *req)
{
	uint32_t max = tsmb_conn_max_io(req->conn);
	struct tsmb_ioctl_req ir;
	struct tsmb_status st;
	struct tsmb_open *op;

	st = tsmb_ioctl_req_decode(req->msg, req->len, &ir);
	if (!tsmb_st_ok(st))
		return st;
	/* device IOCTLs reach no device here */
	if (ir.flags != SMB2_0_IOCTL_IS_FSCTL)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	/* 3.3.5.15: nothing larger than Connection.MaxTransactSize either way */
	if (ir.input_count > max || ir.max_input_response > max ||
	    ir.max_output_response > max)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	switch (ir.ctl_code) {
	case FSCTL_DFS_GET_REFERRALS:
	case FSCTL_DFS_GET_REFERRALS_EX:
	case FSCTL_QUERY_NETWORK_INTERFACE_INFO:
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
	case FSCTL_PIPE_WAIT:
		return ioctl_no_file(req, &ir);
	}
	op = tsmb_open_lookup(req, ir.file_id_persistent, ir.file_id_volatile);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	if (op->is_pipe)
		return ioctl_pipe(req, &ir, op);
	return ioctl_file(req, &ir, op);
}
