/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Logging shorthands for core/: formatting is skipped when the level is off. */
#ifndef TSMB_CORE_LIB_LOG_H
#define TSMB_CORE_LIB_LOG_H

#include <tsmb/os/log.h>

#define tsmb_log(level, ...)                                  \
	do {                                                  \
		if (tsmb_os_log_enabled(level))               \
			tsmb_os_log((level), __VA_ARGS__);    \
	} while (0)

#define tsmb_err(...) tsmb_log(TSMB_LOG_ERR, __VA_ARGS__)
#define tsmb_warn(...) tsmb_log(TSMB_LOG_WARNING, __VA_ARGS__)
#define tsmb_notice(...) tsmb_log(TSMB_LOG_NOTICE, __VA_ARGS__)
#define tsmb_info(...) tsmb_log(TSMB_LOG_INFO, __VA_ARGS__)
#define tsmb_dbg(...) tsmb_log(TSMB_LOG_DEBUG, __VA_ARGS__)

#endif /* TSMB_CORE_LIB_LOG_H */
