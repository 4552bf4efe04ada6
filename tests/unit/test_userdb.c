// SPDX-License-Identifier: GPL-2.0-or-later
/* authd's user database: the format, atomic saves, and refused permissions. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <talloc.h>

#include "authd/userdb.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	strcpy(dir, "/tmp/tsmb-userdb.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/passdb", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_parse(void **state)
{
	static const char text[] =
		"# comment\n"
		"\n"
		"alice:8846F7EAEE8FB117AD06BDD830B7586C:enabled\r\n"
		"bob:a4f49c406510bdcab6824ee7c30fd852:disabled\n"
		"carol:a4f49c406510bdcab6824ee7c30fd852:enabled,disabled";
	struct authd_userdb *db;
	struct authd_userdb_entry *e;
	char err[256];

	assert_int_equal(authd_userdb_parse(NULL, text, strlen(text), "t", &db, err,
					    sizeof(err)), 0);
	assert_int_equal(db->count, 3);
	e = authd_userdb_find(db, "ALICE");
	assert_non_null(e);
	assert_string_equal(e->name, "alice");
	assert_true(e->enabled);
	assert_int_equal(e->nt_hash[0], 0x88);
	assert_int_equal(e->nt_hash[15], 0x6c);
	assert_false(authd_userdb_find(db, "bob")->enabled);
	assert_false(authd_userdb_find(db, "carol")->enabled);
	assert_null(authd_userdb_find(db, "dave"));
	assert_int_equal(authd_userdb_delete(db, "bob"), 0);
	assert_int_equal(authd_userdb_delete(db, "bob"), -ENOENT);
	assert_int_equal(db->count, 2);
	assert_non_null(authd_userdb_find(db, "carol"));
	talloc_free(db);
}

static void test_parse_errors(void **state)
{
	static const char *bad[] = {
		"alice:8846F7EAEE8FB117AD06BDD830B7586C\n",
		"alice:8846F7EAEE8FB117AD06BDD830B7586:enabled\n",
		"alice:8846F7EAEE8FB117AD06BDD830B7586G:enabled\n",
		"alice:8846F7EAEE8FB117AD06BDD830B7586C:enabld\n",
		"alice:8846F7EAEE8FB117AD06BDD830B7586C:\n",
		"alice:8846F7EAEE8FB117AD06BDD830B7586C:enabled:x\n",
		"al ice:8846F7EAEE8FB117AD06BDD830B7586C:enabled\n",
		":8846F7EAEE8FB117AD06BDD830B7586C:enabled\n",
		"alice:8846F7EAEE8FB117AD06BDD830B7586C:enabled\n"
		"ALICE:8846F7EAEE8FB117AD06BDD830B7586C:enabled\n",
	};
	struct authd_userdb *db;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(authd_userdb_parse(NULL, bad[i], strlen(bad[i]), "t", &db, err,
						    sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, "t:"));
	}
	assert_int_equal(authd_userdb_parse(NULL, "a:b\0c", 5, "t", &db, err, sizeof(err)),
			 -EINVAL);
}

static void test_save_load(void **state)
{
	static const uint8_t h1[16] = { 1, 2, 3 }, h2[16] = { 0xff };
	struct authd_userdb *db = talloc_zero(NULL, struct authd_userdb), *db2;
	struct stat st;
	char err[256];

	assert_int_equal(authd_userdb_load(NULL, path, &db2, err, sizeof(err)), -ENOENT);
	assert_int_equal(authd_userdb_set(db, "alice", h1), 0);
	assert_int_equal(authd_userdb_set(db, "bob", h2), 0);
	assert_int_equal(authd_userdb_set(db, "bad:name", h2), -EINVAL);
	authd_userdb_find(db, "bob")->enabled = false;
	assert_int_equal(authd_userdb_save(db, path, err, sizeof(err)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(authd_userdb_load(NULL, path, &db2, err, sizeof(err)), 0);
	assert_int_equal(db2->count, 2);
	assert_memory_equal(authd_userdb_find(db2, "alice")->nt_hash, h1, 16);
	assert_false(authd_userdb_find(db2, "bob")->enabled);
	/* Replacing keeps one entry; saving again replaces the file whole. */
	assert_int_equal(authd_userdb_set(db, "ALICE", h2), 0);
	assert_int_equal(db->count, 2);
	assert_int_equal(authd_userdb_save(db, path, err, sizeof(err)), 0);
	talloc_free(db2);
	assert_int_equal(authd_userdb_load(NULL, path, &db2, err, sizeof(err)), 0);
	assert_memory_equal(authd_userdb_find(db2, "alice")->nt_hash, h2, 16);
	talloc_free(db2);
	talloc_free(db);
}

static void test_permissions_refused(void **state)
{
	struct authd_userdb *db = talloc_zero(NULL, struct authd_userdb), *db2;
	char err[256], link[160];

	assert_int_equal(authd_userdb_save(db, path, err, sizeof(err)), 0);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(authd_userdb_load(NULL, path, &db2, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(authd_userdb_load(NULL, path, &db2, err, sizeof(err)), -EPERM);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(authd_userdb_load(NULL, path, &db2, err, sizeof(err)), 0);
	talloc_free(db2);
	/* A symlink is not followed: it could point anywhere. */
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(authd_userdb_load(NULL, link, &db2, err, sizeof(err)), -ELOOP);
	talloc_free(db);
}

static void test_nt_hash(void **state)
{
	uint8_t h[16];

	/* The example of docs/userdb.md. */
	assert_int_equal(authd_nt_hash("password", h), 0);
	assert_int_equal(h[0], 0x88);
	assert_int_equal(h[1], 0x46);
	assert_int_equal(h[15], 0x6c);
	assert_int_equal(authd_nt_hash("\xff", h), -EINVAL);
}

static void test_unix_lookup(void **state)
{
	struct authd_unix_id id;
	unsigned int i;
	bool has_gid = false;

	assert_int_equal(authd_unix_lookup(NULL, "root", &id), 0);
	assert_int_equal(id.uid, 0);
	for (i = 0; i < id.ngids; i++)
		has_gid |= id.gids[i] == id.gid;
	assert_true(has_gid);
	talloc_free(id.gids);
	assert_int_equal(authd_unix_lookup(NULL, "no-such-user-tsmb", &id), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test_setup_teardown(test_save_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions_refused, setup, teardown),
		cmocka_unit_test(test_nt_hash),
		cmocka_unit_test(test_unix_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
