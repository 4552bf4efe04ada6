#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpora of fuzz_dcerpc and fuzz_ndr (srvsvc/).

The PDUs and stubs are impacket's, as its clients send them: a BIND and
the calls rpcclient, smbclient -L and impacket's examples make, plus a few
near misses (NDR64, an auth verifier, fragments). Needs python3-impacket;
run it again after changing it, it rewrites both directories.

    tests/fuzz/gen_corpus_rpc.py [OUT_DIR]
"""
import os
import shutil
import sys

from impacket.dcerpc.v5 import lsad, lsat, rpcrt, srvs, wkst
from impacket.dcerpc.v5.dtypes import NULL
from impacket.uuid import uuidtup_to_bin

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'corpus')
NDR20 = ('8A885D04-1CEB-11C9-9FE8-08002B104860', '2.0')
NDR64 = ('71710533-BEBA-4937-8319-B5DBEF9CCC36', '1.0')
BTFN = ('6CB71C2C-9812-4540-0300-000000000000', '1.0')
# The first policy handle of a fresh service (fuzz_ndr.c)
HANDLE = bytes.fromhex('00000000' '0100000000000000' '0100000000000000')
# fuzz_dcerpc's selector: pipe 0-2, whole writes (bits 3-7 all set)
PIPES = {'srvsvc': 0xf8, 'wkssvc': 0xf9, 'lsarpc': 0xfa}


def bind(uuid, syntaxes=(NDR20,), ptype=rpcrt.MSRPC_BIND, call_id=1):
    b = rpcrt.MSRPCBind()
    for i, ts in enumerate(syntaxes):
        item = rpcrt.CtxItem()
        item['AbstractSyntax'] = uuid
        item['TransferSyntax'] = uuidtup_to_bin(ts)
        item['ContextID'] = i
        item['TransItems'] = 1
        b.addCtxItem(item)
    pkt = rpcrt.MSRPCHeader()
    pkt['type'] = ptype
    pkt['flags'] = 3
    pkt['call_id'] = call_id
    pkt['pduData'] = b.getData()
    return pkt.getData()


def request(call, call_id=2, flags=3):
    stub = call.getData()
    pkt = rpcrt.MSRPCRequestHeader()
    pkt['type'] = rpcrt.MSRPC_REQUEST
    pkt['flags'] = flags
    pkt['call_id'] = call_id
    pkt['ctx_id'] = 0
    pkt['op_num'] = call.opnum
    pkt['alloc_hint'] = len(stub)
    pkt['pduData'] = stub
    return pkt.getData()


def share_enum(level, cls=srvs.NetrShareEnum):
    r = cls()
    r['ServerName'] = '\\\\FUZZ\x00'
    r['InfoStruct']['Level'] = level
    r['InfoStruct']['ShareInfo']['tag'] = level
    r['InfoStruct']['ShareInfo']['Level%d' % level]['Buffer'] = NULL
    r['PreferedMaximumLength'] = 0xffffffff
    r['ResumeHandle'] = 0
    return r


def share_get_info(name, level):
    r = srvs.NetrShareGetInfo()
    r['ServerName'] = NULL
    r['NetName'] = name + '\x00'
    r['Level'] = level
    return r


def server_get_info(level):
    r = srvs.NetrServerGetInfo()
    r['ServerName'] = NULL
    r['Level'] = level
    return r


def wksta_get_info(level):
    r = wkst.NetrWkstaGetInfo()
    r['ServerName'] = '\x00' * 10
    r['Level'] = level
    return r


def open_policy2():
    r = lsad.LsarOpenPolicy2()
    r['SystemName'] = NULL
    r['ObjectAttributes']['RootDirectory'] = NULL
    r['ObjectAttributes']['ObjectName'] = NULL
    r['ObjectAttributes']['SecurityDescriptor'] = NULL
    r['ObjectAttributes']['SecurityQualityOfService'] = NULL
    r['DesiredAccess'] = 0x02000000
    return r


def query_info(cls):
    r = lsad.LsarQueryInformationPolicy2()
    r['PolicyHandle'] = HANDLE
    r['InformationClass'] = cls
    return r


def lookup_sids(sids, cls=lsat.LsarLookupSids):
    r = cls()
    r['PolicyHandle'] = HANDLE
    r['SidEnumBuffer']['Entries'] = len(sids)
    for s in sids:
        item = lsat.LSAPR_SID_INFORMATION()
        item['Sid'].fromCanonical(s)
        r['SidEnumBuffer']['SidInfo'].append(item)
    r['TranslatedNames']['Names'] = NULL
    r['LookupLevel'] = 1
    if cls is lsat.LsarLookupSids2:
        r['LookupOptions'] = 0
        r['ClientRevision'] = 1
    return r


def lookup_names(names, cls=lsat.LsarLookupNames):
    r = cls()
    if cls is not lsat.LsarLookupNames4:
        r['PolicyHandle'] = HANDLE
    r['Count'] = len(names)
    for n in names:
        item = lsat.RPC_UNICODE_STRING()
        item['Data'] = n
        r['Names'].append(item)
    r['TranslatedSids']['Sids'] = NULL
    r['LookupLevel'] = 1
    if cls is not lsat.LsarLookupNames:
        r['LookupOptions'] = 0
        r['ClientRevision'] = 1
    return r


def get_user_name():
    r = lsat.LsarGetUserName()
    r['SystemName'] = NULL
    r['UserName'] = NULL
    r['DomainName'] = NULL
    return r


SIDS = ['S-1-1-0', 'S-1-5-32-544', 'S-1-5-21-1-2-3-1000', 'S-1-22-1-0']
NAMES = ['root', 'FUZZ\\root', 'Everyone', 'BUILTIN\\Administrators', 'nobody@FUZZ']
CALLS = {
    'srvsvc': [share_enum(1), share_enum(2), share_enum(502), share_enum(0),
               share_enum(1, srvs.NetrShareEnumSticky), share_get_info('public', 502),
               share_get_info('hidden', 1005), server_get_info(101), server_get_info(102),
               srvs.NetrRemoteTOD()],
    'wkssvc': [wksta_get_info(100), wksta_get_info(101)],
    'lsarpc': [open_policy2(), query_info(3), query_info(5), query_info(12),
               lookup_sids(SIDS), lookup_sids(SIDS, lsat.LsarLookupSids2),
               lookup_names(NAMES), lookup_names(NAMES, lsat.LsarLookupNames2),
               lookup_names(NAMES, lsat.LsarLookupNames3),
               lookup_names(NAMES, lsat.LsarLookupNames4), get_user_name()],
}
UUIDS = {'srvsvc': srvs.MSRPC_UUID_SRVS, 'wkssvc': wkst.MSRPC_UUID_WKST,
         'lsarpc': lsat.MSRPC_UUID_LSAT}


def write(target, name, data):
    with open(os.path.join(OUT, target, name), 'wb') as f:
        f.write(data)


def main():
    for target in ('fuzz_dcerpc', 'fuzz_ndr'):
        shutil.rmtree(os.path.join(OUT, target), ignore_errors=True)
        os.makedirs(os.path.join(OUT, target))
    for pipe, calls in CALLS.items():
        sel = bytes([PIPES[pipe]])
        b = bind(UUIDS[pipe])
        stream = b
        for i, c in enumerate(calls):
            name = '%s_%d_%s' % (pipe, i, type(c).__name__)
            # fuzz_ndr: interface, opnum, stub (lsarpc with a policy handle opened)
            write('fuzz_ndr', name, bytes([list(PIPES).index(pipe) | 0x80, c.opnum]) +
                  c.getData())
            stream += request(c, call_id=2 + i)
            write('fuzz_dcerpc', name, sel + b + request(c))
        write('fuzz_dcerpc', pipe + '_all', sel + stream)
    srv = UUIDS['srvsvc']
    sel = bytes([PIPES['srvsvc']])
    write('fuzz_dcerpc', 'bind_ndr64', sel + bind(srv, (NDR64,)))
    write('fuzz_dcerpc', 'bind_btfn', sel + bind(srv, (NDR20, BTFN)))
    write('fuzz_dcerpc', 'bind_alter', sel + bind(srv) + bind(srv, (NDR20,), rpcrt.MSRPC_ALTERCTX, 2))
    # a request in two fragments, written a byte at a time (selector bits 3-7 zero)
    c = server_get_info(101).getData()
    pkt = rpcrt.MSRPCRequestHeader()
    frags = b''
    for flags, part in ((1, c[:4]), (2, c[4:])):
        pkt = rpcrt.MSRPCRequestHeader()
        pkt['type'] = rpcrt.MSRPC_REQUEST
        pkt['flags'] = flags
        pkt['call_id'] = 5
        pkt['op_num'] = 21
        pkt['alloc_hint'] = len(c)
        pkt['pduData'] = part
        frags += pkt.getData()
    write('fuzz_dcerpc', 'fragments_bytewise', bytes([0x00]) + bind(srv) + frags)
    # an auth verifier on the bind
    b = bytearray(bind(srv))
    b[10] = 8
    write('fuzz_dcerpc', 'bind_auth', sel + bytes(b) + bytes(16))


if __name__ == '__main__':
    main()
