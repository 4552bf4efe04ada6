#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Black-box probe of an SMB2 server's transport framing, NEGOTIATE, ECHO and
# early error handling, over raw TCP. Standard library only (the codec is
# smb2wire.py beside this file), so it runs the same against tsmbd, tsmb.ko
# in a guest and Samba's smbd (the reference).
#
# Each case prints "ok NAME" or "FAIL NAME: why"; the last line is
# "N passed, N failed". Exit status 0 only if nothing failed.
#
# Where Samba and [MS-SMB2] disagree the expectation follows the spec and its
# Windows product-behaviour notes; README.md and known_differences.txt list
# those cases.

import argparse
import os
import socket
import struct
import sys
import threading
import time
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from smb2wire import *  # noqa: E402,F401,F403 - the probe's vocabulary
import smb2wire  # noqa: E402

OPTS = None

# ---------------------------------------------------------------- cases

CASES = []


def case(fn):
	CASES.append(fn)
	return fn


SERVER_GUIDS = []


def dialect_alone(d):
	def run():
		with Conn() as c:
			r = negotiate(c, [d])
			SERVER_GUIDS.append(r.server_guid)
	run.__name__ = "neg_dialect_%04x_alone" % d
	return case(run)


for _d in ALL_DIALECTS:
	dialect_alone(_d)


@case
def neg_all_dialects_selects_0311():
	with Conn() as c:
		r = negotiate(c)
		SERVER_GUIDS.append(r.server_guid)


@case
def neg_order_irrelevant():
	# the greatest common dialect wins whatever the order offered
	with Conn() as c:
		negotiate(c, [0x0311, 0x0202, 0x0300, 0x0210, 0x0302])


@case
def neg_unknown_dialects_ignored():
	# 0x0201 and 0x0222 are not dialects; the common one is chosen
	with Conn() as c:
		negotiate(c, [0x0201, 0x0210, 0x0222])


@case
def neg_server_guid_stable():
	with Conn() as c:
		SERVER_GUIDS.append(negotiate(c, [0x0300]).server_guid)
	with Conn() as c:
		SERVER_GUIDS.append(negotiate(c).server_guid)
	check(len(set(SERVER_GUIDS)) == 1, "%d different ServerGuids over %d "
	      "connections" % (len(set(SERVER_GUIDS)), len(SERVER_GUIDS)))


@case
def neg_signing_required_by_client_ok():
	# SMB2_NEGOTIATE_SIGNING_REQUIRED from the client is no error
	with Conn() as c:
		pdu = c.request(negotiate_req([0x0311], security_mode=3),
				"NEGOTIATE")
		check_negotiate(pdu, 0x0311)


@case
def neg311_context_offset_aligned():
	with Conn() as c:
		r = negotiate(c, [0x0311])
		check(r.ctx_offset % 8 == 0, "offset %d" % r.ctx_offset)


@case
def neg311_preauth_context():
	with Conn() as c:
		r = negotiate(c, [0x0311])
		pre = r.contexts_of(CTX_PREAUTH)
		check(len(pre) == 1, "%d PREAUTH_INTEGRITY contexts" % len(pre))
		d = pre[0]
		check(len(d) >= 4, "PREAUTH context data is %d bytes" % len(d))
		count, salt_len = struct.unpack_from("<HH", d)
		check(count == 1, "HashAlgorithmCount %d, must be 1" % count)
		check(len(d) == 4 + 2 * count + salt_len, "DataLength %d but "
		      "HashAlgorithmCount %d + SaltLength %d"
		      % (len(d), count, salt_len))
		alg = struct.unpack_from("<H", d, 4)[0]
		check(alg == HASH_SHA512, "hash algorithm 0x%04x" % alg)
		check(salt_len == 32, "SaltLength %d, Windows sends 32"
		      % salt_len)


