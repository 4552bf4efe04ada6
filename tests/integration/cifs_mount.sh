#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cifs_mount.sh HOST PORT USER PASSWORD SHARE
#
# The file-service suite with Linux's own SMB client: the share mounted
# with `mount -t cifs` at vers=2.1, 3.0 and 3.1.1, and at 3.1.1 with
# encryption (seal) and with signing (sign) required. In each: mkdir,
# write, read back, the same after a remount (so the data came from the
# server, not the page cache), rename a file and a directory, delete
# them. Then, on a 3.1.1 mount and a sealed one, cifs_random.py: seeded
# random operations applied to the mount and to a local directory with
# the same outcomes and the same final tree. And a CIFS_BIG_MB MiB file
# (default 64) copied in and out of a sealed mount, compared by SHA-256.
#
# Needs root and the cifs module (mount.cifs from cifs-utils): run it in
# the QEMU guest (tests/vm), where it is run against both formats. Without
# them it prints one "skip" and passes.
#
# Environment: CIFS_RANDOM_OPS (default 300), CIFS_RANDOM_SEED (default 1),
# CIFS_BIG_MB (default 64), CIFS_MODES (default "2.1 3.0 3.1.1 seal sign").
#
# Prints "ok NAME" / "FAIL NAME: why" and finally "N passed, N failed".
set -u

if [[ $# -ne 5 ]]; then
	echo "usage: $0 HOST PORT USER PASSWORD SHARE" >&2
	exit 2
fi
host=$1 port=$2 user=$3 pass=$4 share=$5
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ops=${CIFS_RANDOM_OPS:-300}
seed=${CIFS_RANDOM_SEED:-1}
big_mb=${CIFS_BIG_MB:-64}
modes=${CIFS_MODES:-"2.1 3.0 3.1.1 seal sign"}
passed=0
failed=0

ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

if [[ $(id -u) -ne 0 ]] || ! command -v mount.cifs >/dev/null ||
   ! modprobe cifs 2>/dev/null; then
	echo "skip cifs_mount: needs root, mount.cifs and the cifs module"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

work=$(mktemp -d /tmp/tsmb-cifs.XXXXXX) || exit 1
mnt=$work/mnt
mkdir "$mnt" "$work/local"
cleanup() {
	mountpoint -q "$mnt" && umount -f "$mnt"
	rm -rf "$work"
}
trap cleanup EXIT

# opts_of MODE: the mount options of one mode
opts_of() {
	local o="port=$port,username=$user,password=$pass"
	case $1 in
	seal) echo "$o,vers=3.1.1,seal" ;;
	sign) echo "$o,vers=3.1.1,sign" ;;
	*) echo "$o,vers=$1" ;;
	esac
}

# do_mount MODE: mounts the share on $mnt; output in $work/mount.out
do_mount() {
	timeout -k 5 120 mount -t cifs "//$host/$share" "$mnt" \
		-o "$(opts_of "$1")" >"$work/mount.out" 2>&1
}

do_umount() {
	timeout -k 5 120 umount "$mnt" >"$work/umount.out" 2>&1
}

# The options the client settled on must hold what was asked for.
check_mount_opts() {
	local m=$1 line
	line=$(awk -v m="$mnt" '$2 == m && $3 == "cifs" { print $4 }' /proc/mounts)
	case $m in
	seal) [[ ",$line," == *",seal,"* && ",$line," == *",vers=3.1.1,"* ]] ;;
	sign) [[ ",$line," == *",sign,"* || ",$line," == *",vers=3.1.1,"* ]] ;;
	*) [[ ",$line," == *",vers=$m,"* ]] ;;
	esac || { echo "options: $line"; return 1; }
}

head -c $((256 * 1024 + 7)) /dev/urandom >"$work/data"
sum=$(sha256sum <"$work/data" | cut -d' ' -f1)

