/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small integer ids for objects (tree ids, file ids): a growable slot
 * array with a free list, so that lookup is an index and a client that
 * opens a hundred thousand files costs one pointer each. An id carries a
 * generation in its upper half, so a stale id of a closed object never
 * finds the object that reused its slot.
 *
 * Not locked: each map belongs to one connection, whose receive work is
 * the only one to touch it.
 */
#ifndef TSMB_CORE_LIB_IDMAP_H
#define TSMB_CORE_LIB_IDMAP_H

#include <tsmb/os/types.h>

struct tsmb_idmap_slot {
	void *p;		/* NULL: free */
	uint32_t gen;
	uint32_t next_free;
};

struct tsmb_idmap {
	struct tsmb_idmap_slot *slots;
	uint32_t cap;
	uint32_t used;
	uint32_t free_head;	/* index + 1; 0: none */
	uint32_t max;		/* most objects at once */
};

void tsmb_idmap_init(struct tsmb_idmap *m, uint32_t max);
/* The map must be empty (the owner removed everything). */
void tsmb_idmap_fini(struct tsmb_idmap *m);
/*
 * A new id for p (never 0, never all ones): 0, -TSMB_ENOMEM, or
 * -TSMB_EMFILE when max objects exist. Ids are 64 bits: slot index in
 * the low 32, generation in the high 32.
 */
int tsmb_idmap_add(struct tsmb_idmap *m, void *p, uint64_t *id) TSMB_MUST_CHECK;
void *tsmb_idmap_find(const struct tsmb_idmap *m, uint64_t id);
void tsmb_idmap_remove(struct tsmb_idmap *m, uint64_t id);
/* Each object in turn, for teardown: *pos starts at 0; NULL at the end. */
void *tsmb_idmap_next(const struct tsmb_idmap *m, uint32_t *pos);

#endif /* TSMB_CORE_LIB_IDMAP_H */
