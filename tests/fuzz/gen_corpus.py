#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpus of each fuzz target into tests/fuzz/corpus/<target>/.

Small, real inputs: requests as clients send them (two captured from
smbclient 4.17 against a listening socket, the rest built to [MS-SMB2]),
plus a few near misses that reach the decoders' error paths. Run it again
after changing it; it rewrites the corpus directories from scratch.

    tests/fuzz/gen_corpus.py [OUT_DIR]
"""
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# smbclient -N -p PORT -L 127.0.0.1 (Samba 4.17): the first frame it sent,
# direct-TCP header included.
SMBCLIENT_SMB2_NEGOTIATE = bytes.fromhex(
    "000000e2fe534d42400000000000000000001f00000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000024000500010000007f0000009b90cd0fb3a5c148964afd261b90810b"
    "7000000004000000020210020003020311030000010026000000000001002000"
    "010037b5cd1022db20e940be809afdd511d65f7ae93e9ab12f4126ff2fbf3627"
    "338e000002000a00000000000400020001000400030000000000000008000800"
    "00000000030002000100000005001200000000003100320037002e0030002e00"
    "30002e003100")
# The same with --option='client min protocol=NT1': the SMB1 negotiate.
SMBCLIENT_SMB1_NEGOTIATE = bytes.fromhex(
    "00000054ff534d4272000000001843c80000000000000000000000000000feff"
    "00000000003100024e54204c414e4d414e20312e3000024e54204c4d20302e31"
    "320002534d4220322e3030320002534d4220322e3f3f3f00")[4:]

NEGOTIATE, SESSION_SETUP, TREE_CONNECT, CANCEL, ECHO = 0, 1, 3, 0x0C, 0x0D
FLAGS_ASYNC, FLAGS_RELATED, FLAGS_SIGNED = 0x2, 0x4, 0x8


def hdr(cmd, mid, credits=1, flags=0, next_cmd=0, sid=0, tid=0, charge=0, async_id=None):
    """A 64-byte SMB2 request header ([MS-SMB2] 2.2.1)."""
    h = b"\xfeSMB" + struct.pack("<HHIHHIIQ", 64, charge, 0, cmd, credits, flags,
                                 next_cmd, mid)
    if async_id is not None:
        h += struct.pack("<Q", async_id)
    else:
        h += struct.pack("<II", 0xFEFF, tid)
    return h + struct.pack("<Q", sid) + bytes(16)


def ctx(ctype, data):
    return struct.pack("<HHI", ctype, len(data), 0) + data


def negotiate(dialects, contexts=(), mid=0, credits=1, secmode=1, caps=0x7F,
              guid=bytes(range(0xA0, 0xB0))):
    """NEGOTIATE request ([MS-SMB2] 2.2.3) with 8-byte aligned contexts."""
    body = struct.pack("<HHHHI", 36, len(dialects), secmode, 0, caps) + guid
    fixed_end = 64 + len(body) + 8 + 2 * len(dialects)
    ctx_off = (fixed_end + 7) & ~7 if contexts else 0
    body += struct.pack("<IHH", ctx_off, len(contexts), 0)
    body += b"".join(struct.pack("<H", d) for d in dialects)
    msg = hdr(NEGOTIATE, mid, credits) + body
    for i, c in enumerate(contexts):
        msg += bytes((8 - len(msg) % 8) % 8)
        msg += c
    return msg


PREAUTH = ctx(1, struct.pack("<HHH", 1, 32, 1) + bytes(range(0x40, 0x60)))
ENCRYPTION = ctx(2, struct.pack("<HHHHH", 4, 2, 1, 4, 3))
COMPRESSION = ctx(3, struct.pack("<HHIHHH", 3, 0, 1, 2, 3, 4))
NETNAME = ctx(5, "fileserver".encode("utf-16-le"))
TRANSPORT = ctx(6, struct.pack("<I", 1))
RDMA = ctx(7, struct.pack("<HHIH", 1, 0, 0, 1))
SIGNING = ctx(8, struct.pack("<HHHH", 3, 2, 1, 0))
ALL_DIALECTS = (0x0202, 0x0210, 0x0300, 0x0302, 0x0311)

# What a Windows 11 client offers.
WINDOWS_311 = negotiate(ALL_DIALECTS, (PREAUTH, ENCRYPTION, COMPRESSION, NETNAME,
                                      SIGNING), credits=31)


def smb1_negotiate(dialects, flags=0x18):
    """SMB_COM_NEGOTIATE ([MS-CIFS] 2.2.4.52.1)."""
    h = b"\xffSMB" + struct.pack("<BIBH", 0x72, 0, flags, 0xC853) + bytes(12) + \
        struct.pack("<HHHH", 0, 0xFEFF, 0, 0)
    data = b"".join(b"\x02" + d.encode() + b"\x00" for d in dialects)
    return h + struct.pack("<BH", 0, len(data)) + data


def echo(mid, next_cmd=0, flags=0, sid=0):
    return hdr(ECHO, mid, flags=flags, next_cmd=next_cmd, sid=sid) + struct.pack("<HH", 4, 0)


def compound(msgs):
    """Chains requests: each but the last padded to 8 and pointing at the next."""
    out = b""
    for i, m in enumerate(msgs):
        if i < len(msgs) - 1:
            m += bytes((8 - len(m) % 8) % 8)
            m = m[:20] + struct.pack("<I", len(m)) + m[24:]
        out += m
    return out


def frame(msg):
    return struct.pack(">I", len(msg))


def tree_connect(mid, path="\\\\127.0.0.1\\IPC$", sid=0x0000400000000001):
    p = path.encode("utf-16-le")
    return hdr(TREE_CONNECT, mid, sid=sid) + struct.pack("<HHHH", 9, 0, 72, len(p)) + p


# SPNEGO NegTokenInit wrapping an NTLMSSP NEGOTIATE, as a client's first blob.
NTLMSSP_NEGOTIATE = (b"NTLMSSP\x00" + struct.pack("<II", 1, 0xE2088297) +
                     struct.pack("<HHI", 0, 0, 0) * 2 + bytes([10, 0, 0x61, 0x4a, 0, 0, 0, 15]))


def spnego_init(mech_token):
    def der(tag, body):
        n = len(body)
        ln = bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else \
            bytes([0x82, n >> 8, n & 255])
        return bytes([tag]) + ln + body
    ntlm_oid = der(0x06, bytes.fromhex("2b0601040182370202 0a".replace(" ", "")))
    mechs = der(0xA0, der(0x30, ntlm_oid))
    token = der(0xA2, der(0x04, mech_token))
    spnego_oid = der(0x06, bytes.fromhex("2b0601050502"))
    return der(0x60, spnego_oid + der(0xA0, der(0x30, mechs + token)))


def session_setup(mid, blob):
    return hdr(SESSION_SETUP, mid) + struct.pack("<HBBIIHHQ", 25, 0, 1, 1, 0, 88, len(blob),
                                                 0) + blob


def transform(nonce, body, sid=0x0000400000000011, size=None, flags=1, sig=bytes(16)):
    """An SMB2 TRANSFORM_HEADER ([MS-SMB2] 2.2.41) followed by body."""
    size = len(body) if size is None else size
    return (b"\xfdSMB" + sig + nonce.ljust(16, b"\x00") +
            struct.pack("<IHHQ", size, 0, flags, sid) + body)


def transform_seeds():
    """fuzz_transform decrypts with key 0x42 * 16, GCM unless nonce[15] & 1."""
    msg = echo(1)
    seeds = {
        "gcm_garbage": transform(bytes(range(1, 13)), bytes(len(msg))),
        "ccm_garbage": transform(bytes(range(1, 12)) + b"\x00\x00\x00\x00\x01", msg),
        "size_mismatch": transform(bytes(12), msg, size=len(msg) + 1),
        "flags_zero": transform(bytes(12), msg, flags=0),
        "no_session": transform(bytes(12), msg, sid=0),
        "header_only": transform(bytes(12), b""),
    }
    try:
        from Cryptodome.Cipher import AES
    except ImportError:     # the authenticated seeds need PyCryptodome
        return seeds
    for name, mode, nonce in (("gcm_valid", AES.MODE_GCM, bytes(range(1, 13))),
                              ("ccm_valid", AES.MODE_CCM, bytes(range(1, 12)))):
        aad_src = transform(nonce + (b"\x00" * 4 + b"\x01" if mode == AES.MODE_CCM else b""),
                            msg)
        c = AES.new(b"\x42" * 16, mode, nonce=nonce, mac_len=16)
        c.update(aad_src[20:52])
        ct, tag = c.encrypt_and_digest(msg)
        seeds[name] = aad_src[:4] + tag + aad_src[20:52] + ct
    return seeds


QUERY_DIRECTORY, QUERY_INFO, SET_INFO = 0x0E, 0x10, 0x11


def utf16(text):
    return text.encode("utf-16-le")


def query_directory(mid, cls, pattern, flags=0, out_len=65536, name_off=96):
    """QUERY_DIRECTORY ([MS-SMB2] 2.2.33), the pattern right after the fixed part."""
    p = utf16(pattern)
    return hdr(QUERY_DIRECTORY, mid, sid=1, tid=1) + struct.pack(
        "<HBBIQQHHI", 33, cls, flags, 0, 1, 1, name_off if p else 0, len(p), out_len) + p


def query_info(mid, itype, cls, out_len=4096, inbuf=b"", addl=0, flags=0, in_off=104):
    """QUERY_INFO ([MS-SMB2] 2.2.37)."""
    return hdr(QUERY_INFO, mid, sid=1, tid=1) + struct.pack(
        "<HBBIHHIIIQQ", 41, itype, cls, out_len, in_off if inbuf else 0, 0, len(inbuf), addl,
        flags, 1, 1) + inbuf


def set_info(mid, itype, cls, buf, addl=0, off=96):
    """SET_INFO ([MS-SMB2] 2.2.39)."""
    return hdr(SET_INFO, mid, sid=1, tid=1) + struct.pack(
        "<HBBIHHIQQ", 33, itype, cls, len(buf), off if buf else 0, 0, addl, 1, 1) + buf


def rename_info(name, replace=0, root=0):
    """FILE_RENAME_INFORMATION_TYPE_2 ([MS-FSCC] 2.4.42.2)."""
    n = utf16(name)
    return struct.pack("<B7xQI", replace, root, len(n)) + n


def basic_info(times=(0, 0, 0, 0), attrs=0):
    """FILE_BASIC_INFORMATION ([MS-FSCC] 2.4.7)."""
    return struct.pack("<qqqqII", *times, attrs, 0)


def ea_list(entries, get=False):
    """FILE_FULL_EA_INFORMATION (or FILE_GET_EA_INFORMATION) list, 4-aligned."""
    out = b""
    for i, e in enumerate(entries):
        if get:
            body = struct.pack("<B", len(e)) + e + b"\x00"
        else:
            name, value = e
            body = struct.pack("<BBH", 0, len(name), len(value)) + name + b"\x00" + value
        ent = struct.pack("<I", 0) + body
        if i < len(entries) - 1:
            ent += bytes((4 - len(ent) % 4) % 4)
            ent = struct.pack("<I", len(ent)) + ent[4:]
        out += ent
    return out


def info_seeds(c):
    """QUERY_DIRECTORY, QUERY_INFO, SET_INFO and the SET_INFO input parsers."""
    c["fuzz_query_directory"] = {
        "smbclient_id_both": query_directory(5, 37, "*", out_len=8 * 1024 * 1024),
        "windows_restart": query_directory(6, 37, "*", flags=1),
        "single_dos_wild": query_directory(7, 3, "<.TXT", flags=2),
        "reopen_names": query_directory(8, 12, "a>>.t\"t", flags=0x10),
        "id_extd": query_directory(9, 60, "*.*"),
        "empty_pattern": query_directory(10, 1, ""),
        "name_over_fixed": query_directory(11, 1, "x", name_off=94),
        "name_past_end": query_directory(12, 1, "abc")[:-1],
        "odd_length": query_directory(13, 1, "ab")[:-1],
    }
    c["fuzz_query_info"] = {
        "all_info": query_info(1, 1, 18, out_len=4096),
        "basic": query_info(2, 1, 4, out_len=40),
        "fs_attribute": query_info(3, 2, 5, out_len=1024),
        "security": query_info(4, 3, 0, out_len=0, addl=7),
        "get_ea_list": query_info(5, 1, 15, inbuf=ea_list([b"NAME", b"user.x"], get=True)),
        "get_ea_unterminated": query_info(6, 1, 15, inbuf=b"\x00" * 4 + b"\x03ABC"),
        "input_past_end": query_info(7, 1, 15, inbuf=b"\x00" * 8)[:-2],
        "input_over_fixed": query_info(8, 1, 15, inbuf=b"\x00" * 8, in_off=100),
    }
    c["fuzz_set_info"] = {
        "rename": set_info(1, 1, 10, rename_info("dir\\new name.txt", replace=1)),
        "rename_root_dir": set_info(2, 1, 10, rename_info("x", root=5)),
        "basic": set_info(3, 1, 4, basic_info((0, -1, 132000000000000000, -2), 0x21)),
        "basic_short": set_info(4, 1, 4, basic_info()[:39]),
        "eof": set_info(5, 1, 20, struct.pack("<Q", 1 << 20)),
        "disposition": set_info(6, 1, 13, b"\x01"),
        "full_ea": set_info(7, 1, 15, ea_list([(b"NAME", b"value"), (b"E", b"")])),
        "security": set_info(8, 3, 0, bytes(20), addl=4),
        "buffer_past_end": set_info(9, 1, 20, bytes(8))[:-1],
    }
    # wildcard: byte 0 the pattern's length, then pattern and name, each byte an
    # index into "aAbB.*?<>\"" (names use the first five)
    abc = 'aAbB.*?<>"'

    def wc(pattern, name):
        return bytes([len(pattern)]) + bytes(abc.index(ch) for ch in pattern + name)
    c["fuzz_wildcard"] = {
        "star": wc("*", "ab.a"),
        "star_dot_star": wc("*.*", "ab"),
        "dos_star": wc("<.a", "a.b.a"),
        "dos_qm": wc("a>>.b", "aB.b"),
        "dos_dot": wc('a"b', "a.b"),
        "mixed": wc("*a?<.>", "AAb.a"),
        "empty_pattern": wc("", "a"),
    }
    c["fuzz_set_info_input"] = {
        "rename": b"\x0a" + rename_info("a\\b.txt"),
        "rename_name_too_long": b"\x0a" + rename_info("abc")[:-2],
        "basic": b"\x04" + basic_info((1, 2, 3, 4), 0x80),
        "basic_bad_time": b"\x04" + basic_info((-3, 0, 0, 0)),
        "full_ea": b"\x0f" + ea_list([(b"A", b"1"), (b"LONGER.NAME", b"x" * 40), (b"Z", b"")]),
        "full_ea_bad_next": b"\x0f" + struct.pack("<IBBH", 6, 0, 1, 1) + b"A\x00" + b"1" * 8,
        "full_ea_no_nul": b"\x0f" + struct.pack("<IBBH", 0, 0, 2, 0) + b"AB",
        "all_three": b"\xff" + basic_info((5, 6, 7, 8)),
    }


CREATE, CLOSE, FLUSH, READ, WRITE = 0x05, 0x06, 0x07, 0x08, 0x09


def create_ctx(name, data=b""):
    """One SMB2_CREATE_CONTEXT ([MS-SMB2] 2.2.13.2), name at 16, data 8-aligned."""
    doff = (16 + len(name) + 7) & ~7 if data else 0
    c = struct.pack("<IHHHHI", 0, 16, len(name), 0, doff, len(data)) + name
    if data:
        c += bytes(doff - len(c)) + data
    return c


def create(mid, name, contexts=(), access=0x0012019F, attrs=0x80, share=7, disp=3,
           options=0x40, name_off=120):
    """CREATE ([MS-SMB2] 2.2.13): name at 120, contexts 8-aligned after it."""
    n = utf16(name)
    body = n if n else b"\x00"
    ctx, off = b"", 0
    if contexts:
        off = (64 + 56 + len(body) + 7) & ~7
        body += bytes(off - 64 - 56 - len(body))
        for i, c in enumerate(contexts):
            if i < len(contexts) - 1:
                c += bytes((8 - len(c) % 8) % 8)
                c = struct.pack("<I", len(c)) + c[4:]
            ctx += c
    return hdr(CREATE, mid, sid=1, tid=1) + struct.pack(
        "<HBBIQQIIIIIHHII", 57, 0, 0xFF, 2, 0, 0, access, attrs, share, disp, options,
        name_off if n else 0, len(n), off, len(ctx)) + body + ctx


def read_req(mid, length=65536, offset=0, min_count=0, channel=0, ci=b""):
    """READ ([MS-SMB2] 2.2.19), channel information (if any) in the buffer."""
    return hdr(READ, mid, sid=1, tid=1) + struct.pack(
        "<HBBIQQQIIIHH", 49, 0x50, 0, length, offset, 1, 1, min_count, channel, 0,
        112 if ci else 0, len(ci)) + (ci if ci else b"\x00")


def write_req(mid, data, offset=0, flags=0, data_off=112, channel=0, ci=b""):
    """WRITE ([MS-SMB2] 2.2.21), data at 0x70, channel information after it."""
    return hdr(WRITE, mid, sid=1, tid=1) + struct.pack(
        "<HHIQQQIIHHI", 49, data_off, len(data), offset, 1, 1, channel, 0,
        112 + len(data) if ci else 0, len(ci), flags) + data + ci


def fileio_seeds(c):
    """CREATE (with its contexts), CLOSE, FLUSH, READ and WRITE."""
    lease = struct.pack("<16sIIQ", bytes(range(16)), 7, 0, 0)
    windows = (create_ctx(b"DHnQ", bytes(16)), create_ctx(b"MxAc"), create_ctx(b"QFid"),
               create_ctx(b"RqLs", lease))
    ea = struct.pack("<IBBH", 0, 0, 4, 5) + b"NAME\x00value"
    c["fuzz_create"] = {
        "smbclient_put": create(1, "dir\\file.txt", access=0x0013019F, disp=5),
        "windows_contexts": create(2, "Documents\\report.docx", windows),
        "share_root": create(3, "", (create_ctx(b"MxAc"),), options=1, disp=1),
        "all_contexts": create(4, "x", (create_ctx(b"ExtA", ea), create_ctx(b"SecD", bytes(20)),
                                        create_ctx(b"AlSi", struct.pack("<Q", 1 << 20)),
                                        create_ctx(b"TWrp", struct.pack("<Q", 1)),
                                        create_ctx(b"DH2Q", bytes(32)),
                                        create_ctx(bytes(range(16)), bytes(8)))),
        "stream_name": create(5, "file::$DATA"),
        "dot_dot": create(6, "a\\..\\..\\etc\\passwd"),
        "leading_separator": create(7, "\\a"),
        "unicode": create(8, "caf\u00e9\\\U0001f600"),
        "odd_name": create(9, "ab")[:64 + 46] + struct.pack("<H", 3) + create(9, "ab")[64 + 48:],
        "name_past_end": create(10, "abc")[:-2],
        "ctx_bad_next": create(11, "x", windows)[:-1],
        "ctx_misaligned": create(12, "x", (create_ctx(b"MxAc"),))[:64 + 48] +
                          struct.pack("<I", 132) + create(12, "x", (create_ctx(b"MxAc"),))[
                              64 + 52:],
    }
    c["fuzz_close"] = {
        "postquery": struct.pack("<HHIQQ", 24, 1, 0, 1, 1),
        "plain": struct.pack("<HHIQQ", 24, 0, 0, 0x100000001, 0x100000001),
        "compound_related": struct.pack("<HHIQQ", 24, 1, 0, (1 << 64) - 1, (1 << 64) - 1),
        "short": struct.pack("<HHIQ", 24, 1, 0, 1),
        "wrong_size": struct.pack("<HHIQQ", 25, 0, 0, 1, 1),
    }
    c["fuzz_flush"] = {
        "flush": struct.pack("<HHIQQ", 24, 0, 0, 1, 1),
        "reserved_set": struct.pack("<HHIQQ", 24, 0xFFFF, 0xFFFFFFFF, 1, 1),
        "short": struct.pack("<HHIQ", 24, 0, 0, 1),
    }
    c["fuzz_oplock_break"] = {
        "ack_level2": struct.pack("<HBBIQQ", 24, 1, 0, 0, 1, 1),
        "ack_none": struct.pack("<HBBIQQ", 24, 0, 0, 0, 0x100000001, 0x100000001),
        "reserved_set": struct.pack("<HBBIQQ", 24, 1, 0xFF, 0xFFFFFFFF, 1, 1),
        "lease_ack": struct.pack("<HHI16sIIQ", 36, 0, 0, b"\x11" * 16, 1, 0, 0),
        "short": struct.pack("<HBBIQ", 24, 1, 0, 0, 1),
        "wrong_size": struct.pack("<HBBIQQ", 25, 0, 0, 0, 1, 1),
    }
    c["fuzz_read"] = {
        "smbclient": read_req(1, 65536, 0),
        "large": read_req(2, 8 << 20, 1 << 33, min_count=1),
        "channel_info": read_req(3, 4096, channel=1, ci=bytes(16)),
        "channel_info_past_end": read_req(4, 4096, channel=1, ci=bytes(16))[:-1],
        "no_buffer_byte": read_req(5)[:-1],
        "offset_negative": read_req(6, 1, offset=(1 << 64) - 1),
    }
    c["fuzz_write"] = {
        "small": write_req(1, b"hello, world"),
        "write_through": write_req(2, bytes(range(256)) * 16, offset=4096, flags=1),
        "empty": write_req(3, b"", data_off=0) + b"\x00",
        "data_past_end": write_req(4, b"abcdef")[:-1],
        "data_in_fixed_part": write_req(5, b"abcdef", data_off=104),
        "channel_info": write_req(6, b"data", channel=1, ci=bytes(16)),
        "append_offset": write_req(7, b"x", offset=(1 << 64) - 1),
    }


LOCK, IOCTL = 0x0A, 0x0B
SH, EX, UN, FI = 1, 2, 4, 0x10


def lock_req(elems, count=None, seq=0, fid=1):
    """LOCK body ([MS-SMB2] 2.2.26): (offset, length, flags) elements."""
    body = struct.pack("<HHIQQ", 48, len(elems) if count is None else count, seq, fid, fid)
    return body + b"".join(struct.pack("<QQII", o, n, f, 0) for o, n, f in elems)


def ioctl_req(mid, code, data=b"", max_out=1024, fid=1, flags=1, in_off=120):
    """IOCTL ([MS-SMB2] 2.2.31), input right after the fixed part."""
    return hdr(IOCTL, mid, sid=1, tid=1) + struct.pack(
        "<HHIQQIIIIIIII", 57, 0, code, fid, fid, in_off if data else 0, len(data), 0, 0, 0,
        max_out, flags, 0) + (data if data else b"\x00")


def vni(dialects=(0x0202, 0x0210, 0x0300, 0x0302), count=None):
    """VALIDATE_NEGOTIATE_INFO request ([MS-SMB2] 2.2.31.4)."""
    return struct.pack("<I16sHH", 0x7F, bytes(range(0xA0, 0xB0)), 1,
                       len(dialects) if count is None else count) + \
        b"".join(struct.pack("<H", d) for d in dialects)


def lock_ioctl_seeds(c):
    """LOCK as smbtorture's smb2.lock sends it, IOCTL as clients do."""
    all_ones = (1 << 64) - 1
    c["fuzz_lock"] = {
        "exclusive_nowait": lock_req([(100, 10, EX | FI)]),
        "blocking_shared": lock_req([(0, 1, SH)], seq=0x11),
        "unlock": lock_req([(100, 10, UN)]),
        "unlocks_then_lock": lock_req([(0, 10, UN), (10, 10, UN), (20, 1, EX | FI)]),
        "several_nowait": lock_req([(0, 10, EX | FI), (10, 10, SH | FI), (0, 0, EX | FI)]),
        "several_blocking": lock_req([(0, 10, SH | FI), (10, 10, SH)]),
        "range_overflow": lock_req([(all_ones, all_ones, EX | FI)]),
        "flags_invalid": lock_req([(1, 1, 0xFFFFFFE8)]),
        "count_zero": lock_req([(0, 0, SH)], count=0),
        "count_past_end": lock_req([(0, 1, EX)], count=3),
    }
    c["fuzz_ioctl"] = {
        "validate_negotiate": ioctl_req(1, 0x00140204, vni(), 24, all_ones),
        "validate_negotiate_short": ioctl_req(2, 0x00140204, vni()[:-1], 24, all_ones),
        "validate_negotiate_count": ioctl_req(3, 0x00140204, vni(count=9), 24, all_ones),
        "network_interfaces": ioctl_req(4, 0x001401FC, b"", 65536, all_ones),
        "dfs_referral": ioctl_req(5, 0x00060194, struct.pack("<H", 4) +
                                  "\\\\srv\\share".encode("utf-16-le") + b"\x00\x00",
                                  4096, all_ones),
        "zero_data": ioctl_req(6, 0x000980C8, struct.pack("<QQ", 10, 20), 0),
        "allocated_ranges": ioctl_req(7, 0x000940CF, struct.pack("<QQ", 0, 1 << 40), 65536),
        "object_id": ioctl_req(8, 0x000900C0, b"", 64),
        "pipe_transceive": ioctl_req(9, 0x0011C017, bytes(range(72)), 4280),
        "input_past_end": ioctl_req(10, 0x000980C8, struct.pack("<QQ", 10, 20), 0)[:-1],
        "input_in_fixed_part": ioctl_req(11, 0x000980C8, struct.pack("<QQ", 1, 2), 0,
                                         in_off=112),
        "device_ioctl": ioctl_req(12, 0x0009003C, b"", 2, flags=0),
    }


