// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-FSCC] 2.4 file information classes, as [MS-FSA] 2.1.5.12 fills them. */
#include "core/vfs/info_file.h"

#include "core/lib/utf16.h"
#include "core/vfs/attr.h"
#include "core/vfs/info_buf.h"
#include "core/wire/fscc.h"
#include "core/wire/smb2.h"

/* Classes [MS-FSCC] 2.4 documents; above: STATUS_INVALID_INFO_CLASS. */
#define FSCC_FILE_CLASS_LAST	79

static uint64_t eof_of(const struct tsmb_finfo *fi)
{
	return TSMB_S_ISDIR(fi->st.mode) ? 0 : fi->st.size;
}

static void put_times(struct tsmb_ibuf *b, const struct tsmb_os_stat *st)
{
	tsmb_ibuf_le64(b, tsmb_nt_time_from_ns(st->btime));
	tsmb_ibuf_le64(b, tsmb_nt_time_from_ns(st->atime));
	tsmb_ibuf_le64(b, tsmb_nt_time_from_ns(st->mtime));
	tsmb_ibuf_le64(b, tsmb_nt_time_from_ns(st->ctime));
}

/* 2.4.7 */
static void put_basic(struct tsmb_ibuf *b, const struct tsmb_finfo *fi)
{
	put_times(b, &fi->st);
	tsmb_ibuf_le32(b, fi->attrs);
	tsmb_ibuf_le32(b, 0);
}

/* 2.4.47: a directory counts as one link, as on NTFS; a pending delete removes one. */
static void put_standard(struct tsmb_ibuf *b, const struct tsmb_finfo *fi)
{
	bool dir = TSMB_S_ISDIR(fi->st.mode);
	uint32_t links = dir ? 1 : fi->st.nlink;

	if (fi->delete_pending && links)
		links--;
	tsmb_ibuf_le64(b, tsmb_alloc_size(&fi->st));
	tsmb_ibuf_le64(b, eof_of(fi));
	tsmb_ibuf_le32(b, links);
	tsmb_ibuf_u8(b, fi->delete_pending);
	tsmb_ibuf_u8(b, dir);
	tsmb_ibuf_le16(b, 0);
}

/*
 * 2.4.35 (and NameInformation in 2.4.2): the path from the share's root,
 * with a leading '\'; the length field holds the whole name's length even
 * when only a part fits ([MS-FSA] 2.1.5.12.x).
 */
static void put_name(struct tsmb_ibuf *b, const struct tsmb_finfo *fi, bool leading)
{
	size_t plen = 0, at;
	long n;

	while (fi->path[plen])
		plen++;
	/* paths were checked on the way in; a bad one is reported as empty */
	n = tsmb_utf8_utf16_len(fi->path, plen);
	if (n < 0) {
		n = 0;
		plen = 0;
	}
	tsmb_ibuf_le32(b, (uint32_t)n + (leading ? 2 : 0));
	at = b->off;
	if (leading)
		tsmb_ibuf_le16(b, '\\');
	if (tsmb_ibuf_utf16(b, fi->path, plen, true))
		b->off = at;
}

/* 2.4.2 */
static void put_all(struct tsmb_ibuf *b, const struct tsmb_finfo *fi)
{
	put_basic(b, fi);
	put_standard(b, fi);
	tsmb_ibuf_le64(b, tsmb_file_index(&fi->st));	/* Internal */
	tsmb_ibuf_le32(b, fi->ea_size);			/* EA */
	tsmb_ibuf_le32(b, fi->access);			/* Access */
	tsmb_ibuf_le64(b, fi->position);		/* Position */
	tsmb_ibuf_le32(b, fi->mode);			/* Mode */
	tsmb_ibuf_le32(b, 0);				/* Alignment: byte */
	put_name(b, fi, true);
}

/* 2.4.29 */
static void put_network_open(struct tsmb_ibuf *b, const struct tsmb_finfo *fi)
{
	put_times(b, &fi->st);
	tsmb_ibuf_le64(b, tsmb_alloc_size(&fi->st));
	tsmb_ibuf_le64(b, eof_of(fi));
	tsmb_ibuf_le32(b, fi->attrs);
	tsmb_ibuf_le32(b, 0);
}

/* 2.4.49: a file has its one unnamed data stream; a directory has none. */
static void put_stream(struct tsmb_ibuf *b, const struct tsmb_finfo *fi)
{
	static const char data[] = "::$DATA";

	if (TSMB_S_ISDIR(fi->st.mode))
		return;
	tsmb_ibuf_le32(b, 0);
	tsmb_ibuf_le32(b, 2 * (sizeof(data) - 1));
	tsmb_ibuf_le64(b, fi->st.size);
	tsmb_ibuf_le64(b, tsmb_alloc_size(&fi->st));
	(void)tsmb_ibuf_utf16(b, data, sizeof(data) - 1, false);
}

