// SPDX-License-Identifier: GPL-2.0-or-later
/* core/wire/hdr.c: the SMB2 header ([MS-SMB2] 2.2.1) and the request sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/lib/status.h"
#include "core/wire/hdr.h"
#include "tsmb_test.h"

/* A sync header with every field distinct, built by hand. */
static void sync_bytes(uint8_t *p)
{
	unsigned int i;

	memset(p, 0, 64);
	p[0] = 0xFE;
	p[1] = 'S';
	p[2] = 'M';
	p[3] = 'B';
	t_put16(p + T_H_SSIZE, 64);
	t_put16(p + T_H_CHARGE, 0x0102);
	t_put32(p + T_H_STATUS, 0x03040506);
	t_put16(p + T_H_CMD, SMB2_ECHO);
	t_put16(p + T_H_CREDITS, 0x0708);
	t_put32(p + T_H_FLAGS, SMB2_FLAGS_SIGNED | SMB2_FLAGS_RELATED_OPERATIONS);
	t_put32(p + T_H_NEXT, 0x48);
	t_put64(p + T_H_MID, 0x1112131415161718ull);
	t_put32(p + T_H_PID, 0x21222324);
	t_put32(p + T_H_TID, 0x31323334);
	t_put64(p + T_H_SID, 0x4142434445464748ull);
	for (i = 0; i < 16; i++)
		p[T_H_SIG + i] = (uint8_t)(0xC0 + i);
}

static void test_decode_sync(void **state)
{
	uint8_t p[64];
	struct tsmb_hdr h;
	unsigned int i;

	sync_bytes(p);
	memset(&h, 0xAA, sizeof(h));
	assert_true(tsmb_hdr_decode(p, sizeof(p), &h));
	assert_int_equal(h.structure_size, 64);
	assert_int_equal(h.credit_charge, 0x0102);
	assert_int_equal(h.status, 0x03040506);
	assert_int_equal(h.command, SMB2_ECHO);
	assert_int_equal(h.credits, 0x0708);
	assert_int_equal(h.flags, SMB2_FLAGS_SIGNED | SMB2_FLAGS_RELATED_OPERATIONS);
	assert_int_equal(h.next_command, 0x48);
	assert_true(h.message_id == 0x1112131415161718ull);
	assert_int_equal(h.process_id, 0x21222324);
	assert_int_equal(h.tree_id, 0x31323334);
	assert_int_equal(h.async_id, 0);
	assert_true(h.session_id == 0x4142434445464748ull);
	for (i = 0; i < 16; i++)
		assert_int_equal(h.signature[i], 0xC0 + i);
}

static void test_decode_async(void **state)
{
	uint8_t p[64];
	struct tsmb_hdr h;

	sync_bytes(p);
	t_put32(p + T_H_FLAGS, SMB2_FLAGS_ASYNC_COMMAND | SMB2_FLAGS_SERVER_TO_REDIR);
	t_put64(p + T_H_ASYNC, 0x5152535455565758ull);
	memset(&h, 0xAA, sizeof(h));
	assert_true(tsmb_hdr_decode(p, sizeof(p), &h));
	assert_int_equal(h.flags, SMB2_FLAGS_ASYNC_COMMAND | SMB2_FLAGS_SERVER_TO_REDIR);
	assert_true(h.async_id == 0x5152535455565758ull);
	assert_int_equal(h.process_id, 0);
	assert_int_equal(h.tree_id, 0);
	assert_true(h.session_id == 0x4142434445464748ull);
	assert_true(h.message_id == 0x1112131415161718ull);
}

/* Bytes after the header (a body, the next compounded request) are not read. */
static void test_decode_longer_buffer(void **state)
{
	uint8_t p[100];
	struct tsmb_hdr h;

	memset(p, 0x77, sizeof(p));
	sync_bytes(p);
	assert_true(tsmb_hdr_decode(p, sizeof(p), &h));
	assert_int_equal(h.command, SMB2_ECHO);
}

