// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/info_file.c: the file information classes of [MS-FSCC] 2.4 —
 * size and field offsets per class, the access each needs, and what a
 * short buffer gives (INFO_LENGTH_MISMATCH below the class's Windows
 * structure size, BUFFER_OVERFLOW with partial data for names and streams).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vfs/attr.h"
#include "core/vfs/info_file.h"
#include "core/wire/fscc.h"
#include "core/wire/smb2.h"
#include "tsmb_test.h"

static void a_file(struct tsmb_finfo *fi, bool dir, const char *path)
{
	memset(fi, 0, sizeof(*fi));
	fi->st.ino = 0x1122334455667788ull;
	fi->st.size = 5000;
	fi->st.alloc = 8192;
	fi->st.mode = (dir ? TSMB_S_IFDIR : TSMB_S_IFREG) | 0644;
	fi->st.nlink = dir ? 5 : 2;
	fi->st.btime = 1000000000ll * 1600000000;
	fi->st.atime = fi->st.btime + 1;
	fi->st.mtime = fi->st.btime + 200;
	fi->st.ctime = fi->st.btime + 3000;
	fi->attrs = dir ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
	fi->path = path;
	fi->access = 0x001200A9;
	fi->mode = FILE_SYNCHRONOUS_IO_NONALERT;
	fi->position = 77;
	fi->ea_size = 44;
	fi->volume_serial = 0xCAFEu;
}

static struct tsmb_status enc(uint8_t cls, const struct tsmb_finfo *fi, uint8_t *buf, size_t cap,
			      size_t *len)
{
	memset(buf, 0xAA, cap);
	return tsmb_file_info_encode(cls, fi, SMB2_DIALECT_311, buf, cap, len);
}

static void check_times(const uint8_t *p, const struct tsmb_finfo *fi)
{
	assert_true(t_get64(p) == tsmb_nt_time_from_ns(fi->st.btime));
	assert_true(t_get64(p + 8) == tsmb_nt_time_from_ns(fi->st.atime));
	assert_true(t_get64(p + 16) == tsmb_nt_time_from_ns(fi->st.mtime));
	assert_true(t_get64(p + 24) == tsmb_nt_time_from_ns(fi->st.ctime));
}

static void test_fixed_classes(void **state)
{
	static const struct {
		uint8_t cls;
		size_t size;
	} fixed[] = {
		{ FILE_BASIC_INFORMATION, 40 }, { FILE_STANDARD_INFORMATION, 24 },
		{ FILE_INTERNAL_INFORMATION, 8 }, { FILE_EA_INFORMATION, 4 },
		{ FILE_ACCESS_INFORMATION, 4 }, { FILE_POSITION_INFORMATION, 8 },
		{ FILE_MODE_INFORMATION, 4 }, { FILE_ALIGNMENT_INFORMATION, 4 },
		{ FILE_NETWORK_OPEN_INFORMATION, 56 }, { FILE_ATTRIBUTE_TAG_INFORMATION, 8 },
		{ FILE_COMPRESSION_INFORMATION, 16 }, { FILE_ID_INFORMATION, 24 },
	};
	struct tsmb_finfo fi;
	uint8_t buf[128];
	unsigned int i;
	size_t len;

	a_file(&fi, false, "a/b");
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		assert_true(tsmb_st_ok(enc(fixed[i].cls, &fi, buf, sizeof(buf), &len)));
		assert_int_equal(len, fixed[i].size);
		assert_true(tsmb_st_ok(enc(fixed[i].cls, &fi, buf, fixed[i].size, &len)));
		/* one byte short: the fixed part does not fit */
		assert_int_equal(enc(fixed[i].cls, &fi, buf, fixed[i].size - 1, &len).v,
				 STATUS_INFO_LENGTH_MISMATCH);
		assert_int_equal(len, 0);
		assert_int_equal(enc(fixed[i].cls, &fi, buf, 0, &len).v,
				 STATUS_INFO_LENGTH_MISMATCH);
	}
}

