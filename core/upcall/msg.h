/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The up-call message ABI: what the core sends to the userspace services
 * (authd, srvsvc) and what they answer, and the configuration tsmbd pushes
 * into the module. Defined once, here, for core/, kmod/, user/, authd/ and
 * srvsvc/; docs/upcall.md is the catalogue.
 *
 * A message is a fixed 32-byte header followed by typed attributes, all
 * little-endian:
 *
 *   0  u32 magic (TSMB_UPCALL_MAGIC)     16 u64 request id (echoed in the reply)
 *   4  u16 version (TSMB_UPCALL_VERSION) 24 u64 handle (session-setup context,
 *   6  u16 type (enum tsmb_upcall_type)        session, ...; echoed)
 *   8  u32 flags (TSMB_UPCALL_F_*)
 *   12 u32 payload length (bytes after the header; a multiple of 8)
 *
 *   attribute: u16 type, u16 flags (TSMB_UPCALL_AF_*), u32 value length,
 *              value, zero padding to a multiple of 8
 *
 * The decoder trusts nothing: ksmbd took its netlink replies at their word
 * and read past them. Every length is checked against the buffer and the
 * attribute's bounds, strings are UTF-8 without NUL, arrays are bounded,
 * an attribute may appear once (SHARE excepted, it is a list), attributes
 * the receiver does not know are skipped unless marked critical, and those
 * the message type requires must be there. Decoding allocates nothing: the
 * result points into the caller's buffer, which must outlive it.
 */
#ifndef TSMB_CORE_UPCALL_MSG_H
#define TSMB_CORE_UPCALL_MSG_H

#include <tsmb/os/net.h>
#include <tsmb/os/types.h>

#include "core/lib/cursor.h"

#define TSMB_UPCALL_MAGIC	0x43555354u	/* "TSUC" on the wire */
#define TSMB_UPCALL_VERSION	1u
#define TSMB_UPCALL_HDR_SIZE	32u
#define TSMB_UPCALL_ATTR_HDR	8u
/* No message is larger (the configuration of many shares is the largest). */
#define TSMB_UPCALL_MSG_MAX	(1u << 20)

/* Header flags; every other bit must be zero. */
#define TSMB_UPCALL_F_REPLY	0x00000001u

/* Attribute flags; every other bit must be zero. */
/* A receiver that does not know the attribute must reject the message. */
#define TSMB_UPCALL_AF_CRITICAL	0x0001u

enum tsmb_upcall_type {
	TSMB_UPCALL_LOGIN = 1,		/* core -> authd */
	TSMB_UPCALL_LOGOFF = 2,		/* core -> authd */
	TSMB_UPCALL_TREE_CONNECT = 3,	/* core -> authd: access check */
	TSMB_UPCALL_RPC_OPEN = 4,	/* core -> srvsvc */
	TSMB_UPCALL_RPC_WRITE = 5,
	TSMB_UPCALL_RPC_READ = 6,
	TSMB_UPCALL_RPC_TRANSCEIVE = 7,
	TSMB_UPCALL_RPC_CLOSE = 8,
	TSMB_UPCALL_CONFIG = 9,		/* tsmbd -> module (kernel format) */
	TSMB_UPCALL_TYPE_MAX = 9
};

