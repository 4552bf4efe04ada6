// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IOCTL: the codec of core/wire/ioctl.c ([MS-SMB2] 2.2.31, 2.2.32,
 * 2.2.31.4, 2.2.32.6; [MS-FSCC] file ranges) and the handler of
 * core/smb2/ioctl.c below the dispatcher: FSCTL_VALIDATE_NEGOTIATE_INFO
 * against what the connection negotiated (3.3.5.15.12), the controls
 * that name no file, and the file system controls on a file of a scratch
 * share, opened by CREATE as a client would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <tsmb/os/mem.h>

#include "core/vfs/open.h"
#include "core/wire/fscc.h"
#include "core/wire/ioctl.h"
#include "fixture_share.h"
#include "host.h"

static struct t_msg msg;
static uint8_t rsp[8192];
static size_t rsp_len;

/* An IOCTL request: input right after the fixed part, at 0x78. */
static void ioctl_msg(uint32_t code, uint64_t fid, const void *in, uint32_t in_len,
		      uint32_t max_out, uint32_t flags)
{
	struct t_hdr h = { .cmd = SMB2_IOCTL, .mid = 5, .credits = 1 };

	msg.n = 0;
	t_hdr(&msg, &h);
	t_u16(&msg, 57);
	t_u16(&msg, 0);
	t_u32(&msg, code);
	t_u64(&msg, fid);
	t_u64(&msg, fid);
	t_u32(&msg, in_len ? 0x78 : 0);
	t_u32(&msg, in_len);
	t_u32(&msg, 0);
	t_u32(&msg, 0);
	t_u32(&msg, 0);
	t_u32(&msg, max_out);
	t_u32(&msg, flags);
	t_u32(&msg, 0);
	if (in_len)
		t_append(&msg, in, in_len);
	else
		t_append(&msg, NULL, 1);
}

/* --- the codec --- */

static void test_decode(void **state)
{
	const uint8_t in[5] = { 1, 2, 3, 4, 5 };
	struct tsmb_ioctl_req ir;
	struct tsmb_wr w;

	ioctl_msg(FSCTL_SET_ZERO_DATA, 7, in, sizeof(in), 100, 1);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_SUCCESS);
	assert_int_equal(ir.ctl_code, FSCTL_SET_ZERO_DATA);
	assert_int_equal(ir.file_id_persistent, 7);
	assert_int_equal(ir.file_id_volatile, 7);
	assert_int_equal(ir.input_count, 5);
	assert_ptr_equal(ir.input, msg.b + 0x78);
	assert_int_equal(ir.max_output_response, 100);
	assert_int_equal(ir.flags, 1);
	/* the input past the end, or inside the fixed part */
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n - 1, &ir).v,
			 STATUS_INVALID_PARAMETER);
	t_put32(msg.b + 64 + 24, 0x70);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_INVALID_PARAMETER);
	t_put32(msg.b + 64 + 24, 0xffffffff);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_INVALID_PARAMETER);
	/* an output buffer is checked likewise, then ignored */
	ioctl_msg(FSCTL_SET_ZERO_DATA, 7, in, sizeof(in), 100, 1);
	t_put32(msg.b + 64 + 36, 0x78);
	t_put32(msg.b + 64 + 40, 5);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_SUCCESS);
	t_put32(msg.b + 64 + 40, 6);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_INVALID_PARAMETER);
	/* no input: the offset means nothing */
	ioctl_msg(FSCTL_GET_COMPRESSION, 7, NULL, 0, 2, 1);
	t_put32(msg.b + 64 + 24, 0xffffffff);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_SUCCESS);
	assert_null(ir.input);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, 64 + 55, &ir).v, STATUS_INVALID_PARAMETER);
	msg.b[64] = 56;
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_INVALID_PARAMETER);

	/* the response: fixed part, then the output at 0x70 */
	ioctl_msg(FSCTL_GET_COMPRESSION, 7, NULL, 0, 2, 1);
	assert_int_equal(tsmb_ioctl_req_decode(msg.b, msg.n, &ir).v, STATUS_SUCCESS);
	tsmb_wr_init(&w, rsp, sizeof(rsp));
	tsmb_ioctl_rsp_encode(&w, &ir, 2);
	assert_int_equal(w.off, 48);
	assert_int_equal(t_get16(rsp), 49);
	assert_int_equal(t_get32(rsp + 4), FSCTL_GET_COMPRESSION);
	assert_int_equal(t_get64(rsp + 8), 7);
	assert_int_equal(t_get64(rsp + 16), 7);
	assert_int_equal(t_get32(rsp + 24), 0x70);
	assert_int_equal(t_get32(rsp + 28), 0);
	assert_int_equal(t_get32(rsp + 32), 0x70);
	assert_int_equal(t_get32(rsp + 36), 2);
	tsmb_wr_init(&w, rsp, sizeof(rsp));
	tsmb_ioctl_rsp_encode(&w, &ir, 0);
	assert_int_equal(w.off, 49);
}

