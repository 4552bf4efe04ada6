#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs every fuzz target for SECONDS (default 10) on a scratch copy of its
# seed corpus (the in-tree corpus never grows), and fails if any target
# crashes, leaks, hangs or is missing.
#
#   tests/fuzz/run.sh BUILD_DIR [SECONDS]
#
# BUILD_DIR was configured with -DTSMB_FUZZ=ON -DCMAKE_C_COMPILER=clang.
# Reproducers land in BUILD_DIR/fuzz-artifacts/; replay one with
#   BUILD_DIR/tests/fuzz/<target> BUILD_DIR/fuzz-artifacts/<target>-crash-...
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 BUILD_DIR [SECONDS]" >&2
	exit 2
fi
build=$(cd "$1" && pwd) || exit 2
secs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tsmb-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT INT TERM

# target and the largest input worth trying: a frame header, a header and
# a bit, a pre-authentication frame (64 KiB) for the rest.
passed=0
failed=0
failures=""
while read -r t max; do
	bin="$build/tests/fuzz/$t"
	if [ ! -x "$bin" ]; then
		echo "FAIL $t: $bin not built"
		failed=$((failed + 1))
		failures="$failures $t"
		continue
	fi
	work="$scratch/$t"
	mkdir -p "$work"
	cp -R "$here/corpus/$t/." "$work/" 2>/dev/null
	log="$build/fuzz-artifacts/$t.log"
	# -timeout: one input taking over 25 s is a hang; the outer timeout
	# catches a fuzzer that never returns at all.
	timeout -k 10 $((secs + 120)) "$bin" -max_total_time="$secs" -max_len="$max" \
		-timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$artifacts/$t-" "$work" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "ok   $t: ${execs:-?} runs, ${rate:-?}/s, ${cov:-cov: ?}"
		passed=$((passed + 1))
	else
		echo "FAIL $t: exit $rc (log: $log)"
		grep -E 'ERROR: |SUMMARY: |Test unit written' "$log" | head -5 | sed 's/^/     /'
		failed=$((failed + 1))
		failures="$failures $t"
	fi
done <<EOF
fuzz_frame 64
fuzz_hdr 256
fuzz_echo 64
fuzz_smb1_negotiate 4096
fuzz_negotiate 8192
fuzz_compound 70000
fuzz_transform 4096
fuzz_upcall 16384
fuzz_session 70000
fuzz_query_directory 4096
fuzz_query_info 8192
fuzz_set_info 8192
fuzz_set_info_input 8192
fuzz_wildcard 64
fuzz_create 8192
fuzz_close 64
fuzz_flush 64
fuzz_oplock_break 64
fuzz_read 256
fuzz_write 70000
fuzz_lock 4096
fuzz_ioctl 8192
fuzz_ntlmssp 8192
fuzz_spnego 8192
fuzz_dcerpc 16384
fuzz_ndr 8192
EOF

echo "$passed passed, $failed failed${failures:+ (}${failures# }${failures:+)}"
[ $failed -eq 0 ]
