// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/security.c: a self-relative security descriptor ([MS-DTYP]
 * 2.4.6) from a file's owner, group and mode, parsed back field by field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vfs/security.h"
#include "core/wire/fscc.h"
#include "core/wire/query_info.h"
#include "tsmb_test.h"

#define ALL_THREE (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | \
		   DACL_SECURITY_INFORMATION)

static void a_stat(struct tsmb_os_stat *st, uint32_t mode)
{
	memset(st, 0, sizeof(*st));
	st->uid = 1000;
	st->gid = 100;
	st->mode = mode;
}

/* S-1-auth-a-b at p, returns its length */
static size_t check_sid(const uint8_t *p, uint8_t auth, unsigned int count, uint32_t a,
			uint32_t b)
{
	assert_int_equal(p[0], 1);
	assert_int_equal(p[1], count);
	assert_memory_equal(p + 2, "\0\0\0\0\0", 5);
	assert_int_equal(p[7], auth);
	assert_int_equal(t_get32(p + 8), a);
	if (count > 1)
		assert_int_equal(t_get32(p + 12), b);
	return 8 + 4 * count;
}

static void test_full(void **state)
{
	struct tsmb_os_stat st;
	uint8_t buf[256];
	size_t len, off;
	const uint8_t *acl, *ace;

	a_stat(&st, TSMB_S_IFREG | 0754);
	len = tsmb_sd_build(ALL_THREE, &st, NULL, 0);
	/* header 20, two 16-byte SIDs, DACL 8 + (8+16) * 2 + (8+12) */
	assert_int_equal(len, 20 + 16 + 16 + 8 + 24 + 24 + 20);
	memset(buf, 0xAA, sizeof(buf));
	assert_int_equal(tsmb_sd_build(ALL_THREE, &st, buf, sizeof(buf)), len);
	assert_int_equal(buf[0], 1);
	assert_int_equal(t_get16(buf + 2), SE_SELF_RELATIVE | SE_DACL_PRESENT);
	assert_int_equal(t_get32(buf + 12), 0);			/* no SACL */
	off = t_get32(buf + 4);
	check_sid(buf + off, 22, 2, 1, 1000);
	off = t_get32(buf + 8);
	check_sid(buf + off, 22, 2, 2, 100);
	acl = buf + t_get32(buf + 16);
	assert_int_equal(acl[0], 2);
	assert_int_equal(t_get16(acl + 2), 8 + 24 + 24 + 20);
	assert_int_equal(t_get16(acl + 4), 3);
	/* owner rwx: everything */
	ace = acl + 8;
	assert_int_equal(ace[0], ACCESS_ALLOWED_ACE_TYPE);
	assert_int_equal(t_get16(ace + 2), 24);
	assert_int_equal(t_get32(ace + 4), FILE_ALL_ACCESS);
	check_sid(ace + 8, 22, 2, 1, 1000);
	/* group r-x */
	ace += 24;
	assert_int_equal(t_get32(ace + 4), FILE_GENERIC_READ | FILE_GENERIC_EXECUTE);
	check_sid(ace + 8, 22, 2, 2, 100);
	/* everyone r-- */
	ace += 24;
	assert_int_equal(t_get16(ace + 2), 20);
	assert_int_equal(t_get32(ace + 4), FILE_GENERIC_READ);
	check_sid(ace + 8, 1, 1, 0, 0);
	assert_int_equal(ace + 20 - buf, len);
}

static void test_parts(void **state)
{
	struct tsmb_os_stat st;
	uint8_t buf[256];
	size_t len;

	a_stat(&st, TSMB_S_IFDIR | 0700);
	/* owner only */
	len = tsmb_sd_build(OWNER_SECURITY_INFORMATION, &st, buf, sizeof(buf));
	assert_int_equal(len, 36);
	assert_int_equal(t_get16(buf + 2), SE_SELF_RELATIVE);
	assert_int_equal(t_get32(buf + 4), 20);
	assert_int_equal(t_get32(buf + 8), 0);
	assert_int_equal(t_get32(buf + 16), 0);
	/* DACL only: group and everyone have nothing, so one ACE */
	len = tsmb_sd_build(DACL_SECURITY_INFORMATION, &st, buf, sizeof(buf));
	assert_int_equal(len, 20 + 8 + 24);
	assert_int_equal(t_get32(buf + 4), 0);
	assert_int_equal(t_get32(buf + 16), 20);
	assert_int_equal(t_get16(buf + 20 + 4), 1);
	/* nothing asked: the header alone */
	assert_int_equal(tsmb_sd_build(SACL_SECURITY_INFORMATION, &st, buf, sizeof(buf)), 20);
	assert_int_equal(t_get16(buf + 2), SE_SELF_RELATIVE);
}

static void test_rights(void **state)
{
	struct tsmb_os_stat st;
	uint8_t buf[256];
	const uint8_t *ace;

	/* a writable directory: write includes deleting children; owner keeps its rights */
	a_stat(&st, TSMB_S_IFDIR | 0620);
	(void)tsmb_sd_build(DACL_SECURITY_INFORMATION, &st, buf, sizeof(buf));
	ace = buf + 20 + 8;
	assert_int_equal(t_get32(ace + 4), FILE_GENERIC_READ | FILE_GENERIC_WRITE |
			 FILE_DELETE_CHILD | READ_CONTROL | WRITE_DAC | WRITE_OWNER |
			 FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES);
	ace += 24;
	assert_int_equal(t_get32(ace + 4), FILE_GENERIC_WRITE | FILE_DELETE_CHILD);
	assert_int_equal(t_get16(buf + 20 + 4), 2);
}

static void test_too_small(void **state)
{
	struct tsmb_os_stat st;
	uint8_t buf[64];

	a_stat(&st, TSMB_S_IFREG | 0644);
	memset(buf, 0xAA, sizeof(buf));
	assert_true(tsmb_sd_build(ALL_THREE, &st, buf, sizeof(buf)) > sizeof(buf));
	/* nothing written */
	assert_int_equal(buf[0], 0xAA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_rights),
		cmocka_unit_test(test_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
