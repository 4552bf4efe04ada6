#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# impacket_rpc.py --host H --port P --user U --password PW --netbios N
#                 --workgroup W --server-string S --share NAME=COMMENT...
#                 [--hidden NAME...]
#
# Named pipes on IPC$ and DCE/RPC over them, with impacket (Debian's
# python3-impacket):
#   - the pipe as SMB2 shows it ([MS-SMB2] 3.3.5.9, 3.3.5.12, 3.3.5.15.1,
#     3.3.5.20): CREATE of srvsvc answered like Windows (FILE_OPENED,
#     FILE_ATTRIBUTE_NORMAL, no oplock), an unknown pipe refused,
#     FileStandardInformation and FilePipeLocalInformation, FSCTL_PIPE_WAIT,
#     a BIND written and its BIND_ACK read, an FSCTL_PIPE_TRANSCEIVE whose
#     answer does not fit (STATUS_BUFFER_OVERFLOW, the rest read), byte
#     range locks refused, pipes left open closed by tree disconnect;
#   - the RPC: SMBConnection.listShares(), srvsvc NetrShareEnum level 1,
#     NetrShareGetInfo, NetrServerGetInfo 101, wkssvc NetrWkstaGetInfo
#     100, lsarpc QueryInformationPolicy2, LookupNames and LookupSids.
#
# Reports as probe_report.py describes.

import struct
import sys

from probe_lib import arg_parser, check, fail, logon, summary
from impacket import smb3structs as s2
from impacket.dcerpc.v5 import lsad, lsat, srvs, transport, wkst
from impacket.dcerpc.v5.rpcrt import MSRPCBind, MSRPCHeader, CtxItem, MSRPC_BIND
from impacket.uuid import uuidtup_to_bin

STATUS_SUCCESS = 0
STATUS_BUFFER_OVERFLOW = 0x80000005
STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034
STATUS_INVALID_DEVICE_REQUEST = 0xC0000010

FSCTL_PIPE_TRANSCEIVE = 0x0011C017
FILE_STANDARD_INFORMATION = 5
FILE_PIPE_LOCAL_INFORMATION = 24
PIPE_ACCESS = 0x0012019F	# read/write data, EAs, attributes, READ_CONTROL, SYNCHRONIZE
SHARE_RW = 3

