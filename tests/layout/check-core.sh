#!/usr/bin/env bash
# Keeps core/ OS-free, mechanically:
#  1. every #include in core/ names a core/ header ("core/...") or a header
#     of the OS contract (<tsmb/os/...>), and the contract headers include
#     only each other and <tsmb/os_arch.h>;
#  2. core/ compiles freestanding (-ffreestanding -nostdinc, only the
#     compiler's own headers) with the kernel's limits: no VLAs, frames
#     under 1024 bytes, no floating point registers;
#  3. the objects need nothing from outside but tsmb_os_* and the mem*
#     builtins.
# Usage: check-core.sh [TREE]      (default: the repository top)
#        check-core.sh --selftest  (plants a libc include; the check must fail)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ "${1:-}" = "--selftest" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cp -r "$top/core" "$top/abstraction" "$tmp/"
	victim=$(find "$tmp/core" -name '*.c' | sort | head -n 1)
	sed -i '1a #include <stdio.h>' "$victim"
	if "$0" "$tmp" >"$tmp/out" 2>&1; then
		echo "FAIL: the layout check passed with <stdio.h> planted in ${victim#"$tmp"/}"
		exit 1
	fi
	grep -q 'stdio.h' "$tmp/out" || { cat "$tmp/out"; echo "FAIL: no mention of the planted include"; exit 1; }
	echo "ok: a planted <stdio.h> in ${victim#"$tmp"/} fails the layout check"
	exit 0
fi

tree=${1:-$top}
cd "$tree"
fail=0

# 1. includes
while IFS= read -r line; do
	file=${line%%:*}
	rest=${line#*:}
	lineno=${rest%%:*}
	inc=${rest#*:}
	if [[ $inc =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"(core/[^\"]+)\" ]]; then
		[ -f "${BASH_REMATCH[1]}" ] && continue
	elif [[ $inc =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<(tsmb/os/[^\>]+)\> ]]; then
		[ -f "abstraction/include/${BASH_REMATCH[1]}" ] && continue
	fi
	echo "$file:$lineno: core/ may include only core/ and <tsmb/os/*.h> headers: ${inc#"${inc%%[![:space:]]*}"}"
	fail=1
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include' core --include='*.[ch]' || true)

while IFS= read -r line; do
	file=${line%%:*}
	rest=${line#*:}
	lineno=${rest%%:*}
	inc=${rest#*:}
	if [[ $inc =~ \<(tsmb/os/[^\>]+)\> ]] && [ -f "abstraction/include/${BASH_REMATCH[1]}" ]; then
		continue
	fi
	[[ $inc =~ \<tsmb/os_arch\.h\> ]] && continue
	echo "$file:$lineno: the contract may include only its own headers and <tsmb/os_arch.h>: $inc"
	fail=1
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include' abstraction/include --include='*.h' || true)

[ "$fail" = 0 ] || { echo "layout check: FAILED (includes)"; exit 1; }

# 2. freestanding compile
cc=${CC:-gcc}
objdir=$(mktemp -d)
trap 'rm -rf "$objdir"' EXIT
srcs=$(grep -oE 'core/[A-Za-z0-9_/.-]+\.c' core/sources.mk)
flags=(-std=gnu11 -O2 -ffreestanding -nostdinc -isystem "$($cc -print-file-name=include)"
	-fno-pic -mgeneral-regs-only -Wall -Wextra -Wno-unused-parameter
	-Werror=vla -Werror=frame-larger-than=1024 -Werror=implicit-function-declaration
	-I. -Iabstraction/include -Iabstraction/posix/arch)
for src in $srcs; do
	obj="$objdir/$(echo "$src" | tr / _).o"
	if ! "$cc" "${flags[@]}" -c "$src" -o "$obj"; then
		echo "$src: does not compile freestanding"
		fail=1
	fi
done
[ "$fail" = 0 ] || { echo "layout check: FAILED (freestanding compile)"; exit 1; }

# 3. external symbols
defined=$(nm --defined-only "$objdir"/*.o | awk 'NF==3 {print $3}' | sort -u)
undef=$(nm -u "$objdir"/*.o | awk 'NF==2 {print $2}' | sort -u)
bad=$(comm -23 <(echo "$undef") <(echo "$defined") | grep -vE '^(tsmb_os_[A-Za-z0-9_]+|memcpy|memset|memmove|memcmp)$' || true)
if [ -n "$bad" ]; then
	echo "core/ objects need symbols from outside the contract:"
	echo "$bad" | sed 's/^/  /'
	echo "layout check: FAILED (symbols)"
	exit 1
fi
echo "layout check: ok ($(echo "$srcs" | wc -w) core files)"
