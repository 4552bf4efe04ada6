// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The local security authority ([MS-LSAD], [MS-LSAT]), interface
 * 12345778-1234-abcd-ef00-0123456789ab v0.0, as much of it as a client of
 * a standalone file server uses: opening the policy, the domain
 * information (rpcclient lsaquery, Windows' security dialogs), SID and
 * name translation (the owner and ACL entries Explorer shows), and who
 * the caller is. Nothing can be changed through it.
 */
#include <string.h>

#include <talloc.h>

#include "srvsvc/account.h"
#include "srvsvc/lsa.h"
#include "srvsvc/status.h"

bool srvsvc_handle_new(struct srvsvc_pipe *p, uint8_t h[20])
{
	unsigned int i, k;
	uint64_t n;

	for (i = 0; i < SRVSVC_MAX_HANDLES && p->handles[i].used; i++)
		;
	if (i == SRVSVC_MAX_HANDLES)
		return false;
	/* attributes 0, then a UUID made of the pipe and a counter: unique per pipe */
	n = ++p->next_handle;
	memset(h, 0, 20);
	for (k = 0; k < 8; k++) {
		h[4 + k] = (uint8_t)(n >> (8 * k));
		h[12 + k] = (uint8_t)(p->id >> (8 * k));
	}
	p->handles[i].used = true;
	memcpy(p->handles[i].h, h, 20);
	return true;
}

static struct srvsvc_handle *handle_slot(struct srvsvc_pipe *p, const uint8_t h[20])
{
	unsigned int i;

	for (i = 0; i < SRVSVC_MAX_HANDLES; i++)
		if (p->handles[i].used && !memcmp(p->handles[i].h, h, 20))
			return &p->handles[i];
	return NULL;
}

bool srvsvc_handle_find(struct srvsvc_pipe *p, const uint8_t h[20])
{
	return handle_slot(p, h) != NULL;
}

bool srvsvc_handle_close(struct srvsvc_pipe *p, const uint8_t h[20])
{
	struct srvsvc_handle *slot = handle_slot(p, h);

	if (slot)
		slot->used = false;
	return slot != NULL;
}

/* A context handle: a 4-byte attribute word and a UUID ([MS-RPCE] 2.2.4.11). */
static const uint8_t *pull_handle_bytes(struct ndr_pull *in)
{
	ndr_pull_align(in, 4);
	return ndr_pull_raw(in, 20);
}

bool srvsvc_lsa_pull_handle(struct srvsvc_call *call)
{
	const uint8_t *h = pull_handle_bytes(&call->in);

	return h && srvsvc_handle_find(call->pipe, h);
}

uint32_t srvsvc_lsa_pull_ustring_hdr(struct ndr_pull *in, uint16_t *len, uint16_t *maxlen)
{
	ndr_pull_align(in, 4);
	*len = ndr_pull_u16(in);
	*maxlen = ndr_pull_u16(in);
	return ndr_pull_ptr(in);
}

static void push_handle(struct ndr_push *o, const uint8_t h[20])
{
	ndr_push_align(o, 4);
	ndr_push_bytes(o, h, 20);
}

/* LsarClose (0), [MS-LSAD] 3.1.4.9.4: the handle comes back zeroed. */
static uint32_t op_close(struct srvsvc_call *call)
{
	static const uint8_t zero[20];
	const uint8_t *h = pull_handle_bytes(&call->in);
	bool ok;

	if (!h)
		return DCERPC_FAULT_NDR;
	ok = srvsvc_handle_close(call->pipe, h);
	push_handle(&call->out, ok ? zero : h);
	ndr_push_u32(&call->out, ok ? SRVSVC_STATUS_SUCCESS : SRVSVC_STATUS_INVALID_HANDLE);
	return 0;
}

/* A STRING's deferred buffer: [size_is(MaximumLength), length_is(Length)] char *. */
static void skip_ansi_string(struct ndr_pull *in)
{
	uint16_t len, maxlen;

	if (!srvsvc_lsa_pull_ustring_hdr(in, &len, &maxlen))
		return;
	if (ndr_pull_u32(in) != maxlen || ndr_pull_u32(in) != 0 || ndr_pull_u32(in) != len ||
	    len > maxlen)
		ndr_pull_fail(in);
	ndr_pull_raw(in, len);
}

/*
 * LSAPR_OBJECT_ATTRIBUTES ([MS-LSAD] 2.2.9): the server ignores it all;
 * the members are read to reach DesiredAccess. A security descriptor is
 * never sent by real clients and is refused rather than walked.
 */
static void pull_object_attributes(struct ndr_pull *in)
{
	uint32_t root, name, sd, qos;

	ndr_pull_u32(in);		/* Length */
	root = ndr_pull_ptr(in);
	name = ndr_pull_ptr(in);
	ndr_pull_u32(in);		/* Attributes */
	sd = ndr_pull_ptr(in);
	qos = ndr_pull_ptr(in);
	if (root)
		ndr_pull_u8(in);
	if (name)
		skip_ansi_string(in);
	if (sd)
		ndr_pull_fail(in);
	if (qos) {
		ndr_pull_u32(in);
		ndr_pull_u16(in);
		ndr_pull_u8(in);
		ndr_pull_u8(in);
	}
}

/* LsarOpenPolicy (6) and LsarOpenPolicy2 (44), [MS-LSAD] 3.1.4.4.1-2 */
static uint32_t op_open_policy(struct srvsvc_call *call)
{
	struct ndr_pull *in = &call->in;
	uint8_t h[20] = { 0 };
	uint32_t status = SRVSVC_STATUS_SUCCESS;

	if (ndr_pull_ptr(in)) {
		/* OpenPolicy's SystemName is one wchar_t, OpenPolicy2's a string */
		if (call->opnum == LSA_OPEN_POLICY)
			ndr_pull_u16(in);
		else
			ndr_pull_cvstring(in);
	}
	pull_object_attributes(in);
	ndr_pull_u32(in);		/* DesiredAccess: everything here is read-only */
	if (in->err)
		return DCERPC_FAULT_NDR;
	if (!srvsvc_handle_new(call->pipe, h))
		status = SRVSVC_STATUS_INSUFFICIENT_RESOURCES;
	push_handle(&call->out, h);
	ndr_push_u32(&call->out, status);
	return 0;
}

/* LSAPR_POLICY_DNS_DOMAIN_INFO ([MS-LSAD] 2.2.4.13) of a server in no domain */
static void push_dns_domain(struct srvsvc_call *call)
{
	static const uint8_t no_guid[16];
	struct ndr_push *o = &call->out;

	ndr_defer_ustring(o, call->s->workgroup);
	ndr_defer_ustring(o, "");
	ndr_defer_ustring(o, "");
	ndr_push_bytes(o, no_guid, sizeof(no_guid));
	ndr_defer_sid(o, NULL);
}

/*
 * LsarQueryInformationPolicy (7) and ...2 (46), [MS-LSAD] 3.1.4.4.3-4: a
 * standalone server's primary domain is its workgroup with no SID; its
 * account domain is itself, with the machine SID.
 */
static uint32_t op_query_info(struct srvsvc_call *call)
{
	struct ndr_push *o = &call->out;
	bool ok = srvsvc_lsa_pull_handle(call);
	uint16_t cls = ndr_pull_u16(&call->in);
	uint32_t status = SRVSVC_STATUS_SUCCESS;

	if (call->in.err)
		return DCERPC_FAULT_NDR;
	if (!ok)
		status = SRVSVC_STATUS_INVALID_HANDLE;
	else if (cls != LSA_POLICY_PRIMARY_DOMAIN && cls != LSA_POLICY_ACCOUNT_DOMAIN &&
		 cls != LSA_POLICY_DNS_DOMAIN)
		status = SRVSVC_STATUS_INVALID_PARAMETER;
	ndr_push_ptr(o, status == SRVSVC_STATUS_SUCCESS);
	if (status == SRVSVC_STATUS_SUCCESS) {
		/* the union: its u16 discriminant, then the arm aligned for its pointers */
		ndr_push_u16(o, cls);
		ndr_push_align(o, 4);
		if (cls == LSA_POLICY_PRIMARY_DOMAIN) {
			ndr_defer_ustring(o, call->s->workgroup);
			ndr_defer_sid(o, NULL);
		} else if (cls == LSA_POLICY_ACCOUNT_DOMAIN) {
			ndr_defer_ustring(o, call->s->netbios_name);
			ndr_defer_sid(o, &call->s->machine_sid);
		} else {
			push_dns_domain(call);
		}
		ndr_push_deferred(o);
	}
	ndr_push_u32(o, status);
	return 0;
}

/* [in, out] PRPC_UNICODE_STRING *: a pointer, and a string behind it (ignored). */
static uint32_t pull_string_ptr(struct ndr_pull *in)
{
	uint32_t ptr = ndr_pull_ptr(in);
	uint16_t len, maxlen;

	if (ptr && srvsvc_lsa_pull_ustring_hdr(in, &len, &maxlen))
		ndr_pull_ustring_body(in, len, maxlen);
	return ptr;
}

/* The same, out: a pointer to an RPC_UNICODE_STRING and its buffer. */
static void push_string_ptr(struct ndr_push *o, const char *s)
{
	ndr_push_ptr(o, true);
	ndr_defer_ustring(o, s);
	ndr_push_deferred(o);
}

/* LsarGetUserName (45), [MS-LSAT] 3.1.4.4: the SMB session's user. */
static uint32_t op_get_user_name(struct srvsvc_call *call)
{
	struct ndr_pull *in = &call->in;
	struct srvsvc_pipe *p = call->pipe;
	const char *user = p->user, *domain = *p->domain ? p->domain : call->s->netbios_name;
	bool want_domain;

	if (ndr_pull_ptr(in))
		ndr_pull_cvstring(in);
	pull_string_ptr(in);
	want_domain = ndr_pull_ptr(in) != 0;
	if (want_domain)
		pull_string_ptr(in);
	if (in->err)
		return DCERPC_FAULT_NDR;
	if (!*user) {
		user = "ANONYMOUS LOGON";
		domain = "NT AUTHORITY";
	}
	push_string_ptr(&call->out, user);
	ndr_push_ptr(&call->out, want_domain);
	if (want_domain)
		push_string_ptr(&call->out, domain);
	ndr_push_u32(&call->out, SRVSVC_STATUS_SUCCESS);
	return 0;
}

static const struct srvsvc_op lsarpc_ops[] = {
	[LSA_CLOSE] = { op_close },
	[LSA_OPEN_POLICY] = { op_open_policy },
	[LSA_QUERY_INFO_POLICY] = { op_query_info },
	[LSA_LOOKUP_NAMES] = { srvsvc_lsa_lookup_names },
	[LSA_LOOKUP_SIDS] = { srvsvc_lsa_lookup_sids },
	[LSA_OPEN_POLICY2] = { op_open_policy },
	[LSA_GET_USER_NAME] = { op_get_user_name },
	[LSA_QUERY_INFO_POLICY2] = { op_query_info },
	[LSA_LOOKUP_SIDS2] = { srvsvc_lsa_lookup_sids },
	[LSA_LOOKUP_NAMES2] = { srvsvc_lsa_lookup_names },
	[LSA_LOOKUP_NAMES3] = { srvsvc_lsa_lookup_names },
	[LSA_LOOKUP_SIDS3] = { srvsvc_lsa_lookup_sids },
	[LSA_LOOKUP_NAMES4] = { srvsvc_lsa_lookup_names },
};

const struct srvsvc_iface srvsvc_iface_lsarpc = {
	.pipe_name = "lsarpc",
	.syntax = { { 0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab,
		      0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab }, 0, 0 },
	.ops = lsarpc_ops,
	.nr_ops = sizeof(lsarpc_ops) / sizeof(lsarpc_ops[0]),
};
