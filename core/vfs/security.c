// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/vfs/security.h"

#include "core/lib/cursor.h"
#include "core/wire/fscc.h"
#include "core/wire/query_info.h"

/* S-1-22-1 (Unix users) and S-1-22-2 (Unix groups): one RID after the domain. */
#define UNIX_AUTHORITY		22
#define UNIX_USERS		1
#define UNIX_GROUPS		2
#define WORLD_AUTHORITY		1

#define ACE_FIXED		8	/* type, flags, size, mask */
#define ACL_HEADER		8

/* What the owner may do whatever the mode says: read and change the security and attributes. */
#define OWNER_RIGHTS	(READ_CONTROL | WRITE_DAC | WRITE_OWNER | FILE_READ_ATTRIBUTES | \
			 FILE_WRITE_ATTRIBUTES)

struct sid {
	uint8_t authority;
	uint8_t count;
	uint32_t sub[2];
};

static size_t sid_len(const struct sid *s)
{
	return 8 + 4u * s->count;
}

/* [MS-DTYP] 2.4.2.2 */
static void put_sid(struct tsmb_wr *w, const struct sid *s)
{
	unsigned int i;

	tsmb_wr_u8(w, 1);			/* Revision */
	tsmb_wr_u8(w, s->count);
	tsmb_wr_zero(w, 5);			/* IdentifierAuthority, big-endian */
	tsmb_wr_u8(w, s->authority);
	for (i = 0; i < s->count; i++)
		tsmb_wr_le32(w, s->sub[i]);
}

/* Rights of one rwx triplet, as Samba maps them. */
static uint32_t rwx_rights(unsigned int bits, bool dir)
{
	uint32_t m = 0;

	if ((bits & 7) == 7)
		return FILE_ALL_ACCESS;
	if (bits & 4)
		m |= FILE_GENERIC_READ;
	if (bits & 2)
		m |= FILE_GENERIC_WRITE | (dir ? FILE_DELETE_CHILD : 0);
	if (bits & 1)
		m |= FILE_GENERIC_EXECUTE;
	return m;
}

struct dacl {
	struct sid sid[3];
	uint32_t mask[3];
	unsigned int n;
};

static void dacl_add(struct dacl *d, const struct sid *s, uint32_t mask)
{
	if (!mask)
		return;
	d->sid[d->n] = *s;
	d->mask[d->n] = mask;
	d->n++;
}

static size_t dacl_len(const struct dacl *d)
{
	size_t len = ACL_HEADER;
	unsigned int i;

	for (i = 0; i < d->n; i++)
		len += ACE_FIXED + sid_len(&d->sid[i]);
	return len;
}

/* [MS-DTYP] 2.4.5 ACL and 2.4.4.2 ACCESS_ALLOWED_ACE */
static void put_dacl(struct tsmb_wr *w, const struct dacl *d)
{
	unsigned int i;

	tsmb_wr_u8(w, ACL_REVISION);
	tsmb_wr_u8(w, 0);
	tsmb_wr_le16(w, (uint16_t)dacl_len(d));
	tsmb_wr_le16(w, (uint16_t)d->n);
	tsmb_wr_le16(w, 0);
	for (i = 0; i < d->n; i++) {
		tsmb_wr_u8(w, ACCESS_ALLOWED_ACE_TYPE);
		tsmb_wr_u8(w, 0);		/* AceFlags: nothing inherits */
		tsmb_wr_le16(w, (uint16_t)(ACE_FIXED + sid_len(&d->sid[i])));
		tsmb_wr_le32(w, d->mask[i]);
		put_sid(w, &d->sid[i]);
	}
}

size_t tsmb_sd_build(uint32_t secinfo, const struct tsmb_os_stat *st, uint8_t *buf, size_t cap)
{
	const struct sid owner = { UNIX_AUTHORITY, 2, { UNIX_USERS, st->uid } };
	const struct sid group = { UNIX_AUTHORITY, 2, { UNIX_GROUPS, st->gid } };
	const struct sid world = { WORLD_AUTHORITY, 1, { 0, 0 } };
	bool dir = TSMB_S_ISDIR(st->mode);
	uint32_t o_off = 0, g_off = 0, d_off = 0;
	uint16_t control = SE_SELF_RELATIVE;
	size_t len = TSMB_SD_HEADER;
	struct tsmb_wr w;
	struct dacl d;

	d.n = 0;
	if (secinfo & OWNER_SECURITY_INFORMATION) {
		o_off = (uint32_t)len;
		len += sid_len(&owner);
	}
	if (secinfo & GROUP_SECURITY_INFORMATION) {
		g_off = (uint32_t)len;
		len += sid_len(&group);
	}
	if (secinfo & DACL_SECURITY_INFORMATION) {
		dacl_add(&d, &owner, rwx_rights(st->mode >> 6, dir) | OWNER_RIGHTS);
		dacl_add(&d, &group, rwx_rights(st->mode >> 3, dir));
		dacl_add(&d, &world, rwx_rights(st->mode, dir));
		control |= SE_DACL_PRESENT;
		d_off = (uint32_t)len;
		len += dacl_len(&d);
	}
	if (len > cap)
		return len;
	tsmb_wr_init(&w, buf, cap);
	tsmb_wr_u8(&w, SD_REVISION);
	tsmb_wr_u8(&w, 0);			/* Sbz1 */
	tsmb_wr_le16(&w, control);
	tsmb_wr_le32(&w, o_off);
	tsmb_wr_le32(&w, g_off);
	tsmb_wr_le32(&w, 0);			/* OffsetSacl: none */
	tsmb_wr_le32(&w, d_off);
	if (o_off)
		put_sid(&w, &owner);
	if (g_off)
		put_sid(&w, &group);
	if (d_off)
		put_dacl(&w, &d);
	return len;
}
