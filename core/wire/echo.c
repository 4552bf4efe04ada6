// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/echo.h"

bool tsmb_echo_req_decode(const uint8_t *body, size_t len)
{
	struct tsmb_rd r;

	tsmb_rd_init(&r, body, len);
	if (tsmb_rd_le16(&r) != 4)
		return false;
	tsmb_rd_skip(&r, 2);	/* Reserved: ignored on receipt */
	return tsmb_rd_ok(&r);
}

void tsmb_echo_rsp_encode(struct tsmb_wr *w)
{
	tsmb_wr_le16(w, 4);
	tsmb_wr_le16(w, 0);
}
