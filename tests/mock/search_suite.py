#!/usr/bin/env python3
"""search_suite.py - sc-fetch's X search source (social listening, issue
14) against the mock: the profile's search column as an X recent-search
query without the account's own posts and retweets, start_time never
before the 7 days recent search covers, incremental by since_id, the
untagged mentions marked "tagged":false by sc-normalize, the X errors,
faults once and persistent, and --max-pages over several runs.  Run by
tests/fetch-search.test."""
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (BIN, Mock, Tap, check_kill, check_max_pages, envelopes, fault_twice, ids, rmtree,  # noqa: E402
                     run_fetch, state_arg, tmpdir, watermarks)

tap = Tap()
work = tmpdir()
data = os.path.join(work, "data.json")
prof = os.path.join(work, "profiles.csv")
start = time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(time.time() - 2 * 86400))
subprocess.check_call([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gendata.py"),
                       "--out", data, "--profiles-csv", prof, "--platforms", "x", "--items", "6", "--extras",
                       "--start", start])
m = Mock(data, work, page_size=2)
F = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--retries", "2", "--max-wait", "5s",
     "--timeout", "2s", "--base-url", m.base]


def st(name=None):
    return state_arg(work, name)


def searches():
    return [r for r in m.requests() if r["path"] == "/2/tweets/search/recent"]


# no search column: no search
plain = os.path.join(work, "plain.csv")
with open(prof) as f, open(plain, "w") as g:
    g.write(f.read().replace(",Brand1 OR brnad1", ","))
s, out, err = run_fetch(["-p", plain] + F[2:] + st())
tap.ok(s == 0 and not searches() and {e["source"] for e in envelopes(out)} == {"mentions", "tweets", "messages"},
       "a profile without a search column is not searched", "exit %d\n%s" % (s, err))

m.faults([])
s, out, err = run_fetch(F + st("ref") + ["--source", "search"])
E = envelopes(out)
REF = ids(out)
q = searches()
tap.ok(s == 0 and err == "" and len(E) == 3, "search: 3 posts (two untagged, one tagged), exit 0",
       "exit %d %d\n%s" % (s, len(E), err))
tap.ok({e["item"]["text"] for e in E} == {"Brand1 znowu nie działa", "czy ktoś zna brnad1?", "@brand1 gdzie paczka, Brand1?"},
       "the brand's own post and the retweet are left out; the misspelling is found", [e["item"]["text"] for e in E])
qq = q[0]["query"] if q else {}
tap.ok(qq.get("query") == "(Brand1 OR brnad1) -from:7000001 -is:retweet" and
       time.mktime(time.strptime(qq.get("start_time", "2000-01-01T00:00:00Z"), "%Y-%m-%dT%H:%M:%SZ")) >=
       time.mktime(time.gmtime(time.time() - 7 * 86400)) and len(q) == 2,
       "the query: the column, -from:ACCOUNT, -is:retweet; start_time inside the 7 days (not --since); paged",
       q[:1])
p = subprocess.run([os.path.join(BIN, "sc-normalize"), "-p", prof], input=out.encode(), capture_output=True)
recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
tap.ok(p.returncode == 0 and all(r["kind"] == "mention" for r in recs) and
       sorted(r.get("tagged", True) for r in recs) == [False, False, True] and
       all("tagged" not in r for r in recs if "@brand1" in r["text"]),
       "sc-normalize: mentions, the two without the @ \"tagged\":false", p.stdout.decode()[:600])
wm = watermarks(os.path.join(work, "st-ref"))[("x1", "search")]
tap.ok(wm[1] == max(e["item"]["id"] for e in E), "the state keeps the newest id (since_id)", wm)

# incremental by since_id: only the new post
m.faults([{"match": "search/recent", "nth": 1, "fault": "add", "items": [
    {"path": ["x", "search"], "stamp": "created_at", "offset": -30, "format": "x",
     "item": {"id": "1879999999999999999", "author_id": "8000150", "text": "Brand1 oddajcie kasę", "lang": "pl"}}]}])
s, out2, err = run_fetch(F + ["--state", os.path.join(work, "st-ref"), "--source", "search"])
q = searches()
tap.ok(s == 0 and [e["item"]["id"] for e in envelopes(out2)] == ["1879999999999999999"] and
       q and q[0]["query"].get("since_id") == wm[1] and "start_time" not in q[0]["query"],
       "the next run asks since_id and brings the new post alone", "exit %d %s\n%s" % (s, ids(out2), err))
m.call("/__mock/load", {"data": data})

# errors
m.faults([{"match": "search/recent", "nth": "always", "fault": "usage-capped"}])
s, _, err = run_fetch(F + st() + ["--source", "search"])
tap.ok(s == 75 and "usage cap" in err and len(searches()) == 1, "usage cap: 75, one request", "exit %d\n%s" % (s, err))
m.faults([{"match": "search/recent", "nth": "always", "fault": "x-401"}])
s, _, err = run_fetch(F + st() + ["--source", "search"])
tap.ok(s == 69 and "SC_TEST_TOKEN" in err, "401: 69 naming the token variable", "exit %d\n%s" % (s, err))
m.faults([{"match": "search/recent", "nth": 1, "fault": "429-reset", "wait": 1}])
t0 = time.time()
s, o, err = run_fetch(F + st() + ["--source", "search"])
tap.ok(s == 0 and ids(o) == REF and time.time() - t0 >= 1, "a 429 with a reset: waited, then everything",
       "exit %d\n%s" % (s, err))
m.faults([])
long_csv = os.path.join(work, "long.csv")
with open(prof) as f, open(long_csv, "w") as g:
    g.write(f.read().replace("Brand1 OR brnad1", " OR ".join(["brand%d" % i for i in range(120)])))
s, _, err = run_fetch(["-p", long_csv] + F[2:] + st() + ["--source", "search"])
tap.ok(s == 78 and "search column too long" in err and not searches(), "a query over 512 characters: 78, not sent",
       "exit %d\n%s" % (s, err))

for fault in ("500", "truncate", "invalid-json"):
    ok, why = fault_twice(m, F + ["--source", "search"], work, "search/recent", fault, REF)
    tap.ok(ok, "%s: once retried; persistent 75 and a clean rerun completes the set" % fault, why)
check_max_pages(tap, F + ["--source", "search"], work, REF, exact_runs=2)
check_kill(tap, data, work, F[:-1], REF, ["--source", "search"])
m.stop()
rmtree(work)
tap.done()
