// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/wire/transform.c and core/crypto/transform.c: decode any bytes as
 * a TRANSFORM_HEADER and its message; what decodes re-encodes to the same
 * 52 bytes and satisfies every check of [MS-SMB2] 3.3.5.2.1.1, and
 * decrypting it (in place, in two segments, under a fixed AES-128-GCM or
 * -CCM key chosen by the last nonce byte) either succeeds or reports a
 * forgery. The seeds "gcm_valid" and "ccm_valid" authenticate under those
 * keys (gen_corpus.py), so the success path is reached too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tsmb/os/errno.h>

#include "core/crypto/transform.h"
#include "fuzz_common.h"

static struct tsmb_cipher gcm, ccm;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t key[16];

	tsmb_fuzz_quiet();
	memset(key, 0x42, sizeof(key));
	if (tsmb_cipher_init(&gcm, SMB2_ENCRYPTION_AES128_GCM, key, sizeof(key)) ||
	    tsmb_cipher_init(&ccm, SMB2_ENCRYPTION_AES128_CCM, key, sizeof(key)))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_transform_hdr th;
	uint8_t out[SMB2_TRANSFORM_HDR_SIZE], *msg;
	struct tsmb_mvec seg[2];
	struct tsmb_wr w;
	size_t len, half;
	int rc;

	if (!tsmb_transform_decode(data, size, &th))
		return 0;
	FUZZ_ASSERT(size > SMB2_TRANSFORM_HDR_SIZE);
	FUZZ_ASSERT(th.original_size == size - SMB2_TRANSFORM_HDR_SIZE);
	FUZZ_ASSERT(th.flags == SMB2_TRANSFORM_FLAG_ENCRYPTED && th.session_id != 0);

	tsmb_wr_init(&w, out, sizeof(out));
	tsmb_transform_encode(&w, &th);
	FUZZ_ASSERT(tsmb_wr_ok(&w) && w.off == sizeof(out));
	FUZZ_ASSERT(memcmp(out, data, sizeof(out)) == 0);

	len = th.original_size;
	msg = malloc(len);
	if (!msg)
		return 0;
	memcpy(msg, data + SMB2_TRANSFORM_HDR_SIZE, len);
	half = len / 2;
	seg[0] = (struct tsmb_mvec){ msg, half };
	seg[1] = (struct tsmb_mvec){ msg + half, len - half };
	rc = tsmb_transform_open(th.nonce[15] & 1 ? &ccm : &gcm, &th, seg, 2);
	FUZZ_ASSERT(rc == 0 || rc == -TSMB_EBADMSG);
	free(msg);
	return 0;
}
