// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/wire/smb1_negotiate.h"

#include "core/lib/cursor.h"
#include "core/wire/smb2.h"

#define SMB1_FLAGS_REPLY	0x80
#define SMB1_DIALECT_FORMAT	0x02

static bool dialect_is(const uint8_t *s, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!want[i] || s[i] != (uint8_t)want[i])
			return false;
	return want[n] == '\0';
}

bool tsmb_smb1_negotiate_decode(const uint8_t *msg, size_t len,
				struct tsmb_smb1_negotiate *neg)
{
	struct tsmb_rd r, bytes;
	const uint8_t *p;
	uint16_t byte_count;

	neg->smb2_002 = false;
	neg->smb2_wildcard = false;
	tsmb_rd_init(&r, msg, len);
	if (tsmb_rd_le32(&r) != SMB1_PROTO_ID || tsmb_rd_u8(&r) != SMB1_COM_NEGOTIATE)
		return false;
	tsmb_rd_skip(&r, 4);			/* Status */
	if (tsmb_rd_u8(&r) & SMB1_FLAGS_REPLY)	/* a response is not a request */
		return false;
	tsmb_rd_seek(&r, SMB1_HDR_SIZE);
	if (tsmb_rd_u8(&r) != 0)		/* WordCount */
		return false;
	byte_count = tsmb_rd_le16(&r);
	p = tsmb_rd_take(&r, byte_count);
	if (!p)
		return false;
	tsmb_rd_init(&bytes, p, byte_count);
	while (tsmb_rd_left(&bytes)) {
		size_t start, n;

		if (tsmb_rd_u8(&bytes) != SMB1_DIALECT_FORMAT)
			return false;
		start = bytes.off;
		while (tsmb_rd_left(&bytes) && bytes.buf[bytes.off] != 0)
			bytes.off++;
		if (!tsmb_rd_left(&bytes))	/* unterminated string */
			return false;
		n = bytes.off - start;
		bytes.off++;
		if (dialect_is(bytes.buf + start, n, "SMB 2.002"))
			neg->smb2_002 = true;
		else if (dialect_is(bytes.buf + start, n, "SMB 2.???"))
			neg->smb2_wildcard = true;
	}
	return true;
}
