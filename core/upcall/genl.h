/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The generic netlink family between tsmb.ko and tsmbd (kernel format):
 * only numbers, so that the module (abstraction/linux/upcall.c, kmod/) and
 * tsmbd (user/, with libnl-genl-3) share one definition. The messages it
 * carries are the up-call messages of core/upcall/msg.h, unchanged.
 *
 * A netlink attribute holds at most 65535 bytes and an up-call message up
 * to TSMB_UPCALL_MSG_MAX, so a message travels as one or more MSG
 * attributes in order, each at most TSMB_GENL_CHUNK bytes; the receiver
 * concatenates them (and checks the total against its limit before it
 * copies).
 *
 * Commands (all from tsmbd need CAP_NET_ADMIN: GENL_ADMIN_PERM):
 *
 * REGISTER   tsmbd -> module. No attributes besides VERSION (u32, must be
 *            TSMB_UPCALL_VERSION). The sender's port becomes the service;
 *            -EBUSY if another live port holds it. The module forgets the
 *            port when its socket closes (NETLINK_URELEASE) and fails the
 *            calls waiting on it with -ENOTCONN.
 * CONFIG     tsmbd -> module: MSG = an up-call CONFIG message. Only from
 *            the registered port. The module answers with a CONFIG
 *            message whose MSG is the up-call reply (STATUS); a CONFIG
 *            it cannot even decode is answered with a netlink error.
 * UPCALL     module -> tsmbd: SEQ (u32) and MSG = an up-call request.
 * REPLY      tsmbd -> module: SEQ of the UPCALL it answers and either MSG
 *            (the up-call reply) or ERROR (u32, a positive errno: the
 *            service could not answer at all). A SEQ nobody waits for any
 *            more (the caller timed out) is dropped silently.
 */
#ifndef TSMB_CORE_UPCALL_GENL_H
#define TSMB_CORE_UPCALL_GENL_H

#define TSMB_GENL_NAME		"tsmb"
#define TSMB_GENL_VERSION	1

enum tsmb_genl_cmd {
	TSMB_GENL_CMD_UNSPEC = 0,
	TSMB_GENL_CMD_REGISTER = 1,
	TSMB_GENL_CMD_CONFIG = 2,
	TSMB_GENL_CMD_UPCALL = 3,
	TSMB_GENL_CMD_REPLY = 4,
	__TSMB_GENL_CMD_MAX
};
#define TSMB_GENL_CMD_MAX	(__TSMB_GENL_CMD_MAX - 1)

enum tsmb_genl_attr {
	TSMB_GENL_A_UNSPEC = 0,
	TSMB_GENL_A_VERSION = 1,	/* u32 */
	TSMB_GENL_A_SEQ = 2,		/* u32 */
	TSMB_GENL_A_MSG = 3,		/* binary, repeated: the message in chunks */
	TSMB_GENL_A_ERROR = 4,		/* u32, positive errno */
	__TSMB_GENL_A_MAX
};
#define TSMB_GENL_A_MAX		(__TSMB_GENL_A_MAX - 1)

/* Bytes of message per MSG attribute (a multiple of 8 below 65535). */
#define TSMB_GENL_CHUNK		65000u

#endif /* TSMB_CORE_UPCALL_GENL_H */
