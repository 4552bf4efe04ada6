// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SMB2 NEGOTIATE decoding and encoding: [MS-SMB2] 2.2.3 (request),
 * 2.2.3.1 (negotiate contexts), 2.2.4 (response).
 */
#include "core/wire/negotiate.h"

#include "core/wire/hdr.h"

#define NEG_REQ_FIXED_SIZE	36
#define NEG_RSP_FIXED_SIZE	64
#define NEG_CTX_HDR_SIZE	8

static bool take_u16_list(struct tsmb_rd *r, uint16_t count, struct tsmb_u16_list *l)
{
	l->count = count;
	l->p = tsmb_rd_take(r, 2u * count);
	return l->p != NULL;
}

/* 2.2.3.1.1: HashAlgorithmCount, SaltLength, HashAlgorithms[], Salt */
static bool decode_preauth(struct tsmb_rd *r, struct tsmb_negotiate_req *req)
{
	uint16_t count = tsmb_rd_le16(r);
	uint16_t salt_len = tsmb_rd_le16(r);

	if (!tsmb_rd_ok(r) || count == 0)
		return false;
	if (!take_u16_list(r, count, &req->hash_algs))
		return false;
	tsmb_rd_skip(r, salt_len);
	return tsmb_rd_ok(r);
}

/* 2.2.3.1.2 CipherCount, Ciphers[]; 2.2.3.1.7 SigningAlgorithmCount, ... */
static bool decode_alg_list(struct tsmb_rd *r, struct tsmb_u16_list *l)
{
	uint16_t count = tsmb_rd_le16(r);

	if (!tsmb_rd_ok(r) || count == 0)
		return false;
	return take_u16_list(r, count, l);
}

/* 2.2.3.1.3: CompressionAlgorithmCount, Padding, Flags, algorithms */
static bool decode_compression(struct tsmb_rd *r)
{
	uint16_t count = tsmb_rd_le16(r);
	struct tsmb_u16_list l;

	tsmb_rd_skip(r, 6);
	if (!tsmb_rd_ok(r) || count == 0)
		return false;
	return take_u16_list(r, count, &l);
}

/* One context's data (already bounded to DataLength by the caller). */
static struct tsmb_status decode_context(uint16_t type, struct tsmb_rd *r,
					 struct tsmb_negotiate_req *req)
{
	bool *seen = NULL;
	bool ok = true;

	switch (type) {
	case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
		seen = &req->has_preauth;
		ok = !*seen && decode_preauth(r, req);
		break;
	case SMB2_ENCRYPTION_CAPABILITIES:
		seen = &req->has_encryption;
		ok = !*seen && decode_alg_list(r, &req->ciphers);
		break;
	case SMB2_SIGNING_CAPABILITIES:
		seen = &req->has_signing;
		ok = !*seen && decode_alg_list(r, &req->signing_algs);
		break;
	case SMB2_COMPRESSION_CAPABILITIES:
		seen = &req->has_compression;
		ok = !*seen && decode_compression(r);
		break;
	default:
		/* NETNAME, TRANSPORT, RDMA_TRANSFORM and unknown types are ignored. */
		break;
	}
	if (!ok)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	if (seen)
		*seen = true;
	return TSMB_ST(STATUS_SUCCESS);
}

static struct tsmb_status decode_contexts(const uint8_t *msg, size_t len, uint32_t offset,
					  uint16_t count, struct tsmb_negotiate_req *req)
{
	struct tsmb_rd r;
	unsigned int i;

	req->contexts_parsed = true;
	req->context_count = count;
	/* 3.1.1 requires at least the preauth context, so count 0 is malformed. */
	if (count == 0 || (offset & 7) != 0)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, offset);
	for (i = 0; i < count; i++) {
		struct tsmb_rd data;
		const uint8_t *p;
		struct tsmb_status st;
		uint16_t type, data_len;

		if (i)	/* contexts after the first start 8-byte aligned */
			tsmb_rd_seek(&r, TSMB_ALIGN(r.off, 8));
		type = tsmb_rd_le16(&r);
		data_len = tsmb_rd_le16(&r);
		tsmb_rd_skip(&r, 4);
		p = tsmb_rd_take(&r, data_len);
		if (!p)
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		tsmb_rd_init(&data, p, data_len);
		st = decode_context(type, &data, req);
		if (!tsmb_st_ok(st))
			return st;
	}
	return TSMB_ST(STATUS_SUCCESS);
}

static bool offers_dialect(const struct tsmb_u16_list *l, uint16_t dialect)
{
	unsigned int i;

	for (i = 0; i < l->count; i++)
		if (tsmb_u16_list_at(l, i) == dialect)
			return true;
	return false;
}

