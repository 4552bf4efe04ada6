#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# build-module.sh [OUTDIR]: build tsmb.ko for the VM harness's guest kernel.
#
# The sources (Kbuild, core/ abstraction/ kmod/ tests/contract/) are copied to OUTDIR
# (default: <repo>/build/kmod) and built there with
#   make -C $KDIR M=OUTDIR modules
# so no build product ever lands in the source tree. Only files whose content
# changed are rewritten, which keeps the next build incremental.
#
# Environment:
#   TSMB_SRC      source top (default: the repository holding this script)
#   KDIR          kernel build dir (default: /lib/modules/<kver.sh>/build)
#   TSMB_MODULE   module name expected from the build (default: tsmb)
#   TSMB_KMOD_PATHS  paths under TSMB_SRC to copy, space-separated
#                 (default: "Kbuild core abstraction kmod tests/contract")
#   TSMB_BUILD_TIMEOUT  seconds before the build is killed (default: 900)
set -euo pipefail

die() {
	printf 'build-module.sh: %s\n' "$*" >&2
	exit 1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
src=${TSMB_SRC:-$repo}
[[ -d "$src" ]] || die "TSMB_SRC=$src is not a directory"
src=$(cd "$src" && pwd -P)
[[ -f "$src/Kbuild" ]] || die "$src/Kbuild not found (TSMB_SRC must point at a source top)"

out=${1:-$repo/build/kmod}
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
[[ "$out" != "$src" ]] || die "OUTDIR must differ from the source top $src"

module=${TSMB_MODULE:-tsmb}
if [[ -z "${KDIR:-}" ]]; then
	kver=$("$here/kver.sh")
	KDIR=/lib/modules/$kver/build
fi
[[ -f "$KDIR/Makefile" ]] || die "no kernel build dir at $KDIR (install linux-headers-amd64 or set KDIR)"

# What the Kbuild pulls in: kmod/sources.mk also compiles the OS contract
# suite from tests/contract/ (run at load with selftest=1).
read -r -a roots <<<"${TSMB_KMOD_PATHS:-Kbuild core abstraction kmod tests/contract}"

# The file list, NUL-separated, relative to $src.
list_sources() {
	if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
		[[ "$(git -C "$src" rev-parse --show-toplevel)" -ef "$src" ]]; then
		# Untracked (not ignored) files count too: the tree is often
		# ahead of the index while someone is working on it.
		git -C "$src" ls-files -z --cached --others --exclude-standard -- "${roots[@]}"
	else
		local r existing=()
		for r in "${roots[@]}"; do
			[[ -e "$src/$r" ]] && existing+=("$r")
		done
		(cd "$src" && find "${existing[@]}" \
			\( -name build -o -name 'build-*' -o -name .git -o -name .tmp_versions \) -prune -o \
			-type f ! \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
			-o -name '*.cmd' -o -name '*.a' -o -name '*.d' -o -name modules.order \
			-o -name Module.symvers \) -print0)
	fi
}

for r in "${roots[@]}"; do
	case "$out/" in
	"$src/$r/"*) die "OUTDIR $out lies inside the sources ($src/$r)" ;;
	esac
done

manifest=$out/.tsmb-sources
declare -A wanted=()
copied=0
while IFS= read -r -d '' f; do
	# --cached lists files deleted from the work tree but still indexed.
	[[ -f "$src/$f" ]] || continue
	wanted[$f]=1
	if ! cmp -s "$src/$f" "$out/$f"; then
		mkdir -p "$out/$(dirname "$f")"
		cp -- "$src/$f" "$out/$f"
		copied=$((copied + 1))
	fi
done < <(list_sources)
((${#wanted[@]} > 0)) || die "no sources found under $src"

# Drop sources removed since the last copy, so a stale header or .c file
# cannot leak into the build.
if [[ -f "$manifest" ]]; then
	while IFS= read -r -d '' f; do
		[[ -n "${wanted[$f]:-}" ]] || rm -f -- "$out/$f"
	done <"$manifest"
fi
printf '%s\0' "${!wanted[@]}" >"$manifest"
printf 'build-module.sh: %d files in %s (%d updated), building against %s\n' \
	"${#wanted[@]}" "$out" "$copied" "$KDIR" >&2

rm -f -- "$out/$module.ko"
jobs=$(nproc 2>/dev/null || echo 2)
if ! timeout --kill-after=10 "${TSMB_BUILD_TIMEOUT:-900}" \
	make -C "$KDIR" M="$out" -j"$jobs" modules >&2; then
	die "kernel module build failed (see the compiler output above)"
fi
[[ -f "$out/$module.ko" ]] || die "build succeeded but $out/$module.ko is missing (TSMB_MODULE=$module?)"
printf '%s\n' "$out/$module.ko"
