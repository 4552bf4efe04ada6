// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/smb1_negotiate.c: the SMB1 negotiate that asks for SMB2 ([MS-SMB2] 3.3.5.3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/wire/smb1_negotiate.h"
#include "tsmb_test.h"

static struct t_msg msg;

#define SMB1_FLAGS	9
#define SMB1_WORDCOUNT	32
#define SMB1_BYTECOUNT	33

/* What smbclient (Samba 4.17, "client min protocol = NT1") sends, as captured. */
static const char *const smbclient_dialects[] = {
	"NT LANMAN 1.0", "NT LM 0.12", "SMB 2.002", "SMB 2.???",
};

/* An old client that offers many SMB1 dialects before SMB2's. */
static const char *const many_dialects[] = {
	"PC NETWORK PROGRAM 1.0", "MICROSOFT NETWORKS 1.03", "MICROSOFT NETWORKS 3.0",
	"LANMAN1.0", "LM1.2X002", "DOS LANMAN2.1", "LANMAN2.1", "Samba", "NT LANMAN 1.0",
	"NT LM 0.12", "SMB 2.002", "SMB 2.???",
};

static void build(const char *const *d, unsigned int n)
{
	msg.n = 0;
	t_smb1_negotiate(&msg, d, n);
}

static bool decode(struct tsmb_smb1_negotiate *neg)
{
	memset(neg, 0xAA, sizeof(*neg));
	return tsmb_smb1_negotiate_decode(msg.b, msg.n, neg);
}

static void test_smbclient(void **state)
{
	struct tsmb_smb1_negotiate neg;

	build(smbclient_dialects, 4);
	assert_true(decode(&neg));
	assert_true(neg.smb2_002);
	assert_true(neg.smb2_wildcard);
	build(many_dialects, 12);
	assert_true(decode(&neg));
	assert_true(neg.smb2_002);
	assert_true(neg.smb2_wildcard);
}

static void test_windows_order(void **state)
{
	static const char *const d[] = { "NT LM 0.12", "SMB 2.002", "SMB 2.???" };
	struct tsmb_smb1_negotiate neg;

	build(d, 3);
	assert_true(decode(&neg));
	assert_true(neg.smb2_002);
	assert_true(neg.smb2_wildcard);
}

static void test_smb1_only(void **state)
{
	static const char *const d[] = { "NT LANMAN 1.0", "NT LM 0.12" };
	struct tsmb_smb1_negotiate neg;

	build(d, 2);
	assert_true(decode(&neg));
	assert_false(neg.smb2_002);
	assert_false(neg.smb2_wildcard);
}

static void test_each_smb2_string(void **state)
{
	static const char *const d1[] = { "SMB 2.002" };
	static const char *const d2[] = { "SMB 2.???" };
	struct tsmb_smb1_negotiate neg;

	build(d1, 1);
	assert_true(decode(&neg));
	assert_true(neg.smb2_002);
	assert_false(neg.smb2_wildcard);
	build(d2, 1);
	assert_true(decode(&neg));
	assert_false(neg.smb2_002);
	assert_true(neg.smb2_wildcard);
}

/* Exact matches only: prefixes, extensions and other cases do not count. */
static void test_near_misses(void **state)
{
	static const char *const d[] = {
		"SMB 2.00", "SMB 2.0021", "smb 2.002", "SMB 2.002 ", "SMB 2.??", "SMB 2.????",
		"SMB 2", "", "SMB 3.???",
	};
	struct tsmb_smb1_negotiate neg;

	build(d, sizeof(d) / sizeof(d[0]));
	assert_true(decode(&neg));
	assert_false(neg.smb2_002);
	assert_false(neg.smb2_wildcard);
}

static void test_no_dialects(void **state)
{
	struct tsmb_smb1_negotiate neg;

	build(NULL, 0);
	assert_int_equal(t_get16(msg.b + SMB1_BYTECOUNT), 0);
	assert_true(decode(&neg));
	assert_false(neg.smb2_002);
	assert_false(neg.smb2_wildcard);
}

/* Bytes beyond ByteCount are not dialects. */
static void test_bytes_after_byte_count(void **state)
{
	static const char *const d[] = { "NT LM 0.12" };
	static const uint8_t extra[] = { 0x02, 'S', 'M', 'B', ' ', '2', '.', '0', '0', '2', 0 };
	struct tsmb_smb1_negotiate neg;

	build(d, 1);
	t_append(&msg, extra, sizeof(extra));
	assert_true(decode(&neg));
	assert_false(neg.smb2_002);
}