def corpus():
    c = {}
    c["fuzz_frame"] = {
        "smb2_negotiate_hdr": SMBCLIENT_SMB2_NEGOTIATE[:4],
        "max_len": b"\x00\xff\xff\xff",
        "preauth_max": b"\x00\x01\x00\x00",
        "empty": b"\x00\x00\x00\x00",
        "netbios_keepalive": b"\x85\x00\x00\x00",
        "netbios_session_request": b"\x81\x00\x00\x44",
        "several": b"\x00\x00\x00\x44\x00\x00\x10\x00\x85\x00\x00\x00",
    }
    c["fuzz_hdr"] = {
        "negotiate": SMBCLIENT_SMB2_NEGOTIATE[4:68],
        "echo_signed_session": echo(7, flags=FLAGS_SIGNED, sid=0x0000400000000005),
        "compound_related": hdr(5, 3, flags=FLAGS_RELATED, next_cmd=0x78, sid=1, tid=5),
        "async_cancel": hdr(CANCEL, 9, flags=FLAGS_ASYNC, async_id=0x11),
        "response_flag": hdr(ECHO, 1, flags=1) + b"\x04\x00\x00\x00",
        "short": SMBCLIENT_SMB2_NEGOTIATE[4:60],
    }
    c["fuzz_negotiate"] = {
        "smbclient_311": SMBCLIENT_SMB2_NEGOTIATE[4:],
        "windows11_311": WINDOWS_311,
        "all_contexts": negotiate(ALL_DIALECTS, (PREAUTH, ENCRYPTION, COMPRESSION, NETNAME,
                                                 TRANSPORT, RDMA, SIGNING)),
        "smb2_only": negotiate((0x0202, 0x0210)),
        "smb3_no_311": negotiate((0x0202, 0x0210, 0x0300, 0x0302), secmode=2),
        "311_only_preauth": negotiate((0x0311,), (PREAUTH,)),
        "311_duplicate_preauth": negotiate((0x0311,), (PREAUTH, PREAUTH)),
        "311_no_contexts": negotiate((0x0311,)),
        "dialect_count_zero": negotiate(())[:64] + struct.pack("<H", 36) + bytes(34),
    }
    c["fuzz_smb1_negotiate"] = {
        "smbclient_nt1": SMBCLIENT_SMB1_NEGOTIATE,
        "windows_style": smb1_negotiate(("NT LM 0.12", "SMB 2.002", "SMB 2.???")),
        "smb1_only": smb1_negotiate(("PC NETWORK PROGRAM 1.0", "LANMAN1.0", "NT LM 0.12")),
        "wildcard_only": smb1_negotiate(("SMB 2.???",)),
        "unterminated": smb1_negotiate(("NT LM 0.12", "SMB 2.002"))[:-1],
    }
    c["fuzz_echo"] = {
        "echo": struct.pack("<HH", 4, 0),
        "echo_reserved_set": struct.pack("<HH", 4, 0xFFFF),
        "wrong_size": struct.pack("<HH", 5, 0),
        "short": b"\x04\x00",
    }
    # mode byte: & 3 the prelude (0 none, 1 NEGOTIATE 2.1, 2 NEGOTIATE 3.1.1,
    # 3 SMB1 -> 0x02FF); & 4 raw stream with frame headers
    c["fuzz_compound"] = {
        "negotiate_first": b"\x00" + WINDOWS_311,
        "smb1_first": b"\x00" + SMBCLIENT_SMB1_NEGOTIATE,
        "echo": b"\x02" + echo(1),
        "echo_compound": b"\x02" + compound([echo(1), echo(2, flags=FLAGS_RELATED), echo(3)]),
        "echo_bad_next": b"\x01" + echo(1, next_cmd=68) + echo(2)[:-4],
        "after_wildcard": b"\x03" + negotiate(ALL_DIALECTS, (PREAUTH, SIGNING), mid=1),
        "tree_connect": b"\x02" + tree_connect(1),
        "session_setup": b"\x02" + session_setup(1, spnego_init(NTLMSSP_NEGOTIATE)),
        "cancel_then_echo": b"\x02" + compound([hdr(CANCEL, 1) + struct.pack("<HH", 4, 0),
                                                echo(1)]),
        "multi_credit": b"\x01" + hdr(ECHO, 1, charge=4) + struct.pack("<HH", 4, 0),
        "stream_two_frames": b"\x06" + frame(echo(1)) + echo(1) + frame(echo(2)) + echo(2),
        "stream_negotiate_echo": b"\x04" + frame(WINDOWS_311) + WINDOWS_311 +
                                 frame(echo(1)) + echo(1),
        "stream_partial": b"\x06" + frame(echo(1)) + echo(1)[:30],
    }
    c["fuzz_transform"] = transform_seeds()
    ss = session_setup(1, spnego_init(NTLMSSP_NEGOTIATE))
    c["fuzz_session"] = {
        "session_setup": ss,
        "session_setup_no_blob": ss[:64] + struct.pack("<HBBIIHHQ", 25, 0, 1, 0, 0, 0, 0, 0),
        "session_setup_blob_past_end": ss[:64 + 12] + struct.pack("<HH", 88, 4000) + ss[64 + 16:],
        "tree_connect": tree_connect(2),
        "tree_connect_share": tree_connect(3, "\\\\server\\share"),
        "tree_connect_extension": tree_connect(4)[:66] + struct.pack("<H", 4) +
                                  tree_connect(4)[68:],
        "logoff": hdr(2, 5) + struct.pack("<HH", 4, 0),
    }
    info_seeds(c)
    fileio_seeds(c)
    lock_ioctl_seeds(c)
    return c


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    for target, files in corpus().items():
        d = os.path.join(out, target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, data in files.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    print("wrote %d inputs under %s" % (sum(len(v) for v in corpus().values()), out))


if __name__ == "__main__":
    main()
