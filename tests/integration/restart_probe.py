#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# restart_probe.py --host H --port P --user U --password PW --share S
#                  --sync DIR --mode restart|unload [--timeout S]
#
# The client side of two kernel-format tests, each with an SMB 3.0 session
# (impacket) holding an open file while the server side is taken away; a
# script does that and they keep step through files in DIR:
#
#   the probe                                the script
#   log on, open, write, read   -> ready
#                                            stops tsmbd (restart) or
#                                            unloads tsmb.ko (unload)
#                               <- stopped
#   restart: the open file still reads and writes; a new log-on fails
#            (no service to check the password) without hanging
#   unload:  the connection is gone: the next request fails
#                               -> checked
#   restart only:                            starts tsmbd again
#                               <- started
#            a new log-on works and sees the data; the old session's
#            open file still reads and writes; close, delete
#
# Prints "ok NAME" / "FAIL NAME: why" and finally "N passed, N failed".

import os
import sys
import time

from probe_lib import arg_parser, fail, logon, ok, smb3, summary

FILE_NAME = "restart-probe.bin"
GENERIC_RW = 0x00130197	# data, EAs, attributes, DELETE, READ_CONTROL, SYNCHRONIZE
SHARE_ALL = 7


def signal(a, what):
	open(os.path.join(a.sync, what), "w").close()


def wait_for(a, what):
	path = os.path.join(a.sync, what)
	end = time.monotonic() + a.timeout
	while not os.path.exists(path):
		if time.monotonic() > end:
			raise TimeoutError("no %s from the script" % what)
		time.sleep(0.1)


def log_on(a):
	c = logon(a, smb3.SMB2_DIALECT_30, timeout=30)
	return c, c.connectTree(a.share)


def round_trip(c, tid, fid, off, tag):
	"""Writes a block at off and reads the whole file back."""
	block = (tag * 4096)[:4096].encode()
	c.writeFile(tid, fid, block, off)
	return c.readFile(tid, fid, 0, off + len(block))


def main():
	p = arg_parser()
	p.add_argument("--sync", required=True)
	p.add_argument("--mode", choices=("restart", "unload"), required=True)
	p.add_argument("--timeout", type=float, default=120)
	a = p.parse_args()
	m = a.mode
	try:
		c, tid = log_on(a)
		fid = c.createFile(tid, FILE_NAME, desiredAccess=GENERIC_RW,
				   shareMode=SHARE_ALL, creationDisposition=5)
		before = round_trip(c, tid, fid, 0, "before")
		if len(before) != 4096:
			raise RuntimeError("read back %d bytes" % len(before))
		ok("%s_session_open_file" % m)
	except Exception as e:
		fail("%s_session_open_file" % m, repr(e))
		signal(a, "ready")
		summary()
		return 1
	signal(a, "ready")
	wait_for(a, "stopped")

	if m == "unload":
		try:
			c.readFile(tid, fid, 0, 4096)
			fail("unload_client_disconnected", "a read after the unload worked")
		except Exception:
			ok("unload_client_disconnected")
		signal(a, "checked")
		return summary()

	try:
		data = round_trip(c, tid, fid, 4096, "without")
		if data[:4096] != before or len(data) != 8192:
			raise RuntimeError("read back %d bytes, differing" % len(data))
		ok("restart_open_file_works_without_tsmbd")
	except Exception as e:
		fail("restart_open_file_works_without_tsmbd", repr(e))
	t0 = time.monotonic()
	try:
		log_on(a)
		fail("restart_log_on_refused_without_tsmbd", "logged on")
	except Exception as e:
		# the module's up-call fails at once with no service registered
		took = time.monotonic() - t0
		if took < 20:
			ok("restart_log_on_refused_without_tsmbd")
		else:
			fail("restart_log_on_refused_without_tsmbd",
			     "took %.0f s: %r" % (took, e))
	signal(a, "checked")
	wait_for(a, "started")

	try:
		c2, tid2 = log_on(a)
		fid2 = c2.createFile(tid2, FILE_NAME, desiredAccess=GENERIC_RW,
				     shareMode=SHARE_ALL, creationDisposition=1)
		seen = c2.readFile(tid2, fid2, 0, 4096)
		if seen != before:
			raise RuntimeError("the new session reads other data")
		ok("restart_new_log_on_after_restart")
	except Exception as e:
		fail("restart_new_log_on_after_restart", repr(e))
		c2 = None
	try:
		data = round_trip(c, tid, fid, 8192, "after")
		if len(data) != 12288 or data[:4096] != before:
			raise RuntimeError("read back %d bytes, differing" % len(data))
		c.closeFile(tid, fid)
		ok("restart_old_session_keeps_open_file")
	except Exception as e:
		fail("restart_old_session_keeps_open_file", repr(e))
	try:
		if c2 is None:
			raise RuntimeError("no new session")
		c2.closeFile(tid2, fid2)
		c2.deleteFile(a.share, FILE_NAME)
		c2.logoff()
		c.logoff()
		ok("restart_close_and_log_off")
	except Exception as e:
		fail("restart_close_and_log_off", repr(e))
	return summary()


if __name__ == "__main__":
	sys.exit(main())
