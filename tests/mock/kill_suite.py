#!/usr/bin/env python3
"""kill_suite.py - kill -9 sc-fetch at random points, then rerun: nothing
is lost (the union of ids equals a clean run), every state file parses
after every kill, and no temp file is left after the rerun.  Then the same
for the at-least-once pipeline of sc-fetch(1)'s EXAMPLES (sc-fetch
--spool, the take under the lock, sc-normalize into an archive): the whole
pipeline is killed anywhere, rerun, and the archive holds every record.
Only kills that hit a running process count.  Run by tests/fetch-kill.test."""
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
# every platform and every source, the named ones too (issue 14: each new
# source passes the same kill -9 suite)
data, prof = gendata(work, items=12, platforms="facebook,instagram,x,youtube,google,tiktok,linkedin", extras=True)
SOURCES = "comments,messages,mentions,tweets,reviews,visitor_posts,ratings,search,notifications"
m = Mock(data, work, page_size=2, latency=15)
ARGS = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--base-url", m.base, "--parallel", "3",
        "--source", SOURCES]
t0 = time.time()
s, gout, gerr = run_fetch(ARGS + ["--state", os.path.join(work, "golden")])
D = time.time() - t0
GOLD = ids(gout)
PAIRS = {(p_, src) for p_, src, _ in GOLD}
# (x search is asked, but recent search reaches 7 days back and the data is older: it finds nothing)
WANT = {("facebook", "comments"), ("facebook", "messages"), ("facebook", "visitor_posts"), ("facebook", "mentions"),
        ("facebook", "ratings"), ("instagram", "comments"), ("instagram", "messages"), ("instagram", "mentions"),
        ("x", "mentions"), ("x", "tweets"), ("x", "messages"), ("youtube", "comments"),
        ("google", "reviews"), ("tiktok", "comments"), ("linkedin", "comments"), ("linkedin", "notifications"),
        ("linkedin", "mentions")}
tap.ok(s == 0 and PAIRS == WANT, "clean run: %d ids of %d sources in %.2fs" % (len(GOLD), len(PAIRS), D),
       "%s\n%s" % (sorted(WANT ^ PAIRS), gerr))
rng = random.Random(int(os.environ.get("SC_KILL_SEED", "20261125")))
env = dict(os.environ, SC_TEST_TOKEN="tok")
plan = [(i, [rng.uniform(0.0, D * 1.2) for _ in range(rng.randint(1, 3))]) for i in range(RUNS)]
lock = threading.Lock()
res = []


def check_states(st):
    bad = []
    for f in state_files(st):
        if f.endswith(".tmp") or f.endswith("fetch.lock") or f.endswith("quota.json"):
            continue
        try:
            d = json.load(open(f))
            assert d["v"] == 1 and (d["watermark"] or d.get("resume"))
        except Exception as ex:
            bad.append("%s: %s" % (f, ex))
    return bad


def one(i, delays):
    st = os.path.join(work, "st%d" % i)
    outs, why, hits = [], [], 0
    for k, dl in enumerate(delays):
        op = os.path.join(work, "out%d.%d" % (i, k))
        with open(op, "wb") as f:
            p = subprocess.Popen([FETCH] + ARGS + ["--state", st], stdout=f, stderr=subprocess.DEVNULL, env=env)
            time.sleep(dl)
            if p.poll() is None:
                hits += 1
            p.send_signal(signal.SIGKILL)
            p.wait()
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
        res.append((i, hits, why))
    rmtree(st)


def pool(plan, fn):
    """Run fn(i, delays) for every entry of plan on four threads."""
    q = list(plan)

    def worker():
        while q:
            try:
                i, d = q.pop()
            except IndexError:
                return
            fn(i, d)
    ts = [threading.Thread(target=worker) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


pool(plan, one)
kills = 0
for i, n, why in sorted(res):
    kills += n
    tap.ok(not why, "run %d: %d kill -9, then a rerun: nothing lost, state parses, no temp files" % (i, n), "\n".join(why))
tap.ok(kills >= 50, "%d kills of a running sc-fetch in all" % kills)

# ---- the spool pipeline, killed anywhere
NORM = os.path.join(os.path.dirname(FETCH), "sc-normalize")
PIPE = r"""
d=$1; shift
sc_fetch=$1; sc_norm=$2; prof=$3; shift 3
"$sc_fetch" "$@" --state "$d/st" --spool "$d/spool.ndjson" 2>/dev/null
take=$d/taken.ndjson
[ -e "$take" ] || flock "$d/st/fetch.lock" sh -c '[ ! -e "$1" ] || mv "$1" "$2"' sh "$d/spool.ndjson" "$take"
if [ -e "$take" ]; then
    # a line cut by a kill in the archive stays a line of its own
    [ -s "$d/archive" ] && [ "$(tail -c1 "$d/archive")" != "" ] && echo >> "$d/archive"
    "$sc_norm" -p "$prof" "$take" >> "$d/archive" 2>/dev/null && sync "$d/archive" && rm "$take"
fi
"""


def pipeline(d, timeout=120):
    return subprocess.Popen(["sh", "-c", PIPE, "sh", d, FETCH, NORM, prof] + ARGS, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def archive_ids(d):
    got = set()
    try:
        text = open(os.path.join(d, "archive"), encoding="utf-8", errors="replace").read()
    except OSError:
        return got
    for line in text.splitlines():
        try:
            got.add(json.loads(line)["id"])
        except (ValueError, KeyError, TypeError):
            pass
    return got


gd = os.path.join(work, "pgold")
os.mkdir(gd)
t0 = time.time()
p = pipeline(gd)
p.wait(timeout=120)
PD = time.time() - t0
PGOLD = archive_ids(gd)
tap.ok(p.returncode == 0 and len(PGOLD) >= 90, "clean pipeline: %d records in %.2fs" % (len(PGOLD), PD))
PRUNS = int(os.environ.get("SC_KILL_PIPE_RUNS", "20"))
pres = []


def one_pipe(i, delays):
    d = os.path.join(work, "p%d" % i)
    os.mkdir(d)
    hits, why = 0, []
    for dl in delays:
        p = pipeline(d)
        time.sleep(dl)
        if p.poll() is None:
            hits += 1
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()
    for _ in range(2):      # the rerun, and one more to take what it spooled
        p = pipeline(d)
        p.wait(timeout=120)
    got = archive_ids(d)
    if got != PGOLD:
        why.append("archive misses %d records: %s" % (len(PGOLD - got), sorted(PGOLD - got)[:5]))
    with lock:
        pres.append((i, hits, why))
    rmtree(d)


pplan = [(i, [rng.uniform(0.0, PD * 1.1) for _ in range(rng.randint(1, 3))]) for i in range(PRUNS)]


pool(pplan, one_pipe)
pk = 0
for i, n, why in sorted(pres):
    pk += n
    tap.ok(not why, "pipeline %d: %d kill -9 of the whole pipeline, then reruns: the archive has every record" % (i, n),
           "\n".join(why))
tap.ok(pk >= 20, "%d kills of a running pipeline in all" % pk)
m.stop()
rmtree(work)
tap.done()
