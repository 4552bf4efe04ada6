// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/oplock.c: the grant and break decisions of [MS-SMB2] 3.3.5.9,
 * 3.3.4.6, 3.3.5.22.1 and [MS-FSA] 2.1.5.17, 2.1.4.12, alone and through
 * the shared file table: a second open breaks BATCH and EXCLUSIVE and
 * waits, the holder's connection is queued to notify, an acknowledgment
 * or a close lets the waiter retry, writes break level II without one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tsmb/os/work.h>

#include "core/conn/conn.h"
#include "core/server_priv.h"
#include "core/vfs/file_table.h"
#include "core/vfs/oplock.h"
#include "core/wire/create.h"
#include "core/wire/fscc.h"
#include "host.h"

#define NONE	SMB2_OPLOCK_LEVEL_NONE
#define II	SMB2_OPLOCK_LEVEL_II
#define EXCL	SMB2_OPLOCK_LEVEL_EXCLUSIVE
#define BATCH	SMB2_OPLOCK_LEVEL_BATCH

/* --- decisions --- */

static void test_grant_level(void **state)
{
	static const uint8_t asked[] = { NONE, II, EXCL, BATCH, SMB2_OPLOCK_LEVEL_LEASE, 2, 7 };
	unsigned int i;

	/* a sole open gets what it asks for, one among others level II at most */
	assert_int_equal(tsmb_oplock_grant_level(BATCH, false, false), BATCH);
	assert_int_equal(tsmb_oplock_grant_level(EXCL, false, false), EXCL);
	assert_int_equal(tsmb_oplock_grant_level(BATCH, false, true), II);
	assert_int_equal(tsmb_oplock_grant_level(EXCL, false, true), II);
	assert_int_equal(tsmb_oplock_grant_level(II, false, false), II);
	assert_int_equal(tsmb_oplock_grant_level(II, false, true), II);
	/* no lease without leasing, nothing for unknown levels or directories */
	assert_int_equal(tsmb_oplock_grant_level(SMB2_OPLOCK_LEVEL_LEASE, false, false), NONE);
	assert_int_equal(tsmb_oplock_grant_level(2, false, false), NONE);
	for (i = 0; i < sizeof(asked); i++) {
		assert_int_equal(tsmb_oplock_grant_level(asked[i], true, false), NONE);
		assert_int_equal(tsmb_oplock_grant_level(asked[i], true, true), NONE);
	}
}

static void test_break_and_ack(void **state)
{
	assert_int_equal(tsmb_oplock_break_level(false), II);
	assert_int_equal(tsmb_oplock_break_level(true), NONE);
	assert_true(tsmb_oplock_ack_valid(II, II));
	assert_true(tsmb_oplock_ack_valid(II, NONE));
	assert_true(tsmb_oplock_ack_valid(NONE, NONE));
	assert_false(tsmb_oplock_ack_valid(NONE, II));
	assert_false(tsmb_oplock_ack_valid(II, BATCH));
	assert_false(tsmb_oplock_ack_valid(II, EXCL));
}

/* --- through the file table --- */

static struct tsmb_server *srv;
static struct tsmb_conn *c1, *c2;
static struct tsmb_open a, b, d;

static void nop_work(struct tsmb_work *w)
{
}

static struct tsmb_conn *new_conn(void)
{
	struct tsmb_conn *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->srv = srv;
	tsmb_os_work_init(&c->rx_work, nop_work);
	return c;
}

static void make(struct tsmb_open *op, struct tsmb_conn *c, uint32_t share)
{
	memset(op, 0, sizeof(*op));
	op->conn = c;
	op->id = c == c1 ? 1 : 2;
	op->access = FILE_READ_DATA | FILE_WRITE_DATA;
	op->share_access = share;
	tsmb_list_init(&op->file_node);
}

static uint32_t attach(struct tsmb_open *op, uint8_t level, bool overwrite, bool force,
		       struct tsmb_oplock_req *out)
{
	struct tsmb_oplock_req oq = { .level = level, .overwrite = overwrite, .force = force };
	uint32_t st = tsmb_file_attach(srv, op, 1, 42, false, &oq).v;

