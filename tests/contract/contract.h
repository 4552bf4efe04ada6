/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Conformance suite of the OS contract. contract.c is written against
 * <tsmb/os/...h> only, so that the same checks run in userspace (ctest
 * "contract") and as tsmb.ko's load-time self-test.
 */
#ifndef TSMB_TESTS_CONTRACT_H
#define TSMB_TESTS_CONTRACT_H

/*
 * Runs every check; 0 when all pass, else the number of failed checks
 * (each logged with tsmb_os_log at TSMB_LOG_ERR, with file and line).
 * Takes about a second; sleeps; creates and destroys its own work queues
 * and networking state. Listens on 127.0.0.1 (and ::1) ephemeral ports.
 */
int tsmb_contract_selftest(void);

#endif /* TSMB_TESTS_CONTRACT_H */
