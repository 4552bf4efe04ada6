/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A scratch directory as a share, with a server, connection, session and
 * tree around it as the dispatcher would hand them to an SMB2 handler:
 * for the tests that run handlers on real files (test_fileio.c,
 * test_ioctl.c).
 */
#ifndef TSMB_TESTS_UNIT_FIXTURE_SHARE_H
#define TSMB_TESTS_UNIT_FIXTURE_SHARE_H

#include <stddef.h>
#include <stdint.h>

#include "core/conn/conn.h"
#include "core/server_priv.h"
#include "core/session/session.h"
#include "core/smb2/dispatch.h"
#include "core/tree/tree.h"
#include "tsmb_test.h"

struct t_fixture {
	char dir[64];			/* the share's directory */
	struct tsmb_server *srv;
	struct tsmb_conn *conn;
	struct tsmb_session *sess;
	struct tsmb_tree *tree;		/* the tree t_fixture_run() hands out */
	struct tsmb_share share;
	struct tsmb_compound cmp;
};

/*
 * Makes /tmp/tsmb-NAME.XXXXXX and the rest: a connection at 3.1.1, a
 * session as the caller's uid and gid, a tree with every access right.
 */
void t_fixture_setup(struct t_fixture *fx, const char *name);

/*
 * Closes the opens still there, fails the test if a file is left in the
 * server's table, frees everything and removes the directory.
 */
void t_fixture_teardown(struct t_fixture *fx);

/*
 * Runs fn on msg with fx's connection, session, tree and compound state;
 * the response body goes to rsp + 64, *rsp_len is where it ends. req is
 * left as fn left it (its rsp cleared), for what the handler set there.
 */
struct tsmb_status t_fixture_run(struct t_fixture *fx, const struct t_msg *msg,
				 struct tsmb_req *req, uint8_t *rsp, size_t size,
				 size_t *rsp_len,
				 struct tsmb_status (*fn)(struct tsmb_req *));

/*
 * Appends a CREATE body to m (after its header) as clients send it: the
 * fixed part, then the name (ASCII here) at offset 120, no contexts.
 */
void t_create_body(struct t_msg *m, const char *name, uint32_t access,
		   uint32_t share_access, uint32_t disp, uint32_t options,
		   uint32_t attrs);

#endif
