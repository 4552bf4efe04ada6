#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# srvsvc/ against an independent DCE/RPC client: impacket's NDR and PDU
# code drives srvsvc_driver (the pipe interface on stdin/stdout) as it
# would a named pipe, and decodes every answer with its own structures.
#
#   test_srvsvc_impacket.py PATH/TO/srvsvc_driver
#
# Exit 77 (skipped) without impacket.
import struct
import subprocess
import sys

try:
    from impacket.dcerpc.v5 import lsad, lsat, srvs, transport, wkst
    from impacket.dcerpc.v5.dtypes import NULL
    from impacket.dcerpc.v5.rpcrt import DCERPCException
except ImportError:
    print("impacket not found: skipped")
    sys.exit(77)

DRIVER = sys.argv[1]
STATUS_BUFFER_OVERFLOW = 0x80000005
NDR64 = ('71710533-BEBA-4937-8319-B5DBEF9CCC36', '1.0')
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


class DriverTransport(transport.DCERPCTransport):
    """The pipe interface of srvsvc_driver as an impacket transport."""

    def __init__(self, pipe, many=False):
        super().__init__('driver', 0)
        args = [DRIVER] + (['many'] if many else [])
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.pipe = pipe.encode()

    def _u32(self):
        return struct.unpack('<I', self.proc.stdout.read(4))[0]

    def _send(self, cmd, payload=b''):
        self.proc.stdin.write(cmd + payload)
        self.proc.stdin.flush()

    def connect(self):
        self._send(b'O', struct.pack('<I', len(self.pipe)) + self.pipe)
        status = self._u32()
        if status:
            raise OSError('open %s: 0x%08x' % (self.pipe, status))
        return 1

    def send(self, data, forceWriteAndx=0, forceRecv=0):
        self._send(b'W', struct.pack('<I', len(data)) + data)
        status = self._u32()
        if status:
            raise OSError('write: 0x%08x' % status)

    def recv(self, forceRecv=0, count=0):
        out = b''
        while True:
            self._send(b'R', struct.pack('<I', 1000))
            status = self._u32()
            out += self.proc.stdout.read(self._u32())
            if status == 0:
                return out
            if status != STATUS_BUFFER_OVERFLOW:
                raise OSError('read: 0x%08x' % status)

    def disconnect(self):
        self._send(b'C')
        self._u32()
        self.proc.stdin.close()
        check(self.proc.wait() == 0, 'driver exit status %d' % self.proc.returncode)
        return 1


def connect(pipe, uuid, many=False):
    t = DriverTransport(pipe, many)
    dce = t.get_dce_rpc()
    dce.connect()
    dce.bind(uuid)
    return dce


def error_code(fn):
    try:
        fn()
    except DCERPCException as e:
        return e.get_error_code()
    return 0


def share_enum(dce, level):
    resp = srvs.hNetrShareEnum(dce, level)
    return resp['InfoStruct']['ShareInfo']['Level%d' % level]['Buffer']


