// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The shared table of open files ([MS-FSA] 2.1.1.4 File, 2.1.5.1.2 share
 * access, 2.1.5.4 cleanup and delete-on-close). Everything in a struct
 * tsmb_file, and the file_node, path and path_prev of the opens on its
 * list, is read and written under srv->files_lock only; the lock is a
 * mutex, held for list walks and small allocations, and across I/O only
 * for a rename (tsmb_file_table_rename()).
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/tree/tree.h"
#include "core/vfs/file_table.h"
#include "core/vfs/oplock.h"
#include "core/wire/fscc.h"

#define SHARE_RELEVANT	(FILE_READ_DATA | FILE_EXECUTE | FILE_WRITE_DATA | \
			 FILE_APPEND_DATA | DELETE)

/* Does an open with access need a share mode that other_share denies? */
static bool denied_by(uint32_t access, uint32_t other_share)
{
	if ((access & (FILE_READ_DATA | FILE_EXECUTE)) && !(other_share & FILE_SHARE_READ))
		return true;
	if ((access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) && !(other_share & FILE_SHARE_WRITE))
		return true;
	return (access & DELETE) && !(other_share & FILE_SHARE_DELETE);
}

bool tsmb_share_conflict(uint32_t access, uint32_t share, uint32_t other_access,
			 uint32_t other_share)
{
	if (!(access & SHARE_RELEVANT) || !(other_access & SHARE_RELEVANT))
		return false;
	return denied_by(access, other_share) || denied_by(other_access, share);
}

static struct tsmb_list *bucket(struct tsmb_server *srv, uint64_t dev, uint64_t ino)
{
	uint64_t h = (ino ^ (dev << 17) ^ (dev >> 7)) * 0x9E3779B97F4A7C15ull;

	return &srv->file_buckets[(h >> 56) & (TSMB_FILE_BUCKETS - 1)];
}

static struct tsmb_file *find(struct tsmb_list *b, uint64_t dev, uint64_t ino)
{
	struct tsmb_list *pos;

	tsmb_list_for_each(pos, b) {
		struct tsmb_file *f = tsmb_list_entry(pos, struct tsmb_file, node);

		if (f->dev == dev && f->ino == ino)
			return f;
	}
	return NULL;
}

static struct tsmb_status admit(const struct tsmb_file *f, const struct tsmb_open *op)
{
	struct tsmb_list *pos;

	if (f->delete_pending)
		return TSMB_ERR(STATUS_DELETE_PENDING);
	tsmb_list_for_each(pos, &f->opens) {
		const struct tsmb_open *o = tsmb_list_entry(pos, struct tsmb_open, file_node);

		if (tsmb_share_conflict(op->access, op->share_access, o->access, o->share_access))
			return TSMB_ERR(STATUS_SHARING_VIOLATION);
	}
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_file_attach(struct tsmb_server *srv, struct tsmb_open *op,
				    uint64_t dev, uint64_t ino, bool is_dir,
				    struct tsmb_oplock_req *oq)
{
	struct tsmb_list *b = bucket(srv, dev, ino);
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);
	struct tsmb_file *f;

	tsmb_os_mutex_lock(&srv->files_lock);
	f = find(b, dev, ino);
	if (f) {
		st = tsmb_oplock_on_open(srv, f, op, admit(f, op), oq);
	} else {
		oq->level = tsmb_oplock_grant_level(oq->level, is_dir, false);
		f = tsmb_os_zalloc(sizeof(*f));
		if (!f) {
			st = TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		} else {
			f->dev = dev;
			f->ino = ino;
			f->is_dir = is_dir;
			tsmb_list_init(&f->opens);
			tsmb_list_init(&f->locks);
			tsmb_list_init(&f->lock_waiters);
			tsmb_list_add_tail(&f->node, b);
		}
	}
	if (tsmb_st_ok(st)) {
		tsmb_list_add_tail(&op->file_node, &f->opens);
		op->oplock = oq->level;
		f->refs++;
		op->file = f;
		tsmb_atomic64_add_return(&srv->opens, 1);
	}
	tsmb_os_mutex_unlock(&srv->files_lock);
	return st;
}

