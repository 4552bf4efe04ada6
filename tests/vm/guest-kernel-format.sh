#!/bin/sh
# Runs inside the QEMU guest (tests/vm/run.sh): the kernel format against
# the same black-box suite as tsmbd, then unload with a client connected.
# run.sh fails the run on any BUG/WARNING/Oops in the guest's kernel log.
set -eu
cd "$(dirname "$0")/../.."
ko=${TSMB_KO:?run me through tests/vm/run.sh --module}

echo "--- contract self-test in the kernel"
insmod "$ko" selftest=1 port=1445 address=127.0.0.1
rmmod tsmb

echo "--- tsmb.ko on port 445"
insmod "$ko"
i=0
until grep -q ':01BD ' /proc/net/tcp; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "tsmb.ko is not listening on 445"; exit 1; }
	sleep 0.1
done
dmesg | grep -i 'tsmb' | tail -n 5

status=0
tests/integration/run.sh --host 127.0.0.1 --port 445 || status=1

echo "--- rmmod with a client connected"
/usr/bin/python3 - <<'PY' &
import socket, time
s = socket.create_connection(("127.0.0.1", 445), timeout=5)
s.settimeout(20)
try:
    data = s.recv(1)   # the module's unload must close us
    print("client: connection closed by server" if not data else "client: unexpected data")
except Exception as e:
    print("client:", e)
PY
client=$!
sleep 1
rmmod tsmb || { echo "rmmod failed with a client connected"; status=1; }
wait "$client" || true
if lsmod | grep -q '^tsmb '; then
	echo "tsmb is still loaded"
	status=1
fi
exit "$status"
