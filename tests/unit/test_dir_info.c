// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/vfs/dir_info.c: the QUERY_DIRECTORY entry layouts of [MS-FSCC] 2.4
 * (sizes and field offsets per class), 8-byte alignment and
 * NextEntryOffset, the first entry cut short, a full buffer, and dropping
 * reserved entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vfs/attr.h"
#include "core/vfs/dir_info.h"
#include "core/wire/fscc.h"
#include "tsmb_test.h"

/* [MS-FSCC]: where FileNameLength and FileName are, per class. */
static const struct {
	uint8_t cls;
	size_t fixed;
	size_t name_len_off;
	size_t id_off;			/* FileId, 0: none */
} layouts[] = {
	{ FILE_DIRECTORY_INFORMATION, 64, 60, 0 },
	{ FILE_FULL_DIRECTORY_INFORMATION, 68, 60, 0 },
	{ FILE_BOTH_DIRECTORY_INFORMATION, 94, 60, 0 },
	{ FILE_NAMES_INFORMATION, 12, 8, 0 },
	{ FILE_ID_BOTH_DIRECTORY_INFORMATION, 104, 60, 96 },
	{ FILE_ID_FULL_DIRECTORY_INFORMATION, 80, 60, 72 },
	{ FILE_ID_EXTD_DIRECTORY_INFORMATION, 88, 60, 72 },
};

static void a_stat(struct tsmb_os_stat *st, bool dir)
{
	memset(st, 0, sizeof(*st));
	st->ino = 0x0102030405060708ull;
	st->size = 12345;
	st->alloc = 16384;
	st->mode = (dir ? TSMB_S_IFDIR : TSMB_S_IFREG) | 0644;
	st->nlink = 1;
	st->btime = 1000000000ll * 1700000000;
	st->atime = st->btime + 1000000000;
	st->mtime = st->btime + 2000000000;
	st->ctime = st->btime + 3000000000ll;
}

static void test_fixed_sizes(void **state)
{
	unsigned int i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		assert_int_equal(tsmb_dir_info_fixed(layouts[i].cls), layouts[i].fixed);
	assert_int_equal(tsmb_dir_info_fixed(FILE_BASIC_INFORMATION), 0);
	assert_int_equal(tsmb_dir_info_fixed(0), 0);
	assert_int_equal(tsmb_dir_info_fixed(0xFF), 0);
}

static void test_layouts(void **state)
{
	struct tsmb_os_stat st;
	struct tsmb_dir_buf d;
	uint8_t buf[512];
	unsigned int i;

	a_stat(&st, false);
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const size_t f = layouts[i].fixed;

		memset(buf, 0xAA, sizeof(buf));
		tsmb_dir_buf_init(&d, layouts[i].cls, buf, sizeof(buf));
		assert_int_equal(tsmb_dir_buf_reserve(&d, "ab.c", 4), TSMB_DIR_ADDED);
		tsmb_dir_entry_fill(&d, 0, &st, FILE_ATTRIBUTE_ARCHIVE);
		assert_int_equal(d.count, 1);
		assert_int_equal(d.end, f + 8);
		assert_int_equal(t_get32(buf), 0);			/* NextEntryOffset */
		assert_int_equal(t_get32(buf + 4), 0);			/* FileIndex */
		assert_int_equal(t_get32(buf + layouts[i].name_len_off), 8);
		assert_memory_equal(buf + f, "a\0b\0.\0c\0", 8);
		if (layouts[i].cls == FILE_NAMES_INFORMATION)
			continue;
		assert_true(t_get64(buf + 8) == tsmb_nt_time_from_ns(st.btime));
		assert_true(t_get64(buf + 16) == tsmb_nt_time_from_ns(st.atime));
		assert_true(t_get64(buf + 24) == tsmb_nt_time_from_ns(st.mtime));
		assert_true(t_get64(buf + 32) == tsmb_nt_time_from_ns(st.ctime));
		assert_true(t_get64(buf + 40) == 12345);
		assert_true(t_get64(buf + 48) == 16384);
		assert_int_equal(t_get32(buf + 56), FILE_ATTRIBUTE_ARCHIVE);
		if (f > 64)
			assert_int_equal(t_get32(buf + 64), 0);		/* EaSize */
		if (layouts[i].cls == FILE_BOTH_DIRECTORY_INFORMATION ||
		    layouts[i].cls == FILE_ID_BOTH_DIRECTORY_INFORMATION)
			assert_int_equal(buf[68], 0);			/* ShortNameLength */
		if (layouts[i].id_off)
			assert_true(t_get64(buf + layouts[i].id_off) == st.ino);
		if (layouts[i].cls == FILE_ID_EXTD_DIRECTORY_INFORMATION) {
			assert_int_equal(t_get32(buf + 68), 0);		/* ReparsePointTag */
			assert_true(t_get64(buf + 80) == 0);		/* FileId's high half */
		}
	}
}