enum tsmb_upcall_attr {
	TSMB_UPCALL_A_STATUS = 1,	/* u32 NTSTATUS; in every reply */
	TSMB_UPCALL_A_UID = 2,		/* u32 */
	TSMB_UPCALL_A_GID = 3,		/* u32 */
	TSMB_UPCALL_A_GIDS = 4,		/* u32[] of at most TSMB_UPCALL_GIDS_MAX */
	TSMB_UPCALL_A_USER = 5,		/* string */
	TSMB_UPCALL_A_DOMAIN = 6,	/* string */
	TSMB_UPCALL_A_CLIENT_ADDR = 7,	/* struct tsmb_upcall_addr (24 bytes) */
	TSMB_UPCALL_A_DIALECT = 8,	/* u32: the negotiated SMB2 dialect */
	TSMB_UPCALL_A_LOGIN_FLAGS = 9,	/* u32: TSMB_UPCALL_LOGIN_* */
	TSMB_UPCALL_A_SEC_BLOB = 10,	/* bytes: GSS-API/SPNEGO token */
	TSMB_UPCALL_A_SESSION_KEY = 11,	/* 16 or 32 bytes */
	TSMB_UPCALL_A_SESSION_FLAGS = 12, /* u32: TSMB_UPCALL_SESSION_* */
	TSMB_UPCALL_A_SHARE_NAME = 13,	/* string, not empty */
	TSMB_UPCALL_A_SHARE_FLAGS = 14,	/* u32: TSMB_UPCALL_SHARE_* */
	TSMB_UPCALL_A_MAX_ACCESS = 15,	/* u32: MaximalAccess ([MS-SMB2] 2.2.10) */
	TSMB_UPCALL_A_PIPE_NAME = 16,	/* string, not empty */
	TSMB_UPCALL_A_PIPE_ID = 17,	/* u64, chosen by the service */
	TSMB_UPCALL_A_DATA = 18,	/* bytes: RPC PDUs */
	TSMB_UPCALL_A_MAX_OUT = 19,	/* u32 <= TSMB_UPCALL_DATA_MAX */
	TSMB_UPCALL_A_NETBIOS_NAME = 20, /* string */
	TSMB_UPCALL_A_WORKGROUP = 21,	/* string */
	TSMB_UPCALL_A_SERVER_STRING = 22, /* string */
	TSMB_UPCALL_A_GLOBAL_FLAGS = 23, /* u32: TSMB_UPCALL_GLOBAL_* */
	TSMB_UPCALL_A_MAX_CONNECTIONS = 24, /* u32, 0: the server's default */
	TSMB_UPCALL_A_SHARE = 25,	/* nested: one share; repeated */
	TSMB_UPCALL_A_SHARE_PATH = 26,	/* string, not empty */
	TSMB_UPCALL_A_SHARE_COMMENT = 27, /* string */
	TSMB_UPCALL_A_LISTEN = 28,	/* struct tsmb_upcall_addr[], 1..TSMB_UPCALL_LISTEN_MAX */
	TSMB_UPCALL_A_SERVER_GUID = 29,	/* 16 bytes */
	TSMB_UPCALL_A_MAX = 29
};

/* Bounds (bytes unless said otherwise). */
#define TSMB_UPCALL_GIDS_MAX		64u	/* entries */
#define TSMB_UPCALL_NAME_MAX		256u	/* user, domain, share, pipe names */
#define TSMB_UPCALL_PATH_MAX		4096u
#define TSMB_UPCALL_BLOB_MAX		65535u	/* SecurityBufferLength is 16 bits */
#define TSMB_UPCALL_DATA_MAX		65536u
#define TSMB_UPCALL_SHARES_MAX		1024u	/* SHARE attributes per CONFIG */
#define TSMB_UPCALL_KEY_MAX		32u
#define TSMB_UPCALL_LISTEN_MAX		8u	/* addresses; TSMB_MAX_LISTEN */

/* TSMB_UPCALL_A_LOGIN_FLAGS */
#define TSMB_UPCALL_LOGIN_BINDING	0x1u	/* SMB2_SESSION_FLAG_BINDING */
#define TSMB_UPCALL_LOGIN_SIGNING_REQ	0x2u	/* the server requires signing */
#define TSMB_UPCALL_LOGIN_ENCRYPT	0x4u	/* the client can encrypt */
#define TSMB_UPCALL_LOGIN_FIRST_LEG	0x8u	/* first SESSION_SETUP of this handle */

/* TSMB_UPCALL_A_SESSION_FLAGS */
#define TSMB_UPCALL_SESSION_GUEST	0x1u
#define TSMB_UPCALL_SESSION_ANONYMOUS	0x2u

/* TSMB_UPCALL_A_SHARE_FLAGS (tree connect reply and CONFIG shares) */
#define TSMB_UPCALL_SHARE_READ_ONLY	0x01u
#define TSMB_UPCALL_SHARE_GUEST_OK	0x02u
#define TSMB_UPCALL_SHARE_BROWSEABLE	0x04u
#define TSMB_UPCALL_SHARE_ENCRYPT	0x08u	/* encryption required */
#define TSMB_UPCALL_SHARE_ENCRYPT_DESIRED 0x10u

