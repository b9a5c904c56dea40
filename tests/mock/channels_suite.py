#!/usr/bin/env python3
"""channels_suite.py - the Graph sources sc-fetch asks only when named
(issue 14): Facebook visitor_posts (/feed without the page's own posts,
and their comments), mentions (/tagged), ratings (/ratings); Instagram
mentions (/tags) and the comments on ads' media (act_ID/ads with an
ad_account_id column).  Counts, envelopes, sc-normalize's kinds,
incremental runs, permission errors, faults once and persistent, and
--max-pages over several runs.  Run by tests/fetch-channels.test."""
import collections
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, Mock, Tap, check_kill, check_max_pages, envelopes, fault_twice, ids, item_time,  # noqa: E402
                     rmtree, run_fetch, state_arg, tmpdir, watermarks)

tap = Tap()
work = tmpdir()
data = os.path.join(work, "data.json")
prof = os.path.join(work, "profiles.csv")
subprocess.check_call([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gendata.py"),
                       "--out", data, "--profiles-csv", prof, "--platforms", "facebook,instagram", "--items", "6",
                       "--extras"])
m = Mock(data, work, page_size=2)
F = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--retries", "2", "--max-wait", "5s",
     "--timeout", "2s", "--base-url", m.base]
NEW = "visitor_posts,mentions,ratings"


def st(name=None):
    return state_arg(work, name)


def count(out):
    return collections.Counter((e["platform"], e["source"]) for e in envelopes(out))


# the default set does not ask the new edges
s, out, err = run_fetch(F + st())
paths = {r["path"].rsplit("/", 1)[-1] for r in m.requests()}
tap.ok(s == 0 and not paths & {"feed", "tagged", "ratings", "tags"},
       "sources not named: /feed, /tagged, /ratings and /tags are not asked", "exit %d %s\n%s" % (s, paths, err))
tap.ok(count(out)[("instagram", "comments")] == 10 and
       sum(1 for e in envelopes(out) if e["context"].get("ad") is True and e["platform"] == "instagram") == 2,
       "instagram comments with an ad_account_id: the ad medium's 2 comments come too, context ad true",
       count(out))
ADS = [e for e in envelopes(out) if e["platform"] == "instagram" and e["context"].get("ad")]
tap.ok(all(e["context"]["media_id"] == "1830000101" for e in ADS),
       "the ad's medium comes from creative.effective_instagram_media_id; the ad not on Instagram is passed over",
       ADS[:1])

s, out, err = run_fetch(F + st("ref") + ["--source", NEW + ",comments"])
C = count(out)
REF = ids(out)
tap.ok(s == 0 and err == "", "named: exit 0, nothing on stderr", "exit %d\n%s" % (s, err))
tap.ok(C[("facebook", "visitor_posts")] == 6 and C[("facebook", "mentions")] == 3 and
       C[("facebook", "ratings")] == 3 and C[("instagram", "mentions")] == 2,
       "visitor_posts 3 posts + 3 comments (the page's own posts left out), 3 tagged posts, 3 ratings, "
       "2 tagged media", C)
V = [e for e in envelopes(out) if e["source"] == "visitor_posts"]
tap.ok(all(e["item"]["from"]["id"] != "100001" for e in V if e["item"].get("status_type")) and
       all(e["context"]["post_id"].startswith("100001_95") for e in V),
       "visitor posts and their comments carry the visitor post's id", V[:1])
p = subprocess.run([os.path.join(BIN, "sc-normalize"), "-p", prof], input=out.encode(), capture_output=True)
recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
K = collections.Counter((r["platform"], r["kind"]) for r in recs)
rev = sorted(r["rating"] for r in recs if r["kind"] == "review")
tap.ok(p.returncode == 0 and K[("facebook", "post")] == 3 and K[("facebook", "mention")] == 3 and
       K[("facebook", "review")] == 3 and K[("instagram", "mention")] == 2 and rev == [1, 5, 5] and
       sum(1 for r in recs if r.get("ad") and r["platform"] == "instagram") == 2,
       "sc-normalize: visitor posts are posts, tags mentions, ratings reviews (negative 1, positive 5), "
       "ad comments ad", "exit %d %s %s\n%s" % (p.returncode, K, rev, p.stderr.decode()[:500]))