static void test_directory_fields(void **state)
{
	struct tsmb_os_stat st;
	struct tsmb_dir_buf d;
	uint8_t buf[256];

	a_stat(&st, true);
	tsmb_dir_buf_init(&d, FILE_DIRECTORY_INFORMATION, buf, sizeof(buf));
	assert_int_equal(tsmb_dir_buf_reserve(&d, "dir", 3), TSMB_DIR_ADDED);
	tsmb_dir_entry_fill(&d, 0, &st, FILE_ATTRIBUTE_DIRECTORY);
	assert_true(t_get64(buf + 40) == 0);		/* a directory has no end of file */
	assert_true(t_get64(buf + 48) == 0);
	assert_int_equal(t_get32(buf + 56), FILE_ATTRIBUTE_DIRECTORY);
	/* no attributes at all read as NORMAL */
	tsmb_dir_entry_fill(&d, 0, &st, 0);
	assert_int_equal(t_get32(buf + 56), FILE_ATTRIBUTE_NORMAL);
}

static void test_chain_and_full(void **state)
{
	struct tsmb_dir_buf d;
	uint8_t buf[64 + 8 + 64 + 4];
	size_t second;

	/* "a" (66 bytes) at 0, "b" at 72 filling the buffer exactly, no room for "c" */
	memset(buf, 0xAA, sizeof(buf));
	tsmb_dir_buf_init(&d, FILE_DIRECTORY_INFORMATION, buf, 64 + 8 + 64 + 2);
	assert_int_equal(tsmb_dir_buf_reserve(&d, "a", 1), TSMB_DIR_ADDED);
	assert_int_equal(tsmb_dir_buf_reserve(&d, "b", 1), TSMB_DIR_ADDED);
	second = 72;
	assert_int_equal(t_get32(buf), second);
	assert_memory_equal(buf + 66, "\0\0\0\0\0\0", 6);	/* padding is zero */
	assert_int_equal(t_get32(buf + second), 0);
	assert_int_equal(d.end, second + 66);
	assert_int_equal(tsmb_dir_buf_reserve(&d, "c", 1), TSMB_DIR_FULL);
	assert_int_equal(d.count, 2);
	assert_false(d.truncated);
	/* a name that is not UTF-8 is refused, not written */
	tsmb_dir_buf_init(&d, FILE_DIRECTORY_INFORMATION, buf, sizeof(buf));
	assert_int_equal(tsmb_dir_buf_reserve(&d, "\xff", 1), TSMB_DIR_BADNAME);
	assert_int_equal(d.count, 0);
}

