#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest-kernel-restart.sh: inside the QEMU guest (tests/vm/run.sh, from
# guest-kernel-format.sh), with tsmb.ko not loaded yet. Loads it and
#
# 1. kills tsmbd (SIGKILL) while clients are connected: an impacket
#    session with an open file (tests/integration/restart_probe.py) and a
#    cifs mount with a file held open; without tsmbd the open files keep
#    working and a new log-on fails at once; after tsmbd is started again,
#    new log-ons work (impacket, smbclient) and the old session, the held
#    file and the mount keep working;
# 2. unloads the module while clients are busy: the impacket session, a
#    cifs mount with a writer doing synchronous writes, an interactive
#    smbclient: each sees the connection go, rmmod succeeds, nothing of
#    the module stays. tests/vm/run.sh checks the kernel log.
#
# Environment: TSMB_KO (tests/vm/run.sh --module), TSMBD (the tsmbd
# binary, default build/user/tsmbd). Prints ok/FAIL lines and
# "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
tsmbd=${TSMBD:-build/user/tsmbd}
ko=${TSMB_KO:?run me through tests/vm/run.sh --module}
py=/usr/bin/python3
. tests/vm/guest-lib.sh

work=/tmp/tsmb-restart
mnt=$work/mnt
gl_setup "$work"
mkdir -p "$mnt" "$work/sync-restart" "$work/sync-unload"
creds=(-U "$gl_user%$gl_password")

cleanup() {
	exec 3>&- 4>&- 2>/dev/null
	mountpoint -q "$mnt" && { umount -f "$mnt" 2>/dev/null || umount -l "$mnt"; }
	gl_stop
	jobs -p | xargs -r kill 2>/dev/null
}
trap cleanup EXIT
# smbclient may be gone when we write to its fifo: EPIPE, not death
trap '' PIPE

# wait_file PATH SECONDS
wait_file() {
	local i
	for i in $(seq $(($2 * 10))); do
		[[ -e $1 ]] && return 0
		sleep 0.1
	done
	return 1
}

