/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SMB2 NEGOTIATE request and response ([MS-SMB2] 2.2.3, 2.2.4). */
#ifndef TSMB_CORE_WIRE_NEGOTIATE_H
#define TSMB_CORE_WIRE_NEGOTIATE_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define TSMB_PREAUTH_SALT_LEN 32

/* Arrays point into the request buffer, as little-endian uint16 lists. */
struct tsmb_u16_list {
	const uint8_t *p;
	uint16_t count;
};

static inline uint16_t tsmb_u16_list_at(const struct tsmb_u16_list *l, unsigned int i)
{
	return tsmb_get_le16(l->p + 2 * i);
}

struct tsmb_negotiate_req {
	struct tsmb_u16_list dialects;
	uint16_t security_mode;
	uint32_t capabilities;
	uint8_t client_guid[16];
	/* Negotiate contexts: filled only when 3.1.1 is among the dialects. */
	bool contexts_parsed;
	uint16_t context_count;
	bool has_preauth;
	struct tsmb_u16_list hash_algs;
	bool has_encryption;
	struct tsmb_u16_list ciphers;
	bool has_signing;
	struct tsmb_u16_list signing_algs;
	bool has_compression;
};

/*
 * msg/len is the whole SMB2 message (header included: context offsets count
 * from it). Returns STATUS_INVALID_PARAMETER for anything that does not
 * conform to 2.2.3 / 2.2.3.1 (including a DialectCount of 0, a context list
 * out of bounds, a duplicated context, an empty algorithm list).
 */
struct tsmb_status tsmb_negotiate_req_decode(const uint8_t *msg, size_t len,
					     struct tsmb_negotiate_req *req);

struct tsmb_negotiate_rsp {
	uint16_t security_mode;
	uint16_t dialect;
	uint8_t server_guid[16];
	uint32_t capabilities;
	uint32_t max_transact_size;
	uint32_t max_read_size;
	uint32_t max_write_size;
	uint64_t system_time;
	uint64_t server_start_time;
	const uint8_t *security_buffer;
	uint16_t security_buffer_len;
	/* 3.1.1 negotiate contexts in the response */
	bool preauth;
	uint8_t preauth_salt[TSMB_PREAUTH_SALT_LEN];
	bool encryption;		/* client sent an encryption context */
	uint16_t cipher;		/* SMB2_ENCRYPTION_NONE when none in common */
	bool signing;			/* client sent a signing context */
	uint16_t signing_alg;
};

/*
 * Encodes the body; w must be positioned right after the 64-byte header of
 * this response (8-byte aligned in w's buffer, as compound responses are).
 */
void tsmb_negotiate_rsp_encode(struct tsmb_wr *w, const struct tsmb_negotiate_rsp *rsp);

#endif /* TSMB_CORE_WIRE_NEGOTIATE_H */
