#!/usr/bin/env python3
"""linkedin_suite.py - sc-fetch's LinkedIn source against the mock
(Community Management API): the organization's posts, each post's
comments, each commented comment's replies, start/count paging (next links
and paging.total), the LinkedIn-Version and Rest.li headers, incremental
runs by created.time with comments served oldest first, the error answers
(401 codes, 403 not an admin, 426 sunset version, 404 a deleted post, the
DAY-limit 429 against a short throttle), the fault matrix once and
persistent, --max-pages over several runs, kill -9, and sc-normalize on
the envelopes.  Run by tests/fetch-linkedin.test."""
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, Mock, Tap, check_kill, check_max_pages, envelopes, fault_twice, gendata, ids,  # noqa: E402
                     rmtree, run_fetch, state_arg, tmpdir, watermarks)

tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=12, platforms="linkedin")
m = Mock(data, work, page_size=4)
F = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--retries", "2", "--max-wait", "5s",
     "--timeout", "2s", "--base-url", m.base]


def st(name=None):
    return state_arg(work, name)


s, out, err = run_fetch(F + st("ref"))
E = envelopes(out)
REF = ids(out)
tap.ok(s == 0 and err == "", "a full run exits 0, nothing on stderr", "exit %d\n%s" % (s, err))
tap.ok(len(E) == 16 and len(REF) == 16, "16 comments and replies (2 posts x 6 + 4 replies), each once", len(E))
tap.ok(all(e["platform"] == "linkedin" and e["source"] == "comments" and e["context"]["account_id"] == "96070001" and
           e["context"]["post_id"] == e["item"]["object"] for e in E),
       "envelopes: platform linkedin, context account_id and post_id", E[:1])
reps = [e for e in E if e["item"].get("parentComment")]
tap.ok(len(reps) == 4 and all(e["context"]["parent_id"] == e["item"]["parentComment"].split(",")[1].rstrip(")")
                              for e in reps),
       "replies come from the comment's own listing, with parent_id", reps[:1])
reqs = m.requests()
tap.ok(reqs and all(r["token"] and r["status"] == 200 for r in reqs),
       "every request carries the token and the LinkedIn-Version header (the mock refuses it otherwise)", reqs[:2])
tap.ok(sum(1 for r in reqs if r["query"].get("start") == "4") == 2,
       "start paging: the second page of each post's comments (page size 4) through the next link",
       [r["query"] for r in reqs])
wm = watermarks(os.path.join(work, "st-ref"))[("li1", "comments")][0]
tap.ok(wm == max(e["item"]["created"]["time"] for e in E) // 1000, "the watermark is the newest created.time",
       (wm, max(e["item"]["created"]["time"] for e in E)))

# paging by paging.total alone (no next links)
d2 = json.load(open(data))
d2["linkedin"]["no_links"] = True
data2 = os.path.join(work, "data-nolinks.json")
json.dump(d2, open(data2, "w"))
m.call("/__mock/load", {"data": data2})
s, out2, err = run_fetch(F + st())
tap.ok(s == 0 and ids(out2) == REF, "without next links, start= and paging.total page to the end",
       "exit %d %d\n%s" % (s, len(ids(out2)), err))
m.call("/__mock/load", {"data": data})

# incremental: a new comment on an old post (served last: oldest first) and a
# new reply under an old comment come alone
post = E[0]["item"]["object"]
old_c = next(e["item"] for e in E if e["item"]["object"] == post and not e["item"].get("parentComment"))
m.faults([{"match": "/rest/posts", "nth": 1, "fault": "add", "items": [
    {"path": ["linkedin", "comments", post], "stamp": "created.time", "offset": -60, "format": "ms",
     "item": {"id": "7999", "$URN": "urn:li:comment:(%s,7999)" % post, "object": post, "actor": "urn:li:person:p9",
              "message": {"text": "Nowy komentarz"}}},
    {"path": ["linkedin", "comments", post], "stamp": "created.time", "offset": -50, "format": "ms",
     "item": {"id": "7998", "$URN": "urn:li:comment:(%s,7998)" % post, "object": post, "actor": "urn:li:person:p8",
              "parentComment": old_c["$URN"], "message": {"text": "Nowa odpowiedź"}}}]}])
