// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [MS-FSA] 2.1.5.10 file system controls on an open file: zeroing a
 * range (2.1.5.10.39) and the object id (2.1.5.10.1).
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/file.h>
#include <tsmb/os/mem.h>

#include "core/lib/cursor.h"
#include "core/vfs/fsctl.h"
#include "core/vfs/lock.h"
#include "core/vfs/open.h"
#include "core/wire/fscc.h"

/* Zeroes are written this much at a time. */
#define ZERO_CHUNK	65536u
/* Offsets are signed 64-bit on Windows. */
#define OFFSET_MAX	0x7fffffffffffffffull

struct tsmb_status tsmb_fsctl_set_zero_data(struct tsmb_open *op, uint64_t offset,
					    uint64_t beyond)
{
	struct tsmb_os_stat st;
	struct tsmb_status s;
	void *zero;
	int ret = 0;

	if (offset > OFFSET_MAX || beyond > OFFSET_MAX || offset > beyond || op->is_dir)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (!(op->access & FILE_WRITE_DATA))
		return TSMB_ERR(STATUS_ACCESS_DENIED);
	if (offset == beyond)
		return TSMB_ST(STATUS_SUCCESS);
	s = tsmb_lock_check_io(op, offset, beyond - offset, true);
	if (!tsmb_st_ok(s))
		return s;
	ret = tsmb_os_file_stat(op->f, &st);
	if (ret)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	/* zeroing never makes the file longer */
	if (beyond > st.size)
		beyond = st.size;
	if (offset >= beyond)
		return TSMB_ST(STATUS_SUCCESS);
	zero = tsmb_os_zalloc(ZERO_CHUNK);
	if (!zero)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	while (offset < beyond && !ret) {
		size_t n = beyond - offset < ZERO_CHUNK ? (size_t)(beyond - offset) : ZERO_CHUNK;
		size_t done = 0;

		ret = tsmb_os_file_pwrite(op->f, zero, n, offset, &done);
		offset += done;
		if (!ret && !done)
			ret = -TSMB_EIO;
	}
	tsmb_os_free(zero);
	if (ret)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	op->written = true;
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_fsctl_object_id(struct tsmb_open *op, uint8_t out[64])
{
	struct tsmb_os_stat st;
	int ret;

	ret = tsmb_os_file_stat(op->f, &st);
	if (ret)
		return tsmb_status_born(tsmb_status_from_errno(ret), __FILE__, __LINE__);
	tsmb_memset(out, 0, 64);
	/* ObjectId and BirthObjectId: the inode on its device */
	tsmb_put_le64(out, st.ino);
	tsmb_put_le64(out + 8, st.dev);
	/* BirthVolumeId: the device; DomainId stays empty */
	tsmb_put_le64(out + 16, st.dev);
	tsmb_memcpy(out + 32, out, 16);
	return TSMB_ST(STATUS_SUCCESS);
}
