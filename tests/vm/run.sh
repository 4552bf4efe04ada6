#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh [options] -- COMMAND...
#
# Boot Debian's kernel under QEMU (TCG: the host cannot load modules and has
# no /dev/kvm), run COMMAND with /bin/sh -c in the guest and exit with its
# status. The guest's root is the host's / read-only under a tmpfs overlay,
# the command starts in the host's current directory. See README.md.
#
# Exit status: the command's, or
#   124  the run timed out (--timeout)
#   125  the guest failed to boot, panicked, or its kernel log shows a
#        BUG/WARNING/Oops/... (even if the command succeeded)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
prog=run.sh

E_TIMEOUT=124
E_HARNESS=125

usage() {
	cat <<EOF
usage: $prog [options] -- COMMAND...
  --timeout SEC     kill the guest after SEC seconds (default 600)
  --mem MB          guest memory (default 2048)
  --smp N           guest CPUs (default 2)
  --module PATH     make a .ko available in the guest, its path in \$TSMB_KO;
                    the modules it depends on are loaded, so "insmod \$TSMB_KO" works
  --keep DIR        use DIR as the work dir and keep it (console.log, dmesg,
                    output, status, ...)
  -e NAME=VALUE     export NAME in the guest (repeatable)
  --append ARGS     extra kernel command line arguments
  -v, --verbose     report boot and run times
EOF
}

msg() {
	printf '%s: %s\n' "$prog" "$*" >&2
}

die() {
	msg "$*"
	exit "$E_HARNESS"
}

is_uint() {
	[[ "$1" =~ ^[0-9]+$ ]]
}

timeout_s=600
mem=2048
smp=2
module=
keep=
append=
verbose=0
envs=()
while (($# > 0)); do
	case "$1" in
	--timeout | --mem | --smp | --module | --keep | --append | -e)
		(($# >= 2)) || die "$1 needs an argument"
		case "$1" in
		--timeout) timeout_s=$2 ;;
		--mem) mem=$2 ;;
		--smp) smp=$2 ;;
		--module) module=$2 ;;
		--keep) keep=$2 ;;
		--append) append=$2 ;;
		-e) envs+=("$2") ;;
		esac
		shift 2
		;;
	-v | --verbose) verbose=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	*) usage >&2; die "unknown option '$1' (the command goes after --)" ;;
	esac
