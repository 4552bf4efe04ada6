/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Named pipes on IPC$ ([MS-SMB2] 3.3.5.9 on a pipe share, 3.3.5.12,
 * 3.3.5.13, 3.3.5.15.1): srvsvc, wkssvc, lsarpc. The core only carries
 * bytes: an open of a pipe is a struct tsmb_open with is_pipe set and no
 * file, and what a client writes, reads or transacts goes to the RPC
 * service with the RPC_* up-calls (docs/upcall.md). The service answers
 * each with the NTSTATUS the client sees.
 *
 * Pipes are message mode, full duplex, and the service answers a request
 * as soon as it is written: a READ finds the response queued or nothing
 * (STATUS_PIPE_EMPTY; Windows would block, but no response can come
 * without a new write on the same open). An up-call that fails (no service,
 * time-out) is STATUS_PIPE_DISCONNECTED, or for an open
 * STATUS_OBJECT_NAME_NOT_FOUND: the client sees an error, never a hang.
 */
#ifndef TSMB_CORE_VFS_PIPE_H
#define TSMB_CORE_VFS_PIPE_H

#include "core/vfs/open.h"

/* The most one up-call carries either way (TSMB_UPCALL_DATA_MAX). */
#define TSMB_PIPE_IO_MAX	65536u

/* What CREATE, CLOSE's post-query and FileStandardInformation say of a pipe, as Windows. */
#define TSMB_PIPE_ALLOCATION_SIZE	4096u

/*
 * RPC_OPEN of the pipe name (UTF-16LE, name_len bytes, as CREATE carries
 * it; leading '\' dropped) for req's session on req's tree (IPC$), with
 * the access asked for (generic rights mapped). On success *out is in
 * req->conn->opens. STATUS_OBJECT_NAME_NOT_FOUND for a pipe nobody
 * serves, STATUS_OBJECT_NAME_INVALID for a name that cannot be one.
 */
struct tsmb_status tsmb_pipe_open(struct tsmb_req *req, const uint8_t *name, size_t name_len,
				  uint32_t access, struct tsmb_open **out);

/* The client writes len bytes; *done: how many the service took. */
struct tsmb_status tsmb_pipe_write(struct tsmb_open *op, const uint8_t *data, size_t len,
				   size_t *done);

/*
 * Up to max (at most TSMB_PIPE_IO_MAX) bytes of the service's output
 * into out. STATUS_SUCCESS: the message was read to its end;
 * STATUS_BUFFER_OVERFLOW: more of it remains (both with *done bytes);
 * errors (STATUS_PIPE_EMPTY...) without data.
 */
struct tsmb_status tsmb_pipe_read(struct tsmb_open *op, uint8_t *out, size_t max, size_t *done);

/* FSCTL_PIPE_TRANSCEIVE: writes in, then reads as tsmb_pipe_read(). */
struct tsmb_status tsmb_pipe_transceive(struct tsmb_open *op, const uint8_t *in, size_t in_len,
					uint8_t *out, size_t max, size_t *done);

/*
 * FSCTL_PIPE_WAIT ([MS-FSCC] 2.3.49) on IPC$: STATUS_SUCCESS when the
 * named pipe is served (an instance is always free),
 * STATUS_OBJECT_NAME_NOT_FOUND when not, STATUS_INVALID_PARAMETER for a
 * malformed request.
 */
struct tsmb_status tsmb_pipe_wait(struct tsmb_req *req, const uint8_t *in, size_t len);

/* RPC_CLOSE and the open's end (tsmb_open_close() of a pipe). */
void tsmb_pipe_close(struct tsmb_open *op);

/*
 * QUERY_INFO of a file class on a pipe ([MS-FSCC] 2.4): FileBasic,
 * FileStandard, FilePipe and FilePipeLocalInformation into buf (cap
 * bytes, the client's OutputBufferLength). STATUS_INFO_LENGTH_MISMATCH
 * when cap is too small, STATUS_INVALID_PARAMETER for another class.
 */
struct tsmb_status tsmb_pipe_query_file(const struct tsmb_open *op, uint8_t cls, uint8_t *buf,
					size_t cap, size_t *len);

/* SET_INFO on a pipe: FilePipeInformation only; others STATUS_NOT_SUPPORTED. */
struct tsmb_status tsmb_pipe_set_file(struct tsmb_open *op, uint8_t cls, const uint8_t *buf,
				      size_t len);

#endif /* TSMB_CORE_VFS_PIPE_H */