# probe_counts FILE: adds restart_probe.py's closing counts to ours
probe_counts() {
	local line
	cat "$1"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [[ -z "$line" ]]; then
		gl_fail "$(basename "$1" .out)" "no summary line"
		return
	fi
	gl_passed=$((gl_passed + ${line%% *}))
	line=${line#*, }
	gl_failed=$((gl_failed + ${line%% *}))
}

smbc() { # smbclient on [files]: COMMANDS
	timeout -k 5 120 smbclient -s /dev/null //127.0.0.1/files -p 445 \
		"${creds[@]}" -m SMB3_11 -c "$1"
}

gl_insmod || { echo "FAIL insmod"; exit 1; }
gl_check restart_tsmbd_registers "tsmbd did not register or listen" gl_start kernel
modprobe cifs
gl_check restart_cifs_mount "mount failed" mount -t cifs //127.0.0.1/files "$mnt" \
	-o "username=$gl_user,password=$gl_password,vers=3.1.1"

# --- 1. tsmbd killed and started again
printf 'before\n' >"$mnt/held"
exec 3>>"$mnt/held"
s=$work/sync-restart
"$py" tests/integration/restart_probe.py --host 127.0.0.1 --port 445 \
	--user "$gl_user" --password "$gl_password" --share files \
	--sync "$s" --mode restart >"$work/restart_probe.out" 2>&1 &
probe=$!
wait_file "$s/ready" 120 || gl_fail restart_probe_ready "no ready signal"
gl_stop KILL
i=0
until grep -q '^service none' /proc/fs/tsmb/status; do
	i=$((i + 1))
	[[ $i -lt 100 ]] || break
	sleep 0.1
done
gl_check restart_module_forgets_service "$(head -n 1 /proc/fs/tsmb/status)" \
	grep -q '^service none' /proc/fs/tsmb/status
gl_check restart_still_listening "nothing on 445 without tsmbd" gl_listening
gl_check restart_cifs_held_file_without_tsmbd "write or read failed" \
	sh -c 'printf "without\n" >&3 && grep -q before "$1/held" && ls "$1" >/dev/null' \
	sh "$mnt"
touch "$s/stopped"
wait_file "$s/checked" 120 || gl_fail restart_probe_checked "no checked signal"
gl_check restart_tsmbd_registers_again "tsmbd did not register" gl_start kernel
touch "$s/started"
wait "$probe"
probe_counts "$work/restart_probe.out"
gl_check restart_cifs_mount_after_restart "write or read failed" \
	sh -c 'printf "after\n" >&3 && printf new >"$1/new" &&
		[ "$(cat "$1/new")" = new ] && ls "$1" | grep -q held' sh "$mnt"
exec 3>&-
rm -f "$work/held.back"
gl_check restart_smbclient_new_log_on "get held failed or differs" \
	sh -c 'smbc_out=$(timeout -k 5 120 smbclient -s /dev/null //127.0.0.1/files \
		-p 445 -U "$1" -m SMB3_11 -c "lcd $2; get held held.back" 2>&1) &&
		[ "$(cat "$2/held.back")" = "$(printf "before\nwithout\nafter")" ] ||
		{ echo "$smbc_out"; false; }' sh "$gl_user%$gl_password" "$work"
grep -E '^service|^sessions|^opens|^connections ' /proc/fs/tsmb/status

# --- 2. rmmod with busy clients
s=$work/sync-unload
"$py" tests/integration/restart_probe.py --host 127.0.0.1 --port 445 \
	--user "$gl_user" --password "$gl_password" --share files \
	--sync "$s" --mode unload >"$work/unload_probe.out" 2>&1 &
probe=$!
dd if=/dev/zero of="$mnt/busy" bs=4k count=1000000 oflag=dsync \
	2>"$work/dd.err" &
writer=$!
mkfifo "$work/smbc.in"
timeout -k 5 300 smbclient -s /dev/null //127.0.0.1/files -p 445 "${creds[@]}" \
	-m SMB3_11 <"$work/smbc.in" >"$work/smbc.out" 2>&1 &
smbc_pid=$!
exec 4>"$work/smbc.in"
echo "ls held" >&4
wait_file "$s/ready" 120 || gl_fail unload_probe_ready "no ready signal"
# the cifs mount, the probe and smbclient (which starts slowly here)
three() {
	awk '($1 == "connections" || $1 == "sessions") && $2 >= 3 { f++ }
		END { exit f != 2 }' /proc/fs/tsmb/status
}
for i in $(seq 600); do
	three && break
	sleep 0.1
done
gl_check unload_clients_connected "$(grep -E '^(connections|sessions) ' /proc/fs/tsmb/status | tr '\n' ' ')" three
sleep 1
kill -0 "$writer" 2>/dev/null || gl_fail unload_cifs_writer_busy "dd exited early: $(cat "$work/dd.err")"
start=$SECONDS
gl_check unload_rmmod_with_clients "rmmod failed or left allocations" gl_rmmod
echo "rmmod took $((SECONDS - start)) s"
touch "$s/stopped"
wait "$probe"
probe_counts "$work/unload_probe.out"
{ echo "ls" >&4; echo "exit" >&4; } 2>/dev/null
exec 4>&-
wait "$smbc_pid"
rc=$?
# smbclient's stdout is a file: what it printed comes out at exit
gl_check unload_smbclient_session "no listing before the unload" grep -q held "$work/smbc.out"
gl_check unload_smbclient_sees_disconnect "exit $rc, $(tail -n 1 "$work/smbc.out")" \
	test "$rc" -ne 0 -o -n "$(grep -E 'NT_STATUS_(CONNECTION|PIPE|IO_TIMEOUT|END_OF_FILE)' "$work/smbc.out")"
i=0
while kill -0 "$writer" 2>/dev/null && [[ $i -lt 600 ]]; do
	i=$((i + 1))
	sleep 0.1
done
if kill -0 "$writer" 2>/dev/null; then
	gl_fail unload_cifs_writer_sees_disconnect "dd still running 60 s after rmmod"
	kill "$writer"
else
	wait "$writer"
	rc=$?
	gl_check unload_cifs_writer_sees_disconnect "dd exit $rc" test "$rc" -ne 0
	tail -n 1 "$work/dd.err"
fi
umount -f "$mnt" 2>/dev/null || umount -l "$mnt"
gl_check unload_module_gone "tsmb still loaded" sh -c '! grep -q "^tsmb " /proc/modules'
gl_check unload_proc_gone "/proc/fs/tsmb still there" test ! -e /proc/fs/tsmb
if gl_listening; then
	gl_fail unload_port_closed "something still listens on 445"
else
	gl_ok unload_port_closed
fi
gl_stop
gl_check unload_tsmbd_log_clean "tsmbd logged an error or crash" \
	sh -c '! grep -E "AddressSanitizer|runtime error|Segmentation" "$1"' sh "$work/tsmbd.log"

echo "$gl_passed passed, $gl_failed failed"
[[ $gl_failed -eq 0 ]]
