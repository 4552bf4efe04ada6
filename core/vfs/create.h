/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening and creating files beneath a tree's share: the file-system half
 * of CREATE ([MS-SMB2] 3.3.5.9, [MS-FSA] 2.1.5.1), behind the argument
 * checks and create contexts that core/smb2/create.c handles.
 */
#ifndef TSMB_CORE_VFS_CREATE_H
#define TSMB_CORE_VFS_CREATE_H

#include "core/vfs/open.h"
#include "core/vfs/oplock.h"

/* Permission bits of what CREATE makes (FILE_ATTRIBUTE_READONLY takes the write bits away). */
#define TSMB_CREATE_MODE_FILE	0644u
#define TSMB_CREATE_MODE_DIR	0755u

struct tsmb_create_args {
	/*
	 * OS form (tsmb_path_from_wire), in a TSMB_PATH_MAX + 1 buffer that
	 * tsmb_vfs_create() may cut short while it looks at the parent; it
	 * is as it was on return.
	 */
	char *path;
	uint32_t desired_access;	/* as the client sent it */
	uint32_t share_access;
	uint32_t disposition;
	uint32_t options;
	uint32_t attributes;
	uint64_t allocation_size;	/* the AlSi context; 0: none */
	const uint8_t *ea;		/* the ExtA context's FILE_FULL_EA_INFORMATION list */
	uint32_t ea_len;		/* 0: none */
	/* the oplock asked for; on success the level granted (core/vfs/oplock.h) */
	struct tsmb_oplock_req *oplock;
};

struct tsmb_create_result {
	struct tsmb_open *op;
	uint32_t action;		/* FILE_SUPERSEDED .. FILE_OVERWRITTEN */
	struct tsmb_os_stat st;		/* the file as the open left it */
	uint32_t maximal_access;	/* what MAXIMUM_ALLOWED would grant (MxAc) */
};

/*
 * Opens or creates a->path beneath req->tree's share, as req->sess (whose
 * identity the thread has taken): access checked against the tree and the
 * OS, share access and delete-pending against every open of the file, the
 * disposition carried out. The open is in req->conn->opens on success;
 * on failure nothing is left behind, not even a file it had created.
 * STATUS_PENDING: another open's oplock must break first; nothing was
 * done, and the caller tries again once a->oplock->gen has moved on.
 */
struct tsmb_status tsmb_vfs_create(struct tsmb_req *req, const struct tsmb_create_args *a,
				   struct tsmb_create_result *res);

#endif /* TSMB_CORE_VFS_CREATE_H */
