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
# Reports as probe_report.py describes.

import io
import os
import sys

from probe_lib import arg_parser, fail, logon, ok, summary
from impacket import smb3
from impacket.smbconnection import SessionError


def round_trip(a, label, dialect):
	name = "impacket_files_" + label
	data = os.urandom(3 * 1024 * 1024 + 17)
	fname = "impacket-%s.bin" % label
	try:
		c = logon(a, dialect)
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
		logon(a, smb3.SMB2_DIALECT_311, password="wrong-" + a.password)
		fail(name, "logged on with a wrong password")
	except SessionError as e:
		if e.getErrorCode() == 0xC000006D:
			ok(name)
		else:
			fail(name, "status 0x%08x" % e.getErrorCode())
	except Exception as e:
		fail(name, repr(e))


def main():
	a = arg_parser().parse_args()
	# impacket's SMBConnection asks for 2.1, 3.0 or 3.1.1 (the last with a
	# client-side fix, see probe_lib.seed_session_preauth); its SMB1-first
	# path ends in 3.0.
	round_trip(a, "SMB2_10", smb3.SMB2_DIALECT_21)
	round_trip(a, "SMB3_00", smb3.SMB2_DIALECT_30)
	round_trip(a, "SMB3_11", smb3.SMB2_DIALECT_311)
	round_trip(a, "smb1_first", None)
	wrong_password(a)
	return summary()


if __name__ == "__main__":
	sys.exit(main())