/* Under the lock, with no opens left. */
static void drop(struct tsmb_file *f)
{
	tsmb_list_del(&f->node);
	tsmb_os_free(f);
}

struct tsmb_file *tsmb_file_detach(struct tsmb_server *srv, struct tsmb_open *op)
{
	struct tsmb_file *f = op->file, *doomed = NULL;

	if (!f)
		return NULL;
	tsmb_os_mutex_lock(&srv->files_lock);
	tsmb_oplock_on_close(srv, op);
	tsmb_list_del(&op->file_node);
	op->file = NULL;
	tsmb_atomic64_add_return(&srv->opens, -1);
	if (op->delete_on_close)
		f->delete_pending = true;
	if (--f->refs == 0) {
		if (f->delete_pending)
			doomed = f;
		else
			drop(f);
	}
	tsmb_os_mutex_unlock(&srv->files_lock);
	return doomed;
}

void tsmb_file_release(struct tsmb_server *srv, struct tsmb_file *f)
{
	tsmb_os_mutex_lock(&srv->files_lock);
	drop(f);
	tsmb_os_mutex_unlock(&srv->files_lock);
}

void tsmb_file_set_delete_pending(struct tsmb_server *srv, struct tsmb_file *f, bool pending)
{
	tsmb_os_mutex_lock(&srv->files_lock);
	f->delete_pending = pending;
	tsmb_os_mutex_unlock(&srv->files_lock);
}

/* Is path dir_path itself followed by '/' and more? */
static bool below(const char *path, const char *dir_path)
{
	while (*dir_path && *path == *dir_path) {
		path++;
		dir_path++;
	}
	return !*dir_path && *path == '/';
}

/* Does an open of any connection on op's share name something below op's directory? */
static bool open_below(struct tsmb_server *srv, const struct tsmb_open *op)
{
	unsigned int i;

	for (i = 0; i < TSMB_FILE_BUCKETS; i++) {
		struct tsmb_list *fp, *p;

		tsmb_list_for_each(fp, &srv->file_buckets[i]) {
			struct tsmb_file *f = tsmb_list_entry(fp, struct tsmb_file, node);

			tsmb_list_for_each(p, &f->opens) {
				struct tsmb_open *o = tsmb_list_entry(p, struct tsmb_open,
								      file_node);

				if (o->tree->share == op->tree->share && below(o->path, op->path))
					return true;
			}
		}
	}
	return false;
}

/*
 * New path strings for the opens of op's file on op's share (the others
 * name it from another root), one slot per open in list order.
 */
static char **path_copies(const struct tsmb_open *op, const char *new_path, unsigned int *n)
{
	struct tsmb_list *pos;
	unsigned int i = 0;
	char **copies;

	*n = 0;
	tsmb_list_for_each(pos, &op->file->opens)
		(*n)++;
	copies = tsmb_os_zalloc(*n * sizeof(*copies));
	if (!copies)
		return NULL;
	tsmb_list_for_each(pos, &op->file->opens) {
		struct tsmb_open *o = tsmb_list_entry(pos, struct tsmb_open, file_node);

		if (o->tree->share == op->tree->share && !(copies[i] = tsmb_path_dup(new_path))) {
			while (i)
				tsmb_os_free(copies[--i]);
			tsmb_os_free(copies);
			return NULL;
		}
		i++;
	}
	return copies;
}

static void set_paths(struct tsmb_open *op, char **copies)
{
	struct tsmb_list *pos;
	unsigned int i = 0;

	tsmb_list_for_each(pos, &op->file->opens) {
		struct tsmb_open *o = tsmb_list_entry(pos, struct tsmb_open, file_node);
		char *p = copies[i++];

		if (!p)
			continue;
		if (o->conn == op->conn) {
			tsmb_os_free(o->path);
		} else {
			tsmb_os_free(o->path_prev);
			o->path_prev = o->path;
		}
		o->path = p;
	}
}

