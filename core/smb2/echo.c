// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 3.3.5.17 Receiving an SMB2 ECHO Request. */
#include "core/smb2/dispatch.h"
#include "core/wire/echo.h"

struct tsmb_status tsmb_smb2_echo(struct tsmb_req *req)
{
	if (!tsmb_echo_req_decode(req->body, req->body_len))
		return TSMB_ERR(STATUS_INVALID_PARAMETER);
	/*
	 * An anonymous keep-alive is answered as is; one that names a session
	 * or is signed must belong to a session. (The spec lets a server drop
	 * a connection with no sessions here; Windows answers, and so do we.)
	 */
	if ((req->hdr.session_id || (req->hdr.flags & SMB2_FLAGS_SIGNED)) && !req->sess)
		return TSMB_ERR(STATUS_USER_SESSION_DELETED);
	tsmb_echo_rsp_encode(req->rsp);
	return TSMB_ST(STATUS_SUCCESS);
}
