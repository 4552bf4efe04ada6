/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UTF-16LE (the wire's names) to and from UTF-8 (the OS's names). Unpaired
 * surrogates and encodings of them are refused rather than replaced: a
 * name that does not round-trip would open a different file than the one
 * the client named.
 */
#ifndef TSMB_CORE_LIB_UTF16_H
#define TSMB_CORE_LIB_UTF16_H

#include <tsmb/os/types.h>

/*
 * Converts in[0..in_len) (in_len even) into out, NUL-terminated; *out_len
 * is the length without the NUL. 0, -TSMB_EINVAL (odd length, unpaired
 * surrogate, NUL inside), -TSMB_ENAMETOOLONG (does not fit cap).
 */
int tsmb_utf16_to_utf8(const uint8_t *in, size_t in_len, char *out, size_t cap,
		       size_t *out_len) TSMB_MUST_CHECK;
/*
 * Converts in[0..len) into UTF-16LE at out (no terminator); *out_len in
 * bytes. 0, -TSMB_EINVAL (bad UTF-8), -TSMB_ENAMETOOLONG.
 */
int tsmb_utf8_to_utf16(const char *in, size_t len, uint8_t *out, size_t cap,
		       size_t *out_len) TSMB_MUST_CHECK;
/* UTF-16 bytes that tsmb_utf8_to_utf16 will need; -1 for bad UTF-8. */
long tsmb_utf8_utf16_len(const char *in, size_t len);

/*
 * Case-insensitive comparison of two UTF-8 names as Windows compares them
 * for share names: ASCII letters fold; other characters compare exactly.
 */
bool tsmb_name_equal_ci(const char *a, size_t alen, const char *b, size_t blen);

#endif /* TSMB_CORE_LIB_UTF16_H */
