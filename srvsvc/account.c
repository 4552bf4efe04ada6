// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <talloc.h>

#include "srvsvc/account.h"
#include "srvsvc/rpc.h"

#define RID_BASE	1000u
#define UNIX_USER	"Unix User"
#define UNIX_GROUP	"Unix Group"

/* [MS-DTYP] 2.4.2.4: the well-known SIDs a Windows client shows in a security dialog */
static const struct well_known {
	uint8_t auth;
	uint8_t nsub;
	uint32_t sub[2];
	const char *name;
	const char *domain;
	uint16_t use;
} well_known[] = {
	{ 1, 1, { 0 }, "Everyone", "", SID_NAME_WKN_GROUP },
	{ 2, 1, { 0 }, "LOCAL", "", SID_NAME_WKN_GROUP },
	{ 3, 1, { 0 }, "CREATOR OWNER", "", SID_NAME_WKN_GROUP },
	{ 3, 1, { 1 }, "CREATOR GROUP", "", SID_NAME_WKN_GROUP },
	{ 5, 0, { 0 }, "NT AUTHORITY", "NT AUTHORITY", SID_NAME_DOMAIN },
	{ 5, 1, { 2 }, "NETWORK", "NT AUTHORITY", SID_NAME_WKN_GROUP },
	{ 5, 1, { 4 }, "INTERACTIVE", "NT AUTHORITY", SID_NAME_WKN_GROUP },
	{ 5, 1, { 6 }, "SERVICE", "NT AUTHORITY", SID_NAME_WKN_GROUP },
	{ 5, 1, { 7 }, "ANONYMOUS LOGON", "NT AUTHORITY", SID_NAME_WKN_GROUP },
	{ 5, 1, { 11 }, "Authenticated Users", "NT AUTHORITY", SID_NAME_WKN_GROUP },
	{ 5, 1, { 18 }, "SYSTEM", "NT AUTHORITY", SID_NAME_WKN_GROUP },
	{ 5, 1, { 32 }, "BUILTIN", "BUILTIN", SID_NAME_DOMAIN },
	{ 5, 2, { 32, 544 }, "Administrators", "BUILTIN", SID_NAME_ALIAS },
	{ 5, 2, { 32, 545 }, "Users", "BUILTIN", SID_NAME_ALIAS },
	{ 5, 2, { 32, 546 }, "Guests", "BUILTIN", SID_NAME_ALIAS },
};

#define NR_WELL_KNOWN	(sizeof(well_known) / sizeof(well_known[0]))

static void wk_sid(const struct well_known *w, struct srvsvc_sid *sid)
{
	srvsvc_sid_make(sid, w->auth, w->nsub, w->sub);
}

/* Fills a for a mapped account of domain dom (named dname) and RID rid. */
static bool mapped(struct srvsvc_account *a, uint16_t use, const char *name, const char *dname,
		   const struct srvsvc_sid *dom, uint32_t rid)
{
	a->domain = dname;
	a->domain_sid = *dom;
	if (!name) {
		a->use = SID_NAME_UNKNOWN;
		return false;
	}
	a->use = use;
	a->name = name;
	a->rid = rid;
	if (use == SID_NAME_DOMAIN)
		a->sid = *dom;
	else if (!srvsvc_sid_append(dom, rid, &a->sid))
		return false;
	return true;
}

static bool from_well_known(const struct well_known *w, struct srvsvc_account *a)
{
	struct srvsvc_sid sid, dom;

	wk_sid(w, &sid);
	if (w->use == SID_NAME_DOMAIN)
		return mapped(a, w->use, w->name, w->domain, &sid, ~0u);
	dom = sid;
	dom.nsub--;
	return mapped(a, w->use, w->name, w->domain, &dom, sid.sub[dom.nsub]);
}