done
(($# > 0)) || { usage >&2; die "no command given"; }
command_line="$*"

if ! is_uint "$timeout_s" || ((timeout_s == 0)); then
	die "--timeout wants a positive number of seconds"
fi
if ! is_uint "$mem" || ((mem < 256)); then
	die "--mem wants at least 256 (MB)"
fi
if ! is_uint "$smp" || ((smp == 0)); then
	die "--smp wants a positive number"
fi
for kv in "${envs[@]}"; do
	[[ "$kv" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "-e wants NAME=VALUE, got '$kv'"
done
if [[ -n "$module" ]]; then
	[[ -f "$module" && "$module" == *.ko ]] || die "--module $module: not a .ko file"
fi

# The guest mounts fresh file systems on these, hiding the host's content.
cwd=$(pwd -P)
case "$cwd/" in
/tmp/* | /run/* | /proc/* | /sys/* | /dev/* | /tsmb-vm/*)
	die "the current directory $cwd is hidden in the guest (fresh tmpfs/proc/...); run from elsewhere"
	;;
esac

for tool in qemu-system-x86_64 timeout flock cpio xz modprobe modinfo; do
	command -v "$tool" >/dev/null || die "$tool not found (see tests/vm/README.md for the packages)"
done
[[ -x /bin/busybox ]] || die "/bin/busybox not found (install busybox-static)"

kver=$("$here/kver.sh") || die "no guest kernel"
cache=$repo/build/vm/$kver
mkdir -p "$cache"

# ---------------------------------------------------------------- cache --

# Boot the ELF inside vmlinuz (PVH entry): decompressing the bzImage under
# emulation costs seconds on every boot.
extract_vmlinux() { # vmlinuz out
	local img=$1 out=$2 off
	while IFS=: read -r off _; do
		# Not a pipe: xz stops after the first stream, and tail's
		# SIGPIPE would fail the pipeline.
		if xz -dc --single-stream < <(tail -c +$((off + 1)) "$img") >"$out.tmp" 2>/dev/null &&
			[[ "$(head -c 4 "$out.tmp" | od -An -c | tr -d ' ')" == '177ELF' ]]; then
			mv -f "$out.tmp" "$out"
			return 0
		fi
	done < <(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$img")
	rm -f "$out.tmp"
	return 1
}

# Modules to reach the root, with their dependencies in load order.
initramfs_modules() {
	local m line path
	declare -A seen=()
	for m in virtio_pci 9pnet_virtio 9p overlay; do
		modprobe -S "$kver" --show-depends "$m" ||
			die "modprobe -S $kver --show-depends $m failed"
	done | while read -r line; do
		[[ "$line" == insmod\ * ]] || continue # "builtin x": nothing to load
		path=${line#insmod }
		path=${path%% *}
		[[ -z "${seen[$path]:-}" ]] || continue
		seen[$path]=1
		printf '%s\n' "$path"
	done
}

build_initramfs() { # out modlist
	local out=$1 modlist=$2 stage path base
	stage=$(mktemp -d "$cache/initramfs.XXXXXX")
	mkdir -p "$stage"/{bin,dev,proc,sys,hostroot,rw,newroot,lib/modules}
	cp /bin/busybox "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	cp "$here/guest-init.sh" "$stage/init"
	chmod 0755 "$stage/init"
	: >"$stage/modules.list"
	while read -r path; do
		base=$(basename "$path")
		case "$base" in
		*.ko.xz) xz -dc "$path" >"$stage/lib/modules/${base%.xz}" ;;
		*.ko.zst) zstd -qdc "$path" >"$stage/lib/modules/${base%.zst}" ;;
		*.ko.gz) gzip -dc "$path" >"$stage/lib/modules/${base%.gz}" ;;
		*) cp "$path" "$stage/lib/modules/$base" ;;
		esac
		printf '%s\n' "${base%.ko*}.ko" >>"$stage/modules.list"
	done <"$modlist"
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$out.tmp"
	mv -f "$out.tmp" "$out"
	rm -rf "$stage"
}

prepare_cache() {
	local lock modlist key
	exec {lock}>"$cache/.lock"
	flock -w 600 "$lock" || die "cannot lock $cache"

	vmlinux=$cache/vmlinux
	if [[ ! -s "$vmlinux" || "/boot/vmlinuz-$kver" -nt "$vmlinux" ]]; then
		msg "extracting $vmlinux"
		extract_vmlinux "/boot/vmlinuz-$kver" "$vmlinux" ||
			die "cannot extract an ELF vmlinux from /boot/vmlinuz-$kver (not xz?)"
	fi

	modlist=$cache/modules.txt
	initramfs_modules >"$modlist.tmp"
	[[ -s "$modlist.tmp" ]] || die "no initramfs modules resolved for $kver"
	mv -f "$modlist.tmp" "$modlist"
	key=$(cat "$here/guest-init.sh" "$modlist" /bin/busybox | sha256sum | cut -c1-16)
	initramfs=$cache/initramfs-$key.cpio
	if [[ ! -s "$initramfs" ]]; then
		msg "building $initramfs"
		rm -f "$cache"/initramfs-*.cpio
		build_initramfs "$initramfs" "$modlist"
	fi
	exec {lock}>&-
}

# ------------------------------------------------------------------ run --

work=
runner_pid=
tail_pid=

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	if [[ -n "$runner_pid" ]]; then
		# Still running: interrupted, or this script failed.
		if [[ -s "$work/qemu.pid" ]]; then
			kill -KILL "$(cat "$work/qemu.pid")" 2>/dev/null || :
		fi
		{
			kill -KILL "$runner_pid" || :
			wait "$runner_pid" || : # quietly: no "Killed" report
		} 2>/dev/null
	fi
	if [[ -n "$tail_pid" ]]; then
		kill "$tail_pid" 2>/dev/null || :
	fi
	if [[ -n "$work" && -z "$keep" ]]; then
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

qemu_path() { # QEMU's -opt parser takes ",," for a literal comma
	printf '%s' "${1//,/,,}"
}

shell_quote() {
	printf "'%s'" "${1//\'/\'\\\'\'}"
}

setup_work() {
	local kv
	if [[ -n "$keep" ]]; then
		mkdir -p "$keep"
		work=$(cd "$keep" && pwd -P)
		(cd "$work" && rm -f -- console.log qemu.log qemu.pid output status dmesg \
			tainted timed-out kmemleak ready cmd cwd env limit loglevel module-deps \
			guest-run.sh ./*.ko)
	else
		work=$(mktemp -d "${TMPDIR:-/tmp}/tsmb-vm.XXXXXX")
	fi
	cp "$here/guest-run.sh" "$work/guest-run.sh"
	printf '%s\n' "$command_line" >"$work/cmd"
	printf '%s\n' "$cwd" >"$work/cwd"
	# Leave the guest time to report a hung command (dmesg, clean halt)
	# before the host pulls the plug.
	if ((timeout_s > 24)); then
		echo $((timeout_s - 12)) >"$work/limit"
	else
		echo 0 >"$work/limit"
	fi
	{
		echo "export TSMB_VM=1 TSMB_VM_DIR=/tsmb-vm TSMB_KVER=$(shell_quote "$kver")"
		if [[ -n "$module" ]]; then
			cp "$module" "$work/"
			modinfo -F depends "$module" | tr ',' ' ' >"$work/module-deps"
			echo "export TSMB_KO=/tsmb-vm/$(shell_quote "$(basename "$module")")"
		fi
		for kv in "${envs[@]}"; do
			echo "export ${kv%%=*}=$(shell_quote "${kv#*=}")"
		done
	} >"$work/env"
	# Kernel messages during the command reach the console (and survive a
	# panic) up to this level; "--append loglevel=N" sets it.
	if [[ " $append " =~ \ loglevel=([0-9]+)\  ]]; then
		echo "${BASH_REMATCH[1]}" >"$work/loglevel"
	else
		echo 7 >"$work/loglevel"
	fi
	: >"$work/output"
}

run_qemu() {
	local cmdline
	cmdline="console=ttyS0 panic=-1 oops=panic panic_on_warn=1 mitigations=off nokaslr"
	# Every byte on the emulated UART is slow: boot with warnings and
	# worse only (the full log is in dmesg); guest-run.sh raises the
	# console level once the command starts.
	cmdline+=" loglevel=5 rdinit=/init"
	[[ -z "$append" ]] || cmdline+=" $append"

	# timeout(1) is the last line of defence; the trap kills both anyway.
	timeout --kill-after=5 "$timeout_s" \
		qemu-system-x86_64 -machine q35 -accel tcg,thread=multi -cpu max \
		-smp "$smp" -m "$mem" -nodefaults -display none -no-reboot -monitor none \
		-pidfile "$(qemu_path "$work/qemu.pid")" \
		-kernel "$(qemu_path "$vmlinux")" -initrd "$(qemu_path "$initramfs")" \
		-append "$cmdline" \
		-chardev "file,id=con,path=$(qemu_path "$work/console.log")" -serial chardev:con \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$(qemu_path "$work"),mount_tag=tsmbxfer,security_model=none,multidevs=remap" \
		</dev/null >"$work/qemu.log" 2>&1 &
	runner_pid=$!

	# Stream the command's output as it is written (the share is
	# cache=none in the guest, so nothing is lost if it panics).
	tail -c +1 -f -s 0.1 --pid="$runner_pid" "$work/output" &
	tail_pid=$!

	local rc=0
	wait "$runner_pid" || rc=$?
	runner_pid=
	wait "$tail_pid" || :
	tail_pid=
	qemu_rc=$rc
}

show_file() { # title file
	[[ -s "$2" ]] || return 0
	printf '%s: ---- %s (%s) ----\n' "$prog" "$1" "$2" >&2
	cat -- "$2" >&2
	printf '%s: ---- end of %s ----\n' "$prog" "$1" >&2
}

# Lines that mention a bad word without reporting a problem.
benign_re='kmemleak: (Kernel memory leak detector|Automatic memory scanning)|module verification failed'
bad_re='\bBUG\b|\bWARNING\b|Oops|Call Trace|kmemleak|unreferenced object|lockdep|possible circular locking|general protection fault|KASAN|UBSAN|Kernel panic|blocked for more than|soft lockup|hard LOCKUP|rcu.*(stall|detected stalls)|list_(add|del) corruption'

kernel_log_problems() {
	local f
	for f in "$work/dmesg" "$work/console.log" "$work/kmemleak"; do
		[[ -f "$f" ]] || continue
		# The serial console ends its lines with \r\n.
		tr -d '\r' <"$f" | grep -aEv "$benign_re" | grep -aE "$bad_re" || :
	done | sort -u | sed -n '1,20p'
}

# TAINT_BAD_PAGE(B) 5, TAINT_DIE(D) 7, TAINT_WARN(W) 9, TAINT_SOFTLOCKUP(L) 14
bad_taint() {
	local t
	[[ -s "$work/tainted" ]] || return 1
	t=$(cat "$work/tainted")
	is_uint "$t" || return 1
	((t & ((1 << 5) | (1 << 7) | (1 << 9) | (1 << 14))))
}

report_failure() { # why
	msg "FAILED: $1"
	if [[ -s "$work/dmesg" ]]; then
		show_file "guest dmesg" "$work/dmesg"
	else
		show_file "guest console" "$work/console.log"
	fi
	show_file "qemu messages" "$work/qemu.log"
	[[ -z "$keep" ]] || msg "work dir kept in $work"
	# Again, after the long log.
	msg "FAILED: $1"
}

# Sets why (empty: success) and code from what the guest left behind.
judge_run() {
	local problems panic
	why=
	code=$E_HARNESS
	problems=$(kernel_log_problems)
	[[ -z "$problems" ]] || problems=$'\nkernel log:\n'$problems
	panic=$(grep -a -m1 'Kernel panic' "$work/console.log" 2>/dev/null || :)

	if [[ "$qemu_rc" == 124 || "$qemu_rc" == 137 ]]; then
		why="timed out after ${timeout_s}s (guest killed)$problems"
		code=$E_TIMEOUT
	elif [[ -n "$panic" ]]; then
		why="the guest kernel panicked: $panic$problems"
	elif [[ ! -s "$work/status" ]]; then
		why="the guest did not finish (boot failure? qemu exit status $qemu_rc)$problems"
	elif ! is_uint "$(cat "$work/status")"; then
		why="bad status '$(cat "$work/status")' from the guest"
	elif [[ -f "$work/timed-out" ]]; then
		why="the command timed out after $(cat "$work/timed-out")s in the guest (--timeout $timeout_s)$problems"
		code=$E_TIMEOUT
	elif [[ -n "$problems" ]]; then
		why="the guest kernel log reports problems (command status $(cat "$work/status"))$problems"
	elif bad_taint; then
		why="the guest kernel is tainted $(cat "$work/tainted") (warning/oops/bad page/lockup)"
	else
		code=$(cat "$work/status")
	fi
}

main() {
	local t0 t1 t2 why code
	t0=$(date +%s.%N)
	prepare_cache
	setup_work
	t1=$(date +%s.%N)
	run_qemu
	t2=$(date +%s.%N)

	if ((verbose)); then
		msg "$(awk -v k="$kver" -v a="$t0" -v b="$t1" -v c="$t2" -v r="$(cat "$work/ready" 2>/dev/null || echo '?')" \
			'BEGIN { printf "kernel %s: setup %.1fs, command started at %ss guest uptime, qemu ran %.1fs", k, b - a, r, c - b }')"
	fi
	judge_run
	if [[ -n "$why" ]]; then
		report_failure "$why"
	fi
	exit "$code"
}

main
