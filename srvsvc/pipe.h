/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The named-pipe RPC service behind the RPC_* up-calls: tsmbd's up-call
 * handler (user/service.c) decodes RPC_OPEN/WRITE/READ/TRANSCEIVE/CLOSE
 * and calls these; the same code answers the kernel format over netlink.
 *
 * One struct srvsvc per tsmbd; its pipes are the open instances of
 * \PIPE\srvsvc, \PIPE\wkssvc and \PIPE\lsarpc (a name is matched without
 * case and without a leading "\" or "\PIPE\"). Each pipe is a DCE/RPC
 * connection-oriented association (ncacn_np): the client writes PDUs,
 * the service answers each complete request with response PDUs that the
 * client reads. Safe to call from several threads at once.
 *
 * Every call returns an NTSTATUS, the one the core answers on the wire.
 */
#ifndef TSMB_SRVSVC_PIPE_H
#define TSMB_SRVSVC_PIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What srvsvc shows of a share (tsmb.conf; IPC$ is added by srvsvc). */
struct srvsvc_share {
	const char *name;
	const char *comment;	/* "" when none */
	const char *path;	/* absolute Unix path; shown as "C:\path" style by level 2/502 */
	bool browseable;	/* false: left out of NetShareEnum* */
	bool read_only;
};

struct srvsvc_config {
	const char *netbios_name;	/* upper case */
	const char *workgroup;		/* upper case */
	const char *server_string;	/* the comment of NetSrvGetInfo */
	const struct srvsvc_share *shares;
	unsigned int nr_shares;
	/* optional; level is TSMB_LOG_* (syslog numbers) */
	void (*log)(void *arg, int level, const char *msg);
	void *log_arg;
	/* optional "S-1-5-21-a-b-c"; NULL: derived from netbios_name (srvsvc/README.md) */
	const char *machine_sid;
};

/* Who opened the pipe: the session's identity from RPC_OPEN. */
struct srvsvc_user {
	const char *user;	/* "" for anonymous */
	const char *domain;	/* may be NULL */
	uint32_t uid;
	uint32_t gid;
	const uint32_t *gids;
	size_t ngids;
	bool guest;
};

struct srvsvc;

/* Copies what it needs of cfg under mem_ctx (talloc); NULL on failure. */
struct srvsvc *srvsvc_new(void *mem_ctx, const struct srvsvc_config *cfg);
void srvsvc_free(struct srvsvc *s);

/*
 * STATUS_SUCCESS and *pipe_id (never 0), STATUS_OBJECT_NAME_NOT_FOUND for
 * a pipe nobody serves, STATUS_INSUFFICIENT_RESOURCES past the pipe limit.
 * session is the up-call's handle: srvsvc_close_session() closes its pipes.
 */
uint32_t srvsvc_pipe_open(struct srvsvc *s, const char *name, size_t name_len,
			  uint64_t session, const struct srvsvc_user *u, uint64_t *pipe_id);

/*
 * The client writes len bytes (one or more PDUs, or a part of one).
 * STATUS_SUCCESS; STATUS_INVALID_HANDLE for an unknown pipe;
 * STATUS_PIPE_BUSY when unread output is still queued; malformed PDUs are
 * answered by the protocol (FAULT / BIND_NAK), not by a status.
 */
uint32_t srvsvc_pipe_write(struct srvsvc *s, uint64_t pipe_id, const uint8_t *data,
			   size_t len);

/*
 * Up to max bytes of queued output into out, *len what was copied.
 * STATUS_SUCCESS when the current PDU was read to its end,
 * STATUS_BUFFER_OVERFLOW when more of it remains (the client reads again),
 * STATUS_PIPE_EMPTY when nothing is queued, STATUS_INVALID_HANDLE.
 */
uint32_t srvsvc_pipe_read(struct srvsvc *s, uint64_t pipe_id, uint8_t *out, size_t max,
			  size_t *len);

/* FSCTL_PIPE_TRANSCEIVE: a write and then a read, as above. */
uint32_t srvsvc_pipe_transceive(struct srvsvc *s, uint64_t pipe_id, const uint8_t *data,
				size_t len, uint8_t *out, size_t max, size_t *out_len);

/* STATUS_SUCCESS or STATUS_INVALID_HANDLE. */
uint32_t srvsvc_pipe_close(struct srvsvc *s, uint64_t pipe_id);

/* Closes every pipe opened with this session handle (log-off, service restart). */
void srvsvc_close_session(struct srvsvc *s, uint64_t session);

#endif /* TSMB_SRVSVC_PIPE_H */
