#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest-kernel-format.sh: the kernel format's test suite, inside the QEMU
# guest (tests/vm/run.sh --module tsmb.ko; tests/run-all.sh's "kernel"
# stage). Parts, each timed:
#
#   selftest   the OS contract checks in the kernel (tmpfs, then ext4)
#   user-cifs  tsmbd (user format) with Linux's cifs client, which only
#              the guest can mount: tests/integration/run.sh --cifs
#              --probes cifs_mount (the rest of run.sh runs on the host)
#   kernel     tsmb.ko with tsmbd as its service host: the whole of
#              tests/integration/run.sh --start-tsmbd --cifs, the same
#              black-box suite as the user format's
#   torture    smbtorture's suites against tsmb.ko, regression-checked
#              against tests/integration/smbtorture/baseline-tsmb.ko.txt
#   restart    tsmbd killed and restarted, then rmmod, with clients
#              connected (guest-kernel-restart.sh)
#
# tests/vm/run.sh fails the run on any BUG/WARNING/Oops in the kernel log.
#
# Environment: TSMBD (tsmbd binary, default build/user/tsmbd; tsmbpasswd
# next to it), TSMB_GUEST_PARTS (default: all of the above),
# TSMB_BIG_MB (smbclient's big file per mode, default 16 here),
# TSMB_BIG_ONCE_MB (one sealed smbclient put/get, default 256),
# CIFS_BIG_MB (the sealed cifs copy, default 256), TSMB_INFO_FILES
# (default 200). The smbtorture results go to
# $TSMB_VM_DIR/torture-tsmb.ko.txt (run.sh --keep DIR keeps them).
set -u
cd "$(dirname "$0")/../.."
ko=${TSMB_KO:?run me through tests/vm/run.sh --module}
tsmbd=${TSMBD:-build/user/tsmbd}
parts=${TSMB_GUEST_PARTS:-"selftest user-cifs kernel torture restart"}
export TSMB_BIG_MB=${TSMB_BIG_MB:-16}
export TSMB_BIG_ONCE_MB=${TSMB_BIG_ONCE_MB:-256}
export CIFS_BIG_MB=${CIFS_BIG_MB:-256}
export TSMB_INFO_FILES=${TSMB_INFO_FILES:-200}
. tests/vm/guest-lib.sh

loaded() { grep -q '^tsmb ' /proc/modules; }

# The file and identity checks need an empty scratch directory: the
# guest's /tmp (tmpfs: no user xattrs, directory positions are indexes),
# then ext4 on a loop device (xattrs, fallocate, hash-ordered directories).
selftest() {
	local ct=/tmp/tsmb-ct rc
	mkdir -p "$ct/tmpfs"
	echo "--- contract self-test in the kernel (files on tmpfs)"
	gl_insmod selftest=1 selftest_dir="$ct/tmpfs" || return 1
	gl_rmmod || return 1
	# the checks leave the scratch directory empty; rmdir fails if not
	rmdir "$ct/tmpfs" || return 1

	echo "--- contract self-test in the kernel (files on ext4)"
	gl_ext4 "$ct/ext4.img" "$ct/ext4" 64M || return 1
	mkdir "$ct/ext4/scratch"
	gl_insmod selftest=1 selftest_dir="$ct/ext4/scratch" &&
		gl_rmmod && rmdir "$ct/ext4/scratch"
	rc=$?
	gl_ext4_off "$ct/ext4"
	rm -rf "$ct"
	return $rc
}

user_cifs() {
	loaded && rmmod tsmb
	tests/integration/run.sh --start-tsmbd "$tsmbd" --cifs --probes cifs_mount
}

# tsmbd finds tsmb.ko loaded and becomes its service host: the module
# listens where run.sh's tsmb.conf says. Unloaded after each part: the
# listen address of a running server only changes with a reload.
kernel() {
	gl_insmod || return 1
	tests/integration/run.sh --start-tsmbd "$tsmbd" --server-kind tsmb.ko --cifs
	local rc=$?
	gl_rmmod || rc=1
	return $rc
}

# The share on ext4, as on the host where the user format's baseline is
# made (tmpfs lists directories in another order: smb2.dir.fixed fails on
# it with either format). smb2.maxfid opens at most TSMB_MAXFID files
# (default 8192, smbtorture's own default is 69632: 4 minutes here).
torture() {
	local fs=/tmp/tsmb-torture-fs rc
	gl_ext4 /tmp/tsmb-torture.img "$fs" 4G || return 1
	gl_insmod || return 1
	TMPDIR=$fs tests/integration/smbtorture/run.sh --start-tsmbd "$tsmbd" \
		--option "maxopenfiles=${TSMB_MAXFID:-8192}" \
		--baseline tests/integration/smbtorture/baseline-tsmb.ko.txt \
		--results "${TSMB_VM_DIR:-/tmp}/torture-tsmb.ko.txt"
	rc=$?
	gl_rmmod || rc=1
	gl_ext4_off "$fs"
	rm -f /tmp/tsmb-torture.img
	return $rc
}

restart() {
	TSMBD=$tsmbd tests/vm/guest-kernel-restart.sh
}

for p in $parts; do
	case $p in
	selftest) gl_part selftest selftest ;;
	user-cifs) gl_part user-cifs user_cifs ;;
	kernel) gl_part kernel kernel ;;
	torture) gl_part torture torture ;;
	restart) gl_part restart restart ;;
	*) echo "unknown part $p"; gl_failed=$((gl_failed + 1)) ;;
	esac
	# a part that failed half-way may leave the module loaded
	loaded && { echo "tsmb.ko still loaded after $p"; rmmod tsmb; }
done
gl_summary
