// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The workstation service ([MS-WKST]), interface 6bffd098-a112-3610-9833-
 * 46c3f87e345a v1.0: NetrWkstaGetInfo level 100, the one a client asks
 * of a file server (the name, workgroup and version it shows).
 */
#include "srvsvc/rpc.h"
#include "srvsvc/srvsvc.h"
#include "srvsvc/status.h"

/* NetrWkstaGetInfo (0), [MS-WKST] 3.2.4.1; WKSTA_INFO_100 is 2.2.5.1. */
static uint32_t op_wksta_get_info(struct srvsvc_call *call)
{
	struct ndr_pull *in = &call->in;
	struct ndr_push *o = &call->out;
	union ndr_val v[5];
	uint32_t level;

	if (ndr_pull_ptr(in))
		ndr_pull_cvstring(in);
	level = ndr_pull_u32(in);
	if (in->err)
		return DCERPC_FAULT_NDR;
	ndr_push_u32(o, level);
	ndr_push_ptr(o, level == 100);
	if (level == 100) {
		v[0].u = SRVSVC_PLATFORM_ID_NT;
		v[1].s = call->s->netbios_name;
		v[2].s = call->s->workgroup;
		v[3].u = SRVSVC_VERSION_MAJOR;
		v[4].u = SRVSVC_VERSION_MINOR;
		ndr_push_records(o, SRVSVC_WKSTA_LAYOUT_100, v, 1);
	}
	ndr_push_u32(o, level == 100 ? SRVSVC_WERR_OK : SRVSVC_WERR_INVALID_LEVEL);
	return 0;
}

static const struct srvsvc_op wkssvc_ops[] = {
	[0] = { op_wksta_get_info },
};

const struct srvsvc_iface srvsvc_iface_wkssvc = {
	.pipe_name = "wkssvc",
	.syntax = { { 0x98, 0xd0, 0xff, 0x6b, 0x12, 0xa1, 0x10, 0x36,
		      0x98, 0x33, 0x46, 0xc3, 0xf8, 0x7e, 0x34, 0x5a }, 1, 0 },
	.ops = wkssvc_ops,
	.nr_ops = sizeof(wkssvc_ops) / sizeof(wkssvc_ops[0]),
};
