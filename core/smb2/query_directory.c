// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.18 Receiving an SMB2 QUERY_DIRECTORY Request, with the
 * enumeration of [MS-FSA] 2.1.5.6.3: "." and ".." first, then the entries
 * the OS lists, those that match the search pattern; the position is kept
 * in the open, so a listing of any size goes on across requests.
 *
 * Each request works in two passes (core/vfs/dir_info.h): while the OS
 * lists, matching names are reserved in the output buffer, and an entry
 * that does not fit stays unconsumed for the next request; after the
 * listing each reserved entry is completed from a stat, or dropped if the
 * file vanished or is neither a file nor a directory (symbolic links,
 * devices: nothing a client could open).
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/lib/utf16.h"
#include "core/server_priv.h"
#include "core/smb2/dispatch.h"
#include "core/smb2/io_limits.h"
#include "core/smb2/out_buf.h"
#include "core/tree/tree.h"
#include "core/vfs/attr.h"
#include "core/vfs/dir_info.h"
#include "core/vfs/open.h"
#include "core/vfs/wildcard.h"
#include "core/wire/fscc.h"
#include "core/wire/query_directory.h"

/* Linux's NAME_MAX: the longest name the OS lists, bytes of UTF-8. */
#define NAME_MAX_BYTES	255u

struct qd_ctx {
	struct tsmb_dir_buf d;
	const char *pattern;
	size_t plen;
	bool single;		/* SMB2_RETURN_SINGLE_ENTRY */
	bool enough;		/* refuse the next entry: single, or cut short */
	bool stopped;		/* an entry was refused: the listing goes on later */
	size_t partial_len;
	char partial[NAME_MAX_BYTES + 1];	/* the whole name of a cut entry */
	char name[3 * NAME_MAX_BYTES + 1];	/* a reserved entry's name, back in UTF-8 */
	char pat[TSMB_PATTERN_MAX + 1];
	char path[TSMB_PATH_MAX + 1];		/* the directory's path, for ".." */
};

static bool is_dots(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* A '\' in a POSIX name would read as a path separator to the client. */
static bool listable(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] == '\\')
			return false;
	return len <= NAME_MAX_BYTES;
}

/* Reserves name if it matches; false when the buffer is full (not consumed). */
static bool offer(struct qd_ctx *c, const char *name, size_t len)
{
	if (!tsmb_wildcard_match(c->pattern, c->plen, name, len))
		return true;
	switch (tsmb_dir_buf_reserve(&c->d, name, len)) {
	case TSMB_DIR_FULL:
		return false;
	case TSMB_DIR_BADNAME:
		return true;
	case TSMB_DIR_ADDED:
		break;
	}
	if (c->d.truncated) {
		tsmb_memcpy(c->partial, name, len);
		c->partial_len = len;
	}
	if (c->single || c->d.truncated)
		c->enough = true;
	return true;
}

/* tsmb_os_dir_fn: nothing here may ask the OS about the directory. */
static int qd_entry(void *arg, const char *name, size_t len, uint64_t ino, uint32_t type)
{
	struct qd_ctx *c = arg;

	if (c->enough) {
		c->stopped = true;
		return 1;
	}
	if (is_dots(name, len) || !listable(name, len))
		return 0;
	if (type && type != TSMB_S_IFREG && type != TSMB_S_IFDIR)
		return 0;
	if (!offer(c, name, len)) {
		c->stopped = true;
		return 1;
	}
	return 0;
}

/* Pass one: "." and "..", then the OS's entries from the saved position. */
static struct tsmb_status reserve(struct tsmb_open *op, struct qd_ctx *c)
{
	int err;

	if (!op->dir_dot_done) {
		(void)offer(c, ".", 1);
		op->dir_dot_done = true;
	}
	if (!op->dir_dotdot_done && !c->enough) {
		if (!offer(c, "..", 2))
			return TSMB_ST(STATUS_SUCCESS);
		op->dir_dotdot_done = true;
	}
	if (op->dir_done || !op->dir_dotdot_done || c->enough)
		return TSMB_ST(STATUS_SUCCESS);
	c->stopped = false;
	err = tsmb_os_dir_iterate(op->f, &op->dir_pos, qd_entry, c);
	if (err < 0)
		return tsmb_status_from_errno(err);
	if (!c->stopped)
		op->dir_done = true;
	return TSMB_ST(STATUS_SUCCESS);
}

/* The attributes of a reserved entry: the directory, its parent, or an entry in it. */
static int stat_entry(struct tsmb_open *op, struct qd_ctx *c, const char *name,
		      struct tsmb_os_stat *st)
{
	const char *last;
	size_t plen;
	int err;

	if (name[0] == '.' && !name[1])
		return tsmb_os_file_stat(op->f, st);
	if (name[0] == '.' && name[1] == '.' && !name[2]) {
		/* the share's root is its own parent: nothing above it is shown */
		if (!c->path[0])
			return tsmb_os_file_stat(op->f, st);
		last = tsmb_path_last(c->path);
		if (last == c->path)
			return tsmb_os_file_stat_at(op->tree->share->root, "", st);
		plen = (size_t)(last - c->path) - 1;
		c->path[plen] = '\0';
		err = tsmb_os_file_stat_at(op->tree->share->root, c->path, st);
		c->path[plen] = '/';
		return err;
	}
	err = tsmb_os_file_stat_at(op->f, name, st);
	if (!err && !TSMB_S_ISREG(st->mode) && !TSMB_S_ISDIR(st->mode))
		err = -TSMB_ENOENT;
	return err;
}

