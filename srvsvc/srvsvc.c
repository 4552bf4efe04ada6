// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The server service ([MS-SRVS]), interface 4b324fc8-1670-01d3-1278-
 * 5a47bf6ee188 v3.0: share enumeration and information, server
 * information and the time of day -- what Explorer, Finder, smbclient -L,
 * rpcclient and impacket ask a file server.
 *
 * Paths: levels 2 and 502 show a share's Unix path as a drive path,
 * "C:" followed by the path with "/" turned into "\" (/srv/data ->
 * C:\srv\data), as Samba does; clients only display it.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include <talloc.h>

#include "srvsvc/rpc.h"
#include "srvsvc/srvsvc.h"
#include "srvsvc/status.h"

#define MAX_PREFERRED_LENGTH	0xFFFFFFFFu

const char *srvsvc_share_layout(uint32_t level)
{
	switch (level) {
	case 0:
		return "s";
	case 1:
		return "sus";
	case 2:
		return "susuuuss";
	case 501:
		return "susu";
	case 502:
		return "susuuussub";
	case 1005:
		return "u";
	default:
		return NULL;
	}
}

const char *srvsvc_server_layout(uint32_t level)
{
	switch (level) {
	case 100:
		return "us";
	case 101:
		return "usuuus";
	case 102:
		return "usuuusuuuuuus";
	default:
		return NULL;
	}
}

/* [in, string, unique] SRVSVC_HANDLE ServerName: read and ignored ([MS-SRVS] 2.2.1.1) */
static void pull_server_name(struct ndr_pull *in)
{
	if (ndr_pull_ptr(in))
		ndr_pull_cvstring(in);
}

static char *drive_path(void *mem, const char *path)
{
	char *d, *c;

	if (!path || !*path)
		return talloc_strdup(mem, "");
	d = talloc_asprintf(mem, "C:%s", path);
	for (c = d; c && *c; c++)
		if (*c == '/')
			*c = '\\';
	return d;
}

/* One share's SHARE_INFO_<level> values into v (layout order). */
static void share_values(void *mem, const struct srvsvc_share_entry *e, uint32_t level,
			 union ndr_val *v)
{
	if (level == 1005) {
		v[0].u = 0;	/* shi1005_flags: manual client-side caching */
		return;
	}
	v[0].s = e->name;
	if (level == 0)
		return;
	v[1].u = e->type;
	v[2].s = e->comment;
	if (level == 1)
		return;
	if (level == 501) {
		v[3].u = 0;	/* shi501_flags */
		return;
	}
	v[3].u = 0;		/* permissions: not used with user-level security */
	v[4].u = 0xFFFFFFFFu;	/* max_uses: unlimited */
	v[5].u = 0;		/* current_uses */
	v[6].s = drive_path(mem, e->path);
	v[7].s = NULL;		/* passwd */
	if (level == 502) {
		v[8].u = 0;	/* no security descriptor is sent */
		v[9].s = NULL;
	}
}

/* Bytes a share costs against PreferedMaximumLength: the structure and its strings. */
static size_t share_cost(const struct srvsvc_share_entry *e, const char *layout)
{
	size_t n = strlen(layout) * 4 + 2 * (strlen(e->name) + 1);

	if (strlen(layout) > 1)
		n += 2 * (strlen(e->comment) + 1);
	if (strlen(layout) > 4)
		n += 2 * (strlen(e->path ? e->path : "") + 3);
	return n;
}

static bool share_listed(const struct srvsvc_share_entry *e, bool sticky)
{
	/* NetrShareEnumSticky: the configured shares only, not the special ones */
	return e->browseable && !(sticky && (e->type & STYPE_SPECIAL));
}

struct enum_args {
	uint32_t level;
	uint32_t prefmax;
	bool has_resume;
	uint32_t resume;
};

/*
 * [MS-SRVS] 3.1.4.8 request: ServerName, the SHARE_ENUM_STRUCT (Level, the
 * union's discriminant and arm: a container pointer, usually with no
 * entries), PreferedMaximumLength, ResumeHandle.
 */
static bool pull_enum(struct srvsvc_call *call, struct enum_args *a)
{
	struct ndr_pull *in = &call->in;
	const char *layout;
	uint32_t n;

	pull_server_name(in);
	a->level = ndr_pull_u32(in);
	if (ndr_pull_u32(in) != a->level)
		ndr_pull_fail(in);
	layout = srvsvc_share_layout(a->level);
	if (ndr_pull_ptr(in)) {
		n = ndr_pull_u32(in);
		if (ndr_pull_ptr(in)) {
			union ndr_val *v;

			if (!layout || ndr_pull_count(in, n, 4) != n)
				ndr_pull_fail(in);
			v = in->err ? NULL : talloc_array(call->mem, union ndr_val,
							  (size_t)n * strlen(layout) + 1);
			if (v)
				ndr_pull_records(in, layout, v, n);
			else
				ndr_pull_fail(in);
		}
	}
	a->prefmax = ndr_pull_u32(in);
	a->has_resume = ndr_pull_ptr(in) != 0;
	a->resume = a->has_resume ? ndr_pull_u32(in) : 0;
	return !in->err;
}

