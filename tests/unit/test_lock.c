// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/lock.c: the range arithmetic of [MS-FSA] 2.1.5.8 and 2.1.4.10
 * against a reference written from the spec's text with 128-bit sums,
 * and the byte-range lock table on a shared file: stacking, conflicts
 * between opens, zero-length locks, unlock order, all-or-nothing lock
 * requests, READ/WRITE conflicts, waiters woken by a release and by a
 * close. Requests are built as LOCK's decoder sees them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/conn/conn.h"
#include "core/server_priv.h"
#include "core/vfs/file_table.h"
#include "core/vfs/lock.h"
#include "core/vfs/oplock.h"
#include "core/wire/fscc.h"
#include "core/wire/lock.h"
#include "host.h"

/* share access is the point here, not oplocks */
#define NO_OPLOCK	(&(struct tsmb_oplock_req){ 0 })
#include "tsmb_test.h"

/* --- ranges --- */

static bool ref_valid(uint64_t off, uint64_t len)
{
	return !len || (unsigned __int128)off + len - 1 <= UINT64_MAX;
}

/* 2.1.4.10 literally: {0,0} never overlaps; else the last bytes compare. */
static bool ref_overlap(uint64_t o1, uint64_t l1, uint64_t o2, uint64_t l2)
{
	__int128 last1 = (__int128)o1 + l1 - 1, last2 = (__int128)o2 + l2 - 1;

	if ((!o1 && !l1) || (!o2 && !l2))
		return false;
	return (__int128)o1 <= last2 && (__int128)o2 <= last1;
}

static const uint64_t edges[] = {
	0, 1, 2, 9, 10, 11, 12, 0x7fffffffffffffffull, 0x8000000000000000ull,
	0xfffffffffffffffeull, UINT64_MAX,
};

static void check_overlap(uint64_t o1, uint64_t l1, uint64_t o2, uint64_t l2)
{
	if (ref_valid(o1, l1) && ref_valid(o2, l2))
		assert_int_equal(tsmb_lock_ranges_overlap(o1, l1, o2, l2),
				 ref_overlap(o1, l1, o2, l2));
}

static void test_ranges(void **state)
{
	size_t a, b, n = sizeof(edges) / sizeof(edges[0]);

	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++)
			assert_int_equal(tsmb_lock_range_valid(edges[a], edges[b]),
					 ref_valid(edges[a], edges[b]));
	for (a = 0; a < n * n; a++)
		for (b = 0; b < n * n; b++)
			check_overlap(edges[a / n], edges[a % n], edges[b / n], edges[b % n]);
	/* smbtorture's zero-length table: a lock at 10 of length 0 */
	assert_false(tsmb_lock_ranges_overlap(10, 0, 10, 0));
	assert_false(tsmb_lock_ranges_overlap(10, 0, 9, 1));
	assert_false(tsmb_lock_ranges_overlap(10, 0, 10, 1));
	assert_false(tsmb_lock_ranges_overlap(10, 0, 11, 1));
	assert_true(tsmb_lock_ranges_overlap(10, 0, 9, 2));
	assert_false(tsmb_lock_ranges_overlap(10, 0, 10, 2));
	assert_true(tsmb_lock_ranges_overlap(10, 0, 9, 3));
	/* the last byte there is may be locked; one past it may not */
	assert_true(tsmb_lock_range_valid(UINT64_MAX, 1));
	assert_false(tsmb_lock_range_valid(UINT64_MAX, 2));
	assert_false(tsmb_lock_range_valid(UINT64_MAX, UINT64_MAX));
}

/* --- the table --- */

static struct tsmb_server *srv;
static struct tsmb_conn *conn;
static struct tsmb_open a, b;