# incremental: what arrives comes alone
wm = watermarks(os.path.join(work, "st-ref"))
m.faults([{"match": ".", "nth": 1, "fault": "add", "items": [   # before the run's first answer
    {"path": ["graph", "pages", "100001", "visitor_posts"], "stamp": "created_time", "offset": -60, "format": "graph",
     "item": {"id": "100001_959", "status_type": "wall_post", "from": {"id": "v9", "name": "Nowy Gość"},
              "message": "Gdzie moja paczka?"}},
    {"path": ["graph", "comments", "100001_951"], "stamp": "created_time", "offset": -50, "format": "graph",
     "item": {"id": "951_8001", "from": {"id": "u9", "name": "Klient 9"}, "message": "Mam to samo"}},
    {"path": ["graph", "pages", "100001", "tagged"], "stamp": "created_time", "offset": -40, "format": "graph",
     "item": {"id": "771_699", "status_type": "mobile_status_update", "from": {"id": "t9"}, "message": "@Brand zwrot?"}},
    {"path": ["graph", "pages", "100001", "ratings"], "stamp": "created_time", "offset": -30, "format": "graph",
     "item": {"recommendation_type": "negative", "has_review": True, "review_text": "Słabo",
              "reviewer": {"id": "r9"}, "open_graph_story": {"id": "98765999"}}},
    {"path": ["graph", "ig_users", "17800001", "tags"], "stamp": "timestamp", "offset": -20, "format": "graph",
     "item": {"id": "18200001099", "caption": "@brand1 nowość", "username": "tagger9", "media_type": "IMAGE"}}]}])
s, out2, err = run_fetch(F + ["--state", os.path.join(work, "st-ref"), "--overlap", "0s", "--source", NEW,
                              "--parallel", "1"])
got = {i[2] for i in ids(out2)}
WM = {src: t for (p_, src), (t, _) in wm.items() if p_ == "fb1"}
tap.ok(s == 0 and {"100001_959", "951_8001", "771_699", "18200001099"} <= got and
       any(e["item"].get("open_graph_story", {}).get("id") == "98765999" for e in envelopes(out2)) and
       all(item_time(e) >= WM.get(e["source"], 0) for e in envelopes(out2) if e["platform"] == "facebook"),
       "the next run brings the new visitor post, the comment on an old visitor post, the tag, the rating and "
       "the tagged medium (and at most the items at the watermark again)", "exit %d %s\n%s" % (s, got, err))
tap.ok(watermarks(os.path.join(work, "st-ref"))[("fb1", "ratings")][0] > wm[("fb1", "ratings")][0],
       "the ratings watermark moved to the new rating")
m.call("/__mock/load", {"data": data})     # the world before the additions

# permission errors
m.faults([{"match": "/tagged", "nth": "always", "fault": "http", "status": 403,
           "body": {"error": {"message": "(#10) This endpoint requires the 'pages_read_user_content' permission",
                              "type": "OAuthException", "code": 10, "fbtrace_id": "x"}}}])
s, out3, err = run_fetch(F + st() + ["--source", NEW])
tap.ok(s == 69 and "mentions" in err and "code 10" in err and count(out3)[("facebook", "ratings")] == 3,
       "no pages_read_user_content: mentions is refused (69), the other sources go on", "exit %d\n%s" % (s, err))
bad = os.path.join(work, "noads.csv")
with open(prof) as f, open(bad, "w") as g:
    g.write(f.read().replace(",5500001", ",999"))
m.faults([])
s, out4, err = run_fetch(["-p", bad] + F[2:] + st() + ["--source", "comments"])
tap.ok(s == 0 and count(out4)[("instagram", "comments")] == 8,
       "an ad account the token may not read (code 200): the ads' media are skipped, the rest of comments fetched",
       "exit %d %s\n%s" % (s, count(out4), err))

# faults once and persistent on the feed and on a tagged page
for match in ("/feed", "/ratings", "/tags"):
    for fault in ("500", "truncate", "graph-17"):
        ok, why = fault_twice(m, F + ["--source", NEW + ",comments"], work, match, fault, REF)
        tap.ok(ok, "%s at %s: once retried; persistent 75 and a clean rerun completes the set" % (fault, match), why)

check_max_pages(tap, F + ["--source", NEW + ",comments"], work, REF)
check_kill(tap, data, work, F[:-1], REF, ["--source", NEW + ",comments"])
m.stop()
rmtree(work)
tap.done()
