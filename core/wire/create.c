// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SMB2 CREATE decoding and encoding: [MS-SMB2] 2.2.13 (request), 2.2.13.2
 * (create contexts), 2.2.14 (response), 2.2.14.2 (response contexts), and
 * the request checks of 3.3.5.9 that concern the layout only.
 */
#include "core/wire/create.h"

#define CREATE_REQ_FIXED	56	/* StructureSize .. CreateContextsLength */
#define CREATE_RSP_FIXED	88
#define CTX_HDR_SIZE		16	/* Next .. DataLength */

/*
 * One context at c, which may use extent bytes (up to its Next, or to the
 * end of the area for the last one): name and data inside, aligned.
 */
static bool ctx_ok(const uint8_t *c, uint32_t extent)
{
	uint16_t name_off = tsmb_get_le16(c + 4);
	uint16_t name_len = tsmb_get_le16(c + 6);
	uint16_t data_off = tsmb_get_le16(c + 10);
	uint32_t data_len = tsmb_get_le32(c + 12);

	if (name_off < CTX_HDR_SIZE || (name_off & 7) || name_len < 4 ||
	    (uint32_t)name_off + name_len > extent)
		return false;
	/* 2.2.13.2: with no data, DataOffset means nothing and is ignored. */
	if (!data_len)
		return true;
	if ((data_off & 7) || data_off < (uint32_t)name_off + name_len)
		return false;
	return data_off <= extent && data_len <= extent - data_off;
}

