/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Directory entries as QUERY_DIRECTORY returns them ([MS-FSCC] 2.4:
 * FileDirectoryInformation, FileFullDirectoryInformation,
 * FileBothDirectoryInformation, FileIdBothDirectoryInformation,
 * FileIdFullDirectoryInformation, FileIdExtdDirectoryInformation,
 * FileNamesInformation).
 *
 * An entry is built in two steps, because the OS may not be asked for a
 * file's attributes while it is listing the directory (the kernel holds
 * the directory's lock across the listing callback): while listing, an
 * entry's room is reserved and its name written (the size of an entry
 * depends on nothing else); after the listing, each reserved entry gets
 * its attributes, or is dropped when the file vanished in between.
 *
 * Entries start 8-byte aligned relative to the buffer; NextEntryOffset
 * links them and is 0 in the last; the last is not padded.
 */
#ifndef TSMB_CORE_VFS_DIR_INFO_H
#define TSMB_CORE_VFS_DIR_INFO_H

#include <tsmb/os/file.h>

/* Size of the fixed part (up to FileName) of an entry of cls; 0 if not a directory class. */
size_t tsmb_dir_info_fixed(uint8_t cls);

struct tsmb_dir_buf {
	uint8_t *buf;
	size_t cap;
	size_t end;		/* end of the last entry (the bytes to send) */
	size_t last;		/* offset of the last entry */
	unsigned int count;
	uint8_t cls;
	size_t fixed;
	bool truncated;		/* the only entry's name was cut to fit */
};

enum tsmb_dir_add {
	TSMB_DIR_ADDED,
	TSMB_DIR_FULL,		/* no room: nothing was written */
	TSMB_DIR_BADNAME,	/* not UTF-8: nothing was written */
};

/* cls must have a fixed size (tsmb_dir_info_fixed) no larger than cap. */
void tsmb_dir_buf_init(struct tsmb_dir_buf *d, uint8_t cls, uint8_t *buf, size_t cap);
/*
 * Reserves an entry for name (UTF-8, len bytes) with its UTF-16 name in
 * place and every other field zero. A first entry that does not fit is
 * added with its name cut to the room left and d->truncated set
 * ([MS-FSA] 2.1.5.6.3: the caller answers STATUS_BUFFER_OVERFLOW).
 */
enum tsmb_dir_add tsmb_dir_buf_reserve(struct tsmb_dir_buf *d, const char *name, size_t len);

/* The entry at off: its total length (fixed part and name). */
size_t tsmb_dir_entry_len(const struct tsmb_dir_buf *d, size_t off);
/* Its name (UTF-16LE) and the name's length in bytes. */
const uint8_t *tsmb_dir_entry_name(const struct tsmb_dir_buf *d, size_t off, size_t *len);
/* Fills in the attributes of the entry at off (NextEntryOffset and name untouched). */
void tsmb_dir_entry_fill(const struct tsmb_dir_buf *d, size_t off, const struct tsmb_os_stat *st,
			 uint32_t attrs);

/*
 * Keeping only some reserved entries: walk with tsmb_dir_buf_next() from
 * off 0, and move each kept entry down with tsmb_dir_buf_keep() into the
 * rebuilt buffer, which then links them.
 */
struct tsmb_dir_walk {
	size_t rd;		/* next reserved entry */
	unsigned int left;
};

void tsmb_dir_walk_start(struct tsmb_dir_buf *d, struct tsmb_dir_walk *w);
/* Offset of the next reserved entry, or false at the end. */
bool tsmb_dir_walk_next(const struct tsmb_dir_buf *d, struct tsmb_dir_walk *w, size_t *off);
/* Keeps the entry at off (moved to the end of the rebuilt buffer); returns its new offset. */
size_t tsmb_dir_buf_keep(struct tsmb_dir_buf *d, size_t off);

#endif /* TSMB_CORE_VFS_DIR_INFO_H */
