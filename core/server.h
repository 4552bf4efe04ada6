/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The server object: everything the core knows hangs off one of these, so
 * that a process (or a test) can run several. This is the whole interface
 * that the hosts (user/tsmbd and kmod/tsmb.ko) use to run the core.
 */
#ifndef TSMB_CORE_SERVER_H
#define TSMB_CORE_SERVER_H

#include <tsmb/os/net.h>
#include <tsmb/os/types.h>

struct tsmb_os_upcall;

#define TSMB_MAX_LISTEN		8
#define TSMB_DEFAULT_PORT	445
#define TSMB_DEFAULT_MAX_CONN	1024

/* Filled by the host (from tsmb.conf or module parameters) before create. */
struct tsmb_server_config {
	struct tsmb_sockaddr listen[TSMB_MAX_LISTEN];
	unsigned int nr_listen;		/* 0: 0.0.0.0 and :: on port 445 */
	unsigned int max_connections;	/* 0: TSMB_DEFAULT_MAX_CONN */
	uint8_t server_guid[16];	/* all zero: a random one per start */
	bool require_signing;		/* "server signing = required" */
	uint8_t encrypt;		/* TSMB_ENCRYPT_*: "encrypt" in [global] */
	/*
	 * The channel to the login and RPC services; the host creates it and
	 * outlives the server. NULL: nobody can log on.
	 */
	struct tsmb_os_upcall *upcall;
};

#define TSMB_ENCRYPT_OFF	0
#define TSMB_ENCRYPT_DESIRED	1
#define TSMB_ENCRYPT_REQUIRED	2

/* Counters for status files and the footprint benchmark. */
struct tsmb_server_stats {
	uint64_t connections;		/* open now */
	uint64_t connections_total;	/* accepted since start */
	uint64_t connections_refused;	/* over max_connections */
	uint64_t bytes_in;
	uint64_t bytes_out;
	uint64_t pdus_in;
	uint64_t sessions;		/* now, log-ons in progress included */
	uint64_t opens;			/* files and directories open now */
};

struct tsmb_server;

/* Validates the configuration and allocates; nothing listens yet. -TSMB_E*. */
int tsmb_server_create(const struct tsmb_server_config *cfg,
		       struct tsmb_server **out) TSMB_MUST_CHECK;
/*
 * Starts listening on every configured address. Fails as a whole (and
 * listens nowhere) if any address cannot be bound, so the admin sees the
 * problem at start-up rather than a server missing on one address.
 */
int tsmb_server_start(struct tsmb_server *srv) TSMB_MUST_CHECK;
/*
 * Stops listening, disconnects every client and waits for the connections
 * to go away (bounded: a connection stuck in a send is cut by the socket's
 * send time-out). May sleep. Safe to call on a server that never started.
 */
void tsmb_server_stop(struct tsmb_server *srv);
void tsmb_server_destroy(struct tsmb_server *srv);

/*
 * The address listener i (in configuration order) is bound to; with port 0
 * configured this tells the port the OS chose. -TSMB_ENOENT past the end.
 */
int tsmb_server_local_addr(struct tsmb_server *srv, unsigned int i,
			   struct tsmb_sockaddr *out) TSMB_MUST_CHECK;

/*
 * Adds a share, before or after tsmb_server_start() (the kernel format
 * adds the shares of a configuration pushed again by a restarted tsmbd to
 * the running server). flags are TSMB_SHARE_* (the up-call ABI's share
 * flags); path is absolute, opened here (in the kernel: from the
 * configuring process's context). "IPC$" needs no path. -TSMB_EEXIST for
 * a second share of that name, -TSMB_EINVAL for a bad name, or the error
 * opening the directory. Shares are never removed before destroy.
 */
int tsmb_server_add_share(struct tsmb_server *srv, const char *name, const char *path,
			  uint32_t flags) TSMB_MUST_CHECK;

void tsmb_server_get_stats(struct tsmb_server *srv, struct tsmb_server_stats *st);

/*
 * "192.0.2.1:445" or "[2001:db8::1%3]:445"; returns the length the whole
 * text needs. TSMB_ADDR_STRLEN holds the longest, scope id and NUL included.
 */
#define TSMB_ADDR_STRLEN 64
size_t tsmb_addr_format(const struct tsmb_sockaddr *a, char *buf, size_t len);

#endif /* TSMB_CORE_SERVER_H */
