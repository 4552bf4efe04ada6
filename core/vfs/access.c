// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Access masks over POSIX mode bits. The mapping follows what a Windows
 * file server's ACL for the same rights would say: read gives the data and
 * its EAs, write the data, EAs and attributes, and the owner may always
 * change the attributes and the security (as chmod allows); deleting is
 * the parent directory's business, as unlink(2) has it.
 */
#include "core/vfs/access.h"

/* S_IS* permission bits, Linux's values */
#define S_ISVTX	01000u

uint32_t tsmb_access_map_generic(uint32_t desired)
{
	uint32_t a = desired & ~(GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);

	/* [MS-SMB2] 2.2.13.1.1: the file object's generic mapping */
	if (desired & GENERIC_READ)
		a |= FILE_GENERIC_READ;
	if (desired & GENERIC_WRITE)
		a |= FILE_GENERIC_WRITE;
	if (desired & GENERIC_EXECUTE)
		a |= FILE_GENERIC_EXECUTE;
	if (desired & GENERIC_ALL)
		a |= FILE_ALL_ACCESS;
	return a;
}

static bool in_group(const struct tsmb_ident *id, uint32_t gid)
{
	uint32_t i;

	if (id->gid == gid)
		return true;
	for (i = 0; i < id->ngroups && i < TSMB_IDENT_GROUPS_MAX; i++)
		if (id->groups[i] == gid)
			return true;
	return false;
}

/* The rwx bits that apply to id, as the kernel picks the class. */
static uint32_t perm_bits(const struct tsmb_ident *id, const struct tsmb_os_stat *st)
{
	if (id->uid == st->uid)
		return (st->mode >> 6) & 7;
	if (in_group(id, st->gid))
		return (st->mode >> 3) & 7;
	return st->mode & 7;
}

/* unlink(2) and rmdir(2): write and search on the directory, and the sticky rule. */
static bool may_delete(const struct tsmb_ident *id, const struct tsmb_os_stat *st,
		       const struct tsmb_os_stat *parent)
{
	if (!parent || (perm_bits(id, parent) & 3) != 3)
		return false;
	if (parent->mode & S_ISVTX)
		return id->uid == st->uid || id->uid == parent->uid;
	return true;
}

uint32_t tsmb_access_allowed(const struct tsmb_ident *id, const struct tsmb_os_stat *st,
			     const struct tsmb_os_stat *parent)
{
	uint32_t a = READ_CONTROL | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
	uint32_t p;

	if (id->uid == 0)
		return parent ? FILE_ALL_ACCESS : FILE_ALL_ACCESS & ~DELETE;
	p = perm_bits(id, st);
	if (p & 4)
		a |= FILE_READ_DATA | FILE_READ_EA;
	if (p & 2)
		a |= FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES;
	if (p & 1)
		a |= FILE_EXECUTE;
	/*
	 * entries are added and removed with write and search on the
	 * directory; on a file the right means nothing, and Windows's full
	 * control (0x1f01ff) has it
	 */
	if (TSMB_S_ISDIR(st->mode) ? (p & 3) == 3 : (p & 2))
		a |= FILE_DELETE_CHILD;
	if (id->uid == st->uid)
		a |= FILE_WRITE_ATTRIBUTES | WRITE_DAC | WRITE_OWNER;
	if (may_delete(id, st, parent))
		a |= DELETE;
	return a;
}
