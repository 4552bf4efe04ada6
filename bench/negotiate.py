#!/usr/bin/python3
"""Negotiate/echo throughput and per-connection memory of an SMB server.

Measures, against one server:
  - rate:  NEGOTIATE (3.1.1) + ECHO round trips per second on C parallel connections;
  - setup: new connections per second, each negotiating once;
  - memory: growth of the server's processes' anonymous PSS per idle negotiated connection.
Prints one JSON object. bench/run.sh runs it against tsmbd and smbd and reports ratios.
"""
import argparse, json, os, socket, struct, threading, time, uuid

def frame(msg):
    return struct.pack(">I", len(msg)) + msg

def hdr(cmd, mid, credits=1):
    return struct.pack("<4sHHIHHIIQIIQ16s", b"\xfeSMB", 64, 1, 0, cmd, credits, 0, 0,
                       mid, 0xfeff, 0, 0, b"\0" * 16)

def negotiate_req(mid):
    dialects = [0x202, 0x210, 0x300, 0x302, 0x311]
    fixed = 64 + 36 + 2 * len(dialects)
    ctx_off = (fixed + 7) & ~7
    preauth = struct.pack("<HHH", 1, 32, 1) + os.urandom(32)
    ctx = struct.pack("<HHI", 1, len(preauth), 0) + preauth
    body = struct.pack("<HHHHI16sIHH", 36, len(dialects), 1, 0, 0x7f, uuid.uuid4().bytes,
                       ctx_off, 1, 0)
    body += b"".join(struct.pack("<H", d) for d in dialects)
    body += b"\0" * (ctx_off - fixed)
    return hdr(0, mid, 64) + body + ctx

def echo_req(mid):
    return hdr(13, mid) + struct.pack("<HH", 4, 0)

def recv_frame(s):
    n = b""
    while len(n) < 4:
        c = s.recv(4 - len(n))
        if not c:
            raise EOFError
        n += c
    ln = struct.unpack(">I", n)[0] & 0xFFFFFF
    buf = b""
    while len(buf) < ln:
        c = s.recv(ln - len(buf))
        if not c:
            raise EOFError
        buf += c
    return buf

def connect_negotiated(host, port):
    s = socket.create_connection((host, port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(frame(negotiate_req(0)))
    r = recv_frame(s)
    status = struct.unpack_from("<I", r, 8)[0]
    if status != 0:
        raise RuntimeError("negotiate failed: 0x%08x" % status)
    return s

def rate(host, port, conns, seconds):
    counts = [0] * conns
    stop = time.monotonic() + seconds
    def worker(i):
        s = connect_negotiated(host, port)
        mid = 1
        while time.monotonic() < stop:
            s.sendall(frame(echo_req(mid)))
            recv_frame(s)
            mid += 1
            counts[i] += 1
        s.close()
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(conns)]
    t0 = time.monotonic()
    for t in ts: t.start()
    for t in ts: t.join()
    return sum(counts) / (time.monotonic() - t0)

def setup_rate(host, port, seconds):
    n = 0
    stop = time.monotonic() + seconds
    t0 = time.monotonic()
    while time.monotonic() < stop:
        connect_negotiated(host, port).close()
        n += 1
    return n / (time.monotonic() - t0)

def pss_kib(pids):
    # Pss_Anon: the processes' own memory. Plain Pss also moves when another
    # process starts or stops sharing a library page (smbd forking its
    # children shrank tsmbd's figure below zero).
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss_Anon:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total

def server_pids(root):
    """root and all its descendants (smbd forks one process per client)."""
    pids, todo = set(), [root]
    while todo:
        p = todo.pop()
        pids.add(p)
        try:
            with open("/proc/%d/task/%d/children" % (p, p)) as f:
                todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return pids

def memory(host, port, pid, n):
    before = pss_kib(server_pids(pid))
    socks = [connect_negotiated(host, port) for _ in range(n)]
    time.sleep(1)
    after = pss_kib(server_pids(pid))
    for s in socks:
        s.close()
    return (after - before) * 1024 / n

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, help="server's main pid, for the memory figure")
    ap.add_argument("--conns", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--idle", type=int, default=100)
    a = ap.parse_args()
    out = {
        "echo_per_s": round(rate(a.host, a.port, a.conns, a.seconds)),
        "connects_per_s": round(setup_rate(a.host, a.port, a.seconds)),
    }
    if a.pid:
        out["bytes_per_idle_conn"] = round(memory(a.host, a.port, a.pid, a.idle))
    print(json.dumps(out))

if __name__ == "__main__":
    main()
