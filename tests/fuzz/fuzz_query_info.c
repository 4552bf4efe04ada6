// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/query_info.c: any bytes as an SMB2 QUERY_INFO request (header
 * included); a decoded input buffer lies inside the input and is walked
 * as the FILE_GET_EA_INFORMATION list a FileFullEaInformation query
 * carries.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/wire/query_info.h"
#include "core/wire/set_info.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_query_info_req q;
	struct tsmb_get_ea_iter it;
	struct tsmb_get_ea ea;
	unsigned int n = 0;
	uint8_t out[8];
	struct tsmb_wr w;
	int r;

	if (!tsmb_st_ok(tsmb_query_info_req_decode(data, size, &q)))
		return 0;
	if (!q.in) {
		FUZZ_ASSERT(q.in_len == 0);
	} else {
		FUZZ_ASSERT(q.in >= data + 104 && q.in + q.in_len <= data + size);
		tsmb_get_ea_iter_init(&it, q.in, q.in_len);
		while ((r = tsmb_get_ea_next(&it, &ea)) > 0) {
			FUZZ_ASSERT((const uint8_t *)ea.name >= q.in &&
				    (const uint8_t *)ea.name + ea.name_len < q.in + q.in_len);
			FUZZ_ASSERT(ea.name[ea.name_len] == 0);
			(void)tsmb_ea_name_valid(ea.name, ea.name_len);
			FUZZ_ASSERT(++n <= q.in_len / 6 + 1);
		}
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_query_info_rsp_encode(&w, q.out_len);
	FUZZ_ASSERT(tsmb_wr_ok(&w));
	return 0;
}
