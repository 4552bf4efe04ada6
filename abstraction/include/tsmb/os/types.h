/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Base types of the OS contract.
 *
 * core/ sees the world only through abstraction/include/tsmb/os/. Each
 * format supplies <tsmb/os_arch.h> (found through the include path:
 * abstraction/posix/arch or abstraction/linux/arch) with the fixed-width
 * integer types, bool, size_t, NULL, the inline fast paths (atomics, byte
 * order) and the sizes of the objects that callers embed.
 */
#ifndef TSMB_OS_TYPES_H
#define TSMB_OS_TYPES_H

#include <tsmb/os_arch.h>

/* A scatter element, used for hashing and sending without copying. */
struct tsmb_iov {
	const void *base;
	size_t len;
};

/* A writable scatter element: data transformed in place (AEAD). */
struct tsmb_mvec {
	void *base;
	size_t len;
};

#define TSMB_U64_MAX (~(uint64_t)0)
#define TSMB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define TSMB_ALIGN(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define TSMB_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TSMB_MAX(a, b) ((a) > (b) ? (a) : (b))
#define tsmb_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define tsmb_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define tsmb_memmove(d, s, n) __builtin_memmove((d), (s), (n))
#define tsmb_memset(d, c, n) __builtin_memset((d), (c), (n))
#define tsmb_memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

#define tsmb_likely(x) __builtin_expect(!!(x), 1)
#define tsmb_unlikely(x) __builtin_expect(!!(x), 0)

#define TSMB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TSMB_MUST_CHECK __attribute__((warn_unused_result))

#endif /* TSMB_OS_TYPES_H */
