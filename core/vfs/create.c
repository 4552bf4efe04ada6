// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The file-system half of CREATE: [MS-SMB2] 3.3.5.9 and [MS-FSA] 2.1.5.1
 * (open of an existing file, creation of a new one) over the OS contract.
 *
 * The OS file is opened for reading or writing exactly as the access the
 * client asks for needs, so the kernel judges the data rights itself with
 * the session's credentials; the other rights (DELETE, attributes, the
 * tree's limits) are judged here from the mode bits. Nothing destructive
 * happens before the checks have passed: an overwrite truncates only once
 * share access has admitted the open, and a file this call created is
 * removed again if the open fails after all.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/lib/log.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/dispatch.h"
#include "core/tree/tree.h"
#include "core/vfs/access.h"
#include "core/vfs/create.h"
#include "core/vfs/ea.h"
#include "core/vfs/file_table.h"

/* [MS-FSCC] 2.4.26 FileModeInformation: the create options an open keeps */
#define MODE_FLAGS	(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | \
			 FILE_NO_INTERMEDIATE_BUFFERING | FILE_SYNCHRONOUS_IO_ALERT | \
			 FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE)

struct create_ctx {
	struct tsmb_req *req;
	const struct tsmb_create_args *a;
	struct tsmb_os_file *root;
	uint32_t want;		/* asked-for rights, generic ones mapped */
	bool max_allowed;	/* MAXIMUM_ALLOWED: grant what may be granted */
	bool ro;		/* read-only tree */
	bool read, write;	/* the OS file is open for reading, writing */
	bool is_dir;
	bool created;
	struct tsmb_os_file *f;
	struct tsmb_os_stat st;
};

static bool overwrites(uint32_t disposition)
{
	return disposition == FILE_SUPERSEDE || disposition == FILE_OVERWRITE ||
	       disposition == FILE_OVERWRITE_IF;
}

static bool creates(uint32_t disposition)
{
	return disposition != FILE_OPEN && disposition != FILE_OVERWRITE;
}

/* The directory the path is in (the share root for a top-level name). */
static int stat_parent(struct create_ctx *c, struct tsmb_os_stat *st)
{
	char *path = c->a->path, *slash = NULL, *p;
	int ret;

	for (p = path; *p; p++)
		if (*p == '/')
			slash = p;
	if (!slash)
		return tsmb_os_file_stat_at(c->root, "", st);
	*slash = '\0';
	ret = tsmb_os_file_stat_at(c->root, path, st);
	*slash = '/';
	return ret;
}

/* ENOENT and ENOTDIR name the last component, or one before it. */
static bool parent_missing(struct create_ctx *c)
{
	struct tsmb_os_stat st;

	return stat_parent(c, &st) || !TSMB_S_ISDIR(st.mode);
}

/*
 * The OS's error for the open, as Windows words it for the component that
 * failed. A symlink that leaves the share (EXDEV) and a symlink as the
 * last component (ELOOP: the contract never follows it) are refused with
 * STATUS_ACCESS_DENIED: Windows would answer STATUS_STOPPED_ON_SYMLINK
 * with a symbolic link error response for the client to resolve, and a
 * client resolving a link that leaves the share gets no further anyway.
 */
static struct tsmb_status open_error(struct create_ctx *c, int err)
{
	switch (-err) {
	case TSMB_ENOENT:
		if (parent_missing(c))
			return TSMB_ERR(STATUS_OBJECT_PATH_NOT_FOUND);
		/* on a read-only tree OPEN_IF may not create what is missing */
		if (c->ro && c->a->disposition == FILE_OPEN_IF)
			return TSMB_ERR(STATUS_ACCESS_DENIED);
		return TSMB_ERR(STATUS_OBJECT_NAME_NOT_FOUND);
	case TSMB_ENOTDIR:
		if (parent_missing(c))
			return TSMB_ERR(STATUS_OBJECT_PATH_NOT_FOUND);
		return TSMB_ERR(STATUS_NOT_A_DIRECTORY);
	case TSMB_EXDEV:
	case TSMB_ELOOP:
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	case TSMB_ENAMETOOLONG:
		/* a component longer than this file system takes */
		return TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
	default:
		return tsmb_status_born(tsmb_status_from_errno(err), __FILE__, __LINE__);
	}
}

/* 3.3.5.9 against the tree: its read-only state, its maximal access. */
static struct tsmb_status check_tree(struct create_ctx *c)
{
	const struct tsmb_create_args *a = c->a;
	struct tsmb_tree *t = c->req->tree;