/* Pass two: every reserved entry completed or dropped. */
static void qd_complete(struct tsmb_open *op, struct qd_ctx *c)
{
	struct tsmb_dir_walk w;
	struct tsmb_os_stat st;
	const uint8_t *u16;
	const char *name;
	size_t off, len, n;

	tsmb_dir_walk_start(&c->d, &w);
	while (tsmb_dir_walk_next(&c->d, &w, &off)) {
		if (c->d.truncated) {
			c->partial[c->partial_len] = '\0';
			name = c->partial;
		} else {
			u16 = tsmb_dir_entry_name(&c->d, off, &len);
			if (tsmb_utf16_to_utf8(u16, len, c->name, sizeof(c->name), &n))
				continue;
			name = c->name;
		}
		if (stat_entry(op, c, name, &st))
			continue;
		off = tsmb_dir_buf_keep(&c->d, off);
		tsmb_dir_entry_fill(&c->d, off, &st, tsmb_dos_attrs(&st, name));
	}
}

/* [MS-FSA] 2.1.5.6.3: the pattern is set by the first query, or by a restart naming one. */
static struct tsmb_status set_pattern(struct tsmb_open *op, const struct tsmb_query_dir_req *q,
				      struct qd_ctx *c, bool *first)
{
	size_t n = 0;
	char *p;

	if (q->pattern_len &&
	    tsmb_utf16_to_utf8(q->pattern, q->pattern_len, c->pat, sizeof(c->pat), &n))
		return TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
	if (q->flags & SMB2_REOPEN) {
		tsmb_os_free(op->dir_pattern);
		op->dir_pattern = NULL;
	}
	*first = !op->dir_pattern;
	if (*first || (n && (q->flags & SMB2_RESTART_SCANS))) {
		if (!n)
			c->pat[n++] = '*';
		c->pat[n] = '\0';
		p = tsmb_os_alloc(n + 1);
		if (!p)
			return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
		tsmb_memcpy(p, c->pat, n + 1);
		tsmb_os_free(op->dir_pattern);
		op->dir_pattern = p;
	}
	if (*first || (q->flags & (SMB2_RESTART_SCANS | SMB2_REOPEN))) {
		op->dir_pos = 0;
		op->dir_done = false;
		op->dir_dot_done = false;
		op->dir_dotdot_done = false;
	}
	c->pattern = op->dir_pattern;
	for (c->plen = 0; c->pattern[c->plen]; c->plen++)
		;
	return TSMB_ST(STATUS_SUCCESS);
}

static void copy_path(struct tsmb_req *req, struct tsmb_open *op, struct qd_ctx *c)
{
	struct tsmb_server *srv = req->conn->srv;
	size_t n;

	/* another connection's rename rewrites op->path under the table's lock */
	tsmb_os_mutex_lock(&srv->files_lock);
	for (n = 0; op->path[n] && n < TSMB_PATH_MAX; n++)
		c->path[n] = op->path[n];
	c->path[n] = '\0';
	tsmb_os_mutex_unlock(&srv->files_lock);
}

static struct tsmb_status list(struct tsmb_req *req, struct tsmb_open *op,
			       const struct tsmb_query_dir_req *q, struct qd_ctx *c)
{
	size_t cap = TSMB_MIN((size_t)q->out_len, (size_t)tsmb_conn_max_io(req->conn));
	struct tsmb_status st;
	struct tsmb_out o;
	bool first = false;

	st = set_pattern(op, q, c, &first);
	if (!tsmb_st_ok(st))
		return st;
	if (!op->dir_dotdot_done)
		copy_path(req, op, c);
	c->single = q->flags & SMB2_RETURN_SINGLE_ENTRY;
	st = tsmb_out_begin(req, cap, &o);
	if (!tsmb_st_ok(st))
		return st;
	tsmb_dir_buf_init(&c->d, q->info_class, o.buf, o.cap);
	/* when every entry found vanished, go on while the listing has more */
	for (;;) {
		c->enough = false;
		st = reserve(op, c);
		if (!tsmb_st_ok(st))
			break;
		qd_complete(op, c);
		if (c->d.count || op->dir_done)
			break;
		c->d.truncated = false;
	}
	if (tsmb_st_ok(st) && !c->d.count)
		st = first ? TSMB_ERR(STATUS_NO_SUCH_FILE) : TSMB_ERR(STATUS_NO_MORE_FILES);
	if (!tsmb_st_ok(st)) {
		tsmb_out_abort(req, &o);
		return tsmb_st_is_error(st) ? st : tsmb_rsp_fail(req, o.start, st);
	}
	tsmb_out_finish(req, &o, c->d.end, tsmb_query_dir_rsp_encode);
	return c->d.truncated ? TSMB_ST(STATUS_BUFFER_OVERFLOW) : TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_smb2_query_directory(struct tsmb_req *req)
{
	struct tsmb_query_dir_req q;
	struct tsmb_status st;
	struct tsmb_open *op;
	struct qd_ctx *c;
	size_t fixed;

	st = tsmb_query_dir_req_decode(req->msg, req->len, &q);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_open_lookup(req, q.persistent, q.volatile_id);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	if (!op->is_dir)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (q.out_len > tsmb_conn_max_io(req->conn) || !tsmb_charge_covers(req, q.out_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!(op->access & FILE_READ_DATA))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	fixed = tsmb_dir_info_fixed(q.info_class);
	if (!fixed)
		return TSMB_ERR(STATUS_INVALID_INFO_CLASS);
	if (q.out_len < fixed)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	c = tsmb_os_zalloc(sizeof(*c));
	if (!c)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	st = list(req, op, &q, c);
	tsmb_os_free(c);
	return st;
}