def test_srvsvc():
    dce = connect('srvsvc', srvs.MSRPC_UUID_SRVS)
    for level in (0, 1, 2, 501, 502):
        names = [e['shi%d_netname' % level][:-1] for e in share_enum(dce, level)]
        check(names == ['public', 'data$', 'IPC$'], 'enum level %d: %s' % (level, names))
    ents = share_enum(dce, 2)
    check(ents[0]['shi2_type'] == 0, 'disk share type')
    check(ents[1]['shi2_type'] == 0x80000000, 'special share type')
    check(ents[2]['shi2_type'] == 0x80000003, 'IPC$ type')
    check(ents[0]['shi2_path'] == 'C:\\srv\\public\x00', 'level 2 path %r' % ents[0]['shi2_path'])
    check(ents[2]['shi2_remark'] == 'IPC Service (tsmb test server)\x00', 'IPC$ comment')
    check(ents[0]['shi2_max_uses'] == 0xFFFFFFFF, 'max uses')
    check(error_code(lambda: srvs.hNetrShareEnum(dce, 503)) == 0x7c, 'enum level 503')

    sticky = srvs.hNetrShareEnumSticky(dce, 1)['InfoStruct']['ShareInfo']['Level1']['Buffer']
    check([e['shi1_netname'][:-1] for e in sticky] == ['public'], 'sticky enum')

    for level in (0, 1, 2, 501, 502, 1005):
        info = srvs.hNetrShareGetInfo(dce, 'HIDDEN\x00', level)['InfoStruct']
        if level != 1005:
            check(info['ShareInfo%d' % level]['shi%d_netname' % level] == 'hidden\x00',
                  'getinfo level %d' % level)
    info = srvs.hNetrShareGetInfo(dce, 'IPC$\x00', 1)['InfoStruct']['ShareInfo1']
    check(info['shi1_type'] == 0x80000003, 'getinfo IPC$')
    check(error_code(lambda: srvs.hNetrShareGetInfo(dce, 'nope\x00', 1)) == 0x906, 'no share')
    check(error_code(lambda: srvs.hNetrShareGetInfo(dce, 'public\x00', 7)) == 0x7c, 'level 7')

    for level in (100, 101, 102):
        info = srvs.hNetrServerGetInfo(dce, level)['InfoStruct']['ServerInfo%d' % level]
        check(info['sv%d_name' % level] == 'TSMBTEST\x00', 'server name %d' % level)
        check(info['sv%d_platform_id' % level] == 500, 'platform %d' % level)
        if level > 100:
            check(info['sv%d_version_major' % level] == 10, 'version %d' % level)
            check(info['sv%d_type' % level] == 0x9003, 'type %d' % level)
            check(info['sv%d_comment' % level] == 'tsmb test server\x00', 'comment %d' % level)
    check(error_code(lambda: srvs.hNetrServerGetInfo(dce, 103)) == 0x7c, 'server level 103')
    tod = srvs.hNetrRemoteTOD(dce)['BufferPtr']
    check(tod['tod_year'] >= 2024 and 1 <= tod['tod_month'] <= 12, 'TOD')

    # resume handle and preferred maximum length: one share a call
    seen, resume = [], 0
    for _ in range(5):
        req = srvs.NetrShareEnum()
        req['ServerName'] = NULL
        req['InfoStruct']['Level'] = 1
        req['InfoStruct']['ShareInfo']['tag'] = 1
        req['InfoStruct']['ShareInfo']['Level1']['Buffer'] = NULL
        req['PreferedMaximumLength'] = 1
        req['ResumeHandle'] = resume
        resp = dce.request(req, checkError=False)
        seen += [e['shi1_netname'][:-1] for e in resp['InfoStruct']['ShareInfo']['Level1']['Buffer']]
        check(resp['TotalEntries'] == 3, 'total entries')
        resume = resp['ResumeHandle']
        if resp['ErrorCode'] == 0:
            break
        check(resp['ErrorCode'] == 234, 'more data')
    check(seen == ['public', 'data$', 'IPC$'] and resume == 0, 'resumed enum %s' % seen)
    dce.disconnect()


def test_fragments():
    # 303 shares: the level 502 reply spans many 4280-byte fragments
    dce = connect('srvsvc', srvs.MSRPC_UUID_SRVS, many=True)
    ents = share_enum(dce, 502)
    check(len(ents) == 303, 'many shares: %d' % len(ents))
    check(ents[150]['shi502_path'] == 'C:\\srv\\many\\151\x00', 'many shares path')
    # and a request cut into 50-byte fragments
    dce.set_max_fragment_size(50)
    info = srvs.hNetrShareGetInfo(dce, 'share200\x00', 2)['InfoStruct']['ShareInfo2']
    check(info['shi2_remark'] == 'comment of share 200\x00', 'fragmented request')
    dce.disconnect()


