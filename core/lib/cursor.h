/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bounds-checked little-endian reader and writer for wire formats.
 *
 * Decoders never cast a wire struct onto a buffer: they read field by field
 * through a cursor. An overrun makes the cursor sticky-bad (reads return 0,
 * writes are dropped), so a decoder can read a whole fixed part and check
 * once, and a bug can read garbage but never outside the buffer.
 */
#ifndef TSMB_CORE_LIB_CURSOR_H
#define TSMB_CORE_LIB_CURSOR_H

#include <tsmb/os/types.h>

struct tsmb_rd {
	const uint8_t *buf;
	size_t len;
	size_t off;
	bool bad;
};

static inline void tsmb_rd_init(struct tsmb_rd *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->off = 0;
	r->bad = false;
}

static inline bool tsmb_rd_ok(const struct tsmb_rd *r)
{
	return !r->bad;
}

static inline size_t tsmb_rd_left(const struct tsmb_rd *r)
{
	return r->bad ? 0 : r->len - r->off;
}

/* Pointer to the next n bytes and advance, or NULL (and bad) if short. */
static inline const uint8_t *tsmb_rd_take(struct tsmb_rd *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->buf + r->off;
	r->off += n;
	return p;
}

/*
 * A variable buffer a request names by offset (from its header) and
 * length lies after the fixed part (min_off) and inside the message of
 * len bytes. Written so that off + n cannot wrap.
 */
static inline bool tsmb_buf_in_msg(size_t len, size_t min_off, size_t off, size_t n)
{
	return off >= min_off && off <= len && n <= len - off;
}

/* Moves to an absolute offset; beyond the end is bad (== end is fine). */
static inline void tsmb_rd_seek(struct tsmb_rd *r, size_t off)
{
	if (r->bad || off > r->len)
		r->bad = true;
	else
		r->off = off;
}

static inline void tsmb_rd_skip(struct tsmb_rd *r, size_t n)
{
	(void)tsmb_rd_take(r, n);
}

static inline uint8_t tsmb_rd_u8(struct tsmb_rd *r)
{
	const uint8_t *p = tsmb_rd_take(r, 1);

	return p ? p[0] : 0;
}

static inline uint16_t tsmb_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t tsmb_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static inline uint64_t tsmb_get_le64(const uint8_t *p)
{
	return (uint64_t)tsmb_get_le32(p) | ((uint64_t)tsmb_get_le32(p + 4) << 32);
}

static inline void tsmb_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void tsmb_put_le32(uint8_t *p, uint32_t v)
{
	tsmb_put_le16(p, (uint16_t)v);
	tsmb_put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void tsmb_put_le64(uint8_t *p, uint64_t v)
{
	tsmb_put_le32(p, (uint32_t)v);
	tsmb_put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t tsmb_rd_le16(struct tsmb_rd *r)
{
	const uint8_t *p = tsmb_rd_take(r, 2);

	return p ? tsmb_get_le16(p) : 0;
}

static inline uint32_t tsmb_rd_le32(struct tsmb_rd *r)
{
	const uint8_t *p = tsmb_rd_take(r, 4);

	return p ? tsmb_get_le32(p) : 0;
}

static inline uint64_t tsmb_rd_le64(struct tsmb_rd *r)
{
	const uint8_t *p = tsmb_rd_take(r, 8);

	return p ? tsmb_get_le64(p) : 0;
}

static inline void tsmb_rd_bytes(struct tsmb_rd *r, void *dst, size_t n)
{
	const uint8_t *p = tsmb_rd_take(r, n);

	if (p)
		tsmb_memcpy(dst, p, n);
	else
		tsmb_memset(dst, 0, n);
}

struct tsmb_wr {
	uint8_t *buf;
	size_t cap;
	size_t off;
	bool bad;
};

static inline void tsmb_wr_init(struct tsmb_wr *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->off = 0;
	w->bad = false;
}

static inline bool tsmb_wr_ok(const struct tsmb_wr *w)
{
	return !w->bad;
}

/* Room for n bytes at the cursor, advanced past them, or NULL (and bad). */
static inline uint8_t *tsmb_wr_take(struct tsmb_wr *w, size_t n)
{
	uint8_t *p;

	if (w->bad || n > w->cap - w->off) {
		w->bad = true;
		return NULL;
	}
	p = w->buf + w->off;
	w->off += n;
	return p;
}

static inline void tsmb_wr_u8(struct tsmb_wr *w, uint8_t v)
{
	uint8_t *p = tsmb_wr_take(w, 1);

	if (p)
		p[0] = v;
}

static inline void tsmb_wr_le16(struct tsmb_wr *w, uint16_t v)
{
	uint8_t *p = tsmb_wr_take(w, 2);

	if (p)
		tsmb_put_le16(p, v);
}

static inline void tsmb_wr_le32(struct tsmb_wr *w, uint32_t v)
{
	uint8_t *p = tsmb_wr_take(w, 4);

	if (p)
		tsmb_put_le32(p, v);
}

static inline void tsmb_wr_le64(struct tsmb_wr *w, uint64_t v)
{
	uint8_t *p = tsmb_wr_take(w, 8);

	if (p)
		tsmb_put_le64(p, v);
}

static inline void tsmb_wr_bytes(struct tsmb_wr *w, const void *src, size_t n)
{
	uint8_t *p = tsmb_wr_take(w, n);

	if (p && n)
		tsmb_memcpy(p, src, n);
}

static inline void tsmb_wr_zero(struct tsmb_wr *w, size_t n)
{
	uint8_t *p = tsmb_wr_take(w, n);

	if (p && n)
		tsmb_memset(p, 0, n);
}

/* Zero-pads to a multiple of a (a power of two), relative to the buffer start. */
static inline void tsmb_wr_align(struct tsmb_wr *w, size_t a)
{
	if (!w->bad)
		tsmb_wr_zero(w, TSMB_ALIGN(w->off, a) - w->off);
}

#endif /* TSMB_CORE_LIB_CURSOR_H */
