// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel format: tsmbd as the service host of tsmb.ko. The module serves
 * SMB itself and asks tsmbd, over the generic netlink family of
 * core/upcall/genl.h, for what stays in userspace: log-on (authd, with the
 * user database), the tree-connect access check and RPC. tsmbd registers,
 * pushes tsmb.conf (conf_push.c) and then answers UPCALL messages with the
 * same tsmbd_service_handle() that serves the user format in-process.
 *
 * Threads: the receiver reads the socket and queues each up-call; a few
 * workers answer them, so that a slow log-on does not hold up the others.
 * Sends share the socket under a lock (libnl's sequence counter is not
 * atomic). A second socket listens to nlctrl's notifications so that the
 * module being unloaded ends tsmbd (non-zero) instead of leaving it
 * waiting for up-calls that will never come.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>

#include "core/lib/status.h"
#include "core/upcall/genl.h"
#include "core/upcall/msg.h"
#include "user/conf_push.h"
#include "user/service.h"
#include "user/tsmbd.h"

#define KMOD_WORKERS		4u
/* Up-calls waiting for a worker; beyond this the module is told EBUSY at once. */
#define KMOD_QUEUE_MAX		256u
/* The largest reply: a LOGIN's token or an RPC read's data, and the rest. */
#define KMOD_RSP_CAP		(TSMB_UPCALL_BLOB_MAX + TSMB_UPCALL_DATA_MAX + 4096u)
/* libnl's receive buffer (it grows it for a larger message, peeking first). */
#define KMOD_MSG_BUF		(256u << 10)
/* The socket's: a burst of ~70 KiB log-on requests must not overflow it. */
#define KMOD_SOCK_BUF		(4 << 20)
/* How long REGISTER and CONFIG may take; CONFIG's own time-out, and slack. */
#define KMOD_REQUEST_MS		15000
/* How often the receiver checks that the family is still there. */
#define KMOD_CHECK_MS		5000
#define KMOD_CONFIG_REQ_ID	1u

struct tsmbd_kmod_job {
	struct tsmbd_kmod_job *next;
	uint32_t seq;
	size_t len;
	uint8_t msg[];
};

struct tsmbd_kmod {
	struct tsmbd *d;
	struct nl_sock *sk;		/* REGISTER, CONFIG, UPCALL, REPLY */
	struct nl_sock *ctrl;		/* nlctrl notifications */
	int family;
	pthread_mutex_t send_lock;

	/* The request the main thread waits for (start-up only). */
	bool waiting;
	uint8_t wait_cmd;
	bool wait_done;
	uint32_t wait_seq;
	int wait_err;			/* -errno from the module's ack */
	uint8_t *config_rsp;		/* the CONFIG reply's up-call message */
	size_t config_rsp_len;

	pthread_mutex_t lock;		/* the queue */
	pthread_cond_t work;
	struct tsmbd_kmod_job *head, *tail;
	unsigned int queued;
	bool stopping;
	pthread_t workers[KMOD_WORKERS];
	unsigned int nr_workers;

	pthread_t rx;
	bool rx_started;
	int stop_pipe[2];
	pthread_t main_tid;
	atomic_bool failed;		/* the module went away: exit non-zero */
	atomic_bool gone;
};

static int nl_resolve(const char *name)
{
	struct nl_sock *sk = nl_socket_alloc();
	int id;

	if (!sk)
		return -NLE_NOMEM;
	id = genl_connect(sk);
	if (!id)
		id = genl_ctrl_resolve(sk, name);
	nl_socket_free(sk);
	return id;
}

bool tsmbd_kmod_loaded(void)
{
	return access("/sys/module/tsmb", F_OK) == 0 || nl_resolve(TSMB_GENL_NAME) >= 0;
}

bool tsmbd_kmod_failed(const struct tsmbd *d)
{
	return d->kmod && atomic_load(&d->kmod->failed);
}

/* ---- messages to the module ---- */

static int put_chunks(struct nl_msg *m, const uint8_t *p, size_t len)
{
	size_t n;

	while (len) {
		n = len < TSMB_GENL_CHUNK ? len : TSMB_GENL_CHUNK;
		if (nla_put(m, TSMB_GENL_A_MSG, (int)n, p) < 0)
			return -NLE_NOMEM;
		p += n;
		len -= n;
	}
	return 0;
}

