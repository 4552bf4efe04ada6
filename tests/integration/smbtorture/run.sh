#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh [--host H] [--port P] [--user U] [--password PW] [--share S]
#        [--suites "SUITE ..."] [--results FILE] [--baseline FILE]
#        [--update-baseline | --force-update] [--timeout-per-suite SEC]
#        [--option NAME=VALUE]... [--start-tsmbd PATH] [--keep]
#
# Runs Samba's smbtorture suites against one SMB server, writes one line
# "suite.subtest STATUS" per subtest (pass, fail, skip, error, timeout;
# sorted) to the results file, and compares it with the baseline: a subtest
# that is "pass" in the baseline and not now is a regression (exit 1).
#
#   --host H, --port P     the server (default 127.0.0.1:445)
#   --user U --password PW credentials (default tsmbtest / tsmbtest-pw)
#   --share S              share to test in (default tmp; must be writable)
#   --suites "..."         suites to run (default: default_suites below)
#   --results FILE         where to write the results (default
#                          ./torture-results.txt)
#   --baseline FILE        compare with this file (default: none)
#   --update-baseline      then write the results of these suites into
#                          the baseline (other suites' lines are kept);
#                          refused if a baseline pass would be lost
#   --force-update         the same even then (the baseline only grows:
#                          say why in the commit)
#   --timeout-per-suite S  kill a suite after S seconds (default 300);
#                          its unfinished subtests are "timeout"
#   --option NAME=VALUE    extra --option=torture:NAME=VALUE for smbtorture
#   --start-tsmbd PATH     start that tsmbd on 127.0.0.1 at a free high
#                          port with a temporary config and share, and
#                          always stop it and remove its files at exit
#   --keep                 keep the temporary directory (logs, config)
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=/usr/bin/python3
helper=$here/results.py

default_suites="smb2.connect smb2.read smb2.rw smb2.create smb2.dir \
smb2.getinfo smb2.setinfo smb2.compound smb2.credits smb2.session smb2.lock \
smb2.maxfid smb2.rename smb2.delete-on-close-perms"

host=127.0.0.1
port=445
user=tsmbtest
password=tsmbtest-pw
share=tmp
suites=$default_suites
results=$PWD/torture-results.txt
baseline=
update=0
force=0
suite_timeout=300
server_bin=
keep=0
declare -a torture_opts=()

usage() {
	sed -n '4,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 2
}

while [[ $# -gt 0 ]]; do
	case $1 in
	--host) host=$2; shift 2 ;;
	--port) port=$2; shift 2 ;;
	--user) user=$2; shift 2 ;;
	--password) password=$2; shift 2 ;;
	--share) share=$2; shift 2 ;;
	--suites) suites=$2; shift 2 ;;
	--results) results=$2; shift 2 ;;
	--baseline) baseline=$2; shift 2 ;;
	--update-baseline) update=1; shift ;;
	--force-update) update=1; force=1; shift ;;
	--timeout-per-suite) suite_timeout=$2; shift 2 ;;
	--option) torture_opts+=("--option=torture:$2"); shift 2 ;;
	--start-tsmbd) server_bin=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) usage ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
if [[ $update -eq 1 && -z "$baseline" ]]; then
	echo "run.sh: --update-baseline needs --baseline FILE" >&2
	exit 2
fi
if ! command -v smbtorture >/dev/null; then
	echo "run.sh: smbtorture not found (Debian package samba-testsuite)" >&2
	exit 2
fi

prog=run.sh
. "$here/../../lib/server.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

# The user given with --user/--password is added to a scratch database.
write_tsmbd_conf() {
	cat >"$work/tsmb.conf" <<EOF
[global]
	listen = 127.0.0.1:$port
	log level = 1
	user database = $work/passdb

[$share]
	path = $work/share
	read only = no
EOF
}

