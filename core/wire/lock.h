/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SMB2 LOCK request and response ([MS-SMB2] 2.2.26, 2.2.26.1, 2.2.27). */
#ifndef TSMB_CORE_WIRE_LOCK_H
#define TSMB_CORE_WIRE_LOCK_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_LOCK_REQ_SIZE	48
#define SMB2_LOCK_RSP_SIZE	4
#define SMB2_LOCK_ELEMENT_SIZE	24

/* 2.2.26.1 Flags */
#define SMB2_LOCKFLAG_SHARED_LOCK	0x00000001u
#define SMB2_LOCKFLAG_EXCLUSIVE_LOCK	0x00000002u
#define SMB2_LOCKFLAG_UNLOCK		0x00000004u
#define SMB2_LOCKFLAG_FAIL_IMMEDIATELY	0x00000010u

struct tsmb_lock_element {
	uint64_t offset;
	uint64_t length;
	uint32_t flags;
};

struct tsmb_lock_req {
	uint16_t lock_count;		/* at least 1 */
	uint8_t lock_sequence_number;	/* 4 bits */
	uint32_t lock_sequence_index;	/* 28 bits */
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
	const uint8_t *locks;		/* lock_count elements, inside the request */
	/* what 3.3.5.14 makes of the flags (tsmb_lock_req_classify()): */
	bool unlock;			/* the first element unlocks, so all are to */
	bool blocking;			/* one lock without FAIL_IMMEDIATELY: may wait */
	/*
	 * Unlock requests: how many leading elements are plain unlocks. The
	 * handler unlocks those, then fails the request with
	 * STATUS_INVALID_PARAMETER if any is left (3.3.5.14.1: what was
	 * unlocked stays unlocked). Lock requests: lock_count.
	 */
	uint16_t nr_valid;
};

/*
 * body/len: the request after the header. STATUS_INVALID_PARAMETER when
 * malformed: LockCount 0, elements past the end.
 */
struct tsmb_status tsmb_lock_req_decode(const uint8_t *body, size_t len,
					struct tsmb_lock_req *req);

/*
 * [MS-SMB2] 3.3.5.14.1, 3.3.5.14.2: what the flags make of a decoded
 * request, once its open is found (Windows answers STATUS_FILE_CLOSED
 * before looking at them). STATUS_INVALID_PARAMETER for what is refused
 * before any lock is taken: a first element that is neither a lock
 * (shared or exclusive, with FAIL_IMMEDIATELY or without) nor a plain
 * unlock; several locks of which one lacks FAIL_IMMEDIATELY (which covers
 * an unlock among locks).
 */
struct tsmb_status tsmb_lock_req_classify(struct tsmb_lock_req *req);

/* Element i (< lock_count) of a decoded request. */
void tsmb_lock_req_element(const struct tsmb_lock_req *req, unsigned int i,
			   struct tsmb_lock_element *e);

void tsmb_lock_rsp_encode(struct tsmb_wr *w);

#endif /* TSMB_CORE_WIRE_LOCK_H */
