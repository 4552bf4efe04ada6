/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Directory search patterns ([MS-FSA] 2.1.4.4): '*', '?' and the DOS
 * wildcards '<' (DOS_STAR), '>' (DOS_QM) and '"' (DOS_DOT), compared
 * without regard to case as Windows does for a QUERY_DIRECTORY pattern.
 */
#ifndef TSMB_CORE_VFS_WILDCARD_H
#define TSMB_CORE_VFS_WILDCARD_H

#include <tsmb/os/types.h>

/* Longest pattern, bytes of UTF-8 (255 UTF-16 units at 3 bytes, and then some). */
#define TSMB_PATTERN_MAX	1024

/*
 * Whether name (UTF-8, one component) matches expr (UTF-8). An empty expr
 * matches nothing but the empty name (callers turn an empty pattern into
 * "*" first); an expr longer than TSMB_PATTERN_MAX matches nothing. Bytes
 * that are not UTF-8 compare as themselves.
 */
bool tsmb_wildcard_match(const char *expr, size_t elen, const char *name, size_t nlen);
/* Whether expr contains a wildcard character at all. */
bool tsmb_wildcard_has_wild(const char *expr, size_t elen);
/* Simple upper-casing of a code point (ASCII, Latin-1/Ext-A, Greek, Cyrillic, full-width). */
uint32_t tsmb_upcase(uint32_t c);

#endif /* TSMB_CORE_VFS_WILDCARD_H */