	if (out)
		*out = oq;
	return st;
}

static bool woken(struct tsmb_conn *c)
{
	bool r = tsmb_atomic_read(&c->async_ready);

	tsmb_atomic_set(&c->async_ready, 0);
	return r;
}

static int setup(void **state)
{
	unsigned int i;

	srv = calloc(1, sizeof(*srv));
	assert_non_null(srv);
	assert_int_equal(tsmb_os_wq_create("oplock-test", 1, &srv->wq), 0);
	tsmb_os_mutex_init(&srv->files_lock);
	tsmb_list_init(&srv->oplock_notify);
	tsmb_list_init(&srv->oplock_waiters);
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		tsmb_list_init(&srv->file_buckets[i]);
	c1 = new_conn();
	c2 = new_conn();
	return 0;
}

static int teardown(void **state)
{
	unsigned int i;

	if (a.file)
		tsmb_file_detach(srv, &a);
	if (b.file)
		tsmb_file_detach(srv, &b);
	if (d.file)
		tsmb_file_detach(srv, &d);
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		if (!tsmb_list_empty(&srv->file_buckets[i]))
			fail_msg("a file leaked");
	assert_true(tsmb_list_empty(&srv->oplock_notify));
	assert_true(tsmb_list_empty(&srv->oplock_waiters));
	tsmb_os_wq_destroy(srv->wq);
	tsmb_os_mutex_destroy(&srv->files_lock);
	free(c1);
	free(c2);
	free(srv);
	return 0;
}

static void test_batch_break_ack(void **state)
{
	struct tsmb_oplock_waiter w = { .conn = c2 };
	struct tsmb_oplock_req oq;
	struct tsmb_open *op;
	uint8_t level;

	make(&a, c1, FILE_SHARE_READ | FILE_SHARE_WRITE);
	make(&b, c2, FILE_SHARE_READ | FILE_SHARE_WRITE);
	assert_int_equal(attach(&a, BATCH, false, false, &oq), STATUS_SUCCESS);
	assert_int_equal(oq.level, BATCH);
	assert_int_equal(a.oplock, BATCH);
	/* the second open waits; the holder is told to go to level II */
	assert_int_equal(attach(&b, BATCH, false, false, &oq), STATUS_PENDING);
	assert_null(b.file);
	assert_true(a.oplock_breaking);
	assert_int_equal(a.oplock_break_to, II);
	assert_true(woken(c1));
	assert_false(tsmb_oplock_next_notify(srv, c2, &op, &level));
	assert_true(tsmb_oplock_next_notify(srv, c1, &op, &level));
	assert_ptr_equal(op, &a);
	assert_int_equal(level, II);
	assert_false(tsmb_oplock_next_notify(srv, c1, &op, &level));
	tsmb_oplock_wait(srv, &w, oq.gen);
	assert_false(w.ready);
	/* a retry before the acknowledgment waits again, with no second notification */
	assert_int_equal(attach(&b, BATCH, false, false, NULL), STATUS_PENDING);
	assert_false(tsmb_oplock_next_notify(srv, c1, &op, &level));
	/* 3.3.5.22.1: no more than the break allows */
	assert_int_equal(tsmb_oplock_ack(srv, &a, II, &level).v, STATUS_SUCCESS);
	assert_int_equal(level, II);
	assert_true(woken(c2));
	assert_true(tsmb_oplock_unwait(srv, &w));
	assert_int_equal(attach(&b, BATCH, false, false, &oq), STATUS_SUCCESS);
	assert_int_equal(oq.level, II);
	/* nothing to acknowledge any more */
	assert_int_equal(tsmb_oplock_ack(srv, &a, NONE, &level).v, STATUS_INVALID_OPLOCK_PROTOCOL);
	assert_int_equal(a.oplock, II);
}