static void test_short_buffer(void **state)
{
	uint8_t p[64];
	struct tsmb_hdr h;
	size_t len;

	sync_bytes(p);
	for (len = 0; len < 64; len++)
		if (tsmb_hdr_decode(p, len, &h))
			fail_msg("a %zu-byte header accepted", len);
}

static void test_wrong_protocol_id(void **state)
{
	static const uint8_t ids[][4] = {
		{ 0xFF, 'S', 'M', 'B' },	/* SMB1 */
		{ 0xFD, 'S', 'M', 'B' },	/* transform */
		{ 0xFC, 'S', 'M', 'B' },	/* compression */
		{ 0xFE, 's', 'm', 'b' },
		{ 'B', 'M', 'S', 0xFE },	/* wrong byte order */
		{ 0, 0, 0, 0 },
	};
	uint8_t p[64];
	struct tsmb_hdr h;
	unsigned int i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		sync_bytes(p);
		memcpy(p, ids[i], 4);
		if (tsmb_hdr_decode(p, sizeof(p), &h))
			fail_msg("protocol id %u accepted", i);
	}
}

/* The structure size is the caller's to judge: it is returned as read. */
static void test_structure_size_as_read(void **state)
{
	uint8_t p[64];
	struct tsmb_hdr h;

	sync_bytes(p);
	t_put16(p + T_H_SSIZE, 65);
	assert_true(tsmb_hdr_decode(p, sizeof(p), &h));
	assert_int_equal(h.structure_size, 65);
}

static void roundtrip(const struct tsmb_hdr *in)
{
	uint8_t buf[80];
	struct tsmb_hdr out;
	struct tsmb_wr w;

	memset(buf, 0xEE, sizeof(buf));
	tsmb_wr_init(&w, buf, sizeof(buf));
	tsmb_hdr_encode(&w, in);
	assert_true(tsmb_wr_ok(&w));
	assert_int_equal(w.off, 64);
	assert_int_equal(buf[64], 0xEE);	/* nothing written past the header */
	assert_true(tsmb_hdr_decode(buf, 64, &out));
	assert_int_equal(out.structure_size, 64);
	assert_int_equal(out.credit_charge, in->credit_charge);
	assert_int_equal(out.status, in->status);
	assert_int_equal(out.command, in->command);
	assert_int_equal(out.credits, in->credits);
	assert_int_equal(out.flags, in->flags);
	assert_int_equal(out.next_command, in->next_command);
	assert_true(out.message_id == in->message_id);
	assert_true(out.session_id == in->session_id);
	if (in->flags & SMB2_FLAGS_ASYNC_COMMAND) {
		assert_true(out.async_id == in->async_id);
	} else {
		assert_int_equal(out.process_id, in->process_id);
		assert_int_equal(out.tree_id, in->tree_id);
	}
	assert_memory_equal(out.signature, in->signature, 16);
}

static void test_encode_roundtrip(void **state)
{
	struct tsmb_hdr h;
	unsigned int i;

	memset(&h, 0, sizeof(h));
	h.structure_size = 64;
	h.credit_charge = 3;
	h.status = STATUS_SUCCESS;
	h.command = SMB2_NEGOTIATE;
	h.credits = 512;
	h.flags = SMB2_FLAGS_SERVER_TO_REDIR;
	h.message_id = 0xFFFFFFFFFFFFFFFEull;
	h.process_id = 0xFEFF;
	h.tree_id = 7;
	h.session_id = 0x0000400000000001ull;
	for (i = 0; i < 16; i++)
		h.signature[i] = (uint8_t)i;
	roundtrip(&h);

	h.flags = SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_ASYNC_COMMAND;
	h.status = STATUS_PENDING;
	h.async_id = 0x0123456789ABCDEFull;
	roundtrip(&h);
}

/* The encoded bytes equal the hand-built reference. */
static void test_encode_bytes(void **state)
{
	uint8_t ref[64], buf[64];
	struct tsmb_hdr h;
	struct tsmb_wr w;

	sync_bytes(ref);
	assert_true(tsmb_hdr_decode(ref, sizeof(ref), &h));
	tsmb_wr_init(&w, buf, sizeof(buf));
	tsmb_hdr_encode(&w, &h);
	assert_true(tsmb_wr_ok(&w));
	assert_memory_equal(buf, ref, 64);
}

