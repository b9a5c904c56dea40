#!/usr/bin/env python3
"""loss_suite.py - the six ways sc-fetch lost or blocked messages (issue
17), each reproduced against the mock, and the messages that are not about
access.  Run by tests/fetch-loss.test.

  1 items created during a run (a watermark past the run's start)
  2 a timestamp in the future (and a future --since)
  3 --max-pages finishes a source over several runs
  4 a reader that goes away (SIGPIPE/EPIPE): 74, no state moved
  5 closed stdout: 74, nothing written into another file
  6 one failed page: the next run goes on from it
"""
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (FETCH, Mock, Tap, gendata, ids, rmtree, run_fetch, state_files,  # noqa: E402
                     tmpdir, watermarks)

tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=12)
COMMON = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--timeout", "5s", "--max-wait", "5s"]
N = [0]


def mock(**kw):
    N[0] += 1
    d = os.path.join(work, "m%d" % N[0])
    os.mkdir(d)
    return Mock(data, d, **kw)


def state(name):
    return os.path.join(work, "st-" + name)


def comment(cid, text):
    return {"id": cid, "from": {"id": "u77", "name": "Klient"}, "message": text}


# the reference: everything, in one run without limits
m = mock(page_size=3)
s, ref_out, err = run_fetch(COMMON + ["--state", state("ref"), "--base-url", m.base])
REF = ids(ref_out)
tap.ok(s == 0 and len(REF) > 90, "reference run: exit 0, all items", "exit %d, %d ids\n%s" % (s, len(REF), err))

# ---- 1. an item created on an already-read post while the run goes on
m.faults([{"match": "/100001_903/comments", "nth": 1, "fault": "add", "items": [
    {"path": ["graph", "comments", "100001_901"], "item": comment("90101_8001", "dopisany w trakcie"),
     "stamp": "created_time", "offset": 2, "format": "graph"},
    {"path": ["graph", "comments", "100001_903"], "item": comment("90103_8002", "najnowszy"),
     "stamp": "created_time", "offset": 3, "format": "graph"}]}])
st1 = state("1")
a = ["--profile", "fb1", "--source", "comments", "--parallel", "1", "--overlap", "0s", "--state", st1,
     "--base-url", m.base]
s1, o1, e1 = run_fetch(COMMON + a)
got1 = {i[2] for i in ids(o1)}
tap.ok(s1 == 0 and "90103_8002" in got1 and "90101_8001" not in got1,
       "1: the first run sees the newest item but not the one added behind it", "exit %d\n%s" % (s1, e1))
wm = watermarks(st1)[("fb1", "comments")][0]
tap.ok(wm <= int(time.time()), "1: the watermark is not later than the run's start", wm)
m.faults([])
s2, o2, e2 = run_fetch(COMMON + a)
tap.ok(s2 == 0 and "90101_8001" in {i[2] for i in ids(o2)},
       "1: the next run brings the item created during the first run", "exit %d\n%s" % (s2, e2))

# ---- 1b. the same when the window takes several runs (checkpoints): the
# cap is the first run's start, not the last one's
m1b = mock(page_size=1)
st1b = state("1b")
a1b = COMMON + ["--profile", "fb1", "--source", "comments", "--max-pages", "1", "--overlap", "0s",
                "--state", st1b, "--base-url", m1b.base]
s, o, e = run_fetch(a1b)
seen1b, runs1b = ids(o), 1
tap.ok(s == 75, "1b: --max-pages 1 at page size 1: the first run stops with a checkpoint", "exit %d\n%s" % (s, e))
m1b.faults([{"match": "published_posts", "nth": 1, "fault": "add", "items": [
    {"path": ["graph", "comments", "100001_901"], "item": comment("90101_8101", "za czytanym"),
     "stamp": "created_time", "offset": 1, "format": "graph"},
    {"path": ["graph", "comments", "100001_902"], "item": comment("90102_8102", "najnowszy"),
     "stamp": "created_time", "offset": 2, "format": "graph"}]}])
time.sleep(1)
while runs1b < 30:
    runs1b += 1
    s, o, e = run_fetch(a1b)
    seen1b |= ids(o)
    if runs1b == 2:
        time.sleep(3)   # the later runs start well after both new comments
    if s == 0:
        break
s, o, e = run_fetch(a1b)
seen1b |= ids(o)
got1b = {i[2] for i in seen1b}
tap.ok("90102_8102" in got1b and "90101_8101" in got1b,
       "1b: a comment made behind a checkpointed walk comes in a later run (%d runs)" % runs1b,
       "exit %d, 8101 %s, 8102 %s\n%s" % (s, "90101_8101" in got1b, "90102_8102" in got1b, e))

