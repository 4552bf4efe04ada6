#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# impacket_info.py --host H --port P --user U --password PW --share S [--files N]
#
# QUERY_DIRECTORY, QUERY_INFO and SET_INFO through impacket's SMB3 client
# (Debian's python3-impacket), with the requests built by hand where
# impacket drops the flags ([MS-SMB2] 2.2.33, 2.2.37, 2.2.39):
#   - a directory of N files (default 2000) listed in 4 KiB responses:
#     every name once, "." and ".." first, entries 8-aligned, then
#     STATUS_NO_MORE_FILES; RETURN_SINGLE_ENTRY, RESTART_SCANS with a new
#     pattern, DOS wildcards, NO_SUCH_FILE on a first search that finds
#     nothing, INFO_LENGTH_MISMATCH below the fixed part;
#   - file and file system information classes: sizes, BUFFER_OVERFLOW with
#     a partial name, INFO_LENGTH_MISMATCH, the security descriptor;
#   - times, end of file, read-only, rename, EAs and delete-on-close set
#     and read back.
# Everything is made under a fresh directory of the share and removed.
#
# Reports as probe_report.py describes.

import os
import struct
import sys

from probe_lib import arg_parser, check, fail, logon, ok, summary
from impacket import smb3structs as s2

STATUS_SUCCESS = 0
STATUS_BUFFER_OVERFLOW = 0x80000005
STATUS_NO_MORE_FILES = 0x80000006
STATUS_INFO_LENGTH_MISMATCH = 0xC0000004
STATUS_NO_SUCH_FILE = 0xC000000F
STATUS_BUFFER_TOO_SMALL = 0xC0000023
STATUS_OBJECT_NAME_COLLISION = 0xC0000035
STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034
STATUS_INVALID_PARAMETER = 0xC000000D

FILE_ID_BOTH_DIRECTORY_INFORMATION = 37
FILE_NAMES_INFORMATION = 12
RESTART_SCANS, RETURN_SINGLE_ENTRY = 0x01, 0x02

DIR_ACCESS = 0x00100081		# FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE
FILE_ACCESS = 0x0013019B	# data, EAs, attributes, DELETE, READ_CONTROL, SYNCHRONIZE
SHARE_ALL = 7

