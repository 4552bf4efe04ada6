// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TCP for the kernel format: struct socket driven by its sk_* callbacks.
 *
 * A watched socket's sk_data_ready, sk_state_change and sk_error_report
 * are replaced by ours, which queue the caller's work and then chain to
 * the originals (a sender blocked in sk_stream_wait_memory() is woken by
 * the original state-change and error callbacks, so they must still run).
 * sk_user_data points at our object; the callbacks read it under
 * read_lock_bh(sk_callback_lock) and watch/unwatch change it under the
 * write lock, which is what makes "after unwatch returns, the work is
 * never queued again" true.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/net.h>
#include <tsmb/os/work.h>

#include "compat.h"

static_assert(TSMB_AF_INET == AF_INET);
static_assert(TSMB_AF_INET6 == AF_INET6);

/* How long a send may make no progress before the connection is given up. */
#define TSMB_SEND_TIMEOUT_SECS	30
/* kvecs per kernel_sendmsg(): small, it lives on the stack. */
#define TSMB_SEND_BATCH		8
/* Bytes per kernel_sendmsg(), which returns an int. */
#define TSMB_SEND_MAX		SZ_1G

struct tsmb_os_net {
	struct net *netns;
	atomic_t nr_socks;	/* to catch a destroy with sockets left */
};

typedef void (*tsmb_sk_cb_fn)(struct sock *sk);

enum {
	TSMB_CB_DATA,
	TSMB_CB_STATE,
	TSMB_CB_ERROR,
	TSMB_CB_NR
};

struct tsmb_os_sock {
	struct socket *sock;
	struct tsmb_os_net *net;
	/* The rest is written under the sk_callback_lock. */
	struct tsmb_os_wq *wq;
	struct tsmb_work *work;
	tsmb_sk_cb_fn orig[TSMB_CB_NR];	/* valid once saved */
	bool saved;
	bool watched;
};

static void tsmb_sk_data_ready(struct sock *sk);
static void tsmb_sk_state_change(struct sock *sk);
static void tsmb_sk_error_report(struct sock *sk);

static const tsmb_sk_cb_fn tsmb_sk_cbs[TSMB_CB_NR] = {
	[TSMB_CB_DATA] = tsmb_sk_data_ready,
	[TSMB_CB_STATE] = tsmb_sk_state_change,
	[TSMB_CB_ERROR] = tsmb_sk_error_report,
};

/* Kernel-internal restart codes must not cross the boundary. */
static int tsmb_net_err(int err)
{
	if (err == -ERESTARTSYS || err == -ERESTARTNOINTR ||
	    err == -ERESTARTNOHAND || err == -ERESTART_RESTARTBLOCK)
		return -EINTR;
	if (err == -ENOTSUPP)
		return -EOPNOTSUPP;
	if (err <= -ERESTARTSYS)
		return -EIO;
	return err;
}

int tsmb_os_net_create(struct tsmb_os_net **out)
{
	struct tsmb_os_net *net;

	net = kzalloc(sizeof(*net), GFP_KERNEL);
	if (!net) {
		*out = NULL;
		return -ENOMEM;
	}
	/* The initial namespace for now; a per-server one later. */
	net->netns = get_net(&init_net);
	atomic_set(&net->nr_socks, 0);
	*out = net;
	return 0;
}

void tsmb_os_net_destroy(struct tsmb_os_net *net)
{
	if (!net)
		return;
	WARN_ONCE(atomic_read(&net->nr_socks), "tsmb: %d sockets still open\n",
		  atomic_read(&net->nr_socks));
	/*
	 * A callback that loaded our function pointer just before an unwatch
	 * may still be finishing on another CPU (it only touches its struct
	 * sock, but it runs our code): let it finish before the module can go.
	 */
	synchronize_net();
	put_net(net->netns);
	kfree(net);
}

static int tsmb_to_kaddr(const struct tsmb_sockaddr *a, struct sockaddr_storage *ss,
			 int *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == TSMB_AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(a->port);
		memcpy(&sin->sin_addr, a->addr, sizeof(sin->sin_addr));
		*len = sizeof(*sin);
		return 0;
	}
	if (a->family == TSMB_AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(a->port);
		memcpy(&sin6->sin6_addr, a->addr, sizeof(sin6->sin6_addr));
		sin6->sin6_scope_id = a->scope_id;
		*len = sizeof(*sin6);
		return 0;
	}
	return -EAFNOSUPPORT;
}

