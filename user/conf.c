// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmb.conf: reading the file, splitting it into logical lines and
 * sections. The parameters themselves are in conf_keys.c.
 *
 * Every problem is reported and parsing goes on, so that one run of
 * "tsmbd --check" shows all the mistakes in a file, not just the first.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "user/conf_priv.h"

/* Past this many errors the rest are likely consequences of the first ones. */
#define TSMBD_CONF_MAX_ERRORS	50

static void stderr_report(void *arg, bool error, const char *source, unsigned int line,
			  const char *msg)
{
	const char *kind = error ? "" : "warning: ";

	if (line)
		fprintf(stderr, "%s:%u: %s%s\n", source, line, kind, msg);
	else
		fprintf(stderr, "%s: %s%s\n", source, kind, msg);
}

const struct tsmbd_conf_report tsmbd_conf_report_stderr = { stderr_report, NULL };

static void __attribute__((format(printf, 4, 0)))
report(struct tsmbd_conf_parser *p, bool error, unsigned int line, const char *fmt, va_list ap)
{
	char msg[512];

	if (error && ++p->errors > TSMBD_CONF_MAX_ERRORS) {
		if (p->errors == TSMBD_CONF_MAX_ERRORS + 1)
			p->rep->fn(p->rep->arg, true, p->source, line,
				   "too many errors; not reporting any more");
		return;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	p->rep->fn(p->rep->arg, error, p->source, line, msg);
}

void tsmbd_conf_error(struct tsmbd_conf_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, true, p->line, fmt, ap);
	va_end(ap);
}

void tsmbd_conf_error_at(struct tsmbd_conf_parser *p, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, true, line, fmt, ap);
	va_end(ap);
}

void tsmbd_conf_warn(struct tsmbd_conf_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, false, p->line, fmt, ap);
	va_end(ap);
}

