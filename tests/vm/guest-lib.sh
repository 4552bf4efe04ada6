# shellcheck shell=bash
# Sourced by the tests/vm/guest-*.sh pieces (inside the QEMU guest, as
# root): results, timed parts, a tsmbd with a small test configuration on
# port 445. The caller sets $tsmbd (the tsmbd binary) and runs from the
# repository's top directory.

gl_passed=0
gl_failed=0
gl_times=()

gl_ok() { echo "ok $1"; gl_passed=$((gl_passed + 1)); }
gl_fail() { echo "FAIL $1: $2"; gl_failed=$((gl_failed + 1)); }
gl_check() { # NAME WHY COMMAND...: ok if COMMAND succeeds
	local name=$1 why=$2
	shift 2
	if "$@"; then gl_ok "$name"; else gl_fail "$name" "$why"; fi
}

# gl_part NAME COMMAND...: runs one part, timed; its failure is counted
gl_part() {
	local name=$1 start=$SECONDS rc
	shift
	echo "=== guest part: $name"
	"$@"
	rc=$?
	gl_times+=("$(printf '%-22s %4d s  %s' "$name" $((SECONDS - start)) \
		"$([[ $rc -eq 0 ]] && echo ok || echo "FAILED (exit $rc)")")")
	if [[ $rc -eq 0 ]]; then
		gl_passed=$((gl_passed + 1))
	else
		gl_failed=$((gl_failed + 1))
	fi
	echo "=== guest part: $name: exit $rc ($((SECONDS - start)) s)"
	return 0
}

gl_summary() {
	echo "=== guest parts"
	printf '%s\n' "${gl_times[@]}"
	echo "$gl_passed passed, $gl_failed failed"
	[[ $gl_failed -eq 0 ]]
}

gl_port=445
gl_user=tsmbtest
gl_password=tsmbtest-pw
gl_pid=

# gl_setup DIR: a tsmb.conf with [files] (writable, $gl_user only) on
# 127.0.0.1:445 and a user database holding $gl_user, under DIR
gl_setup() {
	gl_dir=$1
	mkdir -p "$gl_dir/files"
	chmod 755 "$gl_dir"
	id "$gl_user" >/dev/null 2>&1 ||
		useradd --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin "$gl_user"
	chown "$gl_user:" "$gl_dir/files"
	cat >"$gl_dir/tsmb.conf" <<EOF
[global]
	listen = 127.0.0.1:$gl_port
	log level = 2
	user database = $gl_dir/passdb

[files]
	path = $gl_dir/files
	read only = no
	valid users = $gl_user
EOF
	printf '%s\n' "$gl_password" |
		"$(dirname "$tsmbd")/tsmbpasswd" --config "$gl_dir/tsmb.conf" \
			-a "$gl_user" >/dev/null
}

# something listens on 127.0.0.1 or 0.0.0.0 port 445 (0x01BD)
gl_listening() {
	awk '$2 ~ /:01BD$/ && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp
}

# gl_start MODE: tsmbd --mode MODE in its own session; waits for 445
gl_start() {
	setsid "$tsmbd" --config "$gl_dir/tsmb.conf" --foreground --mode "$1" \
		>>"$gl_dir/tsmbd.log" 2>&1 &
	gl_pid=$!
	local i
	for i in $(seq 150); do
		kill -0 "$gl_pid" 2>/dev/null || { gl_pid=; return 1; }
		[[ $1 == kernel ]] && grep -q '^service registered' \
			/proc/fs/tsmb/status && gl_listening && return 0
		[[ $1 == user ]] && gl_listening && return 0
		sleep 0.1
	done
	return 1
}

# gl_stop [SIGNAL]: stops the tsmbd gl_start started (SIGTERM by default)
gl_stop() {
	[[ -n "$gl_pid" ]] || return 0
	kill "-${1:-TERM}" "$gl_pid" 2>/dev/null
	local i
	for i in $(seq 50); do
		kill -0 "$gl_pid" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$gl_pid" 2>/dev/null
	wait "$gl_pid" 2>/dev/null
	gl_pid=
}

