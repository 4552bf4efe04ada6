#!/usr/bin/env bash
# Benchmarks tsmbd against Samba's smbd in the same run, on loopback, and
# reports ratios (tsmbd / smbd; above 1 is better for rates, below 1 for
# memory). Never part of the pass/fail test suite: timings vary by machine.
# Usage: bench/run.sh [path/to/tsmbd]      (root, for smbd)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tsmbd=${1:-$top/build/user/tsmbd}
py=/usr/bin/python3
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
	$py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() {
	local i
	for i in $(seq 100); do
		$py -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),1)" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "server on port $1 did not come up" >&2
	return 1
}

# Both servers serve $tmp/share to the same Unix user, from their own user databases.
user=tsmbtest
password=tsmbtest-pw
id "$user" >/dev/null 2>&1 ||
	useradd --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
chmod 755 "$tmp"
tport=$(free_port)
mkdir -p "$tmp/share"
chown "$user:" "$tmp/share"
cat >"$tmp/tsmb.conf" <<CONF
[global]
	listen = 127.0.0.1:$tport
	log level = 0
	user database = $tmp/passdb
[share]
	path = $tmp/share
	read only = no
CONF
printf '%s\n' "$password" | "$(dirname "$tsmbd")/tsmbpasswd" --config "$tmp/tsmb.conf" -a "$user"
"$tsmbd" --config "$tmp/tsmb.conf" --foreground >"$tmp/tsmbd.log" 2>&1 &
pids+=($!)
tpid=$!

sport=$(free_port)
mkdir -p "$tmp/samba"/{private,lock,state,cache,pid}
cat >"$tmp/smb.conf" <<CONF
[global]
	smb ports = $sport
	interfaces = 127.0.0.1
	bind interfaces only = yes
	private dir = $tmp/samba/private
	lock directory = $tmp/samba/lock
	state directory = $tmp/samba/state
	cache directory = $tmp/samba/cache
	pid directory = $tmp/samba/pid
	log level = 0
	disable spoolss = yes
	load printers = no
	server min protocol = SMB2_02
[share]
	path = $tmp/share
	read only = no
CONF
printf '%s\n%s\n' "$password" "$password" | smbpasswd -c "$tmp/smb.conf" -s -a "$user" >/dev/null
smbd -F --no-process-group --debug-stdout -s "$tmp/smb.conf" >"$tmp/smbd.log" 2>&1 &
pids+=($!)
spid=$!

wait_port "$tport"
wait_port "$sport"

t=$($py "$top/bench/negotiate.py" --port "$tport" --pid "$tpid")
s=$($py "$top/bench/negotiate.py" --port "$sport" --pid "$spid")
mb=${TSMB_BENCH_MB:-256}
head -c $((mb * 1024 * 1024)) /dev/urandom >"$tmp/src"
files() {
	$py "$top/bench/files.py" --port "$1" --user "$user" --password "$password" \
		--share share --dir "$tmp/share" --src "$tmp/src" --mb "$mb"
	rm -rf "$tmp/share/many" "$tmp/share/big"
}
t=$($py -c 'import json,sys; a=json.loads(sys.argv[1]); a.update(json.loads(sys.argv[2])); print(json.dumps(a))' "$t" "$(files "$tport")")
s=$($py -c 'import json,sys; a=json.loads(sys.argv[1]); a.update(json.loads(sys.argv[2])); print(json.dumps(a))' "$s" "$(files "$sport")")
$py - "$t" "$s" <<'PY'
import json, sys
t, s = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("%-22s %12s %12s %8s" % ("metric", "tsmbd", "smbd", "ratio"))
for k in t:
    r = t[k] / s[k] if s.get(k) else float("nan")
    print("%-22s %12s %12s %8.2f" % (k, t[k], s[k], r))
PY
