#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Subtest bookkeeping for run.sh: no server, no network.

  results.py names SUITE LISTFILE
      smbtorture --list output -> the subtest names smbtorture reports with
      --fullname (one per line)
  results.py parse SUITE SUBUNIT EXPECTED RC
      smbtorture --format=subunit --fullname output of one suite run ->
      "NAME STATUS" lines on stdout; RC is smbtorture's exit status under
      timeout(1) (124/137 = killed by the per-suite timeout)
  results.py collect RESULTS FILE...
      the "NAME STATUS" lines of the FILEs, sorted by name, into RESULTS
  results.py compare RESULTS BASELINE EXTRA SUITE...
      prints regressions, newly passing subtests and counts; exit 1 when a
      subtest that passes in BASELINE does not pass in RESULTS; EXTRA
      failures (the server died) are added to the closing line
  results.py update RESULTS BASELINE FORCE SUITE...
      replaces the BASELINE entries of those suites by RESULTS, keeping the
      other suites'; refuses (exit 1) to turn a pass into anything else
      unless FORCE is 1
"""
import os
import sys

STATUSES = ("pass", "fail", "skip", "error", "timeout")
# When one name is reported twice (a test that loops over variants), the
# worse outcome is the one that stays.
RANK = {"pass": 0, "skip": 1, "fail": 2, "error": 3, "timeout": 4}
SUBUNIT = {
    "success": "pass", "successful": "pass", "uxsuccess": "pass",
    "failure": "fail", "fail": "fail", "xfail": "fail",
    "skip": "skip", "error": "error",
}
TIMEOUT_RCS = (124, 137)


def list_names(suite, path):
    """smbtorture --list prints every test as CASE.TEST, and a case made of
    one test (nearly all of them) repeats its name ("smb2.read.eof.eof",
    "smb2.connect.connect") while --fullname reports "smb2.read.eof" and
    "smb2.connect"."""
    names = []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line.startswith(suite + ".") and line != suite:
                continue
            parts = line.split(".")
            if len(parts) > 2 and parts[-1] == parts[-2]:
                parts = parts[:-1]
            names.append(".".join(parts))
    return names


def worse(a, b):
    return a if a and RANK[a] >= RANK[b] else b


def parse_subunit(path):
    """Returns (outcomes, started): subunit v1 outcome lines at column 0;
    the "[ ... ]" blocks after an outcome carry the failure text and are
    skipped so that text can never be read as an outcome."""
    outcomes = {}
    started = []
    in_block = False
    with open(path, errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if in_block:
                if line == "]":
                    in_block = False
                continue
            word, sep, rest = line.partition(": ")
            if not sep:
                word, sep, rest = line.partition(" ")
            if word == "test":
                started.append(rest.strip())
                continue
            if word not in SUBUNIT:
                continue
            # names may hold spaces ("smb2.delete-on-close-perms.CREATE
            # Existing"); the optional block opener is the last word
            name = rest.strip()
            if name.endswith("[") or name.endswith("[ multipart"):
                in_block = True
                name = name[:name.rindex("[")].strip()
            if name:
                outcomes[name] = worse(outcomes.get(name), SUBUNIT[word])
    return outcomes, started


def parse(suite, subunit, expected_path, rc):
    expected = []
    with open(expected_path) as f:
        expected = [l.strip() for l in f if l.strip()]
    # a name given by "test:" keeps its spaces too

    outcomes, started = parse_subunit(subunit)
    lost = "timeout" if rc in TIMEOUT_RCS else "error"
    res = {}
    # An outcome for a name above some expected subtests (the suite or a
    # sub-suite failing as a whole) applies to those of its subtests that
    # have no outcome of their own.
    for name, st in outcomes.items():
        kids = [e for e in expected if e.startswith(name + ".")]
        if kids and name not in expected:
            for k in kids:
                if k not in outcomes:
                    res[k] = worse(res.get(k), st)
            continue
        res[name] = worse(res.get(name), st)
    # Started without an outcome: the one running when smbtorture died or
    # was killed.  Never reported: not reached for the same reason.
    for name in started + expected:
        if name and name not in res:
            res[name] = lost
    # a suite smbtorture does not know (a typo) must not vanish silently
    if not res:
        res[suite] = lost
    for name in sorted(res):
        print(name, res[name])


def load(path):
    res = {}
    try:
        f = open(path)
    except FileNotFoundError:
        return None
    with f:
        for line in f:
            if line.lstrip().startswith("#"):
                continue
            line = line.strip().rsplit(None, 1)
            if len(line) == 2 and line[1] in STATUSES:
                res[line[0]] = line[1]
    return res


def in_suites(name, suites):
    return any(name == s or name.startswith(s + ".") for s in suites)


def compare(results_path, baseline_path, extra, suites):
    now = {n: st for n, st in (load(results_path) or {}).items()
           if in_suites(n, suites)}
    base = load(baseline_path)
    counts = {s: 0 for s in STATUSES}
    for st in now.values():
        counts[st] += 1
    print("results: " + ", ".join("%d %s" % (counts[s], s)
                                  for s in STATUSES) +
          " (%d subtests)" % len(now))
    if base is None:
        print("no baseline %s: nothing to compare" % baseline_path)
        print("%d passed, %d failed" % (counts["pass"], extra))
        return 1 if extra else 0
    regressed = sorted(n for n, st in base.items()
                       if st == "pass" and in_suites(n, suites)
                       and now.get(n) != "pass")
    newly = sorted(n for n, st in now.items()
                   if st == "pass" and in_suites(n, suites)
                   and base.get(n) != "pass")
    for n in regressed:
        print("REGRESSION %s: pass in the baseline, %s now"
              % (n, now.get(n, "missing")))
    for n in newly:
        print("NEWLY PASSING %s (was %s)" % (n, base.get(n, "absent")))
    if newly:
        print("newly passing subtests: record them with run.sh "
              "--update-baseline and commit %s" % baseline_path)
    print("baseline: %d pass; %d regressions, %d newly passing"
          % (sum(1 for n, st in base.items()
                 if st == "pass" and in_suites(n, suites)),
             len(regressed), len(newly)))
    print("%d passed, %d failed" % (counts["pass"], len(regressed) + extra))
    return 1 if regressed or extra else 0


def update(results_path, baseline_path, force, suites):
    now = load(results_path) or {}
    base = load(baseline_path) or {}
    lost = sorted(n for n, st in base.items()
                  if st == "pass" and in_suites(n, suites)
                  and now.get(n) != "pass")
    if lost and not force:
        for n in lost:
            print("not updating: %s passes in the baseline, %s now"
                  % (n, now.get(n, "missing")))
        print("the baseline only grows: fix the regression, or pass "
              "--force-update if a pass was wrong (say why in the commit)")
        return 1
    merged = {n: st for n, st in base.items() if not in_suites(n, suites)}
    merged.update((n, st) for n, st in now.items() if in_suites(n, suites))
    write(baseline_path, merged)
    print("baseline %s updated: %d subtests, %d pass"
          % (baseline_path, len(merged),
             sum(1 for st in merged.values() if st == "pass")))
    return 0


def write(path, res):
    with open(path + ".tmp", "w") as f:
        for n in sorted(res):
            f.write("%s %s\n" % (n, res[n]))
    os.replace(path + ".tmp", path)


def collect(out, paths):
    res = {}
    for p in paths:
        for n, st in (load(p) or {}).items():
            res[n] = worse(res.get(n), st)
    write(out, res)
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "names":
        for n in list_names(argv[2], argv[3]):
            print(n)
        return 0
    if len(argv) == 6 and argv[1] == "parse":
        parse(argv[2], argv[3], argv[4], int(argv[5]))
        return 0
    if len(argv) >= 3 and argv[1] == "collect":
        return collect(argv[2], argv[3:])
    if len(argv) >= 5 and argv[1] == "compare":
        return compare(argv[2], argv[3], int(argv[4]), argv[5:])
    if len(argv) >= 5 and argv[1] == "update":
        return update(argv[2], argv[3], argv[4] == "1", argv[5:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
