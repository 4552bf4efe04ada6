/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The up-call channel: how the core asks a userspace service (authd,
 * srvsvc) and waits for its answer. The channel carries opaque bytes; what
 * they mean is the message ABI of core/upcall/msg.h, encoded and decoded
 * by the core in both formats, so the user format exercises the kernel
 * format's codec.
 *
 * One channel per server. The host creates it and hands it to the server;
 * the service side registers with the channel (userspace: an in-process
 * handler, see abstraction/posix/host.h; kernel: tsmbd's generic netlink
 * socket).
 *
 * Semantics both formats give:
 * - tsmb_os_upcall_call() may sleep, for at most about timeout_ms (which
 *   must be > 0): a service that does not answer in time gives
 *   -TSMB_ETIMEDOUT, never a hang;
 * - the reply is written into rsp only if the call returns 0, and only
 *   while the call runs: a late reply (after the time-out) is discarded
 *   by the channel, so the caller may free rsp as soon as the call
 *   returns, whatever it returned;
 * - the request is copied before the call returns or sleeps, so req may
 *   be freed as soon as the call returns;
 * - a reply longer than rsp_cap gives -TSMB_EMSGSIZE, nothing is written;
 * - no service registered (or it went away while the call waited):
 *   -TSMB_ENOTCONN; -TSMB_ENOMEM when the channel cannot allocate;
 * - callers may call concurrently from any number of threads.
 *
 * The channel does not look inside the messages; matching a reply to its
 * request and checking every field is the codec's job
 * (tsmb_upcall_decode_reply()).
 *
 * Kernel format (abstraction/linux/upcall.c): the generic netlink family
 * of core/upcall/genl.h. tsmbd registers its port with REGISTER (only
 * with CAP_NET_ADMIN); the module forgets it when the socket closes
 * (NETLINK_URELEASE) and fails the calls waiting on it at once. A call is
 * an entry in an IDR (its id is the UPCALL's SEQ, independent of the
 * message's request id) owned and freed by the caller alone; a REPLY takes
 * the entry out of the IDR, fills a reply buffer of its own (checked
 * against the caller's capacity before it copies) and completes it, all
 * under one lock, and a caller that times out takes its entry out under
 * the same lock, so a late reply finds nothing and is dropped.
 */
#ifndef TSMB_OS_UPCALL_H
#define TSMB_OS_UPCALL_H

#include <tsmb/os/types.h>

struct tsmb_os_upcall;

/* May sleep. -TSMB_ENOMEM, or another -TSMB_E* if the OS refuses. */
int tsmb_os_upcall_create(struct tsmb_os_upcall **out) TSMB_MUST_CHECK;
/*
 * No call may be in progress. Waits for the service to finish what it is
 * running (a late answer to an abandoned call included).
 */
void tsmb_os_upcall_destroy(struct tsmb_os_upcall *ch);

/*
 * Sends req[0..req_len) to the service and waits at most timeout_ms for
 * the reply, copied into rsp[0..rsp_cap) with its length in *rsp_len.
 * 0, -TSMB_ETIMEDOUT, -TSMB_ENOTCONN, -TSMB_EMSGSIZE, -TSMB_ENOMEM,
 * -TSMB_EINVAL (timeout_ms == 0, or a request of 0 or more than 1 MiB), or
 * the error the service reported. May sleep.
 */
int tsmb_os_upcall_call(struct tsmb_os_upcall *ch, const uint8_t *req, size_t req_len,
			uint8_t *rsp, size_t rsp_cap, size_t *rsp_len,
			unsigned int timeout_ms) TSMB_MUST_CHECK;

#endif /* TSMB_OS_UPCALL_H */
