// SPDX-License-Identifier: GPL-2.0-or-later
/* Clocks for the kernel format. */
#include <linux/ktime.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>

#include <tsmb/os/time.h>

/* Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
#define TSMB_NT_EPOCH_DELTA	11644473600ULL
#define TSMB_NT_TICKS_PER_SEC	10000000U
#define TSMB_NS_PER_NT_TICK	100U

uint64_t tsmb_os_mono_ns(void)
{
	return ktime_get_ns();
}

uint64_t tsmb_os_nt_time(void)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	/*
	 * tv_nsec < 10^9 fits in 32 bits, so its division stays a 32-bit one
	 * that every architecture has; no 64-bit divide is needed at all.
	 */
	return ((uint64_t)ts.tv_sec + TSMB_NT_EPOCH_DELTA) * TSMB_NT_TICKS_PER_SEC +
	       (u32)ts.tv_nsec / TSMB_NS_PER_NT_TICK;
}
