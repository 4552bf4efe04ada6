// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The file I/O commands end to end below the dispatcher: core/smb2/
 * {create,close,flush,read,write}.c with core/vfs/ and the posix file
 * layer, on a scratch directory as the share. Requests are built as
 * clients send them and handed to the handlers with a connection, session
 * and tree as the dispatcher would set them up; the responses are read
 * back field by field. Permission cases run as "nobody" through the
 * identity contract when the test runs as root.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cmocka.h>
#include <tsmb/os/ident.h>
#include <tsmb/os/log.h>
#include <tsmb/os/mem.h>

#include "core/vfs/open.h"
#include "core/wire/create.h"
#include "core/wire/write.h"
#include "core/wire/fscc.h"
#include "fixture_share.h"
#include "host.h"

static struct t_fixture fx;

static struct t_msg msg;
static uint8_t rsp[70000];
static size_t rsp_len;
static void *extra;
static size_t extra_len;
static size_t extra_headroom;

static int setup(void **state)
{
	t_fixture_setup(&fx, "fileio");
	return 0;
}

static int teardown(void **state)
{
	t_fixture_teardown(&fx);
	return 0;
}

/* --- requests --- */

static void hdr(uint16_t cmd, uint32_t flags)
{
	struct t_hdr h = { .cmd = cmd, .mid = 9, .credits = 1, .flags = flags };

	msg.n = 0;
	t_hdr(&msg, &h);
}

/* Runs one handler on msg, as the dispatcher would; returns the status. */
static uint32_t run(struct tsmb_status (*fn)(struct tsmb_req *))
{
	struct tsmb_req req;
	struct tsmb_status st;

	if (extra)
		tsmb_os_free((uint8_t *)extra - extra_headroom);
	extra = NULL;
	extra_headroom = 0;
	extra_len = 0;
	st = t_fixture_run(&fx, &msg, &req, rsp, sizeof(rsp), &rsp_len, fn);
	extra = req.extra;
	extra_len = req.extra_len;
	extra_headroom = req.extra_headroom;
	if (!tsmb_st_ok(st))
		assert_null(extra);
	return st.v;
}

struct t_cctx {
	const char *name;
	const void *data;
	uint32_t len;
};

static void create_msg(const char *name, uint32_t access, uint32_t share_access,
		       uint32_t disp, uint32_t options, uint32_t attrs,
		       const struct t_cctx *c, unsigned int nc)
{
	size_t i, first = 0, prev = 0;

	hdr(SMB2_CREATE, 0);
	t_create_body(&msg, name, access, share_access, disp, options, attrs);
	t_append(&msg, NULL, 1);
	for (i = 0; i < nc; i++) {
		size_t at;

		t_pad8(&msg);
		at = msg.n;
		if (i)
			t_put32(msg.b + prev, (uint32_t)(at - prev));
		else
			first = at;
		prev = at;
		t_u32(&msg, 0);
		t_u16(&msg, 16);
		t_u16(&msg, 4);
		t_u16(&msg, 0);
		t_u16(&msg, c[i].len ? 24 : 0);
		t_u32(&msg, c[i].len);
		t_append(&msg, c[i].name, 4);
		if (c[i].len) {
			t_pad8(&msg);
			t_append(&msg, c[i].data, c[i].len);
		}
	}
	if (nc) {
		t_put32(msg.b + 64 + 48, (uint32_t)first);
		t_put32(msg.b + 64 + 52, (uint32_t)(msg.n - first));
	}
}

#define RW	(FILE_GENERIC_READ | FILE_GENERIC_WRITE)
#define SHARE_ALL	FILE_SHARE_VALID

/* CREATE; on success *id is the FileId. */
static uint32_t do_create(const char *name, uint32_t access, uint32_t share_access,
			  uint32_t disp, uint32_t options, uint64_t *id)
{
	uint32_t st;

	create_msg(name, access, share_access, disp, options, 0, NULL, 0);
	st = run(tsmb_smb2_create);
	if (st == STATUS_SUCCESS) {
		assert_int_equal(t_get16(rsp + 64), 89);
		assert_int_equal(t_get64(rsp + 64 + 64), t_get64(rsp + 64 + 72));
		if (id)
			*id = t_get64(rsp + 64 + 64);
	}
	return st;
}

static uint64_t open_ok(const char *name, uint32_t access, uint32_t disp, uint32_t options)
{
	uint64_t id = 0;
	uint32_t st = do_create(name, access, SHARE_ALL, disp, options, &id);

	if (st != STATUS_SUCCESS)
		fail_msg("open \"%s\": 0x%08x", name, st);
	return id;
}

static uint32_t create_action(void)
{
	return t_get32(rsp + 64 + 4);
}

static void fid_msg(uint16_t cmd, uint16_t ssize, uint16_t flags, uint64_t id)
{
	hdr(cmd, 0);
	t_u16(&msg, ssize);
	t_u16(&msg, flags);
	t_u32(&msg, 0);
	t_u64(&msg, id);
	t_u64(&msg, id);
}

static uint32_t do_close(uint64_t id, bool post)
{
	fid_msg(SMB2_CLOSE, 24, post ? 1 : 0, id);
	return run(tsmb_smb2_close);
}

static uint32_t do_flush(uint64_t id)
{
	fid_msg(SMB2_FLUSH, 24, 0, id);
	return run(tsmb_smb2_flush);
}

