/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UTF-8 <-> UTF-16LE for the names and passwords NTLM carries. */
#ifndef TSMB_AUTHD_UNISTR_H
#define TSMB_AUTHD_UNISTR_H

#include <stddef.h>
#include <stdint.h>

/*
 * UTF-16LE (len bytes) to a NUL-terminated talloc'd UTF-8 string. NULL for
 * an odd length, an unpaired surrogate, an embedded NUL, or no memory.
 */
char *authd_utf16_to_utf8(void *mem_ctx, const uint8_t *in, size_t len);
/* UTF-8 to talloc'd UTF-16LE (*outlen bytes); NULL for invalid UTF-8 or no memory. */
uint8_t *authd_utf8_to_utf16(void *mem_ctx, const char *in, size_t *outlen);
/* Latin-1 (the OEM code page NTLM falls back to) to UTF-16LE. */
uint8_t *authd_latin1_to_utf16(void *mem_ctx, const uint8_t *in, size_t len, size_t *outlen);
/*
 * Upper-cases UTF-16LE in place for NTOWFv2's UPPER(User): ASCII, Latin-1,
 * Latin Extended-A pairs, Greek and Cyrillic. Windows uses its full case
 * table; names outside these blocks keep their case (documented in
 * docs/userdb.md).
 */
void authd_utf16_upper(uint8_t *buf, size_t len);

#endif /* TSMB_AUTHD_UNISTR_H */