static struct nl_msg *kmod_msg(const struct tsmbd_kmod *k, uint8_t cmd, int flags,
			       size_t payload)
{
	size_t chunks = payload / TSMB_GENL_CHUNK + 1;
	struct nl_msg *m;

	m = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + payload + chunks * NLA_HDRLEN + 256);
	if (!m)
		return NULL;
	if (!genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, k->family, 0, flags, cmd,
			 TSMB_GENL_VERSION)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* Sends and frees m; its sequence number in *seq. 0 or -NLE_*. */
static int kmod_send(struct tsmbd_kmod *k, struct nl_msg *m, uint32_t *seq)
{
	int rc;

	pthread_mutex_lock(&k->send_lock);
	rc = nl_send_auto(k->sk, m);
	if (seq)
		*seq = nlmsg_hdr(m)->nlmsg_seq;
	pthread_mutex_unlock(&k->send_lock);
	nlmsg_free(m);
	return rc < 0 ? rc : 0;
}

/* REPLY: the service's message, or (err < 0) the errno it failed with. */
static void kmod_reply(struct tsmbd_kmod *k, uint32_t seq, int err, const uint8_t *rsp,
		       size_t len)
{
	struct nl_msg *m = kmod_msg(k, TSMB_GENL_CMD_REPLY, 0, err ? 0 : len);
	int rc = -NLE_NOMEM;

	if (m && !nla_put_u32(m, TSMB_GENL_A_SEQ, seq)) {
		if (err)
			rc = nla_put_u32(m, TSMB_GENL_A_ERROR, (uint32_t)-err);
		else
			rc = put_chunks(m, rsp, len);
		if (!rc) {
			rc = kmod_send(k, m, NULL);
			m = NULL;
		}
	}
	if (m)
		nlmsg_free(m);
	if (rc)
		tsmb_os_log(TSMB_LOG_WARNING, "tsmb.ko: cannot send the reply to up-call %u: %s",
			    seq, nl_geterror(rc));
}

/* ---- messages from the module ---- */

/*
 * The SEQ and the MSG chunks of a message from the module, the chunks
 * concatenated into a buffer of mem_ctx (NULL: a top-level allocation the
 * worker frees). -1 if malformed.
 */
static int gather(struct nlmsghdr *nlh, void *mem_ctx, size_t prefix, uint32_t *seq,
		  uint8_t **out, size_t *len)
{
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *a;
	size_t total = 0, off = prefix;
	uint8_t *buf;
	int rem;

	*seq = 0;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		if (nla_type(a) == TSMB_GENL_A_SEQ && nla_len(a) == 4)
			*seq = nla_get_u32(a);
		else if (nla_type(a) == TSMB_GENL_A_MSG)
			total += (size_t)nla_len(a);
		if (total > TSMB_UPCALL_MSG_MAX)
			return -1;
	}
	if (rem || !total)
		return -1;
	buf = talloc_size(mem_ctx, prefix + total);
	if (!buf)
		return -1;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		if (nla_type(a) != TSMB_GENL_A_MSG)
			continue;
		memcpy(buf + off, nla_data(a), (size_t)nla_len(a));
		off += (size_t)nla_len(a);
	}
	*out = buf;
	*len = total;
	return 0;
}

static void queue_upcall(struct tsmbd_kmod *k, struct nlmsghdr *nlh)
{
	struct tsmbd_kmod_job *job;
	uint8_t *buf;
	uint32_t seq;
	size_t len;

	/* The job and its message are one allocation, with no parent: workers free it. */
	if (gather(nlh, NULL, sizeof(*job), &seq, &buf, &len) < 0) {
		tsmb_os_log(TSMB_LOG_ERR, "tsmb.ko: malformed or unallocatable up-call "
			    "(seq %u)", seq);
		if (seq)
			kmod_reply(k, seq, -TSMB_EBADMSG, NULL, 0);
		return;
	}
	job = (struct tsmbd_kmod_job *)buf;
	job->next = NULL;
	job->seq = seq;
	job->len = len;
	pthread_mutex_lock(&k->lock);
	if (k->queued >= KMOD_QUEUE_MAX) {
		pthread_mutex_unlock(&k->lock);
		tsmb_os_log(TSMB_LOG_WARNING, "tsmb.ko: %u up-calls are waiting; refusing "
			    "up-call %u", KMOD_QUEUE_MAX, seq);
		talloc_free(buf);
		kmod_reply(k, seq, -TSMB_EBUSY, NULL, 0);
		return;
	}
	if (k->tail)
		k->tail->next = job;
	else
		k->head = job;
	k->tail = job;
	k->queued++;
	pthread_cond_signal(&k->work);
	pthread_mutex_unlock(&k->lock);
}

