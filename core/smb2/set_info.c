// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-SMB2] 3.3.5.21 Receiving an SMB2 SET_INFO Request, with the file
 * information classes of 2.2.39 as [MS-FSA] 2.1.5.14 applies them. File
 * system information, security descriptors and quotas cannot be set.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/server_priv.h"
#include "core/smb2/dispatch.h"
#include "core/smb2/out_buf.h"
#include "core/tree/tree.h"
#include "core/vfs/attr.h"
#include "core/vfs/ea.h"
#include "core/vfs/open.h"
#include "core/vfs/oplock.h"
#include "core/vfs/pipe.h"
#include "core/wire/fscc.h"
#include "core/wire/query_info.h"
#include "core/wire/set_info.h"

/* FileModeInformation bits a client may set ([MS-FSA] 2.1.5.14.8). */
#define MODE_SYNC	(FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)
#define MODE_VALID	(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | \
			 FILE_NO_INTERMEDIATE_BUFFERING | MODE_SYNC)

/* [MS-FSCC] 2.4: the classes whose "Uses" include Set. */
static bool settable(uint8_t cls)
{
	switch (cls) {
	case FILE_BASIC_INFORMATION:
	case FILE_RENAME_INFORMATION:
	case FILE_LINK_INFORMATION:
	case FILE_DISPOSITION_INFORMATION:
	case FILE_POSITION_INFORMATION:
	case FILE_FULL_EA_INFORMATION:
	case FILE_MODE_INFORMATION:
	case FILE_ALLOCATION_INFORMATION:
	case FILE_END_OF_FILE_INFORMATION:
	case FILE_PIPE_INFORMATION:
	case FILE_VALID_DATA_LENGTH_INFORMATION:
	case 40:	/* FileShortNameInformation */
	case FILE_DISPOSITION_INFORMATION_EX:
	case FILE_RENAME_INFORMATION_EX:
		return true;
	default:
		return false;
	}
}

/* Classes that change the file: refused on a read-only tree. */
static bool modifies(uint8_t cls)
{
	return cls != FILE_POSITION_INFORMATION && cls != FILE_MODE_INFORMATION;
}

static struct tsmb_status errno_st(int err)
{
	return tsmb_status_from_errno(err);
}

/*
 * FILE_ATTRIBUTE_READONLY is the absence of every write bit (attr.c):
 * setting it takes them away, clearing it gives the owner one back.
 * Directories ignore it, as Windows does (there it only marks folders
 * Explorer customises).
 */
static int set_readonly(struct tsmb_open *op, bool ro)
{
	struct tsmb_os_stat st;
	uint32_t mode;
	int err;

	if (op->is_dir)
		return 0;
	err = tsmb_os_file_stat(op->f, &st);
	if (err)
		return err;
	if (ro == !(st.mode & 0222))
		return 0;
	mode = st.mode & 07777;
	mode = ro ? mode & ~0222u : mode | 0200u;
	return tsmb_os_file_chmod(op->f, mode);
}

/*
 * [MS-FSA] 2.1.5.14.2: times of 0 (and -1, -2: the "stop/resume updating"
 * requests, which are not kept) leave a time as it is; creation and change
 * times cannot be set on a POSIX file and are accepted and dropped. Of
 * the attributes only READONLY has a home in the mode; the rest are
 * accepted as Samba does without "store dos attributes".
 */