start_tsmbd() {
	if [[ ! -x "$server_bin" ]]; then
		echo "run.sh: $server_bin is not an executable" >&2
		exit 2
	fi
	mkdir -p "$work/share"
	chmod 755 "$work"
	host=127.0.0.1
	port=$(free_port)
	write_tsmbd_conf
	if ensure_test_user "$user"; then
		chown "$user:" "$work/share"
		write_passdb "$(dirname "$server_bin")/tsmbpasswd" "$work/tsmb.conf" \
			"$user" "$password" ||
			echo "run.sh: cannot add $user to the user database" >&2
	fi
	# setsid: its own session and process group, so nothing the server
	# signals can reach this script or its caller
	setsid "$server_bin" --config "$work/tsmb.conf" --foreground \
		>"$work/server.out" 2>"$work/server.err" &
	server_pid=$!
	for _ in $(seq 100); do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			wait "$server_pid"
			echo "run.sh: tsmbd exited (status $?) before listening" >&2
			tail -n 20 "$work/server.err" "$work/server.out" >&2
			server_pid=
			exit 1
		fi
		port_open "$host" "$port" && return 0
		sleep 0.1
	done
	echo "run.sh: tsmbd did not listen on $host:$port within 10s" >&2
	tail -n 20 "$work/server.err" "$work/server.out" >&2
	exit 1
}

# One suite: its full list of subtests first (from $work/all.list), so
# the ones a crash or the timeout kept from reporting are still recorded.
run_suite() {
	local suite=$1 log=$work/$1.subunit rc start=$SECONDS
	"$py" "$helper" names "$suite" "$work/all.list" \
		>"$work/$suite.expected"
	if [[ -n "$server_bin" ]] && ! kill -0 "$server_pid" 2>/dev/null; then
		echo "run.sh: tsmbd is no longer running; $suite not run" >&2
		: >"$log"
		rc=1
	else
		timeout -k 10 "$suite_timeout" smbtorture \
			"//$host/$share" -p "$port" -U "$user%$password" \
			--format=subunit --fullname "${torture_opts[@]}" \
			"$suite" >"$log" 2>"$work/$suite.stderr" </dev/null
		rc=$?
	fi
	"$py" "$helper" parse "$suite" "$log" "$work/$suite.expected" "$rc" \
		>"$work/$suite.results"
	printf '%-28s %4d s  exit %-3d %s\n' "$suite" $((SECONDS - start)) \
		"$rc" "$(awk '{ n[$NF]++ } END { for (s in n) printf "%s=%d ", s, n[s] }' \
			"$work/$suite.results")"
	if [[ $rc -eq 124 || $rc -eq 137 ]]; then
		echo "run.sh: $suite hit the ${suite_timeout}s timeout" >&2
	fi
}

read -ra suite_list <<<"$suites"
work=$(mktemp -d "${TMPDIR:-/tmp}/tsmb-torture.XXXXXX") || exit 1
[[ -n "$server_bin" ]] && start_tsmbd
# Every suite's subtests in one go (no server needed): one start of
# smbtorture instead of one per suite, which counts under emulation.
smbtorture --list "${suite_list[@]}" >"$work/all.list" 2>/dev/null
echo "run.sh: smbtorture against //$host/$share port $port as $user" \
	"(${server_bin:+started $server_bin, }timeout ${suite_timeout}s/suite)"

for suite in "${suite_list[@]}"; do
	run_suite "$suite"
done

mkdir -p "$(dirname "$results")"
declare -a parts=()
for suite in "${suite_list[@]}"; do
	parts+=("$work/$suite.results")
done
"$py" "$helper" collect "$results" "${parts[@]}" || exit 1
echo "run.sh: results in $results"

server_died=0
if [[ -n "$server_bin" ]]; then
	if ! kill -0 "$server_pid" 2>/dev/null; then
		echo "run.sh: FAIL: tsmbd exited during the run" >&2
		tail -n 20 "$work/server.err" >&2
		server_died=1
	fi
	stop_server
	san=$(grep -hE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' \
	      "$work/server.err" "$work/server.out" 2>/dev/null | head -n 5)
	if [[ -n "$san" ]]; then
		echo "run.sh: FAIL: sanitizer report from tsmbd:" >&2
		printf '%s\n' "$san" >&2
		server_died=1
		keep=1
	fi
fi

# the closing line counts a dead server as one more failure
"$py" "$helper" compare "$results" "${baseline:-/nonexistent}" \
	"$server_died" "${suite_list[@]}"
rc=$?
# with --update-baseline the status is the update's: written or refused
if [[ $update -eq 1 ]]; then
	"$py" "$helper" update "$results" "$baseline" "$force" "${suite_list[@]}"
	rc=$?
	[[ $server_died -ne 0 ]] && rc=1
fi
exit $rc