/* StructureSize is always written as 64, whatever the struct says. */
static void test_encode_structure_size(void **state)
{
	uint8_t buf[64];
	struct tsmb_hdr h;
	struct tsmb_wr w;

	memset(&h, 0, sizeof(h));
	h.structure_size = 0;
	tsmb_wr_init(&w, buf, sizeof(buf));
	tsmb_hdr_encode(&w, &h);
	assert_int_equal(t_get16(buf + T_H_SSIZE), 64);
	assert_int_equal(t_get32(buf), SMB2_PROTO_ID);
}

static void test_encode_short_writer(void **state)
{
	uint8_t buf[64 + 8];
	struct tsmb_hdr h;
	struct tsmb_wr w;

	memset(&h, 0, sizeof(h));
	memset(buf, 0xEE, sizeof(buf));
	tsmb_wr_init(&w, buf, 63);
	tsmb_hdr_encode(&w, &h);
	assert_false(tsmb_wr_ok(&w));
	assert_int_equal(buf[63], 0xEE);
}

/* [MS-SMB2] 2.2.3 ... 2.2.24: each request's StructureSize. */
static void test_structure_size_table(void **state)
{
	static const struct {
		uint16_t cmd;
		uint16_t size;
		const char *name;
	} table[] = {
		{ SMB2_NEGOTIATE, 36, "NEGOTIATE" },
		{ SMB2_SESSION_SETUP, 25, "SESSION_SETUP" },
		{ SMB2_LOGOFF, 4, "LOGOFF" },
		{ SMB2_TREE_CONNECT, 9, "TREE_CONNECT" },
		{ SMB2_TREE_DISCONNECT, 4, "TREE_DISCONNECT" },
		{ SMB2_CREATE, 57, "CREATE" },
		{ SMB2_CLOSE, 24, "CLOSE" },
		{ SMB2_FLUSH, 24, "FLUSH" },
		{ SMB2_READ, 49, "READ" },
		{ SMB2_WRITE, 49, "WRITE" },
		{ SMB2_LOCK, 48, "LOCK" },
		{ SMB2_IOCTL, 57, "IOCTL" },
		{ SMB2_CANCEL, 4, "CANCEL" },
		{ SMB2_ECHO, 4, "ECHO" },
		{ SMB2_QUERY_DIRECTORY, 33, "QUERY_DIRECTORY" },
		{ SMB2_CHANGE_NOTIFY, 32, "CHANGE_NOTIFY" },
		{ SMB2_QUERY_INFO, 41, "QUERY_INFO" },
		{ SMB2_SET_INFO, 33, "SET_INFO" },
		{ SMB2_OPLOCK_BREAK, 24, "OPLOCK_BREAK" },
	};
	unsigned int i;

	assert_int_equal(sizeof(table) / sizeof(table[0]), SMB2_NR_COMMANDS);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		assert_int_equal(table[i].cmd, i);
		assert_int_equal(tsmb_hdr_req_structure_size(table[i].cmd), table[i].size);
		assert_string_equal(tsmb_hdr_command_name(table[i].cmd), table[i].name);
	}
}

static void test_unknown_commands(void **state)
{
	static const uint16_t cmds[] = { SMB2_NR_COMMANDS, 0x0014, 0x0100, 0x7FFF, 0xFFFF };
	unsigned int i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		assert_int_equal(tsmb_hdr_req_structure_size(cmds[i]), 0);
		assert_non_null(tsmb_hdr_command_name(cmds[i]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_sync),
		cmocka_unit_test(test_decode_async),
		cmocka_unit_test(test_decode_longer_buffer),
		cmocka_unit_test(test_short_buffer),
		cmocka_unit_test(test_wrong_protocol_id),
		cmocka_unit_test(test_structure_size_as_read),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_encode_bytes),
		cmocka_unit_test(test_encode_structure_size),
		cmocka_unit_test(test_encode_short_writer),
		cmocka_unit_test(test_structure_size_table),
		cmocka_unit_test(test_unknown_commands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
