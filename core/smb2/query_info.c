// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.20 Receiving an SMB2 QUERY_INFO Request: file
 * (3.3.5.20.1), file system (3.3.5.20.2) and security (3.3.5.20.3)
 * information; quotas are not kept. Named pipes answer their own classes
 * (core/vfs/pipe.h).
 */
#include <tsmb/os/mem.h>

#include "core/server_priv.h"
#include "core/smb2/dispatch.h"
#include "core/smb2/io_limits.h"
#include "core/smb2/out_buf.h"
#include "core/tree/tree.h"
#include "core/vfs/attr.h"
#include "core/vfs/ea.h"
#include "core/vfs/info_file.h"
#include "core/vfs/info_fs.h"
#include "core/vfs/open.h"
#include "core/vfs/pipe.h"
#include "core/vfs/security.h"
#include "core/wire/fscc.h"
#include "core/wire/query_info.h"

/* Enough for any file class: FileAllInformation with a TSMB_PATH_MAX path. */
#define FILE_INFO_CAP	(TSMB_FILE_ALL_FIXED + 2 + 2 * TSMB_PATH_MAX)
#define FS_INFO_CAP	1024u
/* An EA list is answered whole or not at all (core/vfs/ea.h); bounded here. */
#define EA_INFO_CAP	(256u * 1024)
/*
 * Each kind of query keeps its scratch in its own frame rather than all of
 * them in the handler's (the kernel's noinline_for_stack): inlined
 * together they pass the 1 KiB frame budget in sanitizer builds.
 */
#define NOINLINE_FOR_STACK	__attribute__((__noinline__))

/* tsmb_dos_attrs() tells a dot-file by the first three bytes of its name. */
#define LAST_PREFIX	3u

/*
 * What other connections may change under the file table's lock: the
 * delete-pending flag and the open's path (by a rename). The path is
 * copied whole into path (TSMB_PATH_MAX + 1) or, without one, only the
 * start of its last component into last (LAST_PREFIX + 1).
 */
static void snapshot(struct tsmb_req *req, struct tsmb_open *op, char *path, char *last,
		     bool *pending)
{
	struct tsmb_server *srv = req->conn->srv;
	size_t n, max = path ? TSMB_PATH_MAX : LAST_PREFIX;
	char *dst = path ? path : last;
	const char *src;

	tsmb_os_mutex_lock(&srv->files_lock);
	*pending = op->file && op->file->delete_pending;
	src = path ? op->path : tsmb_path_last(op->path);
	for (n = 0; src[n] && n < max; n++)
		dst[n] = src[n];
	dst[n] = '\0';
	tsmb_os_mutex_unlock(&srv->files_lock);
}

static bool wants_name(uint8_t cls)
{
	return cls == FILE_ALL_INFORMATION || cls == FILE_NAME_INFORMATION ||
	       cls == FILE_NORMALIZED_NAME_INFORMATION;
}

static bool wants_ea_size(uint8_t cls)
{
	return cls == FILE_ALL_INFORMATION || cls == FILE_EA_INFORMATION;
}

static struct tsmb_status encode_file(struct tsmb_req *req, struct tsmb_open *op,
				      const struct tsmb_query_info_req *q, struct tsmb_finfo *fi,
				      char *path)
{
	char last[LAST_PREFIX + 1];
	struct tsmb_status st;
	struct tsmb_out o;
	size_t len;
	int err;

	err = tsmb_os_file_stat(op->f, &fi->st);
	if (err)
		return tsmb_status_from_errno(err);
	snapshot(req, op, path, last, &fi->delete_pending);
	fi->path = path ? path : last;
	fi->attrs = tsmb_dos_attrs(&fi->st, path ? tsmb_path_last(path) : last);
	fi->access = op->access;
	fi->mode = op->mode;
	fi->position = op->position;
	fi->volume_serial = tsmb_fs_serial(op->tree->share->name, op->tree->share->name_len);
	if (wants_ea_size(q->info_class)) {
		st = tsmb_ea_size(op->f, &fi->ea_size);
		if (!tsmb_st_ok(st))
			return st;
	}
	st = tsmb_out_begin(req, TSMB_MIN((size_t)q->out_len, (size_t)FILE_INFO_CAP), &o);
	if (!tsmb_st_ok(st))
		return st;
	st = tsmb_file_info_encode(q->info_class, fi, req->conn->dialect, o.buf, o.cap, &len);
	if (tsmb_st_is_error(st)) {
		tsmb_out_abort(req, &o);
		return st;
	}
	tsmb_out_finish(req, &o, len, tsmb_query_info_rsp_encode);
	return st;
}

