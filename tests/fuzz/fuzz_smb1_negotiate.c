// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/smb1_negotiate.c: any bytes as the SMB1 negotiate that asks for SMB2. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/wire/smb1_negotiate.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tsmb_fuzz_quiet();
	return 0;
}

/* An independent reading of the same rule: "SMB 2.002" among the strings. */
static bool offers(const uint8_t *p, size_t n, const char *want)
{
	size_t wl = strlen(want) + 1, i;

	for (i = 0; i + 1 + wl <= n; i++)
		if (p[i] == 0x02 && (i == 0 || p[i - 1] == 0) && !memcmp(p + i + 1, want, wl))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsmb_smb1_negotiate neg;
	size_t bc;

	if (!tsmb_smb1_negotiate_decode(data, size, &neg))
		return 0;
	/* accepted: a header, WordCount 0 and ByteCount within the message */
	FUZZ_ASSERT(size >= 35 && data[4] == 0x72 && data[32] == 0 && !(data[9] & 0x80));
	bc = (size_t)data[33] | ((size_t)data[34] << 8);
	FUZZ_ASSERT(35 + bc <= size);
	FUZZ_ASSERT(!bc || data[35 + bc - 1] == 0);
	if (neg.smb2_002)
		FUZZ_ASSERT(offers(data + 35, bc, "SMB 2.002"));
	if (neg.smb2_wildcard)
		FUZZ_ASSERT(offers(data + 35, bc, "SMB 2.???"));
	return 0;
}
