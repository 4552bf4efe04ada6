// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One DCE/RPC association per pipe ([C706] 12.4, [MS-RPCE] 3.3.3): BIND
 * and ALTER_CONTEXT negotiate presentation contexts, REQUEST fragments
 * are reassembled and dispatched to the pipe's interface, the response
 * stub is cut into RESPONSE fragments of the negotiated size. No RPC-level
 * authentication: the SMB session is the security (as for Windows'
 * ncacn_np clients at the default level); a PDU carrying an auth_verifier
 * is refused.
 */
#include <string.h>

#include <talloc.h>

#include "srvsvc/rpc.h"
#include "srvsvc/status.h"

/* 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0 */
static const struct dcerpc_syntax ndr20 = {
	{ 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11,
	  0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 }, 2, 0
};

/* 6cb71c2c-9812-4540-: the rest of the UUID is the feature bitmask */
static const uint8_t btfn_prefix[8] = { 0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45 };

struct ctx_result {
	uint16_t result;
	uint16_t reason;
	const struct dcerpc_syntax *transfer;	/* NULL: all zeros */
};

static void queue_push(struct srvsvc *s, struct srvsvc_pipe *p, struct ndr_push *out)
{
	if (out->err) {
		srvsvc_logf(s, SRVSVC_LOG_WARNING, "srvsvc: a response PDU could not be built");
		return;
	}
	srvsvc_pipe_queue(s, p, out->buf, out->len);
}

static void send_fault(struct srvsvc *s, struct srvsvc_pipe *p, void *mem, uint32_t call_id,
		       uint16_t ctx_id, uint32_t status)
{
	struct ndr_push out;

	srvsvc_logf(s, SRVSVC_LOG_DEBUG, "srvsvc: %s call %u: fault 0x%08x", p->iface->pipe_name,
		   call_id, status);
	ndr_push_init(&out, mem);
	dcerpc_push_fault(&out, call_id, ctx_id, status, true);
	queue_push(s, p, &out);
}

static void send_nak(struct srvsvc *s, struct srvsvc_pipe *p, void *mem, uint32_t call_id,
		     uint16_t reason)
{
	struct ndr_push out;

	srvsvc_logf(s, SRVSVC_LOG_DEBUG, "srvsvc: %s bind refused (reason %u)", p->iface->pipe_name,
		   reason);
	ndr_push_init(&out, mem);
	dcerpc_push_bind_nak(&out, call_id, reason);
	queue_push(s, p, &out);
}

static bool ctx_known(const struct srvsvc_pipe *p, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < p->nr_ctx; i++)
		if (p->ctx_ids[i] == id)
			return true;
	return false;
}

static bool abstract_ok(const struct srvsvc_iface *iface, const struct dcerpc_syntax *a)
{
	/* [C706] 12.6.3.1 / 3.3.1.5.2 of [MS-RPCE]: same major, a minor we cover */
	return !memcmp(a->uuid, iface->syntax.uuid, 16) && a->major == iface->syntax.major &&
	       a->minor <= iface->syntax.minor;
}

/* The answer to one presentation context ([MS-RPCE] 3.3.1.5.2, 3.3.1.5.3). */
static bool judge_ctx(struct srvsvc_pipe *p, struct dcerpc_ctx *c, struct ctx_result *r)
{
	struct dcerpc_syntax ts;
	bool abstract = abstract_ok(p->iface, &c->abstract);
	unsigned int i;

	r->result = DCERPC_RESULT_PROVIDER_REJECT;
	r->reason = abstract ? DCERPC_REASON_TRANSFER_NOT_SUPPORTED
			     : DCERPC_REASON_ABSTRACT_NOT_SUPPORTED;
	r->transfer = NULL;
	for (i = 0; i < c->n_transfer; i++) {
		if (!dcerpc_pull_syntax(&c->transfer, &ts))
			return false;
		if (!memcmp(ts.uuid, btfn_prefix, sizeof(btfn_prefix)) && ts.major == 1) {
			/* the features we take: neither needs anything of us without RPC auth */
			r->result = DCERPC_RESULT_NEGOTIATE_ACK;
			r->reason = ts.uuid[8] & (DCERPC_BTFN_SEC_CTX_MULTIPLEX |
						  DCERPC_BTFN_KEEP_ON_ORPHAN);
			return true;
		}
		if (abstract && !memcmp(&ts.uuid, ndr20.uuid, 16) && ts.major == ndr20.major &&
		    ts.minor == ndr20.minor) {
			if (!ctx_known(p, c->id)) {
				if (p->nr_ctx == SRVSVC_MAX_CTX) {
					r->reason = 3;	/* local_limit_exceeded */
					return true;
				}
				p->ctx_ids[p->nr_ctx++] = c->id;
			}
			r->result = DCERPC_RESULT_ACCEPT;
			r->reason = DCERPC_REASON_NONE;
			r->transfer = &ndr20;
			return true;
		}
	}
	return true;
}

