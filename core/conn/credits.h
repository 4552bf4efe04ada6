/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command sequence window ([MS-SMB2] 3.3.1.1, 3.3.1.2, 3.3.5.2.3).
 *
 * A client may use each MessageId once, and only ids the server has
 * granted credits for. The window is [lo, lo + size): ids below lo are
 * spent; ids inside it that were used out of order are marked in a
 * bitmap relative to lo. The bitmap bounds both the window and the
 * credits outstanding, keeping per-connection state at 80 bytes.
 */
#ifndef TSMB_CORE_CONN_CREDITS_H
#define TSMB_CORE_CONN_CREDITS_H

#include <tsmb/os/types.h>

#define TSMB_CREDITS_WINDOW	512	/* bits in the bitmap */
#define TSMB_CREDITS_MAX	512	/* most credits a client may hold */

struct tsmb_credits {
	uint64_t lo;
	uint32_t size;		/* window length: granted ids not yet below lo */
	uint32_t used;		/* ids inside the window already spent */
	uint64_t map[TSMB_CREDITS_WINDOW / 64];
};

/* The first request (MessageId 0) is always allowed. */
void tsmb_credits_init(struct tsmb_credits *c);
/*
 * Spends charge consecutive ids starting at mid. False (nothing spent) if
 * any of them is outside the window or already used: the caller then
 * drops the connection, as Windows does.
 */
bool tsmb_credits_consume(struct tsmb_credits *c, uint64_t mid, uint16_t charge);
/*
 * Grants up to requested new credits for a response, at least one when
 * the client would otherwise have none left, within the window. Returns
 * the number granted (the response's CreditResponse).
 */
uint16_t tsmb_credits_grant(struct tsmb_credits *c, uint16_t requested);
/* Credits the client holds now (granted and unspent). */
static inline uint32_t tsmb_credits_outstanding(const struct tsmb_credits *c)
{
	return c->size - c->used;
}

#endif /* TSMB_CORE_CONN_CREDITS_H */
