/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Security identifiers ([MS-DTYP] 2.4.2): the binary form NDR carries as
 * RPC_SID, the "S-1-..." string form, and the machine SID of a
 * standalone server, derived from its NetBIOS name unless configured.
 */
#ifndef TSMB_SRVSVC_SID_H
#define TSMB_SRVSVC_SID_H

#include <stdbool.h>
#include <stdint.h>

#define SRVSVC_SID_MAX_SUBS	15

struct srvsvc_sid {
	uint8_t rev;
	uint8_t nsub;
	uint8_t auth[6];	/* IdentifierAuthority, big-endian */
	uint32_t sub[SRVSVC_SID_MAX_SUBS];
};

/* "S-1-5-21-1-2-3" into sid; false for anything else (also > 15 RIDs). */
bool srvsvc_sid_parse(const char *str, struct srvsvc_sid *sid);
/* The string form, talloc'd under mem (NULL: no memory). */
char *srvsvc_sid_string(void *mem, const struct srvsvc_sid *sid);
/* sid from an authority and n sub-authorities (n <= 15). */
void srvsvc_sid_make(struct srvsvc_sid *sid, uint64_t auth, unsigned int n, const uint32_t *sub);
bool srvsvc_sid_equal(const struct srvsvc_sid *a, const struct srvsvc_sid *b);
/* True when sid is dom plus exactly one sub-authority, stored in *rid. */
bool srvsvc_sid_split(const struct srvsvc_sid *sid, const struct srvsvc_sid *dom, uint32_t *rid);
/* dom plus rid into out; false when dom already has 15 sub-authorities. */
bool srvsvc_sid_append(const struct srvsvc_sid *dom, uint32_t rid, struct srvsvc_sid *out);
/*
 * S-1-5-21-a-b-c with a, b and c a hash of the upper-cased name, so that a
 * server keeps its SID across restarts without storing it (documented in
 * srvsvc/README.md).
 */
void srvsvc_sid_machine(const char *netbios_name, struct srvsvc_sid *sid);

#endif /* TSMB_SRVSVC_SID_H */
