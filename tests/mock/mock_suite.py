#!/usr/bin/env python3
"""mock_suite.py - the mock's own contract, for the suites and for sc-reply:
page shapes and cursors, the request log, write endpoints with the ledger
and read-back, faults after commit.  Run by tests/fetch-mock.test."""
import json
import os
import sys
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Mock, Tap, gendata, rmtree, tmpdir  # noqa: E402

tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=12)
m = Mock(data, work, page_size=5)
TOK = "mock-canary-token"


def req(method, path, body=None, token=TOK, form=False, query_token=False):
    url = m.base + path
    if query_token:
        url += ("&" if "?" in url else "?") + "access_token=" + token
    data_ = None
    headers = {}
    if token and not query_token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        if form:
            data_ = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data_ = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    r = urllib.request.Request(url, data=data_, method=method, headers=headers)
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            return resp.status, dict(resp.headers), json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"null")


import urllib.parse  # noqa: E402

# ---- read shapes
s, h, d = req("GET", "/v21.0/100001_901/comments?filter=stream&order=reverse_chronological&limit=2", query_token=True)
tap.ok(s == 200 and len(d["data"]) == 2 and set(d["paging"]["cursors"]) == {"before", "after"}
       and "access_token=" + TOK in d["paging"]["next"] and d["data"][0]["created_time"].endswith("+0000"),
       "graph: data, paging.cursors, next carrying access_token, +0000 times", d)
s, h, d2 = req("GET", urllib.parse.urlsplit(d["paging"]["next"]).path + "?" + urllib.parse.urlsplit(d["paging"]["next"]).query, token=None)
tap.ok(s == 200 and "next" not in d2["paging"] and "previous" in d2["paging"] and len(d2["data"]) == 2,
       "graph: the last page has previous and no next", d2)
s, h, d = req("GET", "/v21.0/100001/published_posts?limit=1")
tap.ok(s == 200 and "until=" in d["paging"]["next"] and "__paging_token=" in d["paging"]["next"], "graph posts: time paging", d)
s, h, d = req("GET", "/v21.0/100001/published_posts", token=None)
tap.ok(s == 400 and d["error"]["code"] == 104, "graph: no token, code 104", d)
s, h, d = req("GET", "/2/users/7000001/mentions?max_results=5&expansions=author_id")
tap.ok(s == 200 and len(d["data"]) == 5 and d["includes"]["users"] and d["meta"]["next_token"]
       and d["meta"]["newest_id"] == d["data"][0]["id"] and h.get("x-rate-limit-remaining"), "x: data, includes.users, meta", d["meta"])
s, h, d = req("GET", "/2/users/7000001/mentions?max_results=1000")
tap.ok(s == 400 and "not between 5 and 100" in d["errors"][0]["message"], "x: max_results out of range is 400", d)
s, h, d = req("GET", "/2/users/7000001/mentions?since_id=1850000000000100100")
tap.ok(s == 200 and [t["id"] for t in d["data"]] == ["1850000000000100110"], "x: since_id", d)
s, h, d = req("GET", "/2/users/7000001/mentions?since_id=1850000000000100110")
tap.ok(s == 200 and d == {"meta": {"result_count": 0}}, "x: empty result is only meta", d)
s, h, d = req("GET", "/youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=UCmock00001&maxResults=3")
tap.ok(s == 200 and len(d["items"]) == 3 and d["nextPageToken"] and d["pageInfo"]["resultsPerPage"] == 3, "youtube: items, nextPageToken, pageInfo", d.keys())
s, h, d = req("GET", "/youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=UCmock00001&pageToken=zzz")
tap.ok(s == 400 and d["error"]["errors"][0]["reason"] == "invalidPageToken", "youtube: bad pageToken", d)
s, h, d = req("GET", "/v4/accounts/10001/locations/20001/reviews?pageSize=51")
tap.ok(s == 400 and d["error"]["status"] == "INVALID_ARGUMENT", "gbp: pageSize over 50 is 400", d)
s, h, d = req("GET", "/v4/accounts/10001/locations/20001/reviews")
tap.ok(s == 200 and len(d["reviews"]) == 5 and d["nextPageToken"] and d["totalReviewCount"] == 12 and d["averageRating"],
       "gbp: reviews, nextPageToken, totals", {k: v for k, v in d.items() if k != "reviews"})

