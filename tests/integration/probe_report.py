# SPDX-License-Identifier: GPL-2.0-or-later
#
# What the Python probes print: "ok NAME", "FAIL NAME: why", "skip NAME:
# known difference: why" for a case run.sh names in TSMB_EXPECT_FAIL (from
# known_differences.txt), and finally "N passed, N failed[, N skipped]",
# the line run.sh counts.

import os


class Report:
	def __init__(self):
		self.passed = 0
		self.failed = 0
		self.skipped = 0
		self.expect_fail = os.environ.get("TSMB_EXPECT_FAIL", "").split()

	def ok(self, name):
		self.passed += 1
		print("ok " + name, flush=True)

	def fail(self, name, why):
		if name in self.expect_fail:
			self.skipped += 1
			print("skip %s: known difference: %s" % (name, why), flush=True)
			return
		self.failed += 1
		print("FAIL %s: %s" % (name, why), flush=True)

	def check(self, name, cond, why):
		if cond:
			self.ok(name)
		else:
			self.fail(name, why)

	def summary(self):
		"""Prints the closing counts; the exit status."""
		if self.skipped:
			print("%d passed, %d failed, %d skipped" % (self.passed, self.failed,
								    self.skipped))
		else:
			print("%d passed, %d failed" % (self.passed, self.failed))
		return 1 if self.failed else 0
