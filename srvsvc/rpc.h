/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srvsvc's insides, shared by its files: the service object, a pipe (one
 * DCE/RPC association), the interface table and the call an operation
 * handler sees.
 */
#ifndef TSMB_SRVSVC_RPC_H
#define TSMB_SRVSVC_RPC_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srvsvc/dcerpc.h"
#include "srvsvc/ndr.h"
#include "srvsvc/pipe.h"
#include "srvsvc/sid.h"

#define SRVSVC_MAX_PIPES	1024
/* Our fragment size: what Windows uses on ncacn_np. */
#define SRVSVC_MAX_FRAG		4280
/* [C706] 12.6.3.6: every implementation receives at least this much. */
#define SRVSVC_MIN_FRAG		1432
/* A request's stub, reassembled from its fragments, is refused past this. */
#define SRVSVC_MAX_STUB		(1u << 20)
/* Output a pipe holds before it stops working through queued input. */
#define SRVSVC_MAX_OUTPUT	(4u << 20)
#define SRVSVC_MAX_CTX		16	/* presentation contexts an association keeps */
#define SRVSVC_MAX_HANDLES	64	/* policy handles a pipe keeps open */

/* TSMB_LOG_* levels (syslog numbers) for srvsvc_config.log */
#define SRVSVC_LOG_WARNING	4
#define SRVSVC_LOG_DEBUG	7

/* How a share shows in srvsvc ([MS-SRVS] 2.2.2.4) */
#define STYPE_DISKTREE		0x00000000u
#define STYPE_IPC		0x00000003u
#define STYPE_SPECIAL		0x80000000u

struct srvsvc_share_entry {
	char *name;
	char *comment;
	char *path;		/* Unix path; NULL for IPC$ */
	uint32_t type;
	bool browseable;
};

struct srvsvc {
	char *netbios_name;
	char *workgroup;
	char *server_string;
	struct srvsvc_share_entry *shares;	/* the configured ones, then IPC$ */
	unsigned int nr_shares;
	struct srvsvc_sid machine_sid;
	void (*log)(void *arg, int level, const char *msg);
	void *log_arg;

	pthread_mutex_t lock;			/* the pipe list and the counters */
	struct srvsvc_pipe *pipes;
	unsigned int nr_pipes;
	uint64_t next_pipe_id;
	uint32_t next_assoc_group;
};

struct srvsvc_call;

struct srvsvc_op {
	/* 0 or a fault status; the response stub goes to call->out */
	uint32_t (*fn)(struct srvsvc_call *call);
};

struct srvsvc_iface {
	const char *pipe_name;
	struct dcerpc_syntax syntax;
	const struct srvsvc_op *ops;
	unsigned int nr_ops;		/* opnums past this, or with fn NULL: op_rng_error */
};

extern const struct srvsvc_iface srvsvc_iface_srvsvc;
extern const struct srvsvc_iface srvsvc_iface_wkssvc;
extern const struct srvsvc_iface srvsvc_iface_lsarpc;

struct srvsvc_out {
	struct srvsvc_out *next;
	size_t len;
	size_t off;		/* read so far */
	uint8_t *data;
};

struct srvsvc_handle {
	bool used;
	uint8_t h[20];
};

struct srvsvc_pipe {
	struct srvsvc_pipe *next;
	uint64_t id;
	uint64_t session;
	const struct srvsvc_iface *iface;
	unsigned int refs;		/* under srvsvc.lock */
	bool closed;			/* unlinked; freed by the last reference */
	pthread_mutex_t lock;		/* everything below */

	/* who opened it */
	char *user;
	char *domain;
	uint32_t uid;
	uint32_t gid;
	bool guest;

	/* the byte stream: a PDU being written in parts */
	uint8_t *inbuf;			/* 64 KiB once needed */
	size_t inlen;
	struct srvsvc_out *out_head;
	struct srvsvc_out *out_tail;
	size_t out_bytes;

	/* the association */
	bool bound;
	uint16_t max_xmit;		/* our fragments' size */
	uint32_t assoc_group;
	uint16_t ctx_ids[SRVSVC_MAX_CTX];
	unsigned int nr_ctx;

	/* the request being reassembled */
	bool in_call;
	uint32_t call_id;
	uint16_t call_ctx;
	uint16_t call_opnum;
	uint8_t *stub;
	size_t stub_len;
	bool discarding;		/* rest of a refused call: dropped silently */
	uint32_t discard_call_id;

	/* lsarpc policy handles */
	struct srvsvc_handle handles[SRVSVC_MAX_HANDLES];
	uint64_t next_handle;
};

struct srvsvc_call {
	struct srvsvc *s;
	struct srvsvc_pipe *pipe;
	void *mem;			/* freed once the response is built */
	uint16_t opnum;
	struct ndr_pull in;
	struct ndr_push out;
};

/* assoc.c: one complete PDU off the byte stream (frag_length bytes). */
void srvsvc_assoc_pdu(struct srvsvc *s, struct srvsvc_pipe *p, const uint8_t *pdu, size_t len);
void srvsvc_assoc_reset(struct srvsvc_pipe *p);
/* pipe.c: queues a built PDU for the client to read (copied). */
void srvsvc_pipe_queue(struct srvsvc *s, struct srvsvc_pipe *p, const uint8_t *data, size_t len);
void srvsvc_logf(struct srvsvc *s, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* lsarpc.c: policy handles */
bool srvsvc_handle_new(struct srvsvc_pipe *p, uint8_t h[20]);
bool srvsvc_handle_close(struct srvsvc_pipe *p, const uint8_t h[20]);
bool srvsvc_handle_find(struct srvsvc_pipe *p, const uint8_t h[20]);

#endif /* TSMB_SRVSVC_RPC_H */
