// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/lock.c: any bytes as a LOCK request body. What decodes has
 * every element inside the input; the flag rules of [MS-SMB2] 3.3.5.14
 * leave a consistent classification, and each element reads back.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/wire/lock.h"
#include "fuzz_common.h"

volatile uint64_t tsmb_fuzz_sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_lock_element e;
	struct tsmb_lock_req req;
	struct tsmb_status st;
	uint8_t out[8];
	struct tsmb_wr w;
	unsigned int i;

	st = tsmb_lock_req_decode(data, size, &req);
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	FUZZ_ASSERT(req.lock_count >= 1);
	FUZZ_ASSERT(req.locks == data + 24);
	FUZZ_ASSERT(24 + (size_t)req.lock_count * SMB2_LOCK_ELEMENT_SIZE <= size);
	for (i = 0; i < req.lock_count; i++) {
		tsmb_lock_req_element(&req, i, &e);
		tsmb_fuzz_sink ^= e.offset ^ e.length ^ e.flags;
	}
	st = tsmb_lock_req_classify(&req);
	if (!tsmb_st_ok(st)) {
		FUZZ_ASSERT(st.v == STATUS_INVALID_PARAMETER);
		return 0;
	}
	FUZZ_ASSERT(req.nr_valid >= 1 && req.nr_valid <= req.lock_count);
	FUZZ_ASSERT(!(req.unlock && req.blocking));
	FUZZ_ASSERT(!req.blocking || req.lock_count == 1);
	if (!req.unlock)
		FUZZ_ASSERT(req.nr_valid == req.lock_count);
	for (i = 0; i < req.nr_valid; i++) {
		tsmb_lock_req_element(&req, i, &e);
		if (req.unlock)
			FUZZ_ASSERT(e.flags == SMB2_LOCKFLAG_UNLOCK);
		else
			FUZZ_ASSERT(e.flags & (SMB2_LOCKFLAG_SHARED_LOCK |
					       SMB2_LOCKFLAG_EXCLUSIVE_LOCK));
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_lock_rsp_encode(&w);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == 4);
	return 0;
}