/*
 * How many listed shares, from the resume point on, fit PreferedMaximumLength
 * (at least one when any remain, so that every call makes progress); *first
 * is the index of the first, *total counts every listed share.
 */
static uint32_t enum_fit(struct srvsvc *s, const struct enum_args *a, const char *layout,
			 bool sticky, uint32_t *total, uint32_t *first)
{
	uint64_t used = 0;
	uint32_t i, idx = 0, n = 0;
	bool full = false;

	*total = 0;
	*first = 0;
	for (i = 0; i < s->nr_shares; i++) {
		const struct srvsvc_share_entry *e = &s->shares[i];

		if (!share_listed(e, sticky))
			continue;
		(*total)++;
		if (idx++ < a->resume || full)
			continue;
		used += share_cost(e, layout);
		if (n && a->prefmax != MAX_PREFERRED_LENGTH && used > a->prefmax) {
			full = true;
			continue;
		}
		if (!n)
			*first = i;
		n++;
	}
	return n;
}

static uint32_t share_enum(struct srvsvc_call *call, bool sticky)
{
	struct srvsvc *s = call->s;
	struct ndr_push *o = &call->out;
	struct enum_args a;
	const char *layout;
	uint32_t total = 0, first = 0, n = 0, i, k, w, done, werr = SRVSVC_WERR_OK;
	union ndr_val *v = NULL;

	if (!pull_enum(call, &a))
		return DCERPC_FAULT_NDR;
	layout = srvsvc_share_layout(a.level);
	if (!layout || a.level == 1005 || (sticky && a.level == 501))
		werr = SRVSVC_WERR_INVALID_LEVEL;
	else
		n = enum_fit(s, &a, layout, sticky, &total, &first);
	if (n) {
		w = (uint32_t)strlen(layout);
		v = talloc_zero_array(call->mem, union ndr_val, (size_t)n * w);
		if (!v)
			return DCERPC_FAULT_REMOTE_NO_MEMORY;
		for (i = first, k = 0; k < n; i++)
			if (share_listed(&s->shares[i], sticky))
				share_values(call->mem, &s->shares[i], a.level, v + w * k++);
	}
	ndr_push_u32(o, a.level);
	ndr_push_u32(o, a.level);
	ndr_push_ptr(o, werr == SRVSVC_WERR_OK);
	if (werr == SRVSVC_WERR_OK) {
		ndr_push_u32(o, n);
		ndr_push_ptr(o, n != 0);
		if (n) {
			ndr_push_u32(o, n);
			ndr_push_records(o, layout, v, n);
		}
	}
	done = a.resume + n;
	if (werr == SRVSVC_WERR_OK && done < total)
		werr = SRVSVC_WERR_MORE_DATA;
	ndr_push_u32(o, total);
	ndr_push_ptr(o, a.has_resume);
	if (a.has_resume)
		ndr_push_u32(o, werr == SRVSVC_WERR_MORE_DATA ? done : 0);
	ndr_push_u32(o, werr);
	return 0;
}

/* NetrShareEnum (15), [MS-SRVS] 3.1.4.8 */
static uint32_t op_share_enum(struct srvsvc_call *call)
{
	return share_enum(call, false);
}

/* NetrShareEnumSticky (36), [MS-SRVS] 3.1.4.9 */
static uint32_t op_share_enum_sticky(struct srvsvc_call *call)
{
	return share_enum(call, true);
}

static const struct srvsvc_share_entry *find_share(struct srvsvc *s, const char *name)
{
	unsigned int i;

	for (i = 0; name && i < s->nr_shares; i++)
		if (!strcasecmp(s->shares[i].name, name))
			return &s->shares[i];
	return NULL;
}

/* A lone structure behind a union's pointer arm, or a NULL arm and werr. */
static uint32_t push_info(struct ndr_push *o, uint32_t level, const char *layout,
			  const union ndr_val *v, uint32_t werr)
{
	ndr_push_u32(o, level);
	ndr_push_ptr(o, werr == SRVSVC_WERR_OK);
	if (werr == SRVSVC_WERR_OK)
		ndr_push_records(o, layout, v, 1);
	ndr_push_u32(o, werr);
	return 0;
}

