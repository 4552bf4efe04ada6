// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/ea.c against real files (the posix abstraction, a scratch
 * directory): EAs as user. xattrs, set and queried as FILE_FULL_EA_INFORMATION
 * lists, names without regard to case. Skipped where the file system has
 * no user xattrs.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cmocka.h>

#include <tsmb/os/file.h>

#include "core/vfs/ea.h"
#include "core/wire/fscc.h"
#include "tsmb_test.h"

struct fx {
	char dir[64];
	char file[96];
	struct tsmb_os_file *root;
	struct tsmb_os_file *f;
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct tsmb_os_stat st;
	bool created;

	if (!x)
		return -1;
	strcpy(x->dir, "/tmp/tsmb-ea.XXXXXX");
	if (!mkdtemp(x->dir))
		return -1;
	snprintf(x->file, sizeof(x->file), "%s/f", x->dir);
	if (tsmb_os_root_open(x->dir, &x->root) ||
	    tsmb_os_file_open(x->root, "f", TSMB_O_READ | TSMB_O_WRITE | TSMB_O_CREATE, 0644,
			      &x->f, &st, &created))
		return -1;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	tsmb_os_file_close(x->f);
	tsmb_os_file_close(x->root);
	unlink(x->file);
	rmdir(x->dir);
	free(x);
	return 0;
}

/* A FILE_FULL_EA_INFORMATION entry, 4-aligned unless last. */
static void full_ea(struct t_msg *m, const char *name, const char *val, bool last)
{
	size_t start = m->n, n = strlen(name), v = strlen(val);
	uint8_t nl = (uint8_t)n, flags = 0;

	t_u32(m, 0);
	t_append(m, &flags, 1);
	t_append(m, &nl, 1);
	t_u16(m, (uint16_t)v);
	t_append(m, name, n + 1);
	t_append(m, val, v);
	if (!last) {
		while ((m->n - start) & 3)
			t_append(m, NULL, 1);
		t_put32(m->b + start, (uint32_t)(m->n - start));
	}
}

static void get_ea(struct t_msg *m, const char *name, bool last)
{
	size_t start = m->n, n = strlen(name);
	uint8_t nl = (uint8_t)n;

	t_u32(m, 0);
	t_append(m, &nl, 1);
	t_append(m, name, n + 1);
	if (!last) {
		while ((m->n - start) & 3)
			t_append(m, NULL, 1);
		t_put32(m->b + start, (uint32_t)(m->n - start));
	}
}

static struct tsmb_status set(struct fx *x, const char *n1, const char *v1, const char *n2,
			      const char *v2)
{
	static struct t_msg m;

	m.n = 0;
	full_ea(&m, n1, v1, !n2);
	if (n2)
		full_ea(&m, n2, v2, true);
	return tsmb_ea_set(x->f, m.b, m.n);
}

static bool have_xattrs(struct fx *x)
{
	if (setxattr(x->file, "user.tsmb-probe", "1", 1, 0))
		return false;
	removexattr(x->file, "user.tsmb-probe");
	return true;
}

static void test_none(void **state)
{
	struct fx *x = *state;
	uint8_t buf[64];
	uint32_t size = 99;
	size_t len;

	assert_true(tsmb_st_ok(tsmb_ea_size(x->f, &size)));
	assert_int_equal(size, 0);
	assert_int_equal(tsmb_ea_query(x->f, NULL, 0, false, buf, sizeof(buf), &len).v,
			 STATUS_NO_EAS_ON_FILE);
}

