// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/access.c: generic rights mapping ([MS-SMB2] 2.2.13.1.1) and the
 * rights an identity has on a file, judged from its mode bits as the
 * kernel judges them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <tsmb/os/log.h>

#include "core/vfs/access.h"
#include "host.h"

static void test_generic(void **state)
{
	assert_int_equal(tsmb_access_map_generic(GENERIC_READ), FILE_GENERIC_READ);
	assert_int_equal(tsmb_access_map_generic(GENERIC_WRITE), FILE_GENERIC_WRITE);
	assert_int_equal(tsmb_access_map_generic(GENERIC_EXECUTE), FILE_GENERIC_EXECUTE);
	assert_int_equal(tsmb_access_map_generic(GENERIC_ALL), FILE_ALL_ACCESS);
	assert_int_equal(tsmb_access_map_generic(GENERIC_READ | GENERIC_WRITE | DELETE),
			 FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE);
	/* MAXIMUM_ALLOWED and specific rights pass through */
	assert_int_equal(tsmb_access_map_generic(MAXIMUM_ALLOWED | FILE_READ_ATTRIBUTES),
			 MAXIMUM_ALLOWED | FILE_READ_ATTRIBUTES);
	assert_int_equal(tsmb_access_map_generic(0), 0);
}

static struct tsmb_ident alice = { .uid = 1000, .gid = 1000, .ngroups = 2,
				   .groups = { 1000, 50 } };

static struct tsmb_os_stat file(uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct tsmb_os_stat st;

	memset(&st, 0, sizeof(st));
	st.mode = mode;
	st.uid = uid;
	st.gid = gid;
	return st;
}

#define ALWAYS	(READ_CONTROL | SYNCHRONIZE | FILE_READ_ATTRIBUTES)
#define R	(FILE_READ_DATA | FILE_READ_EA)
#define W	(FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES)
#define OWNER	(FILE_WRITE_ATTRIBUTES | WRITE_DAC | WRITE_OWNER)

static void test_classes(void **state)
{
	struct tsmb_os_stat dir = file(TSMB_S_IFDIR | 0755, 0, 0);
	struct tsmb_os_stat f;

	/* the owner class */
	f = file(TSMB_S_IFREG | 0640, 1000, 2000);
	/* FILE_DELETE_CHILD means nothing on a file; full control has it */
	assert_int_equal(tsmb_access_allowed(&alice, &f, &dir),
			 ALWAYS | R | W | OWNER | FILE_DELETE_CHILD);
	/* the group class, by a supplementary group */
	f = file(TSMB_S_IFREG | 0640, 2000, 50);
	assert_int_equal(tsmb_access_allowed(&alice, &f, &dir), ALWAYS | R);
	/* other; and the owner class is used even when it grants less */
	f = file(TSMB_S_IFREG | 0604, 2000, 2000);
	assert_int_equal(tsmb_access_allowed(&alice, &f, &dir), ALWAYS | R);
	f = file(TSMB_S_IFREG | 0066, 1000, 1000);
	assert_int_equal(tsmb_access_allowed(&alice, &f, &dir), ALWAYS | OWNER);
	/* execute */
	f = file(TSMB_S_IFREG | 0755, 2000, 2000);
	assert_int_equal(tsmb_access_allowed(&alice, &f, &dir), ALWAYS | R | FILE_EXECUTE);
}

static void test_delete(void **state)
{
	struct tsmb_os_stat f = file(TSMB_S_IFREG | 0644, 2000, 2000);
	struct tsmb_os_stat open_dir = file(TSMB_S_IFDIR | 0777, 0, 0);
	struct tsmb_os_stat sticky = file(TSMB_S_IFDIR | 01777, 0, 0);
	struct tsmb_os_stat no_x = file(TSMB_S_IFDIR | 0776, 0, 0);

	assert_true(tsmb_access_allowed(&alice, &f, &open_dir) & DELETE);
	/* the sticky bit: only the file's or the directory's owner */
	assert_false(tsmb_access_allowed(&alice, &f, &sticky) & DELETE);
	f.uid = 1000;
	assert_true(tsmb_access_allowed(&alice, &f, &sticky) & DELETE);
	/* write without search on the directory is not enough */
	assert_false(tsmb_access_allowed(&alice, &f, &no_x) & DELETE);
	/* the share root has no parent to be deleted from */
	assert_false(tsmb_access_allowed(&alice, &f, NULL) & DELETE);
}

static void test_directory(void **state)
{
	struct tsmb_os_stat parent = file(TSMB_S_IFDIR | 0755, 0, 0);
	struct tsmb_os_stat d = file(TSMB_S_IFDIR | 0770, 2000, 50);
	uint32_t a = tsmb_access_allowed(&alice, &d, &parent);

	/* add and remove entries: write and search */
	assert_true(a & FILE_DELETE_CHILD);
	assert_true(a & FILE_WRITE_DATA);
	d.mode = TSMB_S_IFDIR | 0750;
	assert_false(tsmb_access_allowed(&alice, &d, &parent) & FILE_DELETE_CHILD);
}

static void test_root(void **state)
{
	struct tsmb_ident root = { 0 };
	struct tsmb_os_stat parent = file(TSMB_S_IFDIR | 0, 1, 1);
	struct tsmb_os_stat f = file(TSMB_S_IFREG | 0, 1, 1);

	assert_int_equal(tsmb_access_allowed(&root, &f, &parent), FILE_ALL_ACCESS);
	assert_int_equal(tsmb_access_allowed(&root, &f, NULL), FILE_ALL_ACCESS & ~DELETE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generic),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_root),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