@case
def neg311_salt_differs_per_connection():
	salts = []
	for _ in range(2):
		with Conn() as c:
			pre = negotiate(c, [0x0311]).contexts_of(CTX_PREAUTH)
			check(len(pre) == 1, "%d PREAUTH_INTEGRITY contexts"
			      % len(pre))
			check(len(pre[0]) >= 4, "PREAUTH context too short")
			count = struct.unpack_from("<H", pre[0])[0]
			salts.append(pre[0][4 + 2 * count:])
	check(salts[0] != salts[1], "two connections got the same salt")


@case
def neg311_no_optional_contexts_unless_offered():
	with Conn() as c:
		r = negotiate(c, [0x0311], [preauth_ctx()])
		for t, n in ((CTX_ENCRYPTION, "ENCRYPTION"),
			     (CTX_SIGNING, "SIGNING"),
			     (CTX_COMPRESSION, "COMPRESSION")):
			check(not r.contexts_of(t), "%s context sent but not "
			      "offered" % n)


@case
def neg311_encryption_context_when_offered():
	# the server may lack encryption and omit the context; if it answers,
	# it selects exactly one of the offered ciphers (or 0: none common)
	offered = (CIPHER_AES128_GCM, CIPHER_AES128_CCM)
	with Conn() as c:
		r = negotiate(c, [0x0311], [preauth_ctx(),
					    encryption_ctx(offered)])
		enc = r.contexts_of(CTX_ENCRYPTION)
		check(len(enc) <= 1, "%d ENCRYPTION contexts" % len(enc))
		if enc:
			d = enc[0]
			check(len(d) == 4, "ENCRYPTION context DataLength %d"
			      % len(d))
			count, cipher = struct.unpack("<HH", d)
			check(count == 1, "CipherCount %d" % count)
			check(cipher in offered + (0,), "cipher 0x%04x not "
			      "offered" % cipher)


@case
def neg311_unknown_cipher_selects_none():
	# [MS-SMB2] 3.3.5.4: no common cipher is no error; CipherId becomes 0
	with Conn() as c:
		r = negotiate(c, [0x0311], [preauth_ctx(),
					    encryption_ctx((0xFFFF,))])
		for d in r.contexts_of(CTX_ENCRYPTION):
			check(d == struct.pack("<HH", 1, 0), "ENCRYPTION "
			      "context %s, expected CipherCount 1, cipher 0"
			      % d.hex())


@case
def neg311_no_encryption_capability():
	# [MS-SMB2] 2.2.4: SMB2_GLOBAL_CAP_ENCRYPTION is valid for 3.0 and
	# 3.0.2 only; 3.1.1 negotiates ciphers with a context (Windows sends
	# 0x2f for 3.1.1), whether or not the client offered one
	for ctxs in ([preauth_ctx()], [preauth_ctx(), encryption_ctx()]):
		with Conn() as c:
			r = negotiate(c, [0x0311], ctxs)
			check(not r.capabilities & CAP_ENCRYPTION, "Capabilities "
			      "0x%x has SMB2_GLOBAL_CAP_ENCRYPTION for 3.1.1 "
			      "(%d contexts offered)" % (r.capabilities,
							 len(ctxs)))


@case
def neg311_signing_context_when_offered():
	offered = (SIGN_AES_GMAC, SIGN_AES_CMAC)
	with Conn() as c:
		r = negotiate(c, [0x0311], [preauth_ctx(),
					    signing_ctx(offered)])
		sig = r.contexts_of(CTX_SIGNING)
		check(len(sig) <= 1, "%d SIGNING contexts" % len(sig))
		if sig:
			d = sig[0]
			check(len(d) == 4, "SIGNING context DataLength %d"
			      % len(d))
			count, alg = struct.unpack("<HH", d)
			check(count == 1, "SigningAlgorithmCount %d" % count)
			check(alg in offered, "signing algorithm 0x%04x not "
			      "offered" % alg)


@case
def neg311_contexts_in_any_order():
	# [MS-SMB2] 2.2.3.1: the server MUST accept contexts in any order
	with Conn() as c:
		negotiate(c, [0x0311], [encryption_ctx(), signing_ctx(),
					preauth_ctx()])


