/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TSMB_CORE_WIRE_ECHO_H
#define TSMB_CORE_WIRE_ECHO_H

#include "core/lib/cursor.h"

/* [MS-SMB2] 2.2.28: StructureSize 4, Reserved. False if malformed. */
bool tsmb_echo_req_decode(const uint8_t *body, size_t len);
/* [MS-SMB2] 2.2.29 */
void tsmb_echo_rsp_encode(struct tsmb_wr *w);

#endif /* TSMB_CORE_WIRE_ECHO_H */
