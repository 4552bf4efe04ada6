// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmb.ko: module parameters in, one core server out. Everything the
 * server needs is filled in at load; a load that cannot serve what the
 * admin asked for fails with a dmesg line saying why.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "abstraction/linux/host.h"
#include "core/server.h"
#include "tests/contract/contract.h"

static char *address = "0.0.0.0,::";
module_param(address, charp, 0444);
MODULE_PARM_DESC(address, "Comma-separated IPv4/IPv6 addresses to listen on (default \"0.0.0.0,::\")");

static ushort port = TSMB_DEFAULT_PORT;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port (default 445)");

static uint max_connections;
module_param(max_connections, uint, 0444);
MODULE_PARM_DESC(max_connections, "Maximum simultaneous connections (default 0: the server's default)");

static bool selftest;
module_param(selftest, bool, 0444);
MODULE_PARM_DESC(selftest, "Run the OS contract conformance suite at load; a failure fails the load");

static char *selftest_dir;
module_param(selftest_dir, charp, 0444);
MODULE_PARM_DESC(selftest_dir,
		 "With selftest=1: an empty directory (absolute path) for the file and identity checks");

static int tsmb_log_level_set(const char *val, const struct kernel_param *kp)
{
	int level, err;

	err = kstrtoint(val, 0, &level);
	if (err)
		return err;
	return tsmb_linux_log_set_level(level);
}

static int tsmb_log_level_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%d\n", tsmb_linux_log_get_level());
}

static const struct kernel_param_ops tsmb_log_level_ops = {
	.set = tsmb_log_level_set,
	.get = tsmb_log_level_get,
};

/* The value lives in abstraction/linux/log.c; this only validates and forwards. */
module_param_cb(log_level, &tsmb_log_level_ops, NULL, 0644);
__MODULE_PARM_TYPE(log_level, "int");
MODULE_PARM_DESC(log_level, "Log level, 3 (errors) to 7 (debug); default 6, writable at run time");

/* The module's one server; kmod is its only owner. */
static struct tsmb_server *tsmb_srv;

static int tsmb_parse_one(const char *tok, struct tsmb_sockaddr *a)
{
	int len = strlen(tok);
	const char *end;

	memset(a, 0, sizeof(*a));
	a->port = port;
	/* end == tok + len: the whole token, not a prefix, is an address. */
	if (in4_pton(tok, len, a->addr, -1, &end) == 1 && end == tok + len) {
		a->family = TSMB_AF_INET;
		return 0;
	}
	if (in6_pton(tok, len, a->addr, -1, &end) == 1 && end == tok + len) {
		a->family = TSMB_AF_INET6;
		return 0;
	}
	return -EINVAL;
}

static int tsmb_parse_addresses(struct tsmb_server_config *cfg)
{
	char *copy, *cur, *tok;
	int err = 0;

	if (!address || !*address) {
		pr_err("address is empty; give at least one IPv4 or IPv6 address\n");
		return -EINVAL;
	}
	copy = kstrdup(address, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	cur = copy;
	while (!err && (tok = strsep(&cur, ",")) != NULL) {
		tok = strim(tok);
		if (cfg->nr_listen == TSMB_MAX_LISTEN) {
			pr_err("address: more than %d addresses\n", TSMB_MAX_LISTEN);
			err = -EINVAL;
		} else if (tsmb_parse_one(tok, &cfg->listen[cfg->nr_listen])) {
			pr_err("address: \"%s\" is not an IPv4 or IPv6 address\n", tok);
			err = -EINVAL;
		} else {
			cfg->nr_listen++;
		}
	}
	kfree(copy);
	return err;
}

static int tsmb_run_selftest(void)
{
	int err;

	pr_info("running the contract self-test\n");
	err = tsmb_contract_selftest();
	/*
	 * From the loading process, which resolves the path as the admin
	 * gave it; the module itself never resolves absolute paths later.
	 */
	if (selftest_dir && *selftest_dir)
		err += tsmb_contract_file_selftest(selftest_dir);
	else
		pr_notice("no selftest_dir: the file and identity checks are skipped\n");
	if (err) {
		pr_err("contract self-test FAILED (%d); not loading\n", err);
		return -EINVAL;
	}
	pr_info("contract self-test passed\n");
	return 0;
}

static int __init tsmb_init(void)
{
	struct tsmb_server_config *cfg;
	int err;

	if (!port) {
		pr_err("port 0 is not a port to listen on\n");
		return -EINVAL;
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	err = tsmb_parse_addresses(cfg);
	if (err)
		goto out;
	cfg->max_connections = max_connections;

	if (selftest) {
		err = tsmb_run_selftest();
		if (err)
			goto out;
	}

	err = tsmb_server_create(cfg, &tsmb_srv);
	if (err) {
		pr_err("cannot create the server (error %d)\n", err);
		goto out;
	}
	err = tsmb_server_start(tsmb_srv);
	if (err) {
		pr_err("cannot start the server on \"%s\" port %u (error %d)\n", address, port, err);
		tsmb_server_stop(tsmb_srv);
		tsmb_server_destroy(tsmb_srv);
		tsmb_srv = NULL;
		goto out;
	}
	pr_info("started\n");
out:
	kfree(cfg);
	return err;
}

static void __exit tsmb_exit(void)
{
	tsmb_server_stop(tsmb_srv);
	tsmb_server_destroy(tsmb_srv);
	pr_info("stopped\n");
}

module_init(tsmb_init);
module_exit(tsmb_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("tsmb developers");
MODULE_DESCRIPTION("tsmb SMB2/3 file server");
/*
 * The core's digests (crypto_alloc_shash() would request_module() them
 * too, but a softdep lets modprobe and initramfs tools see them).
 */
MODULE_SOFTDEP("pre: sha256 sha512 hmac cmac aes");
