// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/vfs/ea.h"

#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/lib/cursor.h"
#include "core/lib/utf16.h"
#include "core/wire/query_info.h"
#include "core/wire/set_info.h"

/* Linux's XATTR_LIST_MAX: the longest list of names listxattr gives. */
#define NAMES_MAX	65536u
#define EA_NAME_MAX	255u

struct ea_work {
	char *names;		/* NUL-separated, without "user." */
	size_t names_len;
	uint8_t *val;		/* TSMB_EA_VALUE_MAX bytes */
	char key[EA_NAME_MAX + 1];
	/* the list being written */
	struct tsmb_wr out;
	size_t size;		/* what the whole list needs */
	size_t prev;		/* offset of the previous entry */
	unsigned int count;
};

static struct ea_work *work_alloc(uint8_t *buf, size_t cap)
{
	struct ea_work *w = tsmb_os_zalloc(sizeof(*w) + NAMES_MAX + TSMB_EA_VALUE_MAX);

	if (!w)
		return NULL;
	w->names = (char *)(w + 1);
	w->val = (uint8_t *)w->names + NAMES_MAX;
	tsmb_wr_init(&w->out, buf, buf ? cap : 0);
	return w;
}

/* No EAs where the file system has none. */
static int list_names(struct tsmb_os_file *f, struct ea_work *w)
{
	int err = tsmb_os_file_listxattr(f, w->names, NAMES_MAX, &w->names_len);

	if (err == -TSMB_EOPNOTSUPP || err == -TSMB_ENODATA) {
		w->names_len = 0;
		return 0;
	}
	return err;
}

/* The next name of the list from *pos, or NULL at the end. */
static const char *next_name(const struct ea_work *w, size_t *pos, size_t *len)
{
	const char *n;

	if (*pos >= w->names_len)
		return NULL;
	n = w->names + *pos;
	*len = 0;
	while (*pos + *len < w->names_len && n[*len])
		(*len)++;
	*pos += *len + 1;
	return n;
}

/* The stored name equal to name but for ASCII case, or NULL. */
static const char *find_name(const struct ea_work *w, const char *name, size_t len)
{
	size_t pos = 0, n;
	const char *s;

	while ((s = next_name(w, &pos, &n)))
		if (tsmb_name_equal_ci(s, n, name, len))
			return s;
	return NULL;
}

/* [MS-FSCC] 2.4.15: appends one FILE_FULL_EA_INFORMATION entry, 4-aligned. */
static void emit(struct ea_work *w, const char *name, size_t nlen, const uint8_t *val,
		 size_t vlen)
{
	size_t at = w->count ? TSMB_ALIGN(w->size, 4) : 0;

	if (w->count && w->out.buf && tsmb_wr_ok(&w->out)) {
		tsmb_wr_align(&w->out, 4);
		if (tsmb_wr_ok(&w->out))
			tsmb_put_le32(w->out.buf + w->prev, (uint32_t)(at - w->prev));
	}
	tsmb_wr_le32(&w->out, 0);
	tsmb_wr_u8(&w->out, 0);
	tsmb_wr_u8(&w->out, (uint8_t)nlen);
	tsmb_wr_le16(&w->out, (uint16_t)vlen);
	tsmb_wr_bytes(&w->out, name, nlen);
	tsmb_wr_u8(&w->out, 0);
	tsmb_wr_bytes(&w->out, val, vlen);
	w->prev = at;
	w->size = at + 8 + nlen + 1 + vlen;
	w->count++;
}

/* The value of the stored EA name (NUL-terminated): 0, or 1 when it cannot be sent. */
static int get_value(struct tsmb_os_file *f, struct ea_work *w, const char *name, size_t *vlen)
{
	int err = tsmb_os_file_getxattr(f, name, w->val, TSMB_EA_VALUE_MAX, vlen);

	/* gone meanwhile, or a value longer than EaValueLength can say */
	if (err == -TSMB_ENODATA || err == -TSMB_ERANGE)
		return 1;
	return err;
}

/* Every stored EA whose name the wire can carry. */
static int emit_all(struct tsmb_os_file *f, struct ea_work *w, bool single)
{
	size_t pos = 0, n, vlen;
	const char *s;
	int err;

	while ((s = next_name(w, &pos, &n))) {
		if (!tsmb_ea_name_valid(s, n))
			continue;
		err = get_value(f, w, s, &vlen);
		if (err < 0)
			return err;
		if (err)
			continue;
		emit(w, s, n, w->val, vlen);
		if (single)
			break;
	}
	return 0;
}

struct tsmb_status tsmb_ea_size(struct tsmb_os_file *f, uint32_t *size)
{
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);
	struct ea_work *w;
	size_t len = 0;
	char none[1];
	int err;

	*size = 0;
	/* most files have none: answered without a buffer */
	err = tsmb_os_file_listxattr(f, none, 0, &len);
	if (!err || err == -TSMB_EOPNOTSUPP || err == -TSMB_ENODATA)
		return st;
	w = work_alloc(NULL, 0);
	if (!w)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	err = list_names(f, w);
	if (!err)
		err = emit_all(f, w, false);
	if (err)
		st = tsmb_status_from_errno(err);
	else
		*size = (uint32_t)w->size;
	tsmb_os_free(w);
	return st;
}

