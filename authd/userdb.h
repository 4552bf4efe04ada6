/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user database: SMB user names and their NT hashes, one line each
 * (the format is in docs/userdb.md). Each SMB user is the local Unix
 * account of the same name; the file holds no uids, so that they can never
 * disagree with /etc/passwd.
 */
#ifndef TSMB_AUTHD_USERDB_H
#define TSMB_AUTHD_USERDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define AUTHD_USERDB_NAME_MAX	64
#define AUTHD_USERDB_MAX_FILE	(16u << 20)

struct authd_userdb_entry {
	char *name;
	uint8_t nt_hash[16];
	bool enabled;
};

struct authd_userdb {
	struct authd_userdb_entry *users;	/* talloc array */
	unsigned int count;
};

/*
 * Parses the text of a database. 0, -EINVAL (err says "SOURCE:LINE: why")
 * or -ENOMEM.
 */
int authd_userdb_parse(void *mem_ctx, const char *text, size_t len, const char *source,
		       struct authd_userdb **out, char *err, size_t errlen);
/*
 * Reads path. Refuses (-EPERM) a file that group or others may read or
 * write, or that belongs to someone other than root or the caller.
 * -ENOENT when it does not exist.
 */
int authd_userdb_load(void *mem_ctx, const char *path, struct authd_userdb **out, char *err,
		      size_t errlen);
/* Writes atomically: a temporary file (0600), fsync, rename, fsync of the directory. */
int authd_userdb_save(const struct authd_userdb *db, const char *path, char *err,
		      size_t errlen);

/* Case-insensitive (ASCII) like Windows account names. */
struct authd_userdb_entry *authd_userdb_find(const struct authd_userdb *db, const char *name);
/* Adds or replaces name's hash (a new entry is enabled). 0, -EINVAL (bad name), -ENOMEM. */
int authd_userdb_set(struct authd_userdb *db, const char *name, const uint8_t nt_hash[16]);
/* 0 or -ENOENT. */
int authd_userdb_delete(struct authd_userdb *db, const char *name);
/* Is this a name the file can hold? */
bool authd_userdb_name_ok(const char *name);

/* MD4(UTF-16LE(password)); 0 or -EINVAL for invalid UTF-8 / -ENOMEM. */
int authd_nt_hash(const char *password, uint8_t out[16]);

/* The Unix identity of an account: getpwnam_r + getgrouplist. */
struct authd_unix_id {
	uid_t uid;
	gid_t gid;
	gid_t *gids;		/* talloc'd under the mem_ctx given */
	unsigned int ngids;
};

/* 0, -ENOENT (no such account) or -ENOMEM/-EIO. */
int authd_unix_lookup(void *mem_ctx, const char *name, struct authd_unix_id *out);

#endif /* TSMB_AUTHD_USERDB_H */
