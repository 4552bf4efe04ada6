/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Direct TCP transport ([MS-SMB2] 2.1): accepting connections and turning
 * a byte stream into frames for the protocol engine. Both run as work
 * items queued by socket readiness, never as a thread per connection.
 */
#ifndef TSMB_CORE_TRANSPORT_TCP_H
#define TSMB_CORE_TRANSPORT_TCP_H

#include <tsmb/os/work.h>

/* Work function of a listener: accepts what is pending. */
void tsmb_tcp_accept_work(struct tsmb_work *work);
/* Work function of a connection: receives and processes what has arrived. */
void tsmb_tcp_rx_work(struct tsmb_work *work);

#endif /* TSMB_CORE_TRANSPORT_TCP_H */