s, out3, err = run_fetch(F + ["--state", os.path.join(work, "st-ref"), "--overlap", "0s"])
got = {i[2] for i in ids(out3)}
tap.ok(s == 0 and {"7999", "7998"} <= got and
       all(e["item"]["created"]["time"] // 1000 >= wm for e in envelopes(out3)),
       "the next run brings the new comment and the new reply under an old comment, nothing before the watermark",
       "exit %d %s\n%s" % (s, got, err))
m.call("/__mock/load", {"data": data})

# sc-normalize reads the envelopes: the organization's replies are the brand's
p = subprocess.run([os.path.join(BIN, "sc-normalize"), "-p", prof], input=out.encode(), capture_output=True)
recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
tap.ok(p.returncode == 0 and len(recs) == 16 and sum(r["author"]["is_brand"] for r in recs) == 4 and
       all(r["parent_id"] for r in recs if r["author"]["is_brand"]),
       "sc-normalize: 16 records, the 4 organization replies is_brand with their parent",
       "exit %d %d\n%s" % (p.returncode, len(recs), p.stderr))

# errors
m.faults([{"match": "/rest/posts", "nth": "always", "fault": "http", "status": 401,
           "body": {"status": 401, "serviceErrorCode": 65600, "code": "EXPIRED_ACCESS_TOKEN",
                    "message": "The token used in the request has expired"}}])
s, _, err = run_fetch(F + st())
tap.ok(s == 69 and "LinkedIn EXPIRED_ACCESS_TOKEN" in err and "SC_TEST_TOKEN" in err and len(m.requests()) == 1,
       "401 EXPIRED_ACCESS_TOKEN: one request, 69 naming the code and the variable", "exit %d\n%s" % (s, err))
m.faults([{"match": "/rest/posts", "nth": "always", "fault": "http", "status": 426,
           "body": {"status": 426, "code": "NONEXISTENT_VERSION", "message": "Requested version 202508 is not active"}}])
s, _, err = run_fetch(F + st())
tap.ok(s == 69 and "LinkedIn-Version 202508 refused as sunset" in err, "426: the sunset version is named (69)",
       "exit %d\n%s" % (s, err))
m.faults([])
bad = os.path.join(work, "bad.csv")
with open(bad, "w") as f:
    f.write("profile,platform,account_id,token\nli9,linkedin,12345,SC_TEST_TOKEN\n")
s, _, err = run_fetch(["-p", bad] + F[2:] + st())
tap.ok(s == 69 and "ACCESS_DENIED" in err and "administer the organization" in err,
       "403 on an organization the member does not administer: 69 with the reason", "exit %d\n%s" % (s, err))
m.faults([{"match": "socialActions/urn%3Ali%3Ashare%3A700000101/", "nth": "always", "fault": "http", "status": 404,
           "body": {"status": 404, "code": "NOT_FOUND", "message": "Entity not found"}}])
s, out4, err = run_fetch(F + st())
tap.ok(s == 0 and ids(out4) == {i for i in REF if i[2].startswith("7100001020")},
       "404 on a deleted post's comments: that post skipped, the other's all fetched", "exit %d\n%s" % (s, err))
m.faults([{"match": "/comments", "nth": 2, "fault": "http", "status": 429,
           "body": {"message": "Resource level throttle limit for calls to this resource is reached.", "status": 429,
                    "serviceErrorCode": 101}}])
s, out5, err = run_fetch(F + st())
tap.ok(s == 0 and ids(out5) == REF, "a short 429 throttle: waited, retried, everything fetched", "exit %d\n%s" % (s, err))

# the daily budget: a DAY-limit 429 is not retried
d3 = json.load(open(data))
d3["linkedin"]["budget"] = {"member": 3}
data3 = os.path.join(work, "data-budget.json")
json.dump(d3, open(data3, "w"))
m.call("/__mock/load", {"data": data3})
m.faults([])
s, _, err = run_fetch(F + st() + ["--parallel", "1"])
tap.ok(s == 75 and "LinkedIn daily limit reached" in err and "00:00 UTC" in err and len(m.requests()) == 4,
       "the MEMBER DAY limit: 75 at once, not retried (4 requests for a budget of 3)",
       "exit %d %d\n%s" % (s, len(m.requests()), err))
m.call("/__mock/load", {"data": data})

# the canary: a server that echoes the request's headers into its error text
for status, msg in ((403, "{HEADERS}"), (429, "APPLICATION DAY limit {HEADERS}")):
    stc = st()
    m.faults([{"match": "/rest/posts", "nth": "always", "fault": "http", "status": status,
               "body": {"status": status, "code": "ACCESS_DENIED", "message": msg}}])
    s, o, err = run_fetch(F + stc)
    files = ""
    for root, _, fs in os.walk(stc[1]):
        for f in fs:
            files += open(os.path.join(root, f), errors="replace").read()
    tap.ok(s in (69, 75) and "tok-test-0001" not in err + o + files and
           (("Bearer REDAC" in err) if status == 403 else "quota.json" in os.listdir(os.path.join(stc[1], "fetch"))),
           "an echoed Authorization header (HTTP %d) reaches neither stderr nor the state or quota files" % status,
           "exit %d\n%s" % (s, err))
m.faults([])

# the fault matrix at a post's comments page: once it is retried, persistent it
# fails the source (75) and the rerun without faults completes the set
for fault in ("500", "503", "html", "invalid-json", "truncate", "reset", "empty-object", "empty-next"):
    ok, why = fault_twice(m, F, work, r"socialActions/urn%3Ali%3Ashare%3A700000102/comments", fault, REF)
    tap.ok(ok, "%s: once retried (all ids); persistent 75, then a clean rerun completes the set" % fault, why)

# --max-pages 1: the source is finished over several runs, nothing lost
check_max_pages(tap, F, work, REF)

# kill -9 anywhere, then a rerun: nothing lost
check_kill(tap, data, work, F[:-1], REF)
m.stop()

# ---- notifications and mentions (organizationalEntityNotifications), only when named
wx = os.path.join(work, "x")
os.mkdir(wx)
datax, profx = gendata(wx, items=12, platforms="linkedin", extras=True)
m = Mock(datax, wx, page_size=2)
FX = ["-p", profx] + F[2:-1] + [m.base]
s, out, err = run_fetch(FX + st())
tap.ok(s == 0 and not [r for r in m.requests() if "Notifications" in r["path"]],
       "notifications and mentions are not asked unless named", "exit %d\n%s" % (s, err))
m.faults([])
NX = ["--source", "notifications,mentions"]
s, out, err = run_fetch(FX + st("nx") + NX)
E = envelopes(out)
REFX = ids(out)
srcs = sorted((e["source"], "post" if "commentary" in e["item"] else e["item"].get("action", "comment")) for e in E)
tap.ok(s == 0 and err == "" and srcs == [("mentions", "comment"), ("mentions", "post"), ("mentions", "post"),
                                          ("notifications", "ADMIN_COMMENT"), ("notifications", "COMMENT"),
                                          ("notifications", "comment")],
       "notifications: 2 carrying their comment and 1 read by id; mentions: 2 member posts and a member's comment "
       "read by URN; the LIKE and the notification before the window not", "exit %d %s\n%s" % (s, srcs, err))
reqs = m.requests()
nq = [r["query"] for r in reqs if r["path"] == "/rest/organizationalEntityNotifications" and "start" not in r["query"]]
start = str(int(__import__("calendar").timegm((2026, 11, 1, 0, 0, 0))) * 1000)
tap.ok(sorted(q["actions"] for q in nq) == ["List(COMMENT,ADMIN_COMMENT)", "List(SHARE_MENTION,COMMENT_MENTION)"] and
       all(q["q"] == "criteria" and q["organizationalEntity"] == "urn:li:organization:96070001" and
           q["timeRange"].startswith("(start:%s,end:" % start) for q in nq),
       "q=criteria, the organization's URN, the actions and timeRange=(start:the window in ms,end:now)", nq)
look = sorted(r["path"] for r in reqs if r["path"].startswith("/rest/posts/") or "/comments/" in r["path"])
tap.ok(look == ["/rest/posts/urn%3Ali%3Ashare%3A730000101", "/rest/posts/urn%3Ali%3Ashare%3A730000102",
                "/rest/socialActions/urn%3Ali%3Ashare%3A700000101/comments/710000101001",
                "/rest/socialActions/urn%3Ali%3Ashare%3A730000101/comments/740000101"],
       "the lookups: each mentioning post, and each comment by its object and id (an inner URN without urn:li: "
       "completed)", look)
p = subprocess.run([os.path.join(BIN, "sc-normalize"), "-p", profx], input=out.encode(), capture_output=True)
recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
K = sorted((r["kind"], r["author"]["is_brand"]) for r in recs)
tap.ok(p.returncode == 0 and K == [("comment", False), ("comment", False), ("comment", True),
                                   ("mention", False), ("mention", False), ("mention", False)] and
       all(r["text"] for r in recs) and
       {r["id"] for r in recs if r["kind"] == "mention"} >= {"linkedin:urn:li:share:730000101", "linkedin:740000101"},
       "sc-normalize: 3 comments (the ADMIN_COMMENT the brand's) and 3 mentions (2 posts, 1 comment), each with text",
       "exit %d %s\n%s" % (p.returncode, K, p.stderr))
wmx = watermarks(os.path.join(work, "st-nx"))
NT = json.load(open(datax))["linkedin"]["notifications"]["96070001"]
newest = {src: max(x["lastModifiedAt"] for x in NT if x["action"] in acts and x["lastModifiedAt"] > 1793491200000) // 1000
          for src, acts in (("mentions", ("SHARE_MENTION", "COMMENT_MENTION")), ("notifications", ("COMMENT", "ADMIN_COMMENT")))}
tap.ok(wmx[("li1", "mentions")][0] == newest["mentions"] and wmx[("li1", "notifications")][0] == newest["notifications"],
       "each source's watermark is its newest notification's lastModifiedAt", wmx)
# the next run starts its timeRange at the watermark; a new mention comes alone
m.faults([{"match": "Notifications", "nth": 1, "fault": "add", "items": [
    {"path": ["linkedin", "notifications", "96070001"], "stamp": "lastModifiedAt", "offset": -30, "format": "ms",
     "item": {"action": "SHARE_MENTION", "organizationalEntity": "urn:li:organization:96070001",
              "sourcePost": "urn:li:share:730000102", "generatedActivity": "urn:li:share:730000102"}}]}])
s, out2, err = run_fetch(FX + ["--state", os.path.join(work, "st-nx"), "--overlap", "0s"] + NX)
nq2 = [r["query"]["timeRange"] for r in m.requests() if r["path"] == "/rest/organizationalEntityNotifications"]
got2 = {i[2] for i in ids(out2)}
tap.ok(s == 0 and "urn:li:share:730000102" in got2 and got2 <= {"urn:li:share:730000102", "710000101001", "740000101"} and
       sorted(t.split(",")[0] for t in nq2) == sorted("(start:%d000" % v for v in newest.values()),
       "the next run asks from each watermark and brings what came since (and the items at the watermark again)", "exit %d %s %s\n%s" % (
           s, ids(out2), nq2, err))
m.faults([])
# a mentioning post deleted since (404): skipped, the rest fetched
m.faults([{"match": "/rest/posts/urn%3Ali%3Ashare%3A730000102", "nth": "always", "fault": "http", "status": 404,
           "body": {"status": 404, "code": "NOT_FOUND", "message": "Entity not found"}}])
s, out3, err = run_fetch(FX + st() + NX)
tap.ok(s == 0 and ids(out3) == {i for i in REFX if i[2] != "urn:li:share:730000102"},
       "a mentioning post gone (404): skipped, every other item fetched", "exit %d\n%s" % (s, err))
# the daily budget counts the lookups
d4 = json.load(open(datax))
d4["linkedin"]["budget"] = {"member": 3}
data4 = os.path.join(wx, "data-budget.json")
json.dump(d4, open(data4, "w"))
m.call("/__mock/load", {"data": data4})
m.faults([])
s, _, err = run_fetch(FX + st() + ["--source", "mentions", "--parallel", "1"])
tap.ok(s == 75 and "LinkedIn daily limit reached" in err and len(m.requests()) == 4,
       "the lookups spend the daily budget: the MEMBER DAY limit stops the source (75)", "exit %d %d\n%s" % (
           s, len(m.requests()), err))
m.call("/__mock/load", {"data": datax})
# the canary on the new path
stc = st()
m.faults([{"match": "Notifications", "nth": "always", "fault": "http", "status": 403,
           "body": {"status": 403, "code": "ACCESS_DENIED", "message": "{HEADERS}"}}])
s, o, err = run_fetch(FX + stc + NX)
tap.ok(s == 69 and "tok-test-0001" not in err + o and "Bearer REDAC" in err,
       "an echoed Authorization header on the notifications path reaches no output", "exit %d\n%s" % (s, err))
m.faults([])
for match in ("Notifications", "/rest/posts/", "/comments/"):
    for fault in ("500", "truncate", "reset"):
        ok, why = fault_twice(m, FX + NX, wx, match, fault, REFX)
        tap.ok(ok, "%s at %s: once retried; persistent 75 and a clean rerun completes the set" % (fault, match), why)
check_max_pages(tap, FX + NX, wx, REFX)
check_kill(tap, datax, wx, FX[:-1], REFX, NX)
m.stop()
rmtree(work)
tap.done()
