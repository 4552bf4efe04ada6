/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The server's table of open files: one struct tsmb_file per (dev, ino)
 * that some open names, shared by the opens of every connection, under
 * srv->files_lock. Share access ([MS-FSA] 2.1.5.1.2) and delete-pending
 * are decided here, so that two clients see one file the same way.
 */
#ifndef TSMB_CORE_VFS_FILE_TABLE_H
#define TSMB_CORE_VFS_FILE_TABLE_H

#include "core/lib/status.h"
#include "core/vfs/open.h"

struct tsmb_server;

/*
 * [MS-FSA] 2.1.5.1.2: does a new open (access, share) conflict with an
 * existing one? Only opens that read, write or delete take part, both
 * ways (an attributes-only open neither blocks nor is blocked).
 */
bool tsmb_share_conflict(uint32_t access, uint32_t share, uint32_t other_access,
			 uint32_t other_share);

/*
 * Joins op (op->access and op->share_access set) to the file (dev, ino),
 * adding the file to the table if it is the first open. Fails with
 * STATUS_DELETE_PENDING when the file is to be deleted,
 * STATUS_SHARING_VIOLATION when an open of any connection conflicts,
 * STATUS_INSUFFICIENT_RESOURCES. On success op->file is set and oq->level
 * is the oplock granted; STATUS_PENDING: another open's oplock is breaking
 * first (core/vfs/oplock.h), op is not joined.
 */
struct tsmb_oplock_req;
struct tsmb_status tsmb_file_attach(struct tsmb_server *srv, struct tsmb_open *op,
				    uint64_t dev, uint64_t ino, bool is_dir,
				    struct tsmb_oplock_req *oq);

/*
 * Takes op out of its file (op->file is cleared). A delete-on-close open
 * marks the file delete-pending as it goes ([MS-FSA] 2.1.5.4). Returns the
 * file when op was its last open and the file is to be deleted: it stays
 * in the table, refusing new opens with STATUS_DELETE_PENDING, until the
 * caller has deleted it and calls tsmb_file_release(). NULL otherwise.
 */
struct tsmb_file *tsmb_file_detach(struct tsmb_server *srv, struct tsmb_open *op);
void tsmb_file_release(struct tsmb_server *srv, struct tsmb_file *f);

/* FileDispositionInformation's effect on the file, for every open of it. */
void tsmb_file_set_delete_pending(struct tsmb_server *srv, struct tsmb_file *f, bool pending);

/*
 * Renames op's file to new_path beneath its share (TSMB_RENAME_NOREPLACE
 * in flags unless an existing target is to be replaced; target is that
 * target's attributes, NULL when there is none), atomically with the
 * table: the checks, the OS rename and the update of every open's path
 * happen under the lock, so that no open can appear meanwhile below a
 * renamed directory or on the replaced file. This is the one place the
 * lock is held across I/O. STATUS_ACCESS_DENIED when an open of any
 * connection names something below a renamed directory or the target,
 * STATUS_SHARING_VIOLATION when an open of the source's or the target's
 * directory has DELETE access or does not share delete ([MS-FSA]
 * 2.1.5.14.11: the rename opens them as for DELETE);
 * afterwards every open of the file on the same share has new_path (an
 * open of another connection keeps its old string in path_prev until its
 * next rename or close, since that connection may be reading it).
 */
struct tsmb_status tsmb_file_table_rename(struct tsmb_server *srv, struct tsmb_open *op,
					  const char *new_path, unsigned int flags,
					  const struct tsmb_os_stat *target);

#endif /* TSMB_CORE_VFS_FILE_TABLE_H */
