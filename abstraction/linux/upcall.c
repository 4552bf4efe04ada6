// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel side of the up-call channel: the generic netlink family of
 * core/upcall/genl.h, the one service (tsmbd) registered on it, and the
 * calls waiting for its answers.
 *
 * A call is an entry in an IDR whose id is the SEQ of the UPCALL; it lives
 * on the caller's side and is freed by the caller only. The others (the
 * REPLY command, the service going away, the module unloading) touch an
 * entry only under tsmb_svc.lock and only while it is in the IDR; whoever
 * answers it takes it out, fills it and completes it under the lock, so a
 * caller that times out and takes its entry out under the same lock knows
 * nobody will touch it again. That makes a reference count unnecessary: a
 * late reply finds no entry and is dropped. The reply's bytes go into a
 * buffer of their own (sized and checked against the entry's capacity
 * before anything is copied), which the caller copies out and frees, so
 * the caller's rsp is never written after it stopped waiting.
 *
 * The family lives in the initial network namespace only (netnsok unset),
 * where the module's sockets listen too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/upcall.h>

#include "abstraction/linux/host.h"
#include "abstraction/linux/internal.h"
#include "core/upcall/genl.h"
#include "core/upcall/msg.h"

struct tsmb_os_upcall {
	int unused;	/* every channel goes to the one service */
};

struct tsmb_upcall_call {
	struct completion done;
	u32 portid;		/* where the request went */
	size_t cap;		/* the caller's rsp_cap */
	bool finished;		/* answered or failed; out of the IDR */
	int err;		/* with finished: 0 or -TSMB_E* */
	void *rsp;		/* with finished and err 0: kvmalloc'd reply */
	size_t rsp_len;
};

static struct {
	spinlock_t lock;	/* everything below */
	struct idr calls;	/* SEQ -> struct tsmb_upcall_call */
	u32 portid;		/* the service's port; 0: none */
	pid_t pid;		/* its process, for the status file */
	tsmb_linux_config_fn config;
} tsmb_svc = {
	.lock = __SPIN_LOCK_UNLOCKED(tsmb_svc.lock),
	.calls = IDR_INIT(tsmb_svc.calls),
};

static struct genl_family tsmb_genl_family;

/* Under the lock: c answered with err (and rsp when err is 0). */
static void tsmb_call_finish(struct tsmb_upcall_call *c, u32 seq, int err, void *rsp,
			     size_t len)
{
	idr_remove(&tsmb_svc.calls, seq);
	c->finished = true;
	c->err = err;
	c->rsp = rsp;
	c->rsp_len = len;
	complete(&c->done);
}

/* Under the lock. The number of calls failed. */
static unsigned int tsmb_fail_all(int err)
{
	struct tsmb_upcall_call *c;
	unsigned int n = 0;
	int id;

	idr_for_each_entry(&tsmb_svc.calls, c, id) {
		tsmb_call_finish(c, id, err, NULL, 0);
		n++;
	}
	return n;
}

/* Forgets the service; from the notifier and at unload. */
static void tsmb_forget_service(u32 portid, const char *why)
{
	unsigned int failed = 0;
	pid_t pid = 0;

	spin_lock(&tsmb_svc.lock);
	if (tsmb_svc.portid && (!portid || tsmb_svc.portid == portid)) {
		pid = tsmb_svc.pid;
		WRITE_ONCE(tsmb_svc.portid, 0);
		tsmb_svc.pid = 0;
		failed = tsmb_fail_all(-TSMB_ENOTCONN);
	}
	spin_unlock(&tsmb_svc.lock);
	if (pid)
		pr_info("service (pid %d) %s; %u waiting call(s) failed\n", pid, why, failed);
}

/*
 * A message of the family carrying msg[0..len) as MSG chunks, with SEQ
 * when seq is not 0. NULL when out of memory.
 */
static struct sk_buff *tsmb_genl_build(u8 cmd, u32 portid, u32 nlseq, u32 seq,
				       const u8 *msg, size_t len)
{
	size_t size = 0, off, n;
	struct sk_buff *skb;
	void *hdr;

	if (seq)
		size += nla_total_size(sizeof(u32));
	size += (len / TSMB_GENL_CHUNK) * nla_total_size(TSMB_GENL_CHUNK);
	if (len % TSMB_GENL_CHUNK)
		size += nla_total_size(len % TSMB_GENL_CHUNK);
	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb)
		return NULL;
	hdr = genlmsg_put(skb, portid, nlseq, &tsmb_genl_family, 0, cmd);
	if (!hdr)
		goto fail;
	if (seq && nla_put_u32(skb, TSMB_GENL_A_SEQ, seq))
		goto fail;
	for (off = 0; off < len; off += n) {
		n = min_t(size_t, len - off, TSMB_GENL_CHUNK);
		if (nla_put(skb, TSMB_GENL_A_MSG, n, msg + off))
			goto fail;
	}
	genlmsg_end(skb, hdr);
	return skb;
