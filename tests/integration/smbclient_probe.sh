#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# smbclient_probe.sh HOST PORT
#
# Negotiates each SMB2/3 dialect with Samba's smbclient and checks, from its
# debug output, that the dialect negotiated is the one asked for. Only the
# negotiation is checked: "smbclient -L" goes on to SESSION_SETUP, which may
# fail (tsmbd answers it with an error for now); that is not a failure here.
#
# smbclient prints " negotiated dialect[SMB3_11] against server[HOST]" at
# debug level 4 and above (Samba 4.17). Minimum and maximum protocol are both
# set to the dialect, so the request offers that dialect alone.
#
# Prints "ok NAME" / "FAIL NAME: why" and finally "N passed, N failed".
set -u

if [[ $# -ne 2 ]]; then
	echo "usage: $0 HOST PORT" >&2
	exit 2
fi
host=$1
port=$2
per_run_timeout=${SMBCLIENT_TIMEOUT:-30}

if ! command -v smbclient >/dev/null; then
	echo "FAIL smbclient_present: smbclient not installed"
	echo "0 passed, 1 failed"
	exit 1
fi

work=$(mktemp -d /tmp/tsmb-smbclient.XXXXXX)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
skipped=0

# A failure of a case named in $TSMB_EXPECT_FAIL (run.sh fills it from
# known_differences.txt) is a known difference: reported, not counted.
expected_failure() {
	[[ " ${TSMB_EXPECT_FAIL:-} " == *" $1 "* ]]
}

for d in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
	name="smbclient_negotiate_$d"
	out="$work/$d.log"
	# An empty smb.conf keeps the host's client settings out of the test.
	timeout -k 5 "$per_run_timeout" smbclient -s /dev/null -L "//$host" \
		-p "$port" -m "$d" --option="client min protocol=$d" \
		-N -d 4 >"$out" 2>&1
	rc=$?
	got=$(grep -o 'negotiated dialect\[[A-Z0-9_]*\]' "$out" | head -n 1)
	if [[ "$got" == "negotiated dialect[$d]" ]]; then
		echo "ok $name"
		passed=$((passed + 1))
		continue
	fi
	if [[ -n "$got" ]]; then
		why="smbclient reports '$got'"
	elif [[ $rc -eq 124 || $rc -eq 137 ]]; then
		why="smbclient timed out after ${per_run_timeout}s"
	else
		why=$(grep -m 1 -iE 'negotiation failed|NT_STATUS_|error' "$out" |
		      tr -s ' \t' ' ')
		why="no 'negotiated dialect' line (exit $rc): ${why:-no error shown}"
	fi
	if expected_failure "$name"; then
		echo "skip $name: known difference: $why"
		skipped=$((skipped + 1))
	else
		echo "FAIL $name: $why"
		failed=$((failed + 1))
	fi
done

if [[ $skipped -gt 0 ]]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
