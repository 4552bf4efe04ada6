// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctest "contract": the contract's conformance suite against the posix
 * implementation, then the network checks that need libc clients.
 * Exit status 0 only if every check passed.
 */
#include <stdio.h>

#include <tsmb/os/log.h>

#include "contract.h"
#include "host.h"
#include "net_user.h"

int main(void)
{
	int failed, net_failed;

	failed = 0;
	/* host.h's level filter, which the contract suite cannot reach. */
	tsmb_posix_log_set_level(TSMB_LOG_WARNING);
	if (tsmb_posix_log_get_level() != TSMB_LOG_WARNING || tsmb_os_log_enabled(TSMB_LOG_INFO) ||
	    !tsmb_os_log_enabled(TSMB_LOG_ERR)) {
		fprintf(stderr, "main_user: log level filter broken\n");
		failed++;
	}
	tsmb_posix_log_set_level(TSMB_LOG_INFO);
	failed += tsmb_contract_selftest();
	net_failed = tsmb_net_user_selftest();
	if (net_failed)
		fprintf(stderr, "net_user: %d checks failed\n", net_failed);
	else
		fprintf(stderr, "net_user: all checks passed\n");
	return failed || net_failed ? 1 : 0;
}
