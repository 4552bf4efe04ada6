// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SID and name translation ([MS-LSAT] 3.1.4.5-3.1.4.12): LsarLookupSids,
 * 2 and 3, LsarLookupNames, 2, 3 and 4. Each version differs only in
 * which [in] parameters precede and follow the lists and in the shape of
 * one translated entry; the mapping itself is account.c's.
 *
 * The [in, out] translated lists come in empty from every known client;
 * when one is not, it is read (and bounds-checked) and ignored.
 */
#include <string.h>

#include <talloc.h>

#include "srvsvc/account.h"
#include "srvsvc/lsa.h"
#include "srvsvc/status.h"

/* Domains a reply can name: the machine, BUILTIN, NT AUTHORITY, Unix ones, a few "" */
#define MAX_DOMAINS	16

struct dom_list {
	unsigned int n;
	const char *name[MAX_DOMAINS];
	struct srvsvc_sid sid[MAX_DOMAINS];
};

/* The DomainIndex of a's domain, added on first use; -1 for none. */
static uint32_t dom_index(struct dom_list *l, const struct srvsvc_account *a)
{
	unsigned int i;

	if (!a->domain)
		return 0xFFFFFFFFu;
	for (i = 0; i < l->n; i++)
		if (srvsvc_sid_equal(&l->sid[i], &a->domain_sid))
			return i;
	if (l->n == MAX_DOMAINS)
		return 0xFFFFFFFFu;
	l->name[l->n] = a->domain;
	l->sid[l->n] = a->domain_sid;
	return l->n++;
}

/* [out] PLSAPR_REFERENCED_DOMAIN_LIST *ReferencedDomains ([MS-LSAT] 2.2.12) */
static void push_domains(struct ndr_push *o, const struct dom_list *l)
{
	unsigned int i;

	ndr_push_ptr(o, true);
	ndr_push_u32(o, l->n);
	ndr_push_ptr(o, l->n != 0);
	ndr_push_u32(o, 32);	/* MaxEntries: clients ignore it */
	if (!l->n)
		return;
	ndr_push_u32(o, l->n);
	for (i = 0; i < l->n; i++) {
		ndr_defer_ustring(o, l->name[i]);
		ndr_defer_sid(o, &l->sid[i]);
	}
	ndr_push_deferred(o);
}

static uint32_t lookup_status(uint32_t mapped, uint32_t n)
{
	if (mapped == n)
		return SRVSVC_STATUS_SUCCESS;
	return mapped ? SRVSVC_STATUS_SOME_NOT_MAPPED : SRVSVC_STATUS_NONE_MAPPED;
}

/*
 * After the [in] lists: fails on bad stub data, answers no entries for a
 * bad handle, and makes room for n accounts and their domain indexes.
 */
static uint32_t lookup_prepare(struct srvsvc_call *call, bool ok, uint32_t *n,
			       struct srvsvc_account **acc, uint32_t **idx)
{
	if (call->in.err)
		return DCERPC_FAULT_NDR;
	if (!ok)
		*n = 0;
	*acc = talloc_zero_array(call->mem, struct srvsvc_account, (size_t)*n + 1);
	*idx = talloc_zero_array(call->mem, uint32_t, (size_t)*n + 1);
	return *acc && *idx ? 0 : DCERPC_FAULT_REMOTE_NO_MEMORY;
}

/* The referenced domains, then a translated list's Entries, pointer and conformance. */
static void push_reply_head(struct ndr_push *o, const struct dom_list *doms, uint32_t n)
{
	push_domains(o, doms);
	ndr_push_u32(o, n);
	ndr_push_ptr(o, n != 0);
	if (n)
		ndr_push_u32(o, n);
}

/* The list's deferred strings or SIDs, MappedCount and the status. */
static void push_reply_tail(struct ndr_push *o, bool ok, uint32_t mapped, uint32_t n)
{
	ndr_push_deferred(o);
	ndr_push_u32(o, mapped);
	ndr_push_u32(o, ok ? lookup_status(mapped, n) : SRVSVC_STATUS_INVALID_HANDLE);
}

/*
 * An [in] list of translated entries, read and dropped: Entries, a
 * pointer, and behind it the conformant array of elem-byte elements, each
 * with a string ('s') or a SID ('p') pointer at member 1, or neither.
 */
