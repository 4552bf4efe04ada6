// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Client paths to OS names: [MS-SMB2] 3.3.5.9 (path name validation) and
 * the naming rules of [MS-FSCC] 2.1.5 that NTFS enforces. Nothing that the
 * OS could read as something else gets through: no '/', no "." or "..",
 * no empty component, no stream syntax other than the default data stream.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

#include "core/lib/cursor.h"
#include "core/lib/utf16.h"
#include "core/vfs/open.h"

/* NTFS's limit on one component, in UTF-16 code units. */
#define NAME_COMPONENT_MAX	255

static uint16_t unit(const uint8_t *name, size_t i)
{
	return tsmb_get_le16(name + 2 * i);
}

/* [MS-FSCC] 2.1.5.2: characters never valid in a file name. */
static bool bad_char(uint16_t c)
{
	if (c < 0x20)
		return true;
	switch (c) {
	case '"': case '*': case '/': case ':': case '<': case '>': case '?': case '|':
		return true;
	default:
		return false;
	}
}

static uint16_t upper(uint16_t c)
{
	return c >= 'a' && c <= 'z' ? (uint16_t)(c - 'a' + 'A') : c;
}

/*
 * "name::$DATA" is the file's default data stream, the file itself: some
 * clients spell it out. Any other stream is refused by bad_char(':').
 */
static bool default_stream_suffix(const uint8_t *name, size_t n)
{
	static const char suffix[] = "::$DATA";
	size_t k, s = sizeof(suffix) - 1;

	if (n <= s || unit(name, n - s - 1) == '\\')
		return false;
	for (k = 0; k < s; k++)
		if (upper(unit(name, n - s + k)) != (uint8_t)suffix[k])
			return false;
	return true;
}

static bool dot_component(const uint8_t *name, size_t start, size_t end)
{
	size_t i;

	if (end - start > 2)
		return false;
	for (i = start; i < end; i++)
		if (unit(name, i) != '.')
			return false;
	return true;
}

static struct tsmb_status append(const uint8_t *name, size_t start, size_t end, char *out,
				 size_t *o)
{
	size_t cap = TSMB_PATH_MAX + 1, got;
	int ret;

	if (*o) {
		if (*o + 1 >= cap)
			return TSMB_ERR(STATUS_NAME_TOO_LONG);
		out[(*o)++] = '/';
	}
	ret = tsmb_utf16_to_utf8(name + 2 * start, 2 * (end - start), out + *o, cap - *o, &got);
	if (ret == -TSMB_ENAMETOOLONG)
		return TSMB_ERR(STATUS_NAME_TOO_LONG);
	if (ret)	/* an unpaired surrogate: no name on disk can match it */
		return TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
	*o += got;
	return TSMB_ST(STATUS_SUCCESS);
}

struct tsmb_status tsmb_path_from_wire(const uint8_t *name, size_t len, char *out)
{
	size_t n = len / 2, i, start = 0, o = 0;
	struct tsmb_status st = TSMB_ST(STATUS_SUCCESS);

	out[0] = '\0';
	if (len & 1)
		return TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
	if (!n)
		return st;
	/* 3.3.5.9: a name starting with a path separator is refused outright. */
	if (unit(name, 0) == '\\')
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/* a trailing separator names the directory itself */
	if (unit(name, n - 1) == '\\')
		n--;
	if (default_stream_suffix(name, n))
		n -= 7;
	for (i = 0; i <= n && tsmb_st_ok(st); i++) {
		if (i < n && unit(name, i) != '\\') {
			if (bad_char(unit(name, i)))
				st = TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
			continue;
		}
		if (i == start || dot_component(name, start, i) ||
		    i - start > NAME_COMPONENT_MAX)
			st = TSMB_ERR(STATUS_OBJECT_NAME_INVALID);
		else
			st = append(name, start, i, out, &o);
		start = i + 1;
	}
	/* no half-converted name for a caller that ignores the status */
	if (!tsmb_st_ok(st))
		out[0] = '\0';
	return st;
}

char *tsmb_path_dup(const char *path)
{
	size_t n = 0;
	char *p;

	while (path[n])
		n++;
	p = tsmb_os_alloc(n + 1);
	if (p)
		tsmb_memcpy(p, path, n + 1);
	return p;
}