static uint32_t do_write(uint64_t id, uint64_t off, const void *data, uint32_t len,
			 uint32_t flags)
{
	hdr(SMB2_WRITE, 0);
	t_u16(&msg, 49);
	t_u16(&msg, 0x70);
	t_u32(&msg, len);
	t_u64(&msg, off);
	t_u64(&msg, id);
	t_u64(&msg, id);
	t_u32(&msg, 0);
	t_u32(&msg, 0);
	t_u16(&msg, 0);
	t_u16(&msg, 0);
	t_u32(&msg, flags);
	if (len)
		t_append(&msg, data, len);
	else
		t_append(&msg, NULL, 1);
	return run(tsmb_smb2_write);
}

static uint32_t read_msg(uint64_t id, uint64_t off, uint32_t len, uint32_t min, uint32_t flags)
{
	hdr(SMB2_READ, flags);
	t_u16(&msg, 49);
	t_u16(&msg, 0);
	t_u32(&msg, len);
	t_u64(&msg, off);
	t_u64(&msg, id);
	t_u64(&msg, id);
	t_u32(&msg, min);
	t_u32(&msg, 0);
	t_u32(&msg, 0);
	t_u16(&msg, 0);
	t_u16(&msg, 0);
	t_append(&msg, NULL, 1);
	return run(tsmb_smb2_read);
}

static uint32_t do_read(uint64_t id, uint64_t off, uint32_t len, uint32_t min)
{
	return read_msg(id, off, len, min, 0);
}

/* The data of the last READ, wherever the handler put it. */
static const uint8_t *read_data(uint32_t *len)
{
	*len = t_get32(rsp + 64 + 4);
	assert_int_equal(rsp[64 + 2], 0x50);
	if (extra) {
		assert_int_equal(extra_len, *len);
		assert_int_equal(rsp_len, 64 + 16);
		return extra;
	}
	assert_int_equal(rsp_len, 64 + 16 + (*len ? *len : 1));
	return rsp + 64 + 16;
}

static bool exists(const char *name)
{
	char p[256];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", fx.dir, name);
	return lstat(p, &st) == 0;
}

static void make_file(const char *name, const char *content, mode_t mode)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", fx.dir, name);
	fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	fchmod(fd, mode);
	close(fd);
}

static void make_dir(const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", fx.dir, name);
	assert_int_equal(mkdir(p, 0755), 0);
}

static struct tsmb_open *find_open(uint64_t id)
{
	return tsmb_idmap_find(&fx.conn->opens, id);
}

/* --- tests --- */