fail:
	nlmsg_free(skb);
	return NULL;
}

/*
 * The total length of the request's MSG chunks, in order; -EMSGSIZE
 * beyond max, checked before anyone copies. -EINVAL without any.
 */
static int tsmb_genl_msg_len(const struct genl_info *info, size_t max, size_t *len)
{
	const struct nlattr *a;
	bool any = false;
	size_t total = 0;
	int rem;

	nla_for_each_attr(a, genlmsg_data(info->genlhdr), genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != TSMB_GENL_A_MSG)
			continue;
		any = true;
		total += nla_len(a);
		if (total > max)
			return -EMSGSIZE;
	}
	*len = total;
	return any ? 0 : -EINVAL;
}

/* Concatenates the MSG chunks into buf, of the length tsmb_genl_msg_len() gave. */
static void tsmb_genl_msg_copy(const struct genl_info *info, u8 *buf)
{
	const struct nlattr *a;
	size_t off = 0;
	int rem;

	nla_for_each_attr(a, genlmsg_data(info->genlhdr), genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != TSMB_GENL_A_MSG)
			continue;
		memcpy(buf + off, nla_data(a), nla_len(a));
		off += nla_len(a);
	}
}

static bool tsmb_is_service(u32 portid)
{
	bool yes;

	spin_lock(&tsmb_svc.lock);
	yes = tsmb_svc.portid && tsmb_svc.portid == portid;
	spin_unlock(&tsmb_svc.lock);
	return yes;
}

static int tsmb_genl_register(struct sk_buff *skb, struct genl_info *info)
{
	u32 portid = info->snd_portid;
	pid_t pid = task_tgid_nr(current);
	int err = 0;

	if (!info->attrs[TSMB_GENL_A_VERSION]) {
		NL_SET_ERR_MSG(info->extack, "VERSION is required");
		return -EINVAL;
	}
	if (nla_get_u32(info->attrs[TSMB_GENL_A_VERSION]) != TSMB_UPCALL_VERSION) {
		NL_SET_ERR_MSG(info->extack, "up-call version mismatch between tsmbd and tsmb.ko");
		return -EPROTONOSUPPORT;
	}
	spin_lock(&tsmb_svc.lock);
	if (tsmb_svc.portid && tsmb_svc.portid != portid) {
		err = -EBUSY;
	} else {
		WRITE_ONCE(tsmb_svc.portid, portid);
		tsmb_svc.pid = pid;
	}
	spin_unlock(&tsmb_svc.lock);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "another service is registered");
		pr_notice("pid %d cannot register: another service is registered\n", pid);
		return err;
	}
	pr_info("service registered (pid %d)\n", pid);
	return 0;
}

/* Small: STATUS in an up-call header. */
#define TSMB_CONFIG_RSP_MAX	128

static int tsmb_genl_config(struct sk_buff *skb, struct genl_info *info)
{
	size_t len, rsp_len = 0;
	struct sk_buff *out;
	u8 *msg, *rsp;
	int err;

	if (!tsmb_is_service(info->snd_portid)) {
		NL_SET_ERR_MSG(info->extack, "CONFIG only from the registered service");
		return -EPERM;
	}
	err = tsmb_genl_msg_len(info, TSMB_UPCALL_MSG_MAX, &len);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "CONFIG needs MSG, at most 1 MiB in all");
		return err;
	}
	msg = kvmalloc(len + TSMB_CONFIG_RSP_MAX, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rsp = msg + len;
	tsmb_genl_msg_copy(info, msg);
	err = tsmb_svc.config(msg, len, rsp, TSMB_CONFIG_RSP_MAX, &rsp_len);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "not an up-call CONFIG message");
		goto out;
	}
	out = tsmb_genl_build(TSMB_GENL_CMD_CONFIG, info->snd_portid, info->snd_seq, 0, rsp,
			      rsp_len);
	err = out ? genlmsg_reply(out, info) : -ENOMEM;
out:
	kvfree(msg);
	return err;
}

/*
 * Hands rsp (or err) to the call seq if it still waits for portid; false
 * when nobody takes it (the caller gave up: a late reply).
 */
static bool tsmb_deliver(u32 seq, u32 portid, int err, void *rsp, size_t len)
{
	struct tsmb_upcall_call *c;
	bool taken = false;

	spin_lock(&tsmb_svc.lock);
	c = idr_find(&tsmb_svc.calls, seq);
	if (c && c->portid == portid) {
		tsmb_call_finish(c, seq, err, rsp, len);
		taken = true;
	}
	spin_unlock(&tsmb_svc.lock);
	return taken;
}

