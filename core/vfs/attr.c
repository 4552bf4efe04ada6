// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/vfs/attr.h"

#include "core/wire/fscc.h"

/* 1601-01-01 to 1970-01-01 in 100 ns units. */
#define NT_EPOCH_DELTA 116444736000000000ULL

/*
 * Division by 100 without the 64-bit divide that 32-bit kernels lack:
 * the times here are positive and below 2^63, and the kernel build is
 * x86_64 only, so a plain division is fine there; keep it in one place.
 */
static uint64_t div100(uint64_t v)
{
	return v / 100;
}

uint64_t tsmb_nt_time_from_ns(int64_t ns)
{
	/* int64 ns reach back only to 1677: always after 1601 */
	if (ns < 0)
		return NT_EPOCH_DELTA - div100((uint64_t)-ns);
	return NT_EPOCH_DELTA + div100((uint64_t)ns);
}

int64_t tsmb_ns_from_nt_time(uint64_t nt)
{
	if (nt == 0 || nt == ~0ULL || nt == ~0ULL - 1)
		return TSMB_TIME_OMIT;
	/* beyond what ns since 1970 can hold: clamp to the largest time */
	if (nt > NT_EPOCH_DELTA + (uint64_t)0x7ffffffffffffffeLL / 100)
		return 0x7ffffffffffffffeLL;
	if (nt >= NT_EPOCH_DELTA)
		return (int64_t)(nt - NT_EPOCH_DELTA) * 100;
	/* before 1677: the earliest time ns since 1970 can hold */
	if (NT_EPOCH_DELTA - nt > (uint64_t)0x7ffffffffffffffeLL / 100)
		return -0x7ffffffffffffffeLL;
	return -(int64_t)(NT_EPOCH_DELTA - nt) * 100;
}

const char *tsmb_path_last(const char *path)
{
	const char *p = path, *last = path;

	for (; *p; p++)
		if (*p == '/')
			last = p + 1;
	return last;
}

uint32_t tsmb_dos_attrs(const struct tsmb_os_stat *st, const char *name)
{
	uint32_t a = 0;

	if (TSMB_S_ISDIR(st->mode))
		a |= FILE_ATTRIBUTE_DIRECTORY;
	else
		a |= FILE_ATTRIBUTE_ARCHIVE;
	if (!(st->mode & 0222))
		a |= FILE_ATTRIBUTE_READONLY;
	if (name[0] == '.' && name[1] && !(name[1] == '.' && !name[2]))
		a |= FILE_ATTRIBUTE_HIDDEN;
	return a;
}

uint64_t tsmb_alloc_size(const struct tsmb_os_stat *st)
{
	if (TSMB_S_ISDIR(st->mode))
		return 0;
	return st->alloc;
}
