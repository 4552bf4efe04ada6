/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The server object's insides, for core/ only (hosts see core/server.h). */
#ifndef TSMB_CORE_SERVER_PRIV_H
#define TSMB_CORE_SERVER_PRIV_H

#include <tsmb/os/crypto.h>
#include <tsmb/os/net.h>
#include <tsmb/os/sync.h>
#include <tsmb/os/work.h>

#include "core/lib/cache.h"
#include "core/lib/list.h"
#include "core/server.h"

/* PDU buffers come in two sizes; larger PDUs will be chains of large ones. */
#define TSMB_BUF_SMALL	4096u
#define TSMB_BUF_LARGE	65536u

#define TSMB_FILE_BUCKETS	256

struct tsmb_listener {
	struct tsmb_server *srv;
	struct tsmb_os_sock *sock;
	struct tsmb_work work;
	char name[TSMB_ADDR_STRLEN];
};

struct tsmb_server {
	struct tsmb_server_config cfg;
	uint8_t guid[16];
	struct tsmb_os_net *net;
	struct tsmb_os_wq *wq;
	struct tsmb_os_hash *sha512;

	struct tsmb_cache conn_cache;
	struct tsmb_cache buf_small;
	struct tsmb_cache buf_large;

	struct tsmb_listener listeners[TSMB_MAX_LISTEN];
	unsigned int nr_listeners;

	struct tsmb_mutex lock;		/* conns, nr_conns, stopping */
	struct tsmb_list conns;
	unsigned int nr_conns;
	bool stopping;
	struct tsmb_completion conns_gone;

	struct tsmb_atomic64 connections_total;
	struct tsmb_atomic64 connections_refused;
	struct tsmb_atomic64 bytes_in;
	struct tsmb_atomic64 bytes_out;
	struct tsmb_atomic64 pdus_in;
	struct tsmb_atomic64 sessions;		/* core/session/session.c */
	struct tsmb_atomic64 opens;		/* core/vfs/file_table.c */

	/*
	 * Shares may be added while the server runs, never removed before
	 * destroy, so a share found under the lock stays valid without it.
	 */
	struct tsmb_mutex shares_lock;		/* shares, nr_shares */
	struct tsmb_list shares;		/* struct tsmb_share.node */
	unsigned int nr_shares;
	struct tsmb_atomic64 next_session_id;
	struct tsmb_atomic64 next_upcall_id;

	/* open files, by (dev, ino): core/vfs/file_table.c */
	struct tsmb_mutex files_lock;
	struct tsmb_list file_buckets[TSMB_FILE_BUCKETS];
	/* oplock breaks (core/vfs/oplock.c), under files_lock too */
	struct tsmb_list oplock_notify;		/* opens with a notification to send */
	struct tsmb_list oplock_waiters;	/* CREATEs waiting for a break to end */
	uint64_t oplock_gen;			/* breaks ended so far */
};

/* The share of that name (case-insensitive), or NULL. */
struct tsmb_share *tsmb_server_find_share(struct tsmb_server *srv, const char *name, size_t len);

/* Cache for a buffer of at least len bytes, or NULL if len is too large. */
struct tsmb_cache *tsmb_server_buf_cache(struct tsmb_server *srv, size_t len);

#endif /* TSMB_CORE_SERVER_PRIV_H */
