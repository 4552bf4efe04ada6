/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the parts of the tsmb.conf parser: the line reader
 * (conf.c) and the parameter table (conf_keys.c). Not for tsmbd itself.
 */
#ifndef TSMB_USER_CONF_PRIV_H
#define TSMB_USER_CONF_PRIV_H

#include "user/conf.h"

/* Parameters that may be given once per section, aliases counted once. */
#define TSMBD_CONF_SLOTS	32
#define TSMBD_SLOT_PID_FILE	11
#define TSMBD_SLOT_PATH		16

enum tsmbd_conf_section {
	TSMBD_SECTION_NONE,		/* before the first [section] */
	TSMBD_SECTION_GLOBAL,
	TSMBD_SECTION_SHARE,
	TSMBD_SECTION_SKIP,		/* a refused section: its lines are ignored */
};

struct tsmbd_conf_parser {
	struct tsmbd_conf *conf;
	const char *source;
	const struct tsmbd_conf_report *rep;
	unsigned int line;		/* first physical line of the current line */
	unsigned int errors;
	bool oom;
	enum tsmbd_conf_section section;
	struct tsmbd_share *share;	/* TSMBD_SECTION_SHARE */
	/* Where each slot was last set, 0 if not: for "given twice" warnings. */
	unsigned int global_set[TSMBD_CONF_SLOTS];
	unsigned int share_set[TSMBD_CONF_SLOTS];
};

/* Report at p->line; an error makes the parse fail. */
void tsmbd_conf_error(struct tsmbd_conf_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tsmbd_conf_warn(struct tsmbd_conf_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Report at an explicit line (a share's header, found missing "path" at its end). */
void tsmbd_conf_error_at(struct tsmbd_conf_parser *p, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tsmbd_conf_nomem(struct tsmbd_conf_parser *p);

/* conf_keys.c: one "key = value" of the current section. */
void tsmbd_conf_set(struct tsmbd_conf_parser *p, const char *key, const char *value);
/* conf_keys.c: the defaults of a new configuration or share. */
int tsmbd_conf_init_global(struct tsmbd_conf *conf);
int tsmbd_conf_init_share(struct tsmbd_share *share);
/* conf_keys.c: defaults that depend on the whole file (listen, netbios name). */
int tsmbd_conf_finish_global(struct tsmbd_conf *conf);

/* The default listen addresses: 0.0.0.0 and :: on TSMB_DEFAULT_PORT. */
void tsmbd_conf_default_listen(struct tsmbd_conf *conf);

#endif /* TSMB_USER_CONF_PRIV_H */
