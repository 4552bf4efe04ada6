// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * authd's SPNEGO DER parser; whatever it accepts must re-encode into a
 * NegTokenResp that it parses back to the same token and MIC.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <talloc.h>

#include "authd/spnego.h"

#define FUZZ_ASSERT(cond)                                                   \
	do {                                                                \
		if (!(cond))                                                \
			__builtin_trap();                                   \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authd_spnego_in in, back;
	uint8_t *b;
	size_t len;

	if (authd_spnego_parse(data, size, &in))
		return 0;
	FUZZ_ASSERT(!in.token || (in.token >= data && in.token + in.token_len <= data + size));
	FUZZ_ASSERT(!in.mic || (in.mic >= data && in.mic + in.mic_len <= data + size));
	b = authd_spnego_resp(NULL, AUTHD_SPNEGO_ACCEPT_INCOMPLETE, true, in.token, in.token_len,
			      in.mic, in.mic_len, &len);
	if (!b)
		return 0;
	FUZZ_ASSERT(authd_spnego_parse(b, len, &back) == 0);
	FUZZ_ASSERT(back.token_len == in.token_len && back.mic_len == in.mic_len);
	FUZZ_ASSERT(!in.token_len || !memcmp(back.token, in.token, in.token_len));
	FUZZ_ASSERT(!in.mic_len || !memcmp(back.mic, in.mic, in.mic_len));
	talloc_free(b);
	return 0;
}