/* The capacity of the call seq waiting for portid, or false. */
static bool tsmb_call_cap(u32 seq, u32 portid, size_t *cap)
{
	struct tsmb_upcall_call *c;
	bool waits;

	spin_lock(&tsmb_svc.lock);
	c = idr_find(&tsmb_svc.calls, seq);
	waits = c && c->portid == portid;
	if (waits)
		*cap = c->cap;
	spin_unlock(&tsmb_svc.lock);
	return waits;
}

/* A positive errno from the service as the contract's -TSMB_E*. */
static int tsmb_service_errno(u32 e)
{
	if (!e || e >= MAX_ERRNO)
		return -TSMB_EPROTO;
	return tsmb_linux_err(-(int)e);
}

static int tsmb_genl_reply(struct sk_buff *skb, struct genl_info *info)
{
	u32 seq, portid = info->snd_portid;
	size_t cap = 0, len;
	u8 *rsp;
	int err;

	if (!tsmb_is_service(portid)) {
		NL_SET_ERR_MSG(info->extack, "REPLY only from the registered service");
		return -EPERM;
	}
	if (!info->attrs[TSMB_GENL_A_SEQ]) {
		NL_SET_ERR_MSG(info->extack, "REPLY needs SEQ");
		return -EINVAL;
	}
	seq = nla_get_u32(info->attrs[TSMB_GENL_A_SEQ]);
	if (info->attrs[TSMB_GENL_A_ERROR]) {
		tsmb_deliver(seq, portid,
			     tsmb_service_errno(nla_get_u32(info->attrs[TSMB_GENL_A_ERROR])),
			     NULL, 0);
		return 0;
	}
	if (!info->attrs[TSMB_GENL_A_MSG]) {
		NL_SET_ERR_MSG(info->extack, "REPLY needs MSG or ERROR");
		return -EINVAL;
	}
	if (!tsmb_call_cap(seq, portid, &cap))
		return 0;	/* late: the caller gave up */
	err = tsmb_genl_msg_len(info, min_t(size_t, cap, TSMB_UPCALL_MSG_MAX), &len);
	if (err) {
		tsmb_deliver(seq, portid, -TSMB_EMSGSIZE, NULL, 0);
		return 0;
	}
	rsp = kvmalloc(max_t(size_t, len, 1), GFP_KERNEL);
	if (!rsp) {
		tsmb_deliver(seq, portid, -TSMB_ENOMEM, NULL, 0);
		return -ENOMEM;
	}
	tsmb_genl_msg_copy(info, rsp);
	if (!tsmb_deliver(seq, portid, 0, rsp, len))
		kvfree(rsp);
	return 0;
}

static const struct nla_policy tsmb_genl_policy[TSMB_GENL_A_MAX + 1] = {
	[TSMB_GENL_A_VERSION] = { .type = NLA_U32 },
	[TSMB_GENL_A_SEQ] = { .type = NLA_U32 },
	[TSMB_GENL_A_MSG] = { .type = NLA_BINARY, .len = TSMB_GENL_CHUNK },
	[TSMB_GENL_A_ERROR] = { .type = NLA_U32 },
};

/* Every command comes from tsmbd and needs CAP_NET_ADMIN. */
#define TSMB_GENL_OP(c, fn) { .cmd = (c), .doit = (fn), .flags = GENL_ADMIN_PERM }

static const struct genl_small_ops tsmb_genl_ops[] = {
	TSMB_GENL_OP(TSMB_GENL_CMD_REGISTER, tsmb_genl_register),
	TSMB_GENL_OP(TSMB_GENL_CMD_CONFIG, tsmb_genl_config),
	TSMB_GENL_OP(TSMB_GENL_CMD_REPLY, tsmb_genl_reply),
};

/*
 * parallel_ops: a CONFIG that opens many shares must not hold the genl
 * mutex every other family shares, nor delay the REPLYs; the state has its
 * own lock. Strict validation for every command.
 */
static struct genl_family tsmb_genl_family = {
	.name = TSMB_GENL_NAME,
	.version = TSMB_GENL_VERSION,
	.maxattr = TSMB_GENL_A_MAX,
	.policy = tsmb_genl_policy,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = tsmb_genl_ops,
	.n_small_ops = ARRAY_SIZE(tsmb_genl_ops),
	.resv_start_op = TSMB_GENL_CMD_REGISTER,
};

/* tsmbd resolving the family loads the module. */
MODULE_ALIAS_GENL_FAMILY(TSMB_GENL_NAME);

static int tsmb_netlink_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	const struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC && n->portid &&
	    net_eq(n->net, &init_net))
		tsmb_forget_service(n->portid, "went away");
	return NOTIFY_DONE;
}

static struct notifier_block tsmb_netlink_nb = {
	.notifier_call = tsmb_netlink_event,
};