	c->want = tsmb_access_map_generic(a->desired_access);
	c->max_allowed = c->want & MAXIMUM_ALLOWED;
	c->want &= ~MAXIMUM_ALLOWED;
	c->ro = t->read_only;
	if (c->want & ACCESS_SYSTEM_SECURITY) {
		/* SeSecurityPrivilege: only root holds it here */
		if (c->req->sess->ident.uid != 0)
			return TSMB_ERR(STATUS_PRIVILEGE_NOT_HELD);
		c->want &= ~ACCESS_SYSTEM_SECURITY;
	}
	/*
	 * A read-only share answers STATUS_ACCESS_DENIED, as Windows does for
	 * a share whose permissions allow reading only (not the
	 * STATUS_MEDIA_WRITE_PROTECTED of a read-only volume).
	 */
	if (c->ro && ((c->want & TSMB_ACCESS_WRITE_BITS) ||
		      (creates(a->disposition) && a->disposition != FILE_OPEN_IF) ||
		      overwrites(a->disposition)))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (c->want & ~t->max_access)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (!a->path[0]) {
		/* the share root: a directory that always exists */
		if (a->disposition == FILE_CREATE)
			return TSMB_ERR(STATUS_OBJECT_NAME_COLLISION);
		if ((a->options & FILE_NON_DIRECTORY_FILE) || overwrites(a->disposition))
			return TSMB_ERR(STATUS_FILE_IS_A_DIRECTORY);
	}
	return TSMB_ST(STATUS_SUCCESS);
}

static int try_open(struct create_ctx *c, bool dir, bool rd, bool wr)
{
	const struct tsmb_create_args *a = c->a;
	unsigned int fl = 0;
	uint32_t mode = dir ? TSMB_CREATE_MODE_DIR : TSMB_CREATE_MODE_FILE;
	int ret;

	if (a->disposition == FILE_CREATE)
		fl = TSMB_O_CREATE | TSMB_O_EXCL;
	else if (creates(a->disposition) && !c->ro)
		fl = TSMB_O_CREATE;
	if (a->attributes & FILE_ATTRIBUTE_READONLY)
		mode &= ~0222u;
	if (dir) {
		fl |= TSMB_O_DIRECTORY | ((fl & TSMB_O_CREATE) ? TSMB_O_MKDIR : 0);
		rd = wr = false;
	} else {
		if (a->options & FILE_NON_DIRECTORY_FILE)
			fl |= TSMB_O_NOTDIR;
		if (rd)
			fl |= TSMB_O_READ;
		/* 2.2.13: no intermediate buffering implies write-through */
		if (wr)
			fl |= TSMB_O_WRITE | ((a->options & (FILE_WRITE_THROUGH |
					FILE_NO_INTERMEDIATE_BUFFERING)) ? TSMB_O_SYNC : 0);
	}
	ret = tsmb_os_file_open(c->root, a->path, fl, mode, &c->f, &c->st, &c->created);
	if (!ret) {
		c->read = rd;
		c->write = wr;
	}
	return ret;
}

/*
 * Opens the OS file. Under MAXIMUM_ALLOWED the data rights the client did
 * not ask for outright are tried and dropped if the kernel refuses them;
 * an existing directory named without FILE_DIRECTORY_FILE is opened as one.
 */
static struct tsmb_status open_os(struct create_ctx *c)
{
	const struct tsmb_create_args *a = c->a;
	bool dir = (a->options & FILE_DIRECTORY_FILE) || !a->path[0];
	bool need_r = c->want & TSMB_ACCESS_READ_DATA;
	bool need_w = (c->want & TSMB_ACCESS_WRITE_DATA) || overwrites(a->disposition);
	bool opt_r = c->max_allowed && !need_r;
	bool opt_w = c->max_allowed && !need_w && !c->ro;
	int ret;

	for (;;) {
		ret = try_open(c, dir, need_r || opt_r, need_w || opt_w);
		if (ret == -TSMB_EACCES && !dir && (opt_w || opt_r)) {
			if (opt_w)
				opt_w = false;
			else
				opt_r = false;
			continue;
		}
		if (ret == -TSMB_EISDIR && !dir && !(a->options & FILE_NON_DIRECTORY_FILE) &&
		    (a->disposition == FILE_OPEN || a->disposition == FILE_OPEN_IF)) {
			dir = true;
			continue;
		}
		break;
	}
	if (ret)
		return open_error(c, ret);
	c->is_dir = TSMB_S_ISDIR(c->st.mode);
	if (!c->is_dir && !TSMB_S_ISREG(c->st.mode)) {
		/* devices, FIFOs, sockets: nothing a Windows client can use */
		tsmb_os_file_close(c->f);
		c->f = NULL;
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	}
	return TSMB_ST(STATUS_SUCCESS);
}

