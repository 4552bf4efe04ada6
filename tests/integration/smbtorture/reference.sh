#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# reference.sh [--results FILE] [--suites "..."] [--timeout-per-suite SEC]
#              [--option NAME=VALUE]...
#              [--keep]
#
# Runs the smbtorture suites of run.sh against Samba's smbd and records the
# results (default: reference-smbd.txt beside this script): the list of
# subtests tsmbd should eventually pass.
#
# smbd (needs root) runs in the foreground in its own session on a free
# port of 127.0.0.1 with a private configuration, passdb, state and share
# under a temporary directory; samba-dcerpcd is not started; it is stopped
# by its pid only, and the directory is removed at exit. The test user is
# the Unix account "tsmbtest" (created with useradd, no home and no login
# shell, if it does not exist); its SMB password lives only in the private
# passdb.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3
results=$here/reference-smbd.txt
user=tsmbtest
password=tsmbtest-pw
keep=0
declare -a pass_on=()

while [[ $# -gt 0 ]]; do
	case $1 in
	--results) results=$2; shift 2 ;;
	--suites|--timeout-per-suite|--option)
		pass_on+=("$1" "$2"); shift 2 ;;
	--keep) keep=1; pass_on+=(--keep); shift ;;
	-h|--help) sed -n '4,18p' "${BASH_SOURCE[0]}" |
		sed 's/^# \{0,1\}//'; exit 2 ;;
	*) echo "reference.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

if [[ $(id -u) -ne 0 ]]; then
	echo "reference.sh: smbd must run as root" >&2
	exit 2
fi
if ! id "$user" >/dev/null 2>&1; then
	useradd --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin \
		--comment "tsmb smbtorture reference user" "$user" || exit 1
	echo "reference.sh: created Unix user $user"
fi

prog=reference.sh
. "$here/../../lib/server.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

work=$(mktemp -d /tmp/tsmb-torture-ref.XXXXXX) || exit 1
# the user's smbd process must reach the share below it
chmod 755 "$work"
d=$work/samba
mkdir -p "$work/share" "$d/private" "$d/lock" "$d/state" "$d/cache" \
	"$d/pid" "$d/ncalrpc"
chown "$user:" "$work/share"
port=$(free_port)

cat >"$work/smb.conf" <<EOF
[global]
	smb ports = $port
	interfaces = 127.0.0.1
	bind interfaces only = yes
	server role = standalone server
	disable netbios = yes
	private dir = $d/private
	lock directory = $d/lock
	state directory = $d/state
	cache directory = $d/cache
	pid directory = $d/pid
	ncalrpc dir = $d/ncalrpc
	log file = $d/log.%m
	passdb backend = tdbsam:$d/private/passdb.tdb
	# no samba-dcerpcd: it would daemonize and outlive smbd; the SMB2
	# suites need no RPC
	rpc start on demand helpers = no
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes

[tmp]
	path = $work/share
	read only = no
	# Windows-like semantics the suites check: NT ACLs and DOS attributes
	# kept in xattrs, extended attributes (the share must be on a file
	# system with user xattrs)
	vfs objects = acl_xattr
	ea support = yes
	store dos attributes = yes
	map acl inherit = yes
EOF

printf '%s\n%s\n' "$password" "$password" |
	smbpasswd -c "$work/smb.conf" -s -a "$user" >/dev/null || exit 1

# setsid: smbd signals its process group at shutdown; in its own session
# it cannot reach this script or its caller
setsid smbd -F --no-process-group --debug-stdout -s "$work/smb.conf" \
	>"$work/smbd.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
	if ! kill -0 "$server_pid" 2>/dev/null; then
		echo "reference.sh: smbd exited before listening" >&2
		tail -n 20 "$work/smbd.out" >&2
		server_pid=
		exit 1
	fi
	port_open 127.0.0.1 "$port" && break
	sleep 0.1
done
if ! port_open 127.0.0.1 "$port"; then
	echo "reference.sh: smbd did not listen on 127.0.0.1:$port" >&2
	exit 1
fi
echo "reference.sh: smbd $(smbd --version) on 127.0.0.1:$port"

start=$SECONDS
"$here/run.sh" --host 127.0.0.1 --port "$port" --user "$user" \
	--password "$password" --share tmp --results "$results" \
	"${pass_on[@]}"
rc=$?
echo "reference.sh: $((SECONDS - start)) s; smbtorture $(smbtorture --version |
	head -n 1)"
if ! kill -0 "$server_pid" 2>/dev/null; then
	echo "reference.sh: smbd exited during the run" >&2
	rc=1
fi
exit $rc
