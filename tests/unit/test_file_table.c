// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/file_table.c: the share-access matrix of [MS-FSA] 2.1.5.1.2
 * against a reference written from the spec's text, and the shared file
 * table: opens joining and leaving a file, sharing violations across
 * opens, delete-pending and delete-on-close.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/server_priv.h"
#include "core/vfs/file_table.h"
#include "core/vfs/oplock.h"
#include "core/wire/fscc.h"
#include "host.h"

/* share access is the point here, not oplocks */
#define NO_OPLOCK	(&(struct tsmb_oplock_req){ 0 })

/*
 * The spec, literally: an existing open that has read, write or delete
 * access blocks a new open that wants such access if the existing one
 * does not share it; and the new open's share mode must allow the
 * existing open's access. Opens without any of those rights (attributes
 * only) are not counted at all.
 */
static bool reference(uint32_t acc, uint32_t share, uint32_t oacc, uint32_t oshare)
{
	bool r = acc & (FILE_READ_DATA | FILE_EXECUTE);
	bool w = acc & (FILE_WRITE_DATA | FILE_APPEND_DATA);
	bool d = acc & DELETE;
	bool or_ = oacc & (FILE_READ_DATA | FILE_EXECUTE);
	bool ow = oacc & (FILE_WRITE_DATA | FILE_APPEND_DATA);
	bool od = oacc & DELETE;

	if (!(r || w || d) || !(or_ || ow || od))
		return false;
	if ((r && !(oshare & FILE_SHARE_READ)) || (w && !(oshare & FILE_SHARE_WRITE)) ||
	    (d && !(oshare & FILE_SHARE_DELETE)))
		return true;
	return (or_ && !(share & FILE_SHARE_READ)) || (ow && !(share & FILE_SHARE_WRITE)) ||
	       (od && !(share & FILE_SHARE_DELETE));
}

static const uint32_t accesses[] = {
	0,
	FILE_READ_ATTRIBUTES | SYNCHRONIZE,
	FILE_READ_DATA,
	FILE_EXECUTE,
	FILE_WRITE_DATA,
	FILE_APPEND_DATA,
	DELETE,
	FILE_READ_DATA | FILE_WRITE_DATA,
	FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | READ_CONTROL | WRITE_DAC,
	FILE_ALL_ACCESS,
};

static void test_matrix(void **state)
{
	unsigned int a, b, s, t;

	for (a = 0; a < TSMB_ARRAY_SIZE(accesses); a++)
		for (b = 0; b < TSMB_ARRAY_SIZE(accesses); b++)
			for (s = 0; s < 8; s++)
				for (t = 0; t < 8; t++) {
					bool want = reference(accesses[a], s, accesses[b], t);
					bool got = tsmb_share_conflict(accesses[a], s,
								       accesses[b], t);

					if (want != got)
						fail_msg("access 0x%x share %u vs 0x%x share %u: %d",
							 accesses[a], s, accesses[b], t, got);
				}
}

/* Cases a Windows user knows, spelled out. */
static void test_known_cases(void **state)
{
	/* two readers sharing read */
	assert_false(tsmb_share_conflict(FILE_READ_DATA, FILE_SHARE_READ,
					 FILE_READ_DATA, FILE_SHARE_READ));
	/* a writer while a reader denies write */
	assert_true(tsmb_share_conflict(FILE_WRITE_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
					FILE_READ_DATA, FILE_SHARE_READ));
	/* a reader that denies write while a writer is open */
	assert_true(tsmb_share_conflict(FILE_READ_DATA, FILE_SHARE_READ,
					FILE_WRITE_DATA, FILE_SHARE_VALID));
	/* delete (rename) while an open does not share delete */
	assert_true(tsmb_share_conflict(DELETE, FILE_SHARE_VALID,
					FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE));
	/* exclusive opens block everyone with data access */
	assert_true(tsmb_share_conflict(FILE_READ_DATA, FILE_SHARE_VALID, FILE_READ_DATA, 0));
	/* ... but not an attributes-only open, either way */
	assert_false(tsmb_share_conflict(FILE_READ_ATTRIBUTES, 0, FILE_ALL_ACCESS, 0));
	assert_false(tsmb_share_conflict(FILE_ALL_ACCESS, 0, FILE_READ_ATTRIBUTES, 0));
}

