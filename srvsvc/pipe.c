// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pipe table: open pipes by id, each with its byte stream cut into
 * PDUs and its queue of response PDUs (message mode: a read returns at
 * most one PDU, [MS-FSCC] 2.1.5 / [MS-SMB2] 3.3.5.12).
 *
 * Locking: srvsvc.lock guards the list, the counters and each pipe's
 * reference count; a pipe's own lock serialises the calls on that pipe.
 * A call takes a reference under the table lock, then works under the
 * pipe lock alone, so a slow name lookup on one pipe holds up no other.
 * Pipes are talloc roots of their own: talloc is not thread-safe across
 * one hierarchy, and each pipe's tree is only touched under its lock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <talloc.h>

#include "srvsvc/rpc.h"
#include "srvsvc/status.h"

static const struct srvsvc_iface *const ifaces[] = {
	&srvsvc_iface_srvsvc,
	&srvsvc_iface_wkssvc,
	&srvsvc_iface_lsarpc,
};

void srvsvc_logf(struct srvsvc *s, int level, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!s->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->log(s->log_arg, level, msg);
}

static char *dup_or_empty(void *mem, const char *s)
{
	return talloc_strdup(mem, s ? s : "");
}

static bool add_share(struct srvsvc *s, const struct srvsvc_share *c)
{
	struct srvsvc_share_entry *e = &s->shares[s->nr_shares];
	size_t n = strlen(c->name);

	e->name = talloc_strdup(s, c->name);
	e->comment = dup_or_empty(s, c->comment);
	e->path = dup_or_empty(s, c->path);
	e->browseable = c->browseable;
	/* [MS-SRVS] 2.2.2.4: names ending in $ are the administrative kind */
	e->type = STYPE_DISKTREE | (n && c->name[n - 1] == '$' ? STYPE_SPECIAL : 0);
	if (!e->name || !e->comment || !e->path)
		return false;
	s->nr_shares++;
	return true;
}

/* IPC$ as Windows and Samba show it, after the configured shares. */
static bool add_ipc(struct srvsvc *s)
{
	struct srvsvc_share_entry *e = &s->shares[s->nr_shares];

	e->name = talloc_strdup(s, "IPC$");
	e->comment = talloc_asprintf(s, "IPC Service (%s)", s->server_string);
	e->path = NULL;
	e->type = STYPE_IPC | STYPE_SPECIAL;
	e->browseable = true;
	if (!e->name || !e->comment)
		return false;
	s->nr_shares++;
	return true;
}

static bool copy_config(struct srvsvc *s, const struct srvsvc_config *cfg)
{
	unsigned int i;

	s->netbios_name = dup_or_empty(s, cfg->netbios_name);
	s->workgroup = dup_or_empty(s, cfg->workgroup);
	s->server_string = dup_or_empty(s, cfg->server_string);
	s->shares = talloc_zero_array(s, struct srvsvc_share_entry, cfg->nr_shares + 1);
	if (!s->netbios_name || !s->workgroup || !s->server_string || !s->shares)
		return false;
	for (i = 0; i < cfg->nr_shares; i++) {
		if (!cfg->shares[i].name || !strcasecmp(cfg->shares[i].name, "IPC$"))
			continue;
		if (!add_share(s, &cfg->shares[i]))
			return false;
	}
	if (cfg->machine_sid && *cfg->machine_sid) {
		if (!srvsvc_sid_parse(cfg->machine_sid, &s->machine_sid)) {
			srvsvc_logf(s, SRVSVC_LOG_WARNING, "srvsvc: bad machine SID %s", cfg->machine_sid);
			return false;
		}
	} else {
		srvsvc_sid_machine(s->netbios_name, &s->machine_sid);
	}
	return add_ipc(s);
}

static void pipe_destroy(struct srvsvc_pipe *p)
{
	pthread_mutex_destroy(&p->lock);
	talloc_free(p);
}

