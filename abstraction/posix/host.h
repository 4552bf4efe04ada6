/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a userspace host program (tsmbd, tests) sets up in the posix
 * abstraction before it runs a core server. Not part of the core's
 * contract: core/ never includes this.
 */
#ifndef TSMB_POSIX_HOST_H
#define TSMB_POSIX_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Logs go to stderr (with a timestamp and level) until this is called
 * with to_syslog, then to syslog(3) under ident with LOG_DAEMON.
 */
void tsmb_posix_log_open(bool to_syslog, const char *ident);
/* TSMB_LOG_ERR .. TSMB_LOG_DEBUG; messages above it are dropped. */
void tsmb_posix_log_set_level(int level);
int tsmb_posix_log_get_level(void);

/*
 * The service side of an up-call channel (<tsmb/os/upcall.h>): answers
 * req[0..len) into rsp[0..cap), setting *rsp_len; returns 0, or -TSMB_E*
 * which the caller of tsmb_os_upcall_call() receives. It runs on one of the
 * channel's service threads, several at once, and may be slow: a caller
 * that has given up no longer waits, and what the handler writes then
 * lands in the channel's buffer, never the caller's. rsp is valid only
 * until the handler returns.
 */
struct tsmb_os_upcall;
typedef int (*tsmb_posix_upcall_fn)(void *ctx, const uint8_t *req, size_t len, uint8_t *rsp,
				    size_t cap, size_t *rsp_len);
/*
 * Registers fn (with ctx) as the service of ch, replacing any other; NULL
 * unregisters, and calls then fail with -TSMB_ENOTCONN. Returns once no
 * run of the previous handler is in progress, so its ctx may then be
 * freed: never call it from inside a handler.
 */
void tsmb_posix_upcall_set_handler(struct tsmb_os_upcall *ch, tsmb_posix_upcall_fn fn,
				   void *ctx);

#endif /* TSMB_POSIX_HOST_H */