/* --- the table --- */

static struct tsmb_server *srv;

static int setup(void **state)
{
	unsigned int i;

	srv = calloc(1, sizeof(*srv));
	assert_non_null(srv);
	tsmb_os_mutex_init(&srv->files_lock);
	tsmb_list_init(&srv->oplock_notify);
	tsmb_list_init(&srv->oplock_waiters);
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		tsmb_list_init(&srv->file_buckets[i]);
	return 0;
}

static int teardown(void **state)
{
	unsigned int i;

	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		if (!tsmb_list_empty(&srv->file_buckets[i]))
			fail_msg("bucket %u not empty: a file leaked", i);
	tsmb_os_mutex_destroy(&srv->files_lock);
	free(srv);
	return 0;
}

static void make(struct tsmb_open *op, uint32_t access, uint32_t share)
{
	memset(op, 0, sizeof(*op));
	op->access = access;
	op->share_access = share;
	tsmb_list_init(&op->file_node);
}

static uint32_t attach(struct tsmb_open *op, uint64_t ino)
{
	return tsmb_file_attach(srv, op, 0x801, ino, false, NO_OPLOCK).v;
}

static void test_attach_detach(void **state)
{
	struct tsmb_open a, b, c, d;

	make(&a, FILE_READ_DATA | FILE_WRITE_DATA, FILE_SHARE_READ);
	make(&b, FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE);
	make(&c, FILE_WRITE_DATA, FILE_SHARE_VALID);
	make(&d, FILE_READ_ATTRIBUTES, 0);
	assert_int_equal(attach(&a, 10), STATUS_SUCCESS);
	assert_non_null(a.file);
	assert_int_equal(attach(&b, 10), STATUS_SUCCESS);
	assert_ptr_equal(a.file, b.file);
	assert_int_equal(a.file->refs, 2);
	/* a denies write sharing */
	assert_int_equal(attach(&c, 10), STATUS_SHARING_VIOLATION);
	assert_null(c.file);
	/* another file is another matter */
	assert_int_equal(attach(&c, 11), STATUS_SUCCESS);
	assert_ptr_not_equal(c.file, a.file);
	/* attributes only: admitted whatever the share modes */
	assert_int_equal(attach(&d, 10), STATUS_SUCCESS);
	assert_null(tsmb_file_detach(srv, &a));
	assert_null(a.file);
	/* with a gone, only b counts: it shares write */
	make(&a, FILE_WRITE_DATA, FILE_SHARE_READ);
	assert_int_equal(attach(&a, 10), STATUS_SUCCESS);
	assert_null(tsmb_file_detach(srv, &a));
	assert_null(tsmb_file_detach(srv, &b));
	assert_null(tsmb_file_detach(srv, &c));
	assert_null(tsmb_file_detach(srv, &d));
	/* detaching twice is harmless */
	assert_null(tsmb_file_detach(srv, &d));
}

