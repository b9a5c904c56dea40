#!/usr/bin/env python3
"""reply_send_channels.py - sc-reply --send on the channels added for issue
14, against the loopback mock: TikTok (replies, hide, the body codes
40001/40002/40007/40100/40105), X direct messages (429 with
x-rate-limit-reset waited for or reported, a refused recipient, the
honest invitation), LinkedIn (replies under the comment URN with
x-restli-id, the DAY limit, the create throttle, 401, 403), each write
exactly once through the journal, faults
with and without commit_first resolved by reading back, limits held
before sending, and the token only in its header.  Prints TAP
and "N passed, N failed".  Run by tests/reply-send-channels.test."""
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Tap, gendata, rmtree, run_fetch, sanitizer_clean, tmpdir  # noqa: E402
from reply_send_lib import TOKEN, lines, send, start_mock, verify  # noqa: E402

t = Tap()
W = tmpdir()
NM = [0]


def fresh(data, faults=None):
    NM[0] += 1
    d = os.path.join(W, "m%d" % NM[0])
    os.mkdir(d)
    return start_mock(data, d, faults=faults)


def write(path, recs):
    with open(path, "w") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def tt_ok(p):
    res = p.get("result") or {}
    return p["platform"] == "tiktok" and ("comment_id" in res or "status" in res)


def tt_counts(posts):
    c = {}
    for p in posts:
        if tt_ok(p):
            k = (p["endpoint"], p["target"])
            c[k] = c.get(k, 0) + 1
    return c


def fetched_records(work, platform):
    """A platform's records the real way: gendata, sc-fetch against a fresh
    mock, then sc-normalize.  (profiles.csv, the records, whether both
    programs exited 0, their stderr)."""
    data, prof = gendata(work, items=6, platforms=platform)
    mk = fresh(data)
    rc, out, err = run_fetch(["-p", prof, "--since", "2026-11-01", "--base-url", mk.base, "--state",
                              os.path.join(work, "st")], env_extra={"SC_TEST_TOKEN": TOKEN})
    p = subprocess.run([os.path.join(BIN, "sc-normalize"), "-p", prof], input=out.encode(), capture_output=True)
    mk.stop()
    return data, prof, [json.loads(x) for x in p.stdout.decode().splitlines()], \
        rc == 0 and p.returncode == 0, err + p.stderr.decode()


def http_tt(code, msg):
    return {"fault": "http", "status": 200,
            "body": {"code": code, "message": msg, "request_id": "20261201MOCKERR", "data": {}}}


# ================================================================ TikTok
TW = os.path.join(W, "tt")
os.mkdir(TW)
# the records come the real way: sc-fetch, then sc-normalize (post_id is the video)
tdata, tprof, R, ran, err = fetched_records(TW, "tiktok")
cust = [r for r in R if not r["author"]["is_brand"]]
t.ok(ran and len(cust) == 6 and all(r.get("post_id", "").startswith("tiktok:73") for r in R),
     "sc-fetch | sc-normalize: TikTok records carry post_id (the video)", err)
top = [r for r in cust if r["parent_id"] is None]
a, b, c = top[0], top[1], top[2]
DRAFT = {"status": "draft", "template": "tt", "rule": "replies.csv:2", "lang": "pl", "visibility": "public"}
a["reply"] = dict(DRAFT, text="Dziękujemy, sprawdzamy to! Zespół")
b["reply"] = dict(DRAFT, text="Napisz do nas, pomożemy. Zespół")
c["triage"] = {"category": "spam", "action": "hide", "rules": ["rules.csv:4"]}
long_ = dict(top[3], reply=dict(DRAFT, text="ą" * 151))
inp = write(os.path.join(TW, "in.ndjson"), [a, b, c])
want = {("reply", a["id"].split(":")[1]): 1, ("reply", b["id"].split(":")[1]): 1, ("hide", c["id"].split(":")[1]): 1}

