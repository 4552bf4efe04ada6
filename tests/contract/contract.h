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

/*
 * The file and identity checks (contract_file.c), beneath scratch: the
 * absolute path of an empty directory, which they leave empty (its mode
 * becomes 0755). 0 when all pass, else the number of failed checks. The
 * identity checks need root; without it they check only that the process
 * cannot take another identity. The host supplies contract_host.h.
 */
int tsmb_contract_file_selftest(const char *scratch);

#endif /* TSMB_TESTS_CONTRACT_H */