static int setup(void **state)
{
	unsigned int i;

	srv = calloc(1, sizeof(*srv));
	conn = calloc(1, sizeof(*conn));
	assert_true(srv && conn);
	tsmb_os_mutex_init(&srv->files_lock);
	tsmb_list_init(&srv->oplock_notify);
	tsmb_list_init(&srv->oplock_waiters);
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		tsmb_list_init(&srv->file_buckets[i]);
	conn->srv = srv;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.conn = b.conn = conn;
	a.access = b.access = FILE_READ_DATA | FILE_WRITE_DATA;
	a.share_access = b.share_access = FILE_SHARE_READ | FILE_SHARE_WRITE;
	assert_int_equal(tsmb_file_attach(srv, &a, 1, 77, false, NO_OPLOCK).v, STATUS_SUCCESS);
	assert_int_equal(tsmb_file_attach(srv, &b, 1, 77, false, NO_OPLOCK).v, STATUS_SUCCESS);
	return 0;
}

static int teardown(void **state)
{
	unsigned int i;

	tsmb_lock_close(&a);
	tsmb_lock_close(&b);
	assert_int_equal(a.file->nr_locks, 0);
	assert_true(tsmb_list_empty(&a.file->locks));
	assert_null(tsmb_file_detach(srv, &a));
	assert_null(tsmb_file_detach(srv, &b));
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		if (!tsmb_list_empty(&srv->file_buckets[i]))
			fail_msg("a file leaked");
	tsmb_os_mutex_destroy(&srv->files_lock);
	free(srv);
	free(conn);
	return 0;
}

/* A LOCK request body with the elements given, decoded and classified. */
struct elem {
	uint64_t off, len;
	uint32_t flags;
};

/* The request points into body, which must outlive it. */
static struct tsmb_lock_req decode(struct t_msg *body, const struct elem *e, unsigned int n)
{
	struct tsmb_lock_req lr;
	unsigned int i;

	body->n = 0;
	t_u16(body, 48);
	t_u16(body, (uint16_t)n);
	t_u32(body, 0);
	t_u64(body, 1);
	t_u64(body, 1);
	for (i = 0; i < n; i++) {
		t_u64(body, e[i].off);
		t_u64(body, e[i].len);
		t_u32(body, e[i].flags);
		t_u32(body, 0);
	}
	assert_int_equal(tsmb_lock_req_decode(body->b, body->n, &lr).v, STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_req_classify(&lr).v, STATUS_SUCCESS);
	return lr;
}

/* for requests a test keeps while it takes other locks */
static struct t_msg held;

#define SH	(SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
#define EX	(SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
#define UN	SMB2_LOCKFLAG_UNLOCK

static uint32_t lk(struct tsmb_open *op, uint64_t off, uint64_t len, uint32_t flags)
{
	static struct t_msg body;
	struct elem e = { off, len, flags };
	struct tsmb_lock_req lr = decode(&body, &e, 1);

	if (lr.unlock)
		return tsmb_lock_release(op, &lr).v;
	return tsmb_lock_acquire(op, &lr, NULL).v;
}

static void test_stacking(void **state)
{
	/* shared on shared, shared on one's own exclusive: yes */
	assert_int_equal(lk(&a, 0, 10, SH), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 0, 10, SH), STATUS_SUCCESS);
	assert_int_equal(lk(&b, 5, 10, SH), STATUS_SUCCESS);
	/* exclusive over any shared, one's own too: no */
	assert_int_equal(lk(&a, 0, 10, EX), STATUS_LOCK_NOT_GRANTED);
	assert_int_equal(lk(&a, 0, 10, UN), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 0, 10, UN), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 0, 10, UN), STATUS_RANGE_NOT_LOCKED);
	assert_int_equal(lk(&b, 5, 10, UN), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 20, 10, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 20, 10, SH), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 25, 1, EX), STATUS_LOCK_NOT_GRANTED);
	assert_int_equal(lk(&b, 29, 5, SH), STATUS_LOCK_NOT_GRANTED);
	/* unlock takes the exclusive lock first: b may then share */
	assert_int_equal(lk(&a, 20, 10, UN), STATUS_SUCCESS);
	assert_int_equal(lk(&b, 29, 5, SH), STATUS_SUCCESS);
	assert_int_equal(lk(&b, 29, 5, EX), STATUS_LOCK_NOT_GRANTED);
	/* an unlock must name the exact range, of the same open */
	assert_int_equal(lk(&b, 29, 4, UN), STATUS_RANGE_NOT_LOCKED);
	assert_int_equal(lk(&a, 29, 5, UN), STATUS_RANGE_NOT_LOCKED);
	assert_int_equal(a.file->nr_locks, 2);
}