/* A getpw*_r / getgr*_r buffer that grows on ERANGE, up to 1 MiB. */
#define NSS_TRY(mem, call)						\
	({								\
		size_t _n = 4096;					\
		int _rc = ERANGE;					\
		char *_buf = NULL;					\
		while (_rc == ERANGE && _n <= (1u << 20)) {		\
			talloc_free(_buf);				\
			_buf = talloc_size(mem, _n);			\
			if (!_buf)					\
				break;					\
			_rc = (call);					\
			_n *= 2;					\
		}							\
		_buf;							\
	})

static char *user_name(void *mem, uint32_t uid)
{
	struct passwd pw, *res = NULL;
	char *buf = NSS_TRY(mem, getpwuid_r((uid_t)uid, &pw, _buf, _n, &res));

	return buf && res ? talloc_strdup(mem, pw.pw_name) : NULL;
}

static char *group_name(void *mem, uint32_t gid)
{
	struct group gr, *res = NULL;
	char *buf = NSS_TRY(mem, getgrgid_r((gid_t)gid, &gr, _buf, _n, &res));

	return buf && res ? talloc_strdup(mem, gr.gr_name) : NULL;
}

/*
 * The uid (group false) or gid of a Unix name, and its spelling there.
 * Unix names are case-sensitive, Windows clients often send them upper-cased:
 * the name as sent, then in lower case.
 */