def test_binds():
    t = DriverTransport('srvsvc')
    dce = t.get_dce_rpc()
    dce.connect()
    try:
        dce.bind(srvs.MSRPC_UUID_SRVS, transfer_syntax=NDR64)
        check(False, 'NDR64 bind accepted')
    except DCERPCException as e:
        check('proposed transfer syntaxes not supported' in str(e) or 'rejected' in str(e),
              'NDR64 refusal: %s' % e)
    dce.disconnect()

    t = DriverTransport('srvsvc')
    dce = t.get_dce_rpc()
    dce.connect()
    try:
        dce.bind(wkst.MSRPC_UUID_WKST)
        check(False, 'wrong interface accepted')
    except DCERPCException as e:
        check('abstract_syntax_not_supported' in str(e), 'wrong interface: %s' % e)
    dce.disconnect()

    # a rejected bogus context ahead of the real one, then an alter context
    t = DriverTransport('lsarpc')
    dce = t.get_dce_rpc()
    dce.connect()
    dce.bind(lsat.MSRPC_UUID_LSAT, bogus_binds=2)
    handle = lsad.hLsarOpenPolicy2(dce)['PolicyHandle']
    dce2 = dce.alter_ctx(lsad.MSRPC_UUID_LSAD)
    lsad.hLsarClose(dce2, handle)
    dce.disconnect()


def test_wkssvc():
    dce = connect('\\PIPE\\wkssvc', wkst.MSRPC_UUID_WKST)
    info = wkst.hNetrWkstaGetInfo(dce, 100)['WkstaInfo']['WkstaInfo100']
    check(info['wki100_computername'] == 'TSMBTEST\x00', 'wksta name')
    check(info['wki100_langroup'] == 'WORKGROUP\x00', 'wksta langroup')
    check(info['wki100_platform_id'] == 500 and info['wki100_ver_major'] == 10, 'wksta version')
    check(error_code(lambda: wkst.hNetrWkstaGetInfo(dce, 101)) == 0x7c, 'wksta level 101')
    dce.disconnect()


def lookup_sids(dce, handle, sids, v2=False):
    req = lsat.LsarLookupSids2() if v2 else lsat.LsarLookupSids()
    req['PolicyHandle'] = handle
    req['SidEnumBuffer']['Entries'] = len(sids)
    for sid in sids:
        item = lsat.LSAPR_SID_INFORMATION()
        item['Sid'].fromCanonical(sid)
        req['SidEnumBuffer']['SidInfo'].append(item)
    req['TranslatedNames']['Names'] = NULL
    req['LookupLevel'] = lsat.LSAP_LOOKUP_LEVEL.LsapLookupWksta
    if v2:
        req['LookupOptions'] = 0
        req['ClientRevision'] = 1
    return dce.request(req, checkError=False)