static void test_zero_length_and_limits(void **state)
{
	assert_int_equal(lk(&a, 10, 0, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&b, 10, 0, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&b, 10, 2, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&b, 9, 2, EX), STATUS_LOCK_NOT_GRANTED);
	assert_int_equal(lk(&a, 0, UINT64_MAX, EX), STATUS_LOCK_NOT_GRANTED);
	/* up to the last byte but one; {0, 0} conflicts with nothing */
	assert_int_equal(lk(&a, 100, UINT64_MAX - 100, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&b, 0, 0, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&b, UINT64_MAX - 1, 1, SH), STATUS_LOCK_NOT_GRANTED);
	assert_int_equal(lk(&b, UINT64_MAX, 2, SH), STATUS_INVALID_LOCK_RANGE);
	assert_int_equal(lk(&b, UINT64_MAX, 2, UN), STATUS_INVALID_LOCK_RANGE);
	assert_int_equal(lk(&a, 100, UINT64_MAX - 100, UN), STATUS_SUCCESS);
	assert_int_equal(lk(&b, UINT64_MAX, 1, SH), STATUS_SUCCESS);
}

static void test_all_or_nothing(void **state)
{
	const struct elem two[] = { { 0, 10, EX }, { 10, 10, EX } };
	const struct elem unl[] = { { 0, 10, UN }, { 10, 10, UN }, { 50, 1, EX } };
	struct tsmb_lock_req lr;

	assert_int_equal(lk(&b, 15, 1, SH), STATUS_SUCCESS);
	/* the second conflicts: the first is released again */
	lr = decode(&held, two, 2);
	assert_int_equal(tsmb_lock_acquire(&a, &lr, NULL).v, STATUS_LOCK_NOT_GRANTED);
	assert_int_equal(a.file->nr_locks, 1);
	assert_int_equal(lk(&b, 15, 1, UN), STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_acquire(&a, &lr, NULL).v, STATUS_SUCCESS);
	/* unlocks go in order, up to the element that is not one */
	lr = decode(&held, unl, 3);
	assert_true(lr.unlock);
	assert_int_equal(lr.nr_valid, 2);
	assert_int_equal(tsmb_lock_release(&a, &lr).v, STATUS_SUCCESS);
	assert_int_equal(a.file->nr_locks, 0);
	/* a failed unlock keeps what was unlocked before it */
	assert_int_equal(lk(&a, 0, 10, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 20, 10, EX), STATUS_SUCCESS);
	lr = decode(&held, unl, 2);
	assert_int_equal(tsmb_lock_release(&a, &lr).v, STATUS_RANGE_NOT_LOCKED);
	assert_int_equal(a.file->nr_locks, 1);
	assert_int_equal(lk(&a, 20, 10, UN), STATUS_SUCCESS);
}

static void test_io(void **state)
{
	assert_int_equal(lk(&a, 100, 100, EX), STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_check_io(&a, 150, 10, true).v, STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_check_io(&b, 150, 10, false).v, STATUS_FILE_LOCK_CONFLICT);
	assert_int_equal(tsmb_lock_check_io(&b, 199, 1, true).v, STATUS_FILE_LOCK_CONFLICT);
	assert_int_equal(tsmb_lock_check_io(&b, 200, 10, true).v, STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_check_io(&b, 0, 100, true).v, STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_check_io(&b, 150, 0, true).v, STATUS_SUCCESS);
	assert_int_equal(lk(&a, 100, 100, UN), STATUS_SUCCESS);
	/* a shared lock bars every open's writes, its owner's too, no reads */
	assert_int_equal(lk(&a, 0, 10, SH), STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_check_io(&a, 5, 1, true).v, STATUS_FILE_LOCK_CONFLICT);
	assert_int_equal(tsmb_lock_check_io(&b, 5, 1, true).v, STATUS_FILE_LOCK_CONFLICT);
	assert_int_equal(tsmb_lock_check_io(&b, 5, 1, false).v, STATUS_SUCCESS);
	/* ranges reaching the end of the 64-bit space are clipped, not wrapped */
	assert_int_equal(tsmb_lock_check_io(&b, 1, UINT64_MAX, true).v,
			 STATUS_FILE_LOCK_CONFLICT);
}

