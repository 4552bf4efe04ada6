/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every fuzz target shares: quiet logs unless TSMB_FUZZ_LOG=<level>. */
#ifndef TSMB_TESTS_FUZZ_COMMON_H
#define TSMB_TESTS_FUZZ_COMMON_H

#include <stdlib.h>

#include <tsmb/os/log.h>

#include "host.h"

static inline void tsmb_fuzz_quiet(void)
{
	const char *lvl = getenv("TSMB_FUZZ_LOG");

	tsmb_posix_log_set_level(lvl ? atoi(lvl) : TSMB_LOG_ERR);
}

/* A check that the fuzzer must report as a crash, sanitizers or not. */
#define FUZZ_ASSERT(cond)                                                   \
	do {                                                                \
		if (!(cond))                                                \
			__builtin_trap();                                   \
	} while (0)

#endif /* TSMB_TESTS_FUZZ_COMMON_H */
