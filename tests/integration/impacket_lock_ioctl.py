#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# impacket_lock_ioctl.py --host H --port P --user U --password PW --share S
#
# Byte-range locks between two connections, which smbtorture's smb2.lock
# suite does not cover (it waits and unlocks on one connection): a
# blocking LOCK on connection B goes async (interim response) and is
# granted when connection A unlocks, when A closes its handle, when A's
# connection drops; B's pending LOCK is answered STATUS_CANCELLED on
# CANCEL; a waiter whose connection drops must not hurt the server when
# the lock is released later. Each case runs over SMB 3.0 with signing
# and with encryption, so the async final responses are signed and sealed
# as their sessions require.
#
# Then IOCTL: FSCTL_VALIDATE_NEGOTIATE_INFO as a 3.0 client sends it (and
# the disconnect a forged one gets), the controls a
# server without DFS or multichannel refuses, and the file system
# controls the server answers.
#
# Reports as probe_report.py describes.

import struct
import sys
import threading
import time

from probe_lib import arg_parser, connect, fail, ok, summary
from impacket import smb3, smb3structs as s
from impacket.smbconnection import SessionError

STATUS_SUCCESS = 0
STATUS_PENDING = 0x103
STATUS_CANCELLED = 0xC0000120
STATUS_LOCK_NOT_GRANTED = 0xC0000055
STATUS_FILE_LOCK_CONFLICT = 0xC0000054
STATUS_NOT_SUPPORTED = 0xC00000BB
STATUS_FS_DRIVER_REQUIRED = 0xC000019C
STATUS_INVALID_DEVICE_REQUEST = 0xC0000010
STATUS_FILE_CLOSED = 0xC0000128

FSCTL_DFS_GET_REFERRALS = 0x00060194
FSCTL_QUERY_NETWORK_INTERFACE_INFO = 0x001401FC
FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204
FSCTL_GET_COMPRESSION = 0x0009003C
FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0
FSCTL_SET_SPARSE = 0x000900C4
FSCTL_SET_ZERO_DATA = 0x000980C8
FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF
NO_FILE = b"\xff" * 16

SHARED, EXCLUSIVE, UNLOCK, FAIL_IMMEDIATELY = 1, 2, 4, 0x10

class Client:
	"""One connection, session, tree and open of the test file."""

	def __init__(self, a, fname, encrypt, dialect=smb3.SMB2_DIALECT_30):
		self.c = connect(a, dialect)
		self.smb = self.c.getSMBServer()
		# impacket seals a 3.0 session whenever the server can; else sign
		if not encrypt:
			self.smb._Connection["SupportsEncryption"] = False
			self.smb._Connection["RequireSigning"] = True
		self.c.login(a.user, a.password)
		self.tid = self.c.connectTree(a.share)
		self.fid = self.c.createFile(self.tid, fname, desiredAccess=0x12019F,
					     shareMode=7, creationDisposition=3)

	def send_lock(self, off, length, flags):
		packet = self.smb.SMB_PACKET()
		packet["Command"] = s.SMB2_LOCK
		packet["TreeID"] = self.tid
		body = s.SMB2Lock()
		body["FileID"] = self.fid
		body["LockCount"] = 1
		el = s.SMB2_LOCK_ELEMENT()
		el["Offset"] = off
		el["Length"] = length
		el["Flags"] = flags
		body["Locks"] = el.getData()
		packet["Data"] = body
		return self.smb.sendSMB(packet)

	def recv_status(self, mid):
		"""The final status of request mid (impacket skips interim responses)."""
		return self.smb.recvSMB(mid)["Status"]

	def lock(self, off, length, flags):
		return self.recv_status(self.send_lock(off, length, flags))

	def cancel(self, mid):
		packet = self.smb.SMB_PACKET()
		packet["Command"] = s.SMB2_CANCEL
		packet["MessageID"] = mid
		packet["TreeID"] = self.tid
		body = s.SMB2Cancel()
		packet["Data"] = body
		# CANCEL takes no credit and gets no answer
		self.smb.sendSMB(packet)

	def ioctl(self, code, blob=b"", max_out=1024, fid=None, flags=1):
		"""(status, output) of an IOCTL; fid None names the open, NO_FILE none."""
		packet = self.smb.SMB_PACKET()
		packet["Command"] = s.SMB2_IOCTL
		packet["TreeID"] = self.tid
		body = s.SMB2Ioctl()
		body["FileID"] = self.fid if fid is None else fid
		body["CtlCode"] = code
		body["InputCount"] = len(blob)
		body["MaxInputResponse"] = 0
		body["MaxOutputResponse"] = max_out
		body["OutputOffset"] = 0
		body["Flags"] = flags
		if blob:
			body["Buffer"] = blob
		else:
			body["InputOffset"] = 0
			body["Buffer"] = b"\x00"
		packet["Data"] = body
		ans = self.smb.recvSMB(self.smb.sendSMB(packet))
		if ans["Status"] != STATUS_SUCCESS:
			return ans["Status"], b""
		return STATUS_SUCCESS, s.SMB2Ioctl_Response(ans["Data"])["Buffer"]

	def close(self):
		try:
			self.c.close()
		except Exception:
			pass