static int woken, closed;

static void on_wake(struct tsmb_lock_waiter *w)
{
	woken++;
}

static void on_closed(struct tsmb_lock_waiter *w)
{
	closed++;
}

static void test_waiters(void **state)
{
	struct elem e = { 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK };
	struct tsmb_lock_waiter w = { .wake = on_wake, .closed = on_closed };
	struct tsmb_lock_req lr = decode(&held, &e, 1);

	woken = closed = 0;
	assert_true(lr.blocking);
	assert_int_equal(lk(&a, 5, 1, SH), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 6, 1, SH), STATUS_SUCCESS);
	/* without a waiter a blocking request just fails */
	assert_int_equal(tsmb_lock_acquire(&b, &lr, NULL).v, STATUS_LOCK_NOT_GRANTED);
	assert_int_equal(tsmb_lock_acquire(&b, &lr, &w).v, STATUS_PENDING);
	/* not woken: the retry does not even look */
	assert_int_equal(tsmb_lock_wait_retry(&w).v, STATUS_PENDING);
	/* one release wakes it, once; the other lock still stands in the way */
	assert_int_equal(lk(&a, 5, 1, UN), STATUS_SUCCESS);
	assert_int_equal(woken, 1);
	assert_int_equal(tsmb_lock_wait_retry(&w).v, STATUS_PENDING);
	assert_int_equal(lk(&a, 6, 1, UN), STATUS_SUCCESS);
	assert_int_equal(woken, 2);
	assert_int_equal(tsmb_lock_wait_retry(&w).v, STATUS_SUCCESS);
	assert_true(tsmb_list_empty(&b.file->lock_waiters));
	assert_int_equal(lk(&a, 0, 1, SH), STATUS_LOCK_NOT_GRANTED);
	assert_int_equal(lk(&b, 0, 10, UN), STATUS_SUCCESS);

	/* the holder's close wakes; the waiter's own close tells it */
	assert_int_equal(lk(&a, 0, 1, EX), STATUS_SUCCESS);
	assert_int_equal(tsmb_lock_acquire(&b, &lr, &w).v, STATUS_PENDING);
	tsmb_lock_close(&b);
	assert_int_equal(closed, 1);
	assert_true(tsmb_list_empty(&a.file->lock_waiters));
	assert_int_equal(tsmb_lock_acquire(&b, &lr, &w).v, STATUS_PENDING);
	tsmb_lock_close(&a);
	assert_int_equal(woken, 3);
	assert_int_equal(tsmb_lock_wait_retry(&w).v, STATUS_SUCCESS);
	/* cancel takes a waiter off, twice is harmless */
	assert_int_equal(lk(&a, 0, 1, SH), STATUS_LOCK_NOT_GRANTED);
	e.flags = SMB2_LOCKFLAG_SHARED_LOCK;
	lr = decode(&held, &e, 1);
	assert_int_equal(tsmb_lock_acquire(&a, &lr, &w).v, STATUS_PENDING);
	tsmb_lock_wait_cancel(&w);
	tsmb_lock_wait_cancel(&w);
	assert_true(tsmb_list_empty(&a.file->lock_waiters));
}

static void test_limit(void **state)
{
	unsigned int i;

	for (i = 0; i < TSMB_FILE_MAX_LOCKS; i++)
		assert_int_equal(lk(i & 1 ? &a : &b, 2 * (uint64_t)i, 1, EX), STATUS_SUCCESS);
	assert_int_equal(lk(&a, 1, 1, EX), STATUS_INSUFFICIENT_RESOURCES);
	/* released by their opens' close (teardown) */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges),
		cmocka_unit_test_setup_teardown(test_stacking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_length_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_io, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