static void test_overwrite_breaks_to_none(void **state)
{
	struct tsmb_oplock_req oq;
	uint8_t level;

	make(&a, c1, FILE_SHARE_READ | FILE_SHARE_WRITE);
	make(&b, c2, FILE_SHARE_READ | FILE_SHARE_WRITE);
	assert_int_equal(attach(&a, EXCL, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(attach(&b, NONE, true, false, &oq), STATUS_PENDING);
	assert_int_equal(a.oplock_break_to, NONE);
	/* level II when none was offered: refused, and the oplock is gone */
	assert_int_equal(tsmb_oplock_ack(srv, &a, II, &level).v, STATUS_INVALID_OPLOCK_PROTOCOL);
	assert_int_equal(level, NONE);
	assert_false(a.oplock_breaking);
	assert_int_equal(attach(&b, NONE, true, false, &oq), STATUS_SUCCESS);
	assert_int_equal(oq.level, NONE);
}

static void test_sharing(void **state)
{
	struct tsmb_open *op;
	uint8_t level;

	/* EXCLUSIVE: a sharing violation comes first, and breaks nothing */
	make(&a, c1, 0);
	make(&b, c2, FILE_SHARE_READ | FILE_SHARE_WRITE);
	assert_int_equal(attach(&a, EXCL, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(attach(&b, NONE, false, false, NULL), STATUS_SHARING_VIOLATION);
	assert_false(a.oplock_breaking);
	assert_false(tsmb_oplock_next_notify(srv, c1, &op, &level));
	tsmb_file_detach(srv, &a);
	/* BATCH: broken first, since its holder may close */
	make(&a, c1, 0);
	assert_int_equal(attach(&a, BATCH, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(attach(&b, NONE, false, false, NULL), STATUS_PENDING);
	assert_true(a.oplock_breaking);
	/* the holder closes: the waiter retries and finds the file free */
	tsmb_file_detach(srv, &a);
	assert_true(tsmb_list_empty(&srv->oplock_notify));
	assert_int_equal(attach(&b, BATCH, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(b.oplock, BATCH);
}

static void test_close_wakes_waiter(void **state)
{
	struct tsmb_oplock_waiter w = { .conn = c2 };
	struct tsmb_oplock_req oq;

	make(&a, c1, FILE_SHARE_READ);
	make(&b, c2, FILE_SHARE_READ);
	assert_int_equal(attach(&a, BATCH, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(attach(&b, II, false, false, &oq), STATUS_PENDING);
	tsmb_oplock_wait(srv, &w, oq.gen);
	woken(c2);
	tsmb_file_detach(srv, &a);
	assert_true(woken(c2));
	assert_true(tsmb_oplock_unwait(srv, &w));
	/* a wait hooked after the break ended is ready at once */
	tsmb_oplock_wait(srv, &w, oq.gen);
	assert_true(w.ready);
	assert_true(tsmb_oplock_unwait(srv, &w));
}

static void test_force(void **state)
{
	struct tsmb_oplock_req oq;
	uint8_t level;

	make(&a, c1, FILE_SHARE_READ | FILE_SHARE_WRITE);
	make(&b, c2, FILE_SHARE_READ | FILE_SHARE_WRITE);
	assert_int_equal(attach(&a, BATCH, false, false, NULL), STATUS_SUCCESS);
	/* a timed-out (or compounded) open goes ahead at the break-to level */
	assert_int_equal(attach(&b, BATCH, false, true, &oq), STATUS_SUCCESS);
	assert_int_equal(oq.level, II);
	assert_int_equal(a.oplock, II);
	/* the late acknowledgment is still welcome */
	assert_int_equal(tsmb_oplock_ack(srv, &a, NONE, &level).v, STATUS_SUCCESS);
	assert_int_equal(a.oplock, NONE);
}

static void test_level2_write(void **state)
{
	struct tsmb_open *op;
	uint8_t level;

	make(&a, c1, FILE_SHARE_READ | FILE_SHARE_WRITE);
	make(&b, c2, FILE_SHARE_READ | FILE_SHARE_WRITE);
	make(&d, c2, FILE_SHARE_READ | FILE_SHARE_WRITE);
	d.id = 3;
	assert_int_equal(attach(&a, II, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(attach(&b, BATCH, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(b.oplock, II);
	assert_int_equal(attach(&d, NONE, false, false, NULL), STATUS_SUCCESS);
	woken(c1);
	/* every level II goes to none, the writer's own too, with no ack due */
	tsmb_oplock_break_level2(srv, &b);
	assert_int_equal(b.oplock, NONE);
	assert_int_equal(a.oplock, NONE);
	assert_false(a.oplock_breaking);
	assert_true(woken(c1));
	assert_true(tsmb_oplock_next_notify(srv, c1, &op, &level));
	assert_ptr_equal(op, &a);
	assert_int_equal(level, NONE);
	assert_true(tsmb_oplock_next_notify(srv, c2, &op, &level));
	assert_ptr_equal(op, &b);
	assert_int_equal(level, NONE);
	/* d had none: nothing to tell it */
	assert_false(tsmb_oplock_next_notify(srv, c2, &op, &level));
	assert_int_equal(tsmb_oplock_ack(srv, &a, NONE, &level).v, STATUS_INVALID_OPLOCK_PROTOCOL);
}

static void test_stat_open(void **state)
{
	struct tsmb_oplock_req oq;
	struct tsmb_open *op;
	uint8_t level;

	/* attributes only: no break, and no oplock beside the holder's */
	make(&a, c1, 0);
	make(&b, c2, 0);
	b.access = FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | SYNCHRONIZE;
	assert_int_equal(attach(&a, EXCL, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(attach(&b, EXCL, false, false, &oq), STATUS_SUCCESS);
	assert_int_equal(oq.level, NONE);
	assert_int_equal(a.oplock, EXCL);
	assert_false(tsmb_oplock_next_notify(srv, c1, &op, &level));
	tsmb_file_detach(srv, &b);
	/* READ_CONTROL makes it a real open */
	make(&b, c2, 0);
	b.access = FILE_READ_ATTRIBUTES | READ_CONTROL;
	assert_int_equal(attach(&b, NONE, false, false, NULL), STATUS_PENDING);
	assert_int_equal(a.oplock_break_to, II);
	assert_int_equal(tsmb_oplock_ack(srv, &a, NONE, &level).v, STATUS_SUCCESS);
	tsmb_file_detach(srv, &a);
	make(&a, c1, 0);
	assert_int_equal(attach(&a, EXCL, false, false, NULL), STATUS_SUCCESS);
	/* unless it overwrites */
	make(&b, c2, 0);
	b.access = FILE_READ_ATTRIBUTES;
	assert_int_equal(attach(&b, II, true, false, NULL), STATUS_PENDING);
	assert_int_equal(a.oplock_break_to, NONE);
}

static void test_delete_pending(void **state)
{
	struct tsmb_open *op;
	uint8_t level;

	make(&a, c1, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
	make(&b, c2, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
	assert_int_equal(attach(&a, BATCH, false, false, NULL), STATUS_SUCCESS);
	tsmb_file_set_delete_pending(srv, a.file, true);
	assert_int_equal(attach(&b, NONE, false, false, NULL), STATUS_DELETE_PENDING);
	assert_false(a.oplock_breaking);
	assert_false(tsmb_oplock_next_notify(srv, c1, &op, &level));
	tsmb_file_set_delete_pending(srv, a.file, false);
}

static void test_queued_close(void **state)
{
	struct tsmb_open *op;
	uint8_t level;

	/* an open that closes before its notification went takes it along */
	make(&a, c1, FILE_SHARE_READ | FILE_SHARE_WRITE);
	make(&b, c2, FILE_SHARE_READ | FILE_SHARE_WRITE);
	assert_int_equal(attach(&a, BATCH, false, false, NULL), STATUS_SUCCESS);
	assert_int_equal(attach(&b, NONE, false, false, NULL), STATUS_PENDING);
	tsmb_file_detach(srv, &a);
	assert_false(tsmb_oplock_next_notify(srv, c1, &op, &level));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grant_level),
		cmocka_unit_test(test_break_and_ack),
		cmocka_unit_test_setup_teardown(test_batch_break_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overwrite_breaks_to_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sharing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_wakes_waiter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_force, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level2_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queued_close, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