m = fresh(tdata)
j = os.path.join(TW, "j.ndjson")
rc, out, err = send(m.base, tprof, inp, j, extra=["--agent", "ola"])
posts = m.call("/__mock/posts")
t.ok(rc == 0 and tt_counts(posts) == want, "TikTok: two replies and a hide, each once", "rc=%d %s %s" % (rc, err, posts))
body = [p for p in posts if p["endpoint"] == "reply"][0]["body"]
t.ok(body.get("business_id") == "tt_biz_1" and body.get("video_id") == a["post_id"].split(":")[1]
     and body.get("comment_id") == a["id"].split(":")[1] and body.get("text") == a["reply"]["text"],
     "comment/reply/create gets business_id, video_id, comment_id and text", json.dumps(body))
hb = [p for p in posts if p["endpoint"] == "hide"][0]["body"]
t.ok(hb.get("action") == "HIDE" and hb.get("video_id") == c["post_id"].split(":")[1], "comment/hide with action HIDE", json.dumps(hb))
reqs = m.call("/__mock/requests")
t.ok(reqs and all(r["token"] for r in reqs) and all("access_token" not in r["query"] for r in reqs),
     "the token travels in the Access-Token header, never in the URL", json.dumps(reqs[:2]))
O = lines(out)
brand = [r for r in O if r["author"]["is_brand"]]
rid = [p for p in posts if p["endpoint"] == "reply" and p["target"] == a["id"].split(":")[1]][0]["result"]["comment_id"]
ba = [r for r in brand if r["parent_id"] == a["id"]]
t.ok(len(brand) == 2 and len(ba) == 1 and ba[0]["id"] == "tiktok:" + rid and ba[0]["kind"] == "comment"
     and ba[0]["thread_id"] == a["thread_id"] and ba[0]["agent"] == "ola",
     "brand records with TikTok's comment_id", json.dumps(brand))
mod = [r for r in O if r["id"] == c["id"]][0]["reply"]["moderation"]
t.ok(mod == {"action": "hide", "status": "done"}, "the hide is reported done", json.dumps(mod))
t.ok(TOKEN not in out + err + open(j).read(), "the token is in neither stdout, stderr nor the journal")
rcv, vout = verify(j)
t.ok(rcv == 0, "the journal verifies", vout)
rc, out2, err2 = send(m.base, tprof, inp, j, extra=["--agent", "ola"])
t.ok(rc == 0 and tt_counts(m.call("/__mock/posts")) == want, "a rerun posts nothing", err2)
m.stop()

# a reply to a reply goes under the top-level comment
# (gendata's replies are the brand's: a customer's reply in a's thread)
sub = dict(a, id=a["id"] + "x", parent_id=a["id"], thread_id=a["id"],
           reply=dict(DRAFT, text="Odpowiedź w wątku. Zespół"))
m = fresh(tdata)
rc, out, err = send(m.base, tprof, write(os.path.join(TW, "sub.ndjson"), [sub]), os.path.join(TW, "jsub.ndjson"))
posts = m.call("/__mock/posts")
t.ok(rc == 0 and len(posts) == 1 and posts[0]["target"] == sub["thread_id"].split(":")[1],
     "a reply to a reply is posted under the thread's top-level comment", err + json.dumps(posts))
m.stop()

# held before sending: over 150 characters; a record without post_id fails (65)
nopost = dict(a, id=a["id"] + "9", reply=dict(DRAFT, text="Krótko."))
del nopost["post_id"]
m = fresh(tdata)
rc, out, err = send(m.base, tprof, write(os.path.join(TW, "bad.ndjson"), [long_, nopost]), os.path.join(TW, "jb.ndjson"))
O = lines(out)
t.ok(not m.call("/__mock/posts") and "too long for tiktok (151 > 150)" in O[0]["reply"].get("held", ""),
     "151 characters are held, not sent (TikTok's 150)", json.dumps(O[0]["reply"]))