/* NetrShareGetInfo (16), [MS-SRVS] 3.1.4.10: hidden shares too. */
static uint32_t op_share_get_info(struct srvsvc_call *call)
{
	union ndr_val v[10];
	const struct srvsvc_share_entry *e;
	const char *layout, *name;
	uint32_t level, werr = SRVSVC_WERR_OK;

	pull_server_name(&call->in);
	name = ndr_pull_cvstring(&call->in);
	level = ndr_pull_u32(&call->in);
	if (call->in.err)
		return DCERPC_FAULT_NDR;
	layout = srvsvc_share_layout(level);
	e = find_share(call->s, name);
	if (!layout)
		werr = SRVSVC_WERR_INVALID_LEVEL;
	else if (!e)
		werr = SRVSVC_WERR_NERR_NETNAMENOTFOUND;
	else
		share_values(call->mem, e, level, v);
	return push_info(&call->out, level, layout, v, werr);
}

/* NetrServerGetInfo (21), [MS-SRVS] 3.1.4.17 */
static uint32_t op_server_get_info(struct srvsvc_call *call)
{
	struct srvsvc *s = call->s;
	union ndr_val v[13];
	const char *layout;
	uint32_t level;

	pull_server_name(&call->in);
	level = ndr_pull_u32(&call->in);
	if (call->in.err)
		return DCERPC_FAULT_NDR;
	layout = srvsvc_server_layout(level);
	if (!layout)
		return push_info(&call->out, level, "", v, SRVSVC_WERR_INVALID_LEVEL);
	v[0].u = SRVSVC_PLATFORM_ID_NT;
	v[1].s = s->netbios_name;
	v[2].u = SRVSVC_VERSION_MAJOR;
	v[3].u = SRVSVC_VERSION_MINOR;
	v[4].u = SRVSVC_SERVER_TYPE;
	v[5].s = s->server_string;
	v[6].u = 0xFFFFFFFFu;	/* users: no limit */
	v[7].u = 15;		/* disc: idle minutes before auto-disconnect */
	v[8].u = 0;		/* hidden: SV_VISIBLE */
	v[9].u = 240;		/* announce, seconds */
	v[10].u = 3000;		/* anndelta, milliseconds */
	v[11].u = 0;		/* licenses */
	v[12].s = "C:\\";	/* userpath */
	return push_info(&call->out, level, layout, v, SRVSVC_WERR_OK);
}

/* NetrRemoteTOD (28), [MS-SRVS] 3.1.4.21 and 2.2.4.105: UTC, time zone unknown. */
static uint32_t op_remote_tod(struct srvsvc_call *call)
{
	struct ndr_push *o = &call->out;
	struct timespec now, up;
	struct tm tm;

	pull_server_name(&call->in);
	if (call->in.err)
		return DCERPC_FAULT_NDR;
	clock_gettime(CLOCK_REALTIME, &now);
	clock_gettime(CLOCK_MONOTONIC, &up);
	gmtime_r(&now.tv_sec, &tm);
	ndr_push_ptr(o, true);
	ndr_push_u32(o, (uint32_t)now.tv_sec);		/* elapsedt */
	ndr_push_u32(o, (uint32_t)(up.tv_sec * 1000 + up.tv_nsec / 1000000));
	ndr_push_u32(o, (uint32_t)tm.tm_hour);
	ndr_push_u32(o, (uint32_t)tm.tm_min);
	ndr_push_u32(o, (uint32_t)tm.tm_sec);
	ndr_push_u32(o, (uint32_t)(now.tv_nsec / 10000000));	/* hunds */
	ndr_push_u32(o, 0);				/* timezone: minutes from UTC */
	ndr_push_u32(o, 310);				/* tinterval: 31 ms clock tick */
	ndr_push_u32(o, (uint32_t)tm.tm_mday);
	ndr_push_u32(o, (uint32_t)tm.tm_mon + 1);
	ndr_push_u32(o, (uint32_t)tm.tm_year + 1900);
	ndr_push_u32(o, (uint32_t)tm.tm_wday);
	ndr_push_u32(o, SRVSVC_WERR_OK);
	return 0;
}

static const struct srvsvc_op srvsvc_ops[] = {
	[15] = { op_share_enum },
	[16] = { op_share_get_info },
	[21] = { op_server_get_info },
	[28] = { op_remote_tod },
	[36] = { op_share_enum_sticky },
};

const struct srvsvc_iface srvsvc_iface_srvsvc = {
	.pipe_name = "srvsvc",
	.syntax = { { 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01,
		      0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 }, 3, 0 },
	.ops = srvsvc_ops,
	.nr_ops = sizeof(srvsvc_ops) / sizeof(srvsvc_ops[0]),
};
