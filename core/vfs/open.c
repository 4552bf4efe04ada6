// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opens after CREATE: finding one by FileId ([MS-SMB2] 3.3.5.2.7.2 for
 * compounds), closing it with its delete-on-close ([MS-FSA] 2.1.5.4), and
 * the two SET_INFO classes that act on the file's name: disposition
 * ([MS-FSA] 2.1.5.14.3) and rename (2.1.5.14.11).
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/smb2/dispatch.h"
#include "core/tree/tree.h"
#include "core/vfs/file_table.h"
#include "core/vfs/lock.h"
#include "core/vfs/open.h"
#include "core/vfs/pipe.h"
#include "core/wire/fscc.h"

struct tsmb_open *tsmb_open_lookup(struct tsmb_req *req, uint64_t persistent,
				   uint64_t volatile_id)
{
	struct tsmb_open *op;

	/* 3.3.5.2.7.2: a related request's all-ones FileId is the previous one's */
	if (persistent == TSMB_U64_MAX && volatile_id == TSMB_U64_MAX && req->cmp &&
	    (req->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS)) {
		persistent = req->cmp->file_id;
		volatile_id = req->cmp->file_id;
	}
	if (persistent != volatile_id)
		return NULL;
	op = tsmb_idmap_find(&req->conn->opens, volatile_id);
	if (!op || op->sess != req->sess || op->tree != req->tree)
		return NULL;
	if (req->cmp)
		req->cmp->file_id = op->id;
	return op;
}

/* The last open of a file to be deleted has gone: delete it by its name. */
static void delete_file(struct tsmb_open *op)
{
	struct tsmb_os_file *root = op->tree->share->root;
	int ret;

	ret = op->is_dir ? tsmb_os_file_rmdir(root, op->path) : tsmb_os_file_unlink(root, op->path);
	/*
	 * Nobody is left to tell: a directory that got entries after it was
	 * marked stays, as on Windows when the last handle's delete fails.
	 */
	if (ret)
		tsmb_info("%s: delete on close of \"%s\" failed: error %d", op->conn->peer,
			  op->path, -ret);
}

void tsmb_open_close(struct tsmb_open *op)
{
	struct tsmb_server *srv = op->conn->srv;
	struct tsmb_file *doomed;

	if (op->is_pipe) {
		tsmb_pipe_close(op);
		return;
	}
	/* [MS-FSA] 2.1.5.4: the open's byte-range locks go, its pending LOCKs are answered */
	tsmb_lock_close(op);
	tsmb_idmap_remove(&op->conn->opens, op->id);
	tsmb_list_del(&op->tree_node);
	if (op->tree->nr_opens)
		op->tree->nr_opens--;
	doomed = tsmb_file_detach(srv, op);
	if (doomed) {
		/*
		 * The file stays in the table meanwhile, refusing new opens
		 * with STATUS_DELETE_PENDING; the OS handle is closed after the
		 * unlink, so that the inode (and its number) cannot be reused
		 * by a new file while the table still names it.
		 */
		delete_file(op);
		tsmb_file_release(srv, doomed);
	}
	tsmb_os_file_close(op->f);
	tsmb_os_free(op->path);
	tsmb_os_free(op->path_prev);
	tsmb_os_free(op->dir_pattern);
	tsmb_os_free(op);
}

static int any_entry(void *ctx, const char *name, size_t len, uint64_t ino, uint32_t type)
{
	bool *found = ctx;

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	*found = true;
	return 1;
}

static struct tsmb_status dir_empty(struct tsmb_open *op)
{
	bool found = false;
	uint64_t pos = 0;	/* a position of its own: QUERY_DIRECTORY's stays */
	int ret;

	ret = tsmb_os_dir_iterate(op->f, &pos, any_entry, &found);
	if (ret < 0)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	return found ? TSMB_ERR(STATUS_DIRECTORY_NOT_EMPTY) : TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_open_set_delete_pending(struct tsmb_open *op, bool pending)
{
	struct tsmb_os_stat st;
	struct tsmb_status s;
	int ret;

	if (!(op->access & DELETE))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (pending) {
		if (!op->path[0])
			return TSMB_ERR(STATUS_CANNOT_DELETE);
		ret = tsmb_os_file_stat(op->f, &st);
		if (ret)
			return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
		/* 2.1.5.14.3: FILE_ATTRIBUTE_READONLY, which a file without write bits has */
		if (!(st.mode & 0222))
			return TSMB_ERR(STATUS_CANNOT_DELETE);
		if (op->is_dir) {
			s = dir_empty(op);
			if (!tsmb_st_ok(s))
				return s;
		}
	}
	tsmb_file_set_delete_pending(op->conn->srv, op->file, pending);
	return TSMB_ST(STATUS_SUCCESS);
}

static bool same_path(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

struct tsmb_status tsmb_open_rename(struct tsmb_open *op, const char *new_path, bool replace)
{
	struct tsmb_os_file *root = op->tree->share->root;
	struct tsmb_os_stat target;
	bool exists;
	int ret;

	if (!(op->access & DELETE))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	/* the share root has no name to change, and nothing may take its place */
	if (!op->path[0] || !new_path[0])
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (same_path(op->path, new_path))
		return TSMB_ST(STATUS_SUCCESS);
	ret = tsmb_os_file_stat_at(root, new_path, &target);
	/* a symlink on the way out of the share, as CREATE answers it */
	if (ret == -TSMB_ELOOP || ret == -TSMB_EXDEV)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (ret && ret != -TSMB_ENOENT && ret != -TSMB_ENOTDIR)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	exists = !ret;
	if (exists) {
		if (!replace)
			return TSMB_ERR(STATUS_OBJECT_NAME_COLLISION);
		/*
		 * 2.1.5.14.11: ReplaceIfExists never replaces a directory, nor a
		 * read-only file (nor, checked under the table's lock, an open one).
		 */
		if (TSMB_S_ISDIR(target.mode) || !(target.mode & 0222))
			return TSMB_ERR(STATUS_ACCESS_DENIED);
	}
	return tsmb_file_table_rename(op->conn->srv, op, new_path,
				      replace ? 0 : TSMB_RENAME_NOREPLACE,
				      exists ? &target : NULL);
}
