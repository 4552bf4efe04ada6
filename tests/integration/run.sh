#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh [--host H] [--port P] [--timeout S] [--server-kind K]
#        [--start-tsmbd PATH | --start-smbd] [--cifs] [--probes "P..."] [--keep]
#
# Runs the black-box probes (negotiate_probe.py, smbclient_probe.sh,
# impacket_probe.py; with --start-tsmbd also the file suites and the
# named-pipe RPC probes rpc_probe.sh and impacket_rpc.py) against one SMB
# server and prints a summary; exits non-zero if any probe failed.
#
#   --host H, --port P   a server that is already running (default
#                        127.0.0.1:445), e.g. tsmb.ko inside the VM guest
#   --start-tsmbd PATH   start that tsmbd binary in the foreground on
#                        127.0.0.1 at a free high port with a temporary
#                        tsmb.conf; it is always stopped and its files
#                        removed on exit, and a sanitizer report in its
#                        output (ASan, UBSan, LSan) is a failure
#   --start-smbd         the same with Samba's smbd (the reference; must
#                        run as root), to check the suite itself
#   --server-kind K      which entries of known_differences.txt apply:
#                        samba, tsmbd or tsmb.ko (default: tsmbd, or samba
#                        with --start-smbd)
#   --timeout S          per socket operation in the probes (default 2)
#   --cifs               with --start-tsmbd, also cifs_mount.sh (Linux's
#                        cifs client: needs root and the cifs module, so
#                        the QEMU guest; tests/vm/guest-kernel-format.sh)
#   --probes "P..."      run only these probes (names as in the summary)
#   --keep               keep the temporary directory (config, logs)
#   TSMB_INFO_FILES      impacket_info.py's --files (default 2000)
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3
host=127.0.0.1
port=445
timeout=2
kind=
start=
server_bin=
keep=0
cifs=0
only=
test_user=tsmbtest
test_password=tsmbtest-pw
# what the RPC probes expect srvsvc, wkssvc and lsarpc to say
nbname=TSMBSRV
workgroup=WORKGROUP
server_string="tsmb test server"
listed_shares=(tmp files ro 'pub$')
share_comment() {
	case $1 in
	tmp) echo "Scratch space for guests" ;;
	files) echo "Files of the test user" ;;
	ro) echo "The same files, read-only" ;;
	'pub$') echo "Listed, hidden by name only" ;;
	esac
}

usage() {
	sed -n '4,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 2
}

while [[ $# -gt 0 ]]; do
	case $1 in
	--host) host=$2; shift 2 ;;
	--port) port=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--server-kind) kind=$2; shift 2 ;;
	--start-tsmbd) start=tsmbd; server_bin=$2; shift 2 ;;
	--start-smbd) start=smbd; shift ;;
	--cifs) cifs=1; shift ;;
	--probes) only=" $2 "; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) usage ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
if [[ -z "$kind" ]]; then
	kind=tsmbd
	[[ "$start" == smbd ]] && kind=samba
fi

prog=run.sh
. "$here/../lib/server.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

write_tsmbd_conf() {
	cat >"$work/tsmb.conf" <<EOF
[global]
	listen = 127.0.0.1:$port
	log level = 2
	user database = $work/passdb
	map to guest = bad user
	netbios name = $nbname
	workgroup = $workgroup
	server string = $server_string

[tmp]
	path = $work/share
	guest ok = yes
	read only = no
	comment = $(share_comment tmp)

[files]
	path = $work/files
	read only = no
	valid users = $test_user
	comment = $(share_comment files)

[ro]
	path = $work/files
	read only = yes
	comment = $(share_comment ro)

[pub\$]
	path = $work/share
	read only = yes
	comment = $(share_comment 'pub$')

[hidden]
	path = $work/files
	browseable = no
	comment = not listed
EOF
}

write_smbd_conf() {
	local d=$work/samba
	mkdir -p "$d/private" "$d/lock" "$d/state" "$d/cache" "$d/pid" \
		"$d/ncalrpc"
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
	map to guest = Bad User
	# no samba-dcerpcd: it would daemonize and outlive smbd (the probes
	# need no RPC; smbclient's share listing then fails, after the
	# negotiation it checks)
	rpc start on demand helpers = no
	load printers = no
	printcap name = /dev/null
	disable spoolss = yes

[tmp]
	path = $work/share
	guest ok = yes
EOF
}

start_server() {
	mkdir -p "$work/share"
	chmod 777 "$work/share"	# guests are "nobody"
	host=127.0.0.1
	port=$(free_port)
	if [[ "$start" == tsmbd ]]; then
		if [[ ! -x "$server_bin" ]]; then
			echo "run.sh: $server_bin is not an executable" >&2
			exit 2
		fi
		write_tsmbd_conf
		# the user the file suite logs on as, and its share
		chmod 755 "$work"
		mkdir -p "$work/files"
		if ensure_test_user "$test_user"; then
			chown "$test_user:" "$work/files"
			write_passdb "$(dirname "$server_bin")/tsmbpasswd" "$work/tsmb.conf" \
				"$test_user" "$test_password" ||
				echo "run.sh: cannot add $test_user to the user database" >&2
		fi
		setsid "$server_bin" --config "$work/tsmb.conf" --foreground \
			>"$work/server.out" 2>"$work/server.err" &
	else
		write_smbd_conf
		setsid smbd -F --no-process-group --debug-stdout \
			-s "$work/smb.conf" \
			>"$work/server.out" 2>"$work/server.err" &
	fi
	# setsid: its own session and process group, so a server that signals
	# its group at shutdown (smbd does) cannot hit run.sh or its caller;
	# not being a group leader here, setsid execs the server in place
	server_pid=$!
	for _ in $(seq 100); do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			wait "$server_pid"
			echo "run.sh: $start exited (status $?) before listening" >&2
			tail -n 20 "$work/server.err" "$work/server.out" >&2
			server_pid=
			exit 1
		fi
		port_open "$host" "$port" && return 0
		sleep 0.1
	done
	echo "run.sh: $start did not listen on $host:$port within 10s" >&2
	tail -n 20 "$work/server.err" "$work/server.out" >&2
	exit 1
}

