# SPDX-License-Identifier: GPL-2.0-or-later
#
# A tiny SMB2 client codec for the black-box probes: direct-TCP framing
# ([MS-SMB2] 2.1), the SYNC header (2.2.1.2), NEGOTIATE request and response
# with negotiate contexts (2.2.3, 2.2.4), ECHO, error bodies (2.2.2) and the
# SMB1 SMB_COM_NEGOTIATE that starts a multi-protocol negotiation. Standard
# library only; every decoder checks bounds and raises CaseFailed on
# anything malformed, so a probe reports the server's mistake, not a crash.

import os
import socket
import struct
import time

# [MS-SMB2] 2.2.1: command codes
NEGOTIATE = 0x0000
SESSION_SETUP = 0x0001
TREE_CONNECT = 0x0003
ECHO = 0x000D

FLAGS_SERVER_TO_REDIR = 0x00000001

# [MS-ERREF] 2.3.1 NTSTATUS values the server is expected to send
STATUS_SUCCESS = 0x00000000
STATUS_INVALID_PARAMETER = 0xC000000D
STATUS_NOT_SUPPORTED = 0xC00000BB
STATUS_USER_SESSION_DELETED = 0xC0000203
STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP = 0xC05D0000

STATUS_NAMES = {
	STATUS_SUCCESS: "STATUS_SUCCESS",
	STATUS_INVALID_PARAMETER: "STATUS_INVALID_PARAMETER",
	STATUS_NOT_SUPPORTED: "STATUS_NOT_SUPPORTED",
	STATUS_USER_SESSION_DELETED: "STATUS_USER_SESSION_DELETED",
	STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP:
		"STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP",
	0xC0000022: "STATUS_ACCESS_DENIED",
	0xC0000002: "STATUS_NOT_IMPLEMENTED",
	0xC0000010: "STATUS_INVALID_DEVICE_REQUEST",
	0xC00000BB: "STATUS_NOT_SUPPORTED",
	0xC0000016: "STATUS_MORE_PROCESSING_REQUIRED",
	0xC0000001: "STATUS_UNSUCCESSFUL",
}

ALL_DIALECTS = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311]

# [MS-SMB2] 2.2.3.1: negotiate context types and their algorithm ids
CTX_PREAUTH = 0x0001
CTX_ENCRYPTION = 0x0002
CTX_COMPRESSION = 0x0003
CTX_NETNAME = 0x0005
CTX_SIGNING = 0x0008
CTX_RESERVED = 0x0100
HASH_SHA512 = 0x0001
CIPHER_AES128_CCM = 0x0001
CIPHER_AES128_GCM = 0x0002
SIGN_AES_CMAC = 0x0001
SIGN_AES_GMAC = 0x0002

# [MS-SMB2] 2.2.4: capability bits allowed per dialect family
CAP_DFS = 0x01
CAP_LEASING = 0x02
CAP_LARGE_MTU = 0x04
CAP_MULTI_CHANNEL = 0x08
CAP_PERSISTENT_HANDLES = 0x10
CAP_DIRECTORY_LEASING = 0x20
CAP_ENCRYPTION = 0x40
CAPS_2_0_2 = CAP_DFS
CAPS_2_1 = CAP_DFS | CAP_LEASING | CAP_LARGE_MTU
CAPS_3_X = 0x7F

FILETIME_EPOCH_DELTA = 11644473600  # seconds from 1601-01-01 to 1970-01-01
MAX_TIME_SKEW = 300

# Where the probes connect and how long each socket operation may take;
# set once by configure().
TARGET = {"host": "127.0.0.1", "port": 445, "timeout": 2.0}


def configure(host, port, timeout):
	TARGET.update(host=host, port=port, timeout=timeout)


def status_name(status):
	name = STATUS_NAMES.get(status)
	if name:
		return "%s (0x%08X)" % (name, status)
	return "0x%08X" % status


