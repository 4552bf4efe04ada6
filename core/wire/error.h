/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TSMB_CORE_WIRE_ERROR_H
#define TSMB_CORE_WIRE_ERROR_H

#include "core/lib/cursor.h"

#define SMB2_ERROR_RSP_SIZE 9

/* SMB2 ERROR Response body ([MS-SMB2] 2.2.2) with no error data. */
void tsmb_error_rsp_encode(struct tsmb_wr *w);
/*
 * The same with ErrorData: STATUS_BUFFER_TOO_SMALL carries the size the
 * client must ask for (4 bytes), in every dialect, as Windows sends it.
 */
void tsmb_error_rsp_encode_data(struct tsmb_wr *w, const uint8_t *data, uint32_t len);

#endif /* TSMB_CORE_WIRE_ERROR_H */
