/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a userspace host program (tsmbd, tests) sets up in the posix
 * abstraction before it runs a core server. Not part of the core's
 * contract: core/ never includes this.
 */
#ifndef TSMB_POSIX_HOST_H
#define TSMB_POSIX_HOST_H

#include <stdbool.h>

/*
 * Logs go to stderr (with a timestamp and level) until this is called
 * with to_syslog, then to syslog(3) under ident with LOG_DAEMON.
 */
void tsmb_posix_log_open(bool to_syslog, const char *ident);
/* TSMB_LOG_ERR .. TSMB_LOG_DEBUG; messages above it are dropped. */
void tsmb_posix_log_set_level(int level);
int tsmb_posix_log_get_level(void);

#endif /* TSMB_POSIX_HOST_H */
