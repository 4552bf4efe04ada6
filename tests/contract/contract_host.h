/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the file and identity checks (contract_file.c) need from the host
 * beyond the contract: objects that the contract refuses to make, and a
 * look at the calling thread's credentials. One implementation per format
 * (file_user.c in userspace).
 *
 * path is relative to scratch (the absolute path the suite was given) and
 * is trusted test input, so the host may join the two. 0, or -TSMB_E*;
 * -TSMB_EOPNOTSUPP (and -TSMB_EPERM from tsmb_ct_host_mknod) skips the
 * checks that need the object.
 */
#ifndef TSMB_TESTS_CONTRACT_HOST_H
#define TSMB_TESTS_CONTRACT_HOST_H

#include <tsmb/os/ident.h>

/* A symbolic link at path with the given target, as symlink(2). */
int tsmb_ct_host_symlink(const char *scratch, const char *path, const char *target);
/* A FIFO at path, mode 0666. */
int tsmb_ct_host_mkfifo(const char *scratch, const char *path);
/* A character device at path with /dev/null's numbers (1, 3), mode 0666. */
int tsmb_ct_host_mknod(const char *scratch, const char *path);
/*
 * Opens the FIFO at path for reading and writing without blocking, and
 * closes it: an open of either end that blocks on it returns.
 */
void tsmb_ct_host_fifo_kick(const char *scratch, const char *path);
/* The calling thread's fsuid, fsgid and supplementary groups (at most 64). */
int tsmb_ct_host_fsid(struct tsmb_ident *id);

#endif /* TSMB_TESTS_CONTRACT_HOST_H */
