#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# smbclient_files.sh HOST PORT USER PASSWORD SHARE RO_SHARE SHARE_DIR
#
# The file-service suite with Samba's smbclient, as a user would work:
# for each dialect (SMB2_02 .. SMB3_11), and with signing and with
# encryption required by the client: ls, mkdir, put and get of a large
# file compared by checksum, rename, del, rmdir, allinfo. Then a listing
# of a directory of 10,000 files, a wrong password refused, and a
# read-only share refusing writes. SHARE_DIR is SHARE's directory on this
# machine (to make the big directory quickly and check what landed).
#
# TSMB_BIG_MB sets the size of the large file (default 256).
# TSMB_BIG_ONCE_MB, when set, adds one put/get of a file that large,
# signed and sealed (SMB3_11): the QEMU guest runs the modes with a small
# TSMB_BIG_MB and the full size once.
#
# Prints "ok NAME" / "FAIL NAME: why" and finally "N passed, N failed".
set -u

if [[ $# -ne 7 ]]; then
	echo "usage: $0 HOST PORT USER PASSWORD SHARE RO_SHARE SHARE_DIR" >&2
	exit 2
fi
host=$1 port=$2 user=$3 pass=$4 share=$5 roshare=$6 sharedir=$7
big_mb=${TSMB_BIG_MB:-256}
tmo=${SMBCLIENT_TIMEOUT:-300}

work=$(mktemp -d /tmp/tsmb-files.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# smbc NAME SHARE CMDS [smbclient options...]: runs smbclient, output in $work/NAME.out
smbc() {
	local name=$1 sh=$2 cmds=$3
	shift 3
	timeout -k 5 "$tmo" smbclient -s /dev/null "//$host/$sh" -p "$port" \
		-U "$user%$pass" "$@" -c "$cmds" >"$work/$name.out" 2>&1
}

head -c $((big_mb * 1024 * 1024)) /dev/urandom >"$work/big"
sum=$(sha256sum <"$work/big" | cut -d' ' -f1)
printf 'hello from tsmb\n' >"$work/small"

modes="SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11 sign encrypt"
for mode in $modes; do
	case $mode in
	sign) opts=(-m SMB3_11 --client-protection=sign) ;;
	encrypt) opts=(-m SMB3_11 --client-protection=encrypt) ;;
	*) opts=(-m "$mode" --option="client min protocol=$mode") ;;
	esac
	d="dir_$mode"
	if smbc "$mode.ls" "$share" "ls" "${opts[@]}"; then
		ok "files_${mode}_ls"
	else
		fail "files_${mode}_ls" "$(tail -n 1 "$work/$mode.ls.out")"
		continue
	fi
	if smbc "$mode.mkdir" "$share" "mkdir $d; cd $d; lcd $work; put small; ls" "${opts[@]}" &&
	   grep -q " small " "$work/$mode.mkdir.out" && [[ -d "$sharedir/$d" ]]; then
		ok "files_${mode}_mkdir_put"
	else
		fail "files_${mode}_mkdir_put" "$(tail -n 1 "$work/$mode.mkdir.out")"
	fi
	rm -f "$work/back"
	if smbc "$mode.big" "$share" "cd $d; lcd $work; put big; get big back" "${opts[@]}" &&
	   [[ "$(sha256sum <"$work/back" | cut -d' ' -f1)" == "$sum" ]]; then
		ok "files_${mode}_put_get_${big_mb}M"
	else
		fail "files_${mode}_put_get_${big_mb}M" "$(tail -n 1 "$work/$mode.big.out")"
	fi
	if smbc "$mode.info" "$share" "cd $d; allinfo small" "${opts[@]}" &&
	   grep -q "create_time:" "$work/$mode.info.out" &&
	   grep -q "attributes:" "$work/$mode.info.out"; then
		ok "files_${mode}_allinfo"
	else
		fail "files_${mode}_allinfo" "$(tail -n 1 "$work/$mode.info.out")"
	fi
	if smbc "$mode.ren" "$share" "cd $d; rename small renamed; ls" "${opts[@]}" &&
	   grep -q " renamed " "$work/$mode.ren.out" && [[ -f "$sharedir/$d/renamed" ]] &&
	   [[ ! -e "$sharedir/$d/small" ]]; then
		ok "files_${mode}_rename"
	else
		fail "files_${mode}_rename" "$(tail -n 1 "$work/$mode.ren.out")"
	fi
	if smbc "$mode.del" "$share" "cd $d; del renamed; del big; cd ..; rmdir $d" \
		"${opts[@]}" && [[ ! -e "$sharedir/$d" ]]; then
		ok "files_${mode}_del_rmdir"
	else
		fail "files_${mode}_del_rmdir" "$(tail -n 1 "$work/$mode.del.out")"
	fi
done

if [[ -n "${TSMB_BIG_ONCE_MB:-}" ]]; then
	head -c $((TSMB_BIG_ONCE_MB * 1024 * 1024)) /dev/urandom >"$work/big"
	sum=$(sha256sum <"$work/big" | cut -d' ' -f1)
	rm -f "$work/back"
	name="files_encrypt_put_get_once_${TSMB_BIG_ONCE_MB}M"
	if smbc once "$share" "lcd $work; put big once; get once back; del once" -m SMB3_11 \
		--client-protection=encrypt &&
	   [[ "$(sha256sum <"$work/back" | cut -d' ' -f1)" == "$sum" ]]; then
		ok "$name"
	else
		fail "$name" "$(tail -n 1 "$work/once.out")"
	fi
	rm -f "$work/big" "$work/back"
fi

# 10,000 entries, made on the server's disk directly: the listing is the test.
mkdir -p "$sharedir/many"
(cd "$sharedir/many" && seq -f 'f%05g' 1 10000 | xargs touch)
chown -R --reference="$sharedir" "$sharedir/many"
if smbc many "$share" "cd many; ls" -m SMB3_11 &&
   [[ $(grep -cE '^  f[0-9]{5} ' "$work/many.out") -eq 10000 ]]; then
	ok files_list_10000
else
	fail files_list_10000 "$(grep -cE '^  f[0-9]{5} ' "$work/many.out") of 10000 listed"
fi
rm -rf "$sharedir/many"

if timeout -k 5 60 smbclient -s /dev/null "//$host/$share" -p "$port" \
	-U "$user%wrong-$pass" -m SMB3_11 -c ls >"$work/badpw.out" 2>&1; then
	fail files_wrong_password_refused "logged on with a wrong password"
elif grep -q NT_STATUS_LOGON_FAILURE "$work/badpw.out"; then
	ok files_wrong_password_refused
else
	fail files_wrong_password_refused "$(tail -n 1 "$work/badpw.out")"
fi

if smbc ro "$roshare" "lcd $work; put small" -m SMB3_11; then
	fail files_read_only_share "a write to the read-only share succeeded"
elif grep -q NT_STATUS_ACCESS_DENIED "$work/ro.out"; then
	ok files_read_only_share
else
	fail files_read_only_share "$(tail -n 1 "$work/ro.out")"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