class Raw:
	"""Requests whose status impacket would turn into an exception."""

	def __init__(self, conn, tid):
		self.s = conn._SMBConnection
		self.tid = tid

	def send(self, cmd, body):
		p = self.s.SMB_PACKET()
		p['Command'] = cmd
		p['TreeID'] = self.tid
		p['Data'] = body
		return self.s.recvSMB(self.s.sendSMB(p))

	def create(self, name):
		c = s2.SMB2Create()
		c['SecurityFlags'] = 0
		c['RequestedOplockLevel'] = s2.SMB2_OPLOCK_LEVEL_BATCH
		c['ImpersonationLevel'] = s2.SMB2_IL_IMPERSONATION
		c['DesiredAccess'] = PIPE_ACCESS
		c['FileAttributes'] = 0
		c['ShareAccess'] = SHARE_RW
		c['CreateDisposition'] = s2.FILE_OPEN
		c['CreateOptions'] = 0
		c['NameLength'] = len(name) * 2
		c['CreateContextsOffset'] = 0
		c['CreateContextsLength'] = 0
		c['Buffer'] = name.encode('utf-16-le')
		ans = self.send(s2.SMB2_CREATE, c)
		if ans['Status'] != STATUS_SUCCESS:
			return ans['Status'], None
		return STATUS_SUCCESS, s2.SMB2Create_Response(ans['Data'])

	def qi(self, fid, cls, out_len=1024):
		q = s2.SMB2QueryInfo()
		q['InfoType'] = s2.SMB2_0_INFO_FILE
		q['FileInfoClass'] = cls
		q['OutputBufferLength'] = out_len
		q['InputBufferOffset'] = 0x68
		q['FileID'] = fid
		q['Buffer'] = b""
		ans = self.send(s2.SMB2_QUERY_INFO, q)
		if ans['Status'] != STATUS_SUCCESS:
			return ans['Status'], b""
		return STATUS_SUCCESS, s2.SMB2QueryInfo_Response(ans['Data'])['Buffer']

	def transceive(self, fid, data, max_out):
		i = s2.SMB2Ioctl()
		i['CtlCode'] = FSCTL_PIPE_TRANSCEIVE
		i['FileID'] = fid
		i['InputCount'] = len(data)
		i['MaxInputResponse'] = 0
		i['MaxOutputResponse'] = max_out
		i['OutputOffset'] = 0
		i['Flags'] = s2.SMB2_0_IOCTL_IS_FSCTL
		i['Buffer'] = data
		ans = self.send(s2.SMB2_IOCTL, i)
		if ans['Status'] not in (STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW):
			return ans['Status'], b""
		r = s2.SMB2Ioctl_Response(ans['Data'])
		return ans['Status'], r['Buffer'][:r['OutputCount']]

	def read(self, fid, length):
		r = s2.SMB2Read()
		r['Padding'] = 0x50
		r['FileID'] = fid
		r['Length'] = length
		r['Offset'] = 0
		r['MinimumCount'] = 0
		r['Buffer'] = b'\x00'
		ans = self.send(s2.SMB2_READ, r)
		if ans['Status'] not in (STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW):
			return ans['Status'], b""
		rr = s2.SMB2Read_Response(ans['Data'])
		return ans['Status'], rr['Buffer'][:rr['DataLength']]

	def write(self, fid, data):
		w = s2.SMB2Write()
		w['DataOffset'] = 0x70
		w['Length'] = len(data)
		w['Offset'] = 0
		w['FileID'] = fid
		w['Buffer'] = data
		ans = self.send(s2.SMB2_WRITE, w)
		if ans['Status'] != STATUS_SUCCESS:
			return ans['Status'], 0
		return STATUS_SUCCESS, s2.SMB2Write_Response(ans['Data'])['Count']

	def close(self, fid):
		c = s2.SMB2Close()
		c['FileID'] = fid
		return self.send(s2.SMB2_CLOSE, c)['Status']

	def lock(self, fid):
		l = s2.SMB2Lock()
		l['LockCount'] = 1
		l['FileID'] = fid
		e = s2.SMB2_LOCK_ELEMENT()
		e['Offset'] = 0
		e['Length'] = 1
		e['Flags'] = s2.SMB2_LOCKFLAG_EXCLUSIVE_LOCK | s2.SMB2_LOCKFLAG_FAIL_IMMEDIATELY
		l['Locks'] = e.getData()
		return self.send(s2.SMB2_LOCK, l)['Status']


def bind_pdu(call_id=1):
	"""A BIND of srvsvc with NDR 2.0, as one PDU."""
	b = MSRPCBind()
	item = CtxItem()
	item['AbstractSyntax'] = srvs.MSRPC_UUID_SRVS
	item['TransferSyntax'] = uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
	item['ContextID'] = 0
	item['TransItems'] = 1
	b.addCtxItem(item)
	h = MSRPCHeader()
	h['type'] = MSRPC_BIND
	h['pduData'] = b.getData()
	h['call_id'] = call_id
	return h.getData()


def pipe_wait(s, tid, name):
	"""FSCTL_PIPE_WAIT's status (impacket raises its own SessionError)."""
	try:
		s.waitNamedPipe(tid, name)
		return STATUS_SUCCESS
	except Exception as e:
		if not hasattr(e, 'get_error_code'):
			raise
		return e.get_error_code()


