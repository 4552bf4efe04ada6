#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cifs_random.py --mount DIR --local DIR [--seed N] [--ops N] [--name NAME]
#
# A seeded run of random file operations applied twice: once under DIR on
# a mounted SMB share (Linux's cifs client) and once under a local
# directory, where the kernel's own file system defines the expected
# result. Each operation's outcome (its return value or errno, and what a
# read returns) must be the same in both, and at the end both trees must
# hold the same names, types, sizes and contents (SHA-256).
#
# Operations: create (O_CREAT, with or without O_EXCL/O_TRUNC), write at an
# offset (past the end too), truncate (grow and shrink), read at an offset,
# rename (files and directories, onto existing names too), unlink, mkdir,
# rmdir (empty or not), readdir, stat (type and size). Names are drawn from
# a small set, so operations keep meeting existing and missing names.
#
# One difference is the client's (see equivalent()) and is counted, not
# failed. Only the standard library; stdout: "ok NAME" / "FAIL NAME: why", then
# "N passed, N failed". Both directories must exist and be empty.

import argparse
import errno
import hashlib
import os
import random
import stat
import sys

NAMES = ["a", "b", "c", "Dir1", "dir2", "long name with spaces.txt",
	 "x.dat", "\u00e9t\u00e9"]
MAX_DEPTH = 3
MAX_SIZE = 1 << 20


class Tree:
	"""One of the two sides: every path is relative to its root."""

	def __init__(self, root):
		self.root = root

	def p(self, rel):
		return os.path.join(self.root, rel) if rel else self.root

	def run(self, op, args):
		"""Runs one operation; returns a comparable outcome."""
		try:
			return ("ok", getattr(self, "op_" + op)(*args))
		except OSError as e:
			return ("err", errno.errorcode.get(e.errno, str(e.errno)))

	def op_create(self, rel, flags):
		fl = os.O_CREAT | os.O_WRONLY
		if "excl" in flags:
			fl |= os.O_EXCL
		if "trunc" in flags:
			fl |= os.O_TRUNC
		os.close(os.open(self.p(rel), fl, 0o644))
		return None

	def op_write(self, rel, off, seed, length):
		data = random.Random(seed).randbytes(length)
		fd = os.open(self.p(rel), os.O_WRONLY)
		try:
			return os.pwrite(fd, data, off)
		finally:
			os.close(fd)

	def op_read(self, rel, off, length):
		fd = os.open(self.p(rel), os.O_RDONLY)
		try:
			return hashlib.sha256(os.pread(fd, length, off)).hexdigest()
		finally:
			os.close(fd)

	def op_truncate(self, rel, size):
		os.truncate(self.p(rel), size)
		return None

	def op_rename(self, src, dst):
		os.rename(self.p(src), self.p(dst))
		return None

	def op_unlink(self, rel):
		os.unlink(self.p(rel))
		return None

	def op_mkdir(self, rel):
		os.mkdir(self.p(rel))
		return None

	def op_rmdir(self, rel):
		os.rmdir(self.p(rel))
		return None

	def op_readdir(self, rel):
		return sorted(os.listdir(self.p(rel)))

	def op_stat(self, rel):
		st = os.stat(self.p(rel))
		if stat.S_ISDIR(st.st_mode):
			return ("dir",)
		return ("file", st.st_size)

	def snapshot(self):
		"""Every path under the root: type, size and SHA-256 of files."""
		out = {}
		for top, dirs, files in os.walk(self.root):
			rel_top = os.path.relpath(top, self.root)
			for d in dirs:
				out[os.path.normpath(os.path.join(rel_top, d))] = ("dir",)
			for f in files:
				full = os.path.join(top, f)
				h = hashlib.sha256()
				with open(full, "rb") as fh:
					for chunk in iter(lambda: fh.read(1 << 16), b""):
						h.update(chunk)
				out[os.path.normpath(os.path.join(rel_top, f))] = (
					"file", os.path.getsize(full), h.hexdigest())
		return out


class Model:
	"""What the local side holds, to draw paths that mostly exist."""

	def __init__(self, local):
		self.local = local

	def paths(self, want):
		res = []
		for top, dirs, files in os.walk(self.local.root):
			rel = os.path.relpath(top, self.local.root)
			rel = "" if rel == "." else rel
			if want in ("dir", "any"):
				res += [os.path.join(rel, d) for d in dirs]
			if want in ("file", "any"):
				res += [os.path.join(rel, f) for f in files]
		return sorted(res)

	def pick(self, rng, want, existing):
		"""An existing path of that kind with probability existing, else
		a name in an existing directory (which may exist, as any kind)."""
		have = self.paths(want)
		if have and rng.random() < existing:
			return rng.choice(have)
		dirs = [""] + [d for d in self.paths("dir")
			       if d.count(os.sep) < MAX_DEPTH - 1]
		return os.path.join(rng.choice(dirs), rng.choice(NAMES))


