#!/usr/bin/env bash
# The whole test suite, as the README's test command and CI run it:
# layout, unit tests (ctest), the black-box suite against tsmbd, the same
# under ASan/UBSan, the fuzz targets, and the kernel format in a QEMU guest.
# Every stage runs even when an earlier one failed; the exit status is
# non-zero if any failed. TSMB_STAGES="layout unit ..." runs a subset.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
fuzz_seconds=${TSMB_FUZZ_SECONDS:-10}
stages=${TSMB_STAGES:-"layout build unit user torture asan fuzz kernel"}
logdir=$top/build/test-logs
mkdir -p "$logdir"

passed=()
failed=()

stage() {
	local name=$1
	shift
	case " $stages " in *" $name "*) ;; *) return 0 ;; esac
	local start=$SECONDS
	echo "=== $name"
	if "$@" 2>&1 | tee "$logdir/$name.log"; then
		passed+=("$name")
		echo "=== $name: ok ($((SECONDS - start)) s)"
	else
		failed+=("$name")
		echo "=== $name: FAILED ($((SECONDS - start)) s; log: build/test-logs/$name.log)"
	fi
}

layout() {
	tests/layout/check-core.sh && tests/layout/check-core.sh --selftest
}

build_default() {
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTSMB_TESTS=ON >/dev/null &&
		cmake --build build -j"$jobs"
}

unit() {
	ctest --test-dir build --no-tests=error --output-on-failure -j"$jobs"
}

user_format() {
	tests/integration/run.sh --start-tsmbd build/user/tsmbd
}

# smbtorture suites against tsmbd; fails only when a subtest passing in the
# baseline no longer passes (tests/integration/smbtorture/README.md)
torture() {
	tests/integration/smbtorture/run.sh --start-tsmbd build/user/tsmbd \
		--baseline tests/integration/smbtorture/baseline-tsmbd.txt \
		--results build/test-logs/torture-tsmbd.txt
}

asan() {
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTSMB_SANITIZE=ON -DTSMB_TESTS=ON >/dev/null &&
		cmake --build build-asan -j"$jobs" &&
		ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan --no-tests=error --output-on-failure -j"$jobs" &&
		TSMB_BIG_MB=64 tests/integration/run.sh --start-tsmbd build-asan/user/tsmbd
}

fuzz() {
	CC=clang cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DTSMB_FUZZ=ON \
		-DTSMB_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTSMB_TESTS=ON >/dev/null &&
		cmake --build build-fuzz -j"$jobs" &&
		tests/fuzz/run.sh build-fuzz "$fuzz_seconds"
}

# tsmb.ko in a QEMU guest with tsmbd (from build/) as its service host: the
# black-box suite, Linux's cifs client against both formats, smbtorture,
# restart and unload with clients (tests/vm/README.md); the smbtorture
# results and the guest's logs are kept in build/test-logs/vm-kernel
kernel() {
	build_default >/dev/null &&
		tests/vm/build-module.sh build/kmod &&
		tests/vm/run.sh --timeout 1500 --mem 3072 --append slub_debug=FZPU \
			--keep build/test-logs/vm-kernel --module build/kmod/tsmb.ko -- \
			tests/vm/guest-kernel-format.sh
}

stage layout layout
stage build build_default
stage unit unit
stage user user_format
stage torture torture
stage asan asan
stage fuzz fuzz
stage kernel kernel

echo
echo "stages passed: ${passed[*]:-none}"
echo "stages failed: ${failed[*]:-none}"
echo "${#passed[@]} passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
