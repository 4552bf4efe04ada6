// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SMB2 LOCK: [MS-SMB2] 2.2.26 (request), 2.2.26.1 (SMB2_LOCK_ELEMENT),
 * 2.2.27 (response), with the flag rules of 3.3.5.14.1 and 3.3.5.14.2.
 */
#include "core/wire/lock.h"

#define LOCK_SHARED_NOWAIT	(SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
#define LOCK_EXCL_NOWAIT	(SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY)

static uint32_t element_flags(const uint8_t *locks, unsigned int i)
{
	return tsmb_get_le32(locks + (size_t)i * SMB2_LOCK_ELEMENT_SIZE + 16);
}

/* 2.2.26.1 lists the only combinations a lock element may carry. */
static bool is_lock_nowait(uint32_t flags)
{
	return flags == LOCK_SHARED_NOWAIT || flags == LOCK_EXCL_NOWAIT;
}

static bool is_lock_wait(uint32_t flags)
{
	return flags == SMB2_LOCKFLAG_SHARED_LOCK || flags == SMB2_LOCKFLAG_EXCLUSIVE_LOCK;
}

struct tsmb_status tsmb_lock_req_classify(struct tsmb_lock_req *req)
{
	uint32_t first = element_flags(req->locks, 0);
	unsigned int i;

	if (first == SMB2_LOCKFLAG_UNLOCK) {
		/* unlocks are processed in order up to the first stranger */
		req->unlock = true;
		for (i = 0; i < req->lock_count; i++)
			if (element_flags(req->locks, i) != SMB2_LOCKFLAG_UNLOCK)
				break;
		req->nr_valid = (uint16_t)i;
		return TSMB_ST(STATUS_SUCCESS);
	}
	if (is_lock_wait(first)) {
		/* only a lone lock may wait */
		if (req->lock_count != 1)
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
		req->blocking = true;
		req->nr_valid = 1;
		return TSMB_ST(STATUS_SUCCESS);
	}
	if (!is_lock_nowait(first))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* several locks must all fail immediately, which rules out unlocks */
	for (i = 1; i < req->lock_count; i++)
		if (!is_lock_nowait(element_flags(req->locks, i)))
			return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->nr_valid = req->lock_count;
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_lock_req_decode(const uint8_t *body, size_t len,
					struct tsmb_lock_req *req)
{
	struct tsmb_rd r;
	uint32_t seq;

	tsmb_memset(req, 0, sizeof(*req));
	tsmb_rd_init(&r, body, len);
	if (tsmb_rd_le16(&r) != SMB2_LOCK_REQ_SIZE)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	req->lock_count = tsmb_rd_le16(&r);
	seq = tsmb_rd_le32(&r);
	req->lock_sequence_number = (uint8_t)(seq & 0xf);
	req->lock_sequence_index = seq >> 4;
	req->file_id_persistent = tsmb_rd_le64(&r);
	req->file_id_volatile = tsmb_rd_le64(&r);
	if (!req->lock_count)
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* at most 65535 elements of 24 bytes: no overflow on any size_t */
	req->locks = tsmb_rd_take(&r, (size_t)req->lock_count * SMB2_LOCK_ELEMENT_SIZE);
	if (!tsmb_rd_ok(&r))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	return TSMB_ST(STATUS_SUCCESS);
}

void tsmb_lock_req_element(const struct tsmb_lock_req *req, unsigned int i,
			   struct tsmb_lock_element *e)
{
	const uint8_t *p = req->locks + (size_t)i * SMB2_LOCK_ELEMENT_SIZE;

	e->offset = tsmb_get_le64(p);
	e->length = tsmb_get_le64(p + 8);
	e->flags = tsmb_get_le32(p + 16);
	/* Reserved (4 bytes): ignored on receipt */
}

void tsmb_lock_rsp_encode(struct tsmb_wr *w)
{
	tsmb_wr_le16(w, SMB2_LOCK_RSP_SIZE);
	tsmb_wr_le16(w, 0);		/* Reserved */
}
