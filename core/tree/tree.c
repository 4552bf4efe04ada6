// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/tree/tree.h"

#include <tsmb/os/mem.h>

#include "core/conn/conn.h"
#include "core/session/session.h"
#include "core/vfs/open.h"

struct tsmb_tree *tsmb_tree_find(struct tsmb_session *s, uint32_t id)
{
	struct tsmb_list *pos;

	if (!s)
		return NULL;
	tsmb_list_for_each(pos, &s->trees) {
		struct tsmb_tree *t = tsmb_list_entry(pos, struct tsmb_tree, node);

		if (t->id == id)
			return t;
	}
	return NULL;
}

void tsmb_tree_destroy(struct tsmb_tree *t)
{
	struct tsmb_conn *conn = t->sess->conn;
	struct tsmb_os_cred_saved saved;
	struct tsmb_open *op;
	uint32_t pos = 0;

	/*
	 * Closing runs delete-on-close: as the session's user, even when a
	 * disconnect (not a request) tears the tree down. Closing an open
	 * takes it out of the map; the walk goes on after it.
	 */
	tsmb_session_enter(t->sess, &saved);
	while (t->nr_opens && (op = tsmb_idmap_next(&conn->opens, &pos)))
		if (op->tree == t)
			tsmb_open_close(op);
	tsmb_session_leave(t->sess, &saved);
	tsmb_list_del(&t->node);
	t->sess->nr_trees--;
	tsmb_os_free(t);
}
