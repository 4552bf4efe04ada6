/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What srvsvc and wkssvc say about the server ([MS-SRVS] 2.2.4.40-42,
 * [MS-WKST] 2.2.5.1), and the member layouts (ndr.h's ndr_push_records)
 * of the information levels, shared with the tests that decode them.
 */
#ifndef TSMB_SRVSVC_SRVSVC_H
#define TSMB_SRVSVC_SRVSVC_H

#include <stdint.h>

/* What Windows Server 2016 and later report. */
#define SRVSVC_PLATFORM_ID_NT	500
#define SRVSVC_VERSION_MAJOR	10
#define SRVSVC_VERSION_MINOR	0
/* SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_NT | SV_TYPE_SERVER_NT */
#define SRVSVC_SERVER_TYPE	0x00009003u

/* SHARE_INFO_<level> (0, 1, 2, 501, 502, 1005); NULL for any other level. */
const char *srvsvc_share_layout(uint32_t level);
/* WKSTA_INFO_100: platform_id, computername, langroup, ver_major, ver_minor */
#define SRVSVC_WKSTA_LAYOUT_100	"ussuu"

/* SERVER_INFO_<level> (100, 101, 102); NULL for any other level. */
const char *srvsvc_server_layout(uint32_t level);

#endif /* TSMB_SRVSVC_SRVSVC_H */