def pipe_checks(c, a):
	s = c._SMBConnection
	tid = c.connectTree('IPC$')
	r = Raw(c, tid)
	st, rsp = r.create('srvsvc')
	check("rpc_pipe_create", st == STATUS_SUCCESS and rsp['CreateAction'] == s2.FILE_OPENED and
	      rsp['FileAttributes'] == 0x80 and rsp['OplockLevel'] == 0 and rsp['EndOfFile'] == 0 and rsp['AllocationSize'] == 4096,
	      "0x%08x %s" % (st, rsp and (rsp['CreateAction'], rsp['FileAttributes'],
					  rsp['OplockLevel'])))
	if st != STATUS_SUCCESS:
		return
	fid = rsp['FileID'].getData()
	st, _ = r.create('\\srvsvc')
	check("rpc_pipe_create_backslash", st == STATUS_SUCCESS, "0x%08x" % st)
	st, _ = r.create('nosuchpipe')
	check("rpc_pipe_create_unknown", st == STATUS_OBJECT_NAME_NOT_FOUND, "0x%08x" % st)
	st, buf = r.qi(fid, FILE_STANDARD_INFORMATION)
	if st == 0 and len(buf) >= 22:
		alloc, eof, links, pending, isdir = struct.unpack_from('<QQIBB', buf)
		check("rpc_pipe_standard_info", (alloc, eof, links, pending, isdir) == (4096, 0, 1, 1, 0),
		      repr((alloc, eof, links, pending, isdir)))
	else:
		fail("rpc_pipe_standard_info", "0x%08x, %d bytes" % (st, len(buf)))
	st, buf = r.qi(fid, FILE_PIPE_LOCAL_INFORMATION)
	if st == 0 and len(buf) >= 40:
		v = struct.unpack_from('<10I', buf)
		check("rpc_pipe_local_info", v[0] == 1 and v[1] == 2 and v[8] == 3 and v[9] == 0, repr(v))
	else:
		fail("rpc_pipe_local_info", "0x%08x, %d bytes" % (st, len(buf)))
	check("rpc_pipe_wait", pipe_wait(s, tid, 'srvsvc') == STATUS_SUCCESS, "refused")
	st = pipe_wait(s, tid, 'nosuchpipe')
	check("rpc_pipe_wait_unknown", st == STATUS_OBJECT_NAME_NOT_FOUND, "0x%08x" % st)
	# a BIND written, its BIND_ACK read
	pdu = bind_pdu(1)
	st, n = r.write(fid, pdu)
	st2, ack = r.read(fid, 4280) if st == STATUS_SUCCESS else (st, b"")
	check("rpc_pipe_write_read_bind", n == len(pdu) and st2 == STATUS_SUCCESS and
	      len(ack) > 16 and ack[2] == 12 and struct.unpack_from('<H', ack, 8)[0] == len(ack),
	      "wrote %d (0x%08x), 0x%08x, %d bytes" % (n, st, st2, len(ack)))
	# the same over FSCTL_PIPE_TRANSCEIVE into 16 bytes: the rest by READ
	st, head = r.transceive(fid, bind_pdu(2), 16)
	st2, rest = r.read(fid, 4280) if st == STATUS_BUFFER_OVERFLOW else (st, b"")
	whole = head + rest
	check("rpc_pipe_transceive_overflow", st == STATUS_BUFFER_OVERFLOW and len(head) == 16 and
	      st2 == STATUS_SUCCESS and len(whole) > 16 and
	      struct.unpack_from('<H', whole, 8)[0] == len(whole),
	      "0x%08x %d, then 0x%08x %d" % (st, len(head), st2, len(rest)))
	st = r.lock(fid)
	check("rpc_pipe_lock_refused", st == STATUS_INVALID_DEVICE_REQUEST, "0x%08x" % st)
	st = r.close(fid)
	check("rpc_pipe_close", st == STATUS_SUCCESS, "0x%08x" % st)
	# a pipe left open goes with its tree: more trees than the service has
	# pipes (1024) each leave one open
	st, i = STATUS_SUCCESS, 0
	while i < 1100 and st == STATUS_SUCCESS:
		st, _ = r.create('srvsvc')
		c.disconnectTree(r.tid)
		r.tid = c.connectTree('IPC$')
		i += 1
	check("rpc_pipe_closed_at_tree_disconnect", st == STATUS_SUCCESS,
	      "open %d: 0x%08x" % (i, st))
	# and with its session: this one is left to the log-off
	st, _ = r.create('srvsvc')
	check("rpc_pipe_open_at_logoff", st == STATUS_SUCCESS, "0x%08x" % st)