struct tsmb_status tsmb_negotiate_req_decode(const uint8_t *msg, size_t len,
					     struct tsmb_negotiate_req *req)
{
	struct tsmb_rd r;
	uint32_t ctx_offset;
	uint16_t dialect_count, ctx_count;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, msg, len);
	tsmb_rd_seek(&r, SMB2_HDR_SIZE);
	if (tsmb_rd_le16(&r) != NEG_REQ_FIXED_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	dialect_count = tsmb_rd_le16(&r);
	req->security_mode = tsmb_rd_le16(&r);
	tsmb_rd_skip(&r, 2);
	req->capabilities = tsmb_rd_le32(&r);
	tsmb_rd_bytes(&r, req->client_guid, sizeof(req->client_guid));
	ctx_offset = tsmb_rd_le32(&r);
	ctx_count = tsmb_rd_le16(&r);
	tsmb_rd_skip(&r, 2);
	if (!tsmb_rd_ok(&r) || dialect_count == 0 ||
	    !take_u16_list(&r, dialect_count, &req->dialects))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* Without 3.1.1 those 8 bytes are ClientStartTime, which is ignored. */
	if (!offers_dialect(&req->dialects, SMB2_DIALECT_311))
		return TSMB_ST(STATUS_SUCCESS);
	return decode_contexts(msg, len, ctx_offset, ctx_count, req);
}

static void put_context_hdr(struct tsmb_wr *w, uint16_t type, uint16_t data_len)
{
	tsmb_wr_align(w, 8);
	tsmb_wr_le16(w, type);
	tsmb_wr_le16(w, data_len);
	tsmb_wr_le32(w, 0);
}

static uint16_t encode_contexts(struct tsmb_wr *w, const struct tsmb_negotiate_rsp *rsp)
{
	uint16_t n = 0;

	if (rsp->preauth) {
		put_context_hdr(w, SMB2_PREAUTH_INTEGRITY_CAPABILITIES,
				6 + TSMB_PREAUTH_SALT_LEN);
		tsmb_wr_le16(w, 1);
		tsmb_wr_le16(w, TSMB_PREAUTH_SALT_LEN);
		tsmb_wr_le16(w, SMB2_PREAUTH_INTEGRITY_SHA512);
		tsmb_wr_bytes(w, rsp->preauth_salt, TSMB_PREAUTH_SALT_LEN);
		n++;
	}
	if (rsp->encryption) {
		put_context_hdr(w, SMB2_ENCRYPTION_CAPABILITIES, 4);
		tsmb_wr_le16(w, 1);
		tsmb_wr_le16(w, rsp->cipher);
		n++;
	}
	if (rsp->signing) {
		put_context_hdr(w, SMB2_SIGNING_CAPABILITIES, 4);
		tsmb_wr_le16(w, 1);
		tsmb_wr_le16(w, rsp->signing_alg);
		n++;
	}
	return n;
}

void tsmb_negotiate_rsp_encode(struct tsmb_wr *w, const struct tsmb_negotiate_rsp *rsp)
{
	size_t start = w->off;
	/* Offsets count from this response's own header, just before the body. */
	size_t hdr = start - SMB2_HDR_SIZE;
	uint8_t *ctx_count_field, *ctx_offset_field;
	uint32_t ctx_offset = 0;
	uint16_t sec_offset = SMB2_HDR_SIZE + NEG_RSP_FIXED_SIZE;
	bool with_contexts = rsp->dialect == SMB2_DIALECT_311;
	uint16_t n;

	tsmb_wr_le16(w, NEG_RSP_FIXED_SIZE + 1);
	tsmb_wr_le16(w, rsp->security_mode);
	tsmb_wr_le16(w, rsp->dialect);
	ctx_count_field = tsmb_wr_take(w, 2);
	tsmb_wr_bytes(w, rsp->server_guid, 16);
	tsmb_wr_le32(w, rsp->capabilities);
	tsmb_wr_le32(w, rsp->max_transact_size);
	tsmb_wr_le32(w, rsp->max_read_size);
	tsmb_wr_le32(w, rsp->max_write_size);
	tsmb_wr_le64(w, rsp->system_time);
	tsmb_wr_le64(w, rsp->server_start_time);
	tsmb_wr_le16(w, sec_offset);
	tsmb_wr_le16(w, rsp->security_buffer_len);
	ctx_offset_field = tsmb_wr_take(w, 4);
	tsmb_wr_bytes(w, rsp->security_buffer, rsp->security_buffer_len);
	n = 0;
	if (with_contexts) {
		tsmb_wr_align(w, 8);
		ctx_offset = (uint32_t)(w->off - hdr);
		n = encode_contexts(w, rsp);
	}
	/* StructureSize 65 promises a buffer byte even when there is nothing. */
	if (w->off == start + NEG_RSP_FIXED_SIZE)
		tsmb_wr_u8(w, 0);
	if (!tsmb_wr_ok(w))
		return;
	tsmb_put_le16(ctx_count_field, n);
	tsmb_put_le32(ctx_offset_field, n ? ctx_offset : 0);
}
