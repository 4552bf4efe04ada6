/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMB1 SMB_COM_NEGOTIATE that older clients open with to find out
 * whether the server speaks SMB2 ([MS-SMB2] 3.3.5.3, [MS-CIFS] 2.2.4.52).
 * tsmb implements no SMB1 beyond recognising this request.
 */
#ifndef TSMB_CORE_WIRE_SMB1_NEGOTIATE_H
#define TSMB_CORE_WIRE_SMB1_NEGOTIATE_H

#include <tsmb/os/types.h>

struct tsmb_smb1_negotiate {
	bool smb2_002;		/* "SMB 2.002" offered */
	bool smb2_wildcard;	/* "SMB 2.???" offered */
};

/*
 * msg/len is the SMB1 message (frame payload). False if it is not a
 * well-formed SMB_COM_NEGOTIATE request.
 */
bool tsmb_smb1_negotiate_decode(const uint8_t *msg, size_t len,
				struct tsmb_smb1_negotiate *neg);

#endif /* TSMB_CORE_WIRE_SMB1_NEGOTIATE_H */