static void test_create_write_read_close(void **state)
{
	static const char hello[] = "hello, world";
	const uint8_t *d;
	uint32_t len;
	uint64_t id;

	id = open_ok("new.txt", RW, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE);
	assert_int_equal(create_action(), FILE_CREATED);
	assert_int_equal(t_get32(rsp + 64 + 56), FILE_ATTRIBUTE_ARCHIVE);
	assert_int_equal(fx.cmp.file_id, id);
	assert_true(exists("new.txt"));
	assert_int_equal(do_write(id, 0, hello, sizeof(hello) - 1, 0), STATUS_SUCCESS);
	assert_int_equal(t_get32(rsp + 64 + 4), sizeof(hello) - 1);
	assert_int_equal(do_read(id, 0, 100, 0), STATUS_SUCCESS);
	d = read_data(&len);
	assert_int_equal(len, sizeof(hello) - 1);
	assert_memory_equal(d, hello, len);
	assert_int_equal(do_read(id, 7, 5, 5), STATUS_SUCCESS);
	d = read_data(&len);
	assert_memory_equal(d, "world", 5);
	/* FilePositionInformation follows the I/O */
	assert_int_equal(find_open(id)->position, 12);
	assert_int_equal(do_write(id, 2, "LL", 2, 0), STATUS_SUCCESS);
	assert_int_equal(find_open(id)->position, 4);
	assert_int_equal(do_flush(id), STATUS_SUCCESS);
	assert_int_equal(do_close(id, true), STATUS_SUCCESS);
	assert_int_equal(t_get16(rsp + 64), 60);
	assert_int_equal(t_get16(rsp + 64 + 2), 1);
	assert_int_equal(t_get64(rsp + 64 + 48), sizeof(hello) - 1);
	assert_int_equal(t_get32(rsp + 64 + 56), FILE_ATTRIBUTE_ARCHIVE);
	/* closed means closed */
	assert_int_equal(do_close(id, false), STATUS_FILE_CLOSED);
	assert_int_equal(do_read(id, 0, 1, 0), STATUS_FILE_CLOSED);
	/* opened again: the data is there */
	id = open_ok("new.txt", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(create_action(), FILE_OPENED);
	assert_int_equal(t_get64(rsp + 64 + 48), sizeof(hello) - 1);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	assert_int_equal(t_get16(rsp + 64 + 2), 0);
	assert_int_equal(t_get64(rsp + 64 + 48), 0);
}

static void test_dispositions(void **state)
{
	uint64_t id;

	make_file("f", "0123456789", 0644);
	assert_int_equal(do_create("f", RW, SHARE_ALL, FILE_CREATE, 0, &id),
			 STATUS_OBJECT_NAME_COLLISION);
	assert_int_equal(do_create("absent", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	assert_int_equal(do_create("absent", RW, SHARE_ALL, FILE_OVERWRITE, 0, &id),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	assert_false(exists("absent"));
	id = open_ok("f", RW, FILE_OPEN_IF, 0);
	assert_int_equal(create_action(), FILE_OPENED);
	assert_int_equal(t_get64(rsp + 64 + 48), 10);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	id = open_ok("f", RW, FILE_OVERWRITE, 0);
	assert_int_equal(create_action(), FILE_OVERWRITTEN);
	assert_int_equal(t_get64(rsp + 64 + 48), 0);
	assert_int_equal(do_write(id, 0, "abc", 3, 0), STATUS_SUCCESS);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	id = open_ok("f", RW, FILE_SUPERSEDE, 0);
	assert_int_equal(create_action(), FILE_SUPERSEDED);
	assert_int_equal(t_get64(rsp + 64 + 48), 0);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	id = open_ok("g", RW, FILE_SUPERSEDE, 0);
	assert_int_equal(create_action(), FILE_CREATED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	id = open_ok("h", RW, FILE_CREATE, 0);
	assert_int_equal(create_action(), FILE_CREATED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	id = open_ok("i", RW, FILE_OPEN_IF, 0);
	assert_int_equal(create_action(), FILE_CREATED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
}

static void test_paths(void **state)
{
	uint64_t id;

	make_dir("d");
	make_file("d/f", "x", 0644);
	make_file("plain", "x", 0644);
	id = open_ok("d\\f", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	assert_int_equal(do_create("nodir\\f", RW, SHARE_ALL, FILE_OPEN_IF, 0, &id),
			 STATUS_OBJECT_PATH_NOT_FOUND);
	assert_int_equal(do_create("d\\nofile", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_OBJECT_NAME_NOT_FOUND);
	/* a file used as a directory */
	assert_int_equal(do_create("plain\\f", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_OBJECT_PATH_NOT_FOUND);
	assert_int_equal(do_create("\\d", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_INVALID_PARAMETER);
	assert_int_equal(do_create("d\\..\\plain", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_OBJECT_NAME_INVALID);
	assert_int_equal(do_create("plain:stream", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_OBJECT_NAME_INVALID);
	id = open_ok("plain::$DATA", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	/* the share root: an empty name */
	id = open_ok("", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(t_get32(rsp + 64 + 56) & FILE_ATTRIBUTE_DIRECTORY,
			 FILE_ATTRIBUTE_DIRECTORY);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	assert_int_equal(do_create("", RW, SHARE_ALL, FILE_CREATE, FILE_DIRECTORY_FILE, &id),
			 STATUS_OBJECT_NAME_COLLISION);
	assert_int_equal(do_create("", RW, SHARE_ALL, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &id),
			 STATUS_FILE_IS_A_DIRECTORY);
}

static void test_symlinks(void **state)
{
	char p[256];
	uint64_t id;

	snprintf(p, sizeof(p), "%s/out", fx.dir);
	assert_int_equal(symlink("/etc", p), 0);
	snprintf(p, sizeof(p), "%s/in", fx.dir);
	assert_int_equal(symlink(".", p), 0);
	/* leaving the share, or a final symlink: refused */
	assert_int_equal(do_create("out\\passwd", FILE_GENERIC_READ, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("out", FILE_GENERIC_READ, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_ACCESS_DENIED);
	/* an intermediate one that stays inside is followed */
	make_file("target", "t", 0644);
	id = open_ok("in\\target", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
}

static void test_directories(void **state)
{
	uint64_t id, f;

	id = open_ok("sub", FILE_GENERIC_READ, FILE_CREATE, FILE_DIRECTORY_FILE);
	assert_int_equal(create_action(), FILE_CREATED);
	assert_int_equal(t_get32(rsp + 64 + 56), FILE_ATTRIBUTE_DIRECTORY);
	assert_int_equal(t_get64(rsp + 64 + 48), 0);
	/* I/O on a directory handle */
	assert_int_equal(do_read(id, 0, 10, 0), STATUS_INVALID_DEVICE_REQUEST);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	assert_int_equal(do_create("sub", RW, SHARE_ALL, FILE_CREATE, FILE_DIRECTORY_FILE, &id),
			 STATUS_OBJECT_NAME_COLLISION);
	id = open_ok("sub", FILE_GENERIC_READ, FILE_OPEN_IF, FILE_DIRECTORY_FILE);
	assert_int_equal(create_action(), FILE_OPENED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	assert_int_equal(do_create("sub", RW, SHARE_ALL, FILE_OPEN, FILE_NON_DIRECTORY_FILE, &id),
			 STATUS_FILE_IS_A_DIRECTORY);
	/* without options, an existing directory opens as one, write access and all */
	id = open_ok("sub", RW, FILE_OPEN, 0);
	assert_int_equal(do_write(id, 0, "x", 1, 0), STATUS_INVALID_DEVICE_REQUEST);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	assert_int_equal(do_create("sub", RW, SHARE_ALL, FILE_OVERWRITE_IF, 0, &id),
			 STATUS_FILE_IS_A_DIRECTORY);
	f = open_ok("sub\\file", RW, FILE_CREATE, FILE_NON_DIRECTORY_FILE);
	assert_int_equal(do_close(f, false), STATUS_SUCCESS);
	assert_int_equal(do_create("sub\\file", RW, SHARE_ALL, FILE_OPEN, FILE_DIRECTORY_FILE,
				   &id), STATUS_NOT_A_DIRECTORY);
	/* a directory is created or opened, never overwritten */
	assert_int_equal(do_create("sub2", RW, SHARE_ALL, FILE_OVERWRITE_IF, FILE_DIRECTORY_FILE,
				   &id), STATUS_INVALID_PARAMETER);
	assert_int_equal(do_create("sub2", RW, SHARE_ALL, FILE_OPEN,
				   FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE, &id),
			 STATUS_INVALID_PARAMETER);
}

static void test_bad_arguments(void **state)
{
	uint64_t id;

	create_msg("x", RW, SHARE_ALL, FILE_OPEN_IF, 0, 0, NULL, 0);
	t_put32(msg.b + 64 + 4, 4);
	assert_int_equal(run(tsmb_smb2_create), STATUS_BAD_IMPERSONATION_LEVEL);
	assert_int_equal(do_create("x", RW, SHARE_ALL, 6, 0, &id), STATUS_INVALID_PARAMETER);
	assert_int_equal(do_create("x", RW, 8, FILE_OPEN_IF, 0, &id), STATUS_INVALID_PARAMETER);
	assert_int_equal(do_create("x", 0x00000200, SHARE_ALL, FILE_OPEN_IF, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("x", RW, SHARE_ALL, FILE_OPEN_IF, FILE_OPEN_BY_FILE_ID, &id),
			 STATUS_NOT_SUPPORTED);
	assert_int_equal(do_create("x", RW, SHARE_ALL, FILE_OPEN_IF, FILE_RESERVE_OPFILTER, &id),
			 STATUS_NOT_SUPPORTED);
	assert_int_equal(do_create("x", RW, SHARE_ALL, FILE_OPEN_IF, 0x01000000, &id),
			 STATUS_INVALID_PARAMETER);
	/* no access at all, and reserved bits first, whatever else is wrong */
	assert_int_equal(do_create("x", 0, SHARE_ALL, FILE_OPEN_IF, 0, &id), STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("x", SYNCHRONIZE, SHARE_ALL, FILE_OPEN_IF, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("x", 0x08000000, SHARE_ALL, 9, 0, &id), STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("x", RW, SHARE_ALL, FILE_OPEN_IF, FILE_DELETE_ON_CLOSE, &id),
			 STATUS_INVALID_PARAMETER);
	create_msg("x", RW, SHARE_ALL, FILE_OPEN_IF, 0, 0x8, NULL, 0);
	assert_int_equal(run(tsmb_smb2_create), STATUS_INVALID_PARAMETER);
	/* ignored options: synchronous I/O flags */
	id = open_ok("x", RW, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
}

static void test_sharing(void **state)
{
	uint64_t a, b, c;

	a = 0;
	assert_int_equal(do_create("s", RW, FILE_SHARE_READ, FILE_CREATE, 0, &a), STATUS_SUCCESS);
	/* a denies write: no writer */
	assert_int_equal(do_create("s", FILE_GENERIC_WRITE, SHARE_ALL, FILE_OPEN, 0, &b),
			 STATUS_SHARING_VIOLATION);
	/* a reader must let a write */
	assert_int_equal(do_create("s", FILE_GENERIC_READ, FILE_SHARE_READ, FILE_OPEN, 0, &b),
			 STATUS_SHARING_VIOLATION);
	assert_int_equal(do_create("s", FILE_GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
				   FILE_OPEN, 0, &b), STATUS_SUCCESS);
	/* attributes only: always */
	assert_int_equal(do_create("s", FILE_READ_ATTRIBUTES, 0, FILE_OPEN, 0, &c),
			 STATUS_SUCCESS);
	/* an overwrite that share access refuses leaves the data alone */
	assert_int_equal(do_write(a, 0, "data", 4, 0), STATUS_SUCCESS);
	assert_int_equal(do_create("s", RW, SHARE_ALL, FILE_OVERWRITE_IF, 0, NULL),
			 STATUS_SHARING_VIOLATION);
	assert_int_equal(do_read(b, 0, 10, 0), STATUS_SUCCESS);
	assert_int_equal(t_get32(rsp + 64 + 4), 4);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	assert_int_equal(do_close(b, false), STATUS_SUCCESS);
	assert_int_equal(do_close(c, false), STATUS_SUCCESS);
	/* all gone: anything goes */
	b = open_ok("s", RW, FILE_OPEN, 0);
	assert_int_equal(do_close(b, false), STATUS_SUCCESS);
}

static void test_delete_on_close(void **state)
{
	uint64_t a, b;

	a = open_ok("doc", RW | DELETE, FILE_CREATE, FILE_DELETE_ON_CLOSE);
	b = open_ok("doc", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	/* marked when the delete-on-close open went: no new opens */
	assert_true(exists("doc"));
	assert_int_equal(do_create("doc", FILE_GENERIC_READ, SHARE_ALL, FILE_OPEN, 0, &a),
			 STATUS_DELETE_PENDING);
	assert_int_equal(do_close(b, true), STATUS_SUCCESS);
	assert_false(exists("doc"));
	/* a directory too */
	a = open_ok("docdir", FILE_GENERIC_READ | DELETE, FILE_CREATE,
		    FILE_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	assert_false(exists("docdir"));
	/* the share root cannot go: DELETE is never granted on it */
	assert_int_equal(do_create("", FILE_GENERIC_READ | DELETE, SHARE_ALL, FILE_OPEN,
				   FILE_DELETE_ON_CLOSE, &a), STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("", MAXIMUM_ALLOWED, SHARE_ALL, FILE_OPEN,
				   FILE_DELETE_ON_CLOSE, &a), STATUS_CANNOT_DELETE);
	/* nor a read-only file */
	make_file("ro", "x", 0444);
	assert_int_equal(do_create("ro", FILE_GENERIC_READ | DELETE, SHARE_ALL, FILE_OPEN,
				   FILE_DELETE_ON_CLOSE, &a), STATUS_CANNOT_DELETE);
	assert_true(exists("ro"));
	/* MAXIMUM_ALLOWED includes DELETE when it may be granted */
	a = open_ok("doc2", MAXIMUM_ALLOWED, FILE_CREATE, FILE_DELETE_ON_CLOSE);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	assert_false(exists("doc2"));
}

static void test_delete_pending(void **state)
{
	struct tsmb_open *op;
	uint64_t a, b, c;

	make_dir("full");
	make_file("full/x", "x", 0644);
	make_file("gone", "x", 0644);
	a = open_ok("gone", FILE_GENERIC_READ | DELETE, FILE_OPEN, 0);
	b = open_ok("gone", FILE_GENERIC_READ, FILE_OPEN, 0);
	op = find_open(b);
	assert_int_equal(tsmb_open_set_delete_pending(op, true).v, STATUS_ACCESS_DENIED);
	op = find_open(a);
	assert_int_equal(tsmb_open_set_delete_pending(op, true).v, STATUS_SUCCESS);
	assert_int_equal(do_create("gone", FILE_READ_ATTRIBUTES, SHARE_ALL, FILE_OPEN, 0, &c),
			 STATUS_DELETE_PENDING);
	assert_int_equal(tsmb_open_set_delete_pending(op, false).v, STATUS_SUCCESS);
	c = open_ok("gone", FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	assert_int_equal(do_close(c, false), STATUS_SUCCESS);
	assert_int_equal(tsmb_open_set_delete_pending(op, true).v, STATUS_SUCCESS);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	assert_true(exists("gone"));
	assert_int_equal(do_close(b, false), STATUS_SUCCESS);
	assert_false(exists("gone"));
	/* a directory with entries */
	a = open_ok("full", FILE_GENERIC_READ | DELETE, FILE_OPEN, FILE_DIRECTORY_FILE);
	assert_int_equal(tsmb_open_set_delete_pending(find_open(a), true).v,
			 STATUS_DIRECTORY_NOT_EMPTY);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	assert_true(exists("full"));
}

static void test_rename(void **state)
{
	struct tsmb_open *op;
	uint64_t a, b, c;

	make_file("r1", "one", 0644);
	make_file("r2", "two", 0644);
	make_dir("rd");
	make_file("rd/inner", "i", 0644);
	a = open_ok("r1", FILE_GENERIC_READ | DELETE, FILE_OPEN, 0);
	b = open_ok("r1", FILE_GENERIC_READ, FILE_OPEN, 0);
	op = find_open(a);
	assert_int_equal(tsmb_open_rename(op, "r2", false).v, STATUS_OBJECT_NAME_COLLISION);
	assert_int_equal(tsmb_open_rename(op, "nodir/r1", false).v,
			 STATUS_OBJECT_PATH_NOT_FOUND);
	assert_int_equal(tsmb_open_rename(op, "rd", true).v, STATUS_ACCESS_DENIED);
	assert_int_equal(tsmb_open_rename(op, "r3", false).v, STATUS_SUCCESS);
	assert_false(exists("r1"));
	assert_true(exists("r3"));
	/* every open of the file follows the name */
	assert_string_equal(find_open(a)->path, "r3");
	assert_string_equal(find_open(b)->path, "r3");
	assert_int_equal(tsmb_open_rename(op, "r2", true).v, STATUS_SUCCESS);
	assert_false(exists("r3"));
	assert_int_equal(do_read(b, 0, 10, 0), STATUS_SUCCESS);
	assert_int_equal(t_get32(rsp + 64 + 4), 3);
	/* an open file is not replaced */
	make_file("busy", "b", 0644);
	c = open_ok("busy", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(tsmb_open_rename(op, "busy", true).v, STATUS_ACCESS_DENIED);
	assert_int_equal(do_close(c, false), STATUS_SUCCESS);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	assert_int_equal(do_close(b, false), STATUS_SUCCESS);
	/* a directory with an open file below it stays where it is */
	a = open_ok("rd", FILE_GENERIC_READ | DELETE, FILE_OPEN, FILE_DIRECTORY_FILE);
	b = open_ok("rd\\inner", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(tsmb_open_rename(find_open(a), "rd2", false).v, STATUS_ACCESS_DENIED);
	assert_int_equal(do_close(b, false), STATUS_SUCCESS);
	assert_int_equal(tsmb_open_rename(find_open(a), "rd2", false).v, STATUS_SUCCESS);
	assert_true(exists("rd2/inner"));
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
	/* without DELETE access */
	a = open_ok("r2", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(tsmb_open_rename(find_open(a), "r9", false).v, STATUS_ACCESS_DENIED);
	assert_int_equal(do_close(a, false), STATUS_SUCCESS);
}

/* [MS-FSA] 2.1.5.14.11: opens of the directories involved can refuse a rename. */
static void test_rename_parent_open(void **state)
{
	uint64_t d, f;

	make_dir("pd");
	make_dir("other");
	make_file("pd/f", "f", 0644);
	f = open_ok("pd\\f", FILE_GENERIC_READ | DELETE, FILE_OPEN, 0);
	/* the directory open with DELETE access, even sharing delete */
	d = open_ok("pd", FILE_GENERIC_READ | DELETE, FILE_OPEN, FILE_DIRECTORY_FILE);
	assert_int_equal(tsmb_open_rename(find_open(f), "pd/g", false).v,
			 STATUS_SHARING_VIOLATION);
	assert_int_equal(do_close(d, false), STATUS_SUCCESS);
	/* ... or without sharing delete */
	assert_int_equal(do_create("pd", FILE_GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
				   FILE_OPEN, FILE_DIRECTORY_FILE, &d), STATUS_SUCCESS);
	assert_int_equal(tsmb_open_rename(find_open(f), "pd/g", false).v,
			 STATUS_SHARING_VIOLATION);
	assert_int_equal(do_close(d, false), STATUS_SUCCESS);
	/* the target's directory counts too */
	assert_int_equal(do_create("other", FILE_GENERIC_READ, 0, FILE_OPEN, FILE_DIRECTORY_FILE,
				   &d), STATUS_SUCCESS);
	assert_int_equal(tsmb_open_rename(find_open(f), "other/g", false).v,
			 STATUS_SHARING_VIOLATION);
	assert_int_equal(do_close(d, false), STATUS_SUCCESS);
	/* without DELETE, sharing everything: fine */
	d = open_ok("pd", FILE_GENERIC_READ, FILE_OPEN, FILE_DIRECTORY_FILE);
	assert_int_equal(tsmb_open_rename(find_open(f), "pd/g", false).v, STATUS_SUCCESS);
	assert_int_equal(tsmb_open_rename(find_open(f), "other/g", false).v, STATUS_SUCCESS);
	assert_true(exists("other/g"));
	assert_int_equal(do_close(d, false), STATUS_SUCCESS);
	assert_int_equal(do_close(f, false), STATUS_SUCCESS);
}

static void test_read_write_edges(void **state)
{
	static uint8_t big[300000];
	const uint8_t *d;
	uint32_t len, i;
	uint64_t id;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 31 + 7);
	id = open_ok("rw", RW, FILE_CREATE, 0);
	/* in pieces that fit a test message */
	for (i = 0; i < sizeof(big); i += 60000) {
		assert_int_equal(do_write(id, i, big + i, 60000, SMB2_WRITEFLAG_WRITE_THROUGH),
				 STATUS_SUCCESS);
		assert_int_equal(t_get32(rsp + 64 + 4), 60000);
	}
	/* a large read comes as the extra payload */
	assert_int_equal(do_read(id, 1000, 200000, 0), STATUS_SUCCESS);
	d = read_data(&len);
	assert_non_null(extra);
	assert_int_equal(len, 200000);
	assert_memory_equal(d, big + 1000, len);
	/* short at the end */
	assert_int_equal(do_read(id, sizeof(big) - 10, 100, 0), STATUS_SUCCESS);
	d = read_data(&len);
	assert_int_equal(len, 10);
	assert_int_equal(do_read(id, sizeof(big) - 10, 100, 11), STATUS_END_OF_FILE);
	assert_int_equal(do_read(id, sizeof(big) - 10, 10000, 11), STATUS_END_OF_FILE);
	/* at and past the end */
	assert_int_equal(do_read(id, sizeof(big), 10, 0), STATUS_END_OF_FILE);
	assert_int_equal(do_read(id, sizeof(big) + 5000, 5000, 0), STATUS_END_OF_FILE);
	/* empty reads succeed, even past the end; offsets stay signed */
	assert_int_equal(do_read(id, sizeof(big) + 5, 0, 0), STATUS_SUCCESS);
	d = read_data(&len);
	assert_int_equal(len, 0);
	assert_int_equal(do_read(id, 0x7fffffffffffffffull, 0, 0), STATUS_SUCCESS);
	assert_int_equal(do_read(id, 0x7fffffffffffffffull, 1, 0), STATUS_INVALID_PARAMETER);
	assert_int_equal(do_read(id, 0x7ffffffffffffffeull, 1, 0), STATUS_END_OF_FILE);
	assert_int_equal(do_read(id, 0x8000000000000000ull, 0, 0), STATUS_INVALID_PARAMETER);
	/* more than MaxReadSize */
	assert_int_equal(do_read(id, 0, 8 * 1024 * 1024 + 1, 0), STATUS_INVALID_PARAMETER);
	/* Windows refuses these writes: no "end of file" offset in SMB2 */
	assert_int_equal(do_write(id, ~0ull, "x", 1, 0), STATUS_INVALID_PARAMETER);
	assert_int_equal(do_write(id, ~0ull - 1, "x", 1, 0), STATUS_INVALID_PARAMETER);
	assert_int_equal(do_write(id, 0x7fffffffffffffffull, "", 0, 0), STATUS_SUCCESS);
	assert_int_equal(t_get32(rsp + 64 + 4), 0);
	assert_int_equal(do_write(id, 0x7fffffffffffffffull, "x", 1, 0),
			 STATUS_INVALID_PARAMETER);
	assert_int_equal(do_write(id, 0xfffffff0000ull, "x", 1, 0), STATUS_INVALID_PARAMETER);
	assert_int_equal(do_write(id, 0xfffffff0000ull - 1, "x", 1, 0), STATUS_DISK_FULL);
	assert_int_equal(do_write(id, 0xfffffff0000ull, "", 0, 0), STATUS_SUCCESS);
	/* a sparse write far out works */
	assert_int_equal(do_write(id, 1ull << 33, "z", 1, 0), STATUS_SUCCESS);
	assert_int_equal(do_read(id, (1ull << 33) - 1, 2, 2), STATUS_SUCCESS);
	d = read_data(&len);
	assert_int_equal(d[0], 0);
	assert_int_equal(d[1], 'z');
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
}

static void test_granted_access(void **state)
{
	uint64_t id;

	make_file("acc", "data", 0644);
	id = open_ok("acc", FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	assert_int_equal(do_read(id, 0, 4, 0), STATUS_ACCESS_DENIED);
	assert_int_equal(do_write(id, 0, "x", 1, 0), STATUS_ACCESS_DENIED);
	assert_int_equal(do_flush(id), STATUS_ACCESS_DENIED);
	assert_int_equal(do_close(id, true), STATUS_SUCCESS);
	assert_int_equal(t_get64(rsp + 64 + 48), 4);
	id = open_ok("acc", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(do_write(id, 0, "x", 1, 0), STATUS_ACCESS_DENIED);
	assert_int_equal(do_flush(id), STATUS_ACCESS_DENIED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	/* append only: the data goes to the end, whatever the offset */
	id = open_ok("acc", FILE_APPEND_DATA | FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	assert_int_equal(do_write(id, 0, "++", 2, 0), STATUS_SUCCESS);
	assert_int_equal(do_close(id, true), STATUS_SUCCESS);
	assert_int_equal(t_get64(rsp + 64 + 48), 6);
	/* a read-only file: no write access, not even for root */
	make_file("rofile", "r", 0444);
	assert_int_equal(do_create("rofile", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("rofile", FILE_GENERIC_READ, SHARE_ALL, FILE_OVERWRITE_IF, 0,
				   &id), STATUS_ACCESS_DENIED);
	id = open_ok("rofile", MAXIMUM_ALLOWED, FILE_OPEN, 0);
	assert_int_equal(do_write(id, 0, "x", 1, 0), STATUS_ACCESS_DENIED);
	assert_int_equal(do_read(id, 0, 1, 1), STATUS_SUCCESS);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	/* FILE_ATTRIBUTE_READONLY at create */
	create_msg("newro", RW, SHARE_ALL, FILE_CREATE, 0, FILE_ATTRIBUTE_READONLY, NULL, 0);
	assert_int_equal(run(tsmb_smb2_create), STATUS_SUCCESS);
	assert_int_equal(t_get32(rsp + 64 + 56) & FILE_ATTRIBUTE_READONLY, FILE_ATTRIBUTE_READONLY);
	id = t_get64(rsp + 64 + 64);
	/* the creating open may still write */
	assert_int_equal(do_write(id, 0, "x", 1, 0), STATUS_SUCCESS);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	/* another tree or session does not see the open */
	id = open_ok("acc", FILE_GENERIC_READ, FILE_OPEN, 0);
	fx.tree->id++;
	{
		struct tsmb_tree *saved = fx.tree, other = *fx.tree;

		fx.tree = &other;
		assert_int_equal(do_read(id, 0, 1, 0), STATUS_FILE_CLOSED);
		fx.tree = saved;
	}
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
}

static void test_read_only_tree(void **state)
{
	uint64_t id;

	make_file("pub", "p", 0644);
	fx.tree->read_only = true;
	assert_int_equal(do_create("pub", RW, SHARE_ALL, FILE_OPEN, 0, &id), STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("new", FILE_GENERIC_READ, SHARE_ALL, FILE_CREATE, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("new", FILE_GENERIC_READ, SHARE_ALL, FILE_OPEN_IF, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("pub", FILE_GENERIC_READ, SHARE_ALL, FILE_OVERWRITE_IF, 0,
				   &id), STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("pub", FILE_GENERIC_READ | DELETE, SHARE_ALL, FILE_OPEN, 0,
				   &id), STATUS_ACCESS_DENIED);
	assert_false(exists("new"));
	id = open_ok("pub", FILE_GENERIC_READ, FILE_OPEN_IF, 0);
	assert_int_equal(create_action(), FILE_OPENED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	id = open_ok("pub", MAXIMUM_ALLOWED, FILE_OPEN, 0);
	assert_int_equal(do_write(id, 0, "x", 1, 0), STATUS_ACCESS_DENIED);
	assert_int_equal(do_read(id, 0, 1, 0), STATUS_SUCCESS);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	fx.tree->read_only = false;
	/* a tree's maximal access bounds what any open gets */
	fx.tree->max_access = FILE_GENERIC_READ;
	assert_int_equal(do_create("pub", FILE_GENERIC_WRITE, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_ACCESS_DENIED);
	fx.tree->max_access = FILE_ALL_ACCESS;
}

static void test_contexts(void **state)
{
	static const uint8_t ts[8];
	static const uint8_t mx4[4];
	const struct t_cctx both[] = { { "MxAc", NULL, 0 }, { "QFid", NULL, 0 } };
	const struct t_cctx twrp[] = { { "TWrp", ts, 8 } };
	const struct t_cctx bad_mx[] = { { "MxAc", mx4, 4 } };
	const struct t_cctx dhnc[] = { { "DHnC", ts, 8 } };
	uint32_t off, len;
	struct stat sb;
	char p[256];
	uint64_t id;

	create_msg("ctx", RW, SHARE_ALL, FILE_CREATE, 0, 0, both, 2);
	assert_int_equal(run(tsmb_smb2_create), STATUS_SUCCESS);
	id = t_get64(rsp + 64 + 64);
	off = t_get32(rsp + 64 + 80);
	len = t_get32(rsp + 64 + 84);
	assert_int_equal(off, 152);
	assert_int_equal(off + len, rsp_len);
	assert_memory_equal(rsp + off + 16, "MxAc", 4);
	assert_int_equal(t_get32(rsp + off + 24), STATUS_SUCCESS);
	assert_int_equal(t_get32(rsp + off + 28), FILE_ALL_ACCESS);
	off += t_get32(rsp + off);
	assert_memory_equal(rsp + off + 16, "QFid", 4);
	snprintf(p, sizeof(p), "%s/ctx", fx.dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(t_get64(rsp + off + 24), sb.st_ino);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	/* no snapshots, no durable handles to reconnect to */
	create_msg("ctx", RW, SHARE_ALL, FILE_OPEN, 0, 0, twrp, 1);
	assert_int_equal(run(tsmb_smb2_create), STATUS_OBJECT_NAME_NOT_FOUND);
	create_msg("ctx", RW, SHARE_ALL, FILE_OPEN, 0, 0, dhnc, 1);
	assert_int_equal(run(tsmb_smb2_create), STATUS_INVALID_PARAMETER);
	create_msg("ctx", RW, SHARE_ALL, FILE_OPEN, 0, 0, bad_mx, 1);
	assert_int_equal(run(tsmb_smb2_create), STATUS_INVALID_PARAMETER);
	/* a malformed chain */
	create_msg("ctx", RW, SHARE_ALL, FILE_OPEN, 0, 0, both, 2);
	t_put32(msg.b + 64 + 52, t_get32(msg.b + 64 + 52) + 8);
	assert_int_equal(run(tsmb_smb2_create), STATUS_INVALID_PARAMETER);
	/* ExtA: the EAs of the new file, as user. xattrs (core/vfs/ea.c) */
	{
		static const uint8_t ea[] = { 0, 0, 0, 0, 0, 4, 5, 0, 'N', 'A', 'M', 'E', 0,
					      'v', 'a', 'l', 'u', 'e' };
		const struct t_cctx exta[] = { { "ExtA", ea, sizeof(ea) } };
		char v[16];

		create_msg("withea", RW, SHARE_ALL, FILE_CREATE, 0, 0, exta, 1);
		assert_int_equal(run(tsmb_smb2_create), STATUS_SUCCESS);
		id = t_get64(rsp + 64 + 64);
		assert_int_equal(do_close(id, false), STATUS_SUCCESS);
		snprintf(p, sizeof(p), "%s/withea", fx.dir);
		memset(v, 0, sizeof(v));
		assert_int_equal(getxattr(p, "user.NAME", v, sizeof(v)), 5);
		assert_string_equal(v, "value");
		/* a broken list creates nothing */
		create_msg("badea", RW, SHARE_ALL, FILE_CREATE, 0, 0, exta, 1);
		msg.b[msg.n - 13] = 200;	/* EaNameLength past the value */
		assert_int_equal(run(tsmb_smb2_create), STATUS_INVALID_PARAMETER);
		assert_false(exists("badea"));
	}
	/* MaximalAccess of a read-only tree leaves the write rights out */
	fx.tree->read_only = true;
	create_msg("ctx", FILE_GENERIC_READ, SHARE_ALL, FILE_OPEN, 0, 0, both, 1);
	assert_int_equal(run(tsmb_smb2_create), STATUS_SUCCESS);
	id = t_get64(rsp + 64 + 64);
	off = t_get32(rsp + 64 + 80);
	assert_int_equal(t_get32(rsp + off + 28) & (FILE_WRITE_DATA | DELETE), 0);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	fx.tree->read_only = false;
}

/* 3.3.5.2.7.2: a related request's all-ones FileId is the CREATE's. */
static void test_compound_file_id(void **state)
{
	uint64_t id;
	uint32_t len;

	make_file("cmp", "compound", 0644);
	id = open_ok("cmp", FILE_GENERIC_READ, FILE_OPEN, 0);
	assert_int_equal(fx.cmp.file_id, id);
	assert_int_equal(read_msg(~0ull, 0, 8, 0, SMB2_FLAGS_RELATED_OPERATIONS), STATUS_SUCCESS);
	assert_memory_equal(read_data(&len), "compound", 8);
	/* unrelated, all ones names nothing */
	assert_int_equal(read_msg(~0ull, 0, 8, 0, 0), STATUS_FILE_CLOSED);
	/* persistent and volatile must agree */
	fid_msg(SMB2_CLOSE, 24, 0, id);
	t_put64(msg.b + 64 + 8, id + 1);
	assert_int_equal(run(tsmb_smb2_close), STATUS_FILE_CLOSED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	assert_int_equal(read_msg(~0ull, 0, 8, 0, SMB2_FLAGS_RELATED_OPERATIONS),
			 STATUS_FILE_CLOSED);
}

/* Permissions as another user: the kernel judges data, the mode bits the rest. */
static void test_as_nobody(void **state)
{
	struct tsmb_ident nobody = { .uid = 65534, .gid = 65534 };
	struct tsmb_os_cred_saved saved;
	struct tsmb_os_cred *cred;
	uint64_t id;

	if (getuid() != 0)
		skip();
	make_file("secret", "s", 0600);
	make_file("public", "p", 0644);
	assert_int_equal(tsmb_os_cred_create(&nobody, &cred), 0);
	fx.sess->ident = nobody;
	tsmb_os_cred_enter(cred, &saved);
	assert_int_equal(do_create("secret", FILE_GENERIC_READ, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("public", RW, SHARE_ALL, FILE_OPEN, 0, &id),
			 STATUS_ACCESS_DENIED);
	/* the share's directory is root's: nobody may not create or delete in it */
	assert_int_equal(do_create("mine", RW, SHARE_ALL, FILE_CREATE, 0, &id),
			 STATUS_ACCESS_DENIED);
	assert_int_equal(do_create("public", FILE_GENERIC_READ | DELETE, SHARE_ALL, FILE_OPEN, 0,
				   &id), STATUS_ACCESS_DENIED);
	id = open_ok("public", MAXIMUM_ALLOWED, FILE_OPEN, 0);
	assert_int_equal(do_read(id, 0, 1, 1), STATUS_SUCCESS);
	assert_int_equal(do_write(id, 0, "x", 1, 0), STATUS_ACCESS_DENIED);
	assert_int_equal(do_close(id, false), STATUS_SUCCESS);
	/* attributes need no data access */
	id = open_ok("secret", FILE_READ_ATTRIBUTES, FILE_OPEN, 0);
	assert_int_equal(do_close(id, true), STATUS_SUCCESS);
	tsmb_os_cred_leave(&saved);
	tsmb_os_cred_put(cred);
	fx.sess->ident.uid = getuid();
	fx.sess->ident.gid = getgid();
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_write_read_close),
		T(test_dispositions),
		T(test_paths),
		T(test_symlinks),
		T(test_directories),
		T(test_bad_arguments),
		T(test_sharing),
		T(test_delete_on_close),
		T(test_delete_pending),
		T(test_rename),
		T(test_rename_parent_open),
		T(test_read_write_edges),
		T(test_granted_access),
		T(test_read_only_tree),
		T(test_contexts),
		T(test_compound_file_id),
		T(test_as_nobody),
	};
#undef T
	int ret;

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	tsmb_os_free(extra);
	return ret;
}