def equivalent(op, want, got):
	"""Outcomes that differ because of the client, not the server.

	Renaming a directory onto a non-empty one: the server refuses to
	replace a directory (STATUS_ACCESS_DENIED, [MS-FSA] 2.1.5.14.11, or
	a name collision), Linux's cifs client then tries to remove the
	target, which fails with ENOTEMPTY, and returns the first error
	(fs/smb/client/inode.c, cifs_rename2()), so ENOTEMPTY cannot reach
	the caller whatever the server does."""
	return (op == "rename" and want == ("err", "ENOTEMPTY") and
		got in (("err", "EACCES"), ("err", "EEXIST")))


def gen(rng, model):
	"""One random operation as (name, args)."""
	op = rng.choices(
		["create", "write", "read", "truncate", "rename", "unlink",
		 "mkdir", "rmdir", "readdir", "stat"],
		[14, 20, 10, 8, 10, 5, 8, 4, 5, 6])[0]
	if op == "create":
		flags = rng.choice([[], ["excl"], ["trunc"]])
		return op, (model.pick(rng, "file", 0.2), flags)
	if op == "write":
		off = rng.choice([0, rng.randrange(MAX_SIZE),
				  rng.randrange(4096)])
		length = rng.choice([1, rng.randrange(1, 70000), 4096])
		return op, (model.pick(rng, "file", 0.9), off, rng.getrandbits(32),
			    length)
	if op == "read":
		return op, (model.pick(rng, "file", 0.9), rng.randrange(MAX_SIZE // 2),
			    rng.randrange(1, 200000))
	if op == "truncate":
		return op, (model.pick(rng, "file", 0.9), rng.randrange(MAX_SIZE))
	if op == "rename":
		return op, (model.pick(rng, "any", 0.9), model.pick(rng, "any", 0.4))
	if op == "unlink":
		return op, (model.pick(rng, "file", 0.8),)
	if op == "mkdir":
		return op, (model.pick(rng, "dir", 0.1),)
	if op == "rmdir":
		return op, (model.pick(rng, "dir", 0.8),)
	if op == "readdir":
		return op, (rng.choice([""] + model.paths("dir")),)
	return op, (model.pick(rng, "any", 0.8),)


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("--mount", required=True)
	ap.add_argument("--local", required=True)
	ap.add_argument("--seed", type=int, default=1)
	ap.add_argument("--ops", type=int, default=300)
	ap.add_argument("--name", default="cifs_random")
	ap.add_argument("-v", action="store_true")
	a = ap.parse_args()

	remote, local = Tree(a.mount), Tree(a.local)
	model = Model(local)
	rng = random.Random(a.seed)
	passed = failed = 0
	mismatches = []
	counts = {}
	for i in range(a.ops):
		op, args = gen(rng, model)
		want = local.run(op, args)
		got = remote.run(op, args)
		counts[op] = counts.get(op, 0) + 1
		if a.v:
			print("#%d %s%r -> %r" % (i, op, args, got))
		if want != got and equivalent(op, want, got):
			counts["client_equivalent"] = counts.get(
				"client_equivalent", 0) + 1
		elif want != got:
			mismatches.append("op %d %s%r: local %r, share %r" %
					  (i, op, args, want, got))
			# the trees now differ: later outcomes would only echo this
			break
	name = "%s_seed%d_%dops" % (a.name, a.seed, a.ops)
	if mismatches:
		print("FAIL %s_outcomes: %s" % (name, mismatches[0]))
		failed += 1
	else:
		print("ok %s_outcomes (%s)" % (name, " ".join(
			"%s=%d" % kv for kv in sorted(counts.items()))))
		passed += 1

	want, got = local.snapshot(), remote.snapshot()
	if want == got:
		print("ok %s_final_tree (%d entries)" % (name, len(want)))
		passed += 1
	else:
		diff = sorted(set(want.items()) ^ set(got.items()))
		print("FAIL %s_final_tree: %d differences, first %r" %
		      (name, len(diff), diff[:3]))
		failed += 1
	print("%d passed, %d failed" % (passed, failed))
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main())