def test_lsarpc():
    dce = connect('lsarpc', lsat.MSRPC_UUID_LSAT)
    handle = lsad.hLsarOpenPolicy2(dce)['PolicyHandle']
    info = lsad.hLsarQueryInformationPolicy2(
        dce, handle, lsad.POLICY_INFORMATION_CLASS.PolicyPrimaryDomainInformation)
    dom = info['PolicyInformation']['PolicyPrimaryDomainInfo']
    check(dom['Name'] == 'WORKGROUP' and dom['Sid'] in (NULL, b''), 'primary domain %s' % dom['Name'])
    info = lsad.hLsarQueryInformationPolicy2(
        dce, handle, lsad.POLICY_INFORMATION_CLASS.PolicyAccountDomainInformation)
    acct = info['PolicyInformation']['PolicyAccountDomainInfo']
    machine = acct['DomainSid'].formatCanonical()
    check(acct['DomainName'] == 'TSMBTEST', 'account domain name')
    check(machine.startswith('S-1-5-21-') and machine.count('-') == 6, 'machine SID ' + machine)
    info = lsad.hLsarQueryInformationPolicy2(
        dce, handle, lsad.POLICY_INFORMATION_CLASS.PolicyDnsDomainInformation)
    check(info['PolicyInformation']['PolicyDnsDomainInfo']['Name'] == 'WORKGROUP', 'dns domain')

    sids = ['S-1-1-0', 'S-1-5-32-544', machine + '-1000', machine + '-1001', 'S-1-22-1-0',
            'S-1-5-21-9-9-9-500', 'S-1-5-18']
    for v2 in (False, True):
        resp = lookup_sids(dce, handle, sids, v2)
        check(resp['ErrorCode'] == 0x107, 'some not mapped: 0x%x' % resp['ErrorCode'])
        check(resp['MappedCount'] == 6, 'mapped count')
        doms = [d['Name'] for d in resp['ReferencedDomains']['Domains']]
        got = []
        for n in resp['TranslatedNames']['Names']:
            d = doms[n['DomainIndex']] if n['DomainIndex'] >= 0 else '-'
            got.append('%s\\%s:%d' % (d, n['Name'], n['Use']))
        want = ['\\Everyone:5', 'BUILTIN\\Administrators:4', 'TSMBTEST\\root:1',
                'TSMBTEST\\root:2', 'Unix User\\root:1', '-\\S-1-5-21-9-9-9-500:8',
                'NT AUTHORITY\\SYSTEM:5']
        check(got == want, 'lookupsids%s: %s' % ('2' if v2 else '', got))

    names = ['root', 'TSMBTEST\\root', 'Everyone', 'BUILTIN\\Administrators', 'no-such-user',
             'Unix Group\\root']
    want = [machine + '-1000', machine + '-1000', 'S-1-1-0', 'S-1-5-32-544', None, 'S-1-22-2-0']
    for fn in (lsat.hLsarLookupNames, lsat.hLsarLookupNames2, lsat.hLsarLookupNames3):
        try:
            resp = fn(dce, handle, names)
        except DCERPCException as e:
            resp = e.get_packet()
        check(resp['ErrorCode'] == 0x107 and resp['MappedCount'] == 5, fn.__name__)
        doms = resp['ReferencedDomains']['Domains']
        got = []
        for t in resp['TranslatedSids']['Sids']:
            if t['Use'] == 8:
                got.append(None)
            elif 'Sid' in t.fields:
                got.append(t['Sid'].formatCanonical())
            else:
                got.append('%s-%d' % (doms[t['DomainIndex']]['Sid'].formatCanonical(),
                                      t['RelativeId']))
        check(got == want, '%s: %s' % (fn.__name__, got))
    resp = lsat.hLsarLookupNames4(dce, ['Everyone'])
    check(resp['TranslatedSids']['Sids'][0]['Sid'].formatCanonical() == 'S-1-1-0', 'names4')

    # many names: a request in many fragments
    dce.set_max_fragment_size(200)
    resp = lsat.hLsarLookupNames(dce, handle, ['Everyone'] * 500)
    check(resp['MappedCount'] == 500, '500 names')
    dce.set_max_fragment_size(0)

    resp = lsat.hLsarGetUserName(dce, NULL, NULL)
    check(resp['UserName'] == 'root' and resp['DomainName'] in (NULL, b''), 'get user name %r' % resp['UserName'])

    lsad.hLsarClose(dce, handle)
    code = error_code(lambda: lsad.hLsarQueryInformationPolicy2(
        dce, handle, lsad.POLICY_INFORMATION_CLASS.PolicyAccountDomainInformation))
    check(code == 0xC0000008, 'closed handle: 0x%x' % code)
    handle = lsad.hLsarOpenPolicy(dce)['PolicyHandle']
    lsad.hLsarQueryInformationPolicy(
        dce, handle, lsad.POLICY_INFORMATION_CLASS.PolicyAccountDomainInformation)
    dce.disconnect()


for test in (test_srvsvc, test_fragments, test_binds, test_wkssvc, test_lsarpc):
    try:
        test()
    except Exception as e:  # an exception is a failure of that test, not of the run
        import traceback
        traceback.print_exc()
        failures.append('%s: %r' % (test.__name__, e))
print('%d failure(s)' % len(failures))
sys.exit(1 if failures else 0)
