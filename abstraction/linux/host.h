/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the module glue (kmod/) sets in the kernel abstraction. Not part of
 * the core's contract: core/ never includes this.
 */
#ifndef TSMB_LINUX_HOST_H
#define TSMB_LINUX_HOST_H

#include <linux/types.h>

/*
 * TSMB_LOG_ERR .. TSMB_LOG_DEBUG; messages above it are dropped. Out of
 * range values are refused with -EINVAL.
 */
int tsmb_linux_log_set_level(int level);
int tsmb_linux_log_get_level(void);

/*
 * Applies an up-call CONFIG message msg[0..len) that the registered
 * service (tsmbd) sent, in tsmbd's process context, and writes the up-call
 * reply (STATUS) into rsp[0..cap). 0, or a -errno when the message is not
 * a CONFIG at all (tsmbd then gets that error as a netlink error).
 */
typedef int (*tsmb_linux_config_fn)(const u8 *msg, size_t len, u8 *rsp, size_t cap,
				    size_t *rsp_len);

/*
 * The generic netlink family of core/upcall/genl.h: registered here, at
 * load, before any channel exists. config answers the CONFIG command.
 * 0 or a -errno.
 */
int tsmb_linux_upcall_init(tsmb_linux_config_fn config);
/*
 * Unregisters the family: no command runs any more once it returns, the
 * service is forgotten and every call waiting for it fails with
 * -TSMB_ENOTCONN at once, as do the calls made afterwards.
 */
void tsmb_linux_upcall_exit(void);

/* The registered service's process id (in the initial namespace), 0 if none. */
pid_t tsmb_linux_upcall_service(void);

#endif /* TSMB_LINUX_HOST_H */