def share_checks(c, a, want, hidden):
	got = {}
	for sh in c.listShares():
		got[sh['shi1_netname'][:-1]] = sh['shi1_remark'][:-1]
	missing = [n for n in want if n not in got]
	wrong = [n for n in want if n in got and got[n] != want[n]]
	extra = [n for n in got if n not in want and n != 'IPC$']
	check("rpc_listshares", not missing and not wrong and not extra and 'IPC$' in got and
	      not [h for h in hidden if h in got],
	      "missing %r, wrong remark %r, extra %r" % (missing, wrong, extra))

	rpc = transport.SMBTransport(a.host, a.port, r'\srvsvc', smb_connection=c)
	dce = rpc.get_dce_rpc()
	dce.connect()
	dce.bind(srvs.MSRPC_UUID_SRVS)
	resp = srvs.hNetrShareEnum(dce, 1)
	ents = resp['InfoStruct']['ShareInfo']['Level1']['Buffer']
	got = {e['shi1_netname'][:-1]: e['shi1_remark'][:-1] for e in ents}
	check("rpc_srvs_share_enum_1", all(got.get(n) == want[n] for n in want) and 'IPC$' in got and
	      not [h for h in hidden if h in got] and len(got) == len(want) + 1, repr(got))
	name = next(iter(want))
	resp = srvs.hNetrShareGetInfo(dce, name + '\x00', 1)
	i = resp['InfoStruct']['ShareInfo1']
	check("rpc_srvs_share_getinfo", i['shi1_netname'][:-1] == name and
	      i['shi1_remark'][:-1] == want[name], repr((i['shi1_netname'], i['shi1_remark'])))
	resp = srvs.hNetrServerGetInfo(dce, 101)
	i = resp['InfoStruct']['ServerInfo101']
	check("rpc_srvs_server_getinfo_101", i['sv101_name'][:-1].upper() == a.netbios.upper() and
	      i['sv101_comment'][:-1] == a.server_string and i['sv101_platform_id'] == 500,
	      repr((i['sv101_name'], i['sv101_comment'], i['sv101_platform_id'])))
	dce.disconnect()

	rpc = transport.SMBTransport(a.host, a.port, r'\wkssvc', smb_connection=c)
	dce = rpc.get_dce_rpc()
	dce.connect()
	dce.bind(wkst.MSRPC_UUID_WKST)
	i = wkst.hNetrWkstaGetInfo(dce, 100)['WkstaInfo']['WkstaInfo100']
	check("rpc_wkst_getinfo_100", i['wki100_computername'][:-1].upper() == a.netbios.upper() and
	      i['wki100_langroup'][:-1].upper() == a.workgroup.upper(),
	      repr((i['wki100_computername'], i['wki100_langroup'])))
	dce.disconnect()

	rpc = transport.SMBTransport(a.host, a.port, r'\lsarpc', smb_connection=c)
	dce = rpc.get_dce_rpc()
	dce.connect()
	dce.bind(lsat.MSRPC_UUID_LSAT)
	pol = lsad.hLsarOpenPolicy2(dce, lsat.POLICY_LOOKUP_NAMES | lsad.POLICY_VIEW_LOCAL_INFORMATION)
	pol = pol['PolicyHandle']
	i = lsad.hLsarQueryInformationPolicy2(
		dce, pol, lsad.POLICY_INFORMATION_CLASS.PolicyPrimaryDomainInformation)
	dom = i['PolicyInformation']['PolicyPrimaryDomainInfo']['Name']
	check("rpc_lsa_primary_domain", dom.upper() == a.workgroup.upper(), repr(dom))
	resp = lsat.hLsarLookupNames(dce, pol, (a.user,))
	sid = resp['TranslatedSids']['Sids'][0]
	dsid = resp['ReferencedDomains']['Domains'][0]['Sid'].formatCanonical()
	full = '%s-%d' % (dsid, sid['RelativeId'])
	check("rpc_lsa_lookup_names", sid['Use'] == 1 and full.startswith('S-1-5-21-'), full)
	resp = lsat.hLsarLookupSids(dce, pol, (full,), lsat.LSAP_LOOKUP_LEVEL.LsapLookupWksta)
	back = resp['TranslatedNames']['Names'][0]['Name']
	check("rpc_lsa_lookup_sids", back.lower() == a.user.lower(), repr(back))
	lsad.hLsarClose(dce, pol)
	dce.disconnect()


def main():
	ap = arg_parser(share=False)
	ap.add_argument("--netbios", required=True)
	ap.add_argument("--workgroup", required=True)
	ap.add_argument("--server-string", required=True)
	ap.add_argument("--share", action="append", default=[], help="NAME=COMMENT")
	ap.add_argument("--hidden", action="append", default=[])
	a = ap.parse_args()
	want = dict(s.split('=', 1) for s in a.share)
	for name, fn in (("pipes", lambda c: pipe_checks(c, a)),
			 ("shares", lambda c: share_checks(c, a, want, a.hidden))):
		try:
			c = logon(a, timeout=30)
		except Exception as e:
			fail("rpc_login", repr(e))
			break
		try:
			fn(c)
		except Exception as e:
			fail("rpc_" + name, "%r %s" % (e, e))
		try:
			# log-off with pipes still open: the server closes them
			c.logoff()
		except Exception as e:
			fail("rpc_%s_logoff" % name, repr(e))
	return summary()

if __name__ == "__main__":
	sys.exit(main())