static uint16_t clamp_frag(uint16_t v)
{
	if (v > SRVSVC_MAX_FRAG)
		return SRVSVC_MAX_FRAG;
	return v < SRVSVC_MIN_FRAG ? SRVSVC_MIN_FRAG : v;
}

static uint32_t assoc_group(struct srvsvc *s, uint32_t asked)
{
	uint32_t g = asked;

	if (!g) {
		pthread_mutex_lock(&s->lock);
		g = s->next_assoc_group++;
		if (!s->next_assoc_group)
			s->next_assoc_group = 1;
		pthread_mutex_unlock(&s->lock);
	}
	return g;
}

/* The fixed part of BIND_ACK / ALTER_CONTEXT_RESP ([C706] 12.6.4.4, 12.6.4.2). */
static void push_ack_head(struct srvsvc_pipe *p, struct ndr_push *out, bool alter,
			  const struct dcerpc_hdr *h, uint8_t n_ctx)
{
	char port[32];
	size_t n = 0;

	dcerpc_push_hdr(out, alter ? DCERPC_PKT_ALTER_RESP : DCERPC_PKT_BIND_ACK,
			DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG, h->call_id);
	ndr_push_u16(out, p->max_xmit);
	ndr_push_u16(out, SRVSVC_MAX_FRAG);
	ndr_push_u32(out, p->assoc_group);
	/* the secondary address: the pipe's name on a BIND, nothing on an ALTER_CONTEXT */
	if (!alter)
		n = (size_t)snprintf(port, sizeof(port), "\\PIPE\\%s", p->iface->pipe_name) + 1;
	ndr_push_u16(out, (uint16_t)n);
	ndr_push_bytes(out, port, n);
	ndr_push_align(out, 4);
	ndr_push_u8(out, n_ctx);
	ndr_push_u8(out, 0);
	ndr_push_u16(out, 0);
}

/*
 * Whether a BIND or ALTER_CONTEXT is refused before its contexts are
 * looked at; *why is the BIND_NAK reason, or for ALTER_CONTEXT the fault.
 */
static bool bind_refused(const struct srvsvc_pipe *p, const struct dcerpc_hdr *h, bool alter,
			 uint32_t *why)
{
	if (alter) {
		*why = h->auth_length ? DCERPC_FAULT_ACCESS_DENIED : DCERPC_FAULT_PROTO_ERROR;
		return h->auth_length || !p->bound || !dcerpc_drep_ok(h);
	}
	if (h->vers_minor > 1 || !dcerpc_drep_ok(h))
		*why = DCERPC_NAK_PROTOCOL_VERSION;
	else if (h->auth_length)
		*why = DCERPC_NAK_AUTH_TYPE;
	else if (p->bound)	/* one association a pipe: a second BIND is a protocol error */
		*why = DCERPC_NAK_NOT_SPECIFIED;
	else
		return false;
	return true;
}

static void refuse_bind(struct srvsvc *s, struct srvsvc_pipe *p, void *mem,
			const struct dcerpc_hdr *h, bool alter, uint32_t why)
{
	if (alter)
		send_fault(s, p, mem, h->call_id, 0, why);
	else
		send_nak(s, p, mem, h->call_id, (uint16_t)why);
}

