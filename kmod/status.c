// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/fs/tsmb/status: one "key value" line each, for admins and tests.
 *
 *   service registered <pid>   (or: service none)
 *   listening <addr> ...       (or: listening none, before tsmbd configured it)
 *   connections N, connections_total N, sessions N, opens N,
 *   bytes_in N, bytes_out N
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "abstraction/linux/host.h"
#include "kmod/kmod.h"

static struct proc_dir_entry *tsmb_proc_dir;

static int tsmb_status_show(struct seq_file *sf, void *unused)
{
	char addr[TSMB_ADDR_STRLEN];
	struct tsmb_kmod_status *st;
	unsigned int i;
	pid_t pid;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	tsmb_kmod_get_status(st);
	pid = tsmb_linux_upcall_service();
	if (pid)
		seq_printf(sf, "service registered %d\n", pid);
	else
		seq_puts(sf, "service none\n");
	seq_puts(sf, "listening");
	for (i = 0; i < st->nr_listen; i++) {
		tsmb_addr_format(&st->listen[i], addr, sizeof(addr));
		seq_printf(sf, " %s", addr);
	}
	seq_puts(sf, st->nr_listen ? "\n" : " none\n");
	seq_printf(sf, "connections %llu\n", st->stats.connections);
	seq_printf(sf, "connections_total %llu\n", st->stats.connections_total);
	seq_printf(sf, "sessions %llu\n", st->stats.sessions);
	seq_printf(sf, "opens %llu\n", st->stats.opens);
	seq_printf(sf, "bytes_in %llu\n", st->stats.bytes_in);
	seq_printf(sf, "bytes_out %llu\n", st->stats.bytes_out);
	kfree(st);
	return 0;
}

int tsmb_kmod_status_init(void)
{
	tsmb_proc_dir = proc_mkdir("fs/tsmb", NULL);
	if (!tsmb_proc_dir)
		return -ENOMEM;
	if (!proc_create_single("status", 0444, tsmb_proc_dir, tsmb_status_show)) {
		proc_remove(tsmb_proc_dir);
		return -ENOMEM;
	}
	return 0;
}

/* Waits for readers in progress. */
void tsmb_kmod_status_exit(void)
{
	proc_remove(tsmb_proc_dir);
}
