// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The SET_INFO input parsers on their own (no request around them): the
 * first byte picks FILE_RENAME_INFORMATION (10), FILE_BASIC_INFORMATION
 * (4) or a FILE_FULL_EA_INFORMATION list (15), by its class number; any
 * other value runs all three on the rest.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "fuzz_set_info_parse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0]) {
	case FILE_RENAME_INFORMATION:
	case FILE_BASIC_INFORMATION:
	case FILE_FULL_EA_INFORMATION:
		fuzz_set_info_parse(data[0], data + 1, size - 1);
		break;
	default:
		fuzz_rename(data + 1, size - 1);
		fuzz_basic(data + 1, size - 1);
		fuzz_full_ea(data + 1, size - 1);
		break;
	}
	return 0;
}