static void bind(struct srvsvc *s, struct srvsvc_pipe *p, void *mem, const uint8_t *pdu,
		 const struct dcerpc_hdr *h, bool alter)
{
	static const struct dcerpc_syntax none;
	uint32_t malformed = alter ? DCERPC_FAULT_PROTO_ERROR : DCERPC_NAK_NOT_SPECIFIED, why;
	struct dcerpc_bind b;
	struct dcerpc_ctx c;
	struct ctx_result r;
	struct ndr_push out;
	unsigned int i;

	if (bind_refused(p, h, alter, &why)) {
		refuse_bind(s, p, mem, h, alter, why);
		return;
	}
	if (!dcerpc_pull_bind(pdu, h, &b) || !b.n_ctx) {
		refuse_bind(s, p, mem, h, alter, malformed);
		return;
	}
	if (!alter) {
		p->max_xmit = clamp_frag(b.max_recv);
		p->assoc_group = assoc_group(s, b.assoc_group);
	}
	ndr_push_init(&out, mem);
	push_ack_head(p, &out, alter, h, b.n_ctx);
	for (i = 0; i < b.n_ctx; i++) {
		if (!dcerpc_pull_ctx(&b, &c) || !judge_ctx(p, &c, &r)) {
			refuse_bind(s, p, mem, h, alter, malformed);
			return;
		}
		ndr_push_u16(&out, r.result);
		ndr_push_u16(&out, r.reason);
		dcerpc_push_syntax(&out, r.transfer ? r.transfer : &none);
	}
	dcerpc_push_end(&out, 0);
	if (p->nr_ctx)
		p->bound = true;
	queue_push(s, p, &out);
}

/* The response stub in RESPONSE fragments of at most p->max_xmit bytes. */
static void respond(struct srvsvc *s, struct srvsvc_pipe *p, void *mem, uint32_t call_id,
		    uint16_t ctx_id, const uint8_t *stub, size_t len)
{
	/* whole 8-byte units a fragment, so no NDR primitive straddles two */
	size_t chunk = (size_t)(p->max_xmit - DCERPC_RESPONSE_LEN) & ~(size_t)7, off = 0;

	do {
		size_t n = len - off < chunk ? len - off : chunk;
		uint8_t flags = 0;
		struct ndr_push out;

		if (!off)
			flags |= DCERPC_PFC_FIRST_FRAG;
		if (off + n == len)
			flags |= DCERPC_PFC_LAST_FRAG;
		ndr_push_init(&out, mem);
		dcerpc_push_hdr(&out, DCERPC_PKT_RESPONSE, flags, call_id);
		ndr_push_u32(&out, (uint32_t)(len - off));	/* alloc_hint */
		ndr_push_u16(&out, ctx_id);
		ndr_push_u8(&out, 0);
		ndr_push_u8(&out, 0);
		ndr_push_bytes(&out, stub + off, n);
		dcerpc_push_end(&out, 0);
		queue_push(s, p, &out);
		talloc_free(out.buf);
		off += n;
	} while (off < len);
}

/* Runs the operation; 0 and the stub in call->out, or a fault status. */
static uint32_t run_op(struct srvsvc_call *call, uint16_t ctx_id, const uint8_t *stub, size_t len)
{
	const struct srvsvc_iface *iface = call->pipe->iface;
	uint32_t status;

	if (!ctx_known(call->pipe, ctx_id))
		return DCERPC_FAULT_UNK_IF;
	if (call->opnum >= iface->nr_ops || !iface->ops[call->opnum].fn)
		return DCERPC_FAULT_OP_RNG_ERROR;
	ndr_pull_init(&call->in, call->mem, stub, len);
	ndr_push_init(&call->out, call->mem);
	status = iface->ops[call->opnum].fn(call);
	if (!status && call->in.err)
		status = DCERPC_FAULT_NDR;
	if (!status && call->out.err)
		status = DCERPC_FAULT_REMOTE_NO_MEMORY;
	return status;
}

static void dispatch(struct srvsvc *s, struct srvsvc_pipe *p, void *mem, uint32_t call_id,
		     uint16_t ctx_id, uint16_t opnum, const uint8_t *stub, size_t len)
{
	struct srvsvc_call call = { .s = s, .pipe = p, .mem = mem, .opnum = opnum };
	uint32_t status = run_op(&call, ctx_id, stub, len);

	srvsvc_logf(s, SRVSVC_LOG_DEBUG, "srvsvc: %s opnum %u: %zu bytes in, %zu out, status 0x%x",
		   p->iface->pipe_name, opnum, len, call.out.len, status);
	if (status)
		send_fault(s, p, mem, call_id, ctx_id, status);
	else
		respond(s, p, mem, call_id, ctx_id, call.out.buf, call.out.len);
}

void srvsvc_assoc_reset(struct srvsvc_pipe *p)
{
	TALLOC_FREE(p->stub);
	p->stub_len = 0;
	p->in_call = false;
}

