/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The login service: what answers the core's LOGIN up-call. The up-call
 * dispatcher calls it in-process (user format) or from the netlink service
 * loop (kernel format); either way it sees the client's security blob and
 * returns a status, a reply blob, the session key and the identity.
 *
 * One struct authd per server. A session setup that takes several legs is
 * tracked by the 64-bit handle the caller gives (the SessionId, or an
 * up-call handle); the state is forgotten when the exchange ends, on
 * authd_logoff(), or after AUTHD_LEG_TIMEOUT seconds without a leg.
 *
 * All entry points are thread-safe (one mutex: logins are rare next to I/O).
 */
#ifndef TSMB_AUTHD_LOGIN_H
#define TSMB_AUTHD_LOGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "authd/status.h"
#include "authd/userdb.h"

#define AUTHD_LEG_TIMEOUT	120	/* seconds between legs of one exchange */
#define AUTHD_MAX_PENDING	1024	/* exchanges in progress at once */

/* Log levels, the same numbers as TSMB_LOG_* (syslog's). */
#define AUTHD_LOG_ERR		3
#define AUTHD_LOG_WARNING	4
#define AUTHD_LOG_NOTICE	5
#define AUTHD_LOG_INFO		6
#define AUTHD_LOG_DEBUG		7

enum authd_map_to_guest {
	AUTHD_MAP_TO_GUEST_NEVER,
	AUTHD_MAP_TO_GUEST_BAD_USER,	/* an unknown user becomes the guest */
};

struct authd_config {
	const char *netbios_name;	/* upper case, <= 15 characters */
	const char *domain;		/* workgroup, upper case */
	const char *dns_computer;	/* NULL: the NetBIOS name in lower case */
	const char *dns_domain;		/* NULL: the workgroup in lower case */
	const char *userdb_path;
	const char *guest_account;	/* Unix account of guests; NULL or "": none */
	bool guest_ok;			/* may anyone be logged on as the guest? */
	bool anonymous_ok;		/* may a client log on anonymously? */
	enum authd_map_to_guest map_to_guest;
	void (*log)(void *arg, int level, const char *msg);
	void *log_arg;
	/* Test hooks; NULL for the real ones. */
	int (*random)(void *arg, uint8_t *buf, size_t len);
	uint64_t (*now)(void *arg);	/* FILETIME: 100 ns since 1601 */
	int (*unix_lookup)(void *arg, void *mem_ctx, const char *name,
			   struct authd_unix_id *out);
	void *hook_arg;
};

struct authd_result {
	uint32_t status;		/* NTSTATUS */
	void *mem;			/* talloc: owns blob, names and gids */
	uint8_t *blob;			/* the reply security blob; NULL: none */
	size_t blob_len;
	uint8_t session_key[16];	/* ExportedSessionKey */
	bool have_session_key;		/* false for guests: nothing to sign with */
	uid_t uid;
	gid_t gid;
	gid_t *gids;			/* supplementary groups, gid included */
	unsigned int ngids;
	char *user;			/* the database's spelling; "" for anonymous */
	char *domain;			/* as the client sent it */
	bool is_guest;
	bool is_anonymous;
};

struct authd;

/* NULL when memory runs out or a required setting is missing. */
struct authd *authd_new(void *mem_ctx, const struct authd_config *cfg);
void authd_free(struct authd *a);

/*
 * One leg of a session setup. out is filled (and out->mem allocated) in
 * every case; release it with authd_result_free(). Returns out->status:
 * MORE_PROCESSING_REQUIRED (send out->blob, expect another leg), SUCCESS,
 * LOGON_FAILURE, INVALID_PARAMETER (malformed blob), or a resource error.
 */
uint32_t authd_login(struct authd *a, uint64_t handle, const uint8_t *blob, size_t len,
		     struct authd_result *out);
/* Forgets any exchange in progress under handle. */
void authd_logoff(struct authd *a, uint64_t handle);
/* The NegTokenInit2 for the NEGOTIATE response; owned by a. */
const uint8_t *authd_negotiate_blob(struct authd *a, size_t *len);
void authd_result_free(struct authd_result *out);
/* Exchanges in progress (for tests and statistics). */
unsigned int authd_pending(struct authd *a);

#endif /* TSMB_AUTHD_LOGIN_H */
