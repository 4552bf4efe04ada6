/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A security descriptor for a POSIX file ([MS-DTYP] 2.4.6, self-relative):
 * the owner and group as Samba's "Unix User" / "Unix Group" SIDs
 * (S-1-22-1-uid, S-1-22-2-gid), and a DACL that grants the owner, the
 * group and Everyone what the mode's rwx bits allow. It lets Windows
 * Explorer show a Security tab; it is not an ACL store.
 */
#ifndef TSMB_CORE_VFS_SECURITY_H
#define TSMB_CORE_VFS_SECURITY_H

#include <tsmb/os/file.h>

/* [MS-DTYP] 2.4.6 Control */
#define SE_DACL_PRESENT		0x0004u
#define SE_SELF_RELATIVE	0x8000u

/* [MS-DTYP] 2.4.4.1 AceType */
#define ACCESS_ALLOWED_ACE_TYPE	0x00

#define ACL_REVISION		2
#define SD_REVISION		1
#define TSMB_SD_HEADER		20

/*
 * The descriptor for the parts secinfo asks for (OWNER, GROUP, DACL
 * _SECURITY_INFORMATION; others are left out): returns its length, and
 * writes it into buf when it fits cap (nothing otherwise).
 */
size_t tsmb_sd_build(uint32_t secinfo, const struct tsmb_os_stat *st, uint8_t *buf, size_t cap);

#endif /* TSMB_CORE_VFS_SECURITY_H */