/* Pipes are talloc roots of their own: they go with the service however it is freed. */
static int service_destructor(struct srvsvc *s)
{
	struct srvsvc_pipe *p, *next;

	for (p = s->pipes; p; p = next) {
		next = p->next;
		pipe_destroy(p);
	}
	s->pipes = NULL;
	pthread_mutex_destroy(&s->lock);
	return 0;
}

struct srvsvc *srvsvc_new(void *mem_ctx, const struct srvsvc_config *cfg)
{
	struct srvsvc *s = talloc_zero(mem_ctx, struct srvsvc);

	if (!s)
		return NULL;
	s->log = cfg->log;
	s->log_arg = cfg->log_arg;
	if (!copy_config(s, cfg) || pthread_mutex_init(&s->lock, NULL)) {
		talloc_free(s);
		return NULL;
	}
	talloc_set_destructor(s, service_destructor);
	s->next_pipe_id = 1;
	s->next_assoc_group = 0x5d00;
	return s;
}

void srvsvc_free(struct srvsvc *s)
{
	talloc_free(s);
}

/* "srvsvc", "\srvsvc", "\PIPE\srvsvc", any case. */
static const struct srvsvc_iface *find_iface(const char *name, size_t len)
{
	unsigned int i;

	while (len && *name == '\\') {
		name++;
		len--;
	}
	if (len >= 5 && !strncasecmp(name, "PIPE\\", 5)) {
		name += 5;
		len -= 5;
	}
	for (i = 0; i < sizeof(ifaces) / sizeof(ifaces[0]); i++) {
		const char *n = ifaces[i]->pipe_name;

		if (strlen(n) == len && !strncasecmp(n, name, len))
			return ifaces[i];
	}
	return NULL;
}

static bool set_user(struct srvsvc_pipe *p, const struct srvsvc_user *u)
{
	p->user = dup_or_empty(p, u ? u->user : NULL);
	p->domain = dup_or_empty(p, u ? u->domain : NULL);
	if (u) {
		p->uid = u->uid;
		p->gid = u->gid;
		p->guest = u->guest;
	}
	return p->user && p->domain;
}

uint32_t srvsvc_pipe_open(struct srvsvc *s, const char *name, size_t name_len,
			  uint64_t session, const struct srvsvc_user *u, uint64_t *pipe_id)
{
	const struct srvsvc_iface *iface;
	struct srvsvc_pipe *p;

	if (!name || memchr(name, 0, name_len))
		return SRVSVC_STATUS_OBJECT_NAME_NOT_FOUND;
	iface = find_iface(name, name_len);
	if (!iface)
		return SRVSVC_STATUS_OBJECT_NAME_NOT_FOUND;
	p = talloc_zero(NULL, struct srvsvc_pipe);
	if (!p)
		return SRVSVC_STATUS_INSUFFICIENT_RESOURCES;
	if (!set_user(p, u) || pthread_mutex_init(&p->lock, NULL)) {
		talloc_free(p);
		return SRVSVC_STATUS_INSUFFICIENT_RESOURCES;
	}
	p->iface = iface;
	p->session = session;
	pthread_mutex_lock(&s->lock);
	if (s->nr_pipes >= SRVSVC_MAX_PIPES) {
		pthread_mutex_unlock(&s->lock);
		pipe_destroy(p);
		return SRVSVC_STATUS_INSUFFICIENT_RESOURCES;
	}
	p->id = s->next_pipe_id++;
	p->next = s->pipes;
	s->pipes = p;
	s->nr_pipes++;
	pthread_mutex_unlock(&s->lock);
	*pipe_id = p->id;
	return SRVSVC_STATUS_SUCCESS;
}

/* The pipe with a reference taken, or NULL. */
static struct srvsvc_pipe *pipe_get(struct srvsvc *s, uint64_t id)
{
	struct srvsvc_pipe *p;

	pthread_mutex_lock(&s->lock);
	for (p = s->pipes; p && p->id != id; p = p->next)
		;
	if (p)
		p->refs++;
	pthread_mutex_unlock(&s->lock);
	if (p)
		pthread_mutex_lock(&p->lock);
	return p;
}

