/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A share as the core serves it: its name, its root directory (opened once,
 * when the host configures the server: in the kernel from tsmbd's process
 * context) and the options that the core enforces itself. Who may connect
 * (valid users, invalid users, guest ok) is decided by the TREE_CONNECT
 * up-call, where the user database and the Unix groups are.
 *
 * Shares are added before or after tsmb_server_start() (under
 * srv->shares_lock) and never removed before the server is destroyed, so
 * trees point at them without references.
 */
#ifndef TSMB_CORE_TREE_SHARE_H
#define TSMB_CORE_TREE_SHARE_H

#include <tsmb/os/file.h>

#include "core/lib/list.h"

#define TSMB_SHARE_NAME_MAX	80		/* bytes of UTF-8 */
#define TSMB_MAX_SHARES		1024

/* Share flags: the up-call ABI's TSMB_UPCALL_SHARE_* values. */
#define TSMB_SHARE_READ_ONLY		0x01u
#define TSMB_SHARE_GUEST_OK		0x02u
#define TSMB_SHARE_BROWSEABLE		0x04u
#define TSMB_SHARE_ENCRYPT		0x08u	/* encryption required */
#define TSMB_SHARE_ENCRYPT_DESIRED	0x10u

struct tsmb_share {
	struct tsmb_list node;			/* srv->shares */
	char name[TSMB_SHARE_NAME_MAX + 1];
	size_t name_len;
	struct tsmb_os_file *root;		/* NULL for IPC$ */
	uint32_t flags;
	bool is_ipc;
};

#endif /* TSMB_CORE_TREE_SHARE_H */
