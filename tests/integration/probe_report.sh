# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What the shell probes print, sourced: ok NAME, fail NAME WHY (reported
# as "skip NAME: known difference: WHY" for a case run.sh names in
# TSMB_EXPECT_FAIL, from known_differences.txt), and report_summary, the
# closing "N passed, N failed[, N skipped]" line run.sh counts; its
# status is the probe's.

passed=0
failed=0
skipped=0

expected_failure() {
	[[ " ${TSMB_EXPECT_FAIL:-} " == *" $1 "* ]]
}

ok() {
	echo "ok $1"
	passed=$((passed + 1))
}

fail() {
	if expected_failure "$1"; then
		echo "skip $1: known difference: $2"
		skipped=$((skipped + 1))
	else
		echo "FAIL $1: $2"
		failed=$((failed + 1))
	fi
}

report_summary() {
	if [[ $skipped -gt 0 ]]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[[ $failed -eq 0 ]]
}
