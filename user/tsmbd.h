/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tsmbd: the pieces of the host program that main.c ties together.
 */
#ifndef TSMB_USER_TSMBD_H
#define TSMB_USER_TSMBD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "user/conf.h"

struct tsmb_os_upcall;
struct tsmbd_kmod;
struct tsmbd_service;

/* Exit codes: 2 is "fix your configuration or command line". */
#define TSMBD_EXIT_OK		0
#define TSMBD_EXIT_FAIL		1
#define TSMBD_EXIT_CONFIG	2

/* Who serves SMB: tsmbd itself, or tsmb.ko with tsmbd as its service host. */
enum tsmbd_mode {
	TSMBD_MODE_AUTO,		/* kernel if tsmb.ko is loaded, else user */
	TSMBD_MODE_USER,
	TSMBD_MODE_KERNEL,
};

struct tsmbd_opts {
	const char *config;		/* NULL: TSMBD_CONF_PATH, else the built-in */
	bool foreground;
	bool check;
	uint16_t port;			/* 0: as configured */
	enum tsmbd_mode mode;
};

struct tsmbd {
	struct tsmbd_opts opts;
	void *mem;			/* talloc root of everything below */
	struct tsmbd_conf *conf;	/* what the server was started with */
	struct tsmb_server *srv;
	struct tsmb_os_upcall *upcall;	/* the core's channel to svc */
	struct tsmbd_service *svc;
	bool kernel;			/* serving tsmb.ko (kernel format) */
	struct tsmbd_kmod *kmod;	/* kernel format: the netlink host */
	bool to_syslog;			/* logs go to syslog (background) */
	bool stderr_open;		/* stderr still reaches the admin */
	int pid_fd;			/* locked pid file, or -1 */
	char *pid_path;
	int ready_fd;			/* background: the waiting parent, or -1 */
};

/* An error for the admin: logged, and on stderr as long as it reaches them. */
void tsmbd_err(struct tsmbd *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* shares.c: the services behind the up-calls, and the shares the core serves */
int tsmbd_start_services(struct tsmbd *d);
void tsmbd_stop_services(struct tsmbd *d);
void tsmbd_add_shares(struct tsmbd *d);

/* startup.c */
struct tsmbd_conf *tsmbd_load_conf(const struct tsmbd_opts *opts, void *mem_ctx,
				   const struct tsmbd_conf_report *rep);
bool tsmbd_conf_is_builtin(const struct tsmbd_conf *conf);
void tsmbd_prepare_shares(struct tsmbd *d);
void tsmbd_warn_missing_paths(const struct tsmbd_conf *conf, FILE *out);
void tsmbd_raise_nofile(unsigned int max_connections);
void tsmbd_explain_start_error(struct tsmbd *d, int rc);

/* daemon.c */
int tsmbd_pidfile_lock(struct tsmbd *d, const char *path);
int tsmbd_pidfile_write(struct tsmbd *d);
void tsmbd_pidfile_remove(struct tsmbd *d);
int tsmbd_daemonize(struct tsmbd *d);
void tsmbd_ready(struct tsmbd *d, int exit_code);

/* run.c */
int tsmbd_block_signals(void);
int tsmbd_run(struct tsmbd *d);

/* kmod_host.c: the service host of tsmb.ko (kernel format) */
/* tsmb.ko is loaded: /sys/module/tsmb exists or its genl family resolves. */
bool tsmbd_kmod_loaded(void);
/* Registers, pushes d->conf and starts answering up-calls; -1 (said why). */
int tsmbd_kmod_start(struct tsmbd *d);
void tsmbd_kmod_stop(struct tsmbd *d);
/* The module went away (tsmbd stops, and exits non-zero). */
bool tsmbd_kmod_failed(const struct tsmbd *d);

/* instructions.c; kernel: tsmb.ko serves, tsmbd is its service host. */
void tsmbd_print_instructions(FILE *out, const struct tsmbd_conf *conf, bool kernel);

#endif /* TSMB_USER_TSMBD_H */
