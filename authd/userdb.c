// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <talloc.h>

#include "authd/crypto.h"
#include "authd/unistr.h"
#include "authd/userdb.h"

#define USERDB_HEADER "# tsmb user database v1: name:NT-hash:flags (see docs/userdb.md)\n"

bool authd_userdb_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	/* Names that are also safe Unix account names, and cannot break the format. */
	if (n == 0 || n > AUTHD_USERDB_NAME_MAX || name[0] == '-' || name[0] == '#')
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= ' ' || c == ':' || c == '/' || c == '\\' || c == 0x7f || c == ',')
			return false;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_hash(const char *s, size_t len, uint8_t out[16])
{
	size_t i;

	if (len != 32)
		return -1;
	for (i = 0; i < 16; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* flags: a comma-separated list; today "enabled" or "disabled". */
static int parse_flags(const char *s, size_t len, bool *enabled)
{
	int seen = 0;

	while (len) {
		const char *comma = memchr(s, ',', len);
		size_t w = comma ? (size_t)(comma - s) : len;

		if (w == 7 && !memcmp(s, "enabled", 7))
			*enabled = true;
		else if (w == 8 && !memcmp(s, "disabled", 8))
			*enabled = false;
		else
			return -1;
		seen++;
		s += w + (comma ? 1 : 0);
		len -= w + (comma ? 1 : 0);
		if (comma && !len)
			return -1;
	}
	return seen ? 0 : -1;
}

static const char *parse_line(struct authd_userdb *db, char *line)
{
	char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	struct authd_userdb_entry *e;
	uint8_t hash[16];
	bool enabled = true;

	if (!c2 || strchr(c2 + 1, ':'))
		return "expected name:NT-hash:flags";
	*c1 = '\0';
	if (!authd_userdb_name_ok(line))
		return "invalid user name";
	if (parse_hash(c1 + 1, (size_t)(c2 - c1 - 1), hash))
		return "the NT hash must be 32 hexadecimal digits";
	if (parse_flags(c2 + 1, strlen(c2 + 1), &enabled))
		return "flags must be \"enabled\" or \"disabled\"";
	if (authd_userdb_find(db, line))
		return "duplicate user";
	if (authd_userdb_set(db, line, hash))
		return "out of memory";
	e = authd_userdb_find(db, line);
	e->enabled = enabled;
	return NULL;
}

int authd_userdb_parse(void *mem_ctx, const char *text, size_t len, const char *source,
		       struct authd_userdb **out, char *err, size_t errlen)
{
	struct authd_userdb *db = talloc_zero(mem_ctx, struct authd_userdb);
	char *copy = db ? talloc_strndup(db, text, len) : NULL, *line, *next;
	unsigned int lineno = 0;

	if (!copy) {
		talloc_free(db);
		snprintf(err, errlen, "%s: out of memory", source);
		return -ENOMEM;
	}
	if (strlen(copy) != len) {
		snprintf(err, errlen, "%s: contains a NUL byte", source);
		talloc_free(db);
		return -EINVAL;
	}
	for (line = copy; line && *line; line = next) {
		const char *why;
		size_t l;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (!l || line[0] == '#')
			continue;
		why = parse_line(db, line);
		if (why) {
			snprintf(err, errlen, "%s:%u: %s", source, lineno, why);
			talloc_free(db);
			return -EINVAL;
		}
	}
	talloc_free(copy);
	*out = db;
	return 0;
}

static int read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		got += (size_t)n;
	}
	return 0;
}