static void take_config_reply(struct tsmbd_kmod *k, struct nlmsghdr *nlh)
{
	uint32_t seq;

	/* Not by sequence number: the module may answer with a message of its own. */
	if (!k->waiting || k->wait_cmd != TSMB_GENL_CMD_CONFIG || k->config_rsp)
		return;
	if (gather(nlh, k, 0, &seq, &k->config_rsp, &k->config_rsp_len) < 0)
		tsmb_os_log(TSMB_LOG_ERR, "tsmb.ko: malformed reply to the configuration");
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct tsmbd_kmod *k = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;

	if (nlh->nlmsg_type != k->family || !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gh = nlmsg_data(nlh);
	if (gh->cmd == TSMB_GENL_CMD_UPCALL)
		queue_upcall(k, nlh);
	else if (gh->cmd == TSMB_GENL_CMD_CONFIG)
		take_config_reply(k, nlh);
	return NL_SKIP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct tsmbd_kmod *k = arg;

	if (k->waiting && nlmsg_hdr(msg)->nlmsg_seq == k->wait_seq) {
		k->wait_err = 0;
		k->wait_done = true;
	}
	return NL_SKIP;
}

static int on_err(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct tsmbd_kmod *k = arg;

	if (k->waiting && e->msg.nlmsg_seq == k->wait_seq) {
		k->wait_err = e->error;
		k->wait_done = true;
		return NL_SKIP;
	}
	/* A reply the module could not take (it is going away, or a bug of ours). */
	tsmb_os_log(TSMB_LOG_WARNING, "tsmb.ko refused a message: %s", strerror(-e->error));
	return NL_SKIP;
}

/* Everything queued on the socket; 0, or -NLE_* for a socket that is broken. */
static int drain(struct tsmbd_kmod *k)
{
	int rc;

	for (;;) {
		rc = nl_recvmsgs_default(k->sk);
		if (rc == -NLE_AGAIN)
			return 0;
		if (rc == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped messages; their callers time out. */
			tsmb_os_log(TSMB_LOG_WARNING, "tsmb.ko: the receive buffer overflowed; "
				    "some up-calls were lost");
			continue;
		}
		if (rc < 0)
			return rc;
	}
}

/* ---- workers ---- */

static void *worker(void *arg)
{
	struct tsmbd_kmod *k = arg;
	struct tsmbd_kmod_job *job;
	uint8_t *rsp = talloc_size(NULL, KMOD_RSP_CAP);
	size_t len;
	int rc;

	for (;;) {
		pthread_mutex_lock(&k->lock);
		while (!k->head && !k->stopping)
			pthread_cond_wait(&k->work, &k->lock);
		if (k->stopping) {
			pthread_mutex_unlock(&k->lock);
			break;
		}
		job = k->head;
		k->head = job->next;
		if (!k->head)
			k->tail = NULL;
		k->queued--;
		pthread_mutex_unlock(&k->lock);

		len = 0;
		rc = rsp ? tsmbd_service_handle(k->d->svc, job->msg, job->len, rsp, KMOD_RSP_CAP,
						&len) : -TSMB_ENOMEM;
		kmod_reply(k, job->seq, rc, rsp, len);
		talloc_free(job);
	}
	talloc_free(rsp);
	return NULL;
}

static int start_workers(struct tsmbd_kmod *k)
{
	int err;

	while (k->nr_workers < KMOD_WORKERS) {
		err = pthread_create(&k->workers[k->nr_workers], NULL, worker, k);
		if (err) {
			tsmbd_err(k->d, "cannot start the up-call workers: %s", strerror(err));
			return -1;
		}
		k->nr_workers++;
	}
	return 0;
}

static void stop_workers(struct tsmbd_kmod *k)
{
	struct tsmbd_kmod_job *job;
	unsigned int i;

	pthread_mutex_lock(&k->lock);
	k->stopping = true;
	pthread_cond_broadcast(&k->work);
	pthread_mutex_unlock(&k->lock);
	for (i = 0; i < k->nr_workers; i++)
		pthread_join(k->workers[i], NULL);
	k->nr_workers = 0;
	/* Their callers get -ENOTCONN when the socket closes. */
	while ((job = k->head)) {
		k->head = job->next;
		talloc_free(job);
	}
	k->tail = NULL;
	k->queued = 0;
}

/* ---- the module going away ---- */

static int on_ctrl(struct nl_msg *msg, void *arg)
{
	struct tsmbd_kmod *k = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gh = nlmsg_data(nlh);
	if (gh->cmd != CTRL_CMD_DELFAMILY || genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0)
		return NL_SKIP;
	if (tb[CTRL_ATTR_FAMILY_ID] && nla_len(tb[CTRL_ATTR_FAMILY_ID]) >= 2 &&
	    nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]) == k->family)
		atomic_store(&k->gone, true);
	return NL_SKIP;
}

