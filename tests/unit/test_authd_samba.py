#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""authd against Samba's own client code: Samba's gensec (python3-samba)
drives SPNEGO/NTLMSSP logons through authd_driver, as smbclient would.

Checks that Samba's client and authd agree on the session key, that Samba
accepts authd's final SPNEGO token (with its mechListMIC), and the verdicts
for a wrong password, an unknown user (mapped to guest) and anonymous.

    test_authd_samba.py PATH/TO/authd_driver

Exit 77 (skipped) when Samba's python bindings are missing.
"""
import os
import subprocess
import sys
import tempfile

try:
    from samba import credentials, gensec
    from samba.param import LoadParm
    from impacket import ntlm
except ImportError as e:
    print("skipped: %s" % e)
    sys.exit(77)

PASSWORD = "Secret123!"
failures = 0
passes = 0


def check(what, ok):
    global failures, passes
    print("%s %s" % ("ok  " if ok else "FAIL", what))
    if ok:
        passes += 1
    else:
        failures += 1


def logon(driver, db, tmp, user, password, domain, mech, anonymous=False):
    conf = os.path.join(tmp, "smb.conf")
    with open(conf, "w") as f:
        f.write("[global]\n\tworkgroup = WORKGROUP\n\tnetbios name = CLIENT1\n")
    lp = LoadParm()
    lp.load(conf)
    creds = credentials.Credentials()
    creds.guess(lp)
    if anonymous:
        creds.set_anonymous()
    else:
        creds.set_username(user)
        creds.set_password(password)
        creds.set_domain(domain)
    creds.set_workstation("CLIENT1")
    creds.set_kerberos_state(credentials.DONT_USE_KERBEROS)
    g = gensec.Security.start_client({"lp_ctx": lp, "target_hostname": "tsmb"})
    g.set_credentials(creds)
    g.want_feature(gensec.FEATURE_SESSION_KEY)
    g.want_feature(gensec.FEATURE_SIGN)
    g.set_target_service("cifs")
    g.set_target_hostname("tsmb")
    if mech == "spnego":
        g.start_mech_by_sasl_name("GSS-SPNEGO")
    else:
        g.start_mech_by_name("ntlmssp")
    p = subprocess.Popen([driver, db], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)

    def leg(data):
        p.stdin.write(data.hex() + "\n")
        p.stdin.flush()
        st, blob, key, u, guest, anon = p.stdout.readline().split()
        return st, b"" if blob == "-" else bytes.fromhex(blob), key, u, guest == "1", anon == "1"

    server = b""
    if mech == "spnego":
        server = leg(b"")[1]	# no blob: authd offers its mechanisms
    res = None
    for _ in range(4):
        _, out = g.update(server)
        res = leg(bytes(out))
        server = res[1]
        if res[0] != "c0000016":
            break
    client_final = None
    # A guest has no session key: SMB clients see SMB2_SESSION_FLAG_IS_GUEST
    # and skip the final SPNEGO check, which needs one.
    if res[0] == "00000000" and server and not res[4]:
        try:
            client_final = g.update(server)[0]
        except Exception:
            client_final = False
    try:
        ckey = bytes(g.session_key()).hex()
    except Exception:
        ckey = None
    p.stdin.close()
    p.wait()
    return res, ckey, client_final


def main():
    driver = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "passdb")
        with open(db, "w") as f:
            f.write("alice:%s:enabled\n" % ntlm.compute_nthash(PASSWORD).hex())
        os.chmod(db, 0o600)
        for mech in ("spnego", "ntlmssp"):
            for user, dom in (("alice", "WORKGROUP"), ("ALICE", "OTHER")):
                (st, _, key, u, guest, anon), ckey, fin = logon(driver, db, tmp, user, PASSWORD,
                                                               dom, mech)
                check("%s %s@%s: logged on as alice" % (mech, user, dom),
                      st == "00000000" and u == "alice" and not guest)
                check("%s %s@%s: same session key" % (mech, user, dom), ckey == key)
                if mech == "spnego":
                    check("%s %s@%s: Samba accepts the final token and its mechListMIC"
                          % (mech, user, dom), fin is True)
            (st, *_), _, _ = logon(driver, db, tmp, "alice", "wrong", "WORKGROUP", mech)
            check("%s: wrong password refused" % mech, st == "c000006d")
            (st, _, _, u, guest, _), _, _ = logon(driver, db, tmp, "mallory", "x", "WORKGROUP",
                                                 mech)
            check("%s: unknown user mapped to guest" % mech,
                  st == "00000000" and guest and u == "nobody")
            (st, _, key, _, _, anon), ckey, fin = logon(driver, db, tmp, "", "", "", mech,
                                                        anonymous=True)
            check("%s: anonymous" % mech, st == "00000000" and anon)
    print("%d passed, %d failed" % (passes, failures))
    return 1 if failures else 0


sys.exit(main())
