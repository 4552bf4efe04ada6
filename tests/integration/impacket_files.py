#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# impacket_files.py --host H --port P --user U --password PW --share S
#
# A file round trip with impacket's client (Debian's python3-impacket): log
# on with NTLM (SMB 2.1, 3.0, 3.1.1, and the SMB1-first path that ends in
# 3.0), list the share, upload a file, list it, download it and compare,
# delete it. A wrong password must be refused with STATUS_LOGON_FAILURE.
#
# Prints "ok NAME" / "FAIL NAME: why" and finally "N passed, N failed".

import argparse
import io
import os
import sys

try:
	from impacket import smb3
	from impacket.smbconnection import SMBConnection, SessionError
except ImportError as e:
	print("FAIL impacket_import: %s (run with /usr/bin/python3)" % e)
	print("0 passed, 1 failed")
	sys.exit(1)

passed = 0
failed = 0


def ok(name):
	global passed
	passed += 1
	print("ok " + name)


def fail(name, why):
	global failed
	failed += 1
	print("FAIL %s: %s" % (name, why))


def connect(a, dialect):
	if dialect is None:
		return SMBConnection(a.host, a.host, sess_port=a.port, timeout=20)
	return SMBConnection(a.host, a.host, sess_port=a.port, timeout=20,
			     preferredDialect=dialect)


def seed_session_preauth(c):
	# impacket's NTLM login() never seeds Session.PreauthIntegrityHashValue
	# with Connection.PreauthIntegrityHashValue ([MS-SMB2] 3.2.4.2.3; only
	# its Kerberos path does), so it chains the SESSION_SETUP exchange from
	# 64 zero bytes and derives 3.1.1 keys that no server (Windows, Samba,
	# tsmbd: 3.3.5.5.1) shares. Do the step it skips.
	s = c.getSMBServer()
	s._Session["PreauthIntegrityHashValue"] = \
		s._Connection["PreauthIntegrityHashValue"]


def round_trip(a, label, dialect):
	name = "impacket_files_" + label
	data = os.urandom(3 * 1024 * 1024 + 17)
	fname = "impacket-%s.bin" % label
	try:
		c = connect(a, dialect)
		if dialect == smb3.SMB2_DIALECT_311:
			seed_session_preauth(c)
		c.login(a.user, a.password)
		c.listPath(a.share, "*")
		c.putFile(a.share, fname, io.BytesIO(data).read)
		names = [f.get_longname() for f in c.listPath(a.share, "*")]
		if fname not in names:
			raise RuntimeError("uploaded file not listed")
		out = io.BytesIO()
		c.getFile(a.share, fname, out.write)
		if out.getvalue() != data:
			raise RuntimeError("downloaded data differs")
		c.deleteFile(a.share, fname)
		c.logoff()
		c.close()
		ok(name)
	except Exception as e:
		fail(name, repr(e))


def wrong_password(a):
	name = "impacket_wrong_password_refused"
	try:
		c = connect(a, smb3.SMB2_DIALECT_311)
		c.login(a.user, "wrong-" + a.password)
		fail(name, "logged on with a wrong password")
	except SessionError as e:
		if e.getErrorCode() == 0xC000006D:
			ok(name)
		else:
			fail(name, "status 0x%08x" % e.getErrorCode())
	except Exception as e:
		fail(name, repr(e))


def main():
	p = argparse.ArgumentParser()
	p.add_argument("--host", default="127.0.0.1")
	p.add_argument("--port", type=int, default=445)
	p.add_argument("--user", required=True)
	p.add_argument("--password", required=True)
	p.add_argument("--share", required=True)
	a = p.parse_args()
	# impacket's SMBConnection asks for 2.1, 3.0 or 3.1.1 (the last with a
	# client-side fix, see seed_session_preauth); its SMB1-first path ends
	# in 3.0.
	round_trip(a, "SMB2_10", smb3.SMB2_DIALECT_21)
	round_trip(a, "SMB3_00", smb3.SMB2_DIALECT_30)
	round_trip(a, "SMB3_11", smb3.SMB2_DIALECT_311)
	round_trip(a, "smb1_first", None)
	wrong_password(a)
	print("%d passed, %d failed" % (passed, failed))
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main())