int authd_userdb_load(void *mem_ctx, const char *path, struct authd_userdb **out, char *err,
		      size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), rc;
	struct stat st;
	char *buf;

	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return rc;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -EINVAL;
	}
	/* NT hashes are password equivalents: only root (or the owner running us) may see them. */
	if (st.st_mode & 077) {
		snprintf(err, errlen,
			 "%s: refusing a user database that group or others can access "
			 "(mode %04o); run: chmod 600 %s", path, (unsigned int)(st.st_mode & 07777),
			 path);
		close(fd);
		return -EPERM;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s: refusing a user database owned by uid %u (not root)",
			 path, (unsigned int)st.st_uid);
		close(fd);
		return -EPERM;
	}
	if ((uint64_t)st.st_size > AUTHD_USERDB_MAX_FILE) {
		snprintf(err, errlen, "%s: too large", path);
		close(fd);
		return -EFBIG;
	}
	buf = talloc_array(NULL, char, (size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	rc = read_all(fd, buf, (size_t)st.st_size);
	close(fd);
	if (rc)
		snprintf(err, errlen, "%s: read error", path);
	else
		rc = authd_userdb_parse(mem_ctx, buf, (size_t)st.st_size, path, out, err, errlen);
	talloc_free(buf);
	return rc;
}

static char *format_db(void *mem_ctx, const struct authd_userdb *db)
{
	char *s = talloc_strdup(mem_ctx, USERDB_HEADER);
	unsigned int i, k;

	for (i = 0; s && i < db->count; i++) {
		const struct authd_userdb_entry *e = &db->users[i];
		char hex[33];

		for (k = 0; k < 16; k++)
			snprintf(hex + 2 * k, 3, "%02X", e->nt_hash[k]);
		s = talloc_asprintf_append_buffer(s, "%s:%s:%s\n", e->name, hex,
						  e->enabled ? "enabled" : "disabled");
	}
	return s;
}

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

int authd_userdb_save(const struct authd_userdb *db, const char *path, char *err,
		      size_t errlen)
{
	void *tmp = talloc_new(NULL);
	char *text = tmp ? format_db(tmp, db) : NULL;
	char *tpath = text ? talloc_asprintf(tmp, "%s.XXXXXX", path) : NULL;
	int fd, e;

	if (!tpath) {
		talloc_free(tmp);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	fd = mkstemp(tpath);	/* mode 0600 */
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", tpath, strerror(e));
		talloc_free(tmp);
		return -e;
	}
	if (fchmod(fd, 0600) || write_all(fd, text, strlen(text)) || fsync(fd)) {
		e = errno ? errno : EIO;
		close(fd);
		goto fail;
	}
	if (close(fd) || rename(tpath, path)) {
		e = errno;
		goto fail;
	}
	if (fsync_dir(path)) {
		snprintf(err, errlen, "%s: written, but the directory could not be synced: %s",
			 path, strerror(errno));
		talloc_free(tmp);
		return -EIO;
	}
	talloc_free(tmp);
	return 0;
fail:
	snprintf(err, errlen, "%s: cannot write: %s", path, strerror(e));
	unlink(tpath);
	talloc_free(tmp);
	return -e;
}

struct authd_userdb_entry *authd_userdb_find(const struct authd_userdb *db, const char *name)
{
	unsigned int i;

	for (i = 0; i < db->count; i++)
		if (!strcasecmp(db->users[i].name, name))
			return &db->users[i];
	return NULL;
}

int authd_userdb_set(struct authd_userdb *db, const char *name, const uint8_t nt_hash[16])
{
	struct authd_userdb_entry *e = authd_userdb_find(db, name), *n;

	if (!authd_userdb_name_ok(name))
		return -EINVAL;
	if (e) {
		memcpy(e->nt_hash, nt_hash, 16);
		return 0;
	}
	n = talloc_realloc(db, db->users, struct authd_userdb_entry, db->count + 1);
	if (!n)
		return -ENOMEM;
	db->users = n;
	e = &n[db->count];
	e->name = talloc_strdup(n, name);
	if (!e->name)
		return -ENOMEM;
	memcpy(e->nt_hash, nt_hash, 16);
	e->enabled = true;
	db->count++;
	return 0;
}

int authd_userdb_delete(struct authd_userdb *db, const char *name)
{
	struct authd_userdb_entry *e = authd_userdb_find(db, name);
	unsigned int i;

	if (!e)
		return -ENOENT;
	i = (unsigned int)(e - db->users);
	talloc_free(e->name);
	memmove(e, e + 1, (db->count - i - 1) * sizeof(*e));
	db->count--;
	return 0;
}

int authd_nt_hash(const char *password, uint8_t out[16])
{
	size_t len;
	uint8_t *u16 = authd_utf8_to_utf16(NULL, password, &len);

	if (!u16)
		return -EINVAL;
	authd_md4(u16, len, out);
	memset(u16, 0, len);
	talloc_free(u16);
	return 0;
}

int authd_unix_lookup(void *mem_ctx, const char *name, struct authd_unix_id *out)
{
	struct passwd pw, *res = NULL;
	char *buf = talloc_array(NULL, char, 16384);
	gid_t *gids = NULL;
	int n = 32, rc;

	if (!buf)
		return -ENOMEM;
	rc = getpwnam_r(name, &pw, buf, 16384, &res);
	if (rc || !res) {
		talloc_free(buf);
		return rc && rc != ENOENT && rc != ESRCH ? -EIO : -ENOENT;
	}
	/* getgrouplist says how many it needs when the array is too small. */
	for (;;) {
		int want = n;

		gids = talloc_realloc(mem_ctx, gids, gid_t, (size_t)n);
		if (!gids) {
			talloc_free(buf);
			return -ENOMEM;
		}
		if (getgrouplist(name, pw.pw_gid, gids, &want) >= 0) {
			n = want;
			break;
		}
		if (want <= n || want > 65536) {
			talloc_free(gids);
			talloc_free(buf);
			return -EIO;
		}
		n = want;
	}
	out->uid = pw.pw_uid;
	out->gid = pw.pw_gid;
	out->gids = gids;
	out->ngids = (unsigned int)n;
	talloc_free(buf);
	return 0;
}
