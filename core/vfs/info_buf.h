/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A writer for information classes that may be cut short: it stores what
 * fits in cap and counts what the whole would need, so that an encoder
 * writes the complete structure once and the caller learns both the
 * partial data ([MS-SMB2] 3.3.5.20.1: STATUS_BUFFER_OVERFLOW) and the
 * full length.
 */
#ifndef TSMB_CORE_VFS_INFO_BUF_H
#define TSMB_CORE_VFS_INFO_BUF_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"

struct tsmb_ibuf {
	uint8_t *buf;
	size_t cap;
	size_t off;		/* may pass cap: the length the whole needs */
};

static inline void tsmb_ibuf_init(struct tsmb_ibuf *b, uint8_t *buf, size_t cap)
{
	b->buf = buf;
	b->cap = cap;
	b->off = 0;
}

static inline void tsmb_ibuf_bytes(struct tsmb_ibuf *b, const void *src, size_t n)
{
	size_t room = b->off < b->cap ? b->cap - b->off : 0;

	if (room && n)
		tsmb_memcpy(b->buf + b->off, src, TSMB_MIN(room, n));
	b->off += n;
}

static inline void tsmb_ibuf_zero(struct tsmb_ibuf *b, size_t n)
{
	size_t room = b->off < b->cap ? b->cap - b->off : 0;

	if (room && n)
		tsmb_memset(b->buf + b->off, 0, TSMB_MIN(room, n));
	b->off += n;
}

static inline void tsmb_ibuf_u8(struct tsmb_ibuf *b, uint8_t v)
{
	tsmb_ibuf_bytes(b, &v, 1);
}

static inline void tsmb_ibuf_le16(struct tsmb_ibuf *b, uint16_t v)
{
	uint8_t p[2];

	tsmb_put_le16(p, v);
	tsmb_ibuf_bytes(b, p, 2);
}

static inline void tsmb_ibuf_le32(struct tsmb_ibuf *b, uint32_t v)
{
	uint8_t p[4];

	tsmb_put_le32(p, v);
	tsmb_ibuf_bytes(b, p, 4);
}

static inline void tsmb_ibuf_le64(struct tsmb_ibuf *b, uint64_t v)
{
	uint8_t p[8];

	tsmb_put_le64(p, v);
	tsmb_ibuf_bytes(b, p, 8);
}

/*
 * The verdict for a class that accepts no buffer below min bytes: a
 * smaller one is INFO_LENGTH_MISMATCH even when the data would fit it (a
 * short name), as with Windows; else everything fit (*len the whole) or
 * only a part of the variable data did (BUFFER_OVERFLOW, *len = cap).
 */
static inline struct tsmb_status tsmb_ibuf_done(const struct tsmb_ibuf *b, size_t min,
						size_t *len)
{
	*len = 0;
	if (b->cap < min)
		return TSMB_ERR(STATUS_INFO_LENGTH_MISMATCH);
	if (b->off <= b->cap) {
		*len = b->off;
		return TSMB_ST(STATUS_SUCCESS);
	}
	*len = b->cap;
	return TSMB_ST(STATUS_BUFFER_OVERFLOW);
}

/*
 * UTF-8 s as UTF-16LE, '/' turned into '\' when slashes is set; -1 when s
 * is not UTF-8 (nothing counted then).
 */
int tsmb_ibuf_utf16(struct tsmb_ibuf *b, const char *s, size_t len, bool slashes);

#endif /* TSMB_CORE_VFS_INFO_BUF_H */