/* What may be granted; fails if something asked for outright may not. */
static struct tsmb_status grant(struct create_ctx *c, uint32_t *granted, uint32_t *maximal)
{
	struct tsmb_tree *t = c->req->tree;
	struct tsmb_os_stat parent;
	uint32_t allowed, est;

	if (c->created) {
		/* the creator may do anything with what it has just made */
		est = FILE_ALL_ACCESS;
	} else {
		bool have_parent = c->a->path[0] && !stat_parent(c, &parent);

		est = tsmb_access_allowed(&c->req->sess->ident, &c->st,
					  have_parent ? &parent : NULL);
	}
	allowed = est;
	if (!c->is_dir) {
		/* the kernel's word on the data, not the mode bits' estimate */
		allowed &= ~(TSMB_ACCESS_READ_DATA | TSMB_ACCESS_WRITE_DATA);
		if (c->read)
			allowed |= TSMB_ACCESS_READ_DATA;
		if (c->write)
			allowed |= TSMB_ACCESS_WRITE_DATA;
		/* [MS-FSA] 2.1.5.1.2.1: a read-only file is not written, even by root */
		if (!c->created && !(c->st.mode & 0222))
			allowed &= ~TSMB_ACCESS_WRITE_DATA;
	}
	allowed &= t->max_access;
	if (c->ro)
		allowed &= ~TSMB_ACCESS_WRITE_BITS;
	*maximal = allowed;
	if (c->want & ~allowed)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (!c->created && !c->is_dir && !(c->st.mode & 0222) && overwrites(c->a->disposition))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	*granted = c->max_allowed ? allowed : c->want;
	return TSMB_ST(STATUS_SUCCESS);
}

/* [MS-FSA] 2.1.5.1: FILE_DELETE_ON_CLOSE needs DELETE and a deletable file. */
static struct tsmb_status check_delete_on_close(struct create_ctx *c, uint32_t granted)
{
	if (!(c->a->options & FILE_DELETE_ON_CLOSE))
		return TSMB_ST(STATUS_SUCCESS);
	if (!c->a->path[0])
		return TSMB_ERR(STATUS_CANNOT_DELETE);
	if (!(granted & DELETE))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (!(c->st.mode & 0222))
		return TSMB_ERR(STATUS_CANNOT_DELETE);
	return TSMB_ST(STATUS_SUCCESS);
}

static void free_open(struct tsmb_open *op)
{
	tsmb_os_free(op->path);
	tsmb_os_free(op);
}

/* The open, with its FileId, admitted by every other open of the file. */
static struct tsmb_status make_open(struct create_ctx *c, uint32_t granted,
				    struct tsmb_open **out)
{
	struct tsmb_req *req = c->req;
	struct tsmb_status st;
	struct tsmb_open *op;
	int ret;

	op = tsmb_os_zalloc(sizeof(*op));
	if (!op)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	op->path = tsmb_path_dup(c->a->path);
	if (!op->path) {
		free_open(op);
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	}
	op->conn = req->conn;
	op->sess = req->sess;
	op->tree = req->tree;
	tsmb_list_init(&op->tree_node);
	tsmb_list_init(&op->file_node);
	op->f = c->f;
	op->access = granted;
	op->share_access = c->a->share_access;
	op->create_options = c->a->options;
	op->mode = c->a->options & MODE_FLAGS;
	op->is_dir = c->is_dir;
	op->delete_on_close = c->a->options & FILE_DELETE_ON_CLOSE;
	ret = tsmb_idmap_add(&req->conn->opens, op, &op->id);
	if (ret) {
		free_open(op);
		return ret == -TSMB_EMFILE ? TSMB_ERR(STATUS_TOO_MANY_OPENED_FILES) :
					     TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	}
	c->a->oplock->overwrite = overwrites(c->a->disposition);
	st = tsmb_file_attach(req->conn->srv, op, c->st.dev, c->st.ino, c->is_dir, c->a->oplock);
	if (!tsmb_st_ok(st)) {
		tsmb_idmap_remove(&req->conn->opens, op->id);
		free_open(op);
		return st;
	}
	*out = op;
	return st;
}

