#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Negotiates each SMB2/3 dialect with impacket's client (Debian's
# python3-impacket, so run it with /usr/bin/python3) and checks that
# getDialect() reports the dialect asked for. Only negotiation: no session.
#
# impacket.smb3.SMB3 with preferredDialect offers exactly that one dialect
# (and for 3.1.1 a PREAUTH_INTEGRITY and an ENCRYPTION context).
# SMBConnection without a preferred dialect starts with an SMB1
# SMB_COM_NEGOTIATE ("NT LM 0.12", "SMB 2.002", "SMB 2.???"); on the 0x02FF
# answer it sends an SMB2 NEGOTIATE offering 2.0.2, 2.1 and 3.0, so 3.0 is
# the expected result of that path.
#
# Prints "ok NAME" / "FAIL NAME: why" and finally "N passed, N failed".

import argparse
import os
import socket
import sys

try:
	from impacket import smb3
	from impacket.smbconnection import SMBConnection
except ImportError as e:
	print("FAIL impacket_import: %s (run with /usr/bin/python3 and "
	      "python3-impacket installed)" % e)
	print("0 passed, 1 failed")
	sys.exit(1)

DIALECTS = [
	("SMB2_02", 0x0202),
	("SMB2_10", 0x0210),
	("SMB3_00", 0x0300),
	("SMB3_02", 0x0302),
	("SMB3_11", 0x0311),
]


def close(conn):
	for name in ("close_session", "close"):
		fn = getattr(conn, name, None)
		if fn:
			try:
				fn()
			except Exception:
				pass
			return


def negotiate_one(opts, dialect):
	conn = smb3.SMB3(opts.host, opts.host, sess_port=opts.port,
			 timeout=opts.timeout, preferredDialect=dialect)
	try:
		return conn.getDialect()
	finally:
		close(conn)


def negotiate_wildcard(opts):
	conn = SMBConnection(opts.host, opts.host, sess_port=opts.port,
			     timeout=opts.timeout)
	try:
		return conn.getDialect()
	finally:
		close(conn)


def run(name, fn, expect):
	try:
		got = fn()
	except (socket.timeout, TimeoutError):
		return "FAIL %s: timed out" % name
	except Exception as e:
		return "FAIL %s: %s: %s" % (name, type(e).__name__, e)
	if got != expect:
		return "FAIL %s: getDialect() 0x%04x, expected 0x%04x" % (
			name, got, expect)
	return "ok %s" % name


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("--host", default="127.0.0.1")
	ap.add_argument("--port", type=int, default=445)
	ap.add_argument("--timeout", type=float, default=10.0)
	opts = ap.parse_args()

	socket.setdefaulttimeout(opts.timeout)
	cases = [("impacket_negotiate_%s" % n,
		  (lambda d=d: negotiate_one(opts, d)), d) for n, d in DIALECTS]
	cases.append(("impacket_smb1_wildcard_then_smb2",
		      lambda: negotiate_wildcard(opts), 0x0300))
	# run.sh names known differences of the server under test here
	expect_fail = os.environ.get("TSMB_EXPECT_FAIL", "").split()
	passed = failed = skipped = 0
	for name, fn, expect in cases:
		line = run(name, fn, expect)
		if line.startswith("ok "):
			passed += 1
		elif name in expect_fail:
			skipped += 1
			line = "skip %s: known difference: %s" % (
				name, line.split(": ", 1)[1])
		else:
			failed += 1
		print(line)
		sys.stdout.flush()
	if skipped:
		print("%d passed, %d failed, %d skipped" % (passed, failed,
							   skipped))
	else:
		print("%d passed, %d failed" % (passed, failed))
	return 0 if failed == 0 else 1


if __name__ == "__main__":
	sys.exit(main())
