/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opens ([MS-SMB2] 3.3.1.10 Open) and the files they open.
 *
 * An open is what a FileId names: one connection's handle on a file or
 * directory beneath its tree's share, with the access it was granted, its
 * share access and its create options. Opens live in their connection's
 * id map (conn->opens), so like the connection they need no lock.
 *
 * Share access, delete-pending and byte-range locks are properties of the
 * file, not of one open, and opens of the same file come from different
 * connections: struct tsmb_file is the one shared object per (dev, ino),
 * in the server's file table under its lock (core/vfs/file_table.c).
 */
#ifndef TSMB_CORE_VFS_OPEN_H
#define TSMB_CORE_VFS_OPEN_H

#include <tsmb/os/file.h>
#include <tsmb/os/sync.h>

#include "core/lib/list.h"
#include "core/lib/status.h"

struct tsmb_conn;
struct tsmb_req;
struct tsmb_session;
struct tsmb_tree;
struct tsmb_server;

/* Longest path beneath a share, bytes of UTF-8 (Linux's PATH_MAX). */
#define TSMB_PATH_MAX	4096

struct tsmb_file {
	struct tsmb_list node;		/* server file table bucket */
	uint64_t dev;
	uint64_t ino;
	unsigned int refs;		/* opens, under the table's lock */
	struct tsmb_list opens;		/* struct tsmb_open.file_node */
	bool delete_pending;
	bool is_dir;
	struct tsmb_list locks;		/* byte-range locks (core/vfs/lock.c) */
	struct tsmb_list lock_waiters;	/* blocked lock requests, likewise */
	unsigned int nr_locks;
};

struct tsmb_open {
	uint64_t id;			/* FileId: Persistent == Volatile == id */
	struct tsmb_conn *conn;
	struct tsmb_session *sess;
	struct tsmb_tree *tree;
	struct tsmb_list tree_node;	/* tree's opens */
	struct tsmb_list file_node;	/* file->opens */
	struct tsmb_file *file;
	struct tsmb_os_file *f;
	char *path;			/* beneath the share root; "" is the root */
	/*
	 * The path before a rename made by another connection, which may
	 * have been reading op->path at that moment: freed at the next
	 * rename or at close (core/vfs/file_table.c).
	 */
	char *path_prev;
	uint32_t access;		/* granted access mask */
	uint32_t share_access;
	uint32_t create_options;
	uint32_t mode;			/* FileModeInformation */
	uint64_t position;		/* FilePositionInformation */
	bool is_dir;
	bool delete_on_close;		/* FILE_DELETE_ON_CLOSE was given */
	bool written;			/* for CLOSE's post-query and times */

	/*
	 * A named pipe on IPC$ (core/vfs/pipe.h): no file and no OS handle
	 * (file and f are NULL), path is the pipe's name; the bytes go to
	 * the RPC service.
	 */
	bool is_pipe;
	uint8_t pipe_read_mode;		/* FilePipeInformation, as last set */
	uint8_t pipe_completion_mode;
	uint64_t pipe_id;		/* the service's PIPE_ID */

	/* Open.OplockLevel and OplockState, under srv->files_lock (core/vfs/oplock.c) */
	uint8_t oplock;			/* SMB2_OPLOCK_LEVEL_* held */
	uint8_t oplock_break_to;	/* while breaking: the level the holder is told */
	bool oplock_breaking;		/* an acknowledgment is due */
	bool oplock_queued;		/* on srv->oplock_notify: a notification to send */
	uint8_t oplock_notify_level;	/* what that notification says */
	struct tsmb_list notify_node;

	/* QUERY_DIRECTORY state (core/smb2/query_directory.c) */
	char *dir_pattern;		/* NULL: none yet */
	uint64_t dir_pos;		/* resume position (tsmb_os_dir_iterate) */
	bool dir_done;
	bool dir_dot_done;		/* "." and ".." come first, then the rest */
	bool dir_dotdot_done;		/* (one each, for RETURN_SINGLE_ENTRY) */
};

/*
 * The open a request names: FileId {persistent, volatile}, or the previous
 * request's open for a related compound's all-ones FileId. NULL (and the
 * handler answers STATUS_FILE_CLOSED) when no open of the request's tree
 * and session has that id.
 */
struct tsmb_open *tsmb_open_lookup(struct tsmb_req *req, uint64_t persistent,
				   uint64_t volatile_id);

/* Closes an open: delete-on-close, share-access release, the OS handle; a pipe's RPC_CLOSE. */
void tsmb_open_close(struct tsmb_open *op);

/*
 * FileDispositionInformation: marks (or unmarks) the file for deletion
 * when its last open closes. STATUS_CANNOT_DELETE for a read-only file,
 * STATUS_DIRECTORY_NOT_EMPTY for a directory with entries,
 * STATUS_ACCESS_DENIED without DELETE access.
 */
struct tsmb_status tsmb_open_set_delete_pending(struct tsmb_open *op, bool pending);

/*
 * FileRenameInformation: renames the open's file to new_path (beneath the
 * same share, already validated), replacing an existing file only when
 * replace is set (STATUS_OBJECT_NAME_COLLISION otherwise); refuses with
 * STATUS_ACCESS_DENIED when another open of a file below a renamed
 * directory is there, or STATUS_SHARING_VIOLATION as Windows does.
 */
struct tsmb_status tsmb_open_rename(struct tsmb_open *op, const char *new_path, bool replace);

/*
 * Converts a client's path (UTF-16LE, '\' separators, relative to the
 * share) into out (TSMB_PATH_MAX + 1 bytes). Refuses what may not reach
 * the OS: STATUS_INVALID_PARAMETER for a leading '\' ([MS-SMB2] 3.3.5.9),
 * STATUS_OBJECT_NAME_INVALID for a character NTFS refuses, an empty, "."
 * or ".." component, a component over 255 characters and stream names
 * (':'; "name::$DATA", the default stream, is the file itself),
 * STATUS_NAME_TOO_LONG. A trailing '\' is dropped. out is "" on error.
 */
struct tsmb_status tsmb_path_from_wire(const uint8_t *name, size_t len, char *out);

/* A tsmb_os_alloc'ed copy of a path, or NULL. */
char *tsmb_path_dup(const char *path);

#endif /* TSMB_CORE_VFS_OPEN_H */