t.ok(rc == 65 and O[1]["reply"]["status"] == "failed" and "post_id" in O[1]["reply"]["error"],
     "a TikTok record without post_id fails with 65", "rc=%d %s" % (rc, json.dumps(O[1]["reply"])))
m.stop()

# the body codes: what is retried, what stops
REPLY_RE = r"comment/reply/create"
for code, msg, nth, status, label in (
        (40100, "Too many requests. Please retry in some time.", 1, 0, "40100 once: retried, sent once"),
        (40100, "Too many requests. Please retry in some time.", "always", 75, "40100 every time: 75 after the retries"),
        (40105, "The access token is invalid or has expired.", "always", 69, "40105: 69, the profile stops"),
        (40001, "No permission to operate this business account.", "always", 69, "40001: 69, not retried"),
        (40002, "text: invalid", "always", 69, "40002: 69, not retried"),
        (40007, "The comment does not exist.", "always", 69, "40007: 69, not retried")):
    f = dict(http_tt(code, msg), match=REPLY_RE, method="POST", nth=nth)
    m = fresh(tdata, faults=[f])
    jj = os.path.join(TW, "jc%d%s.ndjson" % (code, nth))
    rc, out, err = send(m.base, tprof, inp, jj)
    posts = m.call("/__mock/posts")
    creates = [r for r in m.call("/__mock/requests") if r["path"].endswith("reply/create/")]
    ok = rc == status and TOKEN not in err
    if status == 0:
        ok = ok and tt_counts(posts) == want
    elif code in (40001, 40002, 40007):
        ok = ok and len(creates) == 2 and ("TikTok code %d" % code) in err
    elif code == 40105:
        ok = ok and len(creates) == 1 and "40105" in err and "SC_TEST_TOKEN" in err
    else:
        ok = ok and len(creates) == 10 and "gave up" in err
    t.ok(ok, "TikTok " + label, "rc=%d creates=%d %s" % (rc, len(creates), err[-500:]))
    if status == 75:
        m.call("/__mock/faults", [])
        rc, out, err = send(m.base, tprof, inp, jj)
        t.ok(rc == 0 and tt_counts(m.call("/__mock/posts")) == want, "TikTok 40100: the rerun finishes, once each", err)
    m.stop()

# lost answers (the write landed, the answer did not): read back, no double post
for name in ("500", "reset", "truncate", "empty-200"):
    rules = [{"match": REPLY_RE, "method": "POST", "nth": 1, "fault": name, "commit_first": True},
             {"match": r"comment/hide", "method": "POST", "nth": 1, "fault": name, "commit_first": True}]
    m = fresh(tdata, faults=rules)
    jj = os.path.join(TW, "jl%s.ndjson" % name)
    rc, out, err = send(m.base, tprof, inp, jj)
    J = [json.loads(x) for x in open(jj)]
    rb = [e for e in J if e.get("resolved_by") == "read-back"]
    t.ok(rc == 0 and tt_counts(m.call("/__mock/posts")) == want and len(rb) == 2 and sanitizer_clean(err),
         "TikTok %s after the write: resolved by reading back (reply/list, comment/list), no double post" % name,
         "rc=%d rb=%d %s %s" % (rc, len(rb), err[-400:], tt_counts(m.call("/__mock/posts"))))
    m.stop()

# ================================================================ X direct messages
XW = os.path.join(W, "x")
os.mkdir(XW)
xdata, xprof = gendata(XW, items=6)
XDM = {"sc": 1, "id": "x:1860000000000100000", "platform": "x", "profile": "x1", "kind": "dm",
       "visibility": "private", "thread_id": "x:7000001-8000100", "parent_id": None,
       "author": {"id": "8000100", "name": "Klient 0", "is_brand": False}, "text": "Gdzie paczka?",
       "created_at": "2026-11-20T08:00:00Z",
       "reply": dict(DRAFT, visibility="private", text="Sprawdzamy, odezwiemy się w ciągu godziny.")}
xin = write(os.path.join(XW, "dm.ndjson"), [XDM])


