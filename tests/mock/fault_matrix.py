#!/usr/bin/env python3
"""fault_matrix.py - every mock fault, once and persistent, at the first, a
middle and the last page of one walk.  For each scenario: run sc-fetch with
the fault, check the exit status and stderr, then rerun without faults on
the same state and check that the union of ids equals a fault-free run,
that no request came earlier than the server said, and that the request
count stays within the retry budget.  Two groups, each against its own
data and fault-free run: the five older platforms, and TikTok with
LinkedIn (a walk of each, the transport faults and their own error
answers).  Run by tests/fetch-faults.test."""
import json
import os
import queue
import re
import sys
import threading
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (Mock, Tap, envelopes, gendata, ids, item_time, rmtree, run_fetch,  # noqa: E402
                     sanitizer_clean, tmpdir, watermarks)

RETRIES = 2
tap = Tap()
work = tmpdir()
COMMON = ["--since", "2026-11-01", "--backoff", "10", "--retries", str(RETRIES),
          "--max-wait", "5s", "--timeout", "1s", "--parallel", "4"]

GRAPH = r"/100001_901/comments"
XM = r"/2/users/7000001/mentions"
YT = r"/youtube/v3/commentThreads"
GB = r"/v4/accounts/10001/locations/20001/reviews"
# one walk each (one video's, one post's comments), as the targets above:
# with --parallel the other walks of the profile are in flight at any time
TT = r"/business/comment/list/\?.*video_id=730000100"
LI = r"/rest/socialActions/urn%3Ali%3Ashare%3A700000101/comments"

# (fault, target, status once, status persistent, extra fault fields)
FAULTS = [(f, GRAPH, 0, 75, {}) for f in ("500", "502", "503", "504", "html", "html-200", "invalid-json", "truncate",
                                          "reset", "graph-500", "empty-200", "empty-object")]
FAULTS += [("slow", GRAPH, 0, 0, {"ms": 300}), ("stall", GRAPH, 0, 75, {"secs": 3}),
           ("empty-next", GRAPH, 0, 75, {})]
FAULTS += [(f, GRAPH, 0, 75, {}) for f in ("graph-4", "graph-17", "graph-32", "graph-613", "graph-80001")]
FAULTS += [("graph-80001", GRAPH, 75, 75, {"minutes": 19}), ("graph-190", GRAPH, 69, 69, {})]
FAULTS += [(f, XM, 0, 75, {"wait": 1}) for f in ("429", "429-bare", "429-reset", "429-reset-past", "429-retry-after",
                                                  "429-retry-after-date", "429-v1")]
FAULTS += [("usage-capped", XM, 75, 75, {}), ("x-401", XM, 69, 69, {})]
FAULTS += [("quota", YT, 75, 75, {}), ("yt-rate", YT, 0, 75, {})]
FAULTS += [("gbp-429", GB, 0, 75, {})]
# TikTok and LinkedIn (issue 14) against their own data, so the walks of the
# five older platforms do not grow: the transport faults the generic layer
# handles once each, and every answer the two platforms give of their own
# (TikTok's codes in an HTTP 200, LinkedIn's throttle, DAY limit and 401)
CHANNEL_FAULTS = [(f, TT, 0, 75, {}) for f in ("503", "invalid-json", "truncate", "tt-40100", "tt-50002")]
CHANNEL_FAULTS += [("tt-40105", TT, 69, 69, {})]
CHANNEL_FAULTS += [(f, LI, 0, 75, {}) for f in ("500", "reset", "html-200", "li-429")]
CHANNEL_FAULTS += [("li-day", LI, 75, 75, {}), ("li-401", LI, 69, 69, {})]
NOT_RETRIED = ("usage-capped", "quota", "graph-190", "x-401", "tt-40105", "li-day", "li-401")
TOLD = {"429-reset", "429-retry-after", "429-retry-after-date"}
# what the quota memory holds after the first run: caps, quotas, the DAY
# limit and Graph waits past --max-wait; nothing else
HOLDS = {"usage-capped": ["x"], "quota": ["youtube"], "li-day": ["linkedin"]}


def target_of(r):
    """A logged request as the mock matches a fault: path?query."""
    return r["path"] + ("?" + urllib.parse.urlencode(r["query"], doseq=True) if r["query"] else "")


def golden(data, prof, name):
    m = Mock(data, work, page_size=2)
    st = os.path.join(work, "golden-state-" + name)
    s, out, err = run_fetch(["-p", prof] + COMMON + ["--state", st, "--base-url", m.base])
    log = m.requests()
    m.stop()
    return s, out, err, log


# group: (name, data, profiles, targets, faults) and, once run, its golden
# ids and request count
GROUPS = []
for name, kw, targets, faults, least in (("core", {}, (GRAPH, XM, YT, GB), FAULTS, 100),
                                         ("tiktok+linkedin", {"platforms": "tiktok,linkedin"}, (TT, LI), CHANNEL_FAULTS, 20)):
    gdir = os.path.join(work, name)
    os.mkdir(gdir)
    data, prof = gendata(gdir, items=18, **kw)
    gs, gout, gerr, glog = golden(data, prof, name)
    gold = ids(gout)
    tap.ok(gs == 0 and len(gold) > least, "%s fault-free run: exit 0 and %d ids" % (name, len(gold)), gerr)
    pages = {t: sum(1 for r in glog if re.search(t, target_of(r))) for t in targets}
    tap.ok(all(v >= 3 for v in pages.values()), "%s: every target walk has at least 3 pages %s" % (name, pages))
    GROUPS.append({"name": name, "data": data, "prof": prof, "faults": faults, "pages": pages, "gold": gold,
                   "nreq": len(glog)})

