#!/usr/bin/env python3
"""tiktok_suite.py - sc-fetch's TikTok source against the mock (API for
Business v1.3): videos then comments with their replies, cursor paging,
the Access-Token header, incremental runs by create_time, the error codes
(40105 token, 40100 rate limit, 40007 no such video) and sc-normalize on
the envelopes.  Run by tests/fetch-tiktok.test."""
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Mock, Tap, envelopes, gendata, ids, rmtree, run_fetch, tmpdir, watermarks  # noqa: E402

tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=12, platforms="tiktok")
m = Mock(data, work, page_size=2)
F = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--retries", "2", "--max-wait", "5s",
     "--timeout", "2s", "--base-url", m.base]

st = os.path.join(work, "st")
s, out, err = run_fetch(F + ["--state", st])
E = envelopes(out)
tap.ok(s == 0 and err == "", "a full run exits 0, nothing on stderr", "exit %d\n%s" % (s, err))
tap.ok(len(E) == 12 and len(ids(out)) == 12, "12 comments (3 videos x 4), each once", len(E))
tap.ok(all(e["platform"] == "tiktok" and e["source"] == "comments" and
           e["context"] == {"account_id": "tt_biz_1", "video_id": e["item"]["video_id"]} for e in E),
       "envelopes: platform tiktok, context account_id and video_id", E[:1])
tap.ok(sum(len(e["item"]["reply_list"]) for e in E) == 3, "the brand's replies (one per video) come in reply_list")
reqs = m.requests()
tap.ok(reqs and all(r["token"] for r in reqs) and
       all(r["path"] in ("/open_api/v1.3/business/video/list/", "/open_api/v1.3/business/comment/list/") for r in reqs),
       "every request carries the token (Access-Token) to the two listings", reqs[:2])
pages = [r for r in reqs if r["path"].endswith("/comment/list/") and "cursor" in r["query"]]
tap.ok(len(pages) == 3, "cursor paging: a second page per video at page size 2", len(pages))
wm = watermarks(st)[("tt1", "comments")][0]
newest = max(e["item"]["create_time"] for e in E)
tap.ok(wm == max(newest, max(r["create_time"] for e in E for r in e["item"]["reply_list"])),
       "the watermark is the newest create_time seen", (wm, newest))

# incremental: a new comment comes alone
vid = E[0]["item"]["video_id"]
m.faults([{"match": "comment/list", "nth": 1, "fault": "add", "items": [
    {"path": ["tiktok", "comments", vid], "item": {"comment_id": "NEW1", "video_id": vid, "text": "nowy",
                                                   "username": "fan9", "user_id": "ttu9", "owner": False},
     "stamp": "create_time", "offset": -60, "format": "unix"}]}])
s, out2, err = run_fetch(F + ["--state", st, "--overlap", "0s"])
old = {i[2] for i in ids(out2)} - {"NEW1"}
tap.ok(s == 0 and "NEW1" in {i[2] for i in ids(out2)} and
       all(max([e["item"]["create_time"]] + [r["create_time"] for r in e["item"]["reply_list"]]) >= wm
           for e in envelopes(out2) if e["item"]["comment_id"] in old),
       "the next run brings the new comment and nothing before the watermark",
       "exit %d %s\n%s" % (s, ids(out2), err))

# sc-normalize reads the envelopes: comments and replies, the brand's marked
p = subprocess.run([os.path.join(BIN, "sc-normalize"), "-p", prof], input=out.encode(), capture_output=True)
recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
tap.ok(p.returncode == 0 and len(recs) == 15 and sum(r["author"]["is_brand"] for r in recs) == 3,
       "sc-normalize: 15 records, the 3 brand replies is_brand", "exit %d %d\n%s" % (p.returncode, len(recs), p.stderr))

# errors
m.faults([{"match": "video/list", "nth": "always", "fault": "http", "status": 200,
           "body": {"code": 40105, "message": "The access token is invalid or has expired.", "request_id": "r", "data": {}}}])
s, out, err = run_fetch(F + ["--state", os.path.join(work, "st2")])
tap.ok(s == 69 and "TikTok code 40105" in err and "SC_TEST_TOKEN" in err and len(m.requests()) == 1,
       "40105: the token is refused, one request, 69 naming the variable", "exit %d\n%s" % (s, err))
m.faults([{"match": "comment/list", "nth": 1, "fault": "http", "status": 200,
           "body": {"code": 40100, "message": "You've hit the rate limit", "request_id": "r", "data": {}}}])
s, out, err = run_fetch(F + ["--state", os.path.join(work, "st3")])
ALL = {e["item"]["comment_id"]: e["item"]["video_id"] for e in envelopes(out)}
tap.ok(s == 0 and len(ids(out)) == 13, "40100 once: waited, retried, everything fetched", "exit %d\n%s" % (s, err))
m.faults([{"match": "comment/list", "nth": "always", "fault": "http", "status": 200,
           "body": {"code": 40100, "message": "You've hit the rate limit", "request_id": "r", "data": {}}}])
s, out, err = run_fetch(F + ["--state", os.path.join(work, "st4")])
tap.ok(s == 75 and "TikTok rate limit" in err, "40100 always: 75 after the retries", "exit %d\n%s" % (s, err))
m.faults([{"match": "comment/list", "nth": 1, "fault": "http", "status": 200,
           "body": {"code": 40007, "message": "The video does not exist.", "request_id": "r", "data": {}}}])
s, out, err = run_fetch(F + ["--state", os.path.join(work, "st5")])
got = {i[2] for i in ids(out)}
gone = {ALL[c] for c in set(ALL) - got}
tap.ok(s == 0 and got <= set(ALL) and len(gone) == 1 and
       got == {c for c, v in ALL.items() if v not in gone},
       "40007 on one video's comments: that video is skipped, every comment of the others fetched",
       "exit %d %d\n%s" % (s, len(got), err))
# the mock's write endpoints (for sc-reply's sender): reply, hide, the ledger
import urllib.request  # noqa: E402


def tt_post(path, body):
    req = urllib.request.Request(m.base + "/open_api/v1.3" + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Access-Token": "tok-test-0001", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


m.faults([])
c0 = E[0]["item"]
r1 = tt_post("/business/comment/reply/create/", {"business_id": "tt_biz_1", "video_id": c0["video_id"],
                                                  "comment_id": c0["comment_id"], "text": "Dziękujemy!"})
r2 = tt_post("/business/comment/reply/create/", {"business_id": "tt_biz_1", "video_id": c0["video_id"],
                                                  "comment_id": c0["comment_id"], "text": "x" * 151})
r3 = tt_post("/business/comment/hide/", {"business_id": "tt_biz_1", "video_id": c0["video_id"],
                                         "comment_id": c0["comment_id"], "action": "HIDE"})
led = m.call("/__mock/posts")
tap.ok(r1["code"] == 0 and r1["data"]["comment_id"] and r2["code"] == 40002 and r3["code"] == 0 and
       [(x["platform"], x["endpoint"]) for x in led] == [("tiktok", "reply"), ("tiktok", "hide")],
       "mock: TikTok reply (150 characters at most) and hide, both in the ledger", (r1, r2, r3, led))
m.stop()
rmtree(work)
tap.done()
