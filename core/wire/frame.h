/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Direct TCP transport framing ([MS-SMB2] 2.1): each message is preceded by
 * a 4-byte header, a zero byte and a 24-bit big-endian length.
 */
#ifndef TSMB_CORE_WIRE_FRAME_H
#define TSMB_CORE_WIRE_FRAME_H

#include <tsmb/os/types.h>

#define TSMB_FRAME_HDR_SIZE	4
#define TSMB_FRAME_MAX_LEN	0x00FFFFFFu

/*
 * Decodes a frame header. Returns false if the first byte is not zero
 * (a NetBIOS session message, or garbage): the connection must be dropped.
 */
bool tsmb_frame_decode(const uint8_t hdr[TSMB_FRAME_HDR_SIZE], uint32_t *len);
void tsmb_frame_encode(uint8_t hdr[TSMB_FRAME_HDR_SIZE], uint32_t len);

#endif /* TSMB_CORE_WIRE_FRAME_H */