void tsmbd_conf_nomem(struct tsmbd_conf_parser *p)
{
	if (!p->oom)
		tsmbd_conf_error_at(p, 0, "out of memory");
	p->oom = true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims s in place, returning the new start. */
static char *trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/*
 * The share that closes now must have said where its files are (a bad
 * "path" line has had its own error already).
 */
static void end_section(struct tsmbd_conf_parser *p)
{
	if (p->section == TSMBD_SECTION_SHARE && !p->share->path &&
	    !p->share_set[TSMBD_SLOT_PATH])
		tsmbd_conf_error_at(p, p->share->line, "share [%s] has no 'path'",
				    p->share->name);
	p->section = TSMBD_SECTION_NONE;
	p->share = NULL;
}

static const char *bad_share_name(const char *name)
{
	const unsigned char *c;

	if (!*name)
		return "an empty section name";
	if (strlen(name) > TSMBD_SHARE_NAME_MAX)
		return "a share name longer than 80 characters";
	for (c = (const unsigned char *)name; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			return "a control character in a share name";
		if (strchr("\\/:*?\"<>|", *c))
			return "a share name with one of \\ / : * ? \" < > |";
	}
	return NULL;
}

/* Section names tsmb refuses, with the reason an admin needs to hear. */
static const char *refused_share(const char *name)
{
	if (!strcasecmp(name, "homes"))
		return "[homes] is not supported: tsmb has no automatic home directory shares "
		       "(define a share per directory instead)";
	if (!strcasecmp(name, "printers"))
		return "[printers] is not supported: tsmb does not share printers";
	if (!strcasecmp(name, "IPC$"))
		return "[IPC$] is reserved: the server provides IPC$ itself";
	return NULL;
}

static void add_share(struct tsmbd_conf_parser *p, const char *name)
{
	struct tsmbd_conf *conf = p->conf;
	struct tsmbd_share **shares, *share;
	unsigned int i;

	for (i = 0; i < conf->nr_shares; i++) {
		if (!strcasecmp(conf->shares[i]->name, name)) {
			tsmbd_conf_error(p, "duplicate share [%s] (already defined at line %u)",
					 name, conf->shares[i]->line);
			return;
		}
	}
	shares = talloc_realloc(conf, conf->shares, struct tsmbd_share *, conf->nr_shares + 1);
	if (!shares) {
		tsmbd_conf_nomem(p);
		return;
	}
	conf->shares = shares;
	share = talloc_zero(conf->shares, struct tsmbd_share);
	if (!share || tsmbd_conf_init_share(share) < 0 ||
	    !(share->name = talloc_strdup(share, name))) {
		talloc_free(share);
		tsmbd_conf_nomem(p);
		return;
	}
	share->line = p->line;
	conf->shares[conf->nr_shares++] = share;
	p->section = TSMBD_SECTION_SHARE;
	p->share = share;
	memset(p->share_set, 0, sizeof(p->share_set));
}

static void section_line(struct tsmbd_conf_parser *p, char *s)
{
	char *end = strchr(s, ']'), *rest;
	const char *why;

	end_section(p);
	p->section = TSMBD_SECTION_SKIP;
	if (!end) {
		tsmbd_conf_error(p, "unterminated section header (missing ']')");
		return;
	}
	rest = trim(end + 1);
	if (*rest) {
		tsmbd_conf_error(p, "unexpected text after the section header: '%.64s'", rest);
		return;
	}
	*end = '\0';
	s = trim(s + 1);
	if (!strcasecmp(s, "global")) {
		/* As in Samba, [global] may appear more than once. */
		p->section = TSMBD_SECTION_GLOBAL;
		return;
	}
	why = refused_share(s);
	if (why) {
		tsmbd_conf_error(p, "%s", why);
		return;
	}
	why = bad_share_name(s);
	if (why) {
		tsmbd_conf_error(p, "invalid section [%.90s]: %s", s, why);
		return;
	}
	add_share(p, s);
}

static void param_line(struct tsmbd_conf_parser *p, char *s)
{
	char *eq = strchr(s, '=');

	if (!eq || eq == s) {
		tsmbd_conf_error(p, "expected 'key = value', a [section] or a comment");
		return;
	}
	*eq = '\0';
	switch (p->section) {
	case TSMBD_SECTION_NONE:
		tsmbd_conf_error(p, "'%.64s' is outside any section (put it under [global] or "
				 "a [share])", trim(s));
		return;
	case TSMBD_SECTION_SKIP:
		return;
	default:
		tsmbd_conf_set(p, trim(s), trim(eq + 1));
	}
}

static void logical_line(struct tsmbd_conf_parser *p, char *s, size_t len)
{
	if (memchr(s, '\0', len)) {
		tsmbd_conf_error(p, "NUL character in line");
		return;
	}
	s = trim(s);
	if (!*s)
		return;
	if (*s == '[')
		section_line(p, s);
	else
		param_line(p, s);
}

/* Where the physical line at pos ends (without its '\n'); *next is past it. */
static size_t phys_line(const char *text, size_t len, size_t pos, size_t *next)
{
	const char *nl = memchr(text + pos, '\n', len - pos);
	size_t end = nl ? (size_t)(nl - text) : len;

	*next = nl ? end + 1 : len;
	return end;
}

struct tsmbd_conf_lines {
	const char *text;
	size_t len;
	size_t pos;
	unsigned int lineno;		/* last physical line read */
	char *buf;			/* TSMBD_CONF_MAX_LINE + 1 bytes */
	size_t buf_len;
	bool too_long;
};

/*
 * Appends one physical line to the logical line; true if it continues.
 * A comment line never continues: a commented-out value that ends in a
 * backslash must not swallow the next line.
 */
static bool append_phys(struct tsmbd_conf_lines *l, bool first)
{
	size_t start = l->pos, end = phys_line(l->text, l->len, l->pos, &l->pos);
	bool cont = false;

	l->lineno++;
	if (end - start > TSMBD_CONF_MAX_LINE)
		l->too_long = true;
	while (start < end && is_blank(l->text[start]))
		start++;
	if (first && start < end && (l->text[start] == '#' || l->text[start] == ';'))
		return false;
	while (end > start && is_blank(l->text[end - 1]))
		end--;
	if (end > start && l->text[end - 1] == '\\') {
		cont = true;
		end--;
	}
	if (l->buf_len + (end - start) > TSMBD_CONF_MAX_LINE) {
		l->too_long = true;
	} else if (!l->too_long) {
		memcpy(l->buf + l->buf_len, l->text + start, end - start);
		l->buf_len += end - start;
	}
	return cont;
}

static void parse_text(struct tsmbd_conf_parser *p, struct tsmbd_conf_lines *l)
{
	bool cont;

	while (l->pos < l->len && !p->oom) {
		p->line = l->lineno + 1;
		l->buf_len = 0;
		l->too_long = false;
		cont = append_phys(l, true);
		while (cont && l->pos < l->len)
			cont = append_phys(l, false);
		if (cont) {
			tsmbd_conf_error_at(p, l->lineno,
					    "the last line ends with '\\' (continues past the end)");
		}
		if (l->too_long) {
			tsmbd_conf_error(p, "line too long (more than %u bytes)",
					 TSMBD_CONF_MAX_LINE);
			continue;
		}
		l->buf[l->buf_len] = '\0';
		logical_line(p, l->buf, l->buf_len);
	}
	end_section(p);
}

struct tsmbd_conf *tsmbd_conf_parse(void *mem_ctx, const char *source, const char *text,
				    size_t len, const struct tsmbd_conf_report *rep)
{
	struct tsmbd_conf_parser p = { .source = source, .rep = rep };
	struct tsmbd_conf_lines l = { .text = text, .len = len };

	p.conf = talloc_zero(mem_ctx, struct tsmbd_conf);
	if (!p.conf) {
		tsmbd_conf_nomem(&p);
		return NULL;
	}
	l.buf = talloc_size(p.conf, TSMBD_CONF_MAX_LINE + 1);
	if (!l.buf || tsmbd_conf_init_global(p.conf) < 0 ||
	    !(p.conf->source = talloc_strdup(p.conf, source))) {
		tsmbd_conf_nomem(&p);
		goto fail;
	}
	parse_text(&p, &l);
	TALLOC_FREE(l.buf);
	if (!p.errors && tsmbd_conf_finish_global(p.conf) < 0)
		tsmbd_conf_nomem(&p);
	if (p.errors)
		goto fail;
	return p.conf;
fail:
	talloc_free(p.conf);
	return NULL;
}

static void load_error(const char *path, const struct tsmbd_conf_report *rep, const char *what,
		       int err)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
	rep->fn(rep->arg, true, path, 0, msg);
}

