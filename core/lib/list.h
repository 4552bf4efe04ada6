/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Intrusive circular doubly-linked list, as the kernel's list_head. */
#ifndef TSMB_CORE_LIB_LIST_H
#define TSMB_CORE_LIB_LIST_H

#include <tsmb/os/types.h>

struct tsmb_list {
	struct tsmb_list *next, *prev;
};

static inline void tsmb_list_init(struct tsmb_list *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool tsmb_list_empty(const struct tsmb_list *h)
{
	return h->next == h;
}

static inline void tsmb_list_add_tail(struct tsmb_list *n, struct tsmb_list *h)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

/* Leaves n pointing at itself, so a second del is harmless. */
static inline void tsmb_list_del(struct tsmb_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	tsmb_list_init(n);
}

#define tsmb_list_entry(ptr, type, member) tsmb_container_of(ptr, type, member)

#define tsmb_list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#endif /* TSMB_CORE_LIB_LIST_H */