static void test_payloads(void **state)
{
	static const uint8_t guid[16] = "0123456789abcdef";
	struct tsmb_validate_negotiate vn;
	struct tsmb_file_range r;
	struct t_msg in;
	struct tsmb_wr w;

	in.n = 0;
	t_u32(&in, 0x44);
	t_append(&in, guid, 16);
	t_u16(&in, 1);
	t_u16(&in, 3);
	t_u16(&in, 0x0202);
	t_u16(&in, 0x0210);
	t_u16(&in, 0x0300);
	assert_int_equal(tsmb_validate_negotiate_decode(in.b, in.n, &vn).v, STATUS_SUCCESS);
	assert_int_equal(vn.capabilities, 0x44);
	assert_memory_equal(vn.guid, guid, 16);
	assert_int_equal(vn.security_mode, 1);
	assert_int_equal(vn.dialect_count, 3);
	assert_int_equal(t_get16(vn.dialects + 4), 0x0300);
	assert_int_equal(tsmb_validate_negotiate_decode(in.b, in.n - 1, &vn).v,
			 STATUS_INVALID_PARAMETER);
	t_put16(in.b + 22, 0);
	assert_int_equal(tsmb_validate_negotiate_decode(in.b, in.n, &vn).v,
			 STATUS_INVALID_PARAMETER);
	tsmb_wr_init(&w, rsp, sizeof(rsp));
	tsmb_validate_negotiate_rsp_encode(&w, 0x4, guid, 3, 0x0302);
	assert_int_equal(w.off, SMB2_VALIDATE_NEGOTIATE_RSP_SIZE);
	assert_int_equal(t_get32(rsp), 4);
	assert_memory_equal(rsp + 4, guid, 16);
	assert_int_equal(t_get16(rsp + 20), 3);
	assert_int_equal(t_get16(rsp + 22), 0x0302);

	in.n = 0;
	t_u64(&in, 5);
	t_u64(&in, 1ull << 40);
	assert_int_equal(tsmb_file_range_decode(in.b, 16, &r).v, STATUS_SUCCESS);
	assert_true(r.offset == 5 && r.length == 1ull << 40);
	assert_int_equal(tsmb_file_range_decode(in.b, 15, &r).v, STATUS_INVALID_PARAMETER);
	assert_int_equal(tsmb_file_range_decode(NULL, 0, &r).v, STATUS_INVALID_PARAMETER);
	assert_int_equal(tsmb_file_range_decode(in.b, 16, &r).v, STATUS_SUCCESS);
	tsmb_wr_init(&w, rsp, sizeof(rsp));
	tsmb_file_range_encode(&w, &r);
	assert_memory_equal(rsp, in.b, 16);
}

/* --- the handler --- */

static struct t_fixture fx;
static bool disconnect, sign_rsp;

static const uint8_t client_guid[16] = "client-guid-0001";
static const uint16_t client_dialects[] = { 0x0202, 0x0210, 0x0300, 0x0302 };

static int setup(void **state)
{
	t_fixture_setup(&fx, "ioctl");
	memset(fx.srv->guid, 0x5a, sizeof(fx.srv->guid));
	/* as NEGOTIATE left it for a 3.0.2 client */
	fx.conn->dialect = SMB2_DIALECT_302;
	fx.conn->client_capabilities = 0x7f;
	fx.conn->client_security_mode = 1;
	memcpy(fx.conn->client_guid, client_guid, 16);
	fx.conn->nr_client_dialects = 4;
	memcpy(fx.conn->client_dialects, client_dialects, sizeof(client_dialects));
	fx.conn->server_capabilities = 0x44;
	fx.conn->server_security_mode = 3;
	return 0;
}

static int teardown(void **state)
{
	t_fixture_teardown(&fx);
	return 0;
}

static uint32_t run(struct tsmb_status (*fn)(struct tsmb_req *))
{
	struct tsmb_req req;
	struct tsmb_status st;

	st = t_fixture_run(&fx, &msg, &req, rsp, sizeof(rsp), &rsp_len, fn);
	disconnect = req.disconnect;
	sign_rsp = req.sign_rsp;
	return st.v;
}

static const uint8_t *output(uint32_t *len)
{
	*len = t_get32(rsp + 64 + 36);
	assert_int_equal(t_get32(rsp + 64 + 32), 0x70);
	assert_true(0x70 + *len <= rsp_len);
	return rsp + 0x70;
}