static void test_delete_pending(void **state)
{
	struct tsmb_open a, b, c;
	struct tsmb_file *doomed;

	make(&a, DELETE | FILE_READ_ATTRIBUTES, FILE_SHARE_VALID);
	make(&b, FILE_READ_DATA, FILE_SHARE_VALID);
	make(&c, FILE_READ_ATTRIBUTES, FILE_SHARE_VALID);
	assert_int_equal(attach(&a, 20), STATUS_SUCCESS);
	assert_int_equal(attach(&b, 20), STATUS_SUCCESS);
	tsmb_file_set_delete_pending(srv, a.file, true);
	/* no new open, whatever it asks */
	assert_int_equal(attach(&c, 20), STATUS_DELETE_PENDING);
	/* undone, and opens are welcome again */
	tsmb_file_set_delete_pending(srv, a.file, false);
	assert_int_equal(attach(&c, 20), STATUS_SUCCESS);
	assert_null(tsmb_file_detach(srv, &c));
	tsmb_file_set_delete_pending(srv, a.file, true);
	assert_null(tsmb_file_detach(srv, &a));
	/* the last open: the caller deletes, the file stays until released */
	doomed = tsmb_file_detach(srv, &b);
	assert_non_null(doomed);
	make(&c, FILE_READ_ATTRIBUTES, FILE_SHARE_VALID);
	assert_int_equal(attach(&c, 20), STATUS_DELETE_PENDING);
	tsmb_file_release(srv, doomed);
	/* deleted: a new file of that number is a new file */
	assert_int_equal(attach(&c, 20), STATUS_SUCCESS);
	assert_null(tsmb_file_detach(srv, &c));
}

/* FILE_DELETE_ON_CLOSE marks the file when that open closes, not before. */
static void test_delete_on_close(void **state)
{
	struct tsmb_open a, b, c;
	struct tsmb_file *doomed;

	make(&a, DELETE, FILE_SHARE_VALID);
	a.delete_on_close = true;
	make(&b, FILE_READ_DATA, FILE_SHARE_VALID);
	make(&c, FILE_READ_DATA, FILE_SHARE_VALID);
	assert_int_equal(attach(&a, 30), STATUS_SUCCESS);
	assert_int_equal(attach(&b, 30), STATUS_SUCCESS);
	assert_int_equal(attach(&c, 30), STATUS_SUCCESS);
	assert_null(tsmb_file_detach(srv, &c));
	assert_null(tsmb_file_detach(srv, &a));
	make(&c, FILE_READ_DATA, FILE_SHARE_VALID);
	assert_int_equal(attach(&c, 30), STATUS_DELETE_PENDING);
	doomed = tsmb_file_detach(srv, &b);
	assert_non_null(doomed);
	tsmb_file_release(srv, doomed);
}

/* A delete-on-close open that is the only one dooms the file at once. */
static void test_delete_on_close_alone(void **state)
{
	struct tsmb_open a;
	struct tsmb_file *doomed;

	make(&a, DELETE, 0);
	a.delete_on_close = true;
	assert_int_equal(attach(&a, 40), STATUS_SUCCESS);
	doomed = tsmb_file_detach(srv, &a);
	assert_non_null(doomed);
	tsmb_file_release(srv, doomed);
}

/* Many files in few buckets: each found again by its own number. */
static void test_many_files(void **state)
{
	static struct tsmb_open ops[2048];
	unsigned int i;

	for (i = 0; i < TSMB_ARRAY_SIZE(ops); i++) {
		make(&ops[i], FILE_READ_DATA, 0);
		assert_int_equal(tsmb_file_attach(srv, &ops[i], i & 3, i >> 2, false, NO_OPLOCK).v,
				 STATUS_SUCCESS);
	}
	for (i = 0; i < TSMB_ARRAY_SIZE(ops); i++) {
		struct tsmb_open o;

		make(&o, FILE_READ_DATA, FILE_SHARE_VALID);
		assert_int_equal(tsmb_file_attach(srv, &o, i & 3, i >> 2, false, NO_OPLOCK).v,
				 STATUS_SHARING_VIOLATION);
		assert_int_equal(ops[i].file->dev, i & 3);
		assert_int_equal(ops[i].file->ino, i >> 2);
	}
	for (i = 0; i < TSMB_ARRAY_SIZE(ops); i++)
		assert_null(tsmb_file_detach(srv, &ops[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_known_cases),
		cmocka_unit_test_setup_teardown(test_attach_detach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_on_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_on_close_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_files, setup, teardown),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
