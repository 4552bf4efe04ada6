/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Clocks. Both are safe from any context and never sleep. */
#ifndef TSMB_OS_TIME_H
#define TSMB_OS_TIME_H

#include <tsmb/os/types.h>

/* Monotonic nanoseconds since an arbitrary point (boot). */
uint64_t tsmb_os_mono_ns(void);
/*
 * Wall-clock time as a Windows FILETIME: 100 ns units since 1601-01-01 UTC
 * ([MS-DTYP] 2.3.3). Computed by the abstraction so that core/ needs no
 * 64-bit division.
 */
uint64_t tsmb_os_nt_time(void);

#endif /* TSMB_OS_TIME_H */