/*
 * [MS-FSA] 2.1.5.14.11: a rename opens the directory a name is in as for
 * DELETE, sharing read and write, so an open of that directory with DELETE
 * access, or one that does not share delete, refuses it (smbtorture's
 * smb2.rename.*_delete_access). 1: refused, 0: not, or -TSMB_E*.
 */
static int dir_refuses(struct tsmb_server *srv, struct tsmb_os_file *root, const char *path)
{
	char *dir = tsmb_path_dup(path), *p, *slash = dir;
	struct tsmb_os_stat st;
	struct tsmb_list *pos;
	struct tsmb_file *f;
	int ret;

	if (!dir)
		return -TSMB_ENOMEM;
	for (p = dir; *p; p++)
		if (*p == '/')
			slash = p;
	*slash = '\0';
	ret = tsmb_os_file_stat_at(root, dir, &st);
	tsmb_os_free(dir);
	if (ret)	/* a missing directory is the rename's own error */
		return 0;
	f = find(bucket(srv, st.dev, st.ino), st.dev, st.ino);
	if (!f)
		return 0;
	tsmb_list_for_each(pos, &f->opens) {
		const struct tsmb_open *o = tsmb_list_entry(pos, struct tsmb_open, file_node);

		if (tsmb_share_conflict(DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE, o->access,
					o->share_access))
			return 1;
	}
	return 0;
}

/* Both directories a rename touches let it happen. */
static struct tsmb_status dirs_allow(struct tsmb_server *srv, const struct tsmb_open *op,
				     const char *new_path)
{
	struct tsmb_os_file *root = op->tree->share->root;
	int ret = dir_refuses(srv, root, op->path);

	if (!ret)
		ret = dir_refuses(srv, root, new_path);
	if (ret < 0)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	return ret ? TSMB_ERR(STATUS_SHARING_VIOLATION) : TSMB_ST(STATUS_SUCCESS);
}

/* [MS-FSA] 2.1.5.14.11 wording of the OS's refusal. */
static struct tsmb_status rename_error(int err)
{
	switch (-err) {
	case TSMB_EEXIST:
	case TSMB_ENOTEMPTY:
		return TSMB_ERR(STATUS_OBJECT_NAME_COLLISION);
	case TSMB_ENOENT:	/* the source is open: the target's directory is missing */
	case TSMB_ENOTDIR:
		return TSMB_ERR(STATUS_OBJECT_PATH_NOT_FOUND);
	case TSMB_EISDIR:
	case TSMB_EBUSY:
	case TSMB_ELOOP:	/* a symlink in the way: as CREATE answers it */
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	default:
		return tsmb_status_born(tsmb_status_from_errno(err), __FILE__, __LINE__);
	}
}

struct tsmb_status tsmb_file_table_rename(struct tsmb_server *srv, struct tsmb_open *op,
					  const char *new_path, unsigned int flags,
					  const struct tsmb_os_stat *target)
{
	struct tsmb_os_file *root = op->tree->share->root;
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);
	char **copies = NULL;
	unsigned int n = 0, i;
	int ret;

	tsmb_os_mutex_lock(&srv->files_lock);
	if ((op->is_dir && open_below(srv, op)) ||
	    (target && find(bucket(srv, target->dev, target->ino), target->dev, target->ino)))
		st = TSMB_ERR(STATUS_ACCESS_DENIED);
	if (tsmb_st_ok(st))
		st = dirs_allow(srv, op, new_path);
	if (tsmb_st_ok(st)) {
		copies = path_copies(op, new_path, &n);
		if (!copies)
			st = TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	}
	if (tsmb_st_ok(st)) {
		ret = tsmb_os_file_rename(root, op->path, root, new_path, flags);
		if (ret)
			st = rename_error(ret);
		else
			set_paths(op, copies);
	}
	tsmb_os_mutex_unlock(&srv->files_lock);
	if (!tsmb_st_ok(st))
		for (i = 0; copies && i < n; i++)
			tsmb_os_free(copies[i]);
	tsmb_os_free(copies);
	return st;
}