def in_thread(fn):
	"""Runs fn in a thread; returns a function waiting for its result."""
	box = {}

	def run():
		try:
			box["r"] = fn()
		except Exception as e:
			box["e"] = e
	t = threading.Thread(target=run)
	t.start()

	def join(timeout=10):
		t.join(timeout)
		if t.is_alive():
			raise RuntimeError("no final response within %ds" % timeout)
		if "e" in box:
			raise box["e"]
		return box["r"]
	return join


def expect(st, want, what):
	if st != want:
		raise RuntimeError("%s: status 0x%08x, expected 0x%08x" % (what, st, want))


def clients_case(a, name, fname, encrypt, body, count=2, dialect=smb3.SMB2_DIALECT_30):
	"""Case name: body(A, ...) on count connections with fname open, then closed."""
	clients = []
	try:
		for _ in range(count):
			clients.append(Client(a, fname, encrypt, dialect))
		body(*clients)
		ok(name)
	except Exception as e:
		fail(name, "%r %s" % (e, getattr(e, "getErrorString", lambda: "")()))
	finally:
		for x in clients:
			x.close()


def protection(encrypt):
	return "encrypt" if encrypt else "sign"


def granted_on(a, label, encrypt, release):
	"""B waits for A's exclusive lock; release(A) lets B through."""
	fname = "impacket-lock-%s.bin" % label

	def body(A, B):
		expect(A.lock(100, 10, EXCLUSIVE | FAIL_IMMEDIATELY), STATUS_SUCCESS, "A locks")
		expect(B.lock(105, 1, EXCLUSIVE | FAIL_IMMEDIATELY), STATUS_LOCK_NOT_GRANTED,
		       "B fail-immediately")
		wait = in_thread(lambda: B.lock(100, 10, EXCLUSIVE))
		time.sleep(0.3)
		release(A)
		expect(wait(), STATUS_SUCCESS, "B's blocking lock")
		# B holds it now: a fresh connection is refused
		C = Client(a, fname, encrypt)
		expect(C.lock(100, 1, SHARED | FAIL_IMMEDIATELY), STATUS_LOCK_NOT_GRANTED, "C")
		C.close()
		expect(B.lock(100, 10, UNLOCK), STATUS_SUCCESS, "B unlocks")
	clients_case(a, "locks_%s_%s" % (label, protection(encrypt)), fname, encrypt, body)


def cancelled(a, encrypt):
	def body(A, B):
		expect(A.lock(0, 1, EXCLUSIVE), STATUS_SUCCESS, "A locks")
		mid = B.send_lock(0, 1, SHARED)
		time.sleep(0.3)
		B.cancel(mid)
		expect(B.recv_status(mid), STATUS_CANCELLED, "B's cancelled lock")
		# the cancelled request left nothing behind: A unlocks, B's open still works
		expect(A.lock(0, 1, UNLOCK), STATUS_SUCCESS, "A unlocks")
		expect(B.lock(0, 1, SHARED | FAIL_IMMEDIATELY), STATUS_SUCCESS, "B locks")
	clients_case(a, "locks_cancel_" + protection(encrypt), "impacket-lock-cancel.bin", encrypt,
		    body)


def waiter_gone(a):
	"""B waits and disconnects; A's unlock afterwards must find no stale waiter."""
	fname = "impacket-lock-gone.bin"

	def body(A, B):
		expect(A.lock(0, 100, EXCLUSIVE), STATUS_SUCCESS, "A locks")
		B.send_lock(0, 100, EXCLUSIVE)
		time.sleep(0.3)
		B.close()
		time.sleep(0.3)
		expect(A.lock(0, 100, UNLOCK), STATUS_SUCCESS, "A unlocks")
		C = Client(a, fname, False)
		expect(C.lock(0, 100, EXCLUSIVE | FAIL_IMMEDIATELY), STATUS_SUCCESS, "C locks")
		C.close()
	clients_case(a, "locks_waiter_disconnects", fname, False, body)


def io_conflict(a):
	"""A's exclusive lock bars B's reads and writes, a shared one B's writes."""
	def body(A, B):
		A.c.writeFile(A.tid, A.fid, b"x" * 64, 0)
		expect(A.lock(0, 32, EXCLUSIVE | FAIL_IMMEDIATELY), STATUS_SUCCESS, "A locks")
		for what, fn in (("read", lambda: B.c.readFile(B.tid, B.fid, 0, 8)),
				 ("write", lambda: B.c.writeFile(B.tid, B.fid, b"y", 4))):
			try:
				fn()
				raise RuntimeError("B's %s went through an exclusive lock" % what)
			except SessionError as e:
				expect(e.getErrorCode(), STATUS_FILE_LOCK_CONFLICT, "B's " + what)
		B.c.readFile(B.tid, B.fid, 32, 8)
	clients_case(a, "locks_io_conflict", "impacket-lock-io.bin", False, body)