static void test_basic_standard(void **state)
{
	struct tsmb_finfo fi;
	uint8_t buf[128];
	size_t len;

	a_file(&fi, false, "f");
	assert_true(tsmb_st_ok(enc(FILE_BASIC_INFORMATION, &fi, buf, sizeof(buf), &len)));
	check_times(buf, &fi);
	assert_int_equal(t_get32(buf + 32), FILE_ATTRIBUTE_ARCHIVE);
	assert_int_equal(t_get32(buf + 36), 0);
	assert_true(tsmb_st_ok(enc(FILE_STANDARD_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_true(t_get64(buf) == 8192);
	assert_true(t_get64(buf + 8) == 5000);
	assert_int_equal(t_get32(buf + 16), 2);
	assert_int_equal(buf[20], 0);
	assert_int_equal(buf[21], 0);
	/* a pending delete takes a link away; a directory is one link, no size */
	fi.delete_pending = true;
	assert_true(tsmb_st_ok(enc(FILE_STANDARD_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf + 16), 1);
	assert_int_equal(buf[20], 1);
	a_file(&fi, true, "d");
	assert_true(tsmb_st_ok(enc(FILE_STANDARD_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_true(t_get64(buf) == 0);
	assert_true(t_get64(buf + 8) == 0);
	assert_int_equal(t_get32(buf + 16), 1);
	assert_int_equal(buf[21], 1);
}

static void test_small_classes(void **state)
{
	struct tsmb_finfo fi;
	uint8_t buf[64];
	size_t len;

	a_file(&fi, false, "f");
	assert_true(tsmb_st_ok(enc(FILE_INTERNAL_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_true(t_get64(buf) == 0x1122334455667788ull);
	assert_true(tsmb_st_ok(enc(FILE_EA_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), 44);
	assert_true(tsmb_st_ok(enc(FILE_ACCESS_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), 0x001200A9);
	assert_true(tsmb_st_ok(enc(FILE_POSITION_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_true(t_get64(buf) == 77);
	assert_true(tsmb_st_ok(enc(FILE_MODE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), FILE_SYNCHRONOUS_IO_NONALERT);
	assert_true(tsmb_st_ok(enc(FILE_ALIGNMENT_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), 0);
	assert_true(tsmb_st_ok(enc(FILE_NETWORK_OPEN_INFORMATION, &fi, buf, sizeof(buf), &len)));
	check_times(buf, &fi);
	assert_true(t_get64(buf + 32) == 8192);
	assert_true(t_get64(buf + 40) == 5000);
	assert_int_equal(t_get32(buf + 48), FILE_ATTRIBUTE_ARCHIVE);
	assert_true(tsmb_st_ok(enc(FILE_ATTRIBUTE_TAG_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), FILE_ATTRIBUTE_ARCHIVE);
	assert_int_equal(t_get32(buf + 4), 0);
	assert_true(tsmb_st_ok(enc(FILE_COMPRESSION_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_true(t_get64(buf) == 5000);
	assert_int_equal(t_get16(buf + 8), 0);
	assert_true(tsmb_st_ok(enc(FILE_ID_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_true(t_get64(buf) == 0xCAFE);
	assert_true(t_get64(buf + 8) == 0x1122334455667788ull);
	assert_true(t_get64(buf + 16) == 0);
}

static void test_all(void **state)
{
	struct tsmb_finfo fi;
	uint8_t buf[256];
	size_t len;

	a_file(&fi, false, "dir/sub/f.txt");
	assert_true(tsmb_st_ok(enc(FILE_ALL_INFORMATION, &fi, buf, sizeof(buf), &len)));
	/* "\dir\sub\f.txt": 14 characters */
	assert_int_equal(len, 100 + 28);
	check_times(buf, &fi);					/* Basic at 0 */
	assert_int_equal(t_get32(buf + 32), FILE_ATTRIBUTE_ARCHIVE);
	assert_true(t_get64(buf + 40) == 8192);			/* Standard at 40 */
	assert_true(t_get64(buf + 48) == 5000);
	assert_int_equal(t_get32(buf + 56), 2);
	assert_true(t_get64(buf + 64) == 0x1122334455667788ull);	/* Internal at 64 */
	assert_int_equal(t_get32(buf + 72), 44);		/* EA at 72 */
	assert_int_equal(t_get32(buf + 76), 0x001200A9);	/* Access at 76 */
	assert_true(t_get64(buf + 80) == 77);			/* Position at 80 */
	assert_int_equal(t_get32(buf + 88), FILE_SYNCHRONOUS_IO_NONALERT);	/* Mode */
	assert_int_equal(t_get32(buf + 92), 0);			/* Alignment */
	assert_int_equal(t_get32(buf + 96), 28);		/* FileNameLength */
	assert_memory_equal(buf + 100, "\\\0d\0i\0r\0\\\0s\0u\0b\0\\\0f\0.\0t\0x\0t\0", 28);
	/* a part of the name: BUFFER_OVERFLOW, the length field still whole */
	assert_int_equal(enc(FILE_ALL_INFORMATION, &fi, buf, 104, &len).v, STATUS_BUFFER_OVERFLOW);
	assert_int_equal(len, 104);
	assert_int_equal(t_get32(buf + 96), 28);
	assert_memory_equal(buf + 100, "\\\0d\0", 4);
	/* below Windows' structure size (104), even with room for the fixed part */
	assert_int_equal(enc(FILE_ALL_INFORMATION, &fi, buf, 103, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	assert_int_equal(len, 0);
	assert_int_equal(enc(FILE_ALL_INFORMATION, &fi, buf, 100, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
}

static void test_names(void **state)
{
	struct tsmb_finfo fi;
	uint8_t buf[64];
	size_t len;

	a_file(&fi, true, "");
	assert_true(tsmb_st_ok(enc(FILE_NAME_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 6);
	assert_int_equal(t_get32(buf), 2);
	assert_memory_equal(buf + 4, "\\\0", 2);
	/* the normalized name has no leading '\'; the root's is empty */
	assert_true(tsmb_st_ok(enc(FILE_NORMALIZED_NAME_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 4);
	assert_int_equal(t_get32(buf), 0);
	a_file(&fi, false, "d/\xc3\xa9.txt");
	assert_true(tsmb_st_ok(enc(FILE_NORMALIZED_NAME_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), 14);
	assert_memory_equal(buf + 4, "d\0\\\0\xe9\0.\0t\0x\0t\0", 14);
	/* from Windows' structure size (8) on: BUFFER_OVERFLOW, not a mismatch */
	assert_int_equal(enc(FILE_NORMALIZED_NAME_INFORMATION, &fi, buf, 8, &len).v,
			 STATUS_BUFFER_OVERFLOW);
	assert_int_equal(len, 8);
	assert_int_equal(enc(FILE_NORMALIZED_NAME_INFORMATION, &fi, buf, 7, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	assert_int_equal(enc(FILE_NORMALIZED_NAME_INFORMATION, &fi, buf, 4, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	/* [MS-SMB2] 3.3.5.20.1: not before 3.1.1 (and not on 3.0.2) */
	assert_int_equal(tsmb_file_info_encode(FILE_NORMALIZED_NAME_INFORMATION, &fi,
					       SMB2_DIALECT_210, buf, sizeof(buf), &len).v,
			 STATUS_NOT_SUPPORTED);
	assert_int_equal(tsmb_file_info_encode(FILE_NORMALIZED_NAME_INFORMATION, &fi,
					       SMB2_DIALECT_302, buf, sizeof(buf), &len).v,
			 STATUS_NOT_SUPPORTED);
}

static void test_stream(void **state)
{
	struct tsmb_finfo fi;
	uint8_t buf[64];
	size_t len;

	a_file(&fi, false, "f");
	assert_true(tsmb_st_ok(enc(FILE_STREAM_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 24 + 14);
	assert_int_equal(t_get32(buf), 0);
	assert_int_equal(t_get32(buf + 4), 14);
	assert_true(t_get64(buf + 8) == 5000);
	assert_true(t_get64(buf + 16) == 8192);
	assert_memory_equal(buf + 24, ":\0:\0$\0D\0A\0T\0A\0", 14);
	assert_int_equal(enc(FILE_STREAM_INFORMATION, &fi, buf, 32, &len).v,
			 STATUS_BUFFER_OVERFLOW);
	assert_int_equal(len, 32);
	assert_int_equal(enc(FILE_STREAM_INFORMATION, &fi, buf, 31, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	/* a directory has no data stream */
	a_file(&fi, true, "d");
	assert_true(tsmb_st_ok(enc(FILE_STREAM_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 0);
}

static void test_unsupported(void **state)
{
	struct tsmb_finfo fi;
	uint8_t buf[64];
	size_t len;

	a_file(&fi, false, "f");
	assert_int_equal(enc(FILE_ALTERNATE_NAME_INFORMATION, &fi, buf, sizeof(buf), &len).v,
			 STATUS_NOT_SUPPORTED);
	assert_int_equal(enc(FILE_RENAME_INFORMATION, &fi, buf, sizeof(buf), &len).v,
			 STATUS_NOT_SUPPORTED);
	assert_int_equal(enc(0, &fi, buf, sizeof(buf), &len).v, STATUS_INVALID_INFO_CLASS);
	assert_int_equal(enc(200, &fi, buf, sizeof(buf), &len).v, STATUS_INVALID_INFO_CLASS);
}

static void test_access(void **state)
{
	assert_int_equal(tsmb_file_info_access(FILE_BASIC_INFORMATION), FILE_READ_ATTRIBUTES);
	assert_int_equal(tsmb_file_info_access(FILE_ALL_INFORMATION), FILE_READ_ATTRIBUTES);
	assert_int_equal(tsmb_file_info_access(FILE_NETWORK_OPEN_INFORMATION),
			 FILE_READ_ATTRIBUTES);
	assert_int_equal(tsmb_file_info_access(FILE_ATTRIBUTE_TAG_INFORMATION),
			 FILE_READ_ATTRIBUTES);
	assert_int_equal(tsmb_file_info_access(FILE_FULL_EA_INFORMATION), FILE_READ_EA);
	assert_int_equal(tsmb_file_info_access(FILE_STANDARD_INFORMATION), 0);
	assert_int_equal(tsmb_file_info_access(FILE_STREAM_INFORMATION), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_classes),
		cmocka_unit_test(test_basic_standard),
		cmocka_unit_test(test_small_classes),
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_access),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
