#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# files.py --port P --user U --password PW --share S --dir DIR [--mb N]
#
# File throughput as a user sees it, with Samba's smbclient over loopback:
# put and get of an N MiB file (SMB 3.1.1; plain, signed, encrypted) and a
# listing of a 10,000-file directory. Prints one JSON object of MB/s (and
# listings per second), best of three runs each.
import argparse
import json
import os
import subprocess
import time


def timed(cmd):
	t0 = time.monotonic()
	subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
		       timeout=600)
	return time.monotonic() - t0


def main():
	p = argparse.ArgumentParser()
	p.add_argument("--port", type=int, required=True)
	p.add_argument("--user", required=True)
	p.add_argument("--password", required=True)
	p.add_argument("--share", required=True)
	p.add_argument("--dir", required=True, help="the share's directory on this machine")
	p.add_argument("--src", required=True, help="a local file of --mb MiB")
	p.add_argument("--mb", type=int, default=256)
	a = p.parse_args()
	base = ["smbclient", "-s", "/dev/null", "//127.0.0.1/" + a.share, "-p", str(a.port),
		"-U", "%s%%%s" % (a.user, a.password), "-m", "SMB3_11"]
	out = {}
	for mode, opts in (("plain", []), ("signed", ["--client-protection=sign"]),
			   ("encrypted", ["--client-protection=encrypt"])):
		put = min(timed(base + opts + ["-c", "put %s big" % a.src]) for _ in range(3))
		get = min(timed(base + opts + ["-c", "get big /dev/null"]) for _ in range(3))
		out["put_MBps_" + mode] = round(a.mb / put, 1)
		out["get_MBps_" + mode] = round(a.mb / get, 1)
	many = os.path.join(a.dir, "many")
	os.makedirs(many, exist_ok=True)
	for i in range(10000):
		open(os.path.join(many, "f%05d" % i), "w").close()
	subprocess.run(["chown", "-R", "--reference=" + a.dir, many], check=True)
	ls = min(timed(base + ["-c", "cd many; ls"]) for _ in range(3))
	out["list_10000_per_s"] = round(1 / ls, 2)
	print(json.dumps(out))


if __name__ == "__main__":
	main()
