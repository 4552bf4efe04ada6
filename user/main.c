// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmbd: the userspace SMB server. Reads tsmb.conf, starts the core on the
 * configured addresses and serves until SIGTERM. When tsmb.ko is loaded
 * (kernel format) the module serves SMB and tsmbd is its service host:
 * it pushes tsmb.conf into the module and answers its up-calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "abstraction/posix/host.h"
#include "core/server.h"
#include "user/tsmbd.h"

#include <tsmb/os/log.h>

#ifndef TSMBD_VERSION
#define TSMBD_VERSION "unknown"
#endif

static const struct option tsmbd_long_opts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "foreground", no_argument, NULL, 'F' },
	{ "port", required_argument, NULL, 'p' },
	{ "check", no_argument, NULL, 't' },
	{ "mode", required_argument, NULL, 'm' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: tsmbd [OPTION]...\n"
		"The tsmb SMB2/3 file server.\n"
		"\n"
		"  -c, --config FILE   read FILE instead of " TSMBD_CONF_PATH "\n"
		"                      (if that does not exist: a built-in configuration\n"
		"                      with one guest share, [public] at /srv/tsmb/public)\n"
		"  -F, --foreground    do not detach; log to stderr\n"
		"  -p, --port N        listen on port N instead of the configured ports\n"
		"  -t, --check         check the configuration and exit\n"
		"  -m, --mode MODE     who serves SMB: 'kernel' (the tsmb.ko module; tsmbd\n"
		"                      answers its log-on and access checks), 'user' (tsmbd\n"
		"                      itself), or 'auto' (the default: kernel if tsmb.ko\n"
		"                      is loaded, else user)\n"
		"  -V, --version       print the version and exit\n"
		"  -h, --help          print this help and exit\n"
		"\n"
		"SIGTERM or SIGINT stops the server, SIGHUP re-reads the configuration.\n"
		"Exit status: 0 success, 1 the server could not start,\n"
		"2 error in the configuration or the command line.\n");
}

static int parse_mode(const char *s, enum tsmbd_mode *out)
{
	if (!strcmp(s, "auto"))
		*out = TSMBD_MODE_AUTO;
	else if (!strcmp(s, "user"))
		*out = TSMBD_MODE_USER;
	else if (!strcmp(s, "kernel"))
		*out = TSMBD_MODE_KERNEL;
	else
		return -1;
	return 0;
}

static int parse_port(const char *s, uint16_t *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

/* -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct tsmbd_opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:Fp:tm:Vh", tsmbd_long_opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'F':
			o->foreground = true;
			break;
		case 'p':
			if (parse_port(optarg, &o->port) < 0) {
				fprintf(stderr, "tsmbd: bad port '%s' (expected 1 to 65535)\n",
					optarg);
				return TSMBD_EXIT_CONFIG;
			}
			break;
		case 't':
			o->check = true;
			break;
		case 'm':
			if (parse_mode(optarg, &o->mode) < 0) {
				fprintf(stderr, "tsmbd: bad mode '%s' (expected auto, user or "
					"kernel)\n", optarg);
				return TSMBD_EXIT_CONFIG;
			}
			break;
		case 'V':
			printf("tsmbd %s\n", TSMBD_VERSION);
			return TSMBD_EXIT_OK;
		case 'h':
			usage(stdout);
			return TSMBD_EXIT_OK;
		default:
			usage(stderr);
			return TSMBD_EXIT_CONFIG;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tsmbd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return TSMBD_EXIT_CONFIG;
	}
	return -1;
}

void tsmbd_err(struct tsmbd *d, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tsmb_os_log(TSMB_LOG_ERR, "%s", msg);
	/* In the foreground the log already is stderr. */
	if (d->to_syslog && d->stderr_open)
		fprintf(stderr, "tsmbd: %s\n", msg);
}

static int check(struct tsmbd *d)
{
	struct tsmbd_conf *conf;

	conf = tsmbd_load_conf(&d->opts, d->mem, &tsmbd_conf_report_stderr);
	if (!conf)
		return TSMBD_EXIT_CONFIG;
	if (!tsmbd_conf_is_builtin(conf))
		tsmbd_warn_missing_paths(conf, stderr);
	printf("%s: OK\n", conf->source);
	return TSMBD_EXIT_OK;
}

/* Pid file, detaching and the log: everything before the server exists. */
static int setup_process(struct tsmbd *d)
{
	const struct tsmbd_conf *conf = d->conf;

	/* Locked before detaching, so that a second instance fails on the terminal. */
	if ((!d->opts.foreground || conf->pid_file_set) &&
	    tsmbd_pidfile_lock(d, conf->pid_file) < 0)
		return -1;
	if (!d->opts.foreground) {
		if (tsmbd_daemonize(d) < 0)
			return -1;
		d->to_syslog = true;
	}
	tsmb_posix_log_open(d->to_syslog, "tsmbd");
	if (d->pid_fd >= 0 && tsmbd_pidfile_write(d) < 0)
		return -1;
	return 0;
}