scen = []
for gi, g in enumerate(GROUPS):
    for f, target, s_once, s_pers, extra in g["faults"]:
        last = g["pages"][target]
        for pos, nth in (("first", 1), ("middle", 2), ("last", last)):
            scen.append((gi, f, target, pos, "once", nth, s_once, extra))
            scen.append((gi, f, target, pos, "persistent", "%d+" % nth, s_pers, extra))

q = [queue.Queue() for _ in GROUPS]
for i, s in enumerate(scen):
    q[s[0]].put((i, s))
results = []
rlock = threading.Lock()


def worker(gi):
    g = GROUPS[gi]
    m = Mock(g["data"], work, page_size=2)
    args = ["-p", g["prof"]] + COMMON + ["--base-url", m.base]
    try:
        while True:
            try:
                i, (sgi, f, target, pos, mode, nth, want, extra) = q[gi].get_nowait()
            except queue.Empty:
                return
            st = os.path.join(work, "state%d" % i)
            fault = dict(match=target, nth=nth, fault=f, **extra)
            m.faults([fault])
            s1, o1, e1 = run_fetch(args + ["--state", st])
            log1 = m.requests()
            wm1 = watermarks(st)
            # a limit with an end is remembered (quota memory): the rerun
            # comes after that end, as if the time had passed
            qf = os.path.join(st, "fetch", "quota.json")
            held = sorted(k.split(":")[0] for k in (json.load(open(qf)).get("holds", {}) if os.path.exists(qf) else {}))
            if os.path.exists(qf):
                os.unlink(qf)
            m.faults([])
            s2, o2, e2 = run_fetch(args + ["--state", st])
            with rlock:
                results.append((i, gi, f, target, pos, mode, want, s1, o1, e1, log1, s2, o2, e2, wm1, held, extra))
            rmtree(st)
    finally:
        m.stop()


# six workers on the older platforms' scenarios (as before TikTok and
# LinkedIn came), two on the smaller walks of those two
threads = [threading.Thread(target=worker, args=(gi,)) for gi, n in enumerate((6, 2)) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()

results.sort()
for (i, gi, f, target, pos, mode, want, s1, o1, e1, log1, s2, o2, e2, wm1, held, extra) in results:
    name = "%s%s %s at %s page" % ("%s: " % ("tiktok" if target == TT else "linkedin") if gi else "", f, mode, pos)
    GOLD, NREQ = GROUPS[gi]["gold"], GROUPS[gi]["nreq"]
    why = []
    # remembered: a cap or quota, and a Graph wait past --max-wait; nothing else
    hold = HOLDS.get(f, ["facebook"] if extra.get("minutes") else [])
    if held != hold:
        why.append("quota memory holds %s, want %s" % (held, hold))
    if s1 != want:
        why.append("first run exit %d, want %d" % (s1, want))
    if want != 0 and "sc-fetch: profile " not in e1:
        why.append("no per-profile summary on stderr")
    if not sanitizer_clean(e1 + e2):
        why.append("sanitizer report")
    if s2 != 0:
        why.append("rerun exit %d: %s" % (s2, e2.strip()[:300]))
    got = ids(o1) | ids(o2)
    if got != GOLD:
        why.append("ids differ: missing %d, extra %d" % (len(GOLD - got), len(got - GOLD)))
    # raw duplicates only from the overlap: an item the rerun brings again
    # belongs to a source that did not commit, or lies in the overlap window
    # (default --overlap 5m) before the committed watermark
    seen1 = ids(o1)
    for e in envelopes(o2):
        key = (e["platform"], e["source"], e["item"].get("id") or e["item"].get("reviewId"))
        if key not in seen1:
            continue
        w = wm1.get((e["profile"], e["source"]))
        if w is None:
            continue
        if w[1] or item_time(e) < w[0] - 300:
            why.append("duplicate outside the overlap: %s (watermark %s)" % (key, w))
            break
    budget = NREQ + RETRIES + 1
    if f == "empty-next":
        budget += 22
    if f == "reset":
        # libcurl resends by itself a request whose reused connection died
        # before any answer (at most 5 times, each on another connection)
        budget += 5 * (RETRIES + 1)
    if len(log1) > budget:
        why.append("%d requests, budget %d" % (len(log1), budget))
    faulted = [r for r in log1 if r.get("fault") == f]
    if not faulted:
        why.append("the fault never fired")
    if f in NOT_RETRIED and faulted:
        t0 = faulted[0]["t"]
        later = [r for r in log1 if r["t"] > t0 and re.search(target, target_of(r))]
        if later or len(faulted) != 1:
            why.append("retried after %s" % f)
    if f in TOLD and faulted:
        for fr in faulted:
            nxt = [r for r in log1 if r["t"] > fr["t"] and re.search(target, target_of(r))]
            if nxt:
                limit = int(fr["t"]) + 1 if f == "429-reset" else fr["t"] + 1
                if nxt[0]["t"] < limit - 0.001:
                    why.append("retry %.3fs after the fault, earlier than told" % (nxt[0]["t"] - fr["t"]))
    tap.ok(not why, name, "\n".join(why))

rmtree(work)
tap.done()
