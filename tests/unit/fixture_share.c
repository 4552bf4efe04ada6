// SPDX-License-Identifier: GPL-2.0-or-later
/* See fixture_share.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/vfs/open.h"
#include "core/wire/fscc.h"
#include "fixture_share.h"

void t_fixture_setup(struct t_fixture *fx, const char *name)
{
	unsigned int i;

	memset(fx, 0, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/tsmb-%s.XXXXXX", name);
	assert_non_null(mkdtemp(fx->dir));
	chmod(fx->dir, 0755);
	fx->srv = calloc(1, sizeof(*fx->srv));
	fx->conn = calloc(1, sizeof(*fx->conn));
	fx->sess = calloc(1, sizeof(*fx->sess));
	fx->tree = calloc(1, sizeof(*fx->tree));
	assert_true(fx->srv && fx->conn && fx->sess && fx->tree);
	tsmb_os_mutex_init(&fx->srv->files_lock);
	tsmb_list_init(&fx->srv->oplock_notify);
	tsmb_list_init(&fx->srv->oplock_waiters);
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		tsmb_list_init(&fx->srv->file_buckets[i]);
	fx->conn->srv = fx->srv;
	fx->conn->dialect = SMB2_DIALECT_311;
	snprintf(fx->conn->peer, sizeof(fx->conn->peer), "test");
	tsmb_idmap_init(&fx->conn->opens, 1000);
	tsmb_list_init(&fx->conn->async);
	fx->sess->conn = fx->conn;
	fx->sess->ident.uid = getuid();
	fx->sess->ident.gid = getgid();
	assert_int_equal(tsmb_os_root_open(fx->dir, &fx->share.root), 0);
	fx->tree->sess = fx->sess;
	fx->tree->share = &fx->share;
	fx->tree->max_access = FILE_ALL_ACCESS;
}

void t_fixture_teardown(struct t_fixture *fx)
{
	char cmd[128];
	uint32_t pos = 0;
	void *p;
	unsigned int i;

	while ((p = tsmb_idmap_next(&fx->conn->opens, &pos)))
		tsmb_open_close(p);
	for (i = 0; i < TSMB_FILE_BUCKETS; i++)
		if (!tsmb_list_empty(&fx->srv->file_buckets[i]))
			fail_msg("a file is left in the table");
	tsmb_idmap_fini(&fx->conn->opens);
	tsmb_os_file_close(fx->share.root);
	tsmb_os_mutex_destroy(&fx->srv->files_lock);
	free(fx->srv);
	free(fx->conn);
	free(fx->sess);
	free(fx->tree);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	assert_int_equal(system(cmd), 0);
}

struct tsmb_status t_fixture_run(struct t_fixture *fx, const struct t_msg *msg,
				 struct tsmb_req *req, uint8_t *rsp, size_t size,
				 size_t *rsp_len,
				 struct tsmb_status (*fn)(struct tsmb_req *))
{
	struct tsmb_status st;
	struct tsmb_wr w;

	memset(req, 0, sizeof(*req));
	assert_true(tsmb_hdr_decode(msg->b, msg->n, &req->hdr));
	req->conn = fx->conn;
	req->msg = msg->b;
	req->len = msg->n;
	req->body = msg->b + 64;
	req->body_len = msg->n - 64;
	req->sess = fx->sess;
	req->tree = fx->tree;
	req->cmp = &fx->cmp;
	tsmb_wr_init(&w, rsp, size);
	w.off = 64;
	req->rsp = &w;
	st = fn(req);
	req->rsp = NULL;
	assert_true(tsmb_wr_ok(&w));
	*rsp_len = w.off;
	return st;
}

void t_create_body(struct t_msg *m, const char *name, uint32_t access,
		   uint32_t share_access, uint32_t disp, uint32_t options,
		   uint32_t attrs)
{
	size_t i;

	t_u16(m, 57);
	t_u16(m, 0);
	t_u32(m, 2);			/* impersonation */
	t_u64(m, 0);
	t_u64(m, 0);
	t_u32(m, access);
	t_u32(m, attrs);
	t_u32(m, share_access);
	t_u32(m, disp);
	t_u32(m, options);
	t_u16(m, 120);
	t_u16(m, (uint16_t)(2 * strlen(name)));
	t_u32(m, 0);
	t_u32(m, 0);
	for (i = 0; name[i]; i++)
		t_u16(m, (uint8_t)name[i]);
}
