// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/frame.h"

bool tsmb_frame_decode(const uint8_t hdr[TSMB_FRAME_HDR_SIZE], uint32_t *len)
{
	if (hdr[0] != 0)
		return false;
	*len = ((uint32_t)hdr[1] << 16) | ((uint32_t)hdr[2] << 8) | hdr[3];
	return true;
}

void tsmb_frame_encode(uint8_t hdr[TSMB_FRAME_HDR_SIZE], uint32_t len)
{
	hdr[0] = 0;
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
}
