// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/lib/idmap.h"

#include <tsmb/os/errno.h>
#include <tsmb/os/mem.h>

void tsmb_idmap_init(struct tsmb_idmap *m, uint32_t max)
{
	tsmb_memset(m, 0, sizeof(*m));
	m->max = max;
}

void tsmb_idmap_fini(struct tsmb_idmap *m)
{
	tsmb_os_free(m->slots);
	m->slots = NULL;
	m->cap = 0;
	m->used = 0;
	m->free_head = 0;
}

static int grow(struct tsmb_idmap *m)
{
	uint32_t cap = m->cap ? m->cap * 2 : 16, i;
	struct tsmb_idmap_slot *s;

	if (cap > m->max)
		cap = m->max;
	if (cap <= m->cap)
		return -TSMB_EMFILE;
	s = tsmb_os_alloc(sizeof(*s) * cap);
	if (!s)
		return -TSMB_ENOMEM;
	if (m->cap)
		tsmb_memcpy(s, m->slots, sizeof(*s) * m->cap);
	for (i = m->cap; i < cap; i++) {
		s[i].p = NULL;
		s[i].gen = 1;
		s[i].next_free = i + 1 < cap ? i + 2 : m->free_head;
	}
	m->free_head = m->cap + 1;
	tsmb_os_free(m->slots);
	m->slots = s;
	m->cap = cap;
	return 0;
}

int tsmb_idmap_add(struct tsmb_idmap *m, void *p, uint64_t *id)
{
	struct tsmb_idmap_slot *s;
	uint32_t i;
	int ret;

	if (m->used >= m->max)
		return -TSMB_EMFILE;
	if (!m->free_head) {
		ret = grow(m);
		if (ret)
			return ret;
	}
	i = m->free_head - 1;
	s = &m->slots[i];
	m->free_head = s->next_free;
	s->p = p;
	m->used++;
	*id = ((uint64_t)s->gen << 32) | i;
	return 0;
}

static struct tsmb_idmap_slot *slot(const struct tsmb_idmap *m, uint64_t id)
{
	uint32_t i = (uint32_t)id;

	if (i >= m->cap || !m->slots[i].p || m->slots[i].gen != (uint32_t)(id >> 32))
		return NULL;
	return &m->slots[i];
}

void *tsmb_idmap_find(const struct tsmb_idmap *m, uint64_t id)
{
	struct tsmb_idmap_slot *s = slot(m, id);

	return s ? s->p : NULL;
}

void tsmb_idmap_remove(struct tsmb_idmap *m, uint64_t id)
{
	struct tsmb_idmap_slot *s = slot(m, id);

	if (!s)
		return;
	s->p = NULL;
	/* generations skip 0 and all ones, so an id is never 0 nor ~0 */
	if (++s->gen == 0xffffffffu)
		s->gen = 1;
	s->next_free = m->free_head;
	m->free_head = (uint32_t)id + 1;
	m->used--;
}

void *tsmb_idmap_next(const struct tsmb_idmap *m, uint32_t *pos)
{
	while (*pos < m->cap) {
		void *p = m->slots[(*pos)++].p;

		if (p)
			return p;
	}
	return NULL;
}