class Raw:
	"""Requests impacket cannot send as wanted, over its session."""

	def __init__(self, conn, tid):
		self.s = conn._SMBConnection
		self.tid = tid

	def _send(self, cmd, body, charge=1):
		p = self.s.SMB_PACKET()
		p['Command'] = cmd
		p['TreeID'] = self.tid
		p['CreditCharge'] = charge
		p['Data'] = body
		return self.s.recvSMB(self.s.sendSMB(p))

	def qd(self, fid, pattern, cls, out_len, flags=0):
		q = s2.SMB2QueryDirectory()
		q['FileInformationClass'] = cls
		q['Flags'] = flags
		q['FileID'] = fid
		q['OutputBufferLength'] = out_len
		q['FileNameLength'] = len(pattern) * 2
		q['Buffer'] = pattern.encode('utf-16-le')
		ans = self._send(s2.SMB2_QUERY_DIRECTORY, q, 1 + (out_len - 1) // 65536)
		if ans['Status'] not in (STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW):
			return ans['Status'], b""
		return ans['Status'], s2.SMB2QueryDirectory_Response(ans['Data'])['Buffer']

	def qi(self, fid, itype, cls, out_len=65536, addl=0, inbuf=b""):
		q = s2.SMB2QueryInfo()
		q['InfoType'] = itype
		q['FileInfoClass'] = cls
		q['OutputBufferLength'] = out_len
		q['AdditionalInformation'] = addl
		q['FileID'] = fid
		q['InputBufferOffset'] = 0x68
		q['InputBufferLength'] = len(inbuf)
		q['Buffer'] = inbuf
		ans = self._send(s2.SMB2_QUERY_INFO, q, 1 + (out_len - 1) // 65536)
		if ans['Status'] not in (STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW):
			return ans['Status'], b""
		return ans['Status'], s2.SMB2QueryInfo_Response(ans['Data'])['Buffer']

	def si(self, fid, itype, cls, buf, addl=0):
		q = s2.SMB2SetInfo()
		q['InfoType'] = itype
		q['FileInfoClass'] = cls
		q['BufferLength'] = len(buf)
		q['AdditionalInformation'] = addl
		q['FileID'] = fid
		q['Buffer'] = buf
		return self._send(s2.SMB2_SET_INFO, q)['Status']


def entries(buf, name_off, len_off):
	"""(offset, name) of each entry, following NextEntryOffset."""
	out, off = [], 0
	while True:
		nxt, = struct.unpack_from('<I', buf, off)
		nl, = struct.unpack_from('<I', buf, off + len_off)
		out.append((off, buf[off + name_off:off + name_off + nl].decode('utf-16-le')))
		if nxt == 0:
			return out
		off += nxt


def names_of(buf):
	return [n for _, n in entries(buf, 12, 8)]


def create(s, tid, path, access, options=0, disposition=s2.FILE_OPEN):
	return s.create(tid, path, access, SHARE_ALL, options, disposition, 0)


def listing(a, c, r, s, tid, top, n):
	fid = create(s, tid, top, DIR_ACCESS, s2.FILE_DIRECTORY_FILE)
	seen, calls, aligned, status = [], 0, True, None
	while calls < 10 * n:
		status, buf = r.qd(fid, '*', FILE_ID_BOTH_DIRECTORY_INFORMATION, 4096)
		if status != STATUS_SUCCESS:
			break
		calls += 1
		for off, name in entries(buf, 104, 60):
			aligned = aligned and off % 8 == 0
			seen.append(name)
	want = ['.', '..'] + sorted('f%05d.dat' % i for i in range(n))
	check("info_qd_resume_all_once", sorted(seen) == sorted(want),
	      "%d names, %d distinct, %d wanted" % (len(seen), len(set(seen)), len(want)))
	check("info_qd_resume_dots_first", seen[:2] == ['.', '..'], "starts %r" % seen[:3])
	if n >= 1000:
		check("info_qd_resume_many_requests", calls > 10, "only %d requests" % calls)
	check("info_qd_resume_aligned", aligned, "an entry not 8-aligned")
	check("info_qd_resume_no_more_files", status == STATUS_NO_MORE_FILES,
	      "ended with 0x%08x" % status)
	st, buf = r.qd(fid, '*', FILE_NAMES_INFORMATION, 65536, RESTART_SCANS | RETURN_SINGLE_ENTRY)
	st2, buf2 = r.qd(fid, '*', FILE_NAMES_INFORMATION, 65536, RETURN_SINGLE_ENTRY)
	check("info_qd_single_entry", st == st2 == 0 and names_of(buf) == ['.'] and
	      names_of(buf2) == ['..'], "0x%08x 0x%08x" % (st, st2))
	st, buf = r.qd(fid, 'F0001?.DAT', FILE_NAMES_INFORMATION, 65536, RESTART_SCANS)
	got = sorted(names_of(buf)) if st == 0 else []
	check("info_qd_restart_new_pattern", got == ['f%05d.dat' % i for i in range(10, 20)],
	      "0x%08x %r" % (st, got[:4]))
	st, buf = r.qd(fid, '<.DAT', FILE_NAMES_INFORMATION, 65536 * 4, RESTART_SCANS)
	check("info_qd_dos_star", st == 0 and len(names_of(buf)) == n, "0x%08x" % st)
	st, _ = r.qd(fid, 'nothing*', FILE_NAMES_INFORMATION, 65536, RESTART_SCANS)
	check("info_qd_restart_no_match", st == STATUS_NO_MORE_FILES, "0x%08x" % st)
	s.close(tid, fid)
	fid = create(s, tid, top, DIR_ACCESS, s2.FILE_DIRECTORY_FILE)
	st, _ = r.qd(fid, 'nothing*', FILE_NAMES_INFORMATION, 65536)
	check("info_qd_first_no_match", st == STATUS_NO_SUCH_FILE, "0x%08x" % st)
	st, _ = r.qd(fid, '*', FILE_ID_BOTH_DIRECTORY_INFORMATION, 100, RESTART_SCANS)
	check("info_qd_below_fixed_part", st == STATUS_INFO_LENGTH_MISMATCH, "0x%08x" % st)
	s.close(tid, fid)


def file_classes(s, r, tid, top):
	path = top + '/f00001.dat'
	fid = create(s, tid, path.replace('/', '\\'), FILE_ACCESS)
	try:
		file_classes_of(r, fid, path)
	finally:
		s.close(tid, fid)


def file_classes_of(r, fid, path):
	sizes = {4: 40, 5: 24, 6: 8, 7: 4, 8: 4, 14: 8, 16: 4, 17: 4, 34: 56, 35: 8, 28: 16}
	bad = []
	for cls, size in sizes.items():
		st, buf = r.qi(fid, 1, cls)
		if st != 0 or len(buf) != size:
			bad.append((cls, hex(st), len(buf)))
		st, _ = r.qi(fid, 1, cls, out_len=size - 1)
		if st != STATUS_INFO_LENGTH_MISMATCH:
			bad.append((cls, 'short', hex(st)))
	check("info_qi_fixed_classes", not bad, repr(bad))
	want = ('\\' + path.replace('/', '\\')).encode('utf-16-le')
	st, buf = r.qi(fid, 1, 18)
	check("info_qi_all_name", st == 0 and buf[100:] == want and
	      struct.unpack_from('<I', buf, 96)[0] == len(want), "0x%08x %r" % (st, buf[96:]))
	st, buf = r.qi(fid, 1, 18, out_len=104)
	check("info_qi_all_partial", st == STATUS_BUFFER_OVERFLOW and len(buf) == 104 and
	      struct.unpack_from('<I', buf, 96)[0] == len(want), "0x%08x %d" % (st, len(buf)))
	st, buf = r.qi(fid, 1, 22)
	check("info_qi_stream", st == 0 and buf[24:] == '::$DATA'.encode('utf-16-le'),
	      "0x%08x %r" % (st, buf))
	st, buf = r.qi(fid, 2, 5)
	check("info_qi_fs_attribute", st == 0 and buf[12:] == 'NTFS'.encode('utf-16-le'),
	      "0x%08x %r" % (st, buf))
	st, buf = r.qi(fid, 2, 7)
	check("info_qi_fs_full_size", st == 0 and len(buf) == 32, "0x%08x" % st)
	st, buf = r.qi(fid, 3, 0, addl=7)
	ok_sd = st == 0 and len(buf) >= 20 and buf[0] == 1 and \
		struct.unpack_from('<H', buf, 2)[0] & 0x8004 == 0x8004
	if ok_sd:
		o = struct.unpack_from('<I', buf, 4)[0]
		ok_sd = 20 <= o < len(buf) and buf[o] == 1
	check("info_qi_security", ok_sd, "0x%08x %r" % (st, buf[:24]))
	st, _ = r.qi(fid, 3, 0, out_len=8, addl=7)
	check("info_qi_security_too_small", st == STATUS_BUFFER_TOO_SMALL, "0x%08x" % st)


def set_classes(s, r, tid, top):
	path = top + '/set.txt'
	fid = create(s, tid, path.replace('/', '\\'), FILE_ACCESS, 0, s2.FILE_CREATE)
	t = 132000000000000000
	st = r.si(fid, 1, 4, struct.pack('<qqqqII', 0, t, t, 0, 0, 0))
	_, buf = r.qi(fid, 1, 4)
	check("info_si_times", st == 0 and struct.unpack_from('<qq', buf, 8) == (t, t),
	      "0x%08x %r" % (st, struct.unpack_from('<qq', buf, 8) if buf else None))
	st = r.si(fid, 1, 20, struct.pack('<Q', 12345))
	_, buf = r.qi(fid, 1, 5)
	check("info_si_end_of_file", st == 0 and struct.unpack_from('<Q', buf, 8)[0] == 12345,
	      "0x%08x" % st)
	st = r.si(fid, 1, 4, struct.pack('<qqqqII', 0, 0, 0, 0, 0x21, 0))
	_, buf = r.qi(fid, 1, 4)
	ro = struct.unpack_from('<I', buf, 32)[0] & 1
	st2 = r.si(fid, 1, 4, struct.pack('<qqqqII', 0, 0, 0, 0, 0x20, 0))
	_, buf = r.qi(fid, 1, 4)
	check("info_si_readonly", st == st2 == 0 and ro and
	      not struct.unpack_from('<I', buf, 32)[0] & 1, "0x%08x 0x%08x" % (st, st2))
	ea = struct.pack('<IBBH', 0, 0, 4, 5) + b'NOTE\x00hello'
	st = r.si(fid, 1, 15, ea)
	if st == 0:
		st2, buf = r.qi(fid, 1, 15)
		check("info_si_ea", st2 == 0 and buf == ea, "0x%08x %r" % (st2, buf))
	else:
		check("info_si_ea", st == 0xC000004F, "0x%08x" % st)
	new = (top + '/renamed.txt').replace('/', '\\').encode('utf-16-le')
	st = r.si(fid, 1, 10, struct.pack('<B7xQI', 0, 0, len(new)) + new)
	_, buf = r.qi(fid, 1, 9)
	check("info_si_rename", st == 0 and buf[4:] == b'\\\x00' + new, "0x%08x %r" % (st, buf))
	other = create(s, tid, (top + '/other.txt').replace('/', '\\'), FILE_ACCESS, 0,
		       s2.FILE_CREATE)
	st = r.si(other, 1, 10, struct.pack('<B7xQI', 0, 0, len(new)) + new)
	check("info_si_rename_collision", st == STATUS_OBJECT_NAME_COLLISION, "0x%08x" % st)
	st = r.si(other, 1, 10, struct.pack('<B7xQI', 0, 7, len(new)) + new)
	check("info_si_rename_root_directory", st == STATUS_INVALID_PARAMETER, "0x%08x" % st)
	s.close(tid, other)
	st = r.si(fid, 1, 13, b'\x01')
	_, buf = r.qi(fid, 1, 5)
	pending = buf[20] if buf else None
	s.close(tid, fid)
	try:
		create(s, tid, (top + '/renamed.txt').replace('/', '\\'), FILE_ACCESS)
		gone = False
	except Exception:
		gone = True
	check("info_si_delete_pending", st == 0 and pending == 1 and gone,
	      "0x%08x pending=%r gone=%r" % (st, pending, gone))
	remove(s, tid, top + '/other.txt')


def remove(s, tid, path, directory=False):
	opts = s2.FILE_DELETE_ON_CLOSE | (s2.FILE_DIRECTORY_FILE if directory else 0)
	fid = create(s, tid, path.replace('/', '\\'), 0x00110000, opts)
	s.close(tid, fid)


def main():
	ap = arg_parser()
	ap.add_argument("--files", type=int, default=2000)
	a = ap.parse_args()
	top = 'info-probe-%d' % os.getpid()
	try:
		c = logon(a, timeout=60)
		tid = c.connectTree(a.share)
		s = c._SMBConnection
		r = Raw(c, tid)
		s.close(tid, create(s, tid, top, DIR_ACCESS, s2.FILE_DIRECTORY_FILE, s2.FILE_CREATE))
		for i in range(a.files):
			s.close(tid, create(s, tid, '%s\\f%05d.dat' % (top, i), FILE_ACCESS, 0,
					    s2.FILE_CREATE))
	except Exception as e:
		fail("info_setup", repr(e))
		return summary()
	for name, fn in (("listing", lambda: listing(a, c, r, s, tid, top, a.files)),
			 ("file_classes", lambda: file_classes(s, r, tid, top)),
			 ("set_classes", lambda: set_classes(s, r, tid, top))):
		try:
			fn()
		except Exception as e:
			fail("info_" + name, repr(e))
	try:
		for i in range(a.files):
			remove(s, tid, '%s/f%05d.dat' % (top, i))
		remove(s, tid, top, True)
		c.logoff()
		ok("info_cleanup")
	except Exception as e:
		fail("info_cleanup", repr(e))
	return summary()


if __name__ == "__main__":
	sys.exit(main())
