/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lsarpc's pieces shared by lsarpc.c (policy) and lsa_lookup.c (translations). */
#ifndef TSMB_SRVSVC_LSA_H
#define TSMB_SRVSVC_LSA_H

#include <stdbool.h>
#include <stdint.h>

#include "srvsvc/rpc.h"

/* opnums ([MS-LSAD] 3.1.4, [MS-LSAT] 3.1.4) */
#define LSA_CLOSE			0
#define LSA_OPEN_POLICY			6
#define LSA_QUERY_INFO_POLICY		7
#define LSA_LOOKUP_NAMES		14
#define LSA_LOOKUP_SIDS			15
#define LSA_OPEN_POLICY2		44
#define LSA_GET_USER_NAME		45
#define LSA_QUERY_INFO_POLICY2		46
#define LSA_LOOKUP_SIDS2		57
#define LSA_LOOKUP_NAMES2		58
#define LSA_LOOKUP_NAMES3		68
#define LSA_LOOKUP_SIDS3		76
#define LSA_LOOKUP_NAMES4		77

/* [range] limits of the IDL ([MS-LSAT] 2.2.17, 3.1.4.6) */
#define LSA_MAX_LOOKUP_SIDS		20480
#define LSA_MAX_LOOKUP_NAMES		1000

/* POLICY_INFORMATION_CLASS ([MS-LSAD] 2.2.4.1) */
#define LSA_POLICY_PRIMARY_DOMAIN	3
#define LSA_POLICY_ACCOUNT_DOMAIN	5
#define LSA_POLICY_DNS_DOMAIN		12

/* [in] LSAPR_HANDLE: true when it is one this pipe opened. */
bool srvsvc_lsa_pull_handle(struct srvsvc_call *call);
/* An [in] RPC_UNICODE_STRING's scalars ([MS-DTYP] 2.3.10); returns its pointer. */
uint32_t srvsvc_lsa_pull_ustring_hdr(struct ndr_pull *in, uint16_t *len, uint16_t *maxlen);

/* LsarLookupSids, 2, 3 and LsarLookupNames, 2, 3, 4: the version from call->opnum */
uint32_t srvsvc_lsa_lookup_sids(struct srvsvc_call *call);
uint32_t srvsvc_lsa_lookup_names(struct srvsvc_call *call);

#endif /* TSMB_SRVSVC_LSA_H */