static bool unix_id(void *mem, const char *name, bool group, uint32_t *id, const char **canon)
{
	char *lower = talloc_strdup(mem, name), *c;
	struct passwd pw, *pres = NULL;
	struct group gr, *gres = NULL;
	unsigned int i;

	for (c = lower; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (i = 0; i < 2 && !pres && !gres; i++) {
		const char *n = i ? lower : name;

		if (!n)
			break;
		if (group && NSS_TRY(mem, getgrnam_r(n, &gr, _buf, _n, &gres)) && gres) {
			*id = (uint32_t)gr.gr_gid;
			*canon = talloc_strdup(mem, gr.gr_name);
		} else if (!group && NSS_TRY(mem, getpwnam_r(n, &pw, _buf, _n, &pres)) && pres) {
			*id = (uint32_t)pw.pw_uid;
			*canon = talloc_strdup(mem, pw.pw_name);
		}
	}
	return (pres || gres) && *canon;
}

static void unix_domain(uint32_t which, struct srvsvc_sid *dom)
{
	uint32_t sub[1] = { which };

	srvsvc_sid_make(dom, 22, 1, sub);
}

/* A RID of the machine domain: users even, groups odd, from 1000 on. */
static bool machine_rid(struct srvsvc *s, void *mem, uint32_t rid, struct srvsvc_account *a)
{
	uint32_t id;

	if (rid < RID_BASE)
		return false;
	id = (rid - RID_BASE) / 2;
	if ((rid - RID_BASE) % 2)
		return mapped(a, SID_NAME_GROUP, group_name(mem, id), s->netbios_name,
			      &s->machine_sid, rid);
	return mapped(a, SID_NAME_USER, user_name(mem, id), s->netbios_name, &s->machine_sid,
		      rid);
}

bool srvsvc_account_by_sid(struct srvsvc *s, void *mem, const struct srvsvc_sid *sid,
			   struct srvsvc_account *a)
{
	struct srvsvc_sid dom;
	uint32_t rid;
	unsigned int i;

	memset(a, 0, sizeof(*a));
	a->use = SID_NAME_UNKNOWN;
	a->sid = *sid;
	for (i = 0; i < NR_WELL_KNOWN; i++) {
		wk_sid(&well_known[i], &dom);
		if (srvsvc_sid_equal(sid, &dom))
			return from_well_known(&well_known[i], a);
	}
	if (srvsvc_sid_equal(sid, &s->machine_sid))
		return mapped(a, SID_NAME_DOMAIN, s->netbios_name, s->netbios_name, sid, ~0u);
	if (srvsvc_sid_split(sid, &s->machine_sid, &rid)) {
		a->domain = s->netbios_name;
		a->domain_sid = s->machine_sid;
		return machine_rid(s, mem, rid, a);
	}
	unix_domain(1, &dom);
	if (srvsvc_sid_split(sid, &dom, &rid))
		return mapped(a, SID_NAME_USER, user_name(mem, rid), UNIX_USER, &dom, rid);
	unix_domain(2, &dom);
	if (srvsvc_sid_split(sid, &dom, &rid))
		return mapped(a, SID_NAME_GROUP, group_name(mem, rid), UNIX_GROUP, &dom, rid);
	/* an unknown RID in a well-known domain still names the domain */
	for (i = 0; i < NR_WELL_KNOWN; i++) {
		if (well_known[i].use != SID_NAME_DOMAIN)
			continue;
		wk_sid(&well_known[i], &dom);
		if (srvsvc_sid_split(sid, &dom, &rid)) {
			a->domain = well_known[i].domain;
			a->domain_sid = dom;
		}
	}
	return false;
}

static bool name_is(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

/* A user, then a group, of the machine domain. */
static bool machine_name(struct srvsvc *s, void *mem, const char *name, struct srvsvc_account *a)
{
	const char *canon = NULL;
	uint32_t id;

	if (unix_id(mem, name, false, &id, &canon) && id <= (0xFFFFFFFFu - RID_BASE) / 2)
		return mapped(a, SID_NAME_USER, canon, s->netbios_name, &s->machine_sid,
			      RID_BASE + 2 * id);
	if (unix_id(mem, name, true, &id, &canon) && id <= (0xFFFFFFFFu - RID_BASE - 1) / 2)
		return mapped(a, SID_NAME_GROUP, canon, s->netbios_name, &s->machine_sid,
			      RID_BASE + 2 * id + 1);
	return false;
}

static bool unix_name(void *mem, const char *dname, const char *name, struct srvsvc_account *a)
{
	struct srvsvc_sid dom;
	const char *canon = NULL;
	uint32_t id;

	if (name_is(dname, UNIX_USER) && unix_id(mem, name, false, &id, &canon)) {
		unix_domain(1, &dom);
		return mapped(a, SID_NAME_USER, canon, UNIX_USER, &dom, id);
	}
	if (name_is(dname, UNIX_GROUP) && unix_id(mem, name, true, &id, &canon)) {
		unix_domain(2, &dom);
		return mapped(a, SID_NAME_GROUP, canon, UNIX_GROUP, &dom, id);
	}
	return false;
}

bool srvsvc_account_by_name(struct srvsvc *s, void *mem, const char *full,
			    struct srvsvc_account *a)
{
	const char *sep = strchr(full, '\\'), *at = strrchr(full, '@'), *name = full;
	char *dname = NULL;
	unsigned int i;

	memset(a, 0, sizeof(*a));
	a->use = SID_NAME_UNKNOWN;
	/* DOMAIN\name, or the UPN form name@domain ([MS-LSAT] 3.1.4.5) */
	if (sep) {
		dname = talloc_strndup(mem, full, (size_t)(sep - full));
		name = sep + 1;
	} else if (at && at != full) {
		dname = talloc_strdup(mem, at + 1);
		name = talloc_strndup(mem, full, (size_t)(at - full));
	}
	if ((sep || (at && at != full)) && (!dname || !name))
		return false;
	if (!dname && name_is(name, s->netbios_name))
		return mapped(a, SID_NAME_DOMAIN, s->netbios_name, s->netbios_name,
			      &s->machine_sid, ~0u);
	for (i = 0; i < NR_WELL_KNOWN; i++) {
		const struct well_known *w = &well_known[i];

		if (name_is(name, w->name) && (!dname || name_is(dname, w->domain)))
			return from_well_known(w, a);
	}
	if (!dname || name_is(dname, s->netbios_name))
		return machine_name(s, mem, name, a);
	return unix_name(mem, dname, name, a);
}