/* [MS-FSA] 2.1.5.12.12: the whole EA list, or the EAs the input buffer names. */
static struct tsmb_status query_ea(struct tsmb_req *req, struct tsmb_open *op,
				   const struct tsmb_query_info_req *q)
{
	struct tsmb_status st;
	struct tsmb_out o;
	size_t len;

	st = tsmb_out_begin(req, TSMB_MIN((size_t)q->out_len, (size_t)EA_INFO_CAP), &o);
	if (!tsmb_st_ok(st))
		return st;
	st = tsmb_ea_query(op->f, q->in, q->in_len, q->flags & SL_RETURN_SINGLE_ENTRY, o.buf,
			   o.cap, &len);
	if (!tsmb_st_ok(st)) {
		tsmb_out_abort(req, &o);
		return tsmb_st_is_error(st) ? st : tsmb_rsp_fail(req, o.start, st);
	}
	tsmb_out_finish(req, &o, len, tsmb_query_info_rsp_encode);
	return st;
}

/* 3.3.5.20.1 */
static NOINLINE_FOR_STACK struct tsmb_status query_file(struct tsmb_req *req, struct tsmb_open *op,
				     const struct tsmb_query_info_req *q)
{
	uint32_t need = tsmb_file_info_access(q->info_class);
	struct tsmb_status st;
	struct tsmb_finfo fi;
	char *path = NULL;

	if (need & ~op->access)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (q->info_class == FILE_FULL_EA_INFORMATION)
		return query_ea(req, op, q);
	tsmb_memset(&fi, 0, sizeof(fi));
	if (wants_name(q->info_class)) {
		path = tsmb_os_alloc(TSMB_PATH_MAX + 1);
		if (!path)
			return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	}
	st = encode_file(req, op, q, &fi, path);
	tsmb_os_free(path);
	return st;
}

/* 3.3.5.20.2: about the share's volume; no access is needed. */
static NOINLINE_FOR_STACK struct tsmb_status query_fs(struct tsmb_req *req, struct tsmb_open *op,
				   const struct tsmb_query_info_req *q)
{
	const struct tsmb_share *share = op->tree->share;
	struct tsmb_os_stat root;
	struct tsmb_fsinfo fi;
	struct tsmb_status st;
	struct tsmb_out o;
	size_t len;
	int err;

	tsmb_memset(&fi, 0, sizeof(fi));
	err = tsmb_os_file_statfs(op->f, &fi.sfs);
	if (!err)
		err = tsmb_os_file_stat(share->root, &root);
	if (err)
		return tsmb_status_from_errno(err);
	fi.label = share->name;
	fi.label_len = share->name_len;
	fi.serial = tsmb_fs_serial(share->name, share->name_len);
	fi.created = tsmb_nt_time_from_ns(root.btime);
	fi.read_only = op->tree->read_only;
	st = tsmb_out_begin(req, TSMB_MIN((size_t)q->out_len, (size_t)FS_INFO_CAP), &o);
	if (!tsmb_st_ok(st))
		return st;
	st = tsmb_fs_info_encode(q->info_class, &fi, o.buf, o.cap, &len);
	if (tsmb_st_is_error(st)) {
		tsmb_out_abort(req, &o);
		return st;
	}
	tsmb_out_finish(req, &o, len, tsmb_query_info_rsp_encode);
	return st;
}