/* Before detaching, so that "not loaded" reaches the terminal. */
static int choose_mode(struct tsmbd *d)
{
	switch (d->opts.mode) {
	case TSMBD_MODE_USER:
		d->kernel = false;
		return 0;
	case TSMBD_MODE_KERNEL:
		if (!tsmbd_kmod_loaded()) {
			tsmbd_err(d, "--mode=kernel: tsmb.ko is not loaded (load it with "
				  "'modprobe tsmb' or 'insmod tsmb.ko' first)");
			return -1;
		}
		d->kernel = true;
		return 0;
	default:
		d->kernel = tsmbd_kmod_loaded();
		return 0;
	}
}

/* Kernel format: the module serves SMB; tsmbd answers its up-calls. */
static int start_kmod_host(struct tsmbd *d)
{
	tsmb_os_log(TSMB_LOG_NOTICE, "tsmb.ko is loaded: it serves SMB and tsmbd answers its "
		    "up-calls%s", d->opts.mode == TSMBD_MODE_AUTO ?
		    " (--mode=user serves SMB from tsmbd instead)" : "");
	if (tsmbd_kmod_start(d) < 0)
		return -1;
	tsmb_os_log(TSMB_LOG_NOTICE, "tsmbd %s started as the service host of tsmb.ko (pid %ld, "
		    "configuration %s)", TSMBD_VERSION, (long)getpid(), d->conf->source);
	return 0;
}

static int start_server(struct tsmbd *d)
{
	struct tsmb_server_config cfg;
	int rc;

	if (d->kernel)
		return start_kmod_host(d);

	tsmbd_conf_to_server(d->conf, &cfg);
	tsmbd_raise_nofile(cfg.max_connections ? cfg.max_connections : TSMB_DEFAULT_MAX_CONN);
	if (tsmbd_start_services(d))
		return -1;
	cfg.upcall = d->upcall;
	rc = tsmb_server_create(&cfg, &d->srv);
	if (rc < 0) {
		tsmbd_err(d, "cannot create the server: %s", strerror(-rc));
		tsmbd_stop_services(d);
		return -1;
	}
	tsmbd_add_shares(d);
	rc = tsmb_server_start(d->srv);
	if (rc < 0) {
		tsmbd_explain_start_error(d, rc);
		tsmb_server_destroy(d->srv);
		d->srv = NULL;
		tsmbd_stop_services(d);
		return -1;
	}
	tsmb_os_log(TSMB_LOG_NOTICE, "tsmbd %s started (pid %ld, configuration %s)",
		    TSMBD_VERSION, (long)getpid(), d->conf->source);
	return 0;
}

/*
 * SIGHUP re-reads the file after the daemon's chdir("/"): make the name
 * absolute. If that fails the name stays, and loading it says why.
 */
static int absolute_config(struct tsmbd *d)
{
	char *abs;

	if (!d->opts.config || d->opts.config[0] == '/')
		return 0;
	abs = realpath(d->opts.config, NULL);
	if (!abs)
		return 0;
	d->opts.config = talloc_strdup(d->mem, abs);
	free(abs);
	if (!d->opts.config) {
		fprintf(stderr, "tsmbd: out of memory\n");
		return -1;
	}
	return 0;
}

static int serve(struct tsmbd *d)
{
	int rc = TSMBD_EXIT_FAIL;

	if (absolute_config(d) < 0)
		return TSMBD_EXIT_FAIL;
	d->conf = tsmbd_load_conf(&d->opts, d->mem, &tsmbd_conf_report_stderr);
	if (!d->conf) {
		fprintf(stderr, "tsmbd: not starting: the configuration has errors\n");
		return TSMBD_EXIT_CONFIG;
	}
	tsmb_posix_log_set_level(tsmbd_conf_log_level(d->conf->log_level));
	/* Before any thread exists, so that every thread inherits the mask. */
	if (tsmbd_block_signals() < 0) {
		tsmbd_err(d, "cannot set up signals: %s", strerror(errno));
		return TSMBD_EXIT_FAIL;
	}
	signal(SIGPIPE, SIG_IGN);
	if (choose_mode(d) < 0 || setup_process(d) < 0)
		goto out;
	tsmbd_prepare_shares(d);
	if (start_server(d) < 0)
		goto out;
	if (d->opts.foreground) {
		tsmbd_print_instructions(stdout, d->conf, d->kernel);
		fflush(stdout);
	}
	tsmbd_ready(d, TSMBD_EXIT_OK);
	rc = tsmbd_run(d);
out:
	tsmbd_ready(d, rc);
	tsmbd_pidfile_remove(d);
	return rc;
}

/*
 * Started with stdin, stdout or stderr closed, the next file opened would
 * take its number, and messages meant for stderr would land in it.
 */
static void open_stdio(void)
{
	int fd;

	do {
		fd = open("/dev/null", O_RDWR | O_NOCTTY);
	} while (fd >= 0 && fd <= STDERR_FILENO);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	struct tsmbd d = { .pid_fd = -1, .ready_fd = -1, .stderr_open = true };
	int rc;

	open_stdio();
	rc = parse_args(argc, argv, &d.opts);
	if (rc >= 0)
		return rc;
	d.mem = talloc_named_const(NULL, 0, "tsmbd");
	if (!d.mem) {
		fprintf(stderr, "tsmbd: out of memory\n");
		return TSMBD_EXIT_FAIL;
	}
	rc = d.opts.check ? check(&d) : serve(&d);
	talloc_free(d.mem);
	return rc;
}
