#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tsmbpasswd end to end on a scratch database (password on stdin):
#   tests/unit/test_tsmbpasswd.sh PATH/TO/tsmbpasswd
set -u
bin=$1
me=$(id -un)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsmbpasswd.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '[global]\n\tuser database = %s/sub/passdb\n' "$tmp" > "$tmp/tsmb.conf"
pw() { "$bin" --config "$tmp/tsmb.conf" "$@"; }
passed=0
failed=0
check() {
	if [ "$1" = "$2" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL $3: got '$1', want '$2'"
		failed=$((failed + 1))
	fi
}

echo "Secret123!" | pw -a "$me" 2>/dev/null; check $? 0 "add $me"
check "$(stat -c %a "$tmp/sub/passdb")" 600 "mode of the new database"
check "$(stat -c %a "$tmp/sub")" 700 "mode of the new directory"
# MD4(UTF-16LE("Secret123!")), as impacket computes it.
check "$(grep -c "^$me:59C33A2751C7DAD20DE6FC7E03891BDB:enabled\$" "$tmp/sub/passdb")" 1 "line"
echo "x" | pw -a no-such-user-tsmb 2>/dev/null; check $? 1 "add without a Unix account"
pw -d "$me"; check $? 0 "disable"
check "$(pw -L | awk '{print $2}')" disabled "listed as disabled"
pw -e "$me"; check $? 0 "enable"
check "$(pw -L | awk '{print $1, $2, $3}')" "$me enabled uid" "listed as enabled"
pw -x nobody-here 2>/dev/null; check $? 1 "delete a missing user"
chmod 644 "$tmp/sub/passdb"
pw -L >/dev/null 2>&1; check $? 1 "a readable database is refused"
chmod 600 "$tmp/sub/passdb"
pw -x "$me"; check $? 0 "delete"
check "$(pw -L | wc -l)" 0 "empty after delete"
pw -a 2>/dev/null; check $? 2 "usage error"
pw -L -d "$me" 2>/dev/null; check $? 2 "two actions"
"$bin" --config "$tmp/none.conf" -L 2>/dev/null; check $? 2 "missing configuration"
ls "$tmp/sub" | grep -c 'passdb\.' | grep -q '^0$'; check $? 0 "no temporary files left"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
