/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tsmb.conf as the up-call CONFIG message that tsmbd pushes into tsmb.ko
 * (kernel format; docs/upcall.md).
 */
#ifndef TSMB_USER_CONF_PUSH_H
#define TSMB_USER_CONF_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "user/conf.h"

struct tsmbd_conf_push_opts {
	uint64_t req_id;		/* echoed in the module's reply */
	const uint8_t *server_guid;	/* 16 bytes, or NULL: the module's own */
};

/*
 * Encodes conf into a buffer allocated under mem_ctx (*out, *len). 0, or
 * -TSMB_E2BIG (more shares than the message carries), -TSMB_EINVAL (a
 * value the ABI refuses), -TSMB_ENOMEM.
 */
int tsmbd_conf_push_encode(const struct tsmbd_conf *conf, const struct tsmbd_conf_push_opts *o,
			   void *mem_ctx, uint8_t **out, size_t *len);

#endif /* TSMB_USER_CONF_PUSH_H */
