# shellcheck shell=bash
# Helpers shared by the scripts that start a server for a test: sourced, not
# run. The caller sets $py (Debian's python3), $prog (its name, for
# messages), $keep (1 keeps $work) and may set $work and $server_pid.

work=${work:-}
server_pid=${server_pid:-}

# SIGTERM first, so that a sanitizer build can print its report at exit.
stop_server() {
	[[ -n "$server_pid" ]] || return 0
	if kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$server_pid" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$server_pid" 2>/dev/null; then
			echo "$prog: server did not exit on SIGTERM; killing it" >&2
			kill -KILL "$server_pid" 2>/dev/null
		fi
	fi
	wait "$server_pid" 2>/dev/null
	server_pid=
}

cleanup() {
	stop_server
	if [[ -n "$work" && -d "$work" ]]; then
		if [[ ${keep:-0} -eq 1 ]]; then
			echo "$prog: kept $work" >&2
		else
			rm -rf "$work"
		fi
	fi
}

# A port nobody listens on right now, on loopback.
free_port() {
	"$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# port_open HOST PORT: does something accept connections there?
port_open() {
	"$py" -c 'import socket, sys
try:
	socket.create_connection((sys.argv[1], int(sys.argv[2])), 0.5).close()
except OSError:
	sys.exit(1)' "$1" "$2"
}

# The Unix account the suites log on as ("tsmbtest", no home, no login
# shell); created when missing, which needs root.
ensure_test_user() {
	local u=$1
	id "$u" >/dev/null 2>&1 && return 0
	useradd --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$u"
}

# write_passdb TSMBPASSWD CONF USER PASSWORD: adds USER to the user database
# that CONF names, the way an admin would (password on stdin).
write_passdb() {
	printf '%s\n' "$4" | "$1" --config "$2" -a "$3" >/dev/null
}
