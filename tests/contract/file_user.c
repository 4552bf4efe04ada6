// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The user format's host side of the file and identity checks
 * (contract_host.h): libc calls on a path joined under the scratch
 * directory, and the calling thread's credentials as the kernel reports
 * them to that thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <tsmb/os/errno.h>

#include "contract_host.h"

static int fu_join(char *buf, const char *scratch, const char *path)
{
	int n = snprintf(buf, PATH_MAX, "%s/%s", scratch, path);

	return n < 0 || n >= PATH_MAX ? -TSMB_ENAMETOOLONG : 0;
}

int tsmb_ct_host_symlink(const char *scratch, const char *path, const char *target)
{
	char p[PATH_MAX];
	int err = fu_join(p, scratch, path);

	if (err)
		return err;
	return symlink(target, p) ? -errno : 0;
}

int tsmb_ct_host_mkfifo(const char *scratch, const char *path)
{
	char p[PATH_MAX];
	int err = fu_join(p, scratch, path);

	if (err)
		return err;
	return mkfifo(p, 0666) ? -errno : 0;
}

int tsmb_ct_host_mknod(const char *scratch, const char *path)
{
	char p[PATH_MAX];
	int err = fu_join(p, scratch, path);

	if (err)
		return err;
	return mknod(p, S_IFCHR | 0666, makedev(1, 3)) ? -errno : 0;
}

void tsmb_ct_host_fifo_kick(const char *scratch, const char *path)
{
	char p[PATH_MAX];
	int fd;

	if (fu_join(p, scratch, path))
		return;
	fd = open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
}

int tsmb_ct_host_fsid(struct tsmb_ident *id)
{
	gid_t g[TSMB_IDENT_GROUPS_MAX];
	int n, i;

	/* An invalid ID changes nothing; the call still returns the current one. */
	id->uid = (uint32_t)syscall(SYS_setfsuid, -1);
	id->gid = (uint32_t)syscall(SYS_setfsgid, -1);
	n = getgroups(TSMB_IDENT_GROUPS_MAX, g);
	if (n < 0)
		return -errno;
	id->ngroups = (uint32_t)n;
	for (i = 0; i < n; i++)
		id->groups[i] = g[i];
	return 0;
}
