/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The userspace services behind the core's up-calls: log-on (authd),
 * log-off, the tree-connect access check against tsmb.conf, and the
 * named pipes' RPC (srvsvc). In user format the posix up-call channel
 * runs this in-process; in kernel format the same function will answer
 * the module over generic netlink. Either way it sees only encoded
 * messages (core/upcall/msg.h).
 */
#ifndef TSMB_USER_SERVICE_H
#define TSMB_USER_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "user/conf.h"

struct authd;
struct srvsvc;

struct tsmbd_service {
	struct authd *authd;
	struct srvsvc *srvsvc;		/* the named pipes of IPC$ (RPC_* up-calls) */
	const struct tsmbd_conf *conf;
};

/* Creates authd and srvsvc for conf under mem_ctx; NULL (logged) on failure. */
struct tsmbd_service *tsmbd_service_new(void *mem_ctx, const struct tsmbd_conf *conf);

/* A tsmb_posix_upcall_fn: answers one up-call message. */
int tsmbd_service_handle(void *ctx, const uint8_t *req, size_t len, uint8_t *rsp, size_t cap,
			 size_t *rsp_len);

#endif /* TSMB_USER_SERVICE_H */
