/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Between the files of kmod/ only. */
#ifndef TSMB_KMOD_KMOD_H
#define TSMB_KMOD_KMOD_H

#include <linux/types.h>

#include "core/server.h"

/*
 * config.c: the module's one server, made by the first CONFIG tsmbd
 * pushes. A tsmb_linux_config_fn.
 */
int tsmb_kmod_config(const u8 *msg, size_t len, u8 *rsp, size_t cap, size_t *rsp_len);
/* At unload, after the family is gone: stops the server and frees it all. */
void tsmb_kmod_config_exit(void);

/* A snapshot of the server for the status file. */
struct tsmb_kmod_status {
	bool running;
	unsigned int nr_listen;
	struct tsmb_sockaddr listen[TSMB_MAX_LISTEN];
	struct tsmb_server_stats stats;
};

void tsmb_kmod_get_status(struct tsmb_kmod_status *st);

/* status.c: /proc/fs/tsmb/status. */
int tsmb_kmod_status_init(void);
void tsmb_kmod_status_exit(void);

#endif /* TSMB_KMOD_KMOD_H */