static void pipe_put(struct srvsvc *s, struct srvsvc_pipe *p)
{
	bool last;

	pthread_mutex_unlock(&p->lock);
	pthread_mutex_lock(&s->lock);
	last = --p->refs == 0 && p->closed;
	pthread_mutex_unlock(&s->lock);
	if (last)
		pipe_destroy(p);
}

void srvsvc_pipe_queue(struct srvsvc *s, struct srvsvc_pipe *p, const uint8_t *data, size_t len)
{
	struct srvsvc_out *o = talloc_zero(p, struct srvsvc_out);

	if (o)
		o->data = talloc_memdup(o, data, len);
	if (!o || !o->data) {
		/* the client sees no answer and times out; nothing else is lost */
		talloc_free(o);
		srvsvc_logf(s, SRVSVC_LOG_WARNING, "srvsvc: no memory for a response");
		return;
	}
	o->len = len;
	if (p->out_tail)
		p->out_tail->next = o;
	else
		p->out_head = o;
	p->out_tail = o;
	p->out_bytes += len;
}

/* Not a CO PDU: answer once, and drop what else this write carried. */
static void garbage(struct srvsvc *s, struct srvsvc_pipe *p, const uint8_t *hdr)
{
	struct ndr_push out;
	void *mem = talloc_new(p);
	uint32_t call_id = (uint32_t)hdr[12] | (uint32_t)hdr[13] << 8 |
			   (uint32_t)hdr[14] << 16 | (uint32_t)hdr[15] << 24;

	p->inlen = 0;
	if (!mem)
		return;
	ndr_push_init(&out, mem);
	dcerpc_push_fault(&out, call_id, 0, DCERPC_FAULT_PROTO_ERROR, true);
	if (!out.err)
		srvsvc_pipe_queue(s, p, out.buf, out.len);
	talloc_free(mem);
}

/* frag_length of the header at hdr (16 bytes), 0 when it is not one. */
static size_t frag_len(const uint8_t *hdr)
{
	struct dcerpc_hdr h;

	return dcerpc_pull_hdr(hdr, DCERPC_HDR_LEN, &h) ? h.frag_length : 0;
}

/* Adds bytes to a partly written PDU; returns how many it took, 0 after garbage. */
static size_t buffer_part(struct srvsvc *s, struct srvsvc_pipe *p, const uint8_t *data,
			  size_t len)
{
	size_t want = DCERPC_HDR_LEN, n, fl;

	if (!p->inbuf) {
		p->inbuf = talloc_size(p, 0x10000);
		if (!p->inbuf)
			return len;	/* dropped: the client times out */
	}
	if (p->inlen >= DCERPC_HDR_LEN)
		want = frag_len(p->inbuf);
	n = want - p->inlen < len ? want - p->inlen : len;
	memcpy(p->inbuf + p->inlen, data, n);
	p->inlen += n;
	if (p->inlen == DCERPC_HDR_LEN) {
		fl = frag_len(p->inbuf);
		if (!fl) {
			garbage(s, p, p->inbuf);
			return 0;
		}
		if (fl > DCERPC_HDR_LEN)
			return n;
	}
	if (p->inlen >= DCERPC_HDR_LEN && p->inlen == frag_len(p->inbuf)) {
		p->inlen = 0;
		srvsvc_assoc_pdu(s, p, p->inbuf, frag_len(p->inbuf));
	}
	return n;
}

static void pipe_input(struct srvsvc *s, struct srvsvc_pipe *p, const uint8_t *data, size_t len)
{
	while (len) {
		size_t n;

		if (p->out_bytes > SRVSVC_MAX_OUTPUT) {
			srvsvc_logf(s, SRVSVC_LOG_WARNING, "srvsvc: pipe output full, input dropped");
			p->inlen = 0;
			return;
		}
		if (!p->inlen && len >= DCERPC_HDR_LEN) {
			n = frag_len(data);
			if (!n) {
				garbage(s, p, data);
				return;
			}
			if (n <= len) {
				srvsvc_assoc_pdu(s, p, data, n);
				data += n;
				len -= n;
				continue;
			}
		}
		n = buffer_part(s, p, data, len);
		if (!n)
			return;
		data += n;
		len -= n;
	}
}