static int tsmb_from_kaddr(const struct sockaddr_storage *ss, struct tsmb_sockaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		a->family = TSMB_AF_INET;
		a->port = ntohs(sin->sin_port);
		memcpy(a->addr, &sin->sin_addr, sizeof(sin->sin_addr));
		return 0;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		a->family = TSMB_AF_INET6;
		a->port = ntohs(sin6->sin6_port);
		memcpy(a->addr, &sin6->sin6_addr, sizeof(sin6->sin6_addr));
		a->scope_id = sin6->sin6_scope_id;
		return 0;
	}
	return -EAFNOSUPPORT;
}

static struct tsmb_os_sock *tsmb_sock_new(struct tsmb_os_net *net, struct socket *sock)
{
	struct tsmb_os_sock *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	s->sock = sock;
	s->net = net;
	atomic_inc(&net->nr_socks);
	return s;
}

int tsmb_os_sock_listen(struct tsmb_os_net *net, const struct tsmb_sockaddr *addr,
			int backlog, struct tsmb_os_sock **out)
{
	struct sockaddr_storage ss;
	struct tsmb_os_sock *s;
	struct socket *sock;
	int len, err;

	*out = NULL;
	err = tsmb_to_kaddr(addr, &ss, &len);
	if (err)
		return err;
	err = sock_create_kern(net->netns, ss.ss_family, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (err)
		return tsmb_net_err(err);
	sock_set_reuseaddr(sock->sk);
	if (ss.ss_family == AF_INET6) {
		err = ip6_sock_set_v6only(sock->sk);
		if (err)
			goto fail;
	}
	err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	if (err)
		goto fail;
	err = kernel_listen(sock, backlog);
	if (err)
		goto fail;
	s = tsmb_sock_new(net, sock);
	if (!s) {
		err = -ENOMEM;
		goto fail;
	}
	*out = s;
	return 0;

fail:
	sock_release(sock);
	return tsmb_net_err(err);
}

/*
 * sk_clone_lock() copies the listener's struct sock into each new child,
 * callbacks included. sk_user_data is set with SK_USER_DATA_NOCOPY, so the
 * child starts with NULL there (never the listener's object) and our
 * callbacks treat it as not ours; here the child gets the listener's
 * original callbacks back before anyone can watch it.
 */
static void tsmb_sk_forget_listener(struct tsmb_os_sock *lsock, struct sock *sk)
{
	struct sock *lsk = lsock->sock->sk;
	tsmb_sk_cb_fn orig[TSMB_CB_NR];
	bool saved;

	/* Not nested: both locks are of one lockdep class. */
	read_lock_bh(&lsk->sk_callback_lock);
	saved = lsock->saved;
	memcpy(orig, lsock->orig, sizeof(orig));
	read_unlock_bh(&lsk->sk_callback_lock);
	if (!saved)
		return;	/* never watched: the child has the originals */

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_data_ready == tsmb_sk_cbs[TSMB_CB_DATA])
		sk->sk_data_ready = orig[TSMB_CB_DATA];
	if (sk->sk_state_change == tsmb_sk_cbs[TSMB_CB_STATE])
		sk->sk_state_change = orig[TSMB_CB_STATE];
	if (sk->sk_error_report == tsmb_sk_cbs[TSMB_CB_ERROR])
		sk->sk_error_report = orig[TSMB_CB_ERROR];
	write_unlock_bh(&sk->sk_callback_lock);
}

int tsmb_os_sock_accept(struct tsmb_os_sock *lsock, struct tsmb_os_sock **out)
{
	struct tsmb_os_sock *s;
	struct socket *nsock;
	int err;

	*out = NULL;
	err = kernel_accept(lsock->sock, &nsock, O_NONBLOCK);
	if (err)
		return tsmb_net_err(err);
	tsmb_sk_forget_listener(lsock, nsock->sk);
	tcp_sock_set_nodelay(nsock->sk);
	sock_set_keepalive(nsock->sk);
	sock_set_sndtimeo(nsock->sk, TSMB_SEND_TIMEOUT_SECS);

	s = tsmb_sock_new(lsock->net, nsock);
	if (!s) {
		sock_release(nsock);
		return -ENOMEM;
	}
	*out = s;
	return 0;
}