/* Reads the whole file into a talloc buffer; -errno. */
static int read_file(void *mem_ctx, int fd, char **out, size_t *out_len)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *nbuf;
	ssize_t n;

	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > TSMBD_CONF_MAX_FILE + 1)
				cap = TSMBD_CONF_MAX_FILE + 1;
			if (len == cap) {
				talloc_free(buf);
				return -EFBIG;
			}
			nbuf = talloc_realloc_size(mem_ctx, buf, cap);
			if (!nbuf) {
				talloc_free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			talloc_free(buf);
			return -errno;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

struct tsmbd_conf *tsmbd_conf_load(void *mem_ctx, const char *path,
				   const struct tsmbd_conf_report *rep)
{
	struct tsmbd_conf *conf;
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		load_error(path, rep, "cannot open", errno);
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		load_error(path, rep, "cannot read", errno);
		close(fd);
		return NULL;
	}
	/* A FIFO or a device could block or never end: only regular files. */
	if (!S_ISREG(st.st_mode)) {
		rep->fn(rep->arg, true, path, 0, S_ISDIR(st.st_mode) ?
			"cannot read: is a directory" : "cannot read: not a regular file");
		close(fd);
		return NULL;
	}
	rc = read_file(mem_ctx, fd, &text, &len);
	close(fd);
	if (rc < 0) {
		if (rc == -EFBIG)
			rep->fn(rep->arg, true, path, 0, "cannot read: larger than 16 MiB");
		else
			load_error(path, rep, "cannot read", -rc);
		return NULL;
	}
	conf = tsmbd_conf_parse(mem_ctx, path, text, len, rep);
	talloc_free(text);
	return conf;
}