static void skip_translated(struct ndr_pull *in, void *mem, size_t elem, char kind)
{
	uint32_t n = ndr_pull_u32(in), i;
	uint16_t *lens;
	uint32_t *ptrs;

	if (!ndr_pull_ptr(in))
		return;
	if (ndr_pull_count(in, LSA_MAX_LOOKUP_SIDS, elem) != n || in->err) {
		ndr_pull_fail(in);
		return;
	}
	lens = talloc_zero_array(mem, uint16_t, 2 * (size_t)n + 1);
	ptrs = talloc_zero_array(mem, uint32_t, (size_t)n + 1);
	if (!lens || !ptrs) {
		ndr_pull_fail(in);
		return;
	}
	for (i = 0; i < n; i++) {
		ndr_pull_u16(in);	/* Use */
		if (kind == 's')
			ptrs[i] = srvsvc_lsa_pull_ustring_hdr(in, &lens[2 * i], &lens[2 * i + 1]);
		else
			ptrs[i] = ndr_pull_u32(in);	/* RelativeId or the SID pointer */
		ndr_pull_u32(in);			/* DomainIndex */
		if (elem > 12 + (kind == 's' ? 4 : 0))
			ndr_pull_u32(in);		/* Flags */
	}
	for (i = 0; i < n && !in->err; i++) {
		struct srvsvc_sid sid;

		if (kind == 's' && ptrs[i])
			ndr_pull_ustring_body(in, lens[2 * i], lens[2 * i + 1]);
		else if (kind == 'p' && ptrs[i])
			ndr_pull_sid(in, &sid);
	}
}

/* [in] PLSAPR_SID_ENUM_BUFFER ([MS-LSAT] 2.2.18); a NULL SID stays all zeros (unmapped). */
static struct srvsvc_sid *pull_sid_enum(struct ndr_pull *in, void *mem, uint32_t *count)
{
	uint32_t n = ndr_pull_u32(in), i, *ptrs;
	struct srvsvc_sid *sids;

	*count = 0;
	if (n > LSA_MAX_LOOKUP_SIDS || !ndr_pull_ptr(in) || ndr_pull_count(in, n, 4) != n) {
		if (n)
			ndr_pull_fail(in);
		return NULL;
	}
	sids = talloc_zero_array(mem, struct srvsvc_sid, (size_t)n + 1);
	ptrs = talloc_zero_array(mem, uint32_t, (size_t)n + 1);
	if (!sids || !ptrs) {
		ndr_pull_fail(in);
		return NULL;
	}
	for (i = 0; i < n; i++)
		ptrs[i] = ndr_pull_ptr(in);
	for (i = 0; i < n && !in->err; i++)
		if (ptrs[i])
			ndr_pull_sid(in, &sids[i]);
	*count = n;
	return sids;
}

/* LookupLevel, MappedCount, and LookupOptions, ClientRevision from version 2 on */
static void pull_lookup_tail(struct ndr_pull *in, bool v2)
{
	ndr_pull_u16(in);
	ndr_pull_u32(in);
	if (v2) {
		ndr_pull_u32(in);
		ndr_pull_u32(in);
	}
}

/*
 * The name of an unmapped SID, as Windows gives it: the RID in decimal
 * when its domain is known, else the whole SID in string form.
 */
static const char *unmapped_name(void *mem, const struct srvsvc_account *a)
{
	if (a->domain && a->sid.nsub)
		return talloc_asprintf(mem, "%u", a->sid.sub[a->sid.nsub - 1]);
	return srvsvc_sid_string(mem, &a->sid);
}

/* Maps every SID; *idx gets each one's DomainIndex. */
static uint32_t map_sids(struct srvsvc_call *call, const struct srvsvc_sid *sids, uint32_t n,
			 struct srvsvc_account *acc, uint32_t *idx, struct dom_list *doms)
{
	uint32_t i, mapped = 0;

	for (i = 0; i < n; i++) {
		if (srvsvc_account_by_sid(call->s, call->mem, &sids[i], &acc[i]))
			mapped++;
		else
			acc[i].name = unmapped_name(call->mem, &acc[i]);
		idx[i] = dom_index(doms, &acc[i]);
	}
	return mapped;
}

/*
 * [MS-LSAT] 3.1.4.11 (LsarLookupSids), 3.1.4.10 (2), 3.1.4.9 (3): the
 * referenced domains, then LSAPR_TRANSLATED_NAME(_EX) entries.
 */
