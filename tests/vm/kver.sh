#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Print the kernel version the VM harness boots: the newest /boot/vmlinuz-*
# that has a matching /lib/modules/<ver>/kernel. The host's `uname -r` is a
# different kernel (the CI machines cannot load modules), so it is never used.
#
# TSMB_KVER in the environment overrides the choice (it is still checked).
set -euo pipefail

die() {
	printf 'kver.sh: %s\n' "$*" >&2
	exit 1
}

boot_dir=${TSMB_BOOT_DIR:-/boot}
mod_dir=${TSMB_MODULES_DIR:-/lib/modules}

usable() {
	[[ -f "$boot_dir/vmlinuz-$1" && -d "$mod_dir/$1/kernel" ]]
}

if [[ -n "${TSMB_KVER:-}" ]]; then
	usable "$TSMB_KVER" ||
		die "TSMB_KVER=$TSMB_KVER: need $boot_dir/vmlinuz-$TSMB_KVER and $mod_dir/$TSMB_KVER/kernel"
	printf '%s\n' "$TSMB_KVER"
	exit 0
fi

candidates=()
shopt -s nullglob
for img in "$boot_dir"/vmlinuz-*; do
	ver=${img#"$boot_dir"/vmlinuz-}
	usable "$ver" && candidates+=("$ver")
done

((${#candidates[@]} > 0)) ||
	die "no $boot_dir/vmlinuz-<ver> with a matching $mod_dir/<ver>/kernel (install linux-image-amd64)"

printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1