def vni_blob(c, guid=None):
	"""VALIDATE_NEGOTIATE_INFO as impacket negotiated: 3.0, its GUID and modes."""
	conn = c.smb._Connection
	if guid is None:
		guid = c.smb.ClientGuid
		guid = guid.encode("latin-1") if isinstance(guid, str) else guid
	return (struct.pack("<I", conn["Capabilities"]) + guid +
		struct.pack("<HHH", conn["ClientSecurityMode"], 1, smb3.SMB2_DIALECT_30))


def validate_negotiate(a):
	"""A 3.0 session validates; a forged GUID is cut off."""
	# (impacket's 3.1.1 signing does not get through a tree connect, so
	# the 3.1.1 refusal is left to the unit tests)
	for label, forge, dialect in (("ok", False, smb3.SMB2_DIALECT_30),
				      ("forged", True, smb3.SMB2_DIALECT_30)):
		def body(c, label=label, forge=forge):
			blob = vni_blob(c, b"\x42" * 16 if forge else None)
			try:
				st, out = c.ioctl(FSCTL_VALIDATE_NEGOTIATE_INFO, blob, 24, NO_FILE)
			except Exception:
				if label == "ok":
					raise
				return	# the server dropped the connection
			if label != "ok":
				raise RuntimeError("answered 0x%08x instead of disconnecting" % st)
			expect(st, STATUS_SUCCESS, "validate")
			caps, guid, mode, dialect_out = struct.unpack("<I16sHH", out[:24])
			if len(out) != 24 or dialect_out != smb3.SMB2_DIALECT_30:
				raise RuntimeError("answer %r" % out)
		clients_case(a, "ioctl_validate_negotiate_" + label, "impacket-ioctl.bin", False,
			     body, 1, dialect)


def ioctl_misc(a):
	def body(c):
		expect(c.ioctl(FSCTL_QUERY_NETWORK_INTERFACE_INFO, fid=NO_FILE)[0],
		       STATUS_NOT_SUPPORTED, "network interfaces")
		expect(c.ioctl(FSCTL_DFS_GET_REFERRALS, b"\x04\x00" + "\\x".encode("utf-16-le"),
			       fid=NO_FILE)[0], STATUS_FS_DRIVER_REQUIRED, "DFS referral")
		expect(c.ioctl(0x00090FFC)[0], STATUS_INVALID_DEVICE_REQUEST, "unknown FSCTL")
		expect(c.ioctl(FSCTL_GET_COMPRESSION, flags=0)[0], STATUS_NOT_SUPPORTED,
		       "device IOCTL")
		st, out = c.ioctl(FSCTL_GET_COMPRESSION)
		expect(st, STATUS_SUCCESS, "get compression")
		if out != b"\x00\x00":
			raise RuntimeError("compression state %r" % out)
		st, oid1 = c.ioctl(FSCTL_CREATE_OR_GET_OBJECT_ID, max_out=64)
		st2, oid2 = c.ioctl(FSCTL_CREATE_OR_GET_OBJECT_ID, max_out=64)
		expect(st, STATUS_SUCCESS, "object id")
		if len(oid1) != 64 or oid1 != oid2:
			raise RuntimeError("object ids %r %r" % (oid1, oid2))
		expect(c.ioctl(FSCTL_SET_SPARSE)[0], STATUS_SUCCESS, "set sparse")
		c.c.writeFile(c.tid, c.fid, b"x" * 100, 0)
		expect(c.ioctl(FSCTL_SET_ZERO_DATA, struct.pack("<QQ", 10, 20))[0],
		       STATUS_SUCCESS, "zero data")
		data = c.c.readFile(c.tid, c.fid, 0, 200)
		if data != b"x" * 10 + b"\x00" * 10 + b"x" * 80:
			raise RuntimeError("after zeroing: %r" % data)
		st, out = c.ioctl(FSCTL_QUERY_ALLOCATED_RANGES, struct.pack("<QQ", 0, 1 << 40))
		expect(st, STATUS_SUCCESS, "allocated ranges")
		if out != struct.pack("<QQ", 0, 100):
			raise RuntimeError("ranges %r" % out)
		c.c.closeFile(c.tid, c.fid)
		expect(c.ioctl(FSCTL_GET_COMPRESSION)[0], STATUS_FILE_CLOSED, "closed handle")
	clients_case(a, "ioctl_file_controls", "impacket-ioctl.bin", True, body, 1)


def main():
	a = arg_parser().parse_args()
	for encrypt in (False, True):
		granted_on(a, "unlock", encrypt, lambda A: expect(A.lock(100, 10, UNLOCK),
								 STATUS_SUCCESS, "A unlocks"))
		granted_on(a, "close", encrypt, lambda A: A.c.closeFile(A.tid, A.fid))
		granted_on(a, "disconnect", encrypt, lambda A: A.close())
		cancelled(a, encrypt)
	waiter_gone(a)
	io_conflict(a)
	validate_negotiate(a)
	ioctl_misc(a)
	return summary()


if __name__ == "__main__":
	sys.exit(main())
