// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctest "contract": the contract's conformance suite against the posix
 * implementation, the file checks in a scratch directory, then the network
 * checks that need libc clients. Exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tsmb/os/log.h>

#include "contract.h"
#include "host.h"
#include "net_user.h"

static int mu_remove(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	if (remove(path))
		perror(path);
	return 0;
}

/*
 * The file checks run in the working directory (ctest's: the build tree),
 * a real file system with user xattrs, where /tmp may be a tmpfs without.
 * They leave the directory empty; a failed run may not, so remove it all
 * without following links (some point at "/").
 */
static int mu_file_selftest(void)
{
	char scratch[PATH_MAX];
	int n, failed;

	if (!getcwd(scratch, sizeof(scratch) - 32)) {
		perror("getcwd");
		return 1;
	}
	n = snprintf(scratch + strlen(scratch), 32, "/tsmb-ct-XXXXXX");
	if (n < 0 || !mkdtemp(scratch)) {
		perror("mkdtemp");
		return 1;
	}
	failed = tsmb_contract_file_selftest(scratch);
	if (rmdir(scratch)) {
		fprintf(stderr, "main_user: %s not left empty\n", scratch);
		nftw(scratch, mu_remove, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
		failed++;
	}
	return failed;
}

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
	failed += mu_file_selftest();
	net_failed = tsmb_net_user_selftest();
	if (net_failed)
		fprintf(stderr, "net_user: %d checks failed\n", net_failed);
	else
		fprintf(stderr, "net_user: all checks passed\n");
	return failed || net_failed ? 1 : 0;
}
