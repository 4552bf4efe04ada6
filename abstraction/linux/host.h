/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the module glue (kmod/) sets in the kernel abstraction. Not part of
 * the core's contract: core/ never includes this.
 */
#ifndef TSMB_LINUX_HOST_H
#define TSMB_LINUX_HOST_H

#include <linux/types.h>

/*
 * TSMB_LOG_ERR .. TSMB_LOG_DEBUG; messages above it are dropped. Out of
 * range values are refused with -EINVAL.
 */
int tsmb_linux_log_set_level(int level);
int tsmb_linux_log_get_level(void);

#endif /* TSMB_LINUX_HOST_H */