def x_dms(m):
    return [p for p in m.call("/__mock/posts") if p["platform"] == "x" and p["endpoint"] == "dm"
            and "data" in (p.get("result") or {})]


# a 429 with x-rate-limit-reset: waited for as told, then sent once
m = fresh(xdata, faults=[{"match": r"^/2/dm_conversations/", "method": "POST", "nth": 1, "fault": "429-reset", "wait": 2}])
jx = os.path.join(XW, "j429.ndjson")
rc, out, err = send(m.base, xprof, xin, jx)
reqs = [r for r in m.call("/__mock/requests") if r["path"].startswith("/2/dm_conversations/")]
posts_ = [r for r in reqs if r["method"] == "POST"]
gap = posts_[-1]["t"] - posts_[0]["t"] if len(posts_) >= 2 else 0
t.ok(rc == 0 and len(x_dms(m)) == 1 and len(posts_) == 2 and gap >= 1.0,
     "X DM 429 with x-rate-limit-reset: no retry before the reset, then sent once",
     "rc=%d posts=%d gap=%.2f %s" % (rc, len(posts_), gap, err))
t.ok(any(r["method"] == "GET" and r["path"].endswith("/dm_events") for r in reqs),
     "before the retry the conversation is read back (the 429 might have followed a commit)")
t.ok(TOKEN not in out + err + open(jx).read(), "the token is in neither stdout, stderr nor the journal")
m.stop()

# a reset an hour away: 75 with retry true, journaled as unknown; the rerun sends it once
m = fresh(xdata, faults=[{"match": r"^/2/dm_conversations/", "method": "POST", "nth": 1, "fault": "429-reset", "wait": 3600}])
jx = os.path.join(XW, "jlong.ndjson")
rc, out, err = send(m.base, xprof, xin, jx)
r0 = lines(out)[0]["reply"]
t.ok(rc == 75 and r0["status"] == "failed" and r0.get("retry") is True and "max-wait" in r0["error"]
     and not x_dms(m), "X DM 429 an hour away: reported (75, retry), not dropped", "rc=%d %s" % (rc, json.dumps(r0)))
rc, out, err = send(m.base, xprof, xin, jx)
t.ok(rc == 0 and len(x_dms(m)) == 1 and lines(out)[0]["reply"]["status"] == "sent",
     "the rerun with the same journal sends it, once", err)
m.stop()

# the answer lost after the DM landed: read back, not sent twice
m = fresh(xdata, faults=[{"match": r"^/2/dm_conversations/", "method": "POST", "nth": 1, "fault": "502", "commit_first": True}])
jx = os.path.join(XW, "jlost.ndjson")
rc, out, err = send(m.base, xprof, xin, jx)
J = [json.loads(x) for x in open(jx)]
t.ok(rc == 0 and len(x_dms(m)) == 1 and any(e.get("resolved_by") == "read-back" for e in J),
     "X DM 502 after the commit: found in dm_events, sent once", err)
m.stop()

# a customer X will not let us message: 69, the reason kept
gone = dict(XDM, id="x:1860000000000199990", thread_id="x:7000001-9999999",
            author={"id": "9999999", "name": "Ktoś", "is_brand": False})
m = fresh(xdata)
rc, out, err = send(m.base, xprof, write(os.path.join(XW, "gone.ndjson"), [gone]), os.path.join(XW, "jg.ndjson"))
r0 = lines(out)[0]["reply"]
t.ok(rc == 69 and r0["status"] == "failed" and "403" in r0["error"] and not x_dms(m),
     "X DM refused (403): 69, failed with the reason", "rc=%d %s" % (rc, json.dumps(r0)))
m.stop()