static struct tsmb_status decode_contexts(const uint8_t *msg, size_t len, uint32_t off,
					  uint32_t ctx_len, struct tsmb_create_req *req)
{
	uint32_t pos = 0;

	if (!ctx_len)
		return TSMB_ST(STATUS_SUCCESS);
	if ((off & 7) || !tsmb_buf_in_msg(len, SMB2_HDR_SIZE + CREATE_REQ_FIXED, off, ctx_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->ctx = msg + off;
	req->ctx_len = ctx_len;
	for (;;) {
		const uint8_t *c = req->ctx + pos;
		uint32_t left = ctx_len - pos, next, extent;

		if (left < CTX_HDR_SIZE)
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		next = tsmb_get_le32(c);
		if (next && ((next & 7) || next < CTX_HDR_SIZE || next > left))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		extent = next ? next : left;
		if (!ctx_ok(c, extent))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		req->nr_ctx++;
		if (!next)
			break;
		pos += next;
	}
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_create_req_decode(const uint8_t *msg, size_t len,
					  struct tsmb_create_req *req)
{
	struct tsmb_rd r;
	uint16_t name_off;
	uint32_t ctx_off, ctx_len;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != SMB2_CREATE_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->security_flags = tsmb_rd_u8(&r);
	req->oplock_level = tsmb_rd_u8(&r);
	req->impersonation_level = tsmb_rd_le32(&r);
	req->smb_create_flags = tsmb_rd_le64(&r);
	tsmb_rd_skip(&r, 8);		/* Reserved */
	req->desired_access = tsmb_rd_le32(&r);
	req->file_attributes = tsmb_rd_le32(&r);
	req->share_access = tsmb_rd_le32(&r);
	req->disposition = tsmb_rd_le32(&r);
	req->options = tsmb_rd_le32(&r);
	name_off = tsmb_rd_le16(&r);
	req->name_len = tsmb_rd_le16(&r);
	ctx_off = tsmb_rd_le32(&r);
	ctx_len = tsmb_rd_le32(&r);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/*
	 * 3.3.5.9: the name lies in the Buffer field, inside the request, and
	 * is UTF-16. Clients send NameOffset 0 with an empty name; accept it.
	 */
	if (req->name_len & 1)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (req->name_len || name_off) {
		if (!tsmb_buf_in_msg(len, SMB2_HDR_SIZE + CREATE_REQ_FIXED, name_off,
				     req->name_len))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		req->name = msg + name_off;
	}
	return decode_contexts(msg, len, ctx_off, ctx_len, req);
}

bool tsmb_create_ctx_next(const struct tsmb_create_req *req, uint32_t *pos,
			  struct tsmb_create_ctx *out)
{
	const uint8_t *c;
	uint32_t next;

	if (!req->ctx || *pos >= req->ctx_len)
		return false;
	/* the decoder has checked every field of the chain */
	c = req->ctx + *pos;
	next = tsmb_get_le32(c);
	out->name = c + tsmb_get_le16(c + 4);
	out->name_len = tsmb_get_le16(c + 6);
	out->data_len = tsmb_get_le32(c + 12);
	out->data = out->data_len ? c + tsmb_get_le16(c + 10) : NULL;
	*pos = next ? *pos + next : req->ctx_len;
	return true;
}

bool tsmb_create_ctx_find(const struct tsmb_create_req *req, const char *tag,
			  struct tsmb_create_ctx *out)
{
	uint32_t pos = 0;

	while (tsmb_create_ctx_next(req, &pos, out))
		if (out->name_len == 4 && !tsmb_memcmp(out->name, tag, 4))
			return true;
	return false;
}

/* One response context; returns its offset in w's buffer. */
static size_t put_context(struct tsmb_wr *w, const struct tsmb_create_ctx *c)
{
	uint16_t data_off = c->data_len ? (uint16_t)TSMB_ALIGN(CTX_HDR_SIZE + c->name_len, 8) : 0;
	size_t start;

	tsmb_wr_align(w, 8);
	start = w->off;
	tsmb_wr_le32(w, 0);			/* Next: patched by the caller */
	tsmb_wr_le16(w, CTX_HDR_SIZE);		/* NameOffset */
	tsmb_wr_le16(w, c->name_len);
	tsmb_wr_le16(w, 0);			/* Reserved */
	tsmb_wr_le16(w, data_off);
	tsmb_wr_le32(w, c->data_len);
	tsmb_wr_bytes(w, c->name, c->name_len);
	if (c->data_len) {
		tsmb_wr_zero(w, data_off - CTX_HDR_SIZE - c->name_len);
		tsmb_wr_bytes(w, c->data, c->data_len);
	}
	return start;
}

void tsmb_create_rsp_encode(struct tsmb_wr *w, const struct tsmb_create_rsp *rsp)
{
	size_t start = w->off;
	/* Offsets count from this response's own header, just before the body. */
	size_t hdr = start - SMB2_HDR_SIZE;
	size_t first = 0, prev = (size_t)-1;
	uint8_t *ctx_fields;
	unsigned int i;

	tsmb_wr_le16(w, SMB2_CREATE_RSP_SIZE);
	tsmb_wr_u8(w, rsp->oplock_level);
	tsmb_wr_u8(w, rsp->flags);
	tsmb_wr_le32(w, rsp->create_action);
	tsmb_wr_le64(w, rsp->creation_time);
	tsmb_wr_le64(w, rsp->last_access_time);
	tsmb_wr_le64(w, rsp->last_write_time);
	tsmb_wr_le64(w, rsp->change_time);
	tsmb_wr_le64(w, rsp->allocation_size);
	tsmb_wr_le64(w, rsp->end_of_file);
	tsmb_wr_le32(w, rsp->file_attributes);
	tsmb_wr_le32(w, 0);			/* Reserved2 */
	tsmb_wr_le64(w, rsp->file_id_persistent);
	tsmb_wr_le64(w, rsp->file_id_volatile);
	ctx_fields = tsmb_wr_take(w, 8);	/* CreateContextsOffset, Length */
	for (i = 0; i < rsp->nr_ctx; i++) {
		size_t at = put_context(w, &rsp->ctx[i]);

		if (!tsmb_wr_ok(w))
			return;
		if (prev != (size_t)-1)
			tsmb_put_le32(w->buf + prev, (uint32_t)(at - prev));
		else
			first = at;
		prev = at;
	}
	/* StructureSize 89 promises a buffer byte even when there is nothing. */
	if (!rsp->nr_ctx)
		tsmb_wr_u8(w, 0);
	if (!tsmb_wr_ok(w))
		return;
	tsmb_put_le32(ctx_fields, rsp->nr_ctx ? (uint32_t)(first - hdr) : 0);
	tsmb_put_le32(ctx_fields + 4, rsp->nr_ctx ? (uint32_t)(w->off - first) : 0);
}