/* TSMB_UPCALL_A_GLOBAL_FLAGS */
#define TSMB_UPCALL_GLOBAL_SIGNING_REQ	0x1u
#define TSMB_UPCALL_GLOBAL_ENCRYPT	0x2u
#define TSMB_UPCALL_GLOBAL_ENCRYPT_DESIRED 0x4u

/* TSMB_UPCALL_A_CLIENT_ADDR: struct tsmb_sockaddr's fields, in this order. */
struct tsmb_upcall_addr {
	uint16_t family;	/* TSMB_AF_INET (2) or TSMB_AF_INET6 (10) */
	uint16_t port;
	uint32_t scope_id;
	uint8_t addr[16];	/* IPv4 in addr[0..3], network order */
};

#define TSMB_UPCALL_ADDR_SIZE	24u

/* Between the OS contract's address and the ABI's: the same fields. */
static inline void tsmb_upcall_addr_from(struct tsmb_upcall_addr *a,
					 const struct tsmb_sockaddr *s)
{
	a->family = s->family;
	a->port = s->port;
	a->scope_id = s->scope_id;
	tsmb_memcpy(a->addr, s->addr, sizeof(a->addr));
}

static inline void tsmb_upcall_addr_to(struct tsmb_sockaddr *s,
				       const struct tsmb_upcall_addr *a)
{
	s->family = a->family;
	s->port = a->port;
	s->scope_id = a->scope_id;
	tsmb_memcpy(s->addr, a->addr, sizeof(s->addr));
}

/*
 * A decoded message: offsets into buf (the caller's), so that it is small
 * enough for a kernel stack and needs no allocation.
 */
struct tsmb_upcall_span {
	uint32_t off;
	uint32_t len;
};

struct tsmb_upcall_msg {
	const uint8_t *buf;
	size_t len;
	uint16_t version;
	uint16_t type;
	uint32_t flags;
	uint64_t req_id;
	uint64_t handle;
	uint64_t present;	/* bit n: attribute n is there */
	uint32_t nr_shares;
	/* For SHARE, the first occurrence; see tsmb_upcall_next_share(). */
	struct tsmb_upcall_span a[TSMB_UPCALL_A_MAX + 1];
};

/*
 * Decodes buf[0..len) (exactly one message) and checks it against the
 * catalogue for its type and direction. 0, or:
 *   -TSMB_EBADMSG  truncated, a length past the end, bad padding, a
 *                  duplicated attribute, a required attribute missing
 *   -TSMB_EPROTO   wrong magic or version, reserved flags set, an unknown
 *                  critical attribute
 *   -TSMB_EOPNOTSUPP an unknown message type (the header is filled in, so
 *                  a service can answer it with a status)
 *   -TSMB_EINVAL   an attribute's value out of bounds (size, NUL or bad
 *                  UTF-8 in a string, too many array entries, address
 *                  family)
 */
int tsmb_upcall_decode(const void *buf, size_t len, struct tsmb_upcall_msg *m) TSMB_MUST_CHECK;

/*
 * Decodes a reply and checks that it answers the request (type, request
 * id, handle; -TSMB_EPROTO otherwise).
 */
int tsmb_upcall_decode_reply(const void *buf, size_t len, uint16_t type, uint64_t req_id,
			     uint64_t handle, struct tsmb_upcall_msg *m) TSMB_MUST_CHECK;

static inline bool tsmb_upcall_is_reply(const struct tsmb_upcall_msg *m)
{
	return m->flags & TSMB_UPCALL_F_REPLY;
}

static inline bool tsmb_upcall_has(const struct tsmb_upcall_msg *m, unsigned int attr)
{
	return attr <= TSMB_UPCALL_A_MAX && (m->present >> attr) & 1;
}

/*
 * Typed access to a decoded attribute: 0, -TSMB_ENOENT when it is absent,
 * -TSMB_EINVAL when attr is not of the accessor's kind (a caller's bug).
 */