# gl_traces LO HI: the allocation traces of live objects that point into
# [LO, HI) as bare addresses, one "FILE: ADDRESS" line each, sorted and
# unique. Only caches whose objects belong to their allocator: kmalloc, the
# module's own, open files, credentials, path names, sockets (dentries,
# inodes, page cache and vmap_area nodes that the module's file calls
# allocated rightly outlive it), and no socket buffers (the FIN a closing
# socket queues belongs to TCP, which sends it after the module is gone).
gl_traces() {
	local lo=$1 hi=$2 a c file
	local files=()
	for c in kmalloc-* kmalloc-cg-* kmalloc-rcl-* tsmb* filp cred_jar \
		 names_cache sock_inode_cache TCP TCPv6; do
		for a in /sys/kernel/debug/slab/$c/alloc_traces; do
			[[ -e $a ]] && files+=("$a")
		done
	done
	# vmallocinfo: the caller only (the first column is the area itself)
	awk '{ print $3 }' /proc/vmallocinfo >/tmp/gl-vmalloc-callers
	files+=(/tmp/gl-vmalloc-callers)
	# one trace a paragraph; its frames one a line
	for file in "${files[@]}"; do
		awk -v f="$file" 'BEGIN { RS = "" } /__alloc_skb/ { next }
			{ n = split($0, w, /[ \t\n]+/)
			  for (i = 1; i <= n; i++)
				if (w[i] ~ /^0xffffffff[0-9a-f]+$/) print f ": " w[i] }' "$file"
	done | while read -r file a; do
		# kernel addresses are negative as signed 64-bit: order holds
		if [[ $((a)) -ge $lo && $((a)) -lt $hi ]]; then
			echo "$file $a"
		fi
	done | sort -u
}

# gl_insmod ARGS...: loads tsmb.ko ($ko), noting first the bare addresses
# already in the traces: other modules' freed init code, which the module
# may be loaded over (its symbols then cover them until it is unloaded)
gl_insmod() {
	gl_traces $((0xffffffff00000000)) -1 >/tmp/gl-traces-before
	insmod "$ko" "$@"
}

# gl_rmmod: unloads tsmb.ko, then looks for memory it left allocated: a
# live slab object whose allocation stack (kept with slub_debug=U on the
# kernel command line: /sys/kernel/debug/slab/*/alloc_traces) or a vmalloc
# area whose caller (/proc/vmallocinfo) points into the module's former
# code can only be a leak, as nothing can free it any more (an unloaded
# module's addresses print as bare hex). Load it with gl_insmod. A second
# look after 2 s lets RCU and delayed frees finish.
gl_rmmod() {
	local base size new text a
	read -r size base < <(awk '$1 == "tsmb" { print $2, $6 }' /proc/modules)
	text=$(cat /sys/module/tsmb/sections/.text 2>/dev/null)
	rmmod tsmb || return 1
	[[ -n "$base" && $base != 0x0000000000000000 ]] || return 0
	for _ in 1 2; do
		new=$(gl_traces $((base)) $((base + size)) |
			grep -vxFf /tmp/gl-traces-before)
		[[ -z "$new" ]] && break
		sleep 2
	done
	if [[ -n "$new" ]]; then
		echo "gl_rmmod: allocations left by the unloaded tsmb.ko ($base +$size, .text $text):"
		head -n 20 <<<"$new"
		# the first one's whole trace (addr2line -e tsmb.ko ADDRESS-.text)
		a=$(head -n 1 <<<"$new")
		grep -B 12 -A 4 -m 1 "${a##* }" "${a%%: *}"
		return 1
	fi
	echo "gl_rmmod: tsmb.ko left no allocation behind"
}

# gl_ext4 IMAGE DIR SIZE: a fresh ext4 (user xattrs, hash-ordered
# directories, like the host's) from a sparse IMAGE on a loop device,
# mounted on DIR; gl_ext4_off DIR undoes it
gl_ext4() {
	local dev
	modprobe loop
	mkdir -p "$2"
	truncate -s "$3" "$1" && mkfs.ext4 -q -F "$1" || return 1
	dev=$(losetup -f --show "$1") || return 1
	mount -t ext4 "$dev" "$2"
}

gl_ext4_off() {
	local dev
	dev=$(awk -v d="$1" '$2 == d { print $1 }' /proc/mounts)
	umount "$1" && losetup -d "$dev"
}