class CaseFailed(Exception):
	pass


def check(cond, why):
	if not cond:
		raise CaseFailed(why)


# ---------------------------------------------------------------- transport


class Closed(Exception):
	"""The server closed the connection (FIN or RST)."""


class Conn:
	"""One TCP connection with direct-TCP framing ([MS-SMB2] 2.1)."""

	def __init__(self, nodelay=False, timeout=None):
		self.timeout = TARGET["timeout"] if timeout is None else timeout
		self.sock = socket.create_connection((TARGET["host"],
						      TARGET["port"]),
						     timeout=self.timeout)
		if nodelay:
			self.sock.setsockopt(socket.IPPROTO_TCP,
					     socket.TCP_NODELAY, 1)
		self.next_mid = 0
		self.credits = 1
		self.dialect = None

	def close(self):
		try:
			self.sock.close()
		except OSError:
			pass

	def __enter__(self):
		return self

	def __exit__(self, *exc):
		self.close()

	def send_raw(self, data):
		self.sock.sendall(data)

	def send_frame(self, payload):
		self.send_raw(frame(payload))

	def recv_exact(self, n):
		buf = b""
		while len(buf) < n:
			try:
				chunk = self.sock.recv(n - len(buf))
			except ConnectionResetError:
				raise Closed("connection reset after %d of %d "
					     "bytes" % (len(buf), n))
			if not chunk:
				raise Closed("connection closed after %d of %d "
					     "bytes" % (len(buf), n))
			buf += chunk
		return buf

	def recv_frame(self):
		"""Return one framed PDU; raise Closed or socket.timeout."""
		hdr = self.recv_exact(4)
		check(hdr[0] == 0, "response frame starts with 0x%02x, not 0"
		      % hdr[0])
		length = int.from_bytes(hdr[1:4], "big")
		return self.recv_exact(length)

	def expect_disconnect(self, what):
		"""The server must close the connection without sending a byte."""
		try:
			data = self.sock.recv(65536)
		except ConnectionResetError:
			return
		except socket.timeout:
			raise CaseFailed("%s: server neither replied nor "
					 "disconnected within %.1fs"
					 % (what, self.timeout))
		if data:
			raise CaseFailed("%s: expected a disconnect without "
					 "reply, got %d bytes: %s"
					 % (what, len(data), describe(data)))

	def request(self, payload, what):
		"""Send one PDU, receive one PDU; Closed becomes a failure."""
		self.send_frame(payload)
		return self.response(what)

	def response(self, what):
		try:
			return self.recv_frame()
		except Closed as e:
			raise CaseFailed("%s: server disconnected (%s)" % (what, e))
		except socket.timeout:
			raise CaseFailed("%s: no response within %.1fs"
					 % (what, self.timeout))


def frame(payload):
	return b"\x00" + len(payload).to_bytes(3, "big") + payload


def describe(data):
	"""A short human description of a PDU the server sent."""
	if len(data) >= 4 and data[4:8] in (b"\xfeSMB", b"\xffSMB") \
			and data[0] == 0:
		data = data[4:]
	if len(data) >= 64 and data[:4] == b"\xfeSMB":
		h = Hdr(data)
		return "SMB2 cmd 0x%04x status %s" % (h.command,
						      status_name(h.status))
	if len(data) >= 32 and data[:4] == b"\xffSMB":
		st = struct.unpack_from("<I", data, 5)[0]
		return "SMB1 cmd 0x%02x status 0x%08X" % (data[4], st)
	return data[:16].hex()


# ---------------------------------------------------------------- SMB2 codec


def smb2_header(command, mid, credit_charge=0, credit_request=31, flags=0,
		next_command=0, tree_id=0, session_id=0, status=0,
		protocol=b"\xfeSMB", structure_size=64):
	# [MS-SMB2] 2.2.1.2 SYNC header
	return struct.pack("<4sHHIHHIIQIIQ16s", protocol, structure_size,
			   credit_charge, status, command, credit_request,
			   flags, next_command, mid, 0xFEFF, tree_id,
			   session_id, b"\x00" * 16)


