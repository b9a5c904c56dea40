#!/usr/bin/env python3
"""quota_suite.py - sc-fetch's quota memory (issue 14) against the mock:
limits with an end (an X window used up, a 429 reset past --max-wait, an
X usage cap, a YouTube quota, a LinkedIn DAY limit, Graph's time to
regain access) are kept in DIR/fetch/quota.json and the next run does not
ask that token at all; Graph usage headers past --slow-at pace the
token's requests, in the run and from the first request of the next one;
other tokens and platforms go on; the token never reaches the file; a
damaged file is ignored.  Run by tests/fetch-quota.test."""
import calendar
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Mock, Tap, envelopes, gendata, rmtree, run_fetch, tmpdir  # noqa: E402

tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=6, platforms="facebook,x,youtube,linkedin")
m = Mock(data, work, page_size=2)
F = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--retries", "2", "--max-wait", "1s",
     "--timeout", "2s", "--base-url", m.base]
N = [0]


def st():
    N[0] += 1
    return os.path.join(work, "st%d" % N[0])


def quota(d):
    try:
        return json.load(open(os.path.join(d, "fetch", "quota.json")))
    except (OSError, ValueError):
        return {}


def until(q, plat):
    hs = [h for k, h in q.get("holds", {}).items() if k.startswith(plat + ":")]
    return calendar.timegm(time.strptime(hs[0]["until"], "%Y-%m-%dT%H:%M:%SZ")) if hs else None


def asked(prefix):
    return [r for r in m.requests() if r["path"].startswith(prefix)]


# an X window used up (x-rate-limit-remaining 0, reset in 60 s), over --max-wait
d = st()
m.faults([{"match": "/2/users/7000001/mentions", "nth": 1, "fault": "last-call", "wait": 60}])
s, out, err = run_fetch(F + ["--state", d, "--profile", "x1"])
q = quota(d)
raw = open(os.path.join(d, "fetch", "quota.json")).read() if q else ""
tap.ok(s == 75 and "rate limit window used up" in err and until(q, "x") and
       abs(until(q, "x") - (time.time() + 60)) < 5,
       "an X window used up past --max-wait: 75, and quota.json holds x until the reset", "exit %d %s\n%s" % (s, q, err))
tap.ok(q and "tok-test-0001" not in raw and all(len(k.split(":")[1]) == 16 for k in q["holds"]),
       "the file keys the token by 16 hex digits of its SHA-256, never the token", raw)
m.faults([])
xdir = os.path.join(d, "fetch", "x1")
before = {f: open(os.path.join(xdir, f)).read() for f in os.listdir(xdir)}
s, out, err = run_fetch(F + ["--state", d])
tap.ok(s == 75 and "remembered from an earlier run; not asked before" in err and not asked("/2/") and
       {e["platform"] for e in envelopes(out)} == {"facebook", "youtube", "linkedin"},
       "the next run asks X nothing (75, saying so); the other platforms are fetched",
       "exit %d %d X requests\n%s" % (s, len(asked("/2/")), err))
after = {f: open(os.path.join(xdir, f)).read() for f in os.listdir(xdir)}
tap.ok(before == after, "the held profile's state did not move", (before, after))

# a 429 whose reset is past --max-wait
d = st()
m.faults([{"match": "/2/users/7000001/mentions", "nth": 1, "fault": "429-reset", "wait": 120}])
s, _, err = run_fetch(F + ["--state", d, "--profile", "x1"])
tap.ok(s == 75 and until(quota(d), "x") and abs(until(quota(d), "x") - (time.time() + 120)) < 5,
       "a 429 with a reset past --max-wait is remembered until the reset", "exit %d %s\n%s" % (s, quota(d), err))

# an X usage cap: held an hour
d = st()
m.faults([{"match": "/2/users/7000001/mentions", "nth": "always", "fault": "usage-capped"}])
s, _, err = run_fetch(F + ["--state", d, "--profile", "x1"])
u = until(quota(d), "x")
tap.ok(s == 75 and u and abs(u - (time.time() + 3600)) < 10, "an X usage cap is held for an hour", quota(d))
m.faults([])
s, _, err = run_fetch(F + ["--state", d, "--profile", "x1"])
tap.ok(s == 75 and "usage cap" in err and "remembered" in err and not asked("/2/"),
       "... and the next run does not spend a request on it", "exit %d\n%s" % (s, err))

# a YouTube quota: until the next midnight Pacific time
d = st()
m.faults([{"match": "commentThreads", "nth": "always", "fault": "quota"}])
s, _, err = run_fetch(F + ["--state", d, "--profile", "yt1"])
u = until(quota(d), "youtube")
pt = time.gmtime(u - 8 * 3600) if u else None   # PST; PDT would be 7 h
tap.ok(s == 75 and u and u > time.time() and u - time.time() <= 86400 and pt and pt.tm_hour in (0, 1) and
       pt.tm_min == 0, "a YouTube quota is held until the next Pacific midnight", "%s %s" % (u, quota(d)))
m.faults([])
s, _, err = run_fetch(F + ["--state", d, "--profile", "yt1"])
tap.ok(s == 75 and not asked("/youtube/"), "... and not asked again before it", "exit %d\n%s" % (s, err))

# a LinkedIn DAY limit: until 00:00 UTC
d = st()
m.faults([{"match": "/rest/posts", "nth": "always", "fault": "http", "status": 429,
           "body": {"message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
                    "status": 429}}])