static void test_set_query(void **state)
{
	struct fx *x = *state;
	static struct t_msg g;
	uint8_t buf[256];
	char val[16];
	uint32_t size;
	size_t len;

	if (!have_xattrs(x))
		skip();
	assert_true(tsmb_st_ok(set(x, "NAME", "value", "Other", "x")));
	assert_int_equal(getxattr(x->file, "user.NAME", val, sizeof(val)), 5);
	assert_int_equal(getxattr(x->file, "user.Other", val, sizeof(val)), 1);
	/* 8 + "NAME\0" + "value" = 18, aligned 20; then 8 + "Other\0" + "x" = 15 */
	assert_true(tsmb_st_ok(tsmb_ea_size(x->f, &size)));
	assert_int_equal(size, 35);
	assert_true(tsmb_st_ok(tsmb_ea_query(x->f, NULL, 0, false, buf, sizeof(buf), &len)));
	assert_int_equal(len, 35);
	/* the OS lists in its own order: find NAME wherever it is */
	if (t_get32(buf) == 0 || buf[5] != 4) {
		assert_int_equal(t_get32(buf), 16);
		assert_int_equal(len, 16 + 18);
	} else {
		assert_int_equal(t_get32(buf), 20);
		assert_int_equal(buf[5], 4);
		assert_int_equal(t_get16(buf + 6), 5);
		assert_memory_equal(buf + 8, "NAME\0value", 10);
		assert_int_equal(t_get32(buf + 20), 0);
	}
	/* too small for the whole list: nothing */
	assert_int_equal(tsmb_ea_query(x->f, NULL, 0, false, buf, 34, &len).v,
			 STATUS_BUFFER_TOO_SMALL);
	assert_int_equal(len, 0);
	/* one entry only */
	assert_true(tsmb_st_ok(tsmb_ea_query(x->f, NULL, 0, true, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), 0);
	/* by name, in another case; a missing one comes back empty */
	g.n = 0;
	get_ea(&g, "name", false);
	get_ea(&g, "MISSING", true);
	assert_true(tsmb_st_ok(tsmb_ea_query(x->f, g.b, g.n, false, buf, sizeof(buf), &len)));
	assert_int_equal(t_get32(buf), 20);
	assert_memory_equal(buf + 8, "NAME\0value", 10);
	assert_int_equal(buf[20 + 5], 7);
	assert_int_equal(t_get16(buf + 20 + 6), 0);
	assert_memory_equal(buf + 28, "MISSING\0", 8);
	assert_int_equal(len, 20 + 16);
}

static void test_replace_remove(void **state)
{
	struct fx *x = *state;
	char val[16];

	if (!have_xattrs(x))
		skip();
	assert_true(tsmb_st_ok(set(x, "Key", "1", NULL, NULL)));
	/* the same name in another case replaces it, under the new spelling */
	assert_true(tsmb_st_ok(set(x, "KEY", "22", NULL, NULL)));
	assert_int_equal(getxattr(x->file, "user.Key", val, sizeof(val)), -1);
	assert_int_equal(getxattr(x->file, "user.KEY", val, sizeof(val)), 2);
	/* an empty value removes it; removing what is not there is fine */
	assert_true(tsmb_st_ok(set(x, "key", "", NULL, NULL)));
	assert_int_equal(getxattr(x->file, "user.KEY", val, sizeof(val)), -1);
	assert_true(tsmb_st_ok(set(x, "never", "", NULL, NULL)));
}

static void test_bad_lists(void **state)
{
	struct fx *x = *state;
	static struct t_msg m;
	char val[4];

	assert_int_equal(set(x, "ok", "1", "bad*name", "2").v, STATUS_INVALID_EA_NAME);
	/* checked whole before anything is written */
	assert_int_equal(getxattr(x->file, "user.ok", val, sizeof(val)), -1);
	m.n = 0;
	full_ea(&m, "A", "1", true);
	assert_int_equal(tsmb_ea_set(x->f, m.b, m.n - 1).v, STATUS_EA_LIST_INCONSISTENT);
	assert_int_equal(tsmb_ea_set(x->f, m.b, 0).v, STATUS_EA_LIST_INCONSISTENT);
	m.b[4] = 0x01;					/* a flag other than FILE_NEED_EA */
	assert_int_equal(tsmb_ea_set(x->f, m.b, m.n).v, STATUS_INVALID_EA_NAME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_lists, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
