// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmbd's main loop: the main thread waits for signals with sigwaitinfo()
 * and acts on them in ordinary code. There are no asynchronous signal
 * handlers, so stopping and reloading may take locks, allocate and log.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <talloc.h>

#include "abstraction/posix/host.h"
#include "core/server.h"
#include "user/tsmbd.h"

#include <tsmb/os/log.h>

static void tsmbd_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

int tsmbd_block_signals(void)
{
	sigset_t set;
	int rc;

	tsmbd_signals(&set);
	rc = pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (rc) {
		errno = rc;
		return -1;
	}
	return 0;
}

static void reload_report(void *arg, bool error, const char *source, unsigned int line,
			  const char *msg)
{
	int level = error ? TSMB_LOG_ERR : TSMB_LOG_WARNING;

	if (line)
		tsmb_os_log(level, "%s:%u: %s", source, line, msg);
	else
		tsmb_os_log(level, "%s: %s", source, msg);
}

static void reload_changed(void *arg, const char *what)
{
	/* The log level is applied at once; everything else is not yet. */
	if (!strcmp(what, "log level"))
		return;
	tsmb_os_log(TSMB_LOG_NOTICE, "reload: '%s' changed: takes effect after a restart", what);
}

/*
 * Keeps d->conf (what the server runs with) so that each reload reports
 * every difference from the running server, however many reloads ago the
 * file changed.
 */
static void reload(struct tsmbd *d)
{
	const struct tsmbd_conf_report rep = { reload_report, NULL };
	struct tsmbd_conf *conf;
	unsigned int changes;

	tsmb_os_log(TSMB_LOG_NOTICE, "SIGHUP: re-reading the configuration");
	conf = tsmbd_load_conf(&d->opts, d->mem, &rep);
	if (!conf) {
		tsmb_os_log(TSMB_LOG_ERR, "reload: the configuration has errors; "
			    "keeping the current one");
		return;
	}
	changes = tsmbd_conf_diff(d->conf, conf, reload_changed, NULL);
	if (tsmb_posix_log_get_level() != tsmbd_conf_log_level(conf->log_level))
		tsmb_os_log(TSMB_LOG_NOTICE, "reload: log level is now %u", conf->log_level);
	tsmb_os_log(TSMB_LOG_NOTICE, "reload: %s read, %u change%s", conf->source, changes,
		    changes == 1 ? "" : "s");
	/* Last, so that lowering the level does not hide the lines above. */
	tsmb_posix_log_set_level(tsmbd_conf_log_level(conf->log_level));
	talloc_free(conf);
}

/* The server, or in kernel format the link to tsmb.ko. */
static void shut_down(struct tsmbd *d)
{
	if (d->srv) {
		tsmb_server_stop(d->srv);
		tsmb_server_destroy(d->srv);
		d->srv = NULL;
	}
	tsmbd_stop_services(d);
	tsmbd_kmod_stop(d);
}

static void stop(struct tsmbd *d, const siginfo_t *si)
{
	const char *name = si->si_signo == SIGTERM ? "SIGTERM" : "SIGINT";

	/* The module went away: the receiver has said so, and sent this SIGTERM. */
	if (tsmbd_kmod_failed(d))
		tsmb_os_log(TSMB_LOG_NOTICE, "stopping");
	else if (si->si_code == SI_USER)
		tsmb_os_log(TSMB_LOG_NOTICE, "%s from pid %ld: stopping", name,
			    (long)si->si_pid);
	else
		tsmb_os_log(TSMB_LOG_NOTICE, "%s: stopping", name);
	shut_down(d);
	tsmb_os_log(TSMB_LOG_NOTICE, "tsmbd stopped");
}

int tsmbd_run(struct tsmbd *d)
{
	siginfo_t si;
	sigset_t set;

	tsmbd_signals(&set);
	for (;;) {
		if (sigwaitinfo(&set, &si) < 0) {
			if (errno == EINTR)
				continue;
			tsmbd_err(d, "sigwaitinfo: %s", strerror(errno));
			shut_down(d);
			return TSMBD_EXIT_FAIL;
		}
		if (si.si_signo == SIGHUP) {
			reload(d);
			continue;
		}
		stop(d, &si);
		return tsmbd_kmod_failed(d) ? TSMBD_EXIT_FAIL : TSMBD_EXIT_OK;
	}
}