# ---- writes, ledger and read-back
s, h, d = req("POST", "/v21.0/90101_5000/comments", {"message": "Dzień dobry, sprawdzamy"}, form=True)
cid = d.get("id")
s2, h, d2 = req("GET", "/v21.0/100001_901/comments?filter=stream&limit=100")
tap.ok(s == 200 and cid and any(c["id"] == cid and c["parent"] == {"id": "90101_5000"} and c["from"]["id"] == "100001" for c in d2["data"]),
       "graph: a public reply is readable in the post's stream", d)
s, h, d = req("POST", "/v21.0/100001/messages", {"recipient": {"comment_id": "90101_5001"}, "message": {"text": "Napiszmy na priv"}})
tap.ok(s == 200 and d["message_id"].startswith("m_"), "graph: private reply", d)
s, h, d = req("POST", "/v21.0/100001/messages", {"recipient": {"comment_id": "90101_5001"}, "message": {"text": "Raz jeszcze"}})
tap.ok(s == 400 and d["error"]["code"] == 10, "graph: a second private reply to one comment is refused", d)
s, h, d = req("POST", "/v21.0/90101_5001/private_replies", {"message": "x"}, form=True)
tap.ok(s == 400 and d["error"]["code"] == 12, "graph: legacy private_replies is refused (deprecated)", d)
s, h, d = req("POST", "/v21.0/90101_5002", {"is_hidden": "true"}, form=True)
s2, h, d2 = req("GET", "/v21.0/90101_5002")
tap.ok(s == 200 and d == {"success": True} and d2["is_hidden"] is True, "graph: hide, and read back", d2)
s, h, d = req("DELETE", "/v21.0/90101_5002")
s2, h, d2 = req("GET", "/v21.0/90101_5002")
tap.ok(s == 200 and s2 == 400, "graph: delete, then gone", d2)
s, h, d = req("POST", "/2/tweets", {"text": "@klient1_0 Dziękujemy!", "reply": {"in_reply_to_tweet_id": "1850000000000100000"}})
tid = (d.get("data") or {}).get("id")
s2, h, d2 = req("GET", "/2/tweets/%s" % tid)
tap.ok(s == 201 and tid and d2["data"]["referenced_tweets"] == [{"type": "replied_to", "id": "1850000000000100000"}],
       "x: POST /2/tweets is 201 and readable", d)
s, h, d = req("POST", "/2/tweets", {"text": "@klient1_0 Dziękujemy!"})
tap.ok(s == 403 and "duplicate content" in d["detail"], "x: the same text twice is 403", d)
s, h, d = req("POST", "/youtube/v3/comments?part=snippet", {"snippet": {"parentId": "Ugx000010001", "textOriginal": "Dzięki!"}})
s2, h, d2 = req("GET", "/youtube/v3/comments?part=snippet&parentId=Ugx000010001")
tap.ok(s == 200 and any(c["id"] == d["id"] for c in d2["items"]), "youtube: reply readable through comments?parentId", d)
for i in range(2):
    s, h, d = req("PUT", "/v4/accounts/10001/locations/20001/reviews/rev00001001/reply", {"comment": "Przykro nam"})
s2, h, d2 = req("GET", "/v4/accounts/10001/locations/20001/reviews/rev00001001")
tap.ok(s == 200 and d2["reviewReply"]["comment"] == "Przykro nam", "gbp: reply PUT creates or replaces, readable", d2)
m.faults([{"match": "/2/tweets$", "method": "POST", "nth": 1, "fault": "500", "commit_first": True}])
s, h, d = req("POST", "/2/tweets", {"text": "lost answer"})
s2, h, led = req("GET", "/__mock/posts")
tap.ok(s == 500 and sum(1 for p in led if p["body"].get("text") == "lost answer") == 1,
       "commit_first: the post lands in the ledger while the client sees 500", led[-1])
tap.ok(len([p for p in led if p["platform"] == "graph"]) == 6 and len([p for p in led if p["platform"] == "x"]) == 3,
       "the ledger counts every write, refused ones too", [(p["platform"], p["endpoint"]) for p in led])
log = open(m.log).read()
tap.ok(TOK not in log and '"access_token": "REDACTED"' in log, "the request log never holds a token")
m.stop()
rmtree(work)
tap.done()