uint32_t srvsvc_pipe_write(struct srvsvc *s, uint64_t pipe_id, const uint8_t *data, size_t len)
{
	struct srvsvc_pipe *p = pipe_get(s, pipe_id);
	uint32_t status = SRVSVC_STATUS_SUCCESS;

	if (!p)
		return SRVSVC_STATUS_INVALID_HANDLE;
	if (p->out_head)
		status = SRVSVC_STATUS_PIPE_BUSY;
	else
		pipe_input(s, p, data, len);
	pipe_put(s, p);
	return status;
}

static uint32_t pipe_output(struct srvsvc_pipe *p, uint8_t *out, size_t max, size_t *len)
{
	struct srvsvc_out *o = p->out_head;
	size_t n;

	*len = 0;
	if (!o)
		return SRVSVC_STATUS_PIPE_EMPTY;
	n = o->len - o->off < max ? o->len - o->off : max;
	memcpy(out, o->data + o->off, n);
	o->off += n;
	*len = n;
	if (o->off < o->len)
		return SRVSVC_STATUS_BUFFER_OVERFLOW;
	p->out_head = o->next;
	if (!p->out_head)
		p->out_tail = NULL;
	p->out_bytes -= o->len;
	talloc_free(o);
	return SRVSVC_STATUS_SUCCESS;
}

uint32_t srvsvc_pipe_read(struct srvsvc *s, uint64_t pipe_id, uint8_t *out, size_t max,
			  size_t *len)
{
	struct srvsvc_pipe *p = pipe_get(s, pipe_id);
	uint32_t status;

	*len = 0;
	if (!p)
		return SRVSVC_STATUS_INVALID_HANDLE;
	status = pipe_output(p, out, max, len);
	pipe_put(s, p);
	return status;
}

uint32_t srvsvc_pipe_transceive(struct srvsvc *s, uint64_t pipe_id, const uint8_t *data,
				size_t len, uint8_t *out, size_t max, size_t *out_len)
{
	struct srvsvc_pipe *p = pipe_get(s, pipe_id);
	uint32_t status;

	*out_len = 0;
	if (!p)
		return SRVSVC_STATUS_INVALID_HANDLE;
	if (p->out_head) {
		status = SRVSVC_STATUS_PIPE_BUSY;
	} else {
		pipe_input(s, p, data, len);
		status = pipe_output(p, out, max, out_len);
	}
	pipe_put(s, p);
	return status;
}

/* Unlinks p (under s->lock); true when the caller must destroy it. */
static bool unlink_pipe(struct srvsvc *s, struct srvsvc_pipe **pp)
{
	struct srvsvc_pipe *p = *pp;

	*pp = p->next;
	s->nr_pipes--;
	p->closed = true;
	return p->refs == 0;
}

uint32_t srvsvc_pipe_close(struct srvsvc *s, uint64_t pipe_id)
{
	struct srvsvc_pipe **pp, *p = NULL;
	bool destroy = false;

	pthread_mutex_lock(&s->lock);
	for (pp = &s->pipes; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == pipe_id) {
			p = *pp;
			destroy = unlink_pipe(s, pp);
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (!p)
		return SRVSVC_STATUS_INVALID_HANDLE;
	if (destroy)
		pipe_destroy(p);
	return SRVSVC_STATUS_SUCCESS;
}

void srvsvc_close_session(struct srvsvc *s, uint64_t session)
{
	struct srvsvc_pipe **pp, *dead = NULL, *p;

	pthread_mutex_lock(&s->lock);
	pp = &s->pipes;
	while (*pp) {
		p = *pp;
		if (p->session != session) {
			pp = &p->next;
			continue;
		}
		if (unlink_pipe(s, pp)) {
			p->next = dead;
			dead = p;
		}
	}
	pthread_mutex_unlock(&s->lock);
	while (dead) {
		p = dead;
		dead = p->next;
		pipe_destroy(p);
	}
}
