/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What Windows sees of a POSIX file: FILETIMEs from nanosecond times, DOS
 * attributes from the mode (directory, read-only when no write bit is set
 * for anyone, hidden for dot-files), sizes.
 */
#ifndef TSMB_CORE_VFS_ATTR_H
#define TSMB_CORE_VFS_ATTR_H

#include <tsmb/os/file.h>

/* FILETIME (100 ns since 1601) of a time in ns since 1970; 0 for "unknown". */
uint64_t tsmb_nt_time_from_ns(int64_t ns);
/* The reverse; FILETIME 0 and -1 mean "do not change": TSMB_TIME_OMIT. */
int64_t tsmb_ns_from_nt_time(uint64_t nt);
/* FILE_ATTRIBUTE_* of a file with this stat and last path component. */
uint32_t tsmb_dos_attrs(const struct tsmb_os_stat *st, const char *name);
/* The index number clients use as the file id (FileInternalInformation). */
static inline uint64_t tsmb_file_index(const struct tsmb_os_stat *st)
{
	return st->ino;
}
/* Allocation size as Windows reports it: 0 for directories. */
uint64_t tsmb_alloc_size(const struct tsmb_os_stat *st);
/* The last component of a path beneath a share ("" for the root). */
const char *tsmb_path_last(const char *path);

#endif /* TSMB_CORE_VFS_ATTR_H */
