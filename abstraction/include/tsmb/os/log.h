/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging. Levels are syslog's (and printk's). The format strings that
 * core/ uses must mean the same to printf(3) and printk: %d %u %x %s %c
 * %lld %llu %llx %zu %p with flags and widths; nothing else.
 */
#ifndef TSMB_OS_LOG_H
#define TSMB_OS_LOG_H

#include <tsmb/os/types.h>

#define TSMB_LOG_ERR		3
#define TSMB_LOG_WARNING	4
#define TSMB_LOG_NOTICE		5
#define TSMB_LOG_INFO		6
#define TSMB_LOG_DEBUG		7

/* Safe from any context but the socket callbacks; never sleeps for long. */
void tsmb_os_log(int level, const char *fmt, ...) TSMB_PRINTF(2, 3);
/* Cheap test so that callers skip formatting what would be dropped. */
bool tsmb_os_log_enabled(int level);

#endif /* TSMB_OS_LOG_H */