/*
 * 3.3.5.20.3 and [MS-FSA] 2.1.5.13: owner, group and DACL need
 * READ_CONTROL, the SACL ACCESS_SYSTEM_SECURITY (there is none to give).
 */
static NOINLINE_FOR_STACK struct tsmb_status query_security(struct tsmb_req *req,
							    struct tsmb_open *op,
							    const struct tsmb_query_info_req *q)
{
	const uint32_t rc = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
			    DACL_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION;
	struct tsmb_os_stat stat;
	struct tsmb_status st;
	struct tsmb_out o;
	size_t need;
	int err;

	if (((q->addl_info & rc) && !(op->access & READ_CONTROL)) ||
	    ((q->addl_info & SACL_SECURITY_INFORMATION) && !(op->access & ACCESS_SYSTEM_SECURITY)))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	err = tsmb_os_file_stat(op->f, &stat);
	if (err)
		return tsmb_status_from_errno(err);
	need = tsmb_sd_build(q->addl_info, &stat, NULL, 0);
	/*
	 * Never a part of a descriptor: BUFFER_TOO_SMALL, with the size needed
	 * in the ERROR body (3.3.5.20.3); Windows asks with 0 bytes first.
	 */
	if (need > q->out_len) {
		tsmb_put_le32(req->err_data, (uint32_t)need);
		req->err_data_len = 4;
		return TSMB_ERR(STATUS_BUFFER_TOO_SMALL);
	}
	st = tsmb_out_begin(req, need, &o);
	if (!tsmb_st_ok(st))
		return st;
	(void)tsmb_sd_build(q->addl_info, &stat, o.buf, o.cap);
	tsmb_out_finish(req, &o, need, tsmb_query_info_rsp_encode);
	return TSMB_ST(STATUS_SUCCESS);
}

/*
 * A named pipe has a few file classes of its own ([MS-FSCC] 2.4.33,
 * 2.4.34) and FileBasic/FileStandardInformation as Windows gives them; no
 * file system, no security descriptor here.
 */
static NOINLINE_FOR_STACK struct tsmb_status query_pipe(struct tsmb_req *req, struct tsmb_open *op,
							const struct tsmb_query_info_req *q)
{
	uint8_t buf[64];
	struct tsmb_status st;
	struct tsmb_out o;
	size_t len = 0;

	if (q->info_type != SMB2_0_INFO_FILE)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	if (tsmb_file_info_access(q->info_class) & ~op->access)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	st = tsmb_pipe_query_file(op, q->info_class, buf,
				  TSMB_MIN((size_t)q->out_len, sizeof(buf)), &len);
	if (!tsmb_st_ok(st))
		return st;
	st = tsmb_out_begin(req, len, &o);
	if (!tsmb_st_ok(st))
		return st;
	tsmb_memcpy(o.buf, buf, len);
	tsmb_out_finish(req, &o, len, tsmb_query_info_rsp_encode);
	return st;
}

struct tsmb_status tsmb_smb2_query_info(struct tsmb_req *req)
{
	struct tsmb_query_info_req q;
	struct tsmb_status st;
	struct tsmb_open *op;

	st = tsmb_query_info_req_decode(req->msg, req->len, &q);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_open_lookup(req, q.persistent, q.volatile_id);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	/* MaxTransactSize is what NEGOTIATE announced for reads (io_limits.h) */
	if (q.out_len > tsmb_conn_max_io(req->conn) ||
	    !tsmb_charge_covers(req, TSMB_MAX(q.out_len, q.in_len)))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (op->is_pipe)
		return query_pipe(req, op, &q);
	switch (q.info_type) {
	case SMB2_0_INFO_FILE:
		return query_file(req, op, &q);
	case SMB2_0_INFO_FILESYSTEM:
		return query_fs(req, op, &q);
	case SMB2_0_INFO_SECURITY:
		return query_security(req, op, &q);
	case SMB2_0_INFO_QUOTA:
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	default:
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	}
}