s, _, err = run_fetch(F + ["--state", d, "--profile", "li1"])
u = until(quota(d), "linkedin")
tap.ok(s == 75 and u and u % 86400 == 0 and 0 < u - time.time() <= 86400,
       "a LinkedIn DAY limit is held until 00:00 UTC", "exit %d %s\n%s" % (s, quota(d), err))
m.faults([])
s, _, err = run_fetch(F + ["--state", d, "--profile", "li1"])
tap.ok(s == 75 and not asked("/rest/"), "... and the next run asks LinkedIn nothing", "exit %d\n%s" % (s, err))

# a daily_budget column: sc-fetch's own count stops the token before the platform's 429
d = st()
bud = os.path.join(work, "budget.csv")
with open(prof) as f, open(bud, "w") as g:
    rows = f.read().splitlines()
    g.write(rows[0] + ",daily_budget\n" + "".join(r + (",4" if r.startswith("li1,") else ",") + "\n" for r in rows[1:]))
m.faults([])
s, out, err = run_fetch(["-p", bud] + F[2:] + ["--state", d, "--profile", "li1"])
calls = [v for k, v in quota(d).get("calls", {}).items() if k.startswith("linkedin:")]
tap.ok(s == 75 and "daily budget of 4 calls spent" in err and len(asked("/rest/")) == 4 and
       all(r["status"] == 200 for r in asked("/rest/")) and calls and calls[0]["n"] == 4 and
       os.path.exists(os.path.join(d, "fetch", "li1", "comments.json")),
       "daily_budget 4: four calls, no 429, 75 with a checkpoint, the count remembered",
       "exit %d %d %s\n%s" % (s, len(asked("/rest/")), calls, err))
m.faults([])
s, out, err = run_fetch(["-p", bud] + F[2:] + ["--state", d, "--profile", "li1"])
tap.ok(s == 75 and "remembered" in err and not asked("/rest/"), "... and the next run that day asks nothing",
       "exit %d\n%s" % (s, err))
bad = os.path.join(work, "badbudget.csv")
with open(bud) as f, open(bad, "w") as g:
    g.write(f.read().replace(",4\n", ",lots\n"))
s, _, err = run_fetch(["-p", bad] + F[2:] + ["--state", st(), "--profile", "li1"])
tap.ok(s == 78 and "bad daily_budget" in err, "a daily_budget that is not a number: 78", "exit %d\n%s" % (s, err))

# Graph: estimated_time_to_regain_access on a success, past --max-wait
d = st()
m.faults([{"match": "published_posts", "nth": 1, "fault": "usage", "buc": 100, "minutes": 7}])
s, _, err = run_fetch(F + ["--state", d, "--profile", "fb1"])
u = until(quota(d), "facebook")
tap.ok(s == 75 and "regain_access" in err and u and abs(u - (time.time() + 420)) < 10,
       "Graph's estimated_time_to_regain_access past --max-wait: 75, held for those minutes",
       "exit %d %s\n%s" % (s, quota(d), err))

# Graph usage past --slow-at paces the token, in the run and from the next run's start
d = st()
m.faults([{"match": "/v21.0/", "nth": "always", "fault": "usage", "app": 83}])
s, out, err = run_fetch(F + ["--state", d, "--profile", "fb1", "--source", "comments"])
log = [r for r in m.requests() if r["path"].startswith("/v21.0/")]
ts = sorted(r["t"] for r in log)
gaps = [b - a for a, b in zip(ts[2:], ts[3:])]     # after the first answers
pace = (83 - 80 + 1) * 0.2
tap.ok(s == 0 and "Graph usage 83%, slowing down" in err and gaps and min(gaps) >= pace - 0.05,
       "usage 83%% (--slow-at 80): %.1f s between the token's requests" % pace, "exit %d %s\n%s" % (s, gaps, err))
qu = [v for k, v in quota(d).get("usage", {}).items() if k.startswith("facebook:")]
tap.ok(qu and qu[0]["pct"] == 83, "the usage is remembered", quota(d))
m.faults([])
s, out, err = run_fetch(F + ["--state", d, "--profile", "fb1", "--source", "comments", "--reset"])
ts = sorted(r["t"] for r in m.requests() if r["path"].startswith("/v21.0/"))
qu = [v for k, v in quota(d).get("usage", {}).items() if k.startswith("facebook:")]
tap.ok(s == 0 and len(ts) > 2 and ts[1] - ts[0] >= pace - 0.05 and qu and qu[0]["pct"] == 0,
       "the next run paces its first requests from memory, until an answer without the headers (0%)",
       "exit %d %s %s\n%s" % (s, ts[:3], qu, err))
m.faults([{"match": "/v21.0/", "nth": "always", "fault": "usage", "app": 83}])
s, out, err = run_fetch(F + ["--state", st(), "--profile", "fb1", "--source", "comments", "--slow-at", "90"])
tap.ok(s == 0 and "slowing down" not in err, "--slow-at 90: 83% does not slow down", err)
m.faults([])

# a damaged file is ignored with a warning
d = st()
os.makedirs(os.path.join(d, "fetch"))
with open(os.path.join(d, "fetch", "quota.json"), "w") as f:
    f.write("{\"v\":1,\"holds\":")
s, out, err = run_fetch(F + ["--state", d, "--profile", "x1"])
tap.ok(s == 0 and "not a valid quota file, ignored" in err and envelopes(out),
       "a damaged quota.json: a warning, the run goes on", "exit %d\n%s" % (s, err))
p = subprocess.run(["sh", "-c", "ls -a %s/fetch" % d], capture_output=True, text=True)
tap.ok(".tmp" not in p.stdout, "no temp files left beside it", p.stdout)
m.stop()
rmtree(work)
tap.done()
