/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIDs and account names for lsarpc's lookups. The rule (srvsvc/README.md,
 * docs/srvsvc.md):
 *
 *  - the machine domain, named after the NetBIOS name, is the machine SID
 *    S-1-5-21-a-b-c; Unix user uid is RID 1000 + 2 * uid in it, Unix
 *    group gid is RID 1000 + 2 * gid + 1 (the old algorithmic mapping);
 *  - "Unix User" S-1-22-1-uid and "Unix Group" S-1-22-2-gid, the SIDs the
 *    core puts in security descriptors, map to the same accounts;
 *  - a few well-known SIDs (Everyone, BUILTIN\Administrators, NT
 *    AUTHORITY\SYSTEM, ...) have their Windows names;
 *  - names go through getpwuid_r/getgrgid_r/getpwnam_r/getgrnam_r.
 */
#ifndef TSMB_SRVSVC_ACCOUNT_H
#define TSMB_SRVSVC_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "srvsvc/sid.h"

struct srvsvc;

/* SID_NAME_USE ([MS-LSAT] 2.2.13) */
#define SID_NAME_USER		1
#define SID_NAME_GROUP		2
#define SID_NAME_DOMAIN		3
#define SID_NAME_ALIAS		4
#define SID_NAME_WKN_GROUP	5
#define SID_NAME_UNKNOWN	8

struct srvsvc_account {
	uint16_t use;
	const char *name;		/* the account's name; NULL when not mapped */
	const char *domain;		/* its domain's name; NULL when no domain is known */
	struct srvsvc_sid domain_sid;
	struct srvsvc_sid sid;		/* the account's own SID */
	uint32_t rid;			/* last sub-authority of sid; ~0 for a domain */
};

/*
 * The account of sid: true when mapped. false when not; a->domain is set
 * when the SID's domain is known all the same ([MS-LSAT] 3.1.4.11).
 */
bool srvsvc_account_by_sid(struct srvsvc *s, void *mem, const struct srvsvc_sid *sid,
			   struct srvsvc_account *a);
/* The account of "name" or "DOMAIN\name": true when mapped. */
bool srvsvc_account_by_name(struct srvsvc *s, void *mem, const char *name,
			    struct srvsvc_account *a);

#endif /* TSMB_SRVSVC_ACCOUNT_H */