@case
def neg311_reserved_context_ignored():
	# [MS-SMB2] 2.2.3.1: SMB2_CONTEXTTYPE_RESERVED is ignored on receipt
	with Conn() as c:
		negotiate(c, [0x0311], [preauth_ctx(),
					ctx(CTX_RESERVED, b"\x00" * 6)])


@case
def neg311_netname_context_ignored():
	name = "127.0.0.1".encode("utf-16-le")
	with Conn() as c:
		r = negotiate(c, [0x0311], [preauth_ctx(),
					    ctx(CTX_NETNAME, name)])
		check(not r.contexts_of(CTX_NETNAME), "server echoed a "
		      "NETNAME context")


@case
def neg_302_ignores_contexts():
	# contexts only matter when 3.1.1 is selected: a broken one
	# (HashAlgorithmCount 0) is ignored when 3.1.1 is not offered
	with Conn() as c:
		negotiate(c, [0x0202, 0x0302], [preauth_ctx(algs=())])


def expect_status(req, status, what):
	with Conn() as c:
		pdu = c.request(req, what)
		check_hdr(pdu, NEGOTIATE, 0, status)
		check_error_body(pdu)


@case
def err_dialect_count_zero():
	expect_status(negotiate_req([], contexts=[]),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_no_common_dialect_0201():
	expect_status(negotiate_req([0x0201]), STATUS_NOT_SUPPORTED,
		      "NEGOTIATE")


@case
def err_no_common_dialect_02ff():
	expect_status(negotiate_req([0x02FF]), STATUS_NOT_SUPPORTED,
		      "NEGOTIATE")


@case
def err_311_without_preauth():
	expect_status(negotiate_req([0x0311], contexts=[]),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_311_with_only_encryption_ctx():
	expect_status(negotiate_req(ALL_DIALECTS, [encryption_ctx()]),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_preauth_without_sha512():
	expect_status(negotiate_req([0x0311], [preauth_ctx(algs=(0x0002,))]),
		      STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP, "NEGOTIATE")


@case
def err_preauth_hash_count_zero():
	expect_status(negotiate_req([0x0311], [preauth_ctx(algs=())]),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_two_preauth_contexts():
	expect_status(negotiate_req([0x0311], [preauth_ctx(), preauth_ctx()]),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_cipher_count_zero():
	expect_status(negotiate_req([0x0311], [preauth_ctx(),
					       encryption_ctx(())]),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_context_offset_past_end():
	expect_status(negotiate_req([0x0311], ctx_offset=4096),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_context_length_past_end():
	expect_status(negotiate_req([0x0311], ctx_len_override=200),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_context_count_past_end():
	# one context present, two announced
	expect_status(negotiate_req([0x0311], ctx_count=2),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_truncated_body():
	# StructureSize 36 but only 20 body bytes on the wire
	expect_status(negotiate_req([0x0202], truncate=64 + 20),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_truncated_dialects():
	# DialectCount 5, two dialects present
	expect_status(negotiate_req([0x0202, 0x0210], contexts=[],
				    dialect_count=5),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def err_wrong_structure_size():
	expect_status(negotiate_req([0x0202], structure_size=37),
		      STATUS_INVALID_PARAMETER, "NEGOTIATE")


@case
def second_negotiate_disconnects():
	# [MS-SMB2] 3.3.5.4: disconnect, no reply
	with Conn() as c:
		negotiate(c, [0x0210])
		c.send_frame(negotiate_req([0x0210], mid=1))
		c.expect_disconnect("second NEGOTIATE")


@case
def second_negotiate_after_311_disconnects():
	with Conn() as c:
		negotiate(c)
		c.send_frame(negotiate_req(ALL_DIALECTS, mid=1))
		c.expect_disconnect("second NEGOTIATE")


@case
def smb1_wildcard_then_smb2_negotiate():
	# [MS-SMB2] 3.3.5.3.1 then 3.2.5.2: the follow-up uses MessageId 1
	with Conn() as c:
		pdu = c.request(smb1_negotiate(["NT LM 0.12", "SMB 2.002",
						"SMB 2.???"]),
				"SMB1 NEGOTIATE")
		r = check_negotiate(pdu, 0x02FF)
		check(r.ctx_count == 0, "wildcard response carries %d "
		      "contexts" % r.ctx_count)
		if SERVER_GUIDS:
			check(r.server_guid == SERVER_GUIDS[0], "ServerGuid "
			      "differs from the SMB2 NEGOTIATE one")
		pdu = c.request(negotiate_req(ALL_DIALECTS, mid=1),
				"SMB2 NEGOTIATE after wildcard")
		check_negotiate(pdu, 0x0311, mid=1)
		c.next_mid = 2
		c.dialect = 0x0311
		echo(c)


@case
def smb1_wildcard_then_echo_disconnects():
	# [MS-SMB2] 3.3.5.2.2: NegotiateDialect 0x02FF allows only NEGOTIATE
	with Conn() as c:
		pdu = c.request(smb1_negotiate(["NT LM 0.12", "SMB 2.002",
						"SMB 2.???"]),
				"SMB1 NEGOTIATE")
		check_negotiate(pdu, 0x02FF)
		c.send_frame(echo_req(1))
		c.expect_disconnect("ECHO after the 0x02FF answer")


@case
def smb1_2002_selects_0202():
	# [MS-SMB2] 3.3.5.3.2: the connection is then negotiated at 2.0.2
	with Conn() as c:
		pdu = c.request(smb1_negotiate(["NT LM 0.12", "SMB 2.002"]),
				"SMB1 NEGOTIATE")
		check_negotiate(pdu, 0x0202)
		c.next_mid = 1
		c.dialect = 0x0202
		echo(c)


@case
def smb1_without_smb2_dialect_disconnects():
	# [MS-SMB2] 3.3.5.3.2: a server without SMB1 disconnects, no reply
	with Conn() as c:
		c.send_frame(smb1_negotiate(["PC NETWORK PROGRAM 1.0",
					     "NT LM 0.12"]))
		c.expect_disconnect("SMB1 NEGOTIATE without SMB2 dialects")


@case
def smb1_other_command_disconnects():
	# an SMB1 ECHO (0x2B) is not a negotiate: 3.3.5.2.2
	with Conn() as c:
		c.send_frame(smb1_negotiate([], command=0x2B))
		c.expect_disconnect("SMB1 ECHO")


@case
def echo_after_negotiate():
	with Conn() as c:
		negotiate(c)
		echo(c)
		echo(c)


@case
def echo_after_negotiate_0202():
	with Conn() as c:
		negotiate(c, [0x0202])
		echo(c)


@case
def echo_compound():
	# [MS-SMB2] 3.3.5.2.7 / 3.3.4.1.3: two unrelated ECHOs in one frame
	# come back as one chained frame, each response 8-byte aligned
	with Conn() as c:
		negotiate(c)
		echo(c)
		check(c.credits >= 2, "only %d credit(s) granted after "
		      "NEGOTIATE+ECHO asking for 31; a compound of two needs 2"
		      % c.credits)
		m1, m2 = c.next_mid, c.next_mid + 1
		first = echo_req(m1, next_command=72)
		first += b"\x00" * (72 - len(first))
		pdu = c.request(first + echo_req(m2), "compound ECHO")
		h1 = check_hdr(pdu, ECHO, m1, STATUS_SUCCESS)
		check(h1.next_command != 0, "first response has NextCommand "
		      "0 (responses not chained)")
		check(h1.next_command % 8 == 0, "NextCommand %d not 8-byte "
		      "aligned" % h1.next_command)
		check(h1.next_command >= 68 and
		      h1.next_command + 68 <= len(pdu), "NextCommand %d "
		      "outside the %d-byte frame" % (h1.next_command, len(pdu)))
		ss = struct.unpack_from("<H", pdu, 64)[0]
		check(ss == 4, "first ECHO StructureSize %d" % ss)
		off = h1.next_command
		h2 = check_hdr(pdu, ECHO, m2, STATUS_SUCCESS, off=off)
		check(h2.next_command == 0, "last response NextCommand %d"
		      % h2.next_command)
		ss = struct.unpack_from("<H", pdu, off + 64)[0]
		check(ss == 4, "second ECHO StructureSize %d" % ss)


@case
def unknown_command_disconnects():
	# [MS-SMB2] 3.3.5.2.6: an invalid Command code means disconnect
	# without an error response
	with Conn() as c:
		negotiate(c)
		c.send_frame(smb2_header(0x0020, 1, credit_charge=1) +
			     struct.pack("<HH", 4, 0))
		c.expect_disconnect("command 0x0020")


@case
def tree_connect_unknown_session():
	# [MS-SMB2] 3.3.5.2.9: SessionId not in Connection.SessionTable
	with Conn() as c:
		negotiate(c)
		path = "\\\\127.0.0.1\\tmp".encode("utf-16-le")
		req = smb2_header(TREE_CONNECT, 1, credit_charge=1,
				  session_id=0x0000DEAD0000BEEF)
		req += struct.pack("<HHHH", 9, 0, 72, len(path)) + path
		pdu = c.request(req, "TREE_CONNECT")
		check_hdr(pdu, TREE_CONNECT, 1, STATUS_USER_SESSION_DELETED)
		check_error_body(pdu)


@case
def echo_before_negotiate_disconnects():
	# [MS-SMB2] 3.3.5.2.2: NegotiateDialect 0xFFFF allows only NEGOTIATE
	with Conn() as c:
		c.send_frame(echo_req(0, credit_charge=0))
		c.expect_disconnect("ECHO before NEGOTIATE")


@case
def session_setup_before_negotiate_disconnects():
	with Conn() as c:
		req = smb2_header(SESSION_SETUP, 0)
		req += struct.pack("<HBBIIHHQ", 25, 0, 1, 0, 0, 88, 0, 0)
		c.send_frame(req)
		c.expect_disconnect("SESSION_SETUP before NEGOTIATE")


@case
def frame_netbios_session_request_disconnects():
	# direct TCP ([MS-SMB2] 2.1) frames start with a zero byte; 0x81 is
	# a NetBIOS session request, which has no meaning on port 445
	with Conn() as c:
		called = b" " + b"CKFDENECFDEFFCFGEFFCCACACACACACA" + b"\x00"
		c.send_raw(b"\x81\x00\x00\x44" + called + called)
		c.expect_disconnect("NetBIOS session request")


@case
def frame_shorter_than_header_disconnects():
	with Conn() as c:
		c.send_frame(smb2_header(NEGOTIATE, 0)[:20])
		c.expect_disconnect("20-byte frame")


@case
def frame_too_long_disconnects():
	# a 16 MiB length prefix: the server must give up on it without
	# waiting for all of it
	with Conn() as c:
		c.send_raw(b"\x00\xff\xff\xff" +
			   negotiate_req([0x0202], contexts=[]))
		c.expect_disconnect("frame length 0xffffff")


@case
def frame_bad_protocol_id_disconnects():
	with Conn() as c:
		c.send_frame(b"\x12\x34\x56\x78" +
			     negotiate_req([0x0202], contexts=[])[4:])
		c.expect_disconnect("ProtocolId 0x78563412")


@case
def frame_one_byte_writes():
	with Conn(nodelay=True) as c:
		data = frame(negotiate_req(ALL_DIALECTS))
		for i in range(len(data)):
			c.send_raw(data[i:i + 1])
			time.sleep(0.001)
		check_negotiate(c.response("NEGOTIATE"), 0x0311)


@case
def frame_two_requests_one_write():
	with Conn() as c:
		c.send_raw(frame(negotiate_req(ALL_DIALECTS)) +
			   frame(echo_req(1)))
		check_negotiate(c.response("NEGOTIATE"), 0x0311)
		pdu = c.response("ECHO")
		check_hdr(pdu, ECHO, 1, STATUS_SUCCESS)


@case
def idle_and_partial_clients_harmless():
	idle = Conn()
	try:
		with Conn() as partial:
			partial.send_raw(b"\x00\x00\x00\x80" +
					 smb2_header(NEGOTIATE, 0)[:30])
		with Conn() as c:
			negotiate(c)
			echo(c)
	finally:
		idle.close()


@case
def concurrent_64_connections():
	# a forking server (smbd) needs longer than one socket time-out to
	# start 64 processes on a small machine
	n = 64
	tmo = OPTS.timeout * 5
	errors = []
	lock = threading.Lock()
	start = threading.Barrier(n, timeout=tmo)

	def worker(i):
		try:
			with Conn(timeout=tmo) as c:
				start.wait()
				negotiate(c)
				echo(c)
		except BaseException as e:
			with lock:
				errors.append("conn %d: %s" % (i, e or
							      type(e).__name__))

	threads = [threading.Thread(target=worker, args=(i,), daemon=True)
		   for i in range(n)]
	for t in threads:
		t.start()
	deadline = time.time() + tmo * 3
	for t in threads:
		t.join(max(0.1, deadline - time.time()))
	alive = sum(t.is_alive() for t in threads)
	check(not alive, "%d of %d connections still running" % (alive, n))
	check(not errors, "%d of %d failed; first: %s"
	      % (len(errors), n, errors[0] if errors else ""))


# ---------------------------------------------------------------- main


def run_case(fn):
	try:
		fn()
	except CaseFailed as e:
		return str(e)
	except (socket.timeout, TimeoutError):
		return "socket operation timed out after %.1fs" % OPTS.timeout
	except Closed as e:
		return "server disconnected: %s" % e
	except OSError as e:
		return "socket error: %s" % e
	except Exception as e:
		if OPTS.verbose:
			traceback.print_exc()
		return "probe error: %s: %s" % (type(e).__name__, e)
	return None


def main():
	global OPTS
	ap = argparse.ArgumentParser(description="Black-box SMB2 "
				     "NEGOTIATE/ECHO/framing probe")
	ap.add_argument("--host", default="127.0.0.1")
	ap.add_argument("--port", type=int, default=445)
	ap.add_argument("--timeout", type=float, default=2.0,
			help="seconds for each socket operation (default 2)")
	ap.add_argument("--only", action="append", default=[],
			help="run only cases whose name contains this")
	ap.add_argument("--expect-fail", action="append", default=[],
			metavar="NAME", help="a failure of this case is a known "
			"difference of the server under test: report it as "
			"skipped (also: $TSMB_EXPECT_FAIL, space-separated)")
	ap.add_argument("--list", action="store_true")
	ap.add_argument("-v", "--verbose", action="store_true")
	OPTS = ap.parse_args()
	smb2wire.configure(OPTS.host, OPTS.port, OPTS.timeout)

	cases = [f for f in CASES
		 if not OPTS.only or any(s in f.__name__ for s in OPTS.only)]
	if OPTS.list:
		for f in cases:
			print(f.__name__)
		return 0
	expect_fail = set(OPTS.expect_fail)
	expect_fail.update(os.environ.get("TSMB_EXPECT_FAIL", "").split())
	passed = failed = skipped = 0
	for fn in cases:
		why = run_case(fn)
		if why is None:
			passed += 1
			print("ok %s" % fn.__name__)
		elif fn.__name__ in expect_fail:
			skipped += 1
			print("skip %s: known difference: %s" % (fn.__name__, why))
		else:
			failed += 1
			print("FAIL %s: %s" % (fn.__name__, why))
		sys.stdout.flush()
	if skipped:
		print("%d passed, %d failed, %d skipped" % (passed, failed,
							   skipped))
	else:
		print("%d passed, %d failed" % (passed, failed))
	return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
	sys.exit(main())
