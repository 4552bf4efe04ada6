#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Stage 1 of the VM harness: /init of the tiny busybox initramfs that
# run.sh builds (and caches; this file's content is part of the cache key).
#
# It only reaches the real root: load the 9p/overlay modules, mount the
# host's / (read-only 9p) under a tmpfs-backed overlay, mount the writable
# transfer share at /tsmb-vm in it and switch_root there to stage 2,
# /tsmb-vm/guest-run.sh. switch_root rather than chroot: kernel threads
# share PID 1's fs context, so an in-kernel server's path lookups and
# request_module() must see the real root, not the initramfs.
bb=/bin/busybox

fail() {
	echo "tsmb-vm-init: FATAL: $*"
	# Nothing sensible is left to do; run.sh reports the missing status.
	$bb poweroff -f
	$bb sleep 5
	echo b >/proc/sysrq-trigger
	exit 1
}

$bb mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
$bb mount -t proc proc /proc || fail "mount /proc"

while read -r mod; do
	$bb insmod "/lib/modules/$mod" || fail "insmod $mod"
done </modules.list

p9opts=trans=virtio,version=9p2000.L,msize=512000
# The virtio devices are probed while the driver registers, but don't bet
# the whole run on it: retry briefly.
tries=0
until $bb mount -t 9p -o "ro,$p9opts,cache=loose" hostroot /hostroot; do
	tries=$((tries + 1))
	[ "$tries" -lt 20 ] || fail "cannot mount the host root (9p tag hostroot)"
	$bb sleep 0.1
done

$bb mount -t tmpfs -o mode=0755 tmpfs /rw || fail "mount tmpfs /rw"
$bb mkdir -p /rw/upper /rw/work
$bb mount -t overlay -o lowerdir=/hostroot,upperdir=/rw/upper,workdir=/rw/work \
	overlay /newroot || fail "mount the overlay root"

$bb mkdir -p /newroot/tsmb-vm
# cache=none: every write reaches the host at once, so output written
# before a panic is not lost.
$bb mount -t 9p -o "$p9opts,cache=none" tsmbxfer /newroot/tsmb-vm ||
	fail "cannot mount the transfer share (9p tag tsmbxfer)"
[ -f /newroot/tsmb-vm/guest-run.sh ] || fail "guest-run.sh missing from the transfer share"
[ -x /newroot/bin/busybox ] || fail "the host has no /bin/busybox (install busybox-static)"

$bb umount /proc
$bb mount --move /dev /newroot/dev || fail "move /dev"
# shellcheck disable=SC2093 # only reached when exec fails
exec $bb switch_root /newroot /bin/busybox sh /tsmb-vm/guest-run.sh
fail "switch_root failed"