class Hdr:
	def __init__(self, pdu, off=0):
		check(len(pdu) - off >= 64, "response shorter than an SMB2 "
		      "header (%d bytes)" % (len(pdu) - off))
		(self.protocol, self.structure_size, self.credit_charge,
		 self.status, self.command, self.credits, self.flags,
		 self.next_command, self.mid, _, self.tree_id,
		 self.session_id, self.signature) = struct.unpack_from(
			"<4sHHIHHIIQIIQ16s", pdu, off)


def check_hdr(pdu, command, mid, status=None, off=0):
	"""Checks every response header must pass; returns the header."""
	h = Hdr(pdu, off)
	check(h.protocol == b"\xfeSMB", "response ProtocolId %r"
	      % h.protocol)
	check(h.structure_size == 64, "response header StructureSize %d"
	      % h.structure_size)
	check(h.command == command, "response Command 0x%04x, expected "
	      "0x%04x" % (h.command, command))
	check(h.flags & FLAGS_SERVER_TO_REDIR, "response Flags 0x%08x "
	      "lacks SMB2_FLAGS_SERVER_TO_REDIR" % h.flags)
	check(h.mid == mid, "response MessageId %d, request had %d"
	      % (h.mid, mid))
	if status is not None:
		check(h.status == status, "status %s, expected %s"
		      % (status_name(h.status), status_name(status)))
	return h


def check_error_body(pdu, off=0, end=None):
	# [MS-SMB2] 2.2.2: an error response body is StructureSize 9 plus at
	# least one byte of ErrorData
	end = len(pdu) if end is None else end
	body = pdu[off + 64:end]
	check(len(body) >= 9, "error response body is %d bytes, expected "
	      ">= 9" % len(body))
	ss = struct.unpack_from("<H", body)[0]
	check(ss == 9, "error response StructureSize %d, expected 9" % ss)


def ctx(ctype, data):
	return (ctype, data)


def preauth_ctx(algs=(HASH_SHA512,), salt=None, count=None):
	salt = os.urandom(32) if salt is None else salt
	count = len(algs) if count is None else count
	data = struct.pack("<HH", count, len(salt))
	data += b"".join(struct.pack("<H", a) for a in algs) + salt
	return ctx(CTX_PREAUTH, data)


def encryption_ctx(ciphers=(CIPHER_AES128_GCM, CIPHER_AES128_CCM),
		   count=None):
	count = len(ciphers) if count is None else count
	data = struct.pack("<H", count)
	data += b"".join(struct.pack("<H", c) for c in ciphers)
	return ctx(CTX_ENCRYPTION, data)


def signing_ctx(algs=(SIGN_AES_GMAC, SIGN_AES_CMAC)):
	data = struct.pack("<H", len(algs))
	data += b"".join(struct.pack("<H", a) for a in algs)
	return ctx(CTX_SIGNING, data)


def pad8(n):
	return (8 - n % 8) % 8


