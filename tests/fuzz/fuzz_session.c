// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/session.c and tree_connect.c: SESSION_SETUP, LOGOFF,
 * TREE_CONNECT and TREE_DISCONNECT requests (whole messages: their buffer
 * offsets count from the header), and the responses built from them.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/session.h"
#include "core/wire/smb2.h"
#include "core/wire/tree_connect.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_session_setup_req ss;
	struct tsmb_tree_connect_req tc;
	struct tsmb_tree_connect_rsp trsp;
	static uint8_t out[SMB2_HDR_SIZE + 16 + 65536];
	struct tsmb_wr w;

	if (tsmb_st_ok(tsmb_session_setup_req_decode(data, size, &ss))) {
		/* the blob lies inside the message, after the fixed part */
		FUZZ_ASSERT(!ss.blob_len || (ss.blob >= data + SMB2_HDR_SIZE + 24 &&
					     ss.blob + ss.blob_len <= data + size));
		tsmb_wr_init(&w, out, sizeof(out));
		tsmb_wr_zero(&w, SMB2_HDR_SIZE);
		tsmb_session_setup_rsp_encode(&w, 0, 0, ss.blob, ss.blob_len);
		FUZZ_ASSERT(tsmb_wr_ok(&w));
	}
	if (tsmb_st_ok(tsmb_tree_connect_req_decode(data, size, &tc))) {
		FUZZ_ASSERT(tc.path_len && !(tc.path_len & 1) &&
			    tc.path >= data + SMB2_HDR_SIZE + 8 && tc.path + tc.path_len <= data + size);
		memset(&trsp, 0, sizeof(trsp));
		tsmb_wr_init(&w, out, 16);
		tsmb_tree_connect_rsp_encode(&w, &trsp);
		FUZZ_ASSERT(tsmb_wr_ok(&w));
	}
	if (size >= SMB2_HDR_SIZE)
		(void)tsmb_empty4_req_decode(data + SMB2_HDR_SIZE, size - SMB2_HDR_SIZE);
	return 0;
}
