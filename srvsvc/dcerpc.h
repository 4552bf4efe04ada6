/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Connection-oriented DCE/RPC PDUs ([C706] chapter 12, [MS-RPCE] 2.2.2):
 * the common header, the BIND/ALTER_CONTEXT and REQUEST bodies a client
 * sends, and the BIND_ACK/ALTER_CONTEXT_RESP, BIND_NAK, RESPONSE and
 * FAULT PDUs the server sends. Decoders take a whole PDU (frag_length
 * bytes) and check every count and length against it.
 */
#ifndef TSMB_SRVSVC_DCERPC_H
#define TSMB_SRVSVC_DCERPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srvsvc/ndr.h"

#define DCERPC_HDR_LEN		16
#define DCERPC_REQUEST_LEN	24	/* header, alloc_hint, p_cont_id, opnum */
#define DCERPC_RESPONSE_LEN	24	/* header, alloc_hint, p_cont_id, cancel_count */
#define DCERPC_FAULT_LEN	32

/* PTYPE ([C706] 12.6.4) */
#define DCERPC_PKT_REQUEST		0
#define DCERPC_PKT_RESPONSE		2
#define DCERPC_PKT_FAULT		3
#define DCERPC_PKT_BIND			11
#define DCERPC_PKT_BIND_ACK		12
#define DCERPC_PKT_BIND_NAK		13
#define DCERPC_PKT_ALTER		14
#define DCERPC_PKT_ALTER_RESP		15
#define DCERPC_PKT_AUTH3		16
#define DCERPC_PKT_SHUTDOWN		17
#define DCERPC_PKT_CO_CANCEL		18
#define DCERPC_PKT_ORPHANED		19

/* pfc_flags */
#define DCERPC_PFC_FIRST_FRAG		0x01
#define DCERPC_PFC_LAST_FRAG		0x02
#define DCERPC_PFC_DID_NOT_EXECUTE	0x20
#define DCERPC_PFC_OBJECT_UUID		0x80

/* p_cont_def_result_t and p_provider_reason_t ([C706] 12.6.3.1, [MS-RPCE] 3.3.1.5.3) */
#define DCERPC_RESULT_ACCEPT		0
#define DCERPC_RESULT_PROVIDER_REJECT	2
#define DCERPC_RESULT_NEGOTIATE_ACK	3
#define DCERPC_REASON_NONE			0
#define DCERPC_REASON_ABSTRACT_NOT_SUPPORTED	1
#define DCERPC_REASON_TRANSFER_NOT_SUPPORTED	2

/* BIND_NAK reject reasons ([MS-RPCE] 2.2.2.5) */
#define DCERPC_NAK_NOT_SPECIFIED	0
#define DCERPC_NAK_LOCAL_LIMIT		2
#define DCERPC_NAK_PROTOCOL_VERSION	4
#define DCERPC_NAK_AUTH_TYPE		8

/* Bind time feature negotiation bits ([MS-RPCE] 2.2.2.14) */
#define DCERPC_BTFN_SEC_CTX_MULTIPLEX	0x01
#define DCERPC_BTFN_KEEP_ON_ORPHAN	0x02

struct dcerpc_hdr {
	uint8_t vers;
	uint8_t vers_minor;
	uint8_t ptype;
	uint8_t flags;
	uint8_t drep[4];
	uint16_t frag_length;
	uint16_t auth_length;
	uint32_t call_id;
};

/* p_syntax_id_t: an interface UUID (wire order) and its major.minor version */
struct dcerpc_syntax {
	uint8_t uuid[16];
	uint16_t major;
	uint16_t minor;
};

struct dcerpc_ctx {
	uint16_t id;
	uint8_t n_transfer;
	struct dcerpc_syntax abstract;
	struct ndr_pull transfer;	/* n_transfer syntaxes, 20 bytes each */
};

struct dcerpc_bind {
	uint16_t max_xmit;
	uint16_t max_recv;
	uint32_t assoc_group;
	uint8_t n_ctx;
	struct ndr_pull ctx;		/* positioned at the first p_cont_elem_t */
};

struct dcerpc_request {
	uint32_t alloc_hint;
	uint16_t ctx_id;
	uint16_t opnum;
	const uint8_t *stub;
	size_t stub_len;
};

/*
 * The common header of buf (at least DCERPC_HDR_LEN bytes). false when it
 * cannot be a CO PDU at all (version, frag_length below the header).
 */
bool dcerpc_pull_hdr(const uint8_t *buf, size_t len, struct dcerpc_hdr *h);
/* Little-endian integers, ASCII characters, IEEE floats: all we speak. */
bool dcerpc_drep_ok(const struct dcerpc_hdr *h);
/* BIND or ALTER_CONTEXT body of pdu (h->frag_length bytes); false when malformed. */
bool dcerpc_pull_bind(const uint8_t *pdu, const struct dcerpc_hdr *h, struct dcerpc_bind *b);
/* The next p_cont_elem_t; false when malformed. */
bool dcerpc_pull_ctx(struct dcerpc_bind *b, struct dcerpc_ctx *c);
/* The next transfer syntax of c. */
bool dcerpc_pull_syntax(struct ndr_pull *p, struct dcerpc_syntax *s);
bool dcerpc_pull_request(const uint8_t *pdu, const struct dcerpc_hdr *h,
			 struct dcerpc_request *r);

/* A header with frag_length 0, patched by dcerpc_push_end(). */
void dcerpc_push_hdr(struct ndr_push *p, uint8_t ptype, uint8_t flags, uint32_t call_id);
void dcerpc_push_end(struct ndr_push *p, size_t start);
void dcerpc_push_syntax(struct ndr_push *p, const struct dcerpc_syntax *s);
void dcerpc_push_fault(struct ndr_push *p, uint32_t call_id, uint16_t ctx_id, uint32_t status,
		       bool did_not_execute);
void dcerpc_push_bind_nak(struct ndr_push *p, uint32_t call_id, uint16_t reason);

#endif /* TSMB_SRVSVC_DCERPC_H */
