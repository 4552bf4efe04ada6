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
# Reports as probe_report.sh describes.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/probe_report.sh"

if [[ $# -ne 2 ]]; then
	echo "usage: $0 HOST PORT" >&2
	exit 2
fi
host=$1
port=$2
per_run_timeout=${SMBCLIENT_TIMEOUT:-30}

if ! command -v smbclient >/dev/null; then
	fail smbclient_present "smbclient not installed"
	report_summary
	exit
fi

work=$(mktemp -d /tmp/tsmb-smbclient.XXXXXX)
trap 'rm -rf "$work"' EXIT

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
		ok "$name"
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
	fail "$name" "$why"
done

report_summary