static void test_unterminated(void **state)
{
	static const char *const d[] = { "NT LM 0.12", "SMB 2.002" };
	struct tsmb_smb1_negotiate neg;

	build(d, 2);
	msg.n--;		/* drop the last NUL ... */
	t_put16(msg.b + SMB1_BYTECOUNT, (uint16_t)(t_get16(msg.b + SMB1_BYTECOUNT) - 1));
	assert_false(decode(&neg));
	/* ... or keep it outside ByteCount */
	build(d, 2);
	t_put16(msg.b + SMB1_BYTECOUNT, (uint16_t)(t_get16(msg.b + SMB1_BYTECOUNT) - 1));
	assert_false(decode(&neg));
	/* a buffer format byte and nothing else */
	build(NULL, 0);
	t_append(&msg, NULL, 1)[0] = 0x02;
	t_put16(msg.b + SMB1_BYTECOUNT, 1);
	assert_false(decode(&neg));
}

static void test_buffer_format(void **state)
{
	static const char *const d[] = { "NT LM 0.12", "SMB 2.002" };
	struct tsmb_smb1_negotiate neg;

	build(d, 2);
	msg.b[SMB1_BYTECOUNT + 2 + 1 + strlen(d[0]) + 1] = 0x04;	/* second string's */
	assert_false(decode(&neg));
	build(d, 2);
	msg.b[SMB1_BYTECOUNT + 2] = 0x00;
	assert_false(decode(&neg));
}

static void test_word_count(void **state)
{
	static const char *const d[] = { "SMB 2.002" };
	struct tsmb_smb1_negotiate neg;
	unsigned int wc;

	for (wc = 1; wc < 256; wc *= 2) {
		build(d, 1);
		msg.b[SMB1_WORDCOUNT] = (uint8_t)wc;
		if (decode(&neg))
			fail_msg("WordCount %u accepted", wc);
	}
	build(d, 1);
	msg.b[SMB1_WORDCOUNT] = 0xFF;
	assert_false(decode(&neg));
}

static void test_byte_count_past_end(void **state)
{
	static const char *const d[] = { "SMB 2.002", "SMB 2.???" };
	struct tsmb_smb1_negotiate neg;

	build(d, 2);
	t_put16(msg.b + SMB1_BYTECOUNT, (uint16_t)(t_get16(msg.b + SMB1_BYTECOUNT) + 1));
	assert_false(decode(&neg));
	t_put16(msg.b + SMB1_BYTECOUNT, 0xFFFF);
	assert_false(decode(&neg));
}

static void test_reply_flag(void **state)
{
	static const char *const d[] = { "SMB 2.002" };
	struct tsmb_smb1_negotiate neg;

	build(d, 1);
	msg.b[SMB1_FLAGS] |= 0x80;
	assert_false(decode(&neg));
	/* other flags are fine */
	build(d, 1);
	msg.b[SMB1_FLAGS] = 0x7F;
	assert_true(decode(&neg));
	assert_true(neg.smb2_002);
}

static void test_not_a_negotiate(void **state)
{
	static const char *const d[] = { "SMB 2.002" };
	struct tsmb_smb1_negotiate neg;

	build(d, 1);
	msg.b[4] = 0x73;	/* SESSION_SETUP_ANDX */
	assert_false(decode(&neg));
	build(d, 1);
	msg.b[0] = 0xFE;	/* an SMB2 protocol id */
	assert_false(decode(&neg));
	build(d, 1);
	msg.b[3] = 'b';
	assert_false(decode(&neg));
}

static void test_short(void **state)
{
	static const char *const d[] = { "SMB 2.002" };
	struct tsmb_smb1_negotiate neg;
	size_t full, len;

	build(d, 1);
	full = msg.n;
	for (len = 0; len < full; len++) {
		msg.n = len;
		if (decode(&neg))
			fail_msg("%zu of %zu bytes accepted", len, full);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smbclient),
		cmocka_unit_test(test_windows_order),
		cmocka_unit_test(test_smb1_only),
		cmocka_unit_test(test_each_smb2_string),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_no_dialects),
		cmocka_unit_test(test_bytes_after_byte_count),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_buffer_format),
		cmocka_unit_test(test_word_count),
		cmocka_unit_test(test_byte_count_past_end),
		cmocka_unit_test(test_reply_flag),
		cmocka_unit_test(test_not_a_negotiate),
		cmocka_unit_test(test_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
