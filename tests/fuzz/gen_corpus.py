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
