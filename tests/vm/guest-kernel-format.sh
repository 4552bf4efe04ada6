#!/bin/sh
# Runs inside the QEMU guest (tests/vm/run.sh): the kernel format against
# the same black-box suite as tsmbd, then unload with a client connected.
# run.sh fails the run on any BUG/WARNING/Oops in the guest's kernel log.
set -eu
cd "$(dirname "$0")/../.."
ko=${TSMB_KO:?run me through tests/vm/run.sh --module}

# The file and identity checks need an empty scratch directory: the
# guest's /tmp (tmpfs: no user xattrs, directory positions are indexes),
# then ext4 on a loop device (xattrs, fallocate, hash-ordered directories).
ct=/tmp/tsmb-ct
mkdir -p "$ct/tmpfs" "$ct/ext4"
echo "--- contract self-test in the kernel (files on tmpfs)"
insmod "$ko" selftest=1 selftest_dir="$ct/tmpfs" port=1445 address=127.0.0.1
rmmod tsmb
# The checks leave the scratch directory empty; rmdir fails the run if not.
rmdir "$ct/tmpfs"

echo "--- contract self-test in the kernel (files on ext4)"
modprobe loop
truncate -s 64M "$ct/ext4.img"
mkfs.ext4 -q -F "$ct/ext4.img"
loopdev=$(losetup -f --show "$ct/ext4.img")
mount -t ext4 "$loopdev" "$ct/ext4"
mkdir "$ct/ext4/scratch"
insmod "$ko" selftest=1 selftest_dir="$ct/ext4/scratch" port=1445 address=127.0.0.1
rmmod tsmb
rmdir "$ct/ext4/scratch"
umount "$ct/ext4"
losetup -d "$loopdev"

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
tests/integration/run.sh --host 127.0.0.1 --port 445 --server-kind tsmb.ko || status=1

echo "--- rmmod with a client connected"
rm -f /tmp/client.ready /tmp/client.result
/usr/bin/python3 - <<'PY' &
import socket
s = socket.create_connection(("127.0.0.1", 445), timeout=5)
open("/tmp/client.ready", "w").close()
s.settimeout(60)
try:
    data = s.recv(1)   # the module's unload must close us
    r = "closed" if not data else "unexpected data"
except Exception as e:
    r = "error: %s" % e
open("/tmp/client.result", "w").write(r)
PY
client=$!
i=0
until [ -e /tmp/client.ready ]; do
	i=$((i + 1))
	[ "$i" -lt 600 ] || { echo "the client never connected"; status=1; break; }
	sleep 0.1
done
rmmod tsmb || { echo "rmmod failed with a client connected"; status=1; }
wait "$client" || true
result=$(cat /tmp/client.result 2>/dev/null || echo "no result")
echo "client: $result"
[ "$result" = closed ] || status=1
if lsmod | grep -q '^tsmb '; then
	echo "tsmb is still loaded"
	status=1
fi
exit "$status"
