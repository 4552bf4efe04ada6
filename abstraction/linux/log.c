// SPDX-License-Identifier: GPL-2.0-or-later
/* Logging for the kernel format: printk, one level threshold per module. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>

#include <tsmb/os/log.h>

#include "host.h"

/*
 * The one piece of module-wide state in the abstraction: printk's own
 * level filter is system-wide, and the admin wants to turn up tsmb alone.
 */
static int tsmb_log_level = TSMB_LOG_INFO;

int tsmb_linux_log_set_level(int level)
{
	if (level < TSMB_LOG_ERR || level > TSMB_LOG_DEBUG)
		return -EINVAL;
	WRITE_ONCE(tsmb_log_level, level);
	return 0;
}

int tsmb_linux_log_get_level(void)
{
	return READ_ONCE(tsmb_log_level);
}

bool tsmb_os_log_enabled(int level)
{
	return level <= READ_ONCE(tsmb_log_level);
}

void tsmb_os_log(int level, const char *fmt, ...)
{
	struct va_format vaf;
	const char *nl;
	size_t len;
	va_list args;

	if (!tsmb_os_log_enabled(level))
		return;
	/* The core may or may not end a message with a newline; end it once. */
	len = strlen(fmt);
	nl = (len && fmt[len - 1] == '\n') ? "" : "\n";

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	switch (level) {
	case TSMB_LOG_WARNING:
		pr_warn("%pV%s", &vaf, nl);
		break;
	case TSMB_LOG_NOTICE:
		pr_notice("%pV%s", &vaf, nl);
		break;
	case TSMB_LOG_INFO:
		pr_info("%pV%s", &vaf, nl);
		break;
	case TSMB_LOG_DEBUG:
		/* Not pr_debug(): dynamic debug would drop it; log_level decides. */
		printk(KERN_DEBUG pr_fmt("%pV%s"), &vaf, nl);
		break;
	default:	/* TSMB_LOG_ERR and anything more severe */
		pr_err("%pV%s", &vaf, nl);
		break;
	}
	va_end(args);
}