/* A socket of its own: resolving on k->sk would swallow up-calls. */
static bool family_gone(const struct tsmbd_kmod *k)
{
	int id = nl_resolve(TSMB_GENL_NAME);

	/* Another failure (out of memory, ...) proves nothing either way. */
	return id == -NLE_OBJ_NOTFOUND || (id >= 0 && id != k->family);
}

static void drain_ctrl(struct tsmbd_kmod *k)
{
	int rc;

	do {
		rc = nl_recvmsgs_default(k->ctrl);
	} while (rc >= 0);
	/* Notifications were lost: ask instead. */
	if (rc == -NLE_NOMEM && family_gone(k))
		atomic_store(&k->gone, true);
}

static int open_ctrl(struct tsmbd_kmod *k)
{
	int grp, rc;

	k->ctrl = nl_socket_alloc();
	if (!k->ctrl)
		return -NLE_NOMEM;
	rc = genl_connect(k->ctrl);
	if (rc)
		return rc;
	grp = genl_ctrl_resolve_grp(k->ctrl, "nlctrl", "notify");
	if (grp < 0)
		return grp;
	nl_socket_disable_seq_check(k->ctrl);
	rc = nl_socket_modify_cb(k->ctrl, NL_CB_VALID, NL_CB_CUSTOM, on_ctrl, k);
	if (!rc)
		rc = nl_socket_add_membership(k->ctrl, grp);
	if (!rc)
		rc = nl_socket_set_nonblocking(k->ctrl);
	return rc;
}

static void fail_and_stop(struct tsmbd_kmod *k, const char *fmt, const char *detail)
{
	tsmb_os_log(TSMB_LOG_ERR, fmt, detail);
	atomic_store(&k->failed, true);
	/* The main thread waits in sigwaitinfo(): stop as SIGTERM would. */
	pthread_kill(k->main_tid, SIGTERM);
}

static void *receiver(void *arg)
{
	struct tsmbd_kmod *k = arg;
	struct pollfd p[3] = {
		{ .fd = nl_socket_get_fd(k->sk), .events = POLLIN },
		{ .fd = nl_socket_get_fd(k->ctrl), .events = POLLIN },
		{ .fd = k->stop_pipe[0], .events = POLLIN },
	};
	int n, rc;

	for (;;) {
		n = poll(p, 3, KMOD_CHECK_MS);
		if (n < 0 && errno != EINTR) {
			fail_and_stop(k, "tsmb.ko: poll: %s; stopping", strerror(errno));
			break;
		}
		if (p[2].revents)
			break;
		if (n == 0 && family_gone(k))
			atomic_store(&k->gone, true);
		if (n > 0 && p[1].revents)
			drain_ctrl(k);
		if (atomic_load(&k->gone)) {
			fail_and_stop(k, "%s was unloaded (its generic netlink family is gone); "
				      "stopping", "tsmb.ko");
			break;
		}
		if (n > 0 && p[0].revents) {
			rc = drain(k);
			if (rc < 0) {
				fail_and_stop(k, "tsmb.ko: cannot read its socket: %s; stopping",
					      nl_geterror(rc));
				break;
			}
		}
	}
	return NULL;
}

/* ---- start-up ---- */

