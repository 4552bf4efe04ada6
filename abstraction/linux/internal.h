/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the files of abstraction/linux/ only: neither core/ nor
 * kmod/ include this.
 */
#ifndef TSMB_LINUX_INTERNAL_H
#define TSMB_LINUX_INTERNAL_H

/*
 * err (0 or a negative kernel errno) as the contract reports it: itself
 * when <tsmb/os/errno.h> has it, the nearest contract code for the
 * kernel's internal ones, else -TSMB_EIO.
 */
int tsmb_linux_err(int err);

#endif /* TSMB_LINUX_INTERNAL_H */
