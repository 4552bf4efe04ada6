/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The server side of NTLMSSP ([MS-NLMP]): NEGOTIATE in, CHALLENGE out,
 * AUTHENTICATE verified with NTLMv2 only. LM and NTLMv1 responses are
 * refused: their hashes are crackable and no supported client needs them.
 *
 * One struct authd_ntlmssp per exchange. It keeps copies of the NEGOTIATE
 * and CHALLENGE messages because the MIC covers all three messages.
 */
#ifndef TSMB_AUTHD_NTLMSSP_H
#define TSMB_AUTHD_NTLMSSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "authd/crypto.h"

#define NTLMSSP_NEGOTIATE_UNICODE			0x00000001u
#define NTLMSSP_NEGOTIATE_OEM				0x00000002u
#define NTLMSSP_REQUEST_TARGET				0x00000004u
#define NTLMSSP_NEGOTIATE_SIGN				0x00000010u
#define NTLMSSP_NEGOTIATE_SEAL				0x00000020u
#define NTLMSSP_NEGOTIATE_DATAGRAM			0x00000040u
#define NTLMSSP_NEGOTIATE_LM_KEY			0x00000080u
#define NTLMSSP_NEGOTIATE_NTLM				0x00000200u
#define NTLMSSP_ANONYMOUS				0x00000800u
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN			0x00008000u
#define NTLMSSP_TARGET_TYPE_DOMAIN			0x00010000u
#define NTLMSSP_TARGET_TYPE_SERVER			0x00020000u
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY	0x00080000u
#define NTLMSSP_NEGOTIATE_IDENTIFY			0x00100000u
#define NTLMSSP_NEGOTIATE_TARGET_INFO			0x00800000u
#define NTLMSSP_NEGOTIATE_VERSION			0x02000000u
#define NTLMSSP_NEGOTIATE_128				0x20000000u
#define NTLMSSP_NEGOTIATE_KEY_EXCH			0x40000000u
#define NTLMSSP_NEGOTIATE_56				0x80000000u

/* [MS-NLMP] 2.2.2.1 AV_PAIR ids */
#define MSV_AV_EOL			0
#define MSV_AV_NB_COMPUTER_NAME		1
#define MSV_AV_NB_DOMAIN_NAME		2
#define MSV_AV_DNS_COMPUTER_NAME	3
#define MSV_AV_DNS_DOMAIN_NAME		4
#define MSV_AV_FLAGS			6
#define MSV_AV_TIMESTAMP		7
#define MSV_AV_FLAG_MIC_PRESENT		0x00000002u

#define AUTHD_NTLMSSP_SIG_LEN	16	/* an NTLMSSP_MESSAGE_SIGNATURE */
#define AUTHD_NTLMSSP_MAX_MSG	65536	/* far above any real message */

/* Who the server says it is in the CHALLENGE (UTF-8). */
struct authd_ntlmssp_names {
	const char *nb_computer;	/* NetBIOS name, upper case */
	const char *nb_domain;		/* workgroup, upper case */
	const char *dns_computer;
	const char *dns_domain;
};

/*
 * Looks up the NT hash (MD4 of the UTF-16LE password) of user (UTF-8, as
 * the client sent it). 0: found; -ENOENT: no such user; any other negative
 * value: the user may not log on (disabled), *why says why.
 */
typedef int (*authd_ntlmssp_lookup_fn)(void *arg, const char *user, uint8_t nt_hash[16],
				       const char **why);

enum authd_ntlmssp_outcome {
	AUTHD_NTLMSSP_OK,		/* password verified */
	AUTHD_NTLMSSP_ANONYMOUS,	/* empty user, empty responses */
	AUTHD_NTLMSSP_UNKNOWN_USER,	/* well-formed, user not in the database */
	AUTHD_NTLMSSP_DENIED,		/* wrong password, v1 response, disabled, bad MIC */
};

struct authd_ntlmssp {
	int stage;			/* 0: want NEGOTIATE, 1: want AUTHENTICATE, 2: done */
	uint32_t flags;			/* as agreed in the CHALLENGE */
	uint8_t server_challenge[8];
	uint8_t *negotiate;		/* copies, for the MIC */
	size_t negotiate_len;
	uint8_t *challenge;
	size_t challenge_len;
	/* After AUTHENTICATE: */
	enum authd_ntlmssp_outcome outcome;
	const char *why;		/* static text for the log when not OK */
	char *user;			/* UTF-8, as the client sent them */
	char *domain;
	char *workstation;
	uint32_t auth_flags;		/* NegotiateFlags of the AUTHENTICATE */
	bool mic_present;
	uint8_t session_key[16];	/* ExportedSessionKey */
	uint8_t sign_c2s[16], sign_s2c[16];
	struct authd_rc4 seal_c2s, seal_s2c;
	uint32_t seq_c2s, seq_s2c;
};

struct authd_ntlmssp *authd_ntlmssp_new(void *mem_ctx);

/*
 * [MS-NLMP] 3.2.5.1.1: takes the client's NEGOTIATE_MESSAGE, builds the
 * CHALLENGE_MESSAGE (talloc'd under mem_ctx) from the given 8-byte
 * challenge and FILETIME. Returns an NTSTATUS: SUCCESS (the challenge is
 * in *out), INVALID_PARAMETER or NO_MEMORY.
 */
uint32_t authd_ntlmssp_negotiate(struct authd_ntlmssp *st, const uint8_t *in, size_t len,
				 const struct authd_ntlmssp_names *names,
				 const uint8_t challenge[8], uint64_t filetime, void *mem_ctx,
				 uint8_t **out, size_t *outlen);

/*
 * [MS-NLMP] 3.2.5.1.2: verifies the AUTHENTICATE_MESSAGE. Returns
 * INVALID_PARAMETER for a malformed message, NO_MEMORY, or SUCCESS with
 * the verdict in st->outcome (and st->why), the names and, for OK and
 * ANONYMOUS, the session key and the signing state.
 */
uint32_t authd_ntlmssp_authenticate(struct authd_ntlmssp *st, const uint8_t *in, size_t len,
				    const struct authd_ntlmssp_names *names,
				    authd_ntlmssp_lookup_fn lookup, void *lookup_arg);

/*
 * [MS-NLMP] 3.4.4.2 signatures with extended session security (what SPNEGO's
 * mechListMIC is): sign as the server, check what the client signed. Both
 * advance the sequence number and the RC4 handle of their direction.
 */
int authd_ntlmssp_sign(struct authd_ntlmssp *st, const uint8_t *msg, size_t len,
		       uint8_t sig[AUTHD_NTLMSSP_SIG_LEN]);
/* 0 when sig is right. */
int authd_ntlmssp_check(struct authd_ntlmssp *st, const uint8_t *msg, size_t len,
			const uint8_t *sig, size_t siglen);

/* Helpers shared with the tests. */
int authd_ntowfv2(const uint8_t nt_hash[16], const uint8_t *user16, size_t ulen,
		  const uint8_t *dom16, size_t dlen, uint8_t out[16]);

#endif /* TSMB_AUTHD_NTLMSSP_H */
