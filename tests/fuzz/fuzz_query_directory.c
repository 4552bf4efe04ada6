// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/query_directory.c: any bytes as an SMB2 QUERY_DIRECTORY
 * request (header included). A decoded pattern lies inside the input and
 * goes through the matcher against a few names, as the handler would use
 * it; the response's fixed part is encoded.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/lib/utf16.h"
#include "core/vfs/wildcard.h"
#include "core/wire/query_directory.h"
#include "fuzz_common.h"

static char pat[TSMB_PATTERN_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { ".", "..", "a.txt", "README", "x.y.z" };
	struct tsmb_query_dir_req q;
	uint8_t out[8];
	struct tsmb_wr w;
	size_t n, i;

	if (!tsmb_st_ok(tsmb_query_dir_req_decode(data, size, &q)))
		return 0;
	if (q.pattern) {
		FUZZ_ASSERT(q.pattern >= data + 96 && q.pattern + q.pattern_len <= data + size);
		FUZZ_ASSERT(q.pattern_len && !(q.pattern_len & 1));
		if (!tsmb_utf16_to_utf8(q.pattern, q.pattern_len, pat, sizeof(pat), &n))
			for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
				(void)tsmb_wildcard_match(pat, n, names[i], strlen(names[i]));
	} else {
		FUZZ_ASSERT(q.pattern_len == 0);
	}
	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_query_dir_rsp_encode(&w, q.out_len);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == sizeof(out));
	return 0;
}
