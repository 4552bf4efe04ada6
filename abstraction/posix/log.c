// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Logging to stderr or syslog. Process-wide state: the host program (not
 * core/) chooses the destination and level through host.h.
 *
 * Each stderr line is formatted whole and written with one write(2) under
 * a lock, so that lines from different threads never interleave.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <tsmb/os/log.h>

#include "host.h"

#define TSMB_LOG_LINE 1024

static int tsmb_log_level = TSMB_LOG_INFO;
static bool tsmb_log_syslog;
static char tsmb_log_ident[32];		/* openlog(3) keeps the pointer */
static pthread_mutex_t tsmb_log_lock = PTHREAD_MUTEX_INITIALIZER;

_Static_assert(TSMB_LOG_ERR == LOG_ERR && TSMB_LOG_WARNING == LOG_WARNING &&
	       TSMB_LOG_NOTICE == LOG_NOTICE && TSMB_LOG_INFO == LOG_INFO &&
	       TSMB_LOG_DEBUG == LOG_DEBUG, "log levels differ from syslog's");

static const char *const tsmb_log_names[] = {
	[TSMB_LOG_ERR] = "ERR",
	[TSMB_LOG_WARNING] = "WARNING",
	[TSMB_LOG_NOTICE] = "NOTICE",
	[TSMB_LOG_INFO] = "INFO",
	[TSMB_LOG_DEBUG] = "DEBUG",
};

static int tsmb_log_clamp(int level)
{
	if (level < TSMB_LOG_ERR)
		return TSMB_LOG_ERR;
	if (level > TSMB_LOG_DEBUG)
		return TSMB_LOG_DEBUG;
	return level;
}

void tsmb_posix_log_open(bool to_syslog, const char *ident)
{
	pthread_mutex_lock(&tsmb_log_lock);
	if (__atomic_load_n(&tsmb_log_syslog, __ATOMIC_RELAXED))
		closelog();
	if (to_syslog) {
		snprintf(tsmb_log_ident, sizeof(tsmb_log_ident), "%s",
			 ident ? ident : "tsmbd");
		openlog(tsmb_log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	}
	__atomic_store_n(&tsmb_log_syslog, to_syslog, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&tsmb_log_lock);
}

void tsmb_posix_log_set_level(int level)
{
	__atomic_store_n(&tsmb_log_level, tsmb_log_clamp(level), __ATOMIC_RELAXED);
}

int tsmb_posix_log_get_level(void)
{
	return __atomic_load_n(&tsmb_log_level, __ATOMIC_RELAXED);
}

bool tsmb_os_log_enabled(int level)
{
	return level <= __atomic_load_n(&tsmb_log_level, __ATOMIC_RELAXED);
}

/* "2024-05-01T12:00:00.123Z LEVEL message\n" into line; returns its length. */
static size_t tsmb_log_format(char *line, size_t size, int level, const char *fmt,
			      va_list ap)
{
	struct timespec ts;
	struct tm tm;
	size_t len;
	int n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	len = strftime(line, size, "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line + len, size - len, ".%03ldZ %s ", ts.tv_nsec / 1000000L,
		     tsmb_log_names[tsmb_log_clamp(level)]);
	len += (size_t)n;
	n = vsnprintf(line + len, size - len, fmt, ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= size - len) {
		/* Truncated: say so, and keep room for the newline. */
		len = size - 5;
		memcpy(line + len, "...", 3);
		len += 3;
	} else {
		len += (size_t)n;
	}
	while (len && line[len - 1] == '\n')
		len--;
	line[len++] = '\n';
	return len;
}

void tsmb_os_log(int level, const char *fmt, ...)
{
	char line[TSMB_LOG_LINE];
	size_t len, off = 0;
	ssize_t w;
	va_list ap;

	if (!tsmb_os_log_enabled(level))
		return;
	va_start(ap, fmt);
	if (__atomic_load_n(&tsmb_log_syslog, __ATOMIC_RELAXED)) {
		vsyslog(LOG_DAEMON | tsmb_log_clamp(level), fmt, ap);
		va_end(ap);
		return;
	}
	len = tsmb_log_format(line, sizeof(line), level, fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&tsmb_log_lock);
	while (off < len) {
		w = write(STDERR_FILENO, line + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;	/* nowhere to report it */
		off += (size_t)w;
	}
	pthread_mutex_unlock(&tsmb_log_lock);
}
