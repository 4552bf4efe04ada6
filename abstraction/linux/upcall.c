// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel side of the up-call channel. The generic netlink family that
 * carries messages to tsmbd (design in <tsmb/os/upcall.h>) comes with the
 * kernel-parity work; until a service can register, every call finds
 * none and fails at once with -TSMB_ENOTCONN, which the contract defines:
 * clients are refused log-on with STATUS_LOGON_FAILURE, never left hanging.
 */
#include <linux/slab.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/upcall.h>

struct tsmb_os_upcall {
	int unused;
};

int tsmb_os_upcall_create(struct tsmb_os_upcall **out)
{
	*out = kzalloc(sizeof(**out), GFP_KERNEL);
	return *out ? 0 : -TSMB_ENOMEM;
}

void tsmb_os_upcall_destroy(struct tsmb_os_upcall *ch)
{
	kfree(ch);
}

int tsmb_os_upcall_call(struct tsmb_os_upcall *ch, const uint8_t *req, size_t req_len,
			uint8_t *rsp, size_t rsp_cap, size_t *rsp_len, unsigned int timeout_ms)
{
	if (!timeout_ms || !req_len || req_len > (1u << 20))
		return -TSMB_EINVAL;
	return -TSMB_ENOTCONN;
}
