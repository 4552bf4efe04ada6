// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Running in the background: detaching from the terminal, and the pid file
 * whose lock keeps a second tsmbd from starting.
 *
 * The process that the admin (or the init system) started waits until the
 * daemon has started the server or failed to, and exits with the daemon's
 * start-up status: a failure (port in use, ...) is seen at once, with its
 * message on the terminal, not just in syslog.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <talloc.h>
#include <unistd.h>

#include "user/tsmbd.h"

/* The pid of the instance holding the lock, for the message; 0 if unknown. */
static long pidfile_owner(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int tsmbd_pidfile_lock(struct tsmbd *d, const char *path)
{
	long owner;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0644);
	if (fd < 0) {
		tsmbd_err(d, "cannot open the pid file %s: %s (set 'pid file' in [global], "
			  "or run in the foreground with --foreground)", path, strerror(errno));
		return -1;
	}
	/* flock: the lock follows the open file into the daemon across fork(). */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			owner = pidfile_owner(fd);
			tsmbd_err(d, "another tsmbd is already running (pid %ld, pid file %s); "
				  "not starting", owner, path);
		} else {
			tsmbd_err(d, "cannot lock the pid file %s: %s", path, strerror(errno));
		}
		close(fd);
		return -1;
	}
	d->pid_path = talloc_strdup(d->mem, path);
	if (!d->pid_path) {
		tsmbd_err(d, "out of memory");
		close(fd);
		return -1;
	}
	d->pid_fd = fd;
	return 0;
}

int tsmbd_pidfile_write(struct tsmbd *d)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	if (ftruncate(d->pid_fd, 0) < 0 || pwrite(d->pid_fd, buf, (size_t)n, 0) != n) {
		tsmbd_err(d, "cannot write the pid file %s: %s", d->pid_path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Unlinked while still locked, so that a new instance never sees ours. */
void tsmbd_pidfile_remove(struct tsmbd *d)
{
	if (d->pid_fd < 0)
		return;
	unlink(d->pid_path);
	close(d->pid_fd);
	d->pid_fd = -1;
}

/* In the original process: the daemon's start-up status becomes ours. */
static void __attribute__((noreturn)) wait_for_daemon(int fd, pid_t child)
{
	unsigned char status;
	sigset_t all;
	ssize_t n;

	/* Ctrl-C while waiting ends this process only; the daemon goes on. */
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	do {
		n = read(fd, &status, 1);
	} while (n < 0 && errno == EINTR);
	/* The intermediate child exits right away; reap it. */
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
	if (n != 1) {
		fprintf(stderr, "tsmbd: the daemon exited during start-up\n");
		_exit(TSMBD_EXIT_FAIL);
	}
	_exit(status);
}

static int redirect_to_null(int target)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (dup2(fd, target) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int close_between(unsigned int lo, unsigned int hi)
{
	return lo > hi ? 0 : close_range(lo, hi, 0);
}

/*
 * A daemon holding an inherited descriptor (say, the write end of the pipe
 * of a shell's $(...)) keeps its starter waiting: close all but ours.
 */
static void close_inherited(const struct tsmbd *d)
{
	int lo = TSMB_MIN(d->pid_fd, d->ready_fd), hi = TSMB_MAX(d->pid_fd, d->ready_fd);
	int keep[2] = { lo, hi };
	unsigned int next = 3, i;
	int fd;

	for (i = 0; i < 2; i++) {
		if (keep[i] < 3)
			continue;
		if (close_between(next, (unsigned int)keep[i] - 1) < 0)
			goto fallback;
		next = (unsigned int)keep[i] + 1;
	}
	if (close_between(next, ~0U) == 0)
		return;
fallback:
	/* Kernels before 5.9: the usual limit is enough in practice. */
	for (fd = 3; fd < 1024; fd++)
		if (fd != d->pid_fd && fd != d->ready_fd)
			close(fd);
}

/*
 * fork, setsid, fork: the daemon is not a session leader, so it can never
 * acquire a controlling terminal again. stderr stays open until
 * tsmbd_ready() so that start-up errors still reach the admin.
 */
int tsmbd_daemonize(struct tsmbd *d)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		tsmbd_err(d, "cannot detach: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		tsmbd_err(d, "cannot detach: fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid > 0) {
		close(p[1]);
		wait_for_daemon(p[0], pid);
	}
	close(p[0]);
	if (setsid() < 0)
		_exit(TSMBD_EXIT_FAIL);
	pid = fork();
	if (pid < 0)
		_exit(TSMBD_EXIT_FAIL);
	if (pid > 0)
		_exit(TSMBD_EXIT_OK);
	d->ready_fd = p[1];
	close_inherited(d);
	if (chdir("/") < 0 || redirect_to_null(STDIN_FILENO) < 0 ||
	    redirect_to_null(STDOUT_FILENO) < 0) {
		tsmbd_err(d, "cannot detach: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Background: tells the waiting process how start-up went and lets go of stderr. */
void tsmbd_ready(struct tsmbd *d, int exit_code)
{
	unsigned char status = (unsigned char)exit_code;

	if (d->ready_fd < 0)
		return;
	while (write(d->ready_fd, &status, 1) < 0 && errno == EINTR)
		;
	close(d->ready_fd);
	d->ready_fd = -1;
	if (exit_code == TSMBD_EXIT_OK && redirect_to_null(STDERR_FILENO) == 0)
		d->stderr_open = false;
}