int tsmb_linux_upcall_init(tsmb_linux_config_fn config)
{
	int err;

	tsmb_svc.config = config;
	/* First, so that no service can register and go away unseen. */
	err = netlink_register_notifier(&tsmb_netlink_nb);
	if (err)
		return err;
	err = genl_register_family(&tsmb_genl_family);
	if (err) {
		pr_err("cannot register the generic netlink family \"%s\" (error %d)\n",
		       TSMB_GENL_NAME, err);
		netlink_unregister_notifier(&tsmb_netlink_nb);
	}
	return err;
}

void tsmb_linux_upcall_exit(void)
{
	/* Waits for the commands running; none starts afterwards. */
	genl_unregister_family(&tsmb_genl_family);
	netlink_unregister_notifier(&tsmb_netlink_nb);
	tsmb_forget_service(0, "unregistered: the module is unloading");
}

pid_t tsmb_linux_upcall_service(void)
{
	pid_t pid;

	spin_lock(&tsmb_svc.lock);
	pid = tsmb_svc.portid ? tsmb_svc.pid : 0;
	spin_unlock(&tsmb_svc.lock);
	return pid;
}

int tsmb_os_upcall_create(struct tsmb_os_upcall **out)
{
	*out = kzalloc(sizeof(**out), GFP_KERNEL);
	return *out ? 0 : -TSMB_ENOMEM;
}

void tsmb_os_upcall_destroy(struct tsmb_os_upcall *ch)
{
	/* Nothing of the service refers to a channel: calls own their entries. */
	kfree(ch);
}

/* Enters c into the table; its SEQ, or -TSMB_ENOTCONN / -TSMB_ENOMEM. */
static int tsmb_call_enter(struct tsmb_upcall_call *c)
{
	int seq;

	idr_preload(GFP_KERNEL);
	spin_lock(&tsmb_svc.lock);
	if (!tsmb_svc.portid) {
		seq = -TSMB_ENOTCONN;
	} else {
		/* Cyclic: a late reply must not meet a new call with its SEQ. */
		seq = idr_alloc_cyclic(&tsmb_svc.calls, c, 1, INT_MAX, GFP_NOWAIT);
		if (seq < 0)
			seq = -TSMB_ENOMEM;
		c->portid = tsmb_svc.portid;
	}
	spin_unlock(&tsmb_svc.lock);
	idr_preload_end();
	return seq;
}

/* Takes c out unless someone finished it; -TSMB_ETIMEDOUT if nobody had. */
static int tsmb_call_leave(struct tsmb_upcall_call *c, u32 seq)
{
	int err;

	spin_lock(&tsmb_svc.lock);
	if (!c->finished) {
		idr_remove(&tsmb_svc.calls, seq);
		c->finished = true;
		c->err = -TSMB_ETIMEDOUT;
	}
	err = c->err;
	spin_unlock(&tsmb_svc.lock);
	return err;
}

static int tsmb_send_err(int err)
{
	/* The service's socket is gone, or its queue is full. */
	if (err == -ECONNREFUSED)
		return -TSMB_ENOTCONN;
	return tsmb_linux_err(err);
}

int tsmb_os_upcall_call(struct tsmb_os_upcall *ch, const uint8_t *req, size_t req_len,
			uint8_t *rsp, size_t rsp_cap, size_t *rsp_len, unsigned int timeout_ms)
{
	struct tsmb_upcall_call *c;
	struct sk_buff *skb;
	int seq, err;

	if (!timeout_ms || !req_len || req_len > TSMB_UPCALL_MSG_MAX)
		return -TSMB_EINVAL;
	/* A hint only; tsmb_call_enter() decides under the lock. */
	if (!READ_ONCE(tsmb_svc.portid))
		return -TSMB_ENOTCONN;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -TSMB_ENOMEM;
	init_completion(&c->done);
	c->cap = rsp_cap;
	seq = tsmb_call_enter(c);
	if (seq < 0) {
		kfree(c);
		return seq;
	}
	skb = tsmb_genl_build(TSMB_GENL_CMD_UPCALL, 0, 0, seq, req, req_len);
	err = skb ? genlmsg_unicast(&init_net, skb, c->portid) : -ENOMEM;
	if (!err)
		wait_for_completion_timeout(&c->done, msecs_to_jiffies(timeout_ms));
	else
		tsmb_deliver(seq, c->portid, tsmb_send_err(err), NULL, 0);
	err = tsmb_call_leave(c, seq);
	if (!err) {
		if (c->rsp_len <= rsp_cap) {
			memcpy(rsp, c->rsp, c->rsp_len);
			*rsp_len = c->rsp_len;
		} else {
			err = -TSMB_EMSGSIZE;	/* checked by the reply path too */
		}
	}
	kvfree(c->rsp);
	kfree(c);
	return err;
}