static void vni_input(struct t_msg *in, uint32_t caps, const uint8_t *guid, uint16_t mode,
		      const uint16_t *dialects, unsigned int n)
{
	unsigned int i;

	in->n = 0;
	t_u32(in, caps);
	t_append(in, guid, 16);
	t_u16(in, mode);
	t_u16(in, (uint16_t)n);
	for (i = 0; i < n; i++)
		t_u16(in, dialects[i]);
}

static uint32_t vni(const struct t_msg *in, uint32_t max_out)
{
	ioctl_msg(FSCTL_VALIDATE_NEGOTIATE_INFO, UINT64_MAX, in->b, (uint32_t)in->n, max_out, 1);
	return run(tsmb_smb2_ioctl);
}

static void test_validate_negotiate(void **state)
{
	static const uint16_t fewer[] = { 0x0202, 0x0210, 0x0300 };
	static const uint16_t reordered[] = { 0x0210, 0x0202, 0x0300, 0x0302 };
	static struct t_msg in;
	const uint8_t *out;
	uint32_t len;

	vni_input(&in, 0x7f, client_guid, 1, client_dialects, 4);
	assert_int_equal(vni(&in, 24), STATUS_SUCCESS);
	assert_false(disconnect);
	assert_true(sign_rsp);
	out = output(&len);
	assert_int_equal(len, 24);
	assert_int_equal(t_get32(out), 0x44);
	assert_memory_equal(out + 4, fx.srv->guid, 16);
	assert_int_equal(t_get16(out + 20), 3);
	assert_int_equal(t_get16(out + 22), 0x0302);

	/* every difference ends the connection, with no answer */
	vni_input(&in, 0x7e, client_guid, 1, client_dialects, 4);
	vni(&in, 24);
	assert_true(disconnect);
	vni_input(&in, 0x7f, (const uint8_t *)"client-guid-0002", 1, client_dialects, 4);
	vni(&in, 24);
	assert_true(disconnect);
	vni_input(&in, 0x7f, client_guid, 2, client_dialects, 4);
	vni(&in, 24);
	assert_true(disconnect);
	vni_input(&in, 0x7f, client_guid, 1, fewer, 3);
	vni(&in, 24);
	assert_true(disconnect);
	vni_input(&in, 0x7f, client_guid, 1, reordered, 4);
	vni(&in, 24);
	assert_true(disconnect);
	/* no room for the answer */
	vni_input(&in, 0x7f, client_guid, 1, client_dialects, 4);
	vni(&in, 23);
	assert_true(disconnect);
	/* not on 3.1.1, nor with a FileId */
	fx.conn->dialect = SMB2_DIALECT_311;
	vni(&in, 24);
	assert_true(disconnect);
	fx.conn->dialect = SMB2_DIALECT_302;
	ioctl_msg(FSCTL_VALIDATE_NEGOTIATE_INFO, 1, in.b, (uint32_t)in.n, 24, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);
	/* a truncated request is refused, the connection stays */
	vni_input(&in, 0x7f, client_guid, 1, client_dialects, 4);
	in.n--;
	assert_int_equal(vni(&in, 24), STATUS_INVALID_PARAMETER);
	assert_false(disconnect);
}

static void test_no_file(void **state)
{
	ioctl_msg(FSCTL_QUERY_NETWORK_INTERFACE_INFO, UINT64_MAX, NULL, 0, 65536, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_SUPPORTED);
	ioctl_msg(FSCTL_DFS_GET_REFERRALS, UINT64_MAX, "\x04\x00x\x00\x00\x00", 6, 4096, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_FS_DRIVER_REQUIRED);
	ioctl_msg(FSCTL_DFS_GET_REFERRALS_EX, 3, NULL, 0, 4096, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);
	ioctl_msg(FSCTL_PIPE_WAIT, UINT64_MAX, NULL, 0, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_SUPPORTED);
	/* a device IOCTL, and sizes past MaxTransactSize */
	ioctl_msg(FSCTL_QUERY_NETWORK_INTERFACE_INFO, UINT64_MAX, NULL, 0, 65536, 0);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_SUPPORTED);
	ioctl_msg(FSCTL_QUERY_NETWORK_INTERFACE_INFO, UINT64_MAX, NULL, 0, 8u << 20, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_SUPPORTED);
	ioctl_msg(FSCTL_QUERY_NETWORK_INTERFACE_INFO, UINT64_MAX, NULL, 0, (8u << 20) + 1, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);
	/* a file control on no open */
	ioctl_msg(FSCTL_GET_COMPRESSION, 99, NULL, 0, 2, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_FILE_CLOSED);
}