/* 2.4.9: nothing here is compressed. */
static void put_compression(struct tsmb_ibuf *b, const struct tsmb_finfo *fi)
{
	tsmb_ibuf_le64(b, eof_of(fi));
	tsmb_ibuf_le16(b, 0);		/* COMPRESSION_FORMAT_NONE */
	tsmb_ibuf_zero(b, 6);		/* the shifts and Reserved */
}

/* 2.4.26: the 128-bit id is the 64-bit index, zero-extended. */
static void put_id(struct tsmb_ibuf *b, const struct tsmb_finfo *fi)
{
	tsmb_ibuf_le64(b, fi->volume_serial);
	tsmb_ibuf_le64(b, tsmb_file_index(&fi->st));
	tsmb_ibuf_le64(b, 0);
}

uint32_t tsmb_file_info_access(uint8_t cls)
{
	switch (cls) {
	case FILE_BASIC_INFORMATION:
	case FILE_ALL_INFORMATION:
	case FILE_NETWORK_OPEN_INFORMATION:
	case FILE_ATTRIBUTE_TAG_INFORMATION:
		return FILE_READ_ATTRIBUTES;
	case FILE_FULL_EA_INFORMATION:
		return FILE_READ_EA;
	default:
		return 0;
	}
}

static struct tsmb_status unsupported(uint8_t cls)
{
	if (cls && cls <= FSCC_FILE_CLASS_LAST)
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	return TSMB_ERR(STATUS_INVALID_INFO_CLASS);
}

/*
 * The classes whose encoders need no more than fi; returns the smallest
 * buffer the class accepts, 0 for a class not answered here.
 */
static size_t encode(uint8_t cls, const struct tsmb_finfo *fi, struct tsmb_ibuf *b)
{
	switch (cls) {
	case FILE_BASIC_INFORMATION:
		put_basic(b, fi);
		return TSMB_FILE_BASIC_SIZE;
	case FILE_STANDARD_INFORMATION:
		put_standard(b, fi);
		return TSMB_FILE_STANDARD_SIZE;
	case FILE_INTERNAL_INFORMATION:
		tsmb_ibuf_le64(b, tsmb_file_index(&fi->st));
		return TSMB_FILE_INTERNAL_SIZE;
	case FILE_EA_INFORMATION:
		tsmb_ibuf_le32(b, fi->ea_size);
		return TSMB_FILE_EA_SIZE;
	case FILE_ACCESS_INFORMATION:
		tsmb_ibuf_le32(b, fi->access);
		return TSMB_FILE_ACCESS_SIZE;
	case FILE_NAME_INFORMATION:
		put_name(b, fi, true);
		return TSMB_FILE_NAME_MIN;
	case FILE_POSITION_INFORMATION:
		tsmb_ibuf_le64(b, fi->position);
		return TSMB_FILE_POSITION_SIZE;
	case FILE_MODE_INFORMATION:
		tsmb_ibuf_le32(b, fi->mode);
		return TSMB_FILE_MODE_SIZE;
	case FILE_ALIGNMENT_INFORMATION:
		tsmb_ibuf_le32(b, 0);
		return TSMB_FILE_ALIGNMENT_SIZE;
	case FILE_ALL_INFORMATION:
		put_all(b, fi);
		return TSMB_FILE_ALL_MIN;
	case FILE_STREAM_INFORMATION:
		put_stream(b, fi);
		return TSMB_FILE_STREAM_MIN;
	case FILE_COMPRESSION_INFORMATION:
		put_compression(b, fi);
		return TSMB_FILE_COMPRESSION_SIZE;
	case FILE_NETWORK_OPEN_INFORMATION:
		put_network_open(b, fi);
		return TSMB_FILE_NETWORK_OPEN_SIZE;
	case FILE_ATTRIBUTE_TAG_INFORMATION:
		tsmb_ibuf_le32(b, fi->attrs);
		tsmb_ibuf_le32(b, 0);		/* ReparseTag */
		return TSMB_FILE_ATTRIBUTE_TAG_SIZE;
	case FILE_NORMALIZED_NAME_INFORMATION:
		put_name(b, fi, false);
		return TSMB_FILE_NAME_MIN;
	case FILE_ID_INFORMATION:
		put_id(b, fi);
		return TSMB_FILE_ID_SIZE;
	default:
		return 0;
	}
}

struct tsmb_status tsmb_file_info_encode(uint8_t cls, const struct tsmb_finfo *fi,
					 uint16_t dialect, uint8_t *buf, size_t cap, size_t *len)
{
	struct tsmb_ibuf b;
	size_t fixed;

	*len = 0;
	/* [MS-SMB2] 3.3.5.20.1 */
	if (cls == FILE_NORMALIZED_NAME_INFORMATION &&
	    (dialect == SMB2_DIALECT_202 || dialect == SMB2_DIALECT_210 ||
	     dialect == SMB2_DIALECT_302))
		return TSMB_ERR(STATUS_NOT_SUPPORTED);
	tsmb_ibuf_init(&b, buf, cap);
	fixed = encode(cls, fi, &b);
	if (!fixed)
		return unsupported(cls);
	return tsmb_ibuf_done(&b, fixed, len);
}
