// SPDX-License-Identifier: GPL-2.0-or-later
/* core/vfs/info_fs.c: the file system information classes of [MS-FSCC] 2.5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vfs/info_fs.h"
#include "core/wire/fscc.h"
#include "tsmb_test.h"

static void a_fs(struct tsmb_fsinfo *fi)
{
	memset(fi, 0, sizeof(*fi));
	fi->sfs.blocks = 1000000;
	fi->sfs.bfree = 600000;
	fi->sfs.bavail = 500000;
	fi->sfs.bsize = 4096;
	fi->sfs.name_max = 255;
	fi->sfs.fsid = 0x0102030405060708ull;
	fi->sfs.magic = 0xEF53;
	fi->label = "share";
	fi->label_len = 5;
	fi->serial = 0x12345678;
	fi->created = 0x01D0000000000000ull;
}

static struct tsmb_status enc(uint8_t cls, const struct tsmb_fsinfo *fi, uint8_t *buf, size_t cap,
			      size_t *len)
{
	memset(buf, 0xAA, cap);
	return tsmb_fs_info_encode(cls, fi, buf, cap, len);
}

static void test_volume(void **state)
{
	struct tsmb_fsinfo fi;
	uint8_t buf[64];
	size_t len;

	a_fs(&fi);
	assert_true(tsmb_st_ok(enc(FS_VOLUME_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 18 + 10);
	assert_true(t_get64(buf) == 0x01D0000000000000ull);
	assert_int_equal(t_get32(buf + 8), 0x12345678);
	assert_int_equal(t_get32(buf + 12), 10);
	assert_int_equal(buf[16], 0);
	assert_memory_equal(buf + 18, "s\0h\0a\0r\0e\0", 10);
	/* below Windows' structure size (24), even with room for the fixed part */
	assert_int_equal(enc(FS_VOLUME_INFORMATION, &fi, buf, 24, &len).v, STATUS_BUFFER_OVERFLOW);
	assert_int_equal(len, 24);
	assert_int_equal(t_get32(buf + 12), 10);
	assert_int_equal(enc(FS_VOLUME_INFORMATION, &fi, buf, 23, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	assert_int_equal(enc(FS_VOLUME_INFORMATION, &fi, buf, 18, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
}

static void test_sizes(void **state)
{
	struct tsmb_fsinfo fi;
	uint8_t buf[64];
	size_t len;

	a_fs(&fi);
	assert_true(tsmb_st_ok(enc(FS_SIZE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 24);
	assert_true(t_get64(buf) == 1000000);
	assert_true(t_get64(buf + 8) == 500000);
	assert_int_equal(t_get32(buf + 16), 8);		/* 4096 / 512 */
	assert_int_equal(t_get32(buf + 20), 512);
	assert_true(tsmb_st_ok(enc(FS_FULL_SIZE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 32);
	assert_true(t_get64(buf) == 1000000);
	assert_true(t_get64(buf + 8) == 500000);
	assert_true(t_get64(buf + 16) == 600000);
	assert_int_equal(t_get32(buf + 24), 8);
	assert_int_equal(t_get32(buf + 28), 512);
	assert_int_equal(enc(FS_FULL_SIZE_INFORMATION, &fi, buf, 31, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	/* a block size that is no multiple of 512 is a one-sector unit */
	fi.sfs.bsize = 1000;
	assert_true(tsmb_st_ok(enc(FS_SIZE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf + 16), 1);
	assert_int_equal(t_get32(buf + 20), 1000);
}

static void test_attribute_device(void **state)
{
	struct tsmb_fsinfo fi;
	uint8_t buf[64];
	size_t len;

	a_fs(&fi);
	assert_true(tsmb_st_ok(enc(FS_ATTRIBUTE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 12 + 8);
	assert_true(t_get32(buf) & FILE_CASE_PRESERVED_NAMES);
	assert_true(t_get32(buf) & FILE_UNICODE_ON_DISK);
	assert_int_equal(t_get32(buf + 4), 255);
	assert_int_equal(t_get32(buf + 8), 8);
	assert_memory_equal(buf + 12, "N\0T\0F\0S\0", 8);
	assert_int_equal(enc(FS_ATTRIBUTE_INFORMATION, &fi, buf, 16, &len).v,
			 STATUS_BUFFER_OVERFLOW);
	assert_int_equal(len, 16);
	assert_int_equal(enc(FS_ATTRIBUTE_INFORMATION, &fi, buf, 15, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	assert_true(tsmb_st_ok(enc(FS_DEVICE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 8);
	assert_int_equal(t_get32(buf), FILE_DEVICE_DISK);
	assert_int_equal(t_get32(buf + 4), FILE_DEVICE_IS_MOUNTED);
	fi.read_only = true;
	assert_true(tsmb_st_ok(enc(FS_DEVICE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf + 4), FILE_DEVICE_IS_MOUNTED | FILE_READ_ONLY_DEVICE);
}

static void test_others(void **state)
{
	struct tsmb_fsinfo fi;
	uint8_t buf[128];
	size_t len;

	a_fs(&fi);
	assert_true(tsmb_st_ok(enc(FS_SECTOR_SIZE_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 28);
	assert_int_equal(t_get32(buf), 512);
	assert_int_equal(t_get32(buf + 12), 512);
	assert_int_equal(t_get32(buf + 16), 3);
	assert_true(tsmb_st_ok(enc(FS_OBJECT_ID_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 64);
	assert_true(t_get64(buf) == 0x0102030405060708ull);
	assert_int_equal(enc(FS_OBJECT_ID_INFORMATION, &fi, buf, 63, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	/* quotas off, no defaults */
	assert_true(tsmb_st_ok(enc(FS_CONTROL_INFORMATION, &fi, buf, sizeof(buf), &len)));
	assert_int_equal(len, 48);
	assert_true(t_get64(buf) == 0);
	assert_true(t_get64(buf + 24) == ~0ull);
	assert_true(t_get64(buf + 32) == ~0ull);
	assert_int_equal(t_get32(buf + 40), 0);
	assert_int_equal(enc(FS_CONTROL_INFORMATION, &fi, buf, 47, &len).v,
			 STATUS_INFO_LENGTH_MISMATCH);
	assert_int_equal(enc(FS_LABEL_INFORMATION, &fi, buf, sizeof(buf), &len).v,
			 STATUS_NOT_SUPPORTED);
	assert_int_equal(enc(0, &fi, buf, sizeof(buf), &len).v, STATUS_INVALID_INFO_CLASS);
	assert_int_equal(enc(99, &fi, buf, sizeof(buf), &len).v, STATUS_INVALID_INFO_CLASS);
}

static void test_serial(void **state)
{
	assert_int_equal(tsmb_fs_serial("share", 5), tsmb_fs_serial("share", 5));
	assert_int_not_equal(tsmb_fs_serial("share", 5), tsmb_fs_serial("other", 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_volume),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_attribute_device),
		cmocka_unit_test(test_others),
		cmocka_unit_test(test_serial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