work=$(mktemp -d /tmp/tsmb-integration.XXXXXX) || exit 1
[[ -n "$start" ]] && start_server
echo "run.sh: server $host:$port (kind: $kind${start:+, started $start})"

expect_fail=$(awk -v k="$kind" '$1 == k { print $2 }' \
	"$here/known_differences.txt" | tr '\n' ' ')
export TSMB_EXPECT_FAIL="$expect_fail"

declare -a summary
total_pass=0
total_fail=0
total_skip=0
any_failed=0

# Runs one probe, echoing its output, and adds its closing counts.
run_probe() {
	local name=$1
	shift
	local log=$work/$name.log rc line p f s t0=$SECONDS
	[[ -z "$only" || "$only" == *" $name "* ]] || return 0
	echo "=== $name"
	if [[ -n "$start" ]] && ! kill -0 "$server_pid" 2>/dev/null; then
		echo "FAIL $name: not run, $start is no longer running"
		total_fail=$((total_fail + 1))
		any_failed=1
		summary+=("$(printf '%-20s %s' "$name" \
			"not run: $start is no longer running")")
		return
	fi
	timeout -k 5 300 "$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [[ -z "$line" ]]; then
		line="no summary line (exit $rc)"
		p=0; f=1; s=0
	else
		p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
		f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
		s=$(sed -nE 's/.*, ([0-9]+) skipped.*/\1/p' <<<"$line")
		s=${s:-0}
	fi
	if [[ $rc -ne 0 && $f -eq 0 ]]; then
		f=1
		line="$line (exit $rc)"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	[[ $f -ne 0 ]] && any_failed=1
	summary+=("$(printf '%-20s %s (%d s)' "$name" "$line" $((SECONDS - t0)))")
}

run_probe negotiate_probe "$py" "$here/negotiate_probe.py" \
	--host "$host" --port "$port" --timeout "$timeout"
run_probe smbclient_probe "$here/smbclient_probe.sh" "$host" "$port"
run_probe impacket_probe "$py" "$here/impacket_probe.py" \
	--host "$host" --port "$port"
if [[ "$start" == tsmbd ]]; then
	run_probe smbclient_files "$here/smbclient_files.sh" "$host" "$port" \
		"$test_user" "$test_password" files ro "$work/files"
	run_probe impacket_files "$py" "$here/impacket_files.py" --host "$host" \
		--port "$port" --user "$test_user" --password "$test_password" --share files
	run_probe impacket_info "$py" "$here/impacket_info.py" --host "$host" \
		--port "$port" --user "$test_user" --password "$test_password" --share files \
		--files "${TSMB_INFO_FILES:-2000}"
	run_probe impacket_lock_ioctl "$py" "$here/impacket_lock_ioctl.py" --host "$host" \
		--port "$port" --user "$test_user" --password "$test_password" --share files
	# named pipes on IPC$: srvsvc, wkssvc and lsarpc
	rpc_specs=()
	rpc_args=()
	for sh in "${listed_shares[@]}"; do
		rpc_specs+=("$sh=$(share_comment "$sh")")
		rpc_args+=(--share "$sh=$(share_comment "$sh")")
	done
	run_probe rpc_probe "$here/rpc_probe.sh" "$host" "$port" "$test_user" \
		"$test_password" "$nbname" "$workgroup" "$server_string" "${rpc_specs[@]}" '!hidden'
	run_probe impacket_rpc "$py" "$here/impacket_rpc.py" --host "$host" --port "$port" \
		--user "$test_user" --password "$test_password" --netbios "$nbname" \
		--workgroup "$workgroup" --server-string "$server_string" "${rpc_args[@]}" \
		--hidden hidden
fi
if [[ "$start" == tsmbd && $cifs -eq 1 ]]; then
	run_probe cifs_mount "$here/cifs_mount.sh" "$host" "$port" "$test_user" \
		"$test_password" files
fi

# A server we started must have survived the probes and, once stopped,
# must not have reported a sanitizer error.
if [[ -n "$start" ]]; then
	echo "=== server checks"
	sp=0
	sf=0
	if kill -0 "$server_pid" 2>/dev/null; then
		echo "ok server_survived_probes"
		sp=$((sp + 1))
	else
		echo "FAIL server_survived_probes: $start exited during the run"
		sf=$((sf + 1))
	fi
	stop_server
	san=$(grep -hE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' \
	      "$work/server.err" "$work/server.out" 2>/dev/null | head -n 5)
	if [[ -z "$san" ]]; then
		echo "ok server_no_sanitizer_report"
		sp=$((sp + 1))
	else
		echo "FAIL server_no_sanitizer_report: $(head -n 1 <<<"$san")"
		printf '%s\n' "$san" | sed 's/^/    /'
		sf=$((sf + 1))
		keep=1
	fi
	total_pass=$((total_pass + sp))
	total_fail=$((total_fail + sf))
	[[ $sf -ne 0 ]] && any_failed=1
	summary+=("$(printf '%-20s %d passed, %d failed' server_checks \
		"$sp" "$sf")")
fi

echo "=== summary ($kind at $host:$port)"
printf '%s\n' "${summary[@]}"
if [[ $total_skip -gt 0 ]]; then
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "$total_pass passed, $total_fail failed"
fi
exit $any_failed
