#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Stage 2 of the VM harness: PID 1 in the guest's real root (the host's /
# read-only under a tmpfs overlay). run.sh copies this file to the transfer
# share, mounted at /tsmb-vm, together with:
#   cmd      the command line, run with /bin/sh -c
#   cwd      the directory to run it in
#   env      shell exports (TSMB_KO, -e NAME=VALUE, ...)
#   module-deps  modules the --module .ko depends on
#   limit    seconds the command may run (0: no limit of our own)
#   loglevel console log level while the command runs
# and collects from there:
#   output   the command's stdout and stderr
#   status   its exit status (written last: its presence means "finished")
#   dmesg, tainted, timed-out, kmemleak, ready
#
# PID 1 must never exit (the kernel would panic): every path ends in halt.
#
# The plumbing uses the host's static busybox: under emulation the first
# exec of each dynamically linked host binary costs ~0.2 s (9p reads of it
# and its libraries, code translation), busybox is read once.
# This shell is busybox's, which prefers its own applets to commands found
# on PATH: host tools are therefore called by full path.
X=/tsmb-vm
bb=/bin/busybox
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/root
LANG=C.UTF-8
TERM=dumb
export PATH HOME LANG TERM
exec </dev/null >/dev/console 2>&1

say() {
	echo "tsmb-vm: $*"
}

halt_guest() {
	$bb sync
	# The host's poweroff may be systemctl; busybox's talks to the kernel.
	$bb poweroff -f
	echo o >/proc/sysrq-trigger
	$bb sleep 5
	echo b >/proc/sysrq-trigger
	while :; do $bb sleep 60; done
}

mnt() { # type options target
	if ! $bb mkdir -p "$3" || ! $bb mount -t "$1" -o "$2" "$1" "$3"; then
		say "cannot mount $1 on $3"
	fi
}

uptime_s() {
	read -r up _ </proc/uptime
	echo "${up%.*}"
}

mnt proc nosuid,nodev,noexec /proc
mnt sysfs nosuid,nodev,noexec /sys
mnt devpts gid=5,mode=620,ptmxmode=666 /dev/pts
mnt tmpfs mode=1777,nosuid,nodev /dev/shm
mnt tmpfs mode=1777,nosuid,nodev /tmp
# A fresh /run, but with the host's directory skeleton (/run/samba/...,
# /run/lock): daemons expect what tmpfiles.d made at the host's boot.
mnt tmpfs mode=0755,nosuid,nodev /tmp/.tsmb-run
(cd /run && $bb find . -type d | $bb cpio -o -H newc 2>/dev/null |
	(cd /tmp/.tsmb-run && $bb cpio -idm 2>/dev/null)) ||
	say "cannot copy the /run skeleton"
$bb mount --move /tmp/.tsmb-run /run || say "cannot mount the new /run"
$bb rmdir /tmp/.tsmb-run
$bb mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || :
$bb mkdir -p /run/lock
$bb chmod 1777 /run/lock
$bb ln -sf /proc/self/fd /dev/fd
$bb ln -sf /proc/self/fd/0 /dev/stdin
$bb ln -sf /proc/self/fd/1 /dev/stdout
$bb ln -sf /proc/self/fd/2 /dev/stderr

echo tsmb-vm >/proc/sys/kernel/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\ttsmb-vm\n::1\tlocalhost ip6-localhost ip6-loopback\n' >/etc/hosts
# Loopback only; the kernel adds 127.0.0.1/8 and ::1 when lo comes up.
$bb ip link set lo up || say "cannot bring lo up"

# shellcheck source=/dev/null # written by run.sh
. "$X/env"
# modprobe works as is: uname -r matches the host's /lib/modules/<ver>.
# The module under test is not in that index (a depmod -a over 9p takes
# minutes), so its dependencies, listed by run.sh, are loaded up front:
# "insmod $TSMB_KO" then works.
if [ -s "$X/module-deps" ]; then
	# shellcheck disable=SC2046 # one module name per word
	/sbin/modprobe -a $($bb cat "$X/module-deps") ||
		say "cannot load the dependencies of $TSMB_KO"
fi

read -r loglevel <"$X/loglevel"
echo "$loglevel" >/proc/sys/kernel/printk
read -r cwd <"$X/cwd"
read -r limit <"$X/limit"
read -r ready _ </proc/uptime
echo "$ready" >"$X/ready"
say "running the command in $cwd"
cmd=$($bb cat "$X/cmd")
start=$(uptime_s)
if ! cd "$cwd"; then
	echo "tsmb-vm: cannot enter $cwd in the guest" >"$X/output"
	rc=125
elif [ "$limit" -gt 0 ]; then
	# GNU timeout: it signals the whole process group, not just the shell.
	/usr/bin/timeout -k 5 "$limit" /bin/sh -c "$cmd" >"$X/output" 2>&1
	rc=$?
else
	/bin/sh -c "$cmd" >"$X/output" 2>&1
	rc=$?
fi
cd /
end=$(uptime_s)
if [ "$limit" -gt 0 ] && [ "$rc" -eq 124 ] && [ $((end - start)) -ge "$limit" ]; then
	echo "$limit" >"$X/timed-out"
	# Stacks of the tasks stuck in D state, usually the kernel side of a hang.
	echo w >/proc/sysrq-trigger
fi
say "command exited with status $rc"

if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	$bb cat /sys/kernel/debug/kmemleak >"$X/kmemleak"
fi
$bb dmesg >"$X/dmesg"
$bb cat /proc/sys/kernel/tainted >"$X/tainted"
echo "$rc" >"$X/status"
halt_guest
