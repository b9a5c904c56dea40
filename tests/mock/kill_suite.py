#!/usr/bin/env python3
"""kill_suite.py - kill -9 sc-fetch at random points, then rerun: nothing
is lost (the union of ids equals a clean run), every state file parses
after every kill, and no temp file is left after the rerun.  Run by
tests/fetch-kill.test."""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import FETCH, Mock, Tap, gendata, ids, rmtree, run_fetch, sanitizer_clean, state_files, tmpdir  # noqa: E402

RUNS = int(os.environ.get("SC_KILL_RUNS", "50"))
tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=12)
m = Mock(data, work, page_size=2, latency=15)
ARGS = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--base-url", m.base, "--parallel", "3"]
t0 = time.time()
s, gout, gerr = run_fetch(ARGS + ["--state", os.path.join(work, "golden")])
D = time.time() - t0
GOLD = ids(gout)
tap.ok(s == 0 and len(GOLD) == 99, "clean run: %d ids in %.2fs" % (len(GOLD), D), gerr)
rng = random.Random(int(os.environ.get("SC_KILL_SEED", "20261125")))
env = dict(os.environ, SC_TEST_TOKEN="tok")
plan = [(i, [rng.uniform(0.0, D * 1.2) for _ in range(rng.randint(1, 3))]) for i in range(RUNS)]
lock = threading.Lock()
res = []


def check_states(st):
    bad = []
    for f in state_files(st):
        if f.endswith(".tmp") or f.endswith("fetch.lock"):
            continue
        try:
            d = json.load(open(f))
            assert d["v"] == 1 and d["watermark"]
        except Exception as ex:
            bad.append("%s: %s" % (f, ex))
    return bad


def one(i, delays):
    st = os.path.join(work, "st%d" % i)
    outs, why = [], []
    killed = 0
    for k, dl in enumerate(delays):
        op = os.path.join(work, "out%d.%d" % (i, k))
        with open(op, "wb") as f:
            p = subprocess.Popen([FETCH] + ARGS + ["--state", st], stdout=f, stderr=subprocess.DEVNULL, env=env)
            time.sleep(dl)
            alive = p.poll() is None  # a kill counts only if it lands mid-run
            p.send_signal(signal.SIGKILL)
            p.wait()
            if alive and p.returncode == -signal.SIGKILL:
                killed += 1
        outs.append(open(op, encoding="utf-8", errors="replace").read())
        why += check_states(st)
    s, out, err = run_fetch(ARGS + ["--state", st])
    outs.append(out)
    if s != 0:
        why.append("rerun exit %d: %s" % (s, err))
    if not sanitizer_clean(err):
        why.append("sanitizer")
    tmps = [f for f in state_files(st) if f.endswith(".tmp")]
    if tmps:
        why.append("temp files left: %s" % tmps)
    got = set()
    for o in outs:
        got |= ids(o)
    if got != GOLD:
        why.append("missing %d ids" % len(GOLD - got))
    with lock:
        res.append((i, killed, why))
    rmtree(st)


def worker(q):
    while q:
        try:
            i, d = q.pop()
        except IndexError:
            return
        one(i, d)


q = list(plan)
ts = [threading.Thread(target=worker, args=(q,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
kills = 0
for i, n, why in sorted(res):
    kills += n
    tap.ok(not why, "run %d: %d kill -9 mid-run, then a rerun: nothing lost, state parses, no temp files" % (i, n), "\n".join(why))
# only processes still running when the signal was sent count (a kill after
# the run ended proves nothing); the delays reach past the clean run's length
tap.ok(kills >= 30, "%d runs killed mid-run in all" % kills)
m.stop()
rmtree(work)
tap.done()