/* The EAs a FILE_GET_EA_INFORMATION list names. */
static struct tsmb_status emit_listed(struct tsmb_os_file *f, struct ea_work *w,
				      const uint8_t *get, size_t get_len, bool single)
{
	struct tsmb_get_ea_iter it;
	struct tsmb_get_ea ga;
	const char *s;
	size_t vlen;
	int r, err;

	tsmb_get_ea_iter_init(&it, get, get_len);
	while ((r = tsmb_get_ea_next(&it, &ga)) > 0) {
		if (!tsmb_ea_name_valid(ga.name, ga.name_len))
			return TSMB_ERR(STATUS_INVALID_EA_NAME);
		s = find_name(w, ga.name, ga.name_len);
		vlen = 0;
		if (s) {
			err = get_value(f, w, s, &vlen);
			if (err < 0)
				return tsmb_status_from_errno(err);
			if (err)
				vlen = 0;
		}
		emit(w, s ? s : ga.name, ga.name_len, w->val, vlen);
		if (single)
			break;
	}
	if (r < 0)
		return TSMB_ERR(STATUS_EA_LIST_INCONSISTENT);
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_ea_query(struct tsmb_os_file *f, const uint8_t *get, size_t get_len,
				 bool single, uint8_t *buf, size_t cap, size_t *len)
{
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);
	struct ea_work *w;
	int err;

	*len = 0;
	w = work_alloc(buf, cap);
	if (!w)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	err = list_names(f, w);
	if (err) {
		st = tsmb_status_from_errno(err);
	} else if (get_len) {
		st = emit_listed(f, w, get, get_len, single);
	} else {
		err = emit_all(f, w, single);
		if (err)
			st = tsmb_status_from_errno(err);
		else if (!w->count)
			st = TSMB_ERR(STATUS_NO_EAS_ON_FILE);
	}
	if (tsmb_st_ok(st) && !tsmb_wr_ok(&w->out))
		st = TSMB_ERR(STATUS_BUFFER_TOO_SMALL);
	else if (tsmb_st_ok(st))
		*len = w->size;
	tsmb_os_free(w);
	return st;
}

/* [MS-FSA] 2.1.5.15.5: every name well-formed, no flag but FILE_NEED_EA. */
static struct tsmb_status check_list(const uint8_t *list, size_t len)
{
	struct tsmb_full_ea_iter it;
	struct tsmb_full_ea ea;
	int r;

	tsmb_full_ea_iter_init(&it, list, len);
	while ((r = tsmb_full_ea_next(&it, &ea)) > 0)
		if (!tsmb_ea_name_valid(ea.name, ea.name_len) || (ea.flags & ~FILE_NEED_EA))
			return TSMB_ERR(STATUS_INVALID_EA_NAME);
	if (r < 0 || !len)
		return TSMB_ERR(STATUS_EA_LIST_INCONSISTENT);
	return TSMB_ST(STATUS_SUCCESS);
}

static int set_one(struct tsmb_os_file *f, struct ea_work *w, const struct tsmb_full_ea *ea)
{
	const char *old;
	int err;

	tsmb_memcpy(w->key, ea->name, ea->name_len);
	w->key[ea->name_len] = '\0';
	old = find_name(w, ea->name, ea->name_len);
	if (old && (!ea->value_len || tsmb_memcmp(old, w->key, ea->name_len))) {
		err = tsmb_os_file_removexattr(f, old);
		if (err && err != -TSMB_ENODATA)
			return err;
	}
	if (!ea->value_len)
		return 0;
	return tsmb_os_file_setxattr(f, w->key, ea->value, ea->value_len);
}

struct tsmb_status tsmb_ea_set(struct tsmb_os_file *f, const uint8_t *list, size_t len)
{
	struct tsmb_status st = check_list(list, len);
	struct tsmb_full_ea_iter it;
	struct tsmb_full_ea ea;
	struct ea_work *w;
	int err;

	if (!tsmb_st_ok(st))
		return st;
	w = work_alloc(NULL, 0);
	if (!w)
		return TSMB_ERR(STATUS_INSUFFICIENT_RESOURCES);
	err = list_names(f, w);
	tsmb_full_ea_iter_init(&it, list, len);
	while (!err && tsmb_full_ea_next(&it, &ea) > 0)
		err = set_one(f, w, &ea);
	if (err == -TSMB_EOPNOTSUPP)
		st = TSMB_ERR(STATUS_EAS_NOT_SUPPORTED);
	else if (err)
		st = tsmb_status_from_errno(err);
	tsmb_os_free(w);
	return st;
}