/* CREATE of a new file for reading and writing; returns the FileId. */
static uint64_t create_file(const char *name)
{
	struct t_hdr h = { .cmd = SMB2_CREATE, .mid = 3, .credits = 1 };

	msg.n = 0;
	t_hdr(&msg, &h);
	t_create_body(&msg, name, FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_SHARE_VALID,
		      FILE_CREATE, 0, 0);
	assert_int_equal(run(tsmb_smb2_create), STATUS_SUCCESS);
	return t_get64(rsp + 64 + 64);
}

static void test_file_controls(void **state)
{
	uint64_t id = create_file("f");
	struct tsmb_open *op = tsmb_idmap_find(&fx.conn->opens, id);
	uint8_t data[100], back[100], oid[64], range[16];
	const uint8_t *out;
	size_t done;
	uint32_t len;

	assert_non_null(op);
	memset(data, 'x', sizeof(data));
	assert_int_equal(tsmb_os_file_pwrite(op->f, data, sizeof(data), 0, &done), 0);

	ioctl_msg(FSCTL_GET_COMPRESSION, id, NULL, 0, 2, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	out = output(&len);
	assert_int_equal(len, 2);
	assert_int_equal(t_get16(out), 0);
	assert_int_equal(t_get64(rsp + 64 + 8), id);
	ioctl_msg(FSCTL_GET_COMPRESSION, id, NULL, 0, 1, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);
	ioctl_msg(FSCTL_SET_COMPRESSION, id, "\x00\x00", 2, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	ioctl_msg(FSCTL_SET_COMPRESSION, id, "\x02\x00", 2, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_SUPPORTED);

	ioctl_msg(FSCTL_CREATE_OR_GET_OBJECT_ID, id, NULL, 0, 64, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	out = output(&len);
	assert_int_equal(len, 64);
	memcpy(oid, out, 64);
	assert_memory_equal(oid, oid + 32, 16);
	ioctl_msg(FSCTL_CREATE_OR_GET_OBJECT_ID, id, NULL, 0, 64, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	assert_memory_equal(output(&len), oid, 64);
	ioctl_msg(FSCTL_CREATE_OR_GET_OBJECT_ID, id, NULL, 0, 63, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);

	ioctl_msg(FSCTL_SET_SPARSE, id, NULL, 0, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);

	/* zeroing: inside, reaching past the end (never extends), reversed */
	t_put64(range, 10);
	t_put64(range + 8, 20);
	ioctl_msg(FSCTL_SET_ZERO_DATA, id, range, 16, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	t_put64(range, 90);
	t_put64(range + 8, 1000);
	ioctl_msg(FSCTL_SET_ZERO_DATA, id, range, 16, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	memset(back, 0xff, sizeof(back));
	assert_int_equal(tsmb_os_file_pread(op->f, back, sizeof(back), 0, &done), 0);
	assert_int_equal(done, 100);
	memset(data + 10, 0, 10);
	memset(data + 90, 0, 10);
	assert_memory_equal(back, data, 100);
	t_put64(range, 30);
	t_put64(range + 8, 20);
	ioctl_msg(FSCTL_SET_ZERO_DATA, id, range, 16, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);
	ioctl_msg(FSCTL_SET_ZERO_DATA, id, range, 15, 0, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);

	/* allocated ranges: the query clipped to the end of the file */
	t_put64(range, 40);
	t_put64(range + 8, 1000);
	ioctl_msg(FSCTL_QUERY_ALLOCATED_RANGES, id, range, 16, 16, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	out = output(&len);
	assert_int_equal(len, 16);
	assert_int_equal(t_get64(out), 40);
	assert_int_equal(t_get64(out + 8), 60);
	t_put64(range, 100);
	ioctl_msg(FSCTL_QUERY_ALLOCATED_RANGES, id, range, 16, 16, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_SUCCESS);
	output(&len);
	assert_int_equal(len, 0);
	ioctl_msg(FSCTL_QUERY_ALLOCATED_RANGES, id, range, 16, 15, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_BUFFER_TOO_SMALL);
	t_put64(range + 8, UINT64_MAX);
	ioctl_msg(FSCTL_QUERY_ALLOCATED_RANGES, id, range, 16, 16, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_PARAMETER);

	/* what the server does not do */
	ioctl_msg(FSCTL_GET_REPARSE_POINT, id, NULL, 0, 4096, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_A_REPARSE_POINT);
	ioctl_msg(FSCTL_SRV_REQUEST_RESUME_KEY, id, NULL, 0, 32, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_SUPPORTED);
	ioctl_msg(FSCTL_PIPE_TRANSCEIVE, id, "x", 1, 4096, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_NOT_SUPPORTED);
	ioctl_msg(0x00090FFC, id, NULL, 0, 4096, 1);
	assert_int_equal(run(tsmb_smb2_ioctl), STATUS_INVALID_DEVICE_REQUEST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_payloads),
		cmocka_unit_test_setup_teardown(test_validate_negotiate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_controls, setup, teardown),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