# the invitation stays honest: a public mention answered with customer_dm
# posts the invitation only, and no DM is pushed
inv = {"sc": 1, "id": "x:1850000000000100010", "platform": "x", "profile": "x1", "kind": "mention",
       "visibility": "public", "thread_id": "x:1850000000000100010", "parent_id": None,
       "author": {"id": "8000101", "name": "K", "is_brand": False}, "text": "mój numer 600100200",
       "created_at": "2026-11-20T08:00:00Z",
       "reply": {"status": "draft", "rule": "replies.csv:9", "visibility": "private", "private_via": "customer_dm",
                 "public_text": "@k Napisz do nas DM, pomożemy. Lech", "private_text": "Twoje dane: 600100200",
                 "text": "Twoje dane: 600100200"}}
m = fresh(xdata)
rc, out, err = send(m.base, xprof, write(os.path.join(XW, "inv.ndjson"), [inv]), os.path.join(XW, "ji.ndjson"))
reqs = m.call("/__mock/requests")
posts = m.call("/__mock/posts")
t.ok(rc == 0 and len(posts) == 1 and posts[0]["endpoint"] == "tweets"
     and posts[0]["body"]["text"] == inv["reply"]["public_text"]
     and not any("dm_conversations" in r["path"] for r in reqs),
     "X customer_dm: the public invitation only; no DM is sent that the invitation does not promise",
     err + json.dumps(posts))
m.stop()

# ================================================================ LinkedIn
LW = os.path.join(W, "li")
os.mkdir(LW)
ldata, lprof, R, ran, err = fetched_records(LW, "linkedin")
lcust = [r for r in R if not r["author"]["is_brand"] and r["parent_id"] is None]
t.ok(ran and len(lcust) >= 3 and all(r.get("post_id", "").startswith("linkedin:urn:li:share:") for r in R),
     "sc-fetch | sc-normalize: LinkedIn records carry post_id (the post URN)", err)
la, lb = lcust[0], lcust[1]
la["reply"] = dict(DRAFT, text="Dziękujemy za pytanie, odpowiadamy w wiadomości poniżej. Zespół")
lb["reply"] = dict(DRAFT, text="Rekrutacja rusza w grudniu. Zespół")
ldm = dict(la, id="linkedin:dm1", kind="dm", visibility="private", reply=dict(DRAFT, text="Hej"))
lhide = dict(lcust[2], triage={"category": "spam", "action": "hide", "rules": ["rules.csv:4"]})
lin = write(os.path.join(LW, "in.ndjson"), [la, lb, ldm, lhide])


def li_posts(m):
    return [p for p in m.call("/__mock/posts") if p["platform"] == "linkedin" and "id" in (p.get("result") or {})]


def urn_of(r):
    return "urn:li:comment:(%s,%s)" % (r["post_id"][len("linkedin:"):], r["thread_id"].split(":", 1)[1])


m = fresh(ldata)
jl = os.path.join(LW, "j.ndjson")
rc, out, err = send(m.base, lprof, lin, jl, extra=["--agent", "ola"])
P = li_posts(m)
O = lines(out)
t.ok(rc == 0 and sorted(p["target"] for p in P) == sorted([urn_of(la), urn_of(lb)]),
     "LinkedIn: each reply posted once under its comment's URN", "rc=%d %s %s" % (rc, err, json.dumps(P)))
pa = [p for p in P if p["target"] == urn_of(la)][0]
t.ok(pa["body"] == {"actor": "urn:li:organization:96070001", "object": la["post_id"][len("linkedin:"):],
                    "message": {"text": la["reply"]["text"]}, "parentComment": urn_of(la)},
     "the body: the organization as actor, the post as object, the comment as parentComment", json.dumps(pa["body"]))
ba = [r for r in O if r["author"]["is_brand"] and r["parent_id"] == la["id"]]
t.ok(len(ba) == 1 and ba[0]["id"] == "linkedin:" + pa["result"]["id"] and ba[0]["thread_id"] == la["thread_id"],
     "the brand record's id is x-restli-id's", json.dumps(ba))
