/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NDR 2.0 ([C706] chapter 14, little-endian only): a pull cursor over a
 * request's stub data and a push buffer for the response's.
 *
 * Both are sticky on error: after the first failure (a short buffer, a
 * count past what the buffer holds, an offset or a length that does not
 * add up, no memory) every further call is a no-op returning zeros, and
 * the caller checks ->err once at the end. Alignment is relative to the
 * start of the stub, which both start at.
 *
 * Embedded pointers: NDR puts the referent of a pointer inside a
 * structure or array after the whole construct. The push side keeps an
 * explicit FIFO of such referents (strings and SIDs, the only ones the
 * services here embed): ndr_defer_*() writes the pointer's referent id
 * now and queues the referent, ndr_push_deferred() writes the queue out
 * once the construct is complete. No recursion anywhere.
 */
#ifndef TSMB_SRVSVC_NDR_H
#define TSMB_SRVSVC_NDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srvsvc/sid.h"

/* A response stub past this is an error (the biggest real one is a few KiB a share). */
#define NDR_PUSH_MAX	(8u << 20)

struct ndr_pull {
	const uint8_t *data;
	size_t len;
	size_t off;
	bool err;
	void *mem;		/* talloc context for pulled strings */
};

void ndr_pull_init(struct ndr_pull *p, void *mem, const uint8_t *data, size_t len);
/* Fails the cursor (a semantic check of the caller did not hold). */
void ndr_pull_fail(struct ndr_pull *p);
void ndr_pull_align(struct ndr_pull *p, size_t n);
uint8_t ndr_pull_u8(struct ndr_pull *p);
uint16_t ndr_pull_u16(struct ndr_pull *p);	/* aligned to 2 */
uint32_t ndr_pull_u32(struct ndr_pull *p);	/* aligned to 4 */
uint64_t ndr_pull_u64(struct ndr_pull *p);	/* aligned to 8 */
/* n bytes in place (no alignment), NULL past the end. */
const uint8_t *ndr_pull_raw(struct ndr_pull *p, size_t n);
/* A unique or full pointer's referent id: 0 is NULL. */
static inline uint32_t ndr_pull_ptr(struct ndr_pull *p)
{
	return ndr_pull_u32(p);
}
/*
 * A conformance (array size) of elements of at least elem bytes each:
 * fails when it exceeds max or cannot fit in what is left of the buffer.
 */
uint32_t ndr_pull_count(struct ndr_pull *p, uint32_t max, size_t elem);
/*
 * [string] wchar_t *: max_count, offset, actual_count and the UTF-16LE
 * units, the last a NUL; returns UTF-8 under p->mem, NULL on error.
 */
char *ndr_pull_cvstring(struct ndr_pull *p);
/*
 * The deferred buffer of an RPC_UNICODE_STRING ([MS-DTYP] 2.3.10) whose
 * scalar Length/MaximumLength were len/maxlen: checked against both.
 */
char *ndr_pull_ustring_body(struct ndr_pull *p, uint16_t len, uint16_t maxlen);
/* An RPC_SID referent ([MS-DTYP] 2.4.2.3): conformance, then the SID. */
bool ndr_pull_sid(struct ndr_pull *p, struct srvsvc_sid *sid);
/* Skips a conformant byte array referent ([size_is(n)] unsigned char *). */
void ndr_pull_skip_bytes(struct ndr_pull *p, uint32_t max);

enum ndr_deferred_kind {
	NDR_DEFER_CVSTRING,
	NDR_DEFER_USTRING,
	NDR_DEFER_SID,
};

struct ndr_deferred {
	enum ndr_deferred_kind kind;
	const uint8_t *u16;	/* strings: UTF-16LE, no NUL */
	size_t u16_len;		/* bytes */
	struct srvsvc_sid sid;
};

struct ndr_push {
	void *mem;
	uint8_t *buf;
	size_t len;
	size_t cap;
	bool err;
	uint32_t next_ref;
	struct ndr_deferred *q;
	size_t nq;
	size_t qcap;
};

void ndr_push_init(struct ndr_push *p, void *mem);
void ndr_push_align(struct ndr_push *p, size_t n);
void ndr_push_u8(struct ndr_push *p, uint8_t v);
void ndr_push_u16(struct ndr_push *p, uint16_t v);
void ndr_push_u32(struct ndr_push *p, uint32_t v);
void ndr_push_u64(struct ndr_push *p, uint64_t v);
void ndr_push_bytes(struct ndr_push *p, const void *data, size_t n);
/* A unique pointer: a fresh referent id when present, 0 otherwise. */
void ndr_push_ptr(struct ndr_push *p, bool present);
/* [string] wchar_t * referent, in place (UTF-8 in, NUL appended). */
void ndr_push_cvstring(struct ndr_push *p, const char *s);
/* An RPC_SID referent, in place. */
void ndr_push_sid(struct ndr_push *p, const struct srvsvc_sid *sid);
/* Embedded [string] wchar_t *: the pointer now, the string deferred; NULL: a NULL pointer. */
void ndr_defer_cvstring(struct ndr_push *p, const char *s);
/* Embedded RPC_UNICODE_STRING: Length, MaximumLength, pointer now, buffer deferred. */
void ndr_defer_ustring(struct ndr_push *p, const char *s);
/* Embedded PRPC_SID: the pointer now, the SID deferred; NULL: a NULL pointer. */
void ndr_defer_sid(struct ndr_push *p, const struct srvsvc_sid *sid);
/* Writes every queued referent in order and empties the queue. */
void ndr_push_deferred(struct ndr_push *p);

/*
 * Flat structures (SHARE_INFO_*, SERVER_INFO_*, WKSTA_INFO_*): a layout
 * string names each member in order, 'u' a 32-bit integer, 's' an
 * embedded [string] wchar_t *, 'b' a pointer to a conformant byte array
 * (SHARE_INFO_502's security descriptor: pushed NULL, skipped on pull).
 * v holds strlen(layout) values a record; n records are an array's
 * elements (the caller writes the conformance), n == 1 a lone structure.
 * Members first, then every record's strings, in order ([C706] 14.3.12.3).
 */
union ndr_val {
	uint32_t u;
	const char *s;
};

void ndr_push_records(struct ndr_push *p, const char *layout, const union ndr_val *v,
		      uint32_t n);
/* Strings land under p->mem; false (and p failed) when malformed. */
bool ndr_pull_records(struct ndr_pull *p, const char *layout, union ndr_val *v, uint32_t n);

#endif /* TSMB_SRVSVC_NDR_H */