uint32_t srvsvc_lsa_lookup_sids(struct srvsvc_call *call)
{
	bool v1 = call->opnum == LSA_LOOKUP_SIDS, ok = true;
	struct ndr_push *o = &call->out;
	struct dom_list doms = { 0 };
	struct srvsvc_account *acc;
	struct srvsvc_sid *sids;
	uint32_t n, i, mapped, *idx, status;

	if (call->opnum != LSA_LOOKUP_SIDS3)
		ok = srvsvc_lsa_pull_handle(call);
	sids = pull_sid_enum(&call->in, call->mem, &n);
	skip_translated(&call->in, call->mem, v1 ? 16 : 20, 's');
	pull_lookup_tail(&call->in, !v1);
	status = lookup_prepare(call, ok, &n, &acc, &idx);
	if (status)
		return status;
	mapped = map_sids(call, sids, n, acc, idx, &doms);
	push_reply_head(o, &doms, n);
	for (i = 0; i < n; i++) {
		ndr_push_u16(o, acc[i].use);
		ndr_defer_ustring(o, acc[i].name);
		ndr_push_u32(o, idx[i]);
		if (!v1)
			ndr_push_u32(o, 0);	/* Flags */
	}
	push_reply_tail(o, ok, mapped, n);
	return 0;
}

/* Count and [size_is(Count)] PRPC_UNICODE_STRING Names; a NULL name stays NULL (unmapped). */
static char **pull_names(struct ndr_pull *in, void *mem, uint32_t *count)
{
	uint32_t n = ndr_pull_u32(in), i, *ptrs;
	uint16_t *lens;
	char **names;

	*count = 0;
	if (n > LSA_MAX_LOOKUP_NAMES || ndr_pull_count(in, n, 8) != n || in->err) {
		ndr_pull_fail(in);
		return NULL;
	}
	names = talloc_zero_array(mem, char *, (size_t)n + 1);
	ptrs = talloc_zero_array(mem, uint32_t, (size_t)n + 1);
	lens = talloc_zero_array(mem, uint16_t, 2 * (size_t)n + 1);
	if (!names || !ptrs || !lens) {
		ndr_pull_fail(in);
		return NULL;
	}
	for (i = 0; i < n; i++)
		ptrs[i] = srvsvc_lsa_pull_ustring_hdr(in, &lens[2 * i], &lens[2 * i + 1]);
	for (i = 0; i < n && !in->err; i++)
		if (ptrs[i])
			names[i] = ndr_pull_ustring_body(in, lens[2 * i], lens[2 * i + 1]);
	*count = n;
	return names;
}

/* One LSA_TRANSLATED_SID (v1), _EX (v2) or _EX2 (v3, v4) entry. */
static void push_translated_sid(struct ndr_push *o, unsigned int ver,
				const struct srvsvc_account *a, bool ok, uint32_t idx)
{
	ndr_push_u16(o, a->use);
	if (ver >= 3)
		ndr_defer_sid(o, ok ? &a->sid : NULL);
	else
		ndr_push_u32(o, ok ? a->rid : 0);
	ndr_push_u32(o, idx);
	if (ver >= 2)
		ndr_push_u32(o, 0);	/* Flags */
}

/*
 * [MS-LSAT] 3.1.4.8 (LsarLookupNames), 3.1.4.7 (2), 3.1.4.6 (3), 3.1.4.5
 * (4): the referenced domains, then the translated SIDs.
 */
uint32_t srvsvc_lsa_lookup_names(struct srvsvc_call *call)
{
	unsigned int ver = call->opnum == LSA_LOOKUP_NAMES ? 1 :
			   call->opnum == LSA_LOOKUP_NAMES2 ? 2 :
			   call->opnum == LSA_LOOKUP_NAMES3 ? 3 : 4;
	struct ndr_push *o = &call->out;
	struct dom_list doms = { 0 };
	struct srvsvc_account *acc;
	uint32_t n, i, mapped = 0, *idx, status;
	bool ok = true, *found;
	char **names;

	if (ver < 4)
		ok = srvsvc_lsa_pull_handle(call);
	names = pull_names(&call->in, call->mem, &n);
	skip_translated(&call->in, call->mem, ver == 1 ? 12 : 16, ver >= 3 ? 'p' : 'u');
	pull_lookup_tail(&call->in, ver >= 2);
	status = lookup_prepare(call, ok, &n, &acc, &idx);
	if (status)
		return status;
	found = talloc_zero_array(call->mem, bool, (size_t)n + 1);
	if (!found)
		return DCERPC_FAULT_REMOTE_NO_MEMORY;
	for (i = 0; i < n; i++) {
		acc[i].use = SID_NAME_UNKNOWN;
		found[i] = names[i] &&
			   srvsvc_account_by_name(call->s, call->mem, names[i], &acc[i]);
		mapped += found[i];
		idx[i] = found[i] ? dom_index(&doms, &acc[i]) : 0xFFFFFFFFu;
	}
	push_reply_head(o, &doms, n);
	for (i = 0; i < n; i++)
		push_translated_sid(o, ver, &acc[i], found[i], idx[i]);
	push_reply_tail(o, ok, mapped, n);
	return 0;
}