od = [r for r in O if r["id"] == "linkedin:dm1"][0]["reply"]
oh = [r for r in O if r["id"] == lhide["id"]][0]["reply"]["moderation"]
t.ok("not supported" in od.get("held", "") and oh["status"] == "skipped" and "not supported on linkedin" in oh["reason"],
     "LinkedIn has no DM or hide API: the DM is held, the hide skipped with the reason", json.dumps([od, oh]))
t.ok(TOKEN not in out + err + open(jl).read(), "the token is in neither stdout, stderr nor the journal")
rc, out, err = send(m.base, lprof, lin, jl)
t.ok(rc == 0 and len(li_posts(m)) == 2, "a rerun posts nothing", err)
m.stop()

# a customer's reply in a thread: the answer goes under the top-level comment
lsub = dict(la, id=la["id"] + "5", parent_id=la["id"], reply=dict(DRAFT, text="W wątku. Zespół"))
m = fresh(ldata)
rc, out, err = send(m.base, lprof, write(os.path.join(LW, "sub.ndjson"), [lsub]), os.path.join(LW, "jsub.ndjson"))
P = li_posts(m)
t.ok(rc == 0 and len(P) == 1 and P[0]["target"] == urn_of(la), "a reply to a reply is posted under the top-level comment",
     err + json.dumps(P))
m.stop()

LI_RE = r"^/rest/socialActions/"
DAY = {"fault": "http", "status": 429, "body": {"message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.", "status": 429}}
SHORT = {"fault": "http", "status": 429, "body": {"message": "Comment create throttled: creation rate limit exceeded for member", "status": 429}}
L401 = {"fault": "http", "status": 401, "body": {"status": 401, "serviceErrorCode": 65600, "code": "EXPIRED_ACCESS_TOKEN", "message": "The token used in the request has expired"}}
for f, nth, status, label in ((DAY, "always", 75, "429 DAY limit: 75 with retry, the profile waits for 00:00 UTC"),
                              (SHORT, 1, 0, "429 create throttle once: retried, sent once"),
                              (L401, "always", 69, "401 expired token: 69, the profile stops")):
    m = fresh(ldata, faults=[dict(f, match=LI_RE, method="POST", nth=nth)])
    jj = os.path.join(LW, "jf%s.ndjson" % status)
    lab = write(os.path.join(LW, "ab.ndjson"), [la, lb])
    rc, out, err = send(m.base, lprof, lab, jj)
    creates = [r for r in m.call("/__mock/requests") if r["method"] == "POST" and r["path"].startswith("/rest/")]
    O = lines(out)
    if status == 75:
        ok = (rc == 75 and len(creates) == 1 and all(r["reply"]["status"] == "failed" and r["reply"].get("retry") for r in O)
              and "00:00 UTC" in err and not li_posts(m))
    elif status == 69:
        ok = rc == 69 and len(creates) == 1 and "EXPIRED_ACCESS_TOKEN" in err and "SC_TEST_TOKEN" in err and TOKEN not in err
    else:
        ok = rc == 0 and len(li_posts(m)) == 2 and len(creates) == 3
    t.ok(ok, "LinkedIn " + label, "rc=%d creates=%d %s" % (rc, len(creates), err[-500:]))
    if status == 75:
        J = [json.loads(x) for x in open(jj)]
        cap = [e for e in J if e.get("action") == "capped"]
        t.ok(len(cap) == 1 and cap[0]["profile"] == "li1" and cap[0]["until"].endswith("T00:00:00Z"),
             "the journal remembers the cap until 00:00 UTC", json.dumps(cap))
        m.call("/__mock/reset", {})
        rc, out, err = send(m.base, lprof, lab, jj)
        calls = [r for r in m.call("/__mock/requests") if r["path"].startswith("/rest/")]
        t.ok(rc == 75 and not calls and "remembered" in err and all(r["reply"].get("retry") for r in lines(out)),
             "the next run spends no request on LinkedIn before the reset (75, retry)", "rc=%d %s %s" % (rc, err[-300:], calls))
        m.call("/__mock/faults", [])
        rc, out, err = send(m.base, lprof, lab, jj, extra=["--forget-caps"])
        t.ok(rc == 0 and len(li_posts(m)) == 2, "after the reset the rerun sends both, once each (never dropped)", err)
    m.stop()