static struct tsmb_status set_basic(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	struct tsmb_basic_info bi;
	struct tsmb_status st;
	int64_t atime, mtime;
	int err = 0;

	st = tsmb_basic_info_decode(buf, len, &bi);
	if (!tsmb_st_ok(st))
		return st;
	if (!(op->access & FILE_WRITE_ATTRIBUTES))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (((bi.attrs & FILE_ATTRIBUTE_DIRECTORY) && !op->is_dir) ||
	    ((bi.attrs & FILE_ATTRIBUTE_TEMPORARY) && op->is_dir))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	atime = tsmb_ns_from_nt_time((uint64_t)bi.last_access);
	mtime = tsmb_ns_from_nt_time((uint64_t)bi.last_write);
	if (atime != TSMB_TIME_OMIT || mtime != TSMB_TIME_OMIT)
		err = tsmb_os_file_set_times(op->f, atime, mtime);
	if (!err && bi.attrs)
		err = set_readonly(op, bi.attrs & FILE_ATTRIBUTE_READONLY);
	return err ? errno_st(err) : TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status read_u64(const uint8_t *buf, size_t len, uint64_t *v)
{
	if (len < 8)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	*v = tsmb_get_le64(buf);
	if (*v > 0x7fffffffffffffffULL)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

/* [MS-FSA] 2.1.5.14.4 FileEndOfFileInformation */
static struct tsmb_status set_eof(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	struct tsmb_status st;
	uint64_t size;
	int err;

	st = read_u64(buf, len, &size);
	if (!tsmb_st_ok(st))
		return st;
	if (!(op->access & FILE_WRITE_DATA))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (op->is_dir)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	err = tsmb_os_file_truncate(op->f, size);
	return err ? errno_st(err) : TSMB_ST(STATUS_SUCCESS);
}

/*
 * [MS-FSA] 2.1.5.14.1 FileAllocationInformation: an allocation below the
 * end of file truncates the file to it; above, space is reserved where
 * the file system can (and the request succeeds where it cannot).
 */
static struct tsmb_status set_allocation(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	struct tsmb_os_stat stat;
	struct tsmb_status st;
	uint64_t size;
	int err;

	st = read_u64(buf, len, &size);
	if (!tsmb_st_ok(st))
		return st;
	if (!(op->access & FILE_WRITE_DATA))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (op->is_dir)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	err = tsmb_os_file_stat(op->f, &stat);
	if (!err && size < stat.size)
		err = tsmb_os_file_truncate(op->f, size);
	else if (!err && size > stat.alloc) {
		err = tsmb_os_file_allocate(op->f, size);
		if (err == -TSMB_EOPNOTSUPP)
			err = 0;
	}
	return err ? errno_st(err) : TSMB_ST(STATUS_SUCCESS);
}

/* [MS-FSA] 2.1.5.14.3 FileDispositionInformation (DELETE is checked by the open). */
static struct tsmb_status set_disposition(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	if (len < 1)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	return tsmb_open_set_delete_pending(op, buf[0] != 0);
}

/* [MS-FSA] 2.1.5.14.7 FilePositionInformation */
static struct tsmb_status set_position(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	struct tsmb_status st;
	uint64_t pos;

	st = read_u64(buf, len, &pos);
	if (tsmb_st_ok(st))
		op->position = pos;
	return st;
}

/* [MS-FSA] 2.1.5.14.8 FileModeInformation: the synchronous mode is fixed at open. */
static struct tsmb_status set_mode(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	uint32_t mode;

	if (len < 4)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	mode = tsmb_get_le32(buf);
	if ((mode & ~MODE_VALID) || (mode & MODE_SYNC) == MODE_SYNC ||
	    (mode & MODE_SYNC) != (op->mode & MODE_SYNC))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	op->mode = mode;
	return TSMB_ST(STATUS_SUCCESS);
}

/*
 * 3.3.5.21.1 FileRenameInformation: the new name is a path from the
 * share's root (a leading '\', which some clients send, is dropped);
 * renaming a stream (":name") is not supported.
 */
static struct tsmb_status set_rename(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	struct tsmb_rename_info ri;
	struct tsmb_status st;
	const uint8_t *name;
	size_t nlen;
	char *path;

	st = tsmb_rename_info_decode(buf, len, &ri);
	if (!tsmb_st_ok(st))
		return st;
	if (!(op->access & DELETE))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	name = ri.name;
	nlen = ri.name_len;
	if (tsmb_get_le16(name) == ':')
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	if (tsmb_get_le16(name) == '\\') {
		name += 2;
		nlen -= 2;
	}
	if (!nlen)
		return TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
	path = tsmb_os_alloc(TSMB_PATH_MAX + 1);
	if (!path)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	st = tsmb_path_from_wire(name, nlen, path);
	if (tsmb_st_ok(st) && !path[0])
		st = TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
	if (tsmb_st_ok(st))
		st = tsmb_open_rename(op, path, ri.replace);
	tsmb_os_free(path);
	return st;
}

static struct tsmb_status set_ea(struct tsmb_open *op, const uint8_t *buf, size_t len)
{
	if (!(op->access & FILE_WRITE_EA))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	return tsmb_ea_set(op->f, buf, len);
}

/*
 * [MS-FSA] 2.1.5.14.1, 2.1.5.14.4: a new size breaks the file's level II
 * oplocks as a write does (smbtorture's batch11, batch12)
 */
static struct tsmb_status size_set(struct tsmb_req *req, struct tsmb_open *op,
				   struct tsmb_status st)
{
	if (tsmb_st_ok(st))
		tsmb_oplock_break_level2(req->conn->srv, op);
	return st;
}

/* 3.3.5.21.1 */
static struct tsmb_status set_file(struct tsmb_req *req, struct tsmb_open *op,
				   const struct tsmb_set_info_req *s)
{
	if (!settable(s->info_class))
		return TSMB_ERR(STATUS_INVALID_INFO_CLASS);
	if (modifies(s->info_class) && op->tree->read_only)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	switch (s->info_class) {
	case FILE_BASIC_INFORMATION:
		return set_basic(op, s->buf, s->buf_len);
	case FILE_END_OF_FILE_INFORMATION:
		return size_set(req, op, set_eof(op, s->buf, s->buf_len));
	case FILE_ALLOCATION_INFORMATION:
		return size_set(req, op, set_allocation(op, s->buf, s->buf_len));
	case FILE_DISPOSITION_INFORMATION:
		return set_disposition(op, s->buf, s->buf_len);
	case FILE_POSITION_INFORMATION:
		return set_position(op, s->buf, s->buf_len);
	case FILE_MODE_INFORMATION:
		return set_mode(op, s->buf, s->buf_len);
	case FILE_RENAME_INFORMATION:
		return set_rename(op, s->buf, s->buf_len);
	case FILE_FULL_EA_INFORMATION:
		return set_ea(op, s->buf, s->buf_len);
	default:
		/* hard links, short names, valid data length, the _EX forms */
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	}
}

/*
 * 3.3.5.21.3: the access a change of each part needs is checked so that a
 * client learns the right reason; with the access, there is still no ACL
 * store to write to.
 */
static struct tsmb_status set_security(struct tsmb_open *op, const struct tsmb_set_info_req *s)
{
	uint32_t need = 0;

	if (s->addl_info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION))
		need |= WRITE_OWNER;
	if (s->addl_info & DACL_SECURITY_INFORMATION)
		need |= WRITE_DAC;
	if (s->addl_info & SACL_SECURITY_INFORMATION)
		need |= ACCESS_SYSTEM_SECURITY;
	if (need & ~op->access)
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	return TSMB_ERR(STATUS_NOT_SUPPORTED);
}

struct tsmb_status tsmb_smb2_set_info(struct tsmb_req *req)
{
	size_t start = req->rsp->off;
	struct tsmb_set_info_req s;
	struct tsmb_status st;
	struct tsmb_open *op;

	st = tsmb_set_info_req_decode(req->msg, req->len, &s);
	if (!tsmb_st_ok(st))
		return st;
	op = tsmb_open_lookup(req, s.persistent, s.volatile_id);
	if (!op)
		return TSMB_ERR(STATUS_FILE_CLOSED);
	if (!tsmb_charge_covers(req, s.buf_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	switch (s.info_type) {
	case SMB2_0_INFO_FILE:
		/* a named pipe has its own classes (core/vfs/pipe.h) */
		st = op->is_pipe ? tsmb_pipe_set_file(op, s.info_class, s.buf, s.buf_len) :
				   set_file(req, op, &s);
		break;
	case SMB2_0_INFO_FILESYSTEM:
	case SMB2_0_INFO_QUOTA:
		st = TSMB_ERR(STATUS_NOT_SUPPORTED);
		break;
	case SMB2_0_INFO_SECURITY:
		st = set_security(op, &s);
		break;
	default:
		st = TSMB_ERR(STATUS_INVALID_PARAMETER);
		break;
	}
	if (tsmb_st_ok(st))
		tsmb_set_info_rsp_encode(req->rsp);
	else if (!tsmb_st_is_error(st))
		st = tsmb_rsp_fail(req, start, st);
	return st;
}