def negotiate_req(dialects, contexts=None, mid=0, dialect_count=None,
		  structure_size=36, ctx_offset=None, ctx_count=None,
		  ctx_len_override=None, truncate=None, security_mode=1,
		  capabilities=0x7F, guid=None):
	"""An SMB2 NEGOTIATE request ([MS-SMB2] 2.2.3) with knobs to break it.

	contexts: list of (type, data); None means "the usual 3.1.1 set" when
	0x0311 is offered and none otherwise. ctx_len_override patches the
	DataLength of the last context.
	"""
	if contexts is None:
		contexts = [preauth_ctx()] if 0x0311 in dialects else []
	guid = os.urandom(16) if guid is None else guid
	hdr = smb2_header(NEGOTIATE, mid, credit_request=31)
	dial = b"".join(struct.pack("<H", d) for d in dialects)
	fixed_len = 36
	ctx_blob = b""
	first_ctx = 0
	if contexts:
		end = 64 + fixed_len + len(dial)
		first_ctx = end + pad8(end)
		for i, (ctype, data) in enumerate(contexts):
			dlen = len(data)
			if ctx_len_override is not None and \
					i == len(contexts) - 1:
				dlen = ctx_len_override
			if i:
				ctx_blob += b"\x00" * pad8(len(ctx_blob))
			ctx_blob += struct.pack("<HHI", ctype, dlen, 0) + data
	if ctx_offset is None:
		ctx_offset = first_ctx
	if ctx_count is None:
		ctx_count = len(contexts)
	if dialect_count is None:
		dialect_count = len(dialects)
	body = struct.pack("<HHHHI16sIHH", structure_size, dialect_count,
			   security_mode, 0, capabilities, guid,
			   ctx_offset if contexts or ctx_count else 0,
			   ctx_count, 0)
	pdu = hdr + body + dial
	if contexts:
		pdu += b"\x00" * (first_ctx - len(pdu)) + ctx_blob
	if truncate is not None:
		pdu = pdu[:truncate]
	return pdu


class NegResp:
	"""A decoded NEGOTIATE response ([MS-SMB2] 2.2.4), checked strictly."""

	def __init__(self, pdu):
		self.pdu = pdu
		check(len(pdu) >= 64 + 64, "NEGOTIATE response is %d bytes, "
		      "shorter than header + 64-byte body" % len(pdu))
		(self.structure_size, self.security_mode, self.dialect,
		 self.ctx_count, self.server_guid, self.capabilities,
		 self.max_transact, self.max_read, self.max_write,
		 self.system_time, self.start_time, self.sec_off,
		 self.sec_len, self.ctx_offset) = struct.unpack_from(
			"<HHHH16sIIIIQQHHI", pdu, 64)
		self.contexts = []
		if self.sec_len:
			check(self.sec_off >= 128 and
			      self.sec_off + self.sec_len <= len(pdu),
			      "SecurityBuffer %d+%d outside the %d-byte "
			      "response" % (self.sec_off, self.sec_len,
					    len(pdu)))
		if self.dialect == 0x0311:
			self._parse_contexts()

	def _parse_contexts(self):
		# [MS-SMB2] 2.2.4: the list starts 8-byte aligned after the
		# security buffer; each further context starts at the next
		# 8-byte boundary after the previous one
		pdu = self.pdu
		off = self.ctx_offset
		check(self.ctx_count >= 1, "3.1.1 response has "
		      "NegotiateContextCount 0")
		check(off % 8 == 0, "NegotiateContextOffset %d not 8-byte "
		      "aligned" % off)
		check(off >= 128 + (self.sec_len and
				    (self.sec_off - 128 + self.sec_len)),
		      "NegotiateContextOffset %d overlaps the fixed body or "
		      "security buffer" % off)
		for i in range(self.ctx_count):
			if i:
				off += pad8(off)
			check(off + 8 <= len(pdu), "context %d header at %d "
			      "past the end (%d)" % (i, off, len(pdu)))
			ctype, dlen, _ = struct.unpack_from("<HHI", pdu, off)
			check(off + 8 + dlen <= len(pdu), "context %d (type "
			      "0x%04x) data %d bytes past the end" %
			      (i, ctype, off + 8 + dlen - len(pdu)))
			self.contexts.append((ctype, pdu[off + 8:off + 8 +
							 dlen]))
			off += 8 + dlen

	def contexts_of(self, ctype):
		return [d for t, d in self.contexts if t == ctype]