static tsmb_sk_cb_fn tsmb_sk_cb_get(const struct sock *sk, unsigned int which)
{
	switch (which) {
	case TSMB_CB_DATA:
		return READ_ONCE(sk->sk_data_ready);
	case TSMB_CB_STATE:
		return READ_ONCE(sk->sk_state_change);
	default:
		return READ_ONCE(sk->sk_error_report);
	}
}

/* Softirq or process context (with the socket lock held); never sleeps. */
static void tsmb_sk_event(struct sock *sk, unsigned int which)
{
	struct tsmb_os_sock *s;
	tsmb_sk_cb_fn next;

	read_lock_bh(&sk->sk_callback_lock);
	s = tsmb_sk_user_data(sk);
	if (s && s->sock->sk == sk) {
		tsmb_os_work_queue(s->wq, s->work);
		next = s->orig[which];
	} else {
		/*
		 * Not (or no longer) ours. Either unwatch restored the original
		 * after this call began: run it, so no wake-up is lost. Or sk is
		 * a child of a watched listener, not accepted yet: it has no
		 * waiters for the original to wake, and accept restores it.
		 */
		next = tsmb_sk_cb_get(sk, which);
		if (next == tsmb_sk_cbs[which])
			next = NULL;
	}
	read_unlock_bh(&sk->sk_callback_lock);
	if (next)
		next(sk);
}

static void tsmb_sk_data_ready(struct sock *sk)
{
	tsmb_sk_event(sk, TSMB_CB_DATA);
}

static void tsmb_sk_state_change(struct sock *sk)
{
	tsmb_sk_event(sk, TSMB_CB_STATE);
}

static void tsmb_sk_error_report(struct sock *sk)
{
	tsmb_sk_event(sk, TSMB_CB_ERROR);
}

int tsmb_os_sock_watch(struct tsmb_os_sock *s, struct tsmb_os_wq *wq,
		       struct tsmb_work *work)
{
	struct sock *sk = s->sock->sk;
	int err = 0;

	write_lock_bh(&sk->sk_callback_lock);
	if (s->watched || sk->sk_user_data ||
	    sk->sk_data_ready == tsmb_sk_cbs[TSMB_CB_DATA]) {
		err = -EBUSY;
		goto out;
	}
	s->wq = wq;
	s->work = work;
	s->orig[TSMB_CB_DATA] = sk->sk_data_ready;
	s->orig[TSMB_CB_STATE] = sk->sk_state_change;
	s->orig[TSMB_CB_ERROR] = sk->sk_error_report;
	s->saved = true;
	s->watched = true;
	tsmb_sk_set_user_data(sk, s);
	sk->sk_data_ready = tsmb_sk_cbs[TSMB_CB_DATA];
	sk->sk_state_change = tsmb_sk_cbs[TSMB_CB_STATE];
	sk->sk_error_report = tsmb_sk_cbs[TSMB_CB_ERROR];
	/* Data may have arrived before the watch: look once. */
	tsmb_os_work_queue(wq, work);
out:
	write_unlock_bh(&sk->sk_callback_lock);
	return err;
}