/* Takes back an open that make_open() made, before anyone has seen it. */
static void unmake_open(struct create_ctx *c, struct tsmb_open *op)
{
	struct tsmb_file *doomed;

	op->delete_on_close = false;
	doomed = tsmb_file_detach(c->req->conn->srv, op);
	/*
	 * Not a last open with delete pending in practice: attach refused a
	 * pending file, and marking it takes another open, which stays.
	 */
	if (doomed)
		tsmb_file_release(c->req->conn->srv, doomed);
	tsmb_idmap_remove(&c->req->conn->opens, op->id);
	free_open(op);
}

/* The disposition's work on an admitted open, and the new file's attributes. */
static struct tsmb_status settle(struct create_ctx *c, uint32_t *action)
{
	const struct tsmb_create_args *a = c->a;
	bool changed = false;
	struct tsmb_status st;
	int ret = 0;

	/*
	 * [MS-FSA] 2.1.5.1: the EAs of a new or overwritten file; before the
	 * truncation, so that a list the file refuses leaves the data alone
	 */
	if (a->ea_len && (c->created || overwrites(a->disposition))) {
		st = tsmb_ea_set(c->f, a->ea, a->ea_len);
		/*
		 * A malformed list is a malformed context to CREATE, as Samba
		 * answers it: EA_LIST_INCONSISTENT and INVALID_EA_NAME are
		 * warnings, which an error response cannot carry.
		 */
		if (!tsmb_st_ok(st) && !tsmb_st_is_error(st))
			st = TSMB_ERR(STATUS_INVALID_PARAMETER);
		if (!tsmb_st_ok(st))
			return st;
		changed = true;
	}
	if (c->created) {
		*action = FILE_CREATED;
	} else if (overwrites(a->disposition)) {
		*action = a->disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
		ret = tsmb_os_file_truncate(c->f, 0);
		changed = true;
		/* 2.1.5.1.2.1: the overwritten file takes the attributes asked for */
		if (!ret && (a->attributes & FILE_ATTRIBUTE_READONLY))
			ret = tsmb_os_file_chmod(c->f, c->st.mode & 07777 & ~0222u);
	} else {
		*action = FILE_OPENED;
		return TSMB_ST(STATUS_SUCCESS);
	}
	if (!ret && a->allocation_size && !c->is_dir) {
		/* AlSi reserves space; a file system that cannot is no error */
		ret = tsmb_os_file_allocate(c->f, a->allocation_size);
		if (ret == -TSMB_EOPNOTSUPP)
			ret = 0;
		changed = true;
	}
	if (!ret && changed)
		ret = tsmb_os_file_stat(c->f, &c->st);
	if (ret)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	return TSMB_ST(STATUS_SUCCESS);
}

/* A failed create leaves nothing: not the OS handle, not a file it made. */
static void undo(struct create_ctx *c)
{
	int ret;

	if (!c->f)
		return;
	if (c->created) {
		ret = c->is_dir ? tsmb_os_file_rmdir(c->root, c->a->path) :
				  tsmb_os_file_unlink(c->root, c->a->path);
		if (ret)
			tsmb_warn("cannot remove %s after a failed create: error %d",
				  c->a->path, -ret);
	}
	tsmb_os_file_close(c->f);
	c->f = NULL;
}

struct tsmb_status tsmb_vfs_create(struct tsmb_req *req, const struct tsmb_create_args *a,
				   struct tsmb_create_result *res)
{
	struct create_ctx c;
	struct tsmb_status st;
	uint32_t granted = 0;

	tsmb_memset(&c, 0, sizeof(c));
	tsmb_memset(res, 0, sizeof(*res));
	c.req = req;
	c.a = a;
	c.root = req->tree->share->root;
	st = check_tree(&c);
	if (tsmb_st_ok(st))
		st = open_os(&c);
	if (!tsmb_st_ok(st))
		return st;
	st = grant(&c, &granted, &res->maximal_access);
	if (tsmb_st_ok(st))
		st = check_delete_on_close(&c, granted);
	if (tsmb_st_ok(st))
		st = make_open(&c, granted, &res->op);
	if (tsmb_st_ok(st)) {
		st = settle(&c, &res->action);
		if (!tsmb_st_ok(st)) {
			unmake_open(&c, res->op);
			res->op = NULL;
		}
	}
	if (!tsmb_st_ok(st)) {
		undo(&c);
		return st;
	}
	req->tree->nr_opens++;
	res->st = c.st;
	return st;
}
