// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmbd start-up: choosing the configuration, making the built-in share's
 * directory, and turning a failed start into a message that names the
 * address and the reason.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/server.h"
#include "user/tsmbd.h"

#include <tsmb/os/log.h>

#define TSMBD_ADDR_STR	64

bool tsmbd_conf_is_builtin(const struct tsmbd_conf *conf)
{
	return !strcmp(conf->source, TSMBD_CONF_BUILTIN_NAME);
}

/* A kernel booted with ipv6.disable=1 has no AF_INET6 at all. */
static bool ipv6_available(void)
{
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return errno != EAFNOSUPPORT;
	close(fd);
	return true;
}

/*
 * Only the default addresses give way: an IPv6 address the admin wrote
 * must fail loudly instead.
 */
static void drop_ipv6(struct tsmbd_conf *conf)
{
	unsigned int i, n = 0;

	for (i = 0; i < conf->nr_listen; i++)
		if (conf->listen[i].family != TSMB_AF_INET6)
			conf->listen[n++] = conf->listen[i];
	conf->nr_listen = n;
	tsmb_os_log(TSMB_LOG_INFO, "IPv6 is not available: listening on IPv4 only");
}

struct tsmbd_conf *tsmbd_load_conf(const struct tsmbd_opts *opts, void *mem_ctx,
				   const struct tsmbd_conf_report *rep)
{
	struct tsmbd_conf *conf;
	struct stat st;

	if (opts->config)
		conf = tsmbd_conf_load(mem_ctx, opts->config, rep);
	else if (stat(TSMBD_CONF_PATH, &st) < 0 && errno == ENOENT)
		conf = tsmbd_conf_load_builtin(mem_ctx, rep);
	else
		conf = tsmbd_conf_load(mem_ctx, TSMBD_CONF_PATH, rep);
	if (!conf)
		return NULL;
	if (opts->port)
		tsmbd_conf_override_port(conf, opts->port);
	if (conf->listen_default && !ipv6_available())
		drop_ipv6(conf);
	return conf;
}

/* mkdir -p; the last directory gets mode (despite the umask). 1 if made, 0, -errno. */
static int mkdir_p(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	size_t n = strlen(path), i;

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	for (i = 1; i < n; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		buf[i] = '/';
	}
	if (mkdir(path, mode) < 0)
		return errno == EEXIST ? 0 : -errno;
	if (chmod(path, mode) < 0)
		return -errno;
	return 1;
}

/* Why a share's directory is unusable, or NULL. */
static const char *path_problem(const char *path, char *buf, size_t len)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		snprintf(buf, len, "%s", strerror(errno));
		return buf;
	}
	if (!S_ISDIR(st.st_mode))
		return "not a directory";
	return NULL;
}

/* out NULL: to the log. */
void tsmbd_warn_missing_paths(const struct tsmbd_conf *conf, FILE *out)
{
	const struct tsmbd_share *s;
	const char *why;
	char buf[128];
	unsigned int i;

	for (i = 0; i < conf->nr_shares; i++) {
		s = conf->shares[i];
		why = path_problem(s->path, buf, sizeof(buf));
		if (!why)
			continue;
		if (out)
			fprintf(out, "%s:%u: warning: share [%s]: path %s: %s\n", conf->source,
				s->line, s->name, s->path, why);
		else
			tsmb_os_log(TSMB_LOG_WARNING, "share [%s]: path %s: %s", s->name,
				    s->path, why);
	}
}

/*
 * The built-in configuration promises a working guest share, so its
 * directory is made here, writable by everyone (guests map to "nobody").
 */
void tsmbd_prepare_shares(struct tsmbd *d)
{
	const struct tsmbd_conf *conf = d->conf;
	const struct tsmbd_share *s;
	unsigned int i;
	int rc;

	if (!tsmbd_conf_is_builtin(conf)) {
		tsmbd_warn_missing_paths(conf, NULL);
		return;
	}
	tsmb_os_log(TSMB_LOG_NOTICE, "%s does not exist: using the built-in configuration",
		    TSMBD_CONF_PATH);
	for (i = 0; i < conf->nr_shares; i++) {
		s = conf->shares[i];
		rc = mkdir_p(s->path, 0777);
		if (rc > 0)
			tsmb_os_log(TSMB_LOG_NOTICE, "created %s (mode 0777) for share [%s]",
				    s->path, s->name);
		else if (rc < 0)
			tsmb_os_log(TSMB_LOG_WARNING, "cannot create %s for share [%s]: %s",
				    s->path, s->name, strerror(-rc));
	}
	tsmbd_warn_missing_paths(conf, NULL);
}

/* Binds addr the way the core does; 0 or the errno. */
static int probe_listen(const struct tsmb_sockaddr *a)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd, one = 1, err = 0;
	bool v6 = a->family == TSMB_AF_INET6;

	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (v6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		sin6.sin6_port = htons(a->port);
		sin6.sin6_scope_id = a->scope_id;
		memcpy(&sin6.sin6_addr, a->addr, 16);
		if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) < 0)
			err = errno;
	} else {
		sin.sin_port = htons(a->port);
		memcpy(&sin.sin_addr, a->addr, 4);
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
			err = errno;
	}
	if (!err && listen(fd, 1) < 0)
		err = errno;
	close(fd);
	return err;
}

static const char *start_hint(int err, uint16_t port)
{
	switch (err) {
	case EADDRINUSE:
		return " (another SMB server, such as smbd or ksmbd, may be using it)";
	case EACCES:
		return port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE;"
				     " for a test, try --port 4445)" : "";
	case EADDRNOTAVAIL:
		return " (no network interface has this address)";
	case EAFNOSUPPORT:
		return " (IPv6 is disabled on this host)";
	default:
		return "";
	}
}

/*
 * The core fails as a whole without saying which address it could not
 * bind; trying each one again finds it for the message.
 */
void tsmbd_explain_start_error(struct tsmbd *d, int rc)
{
	const struct tsmbd_conf *conf = d->conf;
	char addr[TSMBD_ADDR_STR], all[TSMB_MAX_LISTEN * TSMBD_ADDR_STR] = "";
	size_t n = 0;
	unsigned int i;
	int err;

	for (i = 0; i < conf->nr_listen; i++) {
		tsmb_addr_format(&conf->listen[i], addr, sizeof(addr));
		err = probe_listen(&conf->listen[i]);
		if (err) {
			tsmbd_err(d, "cannot listen on %s: %s%s", addr, strerror(err),
				  start_hint(err, conf->listen[i].port));
			return;
		}
		n += (size_t)snprintf(all + n, sizeof(all) - n, "%s%s", i ? ", " : "", addr);
	}
	tsmbd_err(d, "cannot start the server on %s: %s%s", all, strerror(-rc),
		  start_hint(-rc, conf->nr_listen ? conf->listen[0].port : 0));
}

/*
 * Each connection is a descriptor. Running out of them makes accept fail,
 * and an edge-triggered listener is not woken again until the next
 * client arrives, so raise the soft limit to what max connections needs
 * (as far as the hard limit allows) and say so when it cannot.
 */
void tsmbd_raise_nofile(unsigned int max_connections)
{
	rlim_t want = (rlim_t)max_connections + 256;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur < want)
		tsmb_os_log(TSMB_LOG_WARNING,
			    "open files limit is %llu: fewer than 'max connections' (%u) may connect",
			    (unsigned long long)rl.rlim_cur, max_connections);
}