int tsmb_upcall_get_u32(const struct tsmb_upcall_msg *m, unsigned int attr, uint32_t *v);
int tsmb_upcall_get_u64(const struct tsmb_upcall_msg *m, unsigned int attr, uint64_t *v);
/* SEC_BLOB, SESSION_KEY, DATA: a view into the message. */
int tsmb_upcall_get_bytes(const struct tsmb_upcall_msg *m, unsigned int attr,
			  const uint8_t **p, size_t *len);
/* A string is not NUL-terminated: use its length. */
int tsmb_upcall_get_str(const struct tsmb_upcall_msg *m, unsigned int attr,
			const char **s, size_t *len);
/* Copies at most cap entries; *n is the number in the message. */
int tsmb_upcall_get_u32_array(const struct tsmb_upcall_msg *m, unsigned int attr,
			      uint32_t *out, size_t cap, size_t *n);
int tsmb_upcall_get_addr(const struct tsmb_upcall_msg *m, unsigned int attr,
			 struct tsmb_upcall_addr *a);
/* An address array (LISTEN): copies at most cap entries; *n is the number in the message. */
int tsmb_upcall_get_addrs(const struct tsmb_upcall_msg *m, unsigned int attr,
			  struct tsmb_upcall_addr *out, size_t cap, size_t *n);

/* The reply's status; present in every decoded reply. */
static inline uint32_t tsmb_upcall_status(const struct tsmb_upcall_msg *m)
{
	uint32_t st = 0;

	(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_STATUS, &st);
	return st;
}

/*
 * Iterates the SHARE attributes of a decoded CONFIG: start with *pos = 0;
 * true and *share filled (its attributes read with the accessors above) for
 * each share, false after the last. Each was checked by the decoder.
 */
bool tsmb_upcall_next_share(const struct tsmb_upcall_msg *cfg, size_t *pos,
			    struct tsmb_upcall_msg *share);

/*
 * The encoder writes into a caller buffer. Errors are sticky: the put_*
 * calls return nothing and tsmb_upcall_enc_end() reports the first one, so
 * that building a message is a straight line. Values are checked against
 * the same bounds as the decoder's, so what encodes also decodes.
 */
struct tsmb_upcall_enc {
	struct tsmb_wr w;
	size_t nest;		/* offset of the open SHARE's header */
	bool in_share;
	int err;
};

void tsmb_upcall_enc_begin(struct tsmb_upcall_enc *e, void *buf, size_t cap, uint16_t type,
			   uint32_t flags, uint64_t req_id, uint64_t handle);
void tsmb_upcall_put_u32(struct tsmb_upcall_enc *e, unsigned int attr, uint32_t v);
void tsmb_upcall_put_u64(struct tsmb_upcall_enc *e, unsigned int attr, uint64_t v);
void tsmb_upcall_put_bytes(struct tsmb_upcall_enc *e, unsigned int attr, const void *p,
			   size_t len);
void tsmb_upcall_put_str(struct tsmb_upcall_enc *e, unsigned int attr, const char *s,
			 size_t len);
void tsmb_upcall_put_u32_array(struct tsmb_upcall_enc *e, unsigned int attr,
			       const uint32_t *v, size_t n);
void tsmb_upcall_put_addr(struct tsmb_upcall_enc *e, unsigned int attr,
			  const struct tsmb_upcall_addr *a);
void tsmb_upcall_put_addrs(struct tsmb_upcall_enc *e, unsigned int attr,
			   const struct tsmb_upcall_addr *a, size_t n);
/* A SHARE of a CONFIG: its attributes go between begin and end. */
void tsmb_upcall_share_begin(struct tsmb_upcall_enc *e);
void tsmb_upcall_share_end(struct tsmb_upcall_enc *e);
/*
 * Finishes the header; 0 and *len, -TSMB_EMSGSIZE when the buffer was too
 * small, -TSMB_EINVAL for a value the decoder would refuse.
 */
int tsmb_upcall_enc_end(struct tsmb_upcall_enc *e, size_t *len) TSMB_MUST_CHECK;

/* How long the core waits for a reply of this type (docs/upcall.md). */
unsigned int tsmb_upcall_timeout_ms(uint16_t type);
const char *tsmb_upcall_type_name(uint16_t type);

#endif /* TSMB_CORE_UPCALL_MSG_H */
