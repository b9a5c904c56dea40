#!/usr/bin/env python3
"""audit_suite.py - sc-fetch --audit against the mock: the platforms' own
counts (Graph summary.total_count per post, message_count per
conversation, comments_count per medium, YouTube 1 + totalReplyCount per
thread, Google totalReviewCount) compared with the spooled envelopes.
Items withheld from one page while its count still counts them: that gap
is found with its exact size; a clean run: no gap anywhere.  The ingest
lag (p50/p99) is checked against a computation by hand from the spool.
Run by tests/fetch-audit.test."""
import calendar
import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Mock, Tap, gendata, rmtree, run_fetch, tmpdir  # noqa: E402

tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=12)
m = Mock(data, work, page_size=3)
F = ["-p", prof, "--since", "2026-11-01", "--base-url", m.base]


def lines(text):
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def by(rep):
    return {(r["profile"], r["audit"]): r for r in rep}


# ---- items withheld from one page: the gap, exactly
m.faults([{"match": "/100001_901/comments", "nth": 1, "fault": "withhold", "n": 2}])
sp1 = os.path.join(work, "spool1")
s, _, e = run_fetch(F + ["--state", os.path.join(work, "st1"), "--spool", sp1])
tap.ok(s == 0, "a fetch whose page left out 2 comments still exits 0 (nothing to notice)", e)
m.faults([])
s, out, e = run_fetch(F + ["--audit", sp1])
R = by(lines(out))
fb = R.get(("fb1", "comments"), {})
tap.ok(s == 1, "the audit exits 1 when it finds a gap", "exit %d\n%s" % (s, e))
tap.ok(fb.get("status") == "gap" and fb.get("missing") == 2 and
       fb.get("gaps") == [{"id": "100001_901", "platform_count": 4, "archived": 2}],
       "fb1 comments: 2 missing, on post 100001_901 (4 on the platform, 2 archived)", fb)
others = [r for k, r in R.items() if k != ("fb1", "comments") and r["platform"] != "x"]
tap.ok(len(others) == 5 and all(r["status"] == "ok" and r["missing"] == 0 for r in others),
       "every other audited source: no gap", others)

# ---- a clean fetch: no gap anywhere
sp2 = os.path.join(work, "spool2")
s, _, e = run_fetch(F + ["--state", os.path.join(work, "st2"), "--spool", sp2])
s, out, e = run_fetch(F + ["--audit", sp2])
rep = lines(out)
R2 = by(rep)
tap.ok(s == 0 and e == "", "clean: the audit exits 0, nothing on stderr", "exit %d\n%s" % (s, e))
aud = [r for r in rep if r["platform"] != "x"]
tap.ok(len(aud) == 6 and all(r["status"] == "ok" and r["missing"] == 0 and r["archived"] == r["platform_count"] > 0
                              for r in aud), "clean: six sources audited, archive == platform counts", aud)
want = {("fb1", "comments"): 12, ("fb1", "messages"): 12, ("ig1", "comments"): 16, ("ig1", "messages"): 4,
        ("yt1", "comments"): 21, ("gbp1", "reviews"): 12}
tap.ok({k: R2[k]["platform_count"] for k in want if k in R2} == want,
       "the platform counts are the mock's (gendata --items 12)", {k: R2[k].get("platform_count") for k in R2})
xs = [r for r in rep if r["platform"] == "x"]
tap.ok(len(xs) == 3 and all(r["status"].startswith("not audited") for r in xs), "X sources: not audited, said so", xs)


# ---- ingest lag by hand: fetched_at - created_time, first fetch per item, nearest rank
def epoch(v):
    mm = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", v)
    return calendar.timegm(tuple(int(x) for x in mm.groups()))


first = {}
for env in lines(open(sp2).read()):
    if env["profile"] == "fb1" and env["source"] == "messages":
        lag = epoch(env["fetched_at"]) - epoch(env["item"]["created_time"])
        i = env["item"]["id"]
        first[i] = min(lag, first.get(i, lag))
v = sorted(first.values())


def rank(p):
    return v[(len(v) * p + 99) // 100 - 1]


tap.ok(R2[("fb1", "messages")].get("lag_p50") == rank(50) and R2[("fb1", "messages")].get("lag_p99") == rank(99),
       "fb1 messages: lag p50/p99 as computed by hand (%d, %d s)" % (rank(50), rank(99)), R2[("fb1", "messages")])

# ---- a line over --max-line: named with its line, status 65, the rest counted
sp3 = os.path.join(work, "spool3")
with open(sp2) as f, open(sp3, "w") as g:
    n2 = sum(1 for _ in f)
    f.seek(0)
    g.write(f.read())
    g.write("x" * 5000 + "\n")
s, out, e = run_fetch(F + ["--audit", "--max-line", "4k", sp3])
R3 = by(lines(out))
tap.ok(s == 65 and "%s:%d: line too long (over 4096 bytes)" % (sp3, n2 + 1) in e,
       "--max-line: the long line named with its file and line, exit 65", "exit %d %s" % (s, e))
tap.ok(all(R3[k].get("missing") == R2[k].get("missing") for k in R2),
       "and every other line still counted", R3)
s, out, e = run_fetch(F + ["--max-line", "4k"])
tap.ok(s == 64 and "--max-line is for --audit" in e, "--max-line without --audit: 64", e)

# ---- usage
s, out, e = run_fetch(F + ["--audit"])
tap.ok(s == 64 and "archive files" in e, "--audit without files: 64", e)
s, out, e = run_fetch(F + ["--audit", os.path.join(work, "nope")])
tap.ok(s == 66 and "nope" in e, "--audit on a missing file: 66 naming it", "exit %d %s" % (s, e))
m.stop()
rmtree(work)
tap.done()
