# SPDX-License-Identifier: GPL-2.0-or-later
#
# What the impacket probes share: their common options, the connection and
# NTLM log-on (with the 3.1.1 fix impacket needs, see seed_session_preauth),
# and one Report (probe_report.py) behind ok(), fail(), check() and
# summary().
#
# Importing this module checks that impacket is there; without it the probe
# reports one failed case and exits, as run.sh expects of any probe.

import argparse
import sys

from probe_report import Report

try:
	from impacket import smb3
	from impacket.smbconnection import SMBConnection
except ImportError as e:
	print("FAIL impacket_import: %s (run with /usr/bin/python3)" % e)
	print("0 passed, 1 failed")
	sys.exit(1)

report = Report()
ok, fail, check, summary = report.ok, report.fail, report.check, report.summary


def arg_parser(share=True):
	"""--host, --port, --user, --password and (unless share is False,
	for probes that give --share another meaning) a required --share."""
	ap = argparse.ArgumentParser()
	ap.add_argument("--host", default="127.0.0.1")
	ap.add_argument("--port", type=int, default=445)
	ap.add_argument("--user", required=True)
	ap.add_argument("--password", required=True)
	if share:
		ap.add_argument("--share", required=True)
	return ap


def seed_session_preauth(c):
	# impacket's NTLM login() never seeds Session.PreauthIntegrityHashValue
	# with Connection.PreauthIntegrityHashValue ([MS-SMB2] 3.2.4.2.3; only
	# its Kerberos path does), so it chains the SESSION_SETUP exchange from
	# 64 zero bytes and derives 3.1.1 keys that no server (Windows, Samba,
	# tsmbd: 3.3.5.5.1) shares. Do the step it skips.
	s = c.getSMBServer()
	s._Session["PreauthIntegrityHashValue"] = \
		s._Connection["PreauthIntegrityHashValue"]


def connect(a, dialect=None, timeout=20):
	"""A negotiated SMBConnection to a.host:a.port, not yet logged on.

	dialect None lets impacket start with SMB1 (it ends in 3.0); otherwise
	impacket offers 2.1, 3.0 or 3.1.1 alone."""
	if dialect is None:
		return SMBConnection(a.host, a.host, sess_port=a.port, timeout=timeout)
	c = SMBConnection(a.host, a.host, sess_port=a.port, timeout=timeout,
			  preferredDialect=dialect)
	if dialect == smb3.SMB2_DIALECT_311:
		seed_session_preauth(c)
	return c


def logon(a, dialect=None, timeout=20, password=None):
	"""connect(), then an NTLM log-on as a.user (with password if given)."""
	c = connect(a, dialect, timeout)
	c.login(a.user, a.password if password is None else password)
	return c
