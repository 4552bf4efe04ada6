// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-FSCC] 2.4.10, .14, .8, .18, .19, .22, .33: the directory entry layouts. */
#include "core/vfs/dir_info.h"

#include "core/lib/cursor.h"
#include "core/lib/utf16.h"
#include "core/vfs/attr.h"
#include "core/wire/fscc.h"

/* Fields every class but FileNamesInformation has, at these offsets. */
#define DI_TIMES		8
#define DI_END_OF_FILE		40
#define DI_ALLOC		48
#define DI_ATTRS		56
#define DI_NAME_LEN		60
#define DI_EA_SIZE		64
/* FileNamesInformation */
#define NAMES_NAME_LEN		8

size_t tsmb_dir_info_fixed(uint8_t cls)
{
	switch (cls) {
	case FILE_DIRECTORY_INFORMATION:
		return 64;
	case FILE_FULL_DIRECTORY_INFORMATION:
		return 68;
	case FILE_BOTH_DIRECTORY_INFORMATION:
		return 94;
	case FILE_ID_BOTH_DIRECTORY_INFORMATION:
		return 104;
	case FILE_ID_FULL_DIRECTORY_INFORMATION:
		return 80;
	case FILE_ID_EXTD_DIRECTORY_INFORMATION:
		return 88;
	case FILE_NAMES_INFORMATION:
		return 12;
	default:
		return 0;
	}
}

static size_t name_len_off(uint8_t cls)
{
	return cls == FILE_NAMES_INFORMATION ? NAMES_NAME_LEN : DI_NAME_LEN;
}

void tsmb_dir_buf_init(struct tsmb_dir_buf *d, uint8_t cls, uint8_t *buf, size_t cap)
{
	tsmb_memset(d, 0, sizeof(*d));
	d->buf = buf;
	d->cap = cap;
	d->cls = cls;
	d->fixed = tsmb_dir_info_fixed(cls);
}

/* Bytes of the longest prefix of name, cut between characters, whose UTF-16 fits room. */
static size_t prefix_fitting(const char *name, size_t len, size_t room, size_t *u16)
{
	size_t i = 0, j;
	long n;

	*u16 = 0;
	while (i < len) {
		j = i + 1;
		while (j < len && ((uint8_t)name[j] & 0xc0) == 0x80)
			j++;
		n = tsmb_utf8_utf16_len(name + i, j - i);
		if (n < 0 || *u16 + (size_t)n > room)
			break;
		*u16 += (size_t)n;
		i = j;
	}
	return i;
}

enum tsmb_dir_add tsmb_dir_buf_reserve(struct tsmb_dir_buf *d, const char *name, size_t len)
{
	size_t off = d->count ? TSMB_ALIGN(d->end, 8) : 0, u16, done;
	long n = tsmb_utf8_utf16_len(name, len);
	uint8_t *e;

	if (n < 0 || !len)
		return TSMB_DIR_BADNAME;
	u16 = (size_t)n;
	if (off > d->cap || d->cap - off < d->fixed + u16) {
		if (d->count)
			return TSMB_DIR_FULL;
		/* init checked that the fixed part fits */
		len = prefix_fitting(name, len, d->cap - d->fixed, &u16);
		d->truncated = true;
	}
	e = d->buf + off;
	tsmb_memset(e, 0, d->fixed);
	if (tsmb_utf8_to_utf16(name, len, e + d->fixed, u16, &done) || done != u16)
		return TSMB_DIR_BADNAME;
	tsmb_put_le32(e + name_len_off(d->cls), (uint32_t)u16);
	if (d->count) {
		tsmb_memset(d->buf + d->end, 0, off - d->end);
		tsmb_put_le32(d->buf + d->last, (uint32_t)(off - d->last));
	}
	d->last = off;
	d->end = off + d->fixed + u16;
	d->count++;
	return TSMB_DIR_ADDED;
}

size_t tsmb_dir_entry_len(const struct tsmb_dir_buf *d, size_t off)
{
	return d->fixed + tsmb_get_le32(d->buf + off + name_len_off(d->cls));
}

const uint8_t *tsmb_dir_entry_name(const struct tsmb_dir_buf *d, size_t off, size_t *len)
{
	*len = tsmb_get_le32(d->buf + off + name_len_off(d->cls));
	return d->buf + off + d->fixed;
}

static void put_times(uint8_t *p, const struct tsmb_os_stat *st)
{
	tsmb_put_le64(p, tsmb_nt_time_from_ns(st->btime));
	tsmb_put_le64(p + 8, tsmb_nt_time_from_ns(st->atime));
	tsmb_put_le64(p + 16, tsmb_nt_time_from_ns(st->mtime));
	tsmb_put_le64(p + 24, tsmb_nt_time_from_ns(st->ctime));
}

/*
 * FileIndex, EaSize, ReparsePointTag and ShortName stay zero: positions
 * in a directory are not stable (as on NTFS), EAs are reported by
 * QUERY_INFO only, and there are neither reparse points nor 8.3 names.
 */
void tsmb_dir_entry_fill(const struct tsmb_dir_buf *d, size_t off, const struct tsmb_os_stat *st,
			 uint32_t attrs)
{
	uint8_t *e = d->buf + off;
	uint64_t id = tsmb_file_index(st);

	if (d->cls == FILE_NAMES_INFORMATION)
		return;
	put_times(e + DI_TIMES, st);
	tsmb_put_le64(e + DI_END_OF_FILE, TSMB_S_ISDIR(st->mode) ? 0 : st->size);
	tsmb_put_le64(e + DI_ALLOC, tsmb_alloc_size(st));
	tsmb_put_le32(e + DI_ATTRS, attrs ? attrs : FILE_ATTRIBUTE_NORMAL);
	switch (d->cls) {
	case FILE_ID_BOTH_DIRECTORY_INFORMATION:
		tsmb_put_le64(e + 96, id);
		break;
	case FILE_ID_FULL_DIRECTORY_INFORMATION:
		tsmb_put_le64(e + 72, id);
		break;
	case FILE_ID_EXTD_DIRECTORY_INFORMATION:
		/* the 128-bit id is the 64-bit one, zero-extended (as NTFS does) */
		tsmb_put_le64(e + 72, id);
		tsmb_put_le64(e + 80, 0);
		break;
	default:
		break;
	}
}

void tsmb_dir_walk_start(struct tsmb_dir_buf *d, struct tsmb_dir_walk *w)
{
	w->rd = 0;
	w->left = d->count;
	d->end = 0;
	d->last = 0;
	d->count = 0;
}

bool tsmb_dir_walk_next(const struct tsmb_dir_buf *d, struct tsmb_dir_walk *w, size_t *off)
{
	if (!w->left)
		return false;
	*off = w->rd;
	w->rd = TSMB_ALIGN(w->rd + tsmb_dir_entry_len(d, w->rd), 8);
	w->left--;
	return true;
}

size_t tsmb_dir_buf_keep(struct tsmb_dir_buf *d, size_t off)
{
	size_t len = tsmb_dir_entry_len(d, off);
	size_t to = d->count ? TSMB_ALIGN(d->end, 8) : 0;

	/* entries only move down: the ones still to be walked are above off */
	if (d->count)
		tsmb_memset(d->buf + d->end, 0, to - d->end);
	if (to != off)
		tsmb_memmove(d->buf + to, d->buf + off, len);
	tsmb_put_le32(d->buf + to, 0);
	if (d->count)
		tsmb_put_le32(d->buf + d->last, (uint32_t)(to - d->last));
	d->last = to;
	d->end = to + len;
	d->count++;
	return to;
}
