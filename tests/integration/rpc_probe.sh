#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# rpc_probe.sh HOST PORT USER PASSWORD NETBIOS WORKGROUP SERVER_STRING SHARE...
#
# Named pipes on IPC$ and the RPC behind them, with Samba's clients:
#   - smbclient -L (srvsvc NetShareEnumAll over \PIPE\srvsvc), as USER
#     and as a guest (-N): exactly the expected shares with their
#     comments, and IPC$;
#   - rpcclient srvinfo, netshareenumall, netsharegetinfo (a listed
#     share, a hidden one, one that does not exist), lsaquery (primary
#     and account domain), and lookupnames USER (a SID of the account
#     domain) then lookupsids of that SID.
# Each SHARE argument is "name=comment" for a share that must be listed,
# or "!name" for one that must not be listed but exists (browseable = no).
#
# Prints "ok NAME" / "FAIL NAME: why" and finally "N passed, N failed".
set -u

if [[ $# -lt 8 ]]; then
	echo "usage: $0 HOST PORT USER PASSWORD NETBIOS WORKGROUP SERVER_STRING SHARE..." >&2
	exit 2
fi
host=$1 port=$2 user=$3 pass=$4 nbname=$5 wg=$6 sstring=$7
shift 7
specs=("$@")
tmo=${SMBCLIENT_TIMEOUT:-60}

work=$(mktemp -d /tmp/tsmb-rpc.XXXXXX)
trap 'rm -rf "$work"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/probe_report.sh"

for tool in smbclient rpcclient; do
	if ! command -v "$tool" >/dev/null; then
		fail "${tool}_present" "$tool not installed"
		report_summary
		exit 1
	fi
done

# An empty smb.conf keeps the host's client settings out of the test.
smbc_list() {
	timeout -k 5 "$tmo" smbclient -s /dev/null -L "//$host" -p "$port" "$@"
}
rpcc() {
	local out=$1 cmd=$2
	timeout -k 5 "$tmo" rpcclient -s /dev/null -p "$port" -U "$user%$pass" "$host" \
		-c "$cmd" >"$work/$out" 2>&1
}

# A share name as an extended regular expression ("pub$" has a "$").
re() {
	sed 's/[]$.*[\^+?(){}|]/\\&/g' <<<"$1"
}

# smbclient -L prints "<TAB>name<spaces>Disk|IPC<spaces>comment" lines.
check_listing() {
	local name=$1 out=$2 why= spec sh comment line
	if ! grep -qE '^[[:space:]]+Sharename[[:space:]]+Type[[:space:]]+Comment' "$out"; then
		fail "$name" "no share list: $(grep -v '^$' "$out" | tail -n 1)"
		return
	fi
	for spec in "${specs[@]}"; do
		if [[ $spec == '!'* ]]; then
			sh=${spec#!}
			if grep -qE "^[[:space:]]+$(re "$sh")[[:space:]]+Disk" "$out"; then
				why+="[$sh] listed; "
			fi
			continue
		fi
		sh=${spec%%=*}
		comment=${spec#*=}
		line=$(grep -E "^[[:space:]]+$(re "$sh")[[:space:]]+Disk" "$out")
		if [[ -z "$line" ]]; then
			why+="[$sh] missing; "
		elif [[ -n "$comment" && "$line" != *"$comment" ]]; then
			why+="[$sh] comment: '$line'; "
		fi
	done
	grep -qE '^[[:space:]]+IPC\$[[:space:]]+IPC' "$out" || why+="no IPC\$; "
	n=$(grep -cE '^[[:space:]]+[^[:space:]]+[[:space:]]+(Disk|IPC|Printer)' "$out")
	want=$(( $(printf '%s\n' "${specs[@]}" | grep -vc '^!') + 1 ))
	[[ "$n" -eq "$want" ]] || why+="$n shares listed, $want expected; "
	if [[ -z "$why" ]]; then
		ok "$name"
	else
		fail "$name" "$why"
	fi
}

for mode in SMB2_02 SMB3_11; do
	smbc_list -U "$user%$pass" -m "$mode" --option="client min protocol=$mode" \
		>"$work/L.$mode" 2>&1
	check_listing "rpc_smbclient_L_user_$mode" "$work/L.$mode"
done
smbc_list -U "$user%$pass" --client-protection=encrypt >"$work/L.enc" 2>&1
check_listing "rpc_smbclient_L_encrypted" "$work/L.enc"
smbc_list -N >"$work/L.guest" 2>&1
check_listing "rpc_smbclient_L_guest" "$work/L.guest"

# srvinfo: "<TAB>NAME<spaces>Wk Sv ...<spaces>comment", platform, version, type
if rpcc srvinfo srvinfo && grep -qE "^[[:space:]]+$nbname[[:space:]]" "$work/srvinfo" &&
   grep -q "$sstring" "$work/srvinfo" && grep -q 'platform_id[[:space:]]*:[[:space:]]*500' \
   "$work/srvinfo" && grep -q 'os version' "$work/srvinfo"; then
	ok rpc_rpcclient_srvinfo
else
	fail rpc_rpcclient_srvinfo "$(tr '\n' ' ' <"$work/srvinfo" | cut -c1-200)"
fi

# netshareenumall: "netname: NAME" then "<TAB>remark:<TAB>COMMENT"
if rpcc enumall netshareenumall; then
	why=
	for spec in "${specs[@]}"; do
		if [[ $spec == '!'* ]]; then
			grep -qFx "netname: ${spec#!}" "$work/enumall" && why+="[${spec#!}] listed; "
			continue
		fi
		sh=${spec%%=*}
		comment=${spec#*=}
		remark=$(grep -A1 -Fx "netname: $sh" "$work/enumall" | sed -n 's/^[[:space:]]*remark:[[:space:]]*//p')
		grep -qFx "netname: $sh" "$work/enumall" || why+="[$sh] missing; "
		[[ "$remark" == "$comment" ]] || why+="[$sh] remark '$remark'; "
	done
	grep -qFx 'netname: IPC$' "$work/enumall" || why+="no IPC\$; "
	if [[ -z "$why" ]]; then
		ok rpc_rpcclient_netshareenumall
	else
		fail rpc_rpcclient_netshareenumall "$why"
	fi
else
	fail rpc_rpcclient_netshareenumall "$(tail -n 1 "$work/enumall")"
fi

# netsharegetinfo of the first listed share, of a hidden one, of none
first=
hidden=
for spec in "${specs[@]}"; do
	if [[ $spec == '!'* ]]; then
		[[ -z "$hidden" ]] && hidden=${spec#!}
	elif [[ -z "$first" ]]; then
		first=$spec
	fi
done
sh=${first%%=*}
comment=${first#*=}
if rpcc getinfo "netsharegetinfo $sh" && grep -qFx "netname: $sh" "$work/getinfo" &&
   grep -qE "^[[:space:]]*remark:[[:space:]]*$(re "$comment")$" "$work/getinfo" &&
   grep -qE '^[[:space:]]*path:[[:space:]]*C:' "$work/getinfo"; then
	ok rpc_rpcclient_netsharegetinfo
else
	fail rpc_rpcclient_netsharegetinfo "$(tr '\n' ' ' <"$work/getinfo" | cut -c1-200)"
fi
if [[ -n "$hidden" ]]; then
	if rpcc gethidden "netsharegetinfo $hidden" && grep -qFx "netname: $hidden" "$work/gethidden"; then
		ok rpc_rpcclient_netsharegetinfo_hidden
	else
		fail rpc_rpcclient_netsharegetinfo_hidden "$(tr '\n' ' ' <"$work/gethidden" | cut -c1-200)"
	fi
fi
rpcc getnone "netsharegetinfo no-such-share"
if ! grep -q '^netname:' "$work/getnone" && grep -qiE 'NETNAMENOTFOUND|NET_NAME_NOT_FOUND|2310' \
	"$work/getnone"; then
	ok rpc_rpcclient_netsharegetinfo_missing
else
	fail rpc_rpcclient_netsharegetinfo_missing "$(tr '\n' ' ' <"$work/getnone" | cut -c1-200)"
fi

# lsaquery: the primary domain (a stand-alone server's workgroup, no SID),
# then (class 5) the account domain: the machine and its SID
if rpcc lsaquery lsaquery && grep -qix "Domain Name: $wg" "$work/lsaquery" &&
   grep -qE '^Domain Sid: (\(NULL SID\)|S-1-5-21-[0-9]+-[0-9]+-[0-9]+)$' "$work/lsaquery"; then
	ok rpc_rpcclient_lsaquery
else
	fail rpc_rpcclient_lsaquery "$(tr '\n' ' ' <"$work/lsaquery" | cut -c1-200)"
fi
domsid=
if rpcc lsaquery5 "lsaquery 5" && grep -qix "Domain Name: $nbname" "$work/lsaquery5"; then
	domsid=$(sed -nE 's/^Domain Sid: (S-1-5-21-[0-9]+-[0-9]+-[0-9]+)$/\1/p' "$work/lsaquery5")
fi
if [[ -n "$domsid" ]]; then
	ok rpc_rpcclient_lsaquery_account_domain
else
	fail rpc_rpcclient_lsaquery_account_domain "$(tr '\n' ' ' <"$work/lsaquery5" | cut -c1-200)"
fi

# lookupnames USER -> "USER S-1-5-21-...-RID (User: 1)"; lookupsids of that SID
sid=
if rpcc names "lookupnames $user"; then
	sid=$(grep -oE 'S-1-5-21-[0-9-]+' "$work/names" | head -n 1)
fi
if [[ -n "$sid" ]] && grep -qE "^$user S-1-5-21-[0-9-]+ \\(User: 1\\)" "$work/names" &&
   [[ -z "$domsid" || "$sid" == "$domsid-"* ]]; then
	ok rpc_rpcclient_lookupnames
else
	fail rpc_rpcclient_lookupnames "$(tr '\n' ' ' <"$work/names" | cut -c1-200)"
fi
if [[ -n "$sid" ]] && rpcc sids "lookupsids $sid" &&
   grep -qiE "^$sid [^ ]+\\\\$user \\(1\\)" "$work/sids"; then
	ok rpc_rpcclient_lookupsids
else
	fail rpc_rpcclient_lookupsids "${sid:-no SID}: $(tr '\n' ' ' 2>/dev/null <"$work/sids" | cut -c1-200)"
fi

report_summary