# ---- 2. timestamps in the future
m2 = mock(page_size=3)
m2.faults([{"match": "published_posts", "nth": 1, "fault": "add", "items": [
    {"path": ["graph", "comments", "100001_901"], "item": comment("90101_9001", "za 3 godziny"),
     "stamp": "created_time", "offset": 3 * 3600, "format": "graph"},
    {"path": ["graph", "comments", "100001_902"], "item": comment("90102_9002", "za 2 dni"),
     "stamp": "created_time", "offset": 2 * 86400, "format": "graph"}]}])
st2 = state("2")
a2 = ["--profile", "fb1", "--source", "comments", "--state", st2, "--base-url", m2.base]
s, o, e = run_fetch(COMMON + a2)
got = {i[2] for i in ids(o)}
tap.ok(s == 0 and {"90101_9001", "90102_9002"} <= got, "2: future items are kept (emitted)", "exit %d\n%s" % (s, e))
tap.ok(e.count("stamped in the future") == 1 and "2 items" in e, "2: and reported once for the source", e)
wm = watermarks(st2)[("fb1", "comments")][0]
tap.ok(0 < wm <= int(time.time()), "2: the watermark stays at the run's start, not in the future", wm)
m2.faults([{"match": "published_posts", "nth": 1, "fault": "add", "items": [
    {"path": ["graph", "comments", "100001_901"], "item": comment("90101_9003", "teraz"),
     "stamp": "created_time", "offset": -20, "format": "graph"},
    {"path": ["graph", "comments", "100001_903"], "item": comment("90103_9004", "za godzine"),
     "stamp": "created_time", "offset": 3600, "format": "graph"}]}])
s, o, e = run_fetch(COMMON + a2)
got = {i[2] for i in ids(o)}
tap.ok(s == 0 and "90101_9003" in got,
       "2: the next run is not blocked (no 78) and brings a comment from now", "exit %d\n%s" % (s, e))
tap.ok({"90101_9001", "90102_9002", "90103_9004"} <= got and e.count("stamped in the future") == 1 and
       "1 item stamped" in e, "2: the future items come again, but only the new one is reported", e)
s, o, e = run_fetch(COMMON + a2)
tap.ok(s == 0 and "stamped in the future" not in e and {"90101_9001", "90103_9004"} <= {i[2] for i in ids(o)},
       "2: a third run reports none of them again (each is reported once)", "exit %d\n%s" % (s, e))
fut = json.load(open(os.path.join(st2, "fetch/fb1/comments.json"))).get("future", {})
tap.ok(sorted(fut) == ["90101_9001", "90102_9002", "90103_9004"], "2: the state keeps the ids reported", fut)
s, o, e = run_fetch(COMMON[:2] + ["--since", "2099-01-01", "--state", state("2f"), "--base-url", m2.base])
tap.ok(s == 64 and "in the future" in e and not os.path.exists(os.path.join(state("2f"), "fetch")),
       "2: a future --since is a usage error (64), no state written", "exit %d\n%s" % (s, e))

