/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Oplock breaks on the wire ([MS-SMB2] 3.3.4.6, 3.3.5.22.1). */
#ifndef TSMB_CORE_SMB2_OPLOCK_H
#define TSMB_CORE_SMB2_OPLOCK_H

struct tsmb_conn;
struct tsmb_req;

/* The receive work: sends the break notifications queued for conn's opens. */
void tsmb_smb2_oplock_notify(struct tsmb_conn *conn);

#endif /* TSMB_CORE_SMB2_OPLOCK_H */
