// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsmb.ko: loads listening nowhere, with the generic netlink family that
 * tsmbd registers on; tsmbd's CONFIG (kmod/config.c) makes the server,
 * from tsmb.conf. Parameters: kmod/README.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "abstraction/linux/host.h"
#include "kmod/kmod.h"
#include "tests/contract/contract.h"

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
	int err;

	if (selftest) {
		err = tsmb_run_selftest();
		if (err)
			return err;
	}
	err = tsmb_linux_upcall_init(tsmb_kmod_config);
	if (err)
		return err;
	err = tsmb_kmod_status_init();
	if (err) {
		pr_err("cannot create /proc/fs/tsmb/status (error %d)\n", err);
		tsmb_linux_upcall_exit();
		return err;
	}
	pr_info("loaded; waiting for tsmbd to register and configure the server\n");
	return 0;
}

/*
 * The family first: no CONFIG can make a server any more, and calls that
 * wait for tsmbd fail at once, so stopping the server (which waits for the
 * connections' requests to end) is not held up by them.
 */
static void __exit tsmb_exit(void)
{
	tsmb_kmod_status_exit();
	tsmb_linux_upcall_exit();
	tsmb_kmod_config_exit();
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
