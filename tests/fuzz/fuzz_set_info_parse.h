/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SET_INFO input parsers (FILE_BASIC_INFORMATION,
 * FILE_RENAME_INFORMATION_TYPE_2, FILE_FULL_EA_INFORMATION lists), with
 * what each must guarantee its caller: shared by fuzz_set_info and
 * fuzz_set_info_input.
 */
#ifndef TSMB_TESTS_FUZZ_SET_INFO_PARSE_H
#define TSMB_TESTS_FUZZ_SET_INFO_PARSE_H

#include "core/lib/utf16.h"
#include "core/wire/fscc.h"
#include "core/wire/set_info.h"
#include "fuzz_common.h"

static inline void fuzz_rename(const uint8_t *buf, size_t len)
{
	static char path[4096 + 1];
	struct tsmb_rename_info ri;
	size_t n;

	if (!tsmb_st_ok(tsmb_rename_info_decode(buf, len, &ri)))
		return;
	FUZZ_ASSERT(ri.root_dir == 0 && ri.name_len && !(ri.name_len & 1));
	FUZZ_ASSERT(ri.name == buf + TSMB_RENAME_INFO_FIXED);
	FUZZ_ASSERT(ri.name + ri.name_len <= buf + len);
	(void)tsmb_utf16_to_utf8(ri.name, ri.name_len, path, sizeof(path), &n);
}

static inline void fuzz_basic(const uint8_t *buf, size_t len)
{
	struct tsmb_basic_info bi;

	if (!tsmb_st_ok(tsmb_basic_info_decode(buf, len, &bi)))
		return;
	FUZZ_ASSERT(len >= TSMB_BASIC_INFO_SIZE);
	FUZZ_ASSERT(bi.creation >= -2 && bi.last_access >= -2 && bi.last_write >= -2 &&
		    bi.change >= -2);
}

/* Every entry inside the list, its name NUL-terminated; the walk ends. */
static inline void fuzz_full_ea(const uint8_t *buf, size_t len)
{
	struct tsmb_full_ea_iter it;
	struct tsmb_full_ea ea;
	unsigned int n = 0;
	int r;

	tsmb_full_ea_iter_init(&it, buf, len);
	while ((r = tsmb_full_ea_next(&it, &ea)) > 0) {
		FUZZ_ASSERT((const uint8_t *)ea.name >= buf &&
			    (const uint8_t *)ea.name + ea.name_len < buf + len);
		FUZZ_ASSERT(ea.name[ea.name_len] == 0);
		FUZZ_ASSERT(ea.value >= (const uint8_t *)ea.name + ea.name_len + 1 &&
			    ea.value + ea.value_len <= buf + len);
		(void)tsmb_ea_name_valid(ea.name, ea.name_len);
		FUZZ_ASSERT(++n <= len / TSMB_FULL_EA_FIXED + 1);
	}
}

static inline void fuzz_set_info_parse(uint8_t cls, const uint8_t *buf, size_t len)
{
	switch (cls) {
	case FILE_RENAME_INFORMATION:
		fuzz_rename(buf, len);
		break;
	case FILE_BASIC_INFORMATION:
		fuzz_basic(buf, len);
		break;
	case FILE_FULL_EA_INFORMATION:
		fuzz_full_ea(buf, len);
		break;
	default:
		break;
	}
}

#endif /* TSMB_TESTS_FUZZ_SET_INFO_PARSE_H */