static int open_sock(struct tsmbd_kmod *k)
{
	int rc, sz = KMOD_SOCK_BUF, fd;

	k->sk = nl_socket_alloc();
	if (!k->sk)
		return -NLE_NOMEM;
	rc = genl_connect(k->sk);
	if (rc)
		return rc;
	k->family = genl_ctrl_resolve(k->sk, TSMB_GENL_NAME);
	if (k->family < 0)
		return k->family;
	/* UPCALLs are the module's, not answers to our requests. */
	nl_socket_disable_seq_check(k->sk);
	/* Only REGISTER and CONFIG ask for an ack; a REPLY needs none. */
	nl_socket_disable_auto_ack(k->sk);
	nl_socket_enable_msg_peek(k->sk);
	rc = nl_socket_set_msg_buf_size(k->sk, KMOD_MSG_BUF);
	if (!rc)
		rc = nl_socket_set_buffer_size(k->sk, KMOD_SOCK_BUF, KMOD_SOCK_BUF);
	if (rc)
		return rc;
	/* Beyond net.core.rmem_max: tsmbd has CAP_NET_ADMIN or cannot register anyway. */
	fd = nl_socket_get_fd(k->sk);
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	rc = nl_socket_modify_cb(k->sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, k);
	if (!rc)
		rc = nl_socket_modify_cb(k->sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, k);
	if (!rc)
		rc = nl_socket_modify_err_cb(k->sk, NL_CB_CUSTOM, on_err, k);
	if (!rc)
		rc = nl_socket_set_nonblocking(k->sk);
	return rc;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000L + (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

/*
 * Sends REGISTER or CONFIG and waits for the module's ack, reading (and
 * queueing) up-calls meanwhile. 0, -errno from the module, -ETIMEDOUT,
 * or -EIO with the reason logged.
 */
static int request(struct tsmbd_kmod *k, uint8_t cmd, const uint8_t *msg, size_t len)
{
	struct pollfd p = { .fd = nl_socket_get_fd(k->sk), .events = POLLIN };
	struct timespec t0;
	struct nl_msg *m;
	long left;
	int rc;

	m = kmod_msg(k, cmd, NLM_F_ACK, len);
	if (!m)
		return -ENOMEM;
	rc = msg ? put_chunks(m, msg, len) :
	     nla_put_u32(m, TSMB_GENL_A_VERSION, TSMB_UPCALL_VERSION);
	if (rc) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	k->wait_done = false;
	k->wait_cmd = cmd;
	k->waiting = true;
	rc = kmod_send(k, m, &k->wait_seq);
	if (rc) {
		k->waiting = false;
		tsmbd_err(k->d, "cannot send to tsmb.ko: %s", nl_geterror(rc));
		return -EIO;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!k->wait_done || (cmd == TSMB_GENL_CMD_CONFIG && !k->wait_err && !k->config_rsp)) {
		left = KMOD_REQUEST_MS - elapsed_ms(&t0);
		if (left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
		rc = drain(k);
		if (rc < 0) {
			tsmbd_err(k->d, "cannot read from tsmb.ko: %s", nl_geterror(rc));
			rc = -EIO;
			break;
		}
	}
	k->waiting = false;
	return k->wait_done && rc != -ETIMEDOUT ? k->wait_err : rc;
}

static int do_register(struct tsmbd_kmod *k)
{
	int rc = request(k, TSMB_GENL_CMD_REGISTER, NULL, 0);

	switch (rc) {
	case 0:
		return 0;
	case -EIO:
		return -1;
	case -EPERM:
	case -EACCES:
		tsmbd_err(k->d, "registering with tsmb.ko needs CAP_NET_ADMIN (run as root)");
		return -1;
	case -EBUSY:
		tsmbd_err(k->d, "another tsmbd is already serving tsmb.ko");
		return -1;
	case -ETIMEDOUT:
		tsmbd_err(k->d, "tsmb.ko did not answer the registration");
		return -1;
	default:
		tsmbd_err(k->d, "tsmb.ko refused the registration: %s (are tsmbd and tsmb.ko "
			  "the same version?)", strerror(-rc));
		return -1;
	}
}

static int push_config(struct tsmbd_kmod *k)
{
	const struct tsmbd_conf_push_opts o = { .req_id = KMOD_CONFIG_REQ_ID };
	struct tsmb_upcall_msg m;
	uint8_t *buf;
	size_t len;
	uint32_t st;
	int rc;

	rc = tsmbd_conf_push_encode(k->d->conf, &o, k, &buf, &len);
	if (rc) {
		tsmbd_err(k->d, "cannot encode the configuration for tsmb.ko: %s%s",
			  strerror(-rc), rc == -TSMB_E2BIG ? " (too many shares)" : "");
		return -1;
	}
	rc = request(k, TSMB_GENL_CMD_CONFIG, buf, len);
	talloc_free(buf);
	if (rc == -EIO)
		return -1;
	if (rc == -ETIMEDOUT) {
		tsmbd_err(k->d, "tsmb.ko did not answer the configuration");
		return -1;
	}
	if (rc) {
		tsmbd_err(k->d, "tsmb.ko refused the configuration: %s", strerror(-rc));
		return -1;
	}
	if (!k->config_rsp ||
	    tsmb_upcall_decode_reply(k->config_rsp, k->config_rsp_len, TSMB_UPCALL_CONFIG,
				     KMOD_CONFIG_REQ_ID, 0, &m)) {
		tsmbd_err(k->d, "tsmb.ko gave no valid answer to the configuration");
		return -1;
	}
	st = tsmb_upcall_status(&m);
	if (st) {
		tsmbd_err(k->d, "tsmb.ko refused the configuration: %s",
			  tsmb_status_name(TSMB_ST(st)));
		return -1;
	}
	TALLOC_FREE(k->config_rsp);
	return 0;
}

static void explain_open_error(struct tsmbd_kmod *k, int rc)
{
	if (rc == -NLE_OBJ_NOTFOUND && access("/sys/module/tsmb", F_OK) == 0)
		tsmbd_err(k->d, "tsmb.ko is loaded but its generic netlink family '%s' is not "
			  "registered (an older build of the module?)", TSMB_GENL_NAME);
	else if (rc == -NLE_OBJ_NOTFOUND)
		tsmbd_err(k->d, "tsmb.ko is not loaded (load it with 'modprobe tsmb' or "
			  "'insmod tsmb.ko', or run with --mode=user)");
	else
		tsmbd_err(k->d, "cannot open a generic netlink socket: %s", nl_geterror(rc));
}

int tsmbd_kmod_start(struct tsmbd *d)
{
	struct tsmbd_kmod *k;
	int rc;

	k = talloc_zero(d->mem, struct tsmbd_kmod);
	if (!k) {
		tsmbd_err(d, "out of memory");
		return -1;
	}
	k->d = d;
	k->stop_pipe[0] = k->stop_pipe[1] = -1;
	k->main_tid = pthread_self();
	pthread_mutex_init(&k->send_lock, NULL);
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->work, NULL);
	d->kmod = k;

	rc = open_sock(k);
	if (rc) {
		explain_open_error(k, rc);
		goto fail;
	}
	rc = open_ctrl(k);
	if (rc) {
		tsmbd_err(d, "cannot watch for tsmb.ko going away: %s", nl_geterror(rc));
		goto fail;
	}
	if (pipe2(k->stop_pipe, O_CLOEXEC) < 0) {
		tsmbd_err(d, "cannot create a pipe: %s", strerror(errno));
		goto fail;
	}
	d->svc = tsmbd_service_new(d->mem, d->conf);
	if (!d->svc) {
		tsmbd_err(d, "cannot start the login service");
		goto fail;
	}
	/* Before REGISTER: up-calls may come as soon as the module knows us. */
	if (start_workers(k) < 0 || do_register(k) < 0 || push_config(k) < 0)
		goto fail;
	rc = pthread_create(&k->rx, NULL, receiver, k);
	if (rc) {
		tsmbd_err(d, "cannot start the receiver: %s", strerror(rc));
		goto fail;
	}
	k->rx_started = true;
	tsmb_os_log(TSMB_LOG_NOTICE, "serving tsmb.ko (generic netlink family %d) with %u "
		    "share%s", k->family, d->conf->nr_shares, d->conf->nr_shares == 1 ? "" : "s");
	return 0;
fail:
	tsmbd_kmod_stop(d);
	return -1;
}

/* Closing the socket is what tells the module: it fails waiting calls with -ENOTCONN. */
void tsmbd_kmod_stop(struct tsmbd *d)
{
	struct tsmbd_kmod *k = d->kmod;
	char c = 0;

	if (!k)
		return;
	if (k->rx_started) {
		while (write(k->stop_pipe[1], &c, 1) < 0 && errno == EINTR)
			;
		pthread_join(k->rx, NULL);
		k->rx_started = false;
	}
	stop_workers(k);
	if (k->ctrl)
		nl_socket_free(k->ctrl);
	if (k->sk)
		nl_socket_free(k->sk);
	k->ctrl = k->sk = NULL;
	if (k->stop_pipe[0] >= 0) {
		close(k->stop_pipe[0]);
		close(k->stop_pipe[1]);
		k->stop_pipe[0] = k->stop_pipe[1] = -1;
	}
	TALLOC_FREE(d->svc);
	/* k stays (until d->mem goes) so that tsmbd_kmod_failed() can still answer. */
}
