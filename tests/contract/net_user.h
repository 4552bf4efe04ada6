/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Userspace-only network checks of the contract (libc clients). */
#ifndef TSMB_TESTS_CONTRACT_NET_USER_H
#define TSMB_TESTS_CONTRACT_NET_USER_H

/*
 * Echo over loopback through watch/accept/recv/send/shutdown/close, many
 * connections, unwatch racing shutdown, gather and blocked sends.
 * 0, or the number of failed checks (each printed to stderr).
 */
int tsmb_net_user_selftest(void);

#endif /* TSMB_TESTS_CONTRACT_NET_USER_H */