# lost answers: read back from the comment's replies
for name in ("500", "reset", "truncate"):
    m = fresh(ldata, faults=[{"match": LI_RE, "method": "POST", "nth": 1, "fault": name, "commit_first": True}])
    jj = os.path.join(LW, "jl%s.ndjson" % name)
    rc, out, err = send(m.base, lprof, write(os.path.join(LW, "a.ndjson"), [la]), jj)
    J = [json.loads(x) for x in open(jj)]
    t.ok(rc == 0 and len(li_posts(m)) == 1 and any(e.get("resolved_by") == "read-back" for e in J) and sanitizer_clean(err),
         "LinkedIn %s after the write: found among the comment's replies, posted once" % name, "rc=%d %s" % (rc, err[-400:]))
    m.stop()

# a member who does not administer the organization: 403, 69
other = lprof + ".other"
with open(lprof) as f, open(other, "w") as g:
    for ln in f:
        g.write(ln.replace("96070001", "96079999"))
m = fresh(ldata)
rc, out, err = send(m.base, other, write(os.path.join(LW, "a.ndjson"), [la]), os.path.join(LW, "j403.ndjson"))
t.ok(rc == 69 and "403" in err and "administer" in err and not li_posts(m), "LinkedIn 403 (not an admin): 69", err)
m.stop()

# ================================================================ the canary: an echoing server on every new write
CANARY = "tok-CANARY-send-5e2d"
for label, data_, prof_, inp_, rule in (
        ("TikTok", tdata, tprof, inp, {"match": REPLY_RE, "fault": "http", "status": 200,
                                      "body": {"code": 40002, "message": "bad request; headers: {HEADERS}", "request_id": "x", "data": {}}}),
        ("LinkedIn", ldata, lprof, write(os.path.join(LW, "a.ndjson"), [la]),
         {"match": LI_RE, "fault": "http", "status": 403,
          "body": {"status": 403, "code": "ACCESS_DENIED", "message": "denied; headers: {HEADERS}"}}),
        ("X DM", xdata, xprof, xin, {"match": r"^/2/dm_conversations/", "fault": "http", "status": 400,
                                     "body": {"title": "Invalid Request", "detail": "headers: {HEADERS}", "status": 400}})):
    rule = dict(rule, method="POST", nth="always")
    m = fresh(data_, faults=[rule])
    jj = os.path.join(W, "jcanary-%s.ndjson" % label.replace(" ", ""))
    rc, out, err = send(m.base, prof_, inp_, jj, env_extra={"SC_TEST_TOKEN": CANARY})
    jt = open(jj).read() if os.path.exists(jj) else ""
    t.ok(rc == 69 and CANARY[:8] not in out + err + jt,
         "%s: a server echoing the request headers (the token) into its error: the token in no output or journal" % label,
         "rc=%d %s" % (rc, err[-300:]))
    m.stop()

# the platform's text is cut to fit a message: a cut inside the echoed token
# must not leave its first characters behind (redacted before the cut)
m = fresh(tdata)
leak = []
for pad in range(60, 112, 2):
    m.call("/__mock/faults", [{"match": REPLY_RE, "method": "POST", "nth": "always", "fault": "http", "status": 200,
                               "body": {"code": 40002, "message": "x" * pad + " {HEADERS}", "request_id": "x", "data": {}}}])
    jj = os.path.join(W, "jcut%d.ndjson" % pad)
    rc, out, err = send(m.base, tprof, inp, jj, env_extra={"SC_TEST_TOKEN": CANARY})
    text = out + err + (open(jj).read() if os.path.exists(jj) else "")
    if CANARY[:6] in text:
        leak.append(pad)
t.ok(not leak, "TikTok: wherever the cut falls in an echoed token, none of it is shown", leak)
m.stop()

rmtree(W)
t.done()