static void test_first_cut(void **state)
{
	struct tsmb_dir_buf d;
	uint8_t buf[64 + 7];
	size_t len;
	const uint8_t *name;

	/* room for 3 of "abcdef"'s 6 units, then half a unit: cut between characters */
	tsmb_dir_buf_init(&d, FILE_DIRECTORY_INFORMATION, buf, sizeof(buf));
	assert_int_equal(tsmb_dir_buf_reserve(&d, "abcdef", 6), TSMB_DIR_ADDED);
	assert_true(d.truncated);
	assert_int_equal(d.end, 64 + 6);
	name = tsmb_dir_entry_name(&d, 0, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(name, "a\0b\0c\0", 6);
	assert_int_equal(tsmb_dir_entry_len(&d, 0), 70);
	/* a surrogate pair is never split */
	tsmb_dir_buf_init(&d, FILE_NAMES_INFORMATION, buf, 12 + 4);
	assert_int_equal(tsmb_dir_buf_reserve(&d, "a\xf0\x9f\x98\x80", 5), TSMB_DIR_ADDED);
	assert_true(d.truncated);
	assert_int_equal(t_get32(buf + 8), 2);
	/* a buffer of exactly the fixed part: the name is all cut */
	tsmb_dir_buf_init(&d, FILE_NAMES_INFORMATION, buf, 12);
	assert_int_equal(tsmb_dir_buf_reserve(&d, "x", 1), TSMB_DIR_ADDED);
	assert_int_equal(t_get32(buf + 8), 0);
	assert_int_equal(d.end, 12);
}

static void test_drop(void **state)
{
	const char *names[] = { "one", "two-long", "three", "four" };
	struct tsmb_os_stat st;
	struct tsmb_dir_walk w;
	struct tsmb_dir_buf d;
	uint8_t buf[1024];
	size_t off, len, at[4];
	unsigned int i = 0;

	a_stat(&st, false);
	memset(buf, 0xAA, sizeof(buf));
	tsmb_dir_buf_init(&d, FILE_FULL_DIRECTORY_INFORMATION, buf, sizeof(buf));
	for (i = 0; i < 4; i++)
		assert_int_equal(tsmb_dir_buf_reserve(&d, names[i], strlen(names[i])),
				 TSMB_DIR_ADDED);
	/* keep "two-long" and "four": both move down */
	tsmb_dir_walk_start(&d, &w);
	for (i = 0; tsmb_dir_walk_next(&d, &w, &off); i++) {
		at[i] = off;
		if (i % 2 == 0)
			continue;
		off = tsmb_dir_buf_keep(&d, off);
		tsmb_dir_entry_fill(&d, off, &st, FILE_ATTRIBUTE_ARCHIVE);
	}
	assert_int_equal(i, 4);
	assert_int_equal(at[0], 0);
	assert_int_equal(at[1], 80);		/* 68 + 6, aligned */
	assert_int_equal(d.count, 2);
	/* first kept at 0, the second 8-aligned after it */
	assert_int_equal(t_get32(buf + 60), 16);
	assert_memory_equal(buf + 68, "t\0w\0o\0-\0l\0o\0n\0g\0", 16);
	assert_int_equal(t_get32(buf), 88);
	assert_memory_equal(buf + 84, "\0\0\0\0", 4);
	assert_int_equal(t_get32(buf + 88 + 60), 8);
	assert_memory_equal(buf + 88 + 68, "f\0o\0u\0r\0", 8);
	assert_int_equal(t_get32(buf + 88), 0);
	assert_int_equal(d.end, 88 + 68 + 8);
	assert_int_equal(t_get32(buf + 88 + 56), FILE_ATTRIBUTE_ARCHIVE);
	(void)tsmb_dir_entry_name(&d, 88, &len);
	assert_int_equal(len, 8);
	/* dropping everything leaves nothing */
	tsmb_dir_walk_start(&d, &w);
	while (tsmb_dir_walk_next(&d, &w, &off))
		;
	assert_int_equal(d.count, 0);
	assert_int_equal(d.end, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_sizes),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_directory_fields),
		cmocka_unit_test(test_chain_and_full),
		cmocka_unit_test(test_first_cut),
		cmocka_unit_test(test_drop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
