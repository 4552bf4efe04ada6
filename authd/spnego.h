/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The little of SPNEGO ([MS-SPNG], RFC 4178) SMB needs, in strict DER:
 * the server's NegTokenInit2 for the NEGOTIATE response, the client's
 * NegTokenInit and NegTokenResp, and the server's NegTokenResp.
 *
 * Parsing is iterative over a fixed shape (no recursion): the nesting
 * depth is bounded by the grammar itself.
 */
#ifndef TSMB_AUTHD_SPNEGO_H
#define TSMB_AUTHD_SPNEGO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum authd_spnego_state {
	AUTHD_SPNEGO_ACCEPT_COMPLETED = 0,
	AUTHD_SPNEGO_ACCEPT_INCOMPLETE = 1,
	AUTHD_SPNEGO_REJECT = 2,
	AUTHD_SPNEGO_REQUEST_MIC = 3,
	AUTHD_SPNEGO_STATE_ABSENT = -1,
};

enum authd_spnego_kind {
	AUTHD_SPNEGO_RAW_NTLMSSP,	/* no wrapper: the blob is NTLMSSP itself */
	AUTHD_SPNEGO_INIT,		/* NegTokenInit from the client */
	AUTHD_SPNEGO_RESP,		/* NegTokenResp from the client */
};

/* What the client sent; pointers into the caller's blob. */
struct authd_spnego_in {
	enum authd_spnego_kind kind;
	const uint8_t *mech_types;	/* the MechTypeList's DER, for mechListMIC */
	size_t mech_types_len;
	bool ntlmssp_offered;		/* NTLMSSP in mechTypes */
	bool ntlmssp_first;		/* ... and first: the optimistic token is NTLMSSP */
	int neg_state;			/* NegTokenResp only; AUTHD_SPNEGO_STATE_ABSENT */
	const uint8_t *token;		/* mechToken / responseToken, or the raw blob */
	size_t token_len;
	const uint8_t *mic;		/* mechListMIC */
	size_t mic_len;
};

/* 0, or -1 for anything that is not well-formed DER of the expected shape. */
int authd_spnego_parse(const uint8_t *blob, size_t len, struct authd_spnego_in *out);

/* The server's NegTokenInit2 (NTLMSSP + Windows' negHints), talloc'd. */
uint8_t *authd_spnego_init2(void *mem_ctx, size_t *outlen);

/*
 * A NegTokenResp, talloc'd. neg_state may be AUTHD_SPNEGO_STATE_ABSENT;
 * supported_mech adds the NTLMSSP OID; token and mic may be NULL.
 */
uint8_t *authd_spnego_resp(void *mem_ctx, int neg_state, bool supported_mech,
			   const uint8_t *token, size_t token_len, const uint8_t *mic,
			   size_t mic_len, size_t *outlen);

#endif /* TSMB_AUTHD_SPNEGO_H */