void tsmb_os_sock_unwatch(struct tsmb_os_sock *s)
{
	struct sock *sk = s->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (s->watched) {
		sk->sk_data_ready = s->orig[TSMB_CB_DATA];
		sk->sk_state_change = s->orig[TSMB_CB_STATE];
		sk->sk_error_report = s->orig[TSMB_CB_ERROR];
		tsmb_sk_set_user_data(sk, NULL);
		s->watched = false;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

long tsmb_os_sock_recv(struct tsmb_os_sock *s, void *buf, size_t len)
{
	struct msghdr msg = {};
	struct kvec vec = { .iov_base = buf, .iov_len = min_t(size_t, len, INT_MAX) };
	int ret;

	/* 0 means end of stream here; do not let an empty read look like it. */
	if (!len)
		return -EINVAL;
	ret = kernel_recvmsg(s->sock, &msg, &vec, 1, vec.iov_len, MSG_DONTWAIT);
	return ret < 0 ? tsmb_net_err(ret) : ret;
}

/* Fills vec from iov[*i] + off; returns the number of kvecs, 0 when done. */
static unsigned int tsmb_send_fill(struct kvec *vec, const struct tsmb_iov *iov,
				   unsigned int n, unsigned int i, size_t off,
				   size_t *total, bool *more)
{
	unsigned int nr = 0;

	*total = 0;
	for (; i < n && nr < TSMB_SEND_BATCH && *total < TSMB_SEND_MAX; i++, off = 0) {
		size_t len = min_t(size_t, iov[i].len - off, TSMB_SEND_MAX - *total);

		if (!len)
			continue;
		vec[nr].iov_base = (void *)((const char *)iov[i].base + off);
		vec[nr].iov_len = len;
		nr++;
		*total += len;
		if (off + len < iov[i].len)
			break;	/* this entry continues in the next batch */
	}
	*more = i < n;
	return nr;
}

static void tsmb_iov_advance(const struct tsmb_iov *iov, unsigned int n,
			     unsigned int *i, size_t *off, size_t done)
{
	while (done && *i < n) {
		size_t left = iov[*i].len - *off;

		if (done < left) {
			*off += done;
			return;
		}
		done -= left;
		(*i)++;
		*off = 0;
	}
}

/*
 * Blocking send. Each kernel_sendmsg() waits at most sk_sndtimeo for
 * buffer space; a short return means that wait ran out (or an error came)
 * after some progress, so we go on and let the next call report it. The
 * time-out thus bounds a stall, not a slow but moving transfer.
 */
int tsmb_os_sock_send(struct tsmb_os_sock *s, const struct tsmb_iov *iov, unsigned int n)
{
	struct kvec vec[TSMB_SEND_BATCH];
	unsigned int i = 0, nr;
	size_t off = 0, total;
	bool more;
	int ret;

	for (;;) {
		struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

		nr = tsmb_send_fill(vec, iov, n, i, off, &total, &more);
		if (!nr)
			return 0;
		/* Let TCP coalesce across our batches despite TCP_NODELAY. */
		if (more)
			msg.msg_flags |= MSG_MORE;
		ret = kernel_sendmsg(s->sock, &msg, vec, nr, total);
		if (ret == -EAGAIN)
			return -ETIMEDOUT;	/* sk_sndtimeo ran out with no progress */
		if (ret < 0)
			return tsmb_net_err(ret);
		if (ret == 0)
			return -EIO;	/* cannot happen for TCP; do not spin */
		tsmb_iov_advance(iov, n, &i, &off, ret);
	}
}

void tsmb_os_sock_shutdown(struct tsmb_os_sock *s)
{
	/*
	 * inet_shutdown() calls sk_state_change, which wakes the watcher (it
	 * then reads 0) and, through the original callback, a blocked sender.
	 * A second call, or one after the peer reset, only returns -ENOTCONN.
	 */
	kernel_sock_shutdown(s->sock, SHUT_RDWR);
}

void tsmb_os_sock_close(struct tsmb_os_sock *s)
{
	if (!s)
		return;
	tsmb_os_sock_unwatch(s);
	sock_release(s->sock);
	atomic_dec(&s->net->nr_socks);
	kfree(s);
}

static int tsmb_sock_name(struct tsmb_os_sock *s, bool peer, struct tsmb_sockaddr *out)
{
	struct sockaddr_storage ss;
	int ret;

	memset(&ss, 0, sizeof(ss));
	if (peer)
		ret = kernel_getpeername(s->sock, (struct sockaddr *)&ss);
	else
		ret = kernel_getsockname(s->sock, (struct sockaddr *)&ss);
	if (ret < 0) {
		memset(out, 0, sizeof(*out));
		return tsmb_net_err(ret);
	}
	return tsmb_from_kaddr(&ss, out);
}

int tsmb_os_sock_peer(struct tsmb_os_sock *s, struct tsmb_sockaddr *out)
{
	return tsmb_sock_name(s, true, out);
}

int tsmb_os_sock_local(struct tsmb_os_sock *s, struct tsmb_sockaddr *out)
{
	return tsmb_sock_name(s, false, out);
}