def check_negotiate(pdu, dialect, mid=0):
	"""All checks a successful NEGOTIATE response must pass."""
	check_hdr(pdu, NEGOTIATE, mid, STATUS_SUCCESS)
	h = Hdr(pdu)
	r = NegResp(pdu)
	check(r.structure_size == 65, "NEGOTIATE response StructureSize %d"
	      % r.structure_size)
	check(r.dialect == dialect, "DialectRevision 0x%04x, expected "
	      "0x%04x" % (r.dialect, dialect))
	check(r.security_mode & 1, "SecurityMode 0x%x lacks "
	      "SIGNING_ENABLED" % r.security_mode)
	for name in ("max_transact", "max_read", "max_write"):
		val = getattr(r, name)
		check(val >= 65536, "%s %d < 65536" % (name, val))
	check(r.server_guid != b"\x00" * 16, "ServerGuid is zero")
	secs = r.system_time / 10000000 - FILETIME_EPOCH_DELTA
	check(abs(secs - time.time()) < MAX_TIME_SKEW, "SystemTime is %.0f s "
	      "away from now" % (secs - time.time()))
	check(h.credits >= 1, "CreditResponse %d" % h.credits)
	if dialect != 0x0311:
		check(r.ctx_count == 0, "NegotiateContextCount %d for dialect "
		      "0x%04x" % (r.ctx_count, dialect))
	# [MS-SMB2] 2.2.4, 3.3.5.3.1: bits by dialect family; the 0x02FF
	# answer may carry only DFS, LEASING and LARGE_MTU
	allowed = {0x0202: CAPS_2_0_2, 0x0210: CAPS_2_1,
		   0x02FF: CAPS_2_1}.get(dialect, CAPS_3_X)
	check(r.capabilities & ~allowed == 0, "Capabilities 0x%x has bits not "
	      "defined for dialect 0x%04x" % (r.capabilities, dialect))
	return r


# ---------------------------------------------------------------- sessions


def negotiate(conn, dialects=None, contexts=None, expect=None):
	dialects = ALL_DIALECTS if dialects is None else dialects
	pdu = conn.request(negotiate_req(dialects, contexts, mid=0),
			   "NEGOTIATE")
	if expect is None:
		expect = max(d for d in dialects if d in ALL_DIALECTS)
	r = check_negotiate(pdu, expect)
	conn.next_mid = 1
	conn.credits = Hdr(pdu).credits
	conn.dialect = r.dialect
	return r


def echo_req(mid, credit_charge=1, next_command=0, flags=0,
	     session_id=0):
	return smb2_header(ECHO, mid, credit_charge=credit_charge,
			   next_command=next_command, flags=flags,
			   session_id=session_id) + struct.pack("<HH", 4, 0)


def charge(conn):
	# [MS-SMB2] 3.2.4.1.5: CreditCharge is 0 for 2.0.2, 1 otherwise
	return 0 if conn.dialect == 0x0202 else 1


def echo(conn):
	mid = conn.next_mid
	pdu = conn.request(echo_req(mid, charge(conn)), "ECHO")
	h = check_hdr(pdu, ECHO, mid, STATUS_SUCCESS)
	check(len(pdu) >= 68, "ECHO response is %d bytes" % len(pdu))
	ss = struct.unpack_from("<H", pdu, 64)[0]
	check(ss == 4, "ECHO response StructureSize %d" % ss)
	check(h.credits >= 1, "ECHO CreditResponse %d" % h.credits)
	conn.next_mid += 1
	conn.credits += h.credits - 1
	return h


# ---------------------------------------------------------------- SMB1


def smb1_negotiate(dialects, command=0x72):
	# [MS-CIFS] 2.2.3.1 header + 2.2.4.52.1 SMB_COM_NEGOTIATE request
	hdr = struct.pack("<4sBIBHH8sHHHHH", b"\xffSMB", command, 0, 0x18,
			  0xC853, 0, b"\x00" * 8, 0, 0xFFFF, 0xFEFF, 0, 0)
	data = b"".join(b"\x02" + d.encode("ascii") + b"\x00"
			for d in dialects)
	return hdr + struct.pack("<BH", 0, len(data)) + data
