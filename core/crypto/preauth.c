// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/crypto/preauth.h"

int tsmb_preauth_update(struct tsmb_os_hash *sha512, uint8_t hash[TSMB_PREAUTH_HASH_LEN],
			const uint8_t *msg, size_t len)
{
	struct tsmb_iov iov[2] = {
		{ .base = hash, .len = TSMB_PREAUTH_HASH_LEN },
		{ .base = msg, .len = len },
	};
	uint8_t next[TSMB_PREAUTH_HASH_LEN];
	int ret;

	ret = tsmb_os_hash_digest(sha512, iov, 2, next);
	if (ret)
		return ret;
	tsmb_memcpy(hash, next, sizeof(next));
	return 0;
}