# ---- 2p. a state an older sc-fetch poisoned: its watermark moved to a comment
# 3 h ahead, within the day the loader tolerates; a comment of 5 minutes ago
# must not be skipped (the watermark is pulled back to the state's saved_at)
st2p = state("2p")
a2p = ["--profile", "fb1", "--source", "comments", "--state", st2p, "--base-url", m2.base, "--overlap", "1m"]
s, o, e = run_fetch(COMMON + a2p)
sf = os.path.join(st2p, "fetch/fb1/comments.json")
doc = json.load(open(sf))
tnow = int(time.time())
doc["watermark"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(tnow + 3 * 3600))
doc["saved_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(tnow - 600))
with open(sf, "w") as f:
    json.dump(doc, f)
m2.faults([{"match": "published_posts", "nth": 1, "fault": "add", "items": [
    {"path": ["graph", "comments", "100001_902"], "item": comment("90102_9005", "5 minut temu"),
     "stamp": "created_time", "offset": -300, "format": "graph"}]}])
s, o, e = run_fetch(COMMON + a2p)
tap.ok(s == 0 and "90102_9005" in {i[2] for i in ids(o)} and "is later than it was saved" in e,
       "2p: a poisoned watermark 3 h ahead is pulled back to the state's saved_at: the comment of 5 minutes ago "
       "comes, and it is said", "exit %d\n%s" % (s, e))
tap.ok(0 < watermarks(st2p)[("fb1", "comments")][0] <= int(time.time()), "2p: the watermark saved is not in the future",
       watermarks(st2p))
m2.faults([])

# ---- 3. --max-pages 1 finishes every source over several runs: each run
# goes on from the checkpoint of the one before (a source whose window
# needs more pages than the limit never finished before)
m3 = mock(page_size=3)
st3 = state("3")
seen, runs, finished = set(), 0, set()
while runs < 15 and (len(finished) < 9 or seen != REF):
    runs += 1
    last, o, e = run_fetch(COMMON + ["--max-pages", "1", "--state", st3, "--base-url", m3.base])
    seen |= ids(o)
    for f in state_files(st3):
        if f.endswith(".json"):
            d = json.load(open(f))
            if d.get("watermark") and "resume" not in d:
                finished.add((d["profile"], d["source"]))
tap.ok(len(finished) == 9 and seen == REF, "3: --max-pages 1 finishes all 9 sources with every item (%d runs)" % runs,
       "%d runs, finished %s, %d of %d ids" % (runs, sorted(finished), len(seen & REF), len(REF)))
tap.ok(runs > 2, "3: (it took more than one run: the limit was hit)", runs)

# ---- 4. the reader goes away (sc-fetch | head)
m4 = mock(page_size=3, latency=20)
st4 = state("4")
env = dict(os.environ, SC_TEST_TOKEN="tok-test-0001")
p = subprocess.Popen([FETCH] + COMMON + ["--state", st4, "--base-url", m4.base, "--parallel", "2"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, stdin=subprocess.DEVNULL)
for _ in range(5):
    p.stdout.readline()
p.stdout.close()
err4 = p.stderr.read().decode()
p.wait(timeout=120)
tap.ok(p.returncode == 74 and "Broken pipe" in err4, "4: a closed pipe is a write error: 74 with a message",
       "exit %d\n%s" % (p.returncode, err4))
tap.ok(watermarks(st4) == {}, "4: no state moved", watermarks(st4))

# ---- 4b. the reader goes away after sc-fetch wrote its last line, with
# lines still unread in the pipe (sc-fetch | head, the rest fitting in the
# pipe buffer): those lines are lost to the reader, so no state may move
A4 = COMMON + ["--profile", "fb1", "--source", "comments", "--base-url", m4.base]
m4.faults([])
s, o, e = run_fetch(A4 + ["--state", state("4ref")])
nreq = len(m4.requests())
m4.faults([])
st4b = state("4b")
p = subprocess.Popen([FETCH] + A4 + ["--state", st4b], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                     stdin=subprocess.DEVNULL)
p.stdout.readline()
# wait until every request was answered (then sc-fetch has written all), or it exits
for _ in range(300):
    if p.poll() is not None or len(m4.requests()) >= nreq:
        break
    time.sleep(0.05)
time.sleep(0.3)
p.stdout.close()
err4 = p.stderr.read().decode()
p.wait(timeout=60)
tap.ok(s == 0 and nreq > 3 and p.returncode == 74 and watermarks(st4b) == {},
       "4b: a reader gone with lines unread after the last page: 74, no state moved",
       "reference exit %d, %d requests; exit %d, state %s\n%s" % (s, nreq, p.returncode, watermarks(st4b), err4))
# a reader that takes every line: the state moves as with a file
p = subprocess.run(["sh", "-c", '"$0" "$@" | cat > /dev/null', FETCH] + A4 + ["--state", state("4c")],
                   stderr=subprocess.PIPE, env=env, stdin=subprocess.DEVNULL, timeout=60)
tap.ok(p.returncode == 0 and ("fb1", "comments") in watermarks(state("4c")),
       "4c: a reader that takes everything: exit 0, state saved", "exit %d\n%s" % (p.returncode, p.stderr))

# ---- 5. closed stdout
st5 = state("5")
p = subprocess.run(["sh", "-c", 'exec "$0" "$@" >&-', FETCH] + COMMON + ["--state", st5, "--base-url", m4.base],
                   stderr=subprocess.PIPE, env=env, stdin=subprocess.DEVNULL, timeout=60)
lock = os.path.join(st5, "fetch.lock")
tap.ok(p.returncode == 74 and b"standard output is closed" in p.stderr,
       "5: closed stdout exits 74 with a message", "exit %d %s" % (p.returncode, p.stderr))
tap.ok((not os.path.exists(lock) or os.path.getsize(lock) == 0) and watermarks(st5) == {},
       "5: nothing written into the lock file, no state")
sp5 = os.path.join(work, "spool5")
p = subprocess.run(["sh", "-c", 'exec "$0" "$@" >&-', FETCH] + COMMON +
                   ["--profile", "fb1", "--state", state("5s"), "--spool", sp5, "--base-url", m4.base],
                   stderr=subprocess.PIPE, env=env, stdin=subprocess.DEVNULL, timeout=60)
lock = os.path.join(state("5s"), "fetch.lock")
tap.ok(p.returncode == 0 and len(ids(open(sp5).read())) == len([i for i in REF if i[0] == "facebook"]) and
       os.path.getsize(lock) == 0 and ("fb1", "comments") in watermarks(state("5s")),
       "5: with --spool a closed stdout is no error: every item in the spool, none in the lock file",
       "exit %d %s" % (p.returncode, p.stderr))

# ---- 6. one failed page: the next run goes on from it
m6 = mock(page_size=3)
m6.faults([{"match": "reviews.*pageToken", "nth": 2, "fault": "503"}])
st6 = state("6")
a6 = COMMON + ["--profile", "gbp1", "--retries", "0", "--state", st6, "--base-url", m6.base]
s, o6a, e = run_fetch(a6)
ck6 = os.path.join(st6, "fetch/gbp1/reviews.json")
ck = json.load(open(ck6)) if os.path.exists(ck6) else {}
tap.ok(s == 75 and ck.get("watermark") is None and len(ck.get("resume", {}).get("walks", [])) == 1,
       "6: a page that fails for good leaves a checkpoint of its walk (75)", "exit %d %s\n%s" % (s, ck, e))
m6.faults([])
s, o6b, e = run_fetch(a6)
reqs = [r for r in m6.requests() if "/reviews" in r["path"]]
gbp_ref = {i for i in REF if i[0] == "google"}
tap.ok(s == 0 and reqs and "pageToken" in reqs[0]["query"] and ids(o6a) | ids(o6b) == gbp_ref,
       "6: the next run starts at the failed page and completes the source",
       "exit %d, first query %s\n%s" % (s, reqs[0]["query"] if reqs else None, e))
tap.ok(len(reqs) == 2, "6: only the pages not read before are asked (2 of 4)", len(reqs))

# ---- messages that are not about access
bad = os.path.join(work, "bad.csv")
with open(prof) as f:
    rows = f.read().splitlines()
hdr = rows[0].split(",")
fb = [r for r in rows if r.startswith("fb1,")][0].split(",")
fb[hdr.index("account_id")] = "999999"
with open(bad, "w") as f:
    f.write(rows[0] + "\n" + ",".join(fb) + "\n")
s, o, e = run_fetch(["-p", bad, "--source", "messages", "--state", state("m1"), "--since", "2026-11-01",
                     "--base-url", m.base])
tap.ok(s == 78 and "does not exist" in e and "check account_id" in e and "access" not in e,
       "a page id that does not exist: 78, said so, not an access problem", "exit %d\n%s" % (s, e))
s, o, e = run_fetch(["-p", prof, "--state", state("m2"), "--base-url", m.base + "/v21.0"])
tap.ok(s == 64 and "API version" in e, "--base-url with an API version: 64, said so", "exit %d\n%s" % (s, e))
m.faults([{"match": "/100001/conversations", "nth": "always", "fault": "http", "status": 200,
           "body": {"data": [], "paging": {"next": "http://127.0.0.2:9/v21.0/100001/conversations?after=x"}}}])
s, o, e = run_fetch(["-p", prof, "--profile", "fb1", "--source", "messages", "--state", state("m3"),
                     "--since", "2026-11-01", "--base-url", m.base])
tap.ok(s == 76 and "another host" in e and "access" not in e,
       "a paging link to another host: 76 (protocol), said so", "exit %d\n%s" % (s, e))
m.faults([])
s, o, e = run_fetch(["-p", prof, "--profile", "fb1", "--state", state("m4"), "--base-url", m.base],
                    env_extra={"SC_TEST_TOKEN": ""})
tap.ok(s == 78 and "SC_TEST_TOKEN is empty" in e, "an empty token variable says it is empty", e)
# a file: token path is relative to profiles.csv, wherever sc-fetch runs
sub = os.path.join(work, "client")
os.mkdir(sub)
with open(os.path.join(sub, "fb.token"), "w") as f:
    f.write("tok-test-0001\n")
os.chmod(os.path.join(sub, "fb.token"), 0o600)
fbrow = [r for r in rows if r.startswith("fb1,")][0].split(",")
fbrow[hdr.index("token")] = "file:fb.token"
with open(os.path.join(sub, "profiles.csv"), "w") as f:
    f.write(rows[0] + "\n" + ",".join(fbrow) + "\n")
s, o, e = run_fetch(["-p", os.path.join(sub, "profiles.csv"), "--source", "comments;messages",
                     "--state", state("m5"), "--since", "2026-11-01", "--base-url", m3.base])
tap.ok(s == 0 and len(ids(o)) == len([i for i in REF if i[0] == "facebook"]),
       "a file: token relative to profiles.csv; --source takes ';' as profiles.csv does", "exit %d\n%s" % (s, e))

for x in (m, m1b, m2, m3, m4, m6):
    x.stop()
rmtree(work)
tap.done()