for m in $modes; do
	d=cifs_$m
	if do_mount "$m" && check_mount_opts "$m" >>"$work/mount.out"; then
		ok "cifs_${m}_mount"
	else
		fail "cifs_${m}_mount" "$(tail -n 1 "$work/mount.out")"
		mountpoint -q "$mnt" && umount "$mnt"
		continue
	fi
	rm -rf "${mnt:?}/$d" 2>/dev/null
	if mkdir -p "$mnt/$d/sub" && cp "$work/data" "$mnt/$d/data" &&
	   printf 'hello\n' >"$mnt/$d/sub/small" &&
	   cmp -s "$work/data" "$mnt/$d/data" &&
	   [[ $(cat "$mnt/$d/sub/small") == hello ]]; then
		ok "cifs_${m}_write_read"
	else
		fail "cifs_${m}_write_read" "wrote, read back differs or failed"
	fi
	if do_umount && do_mount "$m" &&
	   [[ $(sha256sum <"$mnt/$d/data" | cut -d' ' -f1) == "$sum" ]] &&
	   [[ $(stat -c %s "$mnt/$d/data") -eq $((256 * 1024 + 7)) ]] &&
	   [[ $(cat "$mnt/$d/sub/small") == hello ]]; then
		ok "cifs_${m}_remount_read"
	else
		fail "cifs_${m}_remount_read" "$(tail -n 1 "$work/mount.out")"
		mountpoint -q "$mnt" || continue
	fi
	if mv "$mnt/$d/data" "$mnt/$d/sub/renamed" && mv "$mnt/$d/sub" "$mnt/$d/sub2" &&
	   [[ ! -e "$mnt/$d/data" && ! -e "$mnt/$d/sub" ]] &&
	   cmp -s "$work/data" "$mnt/$d/sub2/renamed" &&
	   [[ $(ls "$mnt/$d/sub2" | tr '\n' ' ') == "renamed small " ]]; then
		ok "cifs_${m}_rename"
	else
		fail "cifs_${m}_rename" "$(ls -R "$mnt/$d" 2>&1 | tr '\n' ' ')"
	fi
	if rm "$mnt/$d/sub2/renamed" "$mnt/$d/sub2/small" && rmdir "$mnt/$d/sub2" &&
	   rmdir "$mnt/$d" && [[ ! -e "$mnt/$d" ]]; then
		ok "cifs_${m}_delete"
	else
		fail "cifs_${m}_delete" "$(ls -R "$mnt/$d" 2>&1 | tr '\n' ' ')"
	fi
	if [[ $m == 3.1.1 || $m == seal ]]; then
		mkdir "$mnt/random_$m" "$work/local/$m"
		/usr/bin/python3 "$here/cifs_random.py" --mount "$mnt/random_$m" \
			--local "$work/local/$m" --seed "$seed" --ops "$ops" \
			--name "cifs_${m}_random" >"$work/random.out" 2>&1
		cat "$work/random.out"
		p=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p' "$work/random.out")
		f=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p' "$work/random.out")
		if [[ -z "$p" ]]; then
			fail "cifs_${m}_random" "no summary line"
		else
			passed=$((passed + p))
			failed=$((failed + f))
		fi
		rm -rf "${mnt:?}/random_$m"
		seed=$((seed + 1))
	fi
	if [[ $m == seal && $big_mb -gt 0 ]]; then
		head -c $((big_mb * 1024 * 1024)) /dev/urandom >"$work/big"
		bsum=$(sha256sum <"$work/big" | cut -d' ' -f1)
		rm -f "$work/back"
		if cp "$work/big" "$mnt/big" && do_umount && do_mount "$m" &&
		   cp "$mnt/big" "$work/back" &&
		   [[ $(sha256sum <"$work/back" | cut -d' ' -f1) == "$bsum" ]]; then
			ok "cifs_${m}_put_get_${big_mb}M"
		else
			fail "cifs_${m}_put_get_${big_mb}M" "copy failed or checksums differ"
		fi
		rm -f "$mnt/big" "$work/big" "$work/back"
	fi
	if do_umount; then
		ok "cifs_${m}_umount"
	else
		fail "cifs_${m}_umount" "$(tail -n 1 "$work/umount.out")"
		umount -f "$mnt" 2>/dev/null
	fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
