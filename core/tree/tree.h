/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tree connect ([MS-SMB2] 3.3.1.10): a session's use of one share. */
#ifndef TSMB_CORE_TREE_TREE_H
#define TSMB_CORE_TREE_TREE_H

#include "core/lib/list.h"
#include "core/tree/share.h"

struct tsmb_session;

struct tsmb_tree {
	struct tsmb_list node;		/* sess->trees */
	struct tsmb_session *sess;
	struct tsmb_share *share;
	uint32_t id;
	uint32_t max_access;		/* MaximalAccess granted to the session */
	bool read_only;			/* the share, or the user's access to it */
	bool encrypt;			/* TreeConnect.EncryptData */
	unsigned int nr_opens;
};

struct tsmb_tree *tsmb_tree_find(struct tsmb_session *s, uint32_t id);
/* Closes every open of the tree and frees it. */
void tsmb_tree_destroy(struct tsmb_tree *t);

#endif /* TSMB_CORE_TREE_TREE_H */