/* Refuses the call and drops its remaining fragments quietly. */
static void refuse_call(struct srvsvc *s, struct srvsvc_pipe *p, void *mem,
			const struct dcerpc_hdr *h, uint16_t ctx_id, uint32_t status)
{
	srvsvc_assoc_reset(p);
	if (!(h->flags & DCERPC_PFC_LAST_FRAG)) {
		p->discarding = true;
		p->discard_call_id = h->call_id;
	}
	send_fault(s, p, mem, h->call_id, ctx_id, status);
}

static bool append_stub(struct srvsvc_pipe *p, const struct dcerpc_request *r)
{
	uint8_t *n;

	if (r->stub_len > SRVSVC_MAX_STUB - p->stub_len)
		return false;
	n = talloc_realloc(p, p->stub, uint8_t, p->stub_len + r->stub_len + 1);
	if (!n)
		return false;
	memcpy(n + p->stub_len, r->stub, r->stub_len);
	p->stub = n;
	p->stub_len += r->stub_len;
	return true;
}

/* Why a request fragment is refused (a fault status), 0 when it is not. */
static uint32_t request_refusal(const struct srvsvc_pipe *p, const struct dcerpc_hdr *h,
				const struct dcerpc_request *r)
{
	bool first = h->flags & DCERPC_PFC_FIRST_FRAG;

	if (!p->bound || !dcerpc_drep_ok(h))
		return DCERPC_FAULT_PROTO_ERROR;
	if (h->auth_length)
		return DCERPC_FAULT_ACCESS_DENIED;
	/* [C706] 12.6.4.9: the fragments of a call share call_id, context and opnum */
	if (first == p->in_call)
		return DCERPC_FAULT_PROTO_ERROR;
	if (!first && (h->call_id != p->call_id || r->ctx_id != p->call_ctx ||
		       r->opnum != p->call_opnum))
		return DCERPC_FAULT_PROTO_ERROR;
	return 0;
}

static void request(struct srvsvc *s, struct srvsvc_pipe *p, void *mem, const uint8_t *pdu,
		    const struct dcerpc_hdr *h)
{
	bool first = h->flags & DCERPC_PFC_FIRST_FRAG, last = h->flags & DCERPC_PFC_LAST_FRAG;
	struct dcerpc_request r;
	uint32_t why;

	if (p->discarding && h->call_id == p->discard_call_id && !first) {
		p->discarding = !last;
		return;
	}
	p->discarding = false;
	if (!dcerpc_pull_request(pdu, h, &r)) {
		refuse_call(s, p, mem, h, 0, DCERPC_FAULT_PROTO_ERROR);
		return;
	}
	why = request_refusal(p, h, &r);
	if (why) {
		refuse_call(s, p, mem, h, r.ctx_id, why);
		return;
	}
	if (first && last) {
		dispatch(s, p, mem, h->call_id, r.ctx_id, r.opnum, r.stub, r.stub_len);
		return;
	}
	if (first) {
		p->in_call = true;
		p->call_id = h->call_id;
		p->call_ctx = r.ctx_id;
		p->call_opnum = r.opnum;
	}
	if (!append_stub(p, &r)) {
		refuse_call(s, p, mem, h, r.ctx_id, DCERPC_FAULT_REMOTE_NO_MEMORY);
		return;
	}
	if (last) {
		dispatch(s, p, mem, h->call_id, r.ctx_id, r.opnum, p->stub, p->stub_len);
		srvsvc_assoc_reset(p);
	}
}

void srvsvc_assoc_pdu(struct srvsvc *s, struct srvsvc_pipe *p, const uint8_t *pdu, size_t len)
{
	struct dcerpc_hdr h;
	void *mem;

	if (!dcerpc_pull_hdr(pdu, len, &h) || h.frag_length != len)
		return;
	mem = talloc_new(p);
	if (!mem)
		return;
	switch (h.ptype) {
	case DCERPC_PKT_BIND:
		bind(s, p, mem, pdu, &h, false);
		break;
	case DCERPC_PKT_ALTER:
		bind(s, p, mem, pdu, &h, true);
		break;
	case DCERPC_PKT_REQUEST:
		request(s, p, mem, pdu, &h);
		break;
	case DCERPC_PKT_ORPHANED:
		if (p->in_call && p->call_id == h.call_id)
			srvsvc_assoc_reset(p);
		break;
	case DCERPC_PKT_AUTH3:
	case DCERPC_PKT_CO_CANCEL:
		/* nothing to finish: calls run to completion as they arrive */
		break;
	default:
		send_fault(s, p, mem, h.call_id, 0, DCERPC_FAULT_PROTO_ERROR);
		break;
	}
	talloc_free(mem);
}
