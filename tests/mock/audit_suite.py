#!/usr/bin/env python3
"""audit_suite.py - sc-fetch --audit against the mock: the platforms' own
counts (Graph summary.total_count per post, message_count per
conversation, comments_count per medium, X public_metrics.reply_count per
brand post, YouTube 1 + totalReplyCount per thread, Google reviews since
the window plus totalReviewCount beyond the listing, TikTok comments per
video, LinkedIn socialMetadata commentSummary.count per post) compared
with the spooled envelopes.  Items withheld from one page of each
platform while its count still counts them: each gap is found with its
exact size; a clean run: no gap anywhere; the sources with no count say
"not audited" and why.  The ingest lag (p50/p99, per source and per
profile) is checked against a computation by hand from the spool.
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
data, prof = gendata(work, items=12, platforms="facebook,instagram,x,youtube,google,tiktok,linkedin")
# customers answer the brand's 4 X replies (newest ids: the first mentions page holds 3 of them)
d = json.load(open(data))
for i, tw in enumerate(d["x"]["timeline"]["7000001"]):
    d["x"]["mentions"]["7000001"].append({"id": "18500000000002000%02d" % i, "text": "@brand1 nadal nic", "lang": "pl",
                                          "author_id": tw["in_reply_to_user_id"], "conversation_id": tw["conversation_id"],
                                          "created_at": tw["created_at"].replace(":30.000Z", ":50.000Z"),
                                          "referenced_tweets": [{"type": "replied_to", "id": tw["id"]}]})
with open(data, "w") as f:
    json.dump(d, f)
m = Mock(data, work, page_size=3)
F = ["-p", prof, "--since", "2026-11-01", "--base-url", m.base]


def lines(text):
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def by(rep):
    return {(r["profile"], r["audit"]): r for r in rep if "audit" in r}


# ---- items withheld from one page of each platform: the gaps, exactly
tt_vid = "730000100"      # newest first: its first comment (no replies) is left out
li_post = "urn:li:share:700000101"
m.faults([{"match": "/100001_901/comments", "nth": 1, "fault": "withhold", "n": 2},
          {"match": "/users/7000001/mentions", "nth": 1, "fault": "withhold", "n": 2},
          {"match": "video_id=%s" % tt_vid, "nth": 1, "fault": "withhold", "n": 1},
          {"match": "/socialActions/urn%3Ali%3Ashare%3A700000101/comments", "nth": 1, "fault": "withhold", "n": 2},
          {"match": "/v4/accounts/10001/locations/20001/reviews", "fault": "withhold", "n": 1}])
sp1 = os.path.join(work, "spool1")
s, _, e = run_fetch(F + ["--state", os.path.join(work, "st1"), "--spool", sp1])
tap.ok(s == 0, "a fetch whose pages left items out still exits 0 (nothing to notice)", e)
# the Google listing keeps leaving one review of each page out: only totalReviewCount tells
m.faults([{"match": "/v4/accounts/10001/locations/20001/reviews", "fault": "withhold", "n": 1}])
s, out, e = run_fetch(F + ["--audit", sp1])
R = by(lines(out))
fb = R.get(("fb1", "comments"), {})
tap.ok(s == 1, "the audit exits 1 when it finds a gap", "exit %d\n%s" % (s, e))
tap.ok(fb.get("status") == "gap" and fb.get("missing") == 2 and
       fb.get("gaps") == [{"id": "100001_901", "platform_count": 4, "archived": 2}],
       "fb1 comments: 2 missing, on post 100001_901 (4 on the platform, 2 archived)", fb)
x = R.get(("x1", "mentions"), {})
tap.ok(x.get("status") == "gap" and x.get("missing") == 2 and
       sorted(g["id"] for g in x.get("gaps", [])) == ["1850000000000100095", "1850000000000100065"][::-1] and
       all(g["platform_count"] == 1 and g["archived"] == 0 for g in x["gaps"]),
       "x1 mentions: 2 missing, the customer replies to the brand's two newest posts (reply_count 1, none archived)", x)
tt = R.get(("tt1", "comments"), {})
tap.ok(tt.get("status") == "gap" and tt.get("missing") == 1 and
       tt.get("gaps") == [{"id": tt_vid, "platform_count": 5, "archived": 4}],
       "tt1 comments: 1 missing, on video %s (4 comments and a reply on the platform, 4 archived)" % tt_vid, tt)
li = R.get(("li1", "comments"), {})
# the first 2 comments of the post left out, and with them the reply under the first (its replies are read from the page)
tap.ok(li.get("status") == "gap" and li.get("missing") == 3 and
       li.get("gaps") == [{"id": li_post, "platform_count": 8, "archived": 5}],
       "li1 comments: 3 missing on %s (2 comments and the reply under one)" % li_post, li)
g = R.get(("gbp1", "reviews"), {})
tap.ok(g.get("status") == "gap" and g.get("missing") == 4 and g.get("unlisted") == 4 and
       g.get("platform_count") == 12 and g.get("archived") == 8,
       "gbp1 reviews: a listing that keeps leaving reviews out (8 listed and archived): totalReviewCount 12, 4 missing", g)
gapped = {("fb1", "comments"), ("x1", "mentions"), ("tt1", "comments"), ("li1", "comments"), ("gbp1", "reviews")}
others = [r for k, r in R.items() if k not in gapped and "audit" in r and not r["status"].startswith("not audited")]
tap.ok(len(others) == 4 and all(r["status"] == "ok" and r["missing"] == 0 for r in others),
       "every other audited source: no gap", others)
m.faults([])

# ---- a clean fetch: no gap anywhere
sp2 = os.path.join(work, "spool2")
s, _, e = run_fetch(F + ["--state", os.path.join(work, "st2"), "--spool", sp2])
s, out, e = run_fetch(F + ["--audit", sp2])
rep = lines(out)
R2 = by(rep)
tap.ok(s == 0 and e == "", "clean: the audit exits 0, nothing on stderr", "exit %d\n%s" % (s, e))
aud = [r for r in rep if "audit" in r and not r["status"].startswith("not audited")]
tap.ok(len(aud) == 9 and all(r["status"] == "ok" and r["missing"] == 0 and r["archived"] == r["platform_count"] > 0
                              for r in aud), "clean: nine sources audited, archive == platform counts", aud)
want = {("fb1", "comments"): 12, ("fb1", "messages"): 12, ("ig1", "comments"): 16, ("ig1", "messages"): 4,
        ("x1", "mentions"): 4, ("yt1", "comments"): 21, ("gbp1", "reviews"): 12, ("tt1", "comments"): 15,
        ("li1", "comments"): 16}
tap.ok({k: R2[k]["platform_count"] for k in want if k in R2} == want,
       "the platform counts are the mock's (gendata --items 12)", {k: R2[k].get("platform_count") for k in R2})
na = {k: r["status"] for k, r in R2.items() if "audit" in r and r["status"].startswith("not audited")}
tap.ok(na == {("x1", "tweets"): "not audited: X gives no count of the brand's own posts in a window "
                                "(the replies to them are audited under mentions)",
              ("x1", "messages"): "not audited: X gives no message count for DM conversations"},
       "X tweets and messages: not audited, and why (no search column: no search line)", na)
s, out, e = run_fetch(F + ["--audit", "--profile", "fb1", "--source", "comments,visitor_posts,mentions,ratings", sp2])
na = {r["audit"]: r["status"] for r in lines(out) if "audit" in r}
tap.ok(s == 0 and na.get("comments") == "ok" and
       all(na.get(k, "").startswith("not audited: Graph") for k in ("visitor_posts", "mentions", "ratings")),
       "the sources read only when named: a line each, not audited, and why", "exit %d %s %s" % (s, na, e))


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

# the profile's line: every source of fb1 together
first = {}
for env in lines(open(sp2).read()):
    if env["profile"] == "fb1":
        t = env["item"]["created_time"]
        lag = epoch(env["fetched_at"]) - epoch(t)
        i = (env["source"], env["item"]["id"])
        first[i] = min(lag, first.get(i, lag))
v = sorted(first.values())
pl = [r for r in rep if r.get("lag") == "profile" and r["profile"] == "fb1"]
tap.ok(len(pl) == 1 and pl[0]["items"] == len(v) == 24 and pl[0]["lag_p50"] == rank(50) and pl[0]["lag_p99"] == rank(99),
       "fb1's profile line: %d items, lag p50/p99 by hand (%d, %d s)" % (len(v), rank(50), rank(99)), pl)
tap.ok(sorted(r["profile"] for r in rep if r.get("lag") == "profile") == ["fb1", "gbp1", "ig1", "li1", "tt1", "x1", "yt1"],
       "a lag line for every profile", [r for r in rep if r.get("lag")])

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
tap.ok(all(R3[k].get("missing") == R2[k].get("missing") for k in R2 if k in R3),
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
