// SPDX-License-Identifier: GPL-2.0-or-later
#include <time.h>

#include <tsmb/os/time.h>

/* 1601-01-01 to 1970-01-01, in FILETIME's 100 ns units. */
#define TSMB_NT_UNIX_EPOCH 116444736000000000ULL

uint64_t tsmb_os_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t tsmb_os_nt_time(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* A clock set before 1970 still gives a valid (earlier) FILETIME. */
	return TSMB_NT_UNIX_EPOCH + (uint64_t)((int64_t)ts.tv_sec * 10000000LL) +
	       (uint64_t)ts.tv_nsec / 100;
}
