#!/usr/bin/env python3
"""basic_suite.py - sc-fetch against the mock: envelopes field by field,
incremental runs, the run lock, corrupt state, tokens (canary, file
modes), access refused, --max-wait, signals and output errors.  Run by
tests/fetch.test."""
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (FETCH, Mock, Tap, gendata, ids, rmtree, run_fetch,  # noqa: E402
                     sanitizer_clean, state_files, tmpdir)

tap = Tap()
work = tmpdir()
data, prof = gendata(work, items=12)
m = Mock(data, work, page_size=3)
BASE = ["-p", prof, "--since", "2026-11-01", "--backoff", "10", "--retries", "2", "--max-wait", "5s",
        "--timeout", "2s", "--base-url", m.base]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def envs(text):
    return [json.loads(l) for l in text.splitlines() if l.strip()]


# ---- 1. a full run, field by field
st = os.path.join(work, "st1")
s, out, err = run_fetch(BASE + ["--state", st])
E = envs(out)
tap.ok(s == 0 and err == "", "full run exits 0 with nothing on stderr", "exit %d\n%s" % (s, err))
count = {}
for e in E:
    count[(e["profile"], e["source"])] = count.get((e["profile"], e["source"]), 0) + 1
# by the generator's rules for --items 12 (see tests/mock/gendata.py)
want = {("fb1", "comments"): 12, ("fb1", "messages"): 12, ("ig1", "comments"): 16, ("ig1", "messages"): 4,
        ("x1", "mentions"): 12, ("x1", "tweets"): 4, ("x1", "messages"): 6, ("yt1", "comments"): 21,
        ("gbp1", "reviews"): 12}
tap.ok(count == want, "items per profile and source", "%s\nwant %s" % (count, want))
tap.ok(all(list(e.keys()) == ["sc", "platform", "profile", "source", "fetched_at", "context", "item"] for e in E),
       "envelope keys in order sc, platform, profile, source, fetched_at, context, item")
tap.ok(all(e["sc"] == "raw" and ISO.match(e["fetched_at"]) for e in E), "sc is \"raw\", fetched_at is RFC 3339 UTC")
tap.ok(len(ids(out)) == len(E), "no duplicate within one run")


def find(pred):
    return [e for e in E if pred(e)]


c = find(lambda e: e["item"].get("id") == "90101_5003")
tap.ok(len(c) == 1 and c[0]["platform"] == "facebook" and c[0]["context"] == {"account_id": "100001", "post_id": "100001_901", "ad": False}
       and c[0]["item"]["parent"] == {"id": "90101_5002"} and c[0]["item"]["from"]["id"] == "100001",
       "facebook: brand reply on a post, context account_id/post_id/ad false, parent kept", c)
c = find(lambda e: e["context"].get("post_id") == "100001_903")
tap.ok(len(c) == 4 and all(e["context"]["ad"] is True for e in c), "facebook: comments on the ad post carry ad true", c[:1])
c = find(lambda e: e["item"].get("id") == "m_100001_001_1")
tap.ok(len(c) == 1 and c[0]["source"] == "messages" and c[0]["context"] == {"account_id": "100001", "conversation_id": "t_100001001"}
       and c[0]["item"]["message"] == "Odpowiadamy", "messenger: message with conversation_id", c)
c = find(lambda e: e["item"].get("id") == "1810000101000")
tap.ok(len(c) == 1 and c[0]["context"] == {"account_id": "17800001", "media_id": "1790000101", "parent_id": "1800000101000"}
       and c[0]["item"]["text"] == "Dzięki!", "instagram: brand reply with media_id and parent_id", c)
c = find(lambda e: e["item"].get("id") == "1800000101000")
tap.ok(len(c) == 1 and "replies" not in c[0]["item"] and c[0]["context"] == {"account_id": "17800001", "media_id": "1790000101"},
       "instagram: top-level comment without the nested replies", c)
c = find(lambda e: e["item"].get("id") == "1850000000000100030")
tap.ok(len(c) == 1 and c[0]["context"] == {"account_id": "7000001", "conversation_id": "1850000000000100030",
                                           "author": {"id": "8000103", "name": "Klient 3", "username": "klient1_3"}},
       "x: mention with the author from includes.users", c)
c = find(lambda e: e["source"] == "tweets")
tap.ok(len(c) == 4 and all(e["item"]["author_id"] == "7000001" and e["context"]["author"]["username"] == "brand1" for e in c),
       "x: the brand's own replies (tweets)", c[:1])
c = find(lambda e: e["item"].get("id") == "1860000000000100010")
tap.ok(len(c) == 1 and c[0]["context"]["conversation_id"] == "7000001-8000101" and c[0]["context"]["author"]["id"] == "7000001",
       "x: DM with dm_conversation_id and sender", c)
c = find(lambda e: e["platform"] == "youtube" and e["item"]["id"].startswith("Ugx000010000.r"))
tap.ok(len(c) == 7 and all(e["context"] == {"account_id": "UCmock00001", "video_id": "vid0", "thread_id": "Ugx000010000",
                                            "parent_id": "Ugx000010000"} for e in c),
       "youtube: all 7 replies of a thread (5 embedded, rest via comments.list)", c[:1])
c = find(lambda e: e["item"].get("id") == "Ugx000010004")
tap.ok(len(c) == 1 and "replies" not in c[0]["item"] and c[0]["context"] == {"account_id": "UCmock00001", "video_id": "vid1", "thread_id": "Ugx000010004"},
       "youtube: thread without its replies, video_id and thread_id", c)
c = find(lambda e: e["item"].get("reviewId") == "rev00001003")
tap.ok(len(c) == 1 and c[0]["context"] == {"account_id": "accounts/10001/locations/20001", "location": "accounts/10001/locations/20001"}
       and c[0]["item"]["reviewReply"]["comment"] == "Dziękujemy za opinię!", "google: review with the owner reply", c)

files = sorted(os.path.relpath(f, st) for f in state_files(st))
tap.ok(files == sorted(["fetch.lock"] + ["fetch/%s/%s.json" % k for k in want]),
       "one state file per profile and source, and the lock", files)
sx = json.load(open(os.path.join(st, "fetch/x1/mentions.json")))
tap.ok(sx["v"] == 1 and sx["watermark"] == "2026-11-20T08:11:00Z" and sx["since_id"] == "1850000000000100110",
       "x mentions state: newest time and newest id", sx)
tap.ok(all((os.stat(f).st_mode & 0o777) == 0o600 for f in state_files(st) if f.endswith(".json")),
       "state files are mode 0600")

# ---- 2. incremental: new items after the first run
d2 = json.load(open(data))
d2["x"]["mentions"]["7000001"].append({"id": "1850000000000200000", "text": "@brand1 nowy", "author_id": "8000101",
                                        "created_at": "2026-11-20T09:00:00.000Z", "conversation_id": "1850000000000200000"})
d2["graph"]["comments"]["100001_901"].append({"id": "90101_7777", "created_time": "2026-11-20T09:00:00+0000",
                                              "from": {"id": "u9", "name": "Nowy"}, "message": "nowy komentarz"})
d2["gbp"]["accounts/10001/locations/20001"].append({"name": "accounts/10001/locations/20001/reviews/revNEW", "reviewId": "revNEW",
                                                    "starRating": "TWO", "comment": "słabo", "createTime": "2026-11-20T09:00:00Z",
                                                    "updateTime": "2026-11-20T09:00:00Z", "reviewer": {"displayName": "X"}})
p2 = os.path.join(work, "data2.json")
json.dump(d2, open(p2, "w"))
m.call("/__mock/load", {"data": p2})
m.faults([])
s, out2, err = run_fetch(BASE + ["--state", st])
I2 = ids(out2)
tap.ok(s == 0, "second run exits 0", err)
tap.ok({("x", "mentions", "1850000000000200000"), ("facebook", "comments", "90101_7777"), ("google", "reviews", "revNEW")} <= I2,
       "second run brings the new mention, comment and review")
tap.ok([i for i in I2 if i[1] == "mentions"] == [("x", "mentions", "1850000000000200000")],
       "x mentions: since_id gives exactly the new one")
reqs = m.requests()
ment = [r for r in reqs if r["path"].endswith("/mentions")]
tap.ok(ment and ment[0]["query"].get("since_id") == "1850000000000100110", "x mentions asked with since_id", ment[:1])
tap.ok(all(r["token"] for r in reqs) and all("access_token" not in r["query"] for r in reqs),
       "every request carries the token in the Authorization header, never in the URL")
m.faults([])
s, out3, err = run_fetch(BASE + ["--state", st])
asked = sorted({r["path"] for r in m.requests() if r["path"].endswith("/comments") and "/1000" in r["path"]})
tap.ok(s == 0 and asked == ["/v21.0/100001_901/comments"],
       "third run: only the post whose updated_time moved is asked for comments", asked)
m.call("/__mock/load", {"data": data})

# ---- 3. one run at a time
slow = Mock(data, work, page_size=3, latency=150)
st3 = os.path.join(work, "st3")
env = dict(os.environ, SC_TEST_TOKEN="tok")
a = subprocess.Popen([FETCH] + BASE[:-1] + [slow.base, "--state", st3], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
time.sleep(0.5)
t0 = time.time()
s, out, err = run_fetch(BASE[:-1] + [slow.base, "--state", st3])
dt = time.time() - t0
ao, ae = a.communicate()
tap.ok(s == 75 and out == "" and dt < 1.0, "second concurrent run exits 75 at once, prints nothing", "exit %d in %.2fs" % (s, dt))
tap.ok("another sc-fetch run holds the lock" in err and st3 in err, "and says why", err)
tap.ok(a.returncode == 0 and len(ids(ao.decode())) == 99, "the first run completes", ae)
a = subprocess.Popen([FETCH] + BASE[:-1] + [slow.base, "--state", st3, "--reset"], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, env=env)
time.sleep(0.4)
a.kill()
a.wait()
s, out, err = run_fetch(BASE[:-1] + [slow.base, "--state", st3])
tap.ok(s == 0, "the lock is free once the holder is killed with -9", err)
ok8 = True
detail = []
for it in range(3):
    st8 = os.path.join(work, "st8way%d" % it)
    ps = [subprocess.Popen([FETCH] + BASE[:-1] + [slow.base, "--state", st8], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env) for _ in range(8)]
    # communicate, not wait-then-read: the winner's 99 envelopes may not fit
    # the pipe, and sc-fetch does not exit before its reader has taken them
    res = [(lambda o: (p.returncode, o[0], o[1]))(p.communicate()) for p in ps]
    codes = sorted(r[0] for r in res)
    winners = [r for r in res if r[0] == 0]
    if codes != [0] + [75] * 7 or len(ids(winners[0][1].decode())) != 99 or any(r[1] for r in res if r[0] == 75):
        ok8 = False
        detail.append("iteration %d: %s" % (it, codes))
tap.ok(ok8, "8 simultaneous runs x 3: exactly one fetches, seven exit 75 and print nothing", "\n".join(detail))
slow.stop()

# ---- 4. corrupt state is refused, never reset
good = open(os.path.join(st, "fetch/x1/mentions.json"), "rb").read()
cases = [("empty", b""), ("NUL bytes", b"\0" * 64), ("truncated", good[:25]), ("not JSON", b"garbage\n"),
         ("wrong version", good.replace(b'"v":1', b'"v":7')),
         ("other profile", good.replace(b'"profile":"x1"', b'"profile":"x2"')),
         ("future watermark", good.replace(b'"watermark":"2026', b'"watermark":"2099')),
         ("bad since_id", good.replace(b'"since_id":"1', b'"since_id":"x'))]
sp = os.path.join(st, "fetch/x1/mentions.json")
for name, blob in cases:
    with open(sp, "wb") as f:
        f.write(blob)
    s, out, err = run_fetch(BASE + ["--state", st])
    tap.ok(s == 78 and "sc-fetch: profile x1: " in err and "mentions.json" in err and "--reset" in err
           and open(sp, "rb").read() == blob and not any(e["profile"] == "x1" for e in envs(out))
           and any(e["profile"] == "fb1" for e in envs(out)),
           "corrupt state (%s): exit 78, profile x1 skipped and named, file untouched, others fetched" % name,
           "exit %d\n%s" % (s, err))
os.unlink(sp)
os.symlink("/etc/hostname", sp)
s, out, err = run_fetch(BASE + ["--state", st, "--profile", "x1"])
tap.ok(s == 78 and "symbolic link" in err and os.path.islink(sp), "a symlinked state file is refused", err)
s, out, err = run_fetch(BASE + ["--state", st, "--profile", "x1", "--reset"])
tap.ok(s == 0 and not os.path.islink(sp) and json.load(open(sp))["since_id"] == "1850000000000100110"
       and len([i for i in ids(out) if i[1] == "mentions"]) == 12,
       "--reset removes the state and refetches from --since", err)

# ---- 5. the canary token appears nowhere
CANARY = "CANARY-9f27c1e5d3"
st5 = os.path.join(work, "st5")
m.faults([{"match": "/100001_902/comments", "nth": 1, "fault": "graph-190"},
          {"match": "mentions", "nth": 2, "fault": "503"}])
env5 = dict(os.environ, SC_TEST_TOKEN=CANARY)
canary_slow = Mock(data, work, page_size=3, latency=30)
canary_slow.faults([{"match": "/100001_902/comments", "nth": 1, "fault": "graph-190"},
                    {"match": "mentions", "nth": 2, "fault": "503"}])
p = subprocess.Popen([FETCH, "-v"] + BASE[:-1] + [canary_slow.base, "--state", st5], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, env=env5)
cmdlines = []
for _ in range(20):
    try:
        cmdlines.append(open("/proc/%d/cmdline" % p.pid, "rb").read())
    except OSError:
        break
    time.sleep(0.01)
o5, e5 = p.communicate()
blob = o5 + e5 + b"".join(open(f, "rb").read() for f in state_files(st5)) + b"".join(cmdlines)
blob += open(canary_slow.log, "rb").read()
tap.ok(p.returncode == 69 and cmdlines and CANARY.encode() not in blob,
       "canary token absent from stdout, stderr (-v), state, the mock log and /proc/PID/cmdline",
       "exit %d, %d cmdline reads, found %s" % (p.returncode, len(cmdlines), CANARY.encode() in blob))
tap.ok(b"sc-fetch: profile fb1: access token expired or invalid (Graph code 190); put a new page token in SC_TEST_TOKEN and rerun" in e5,
       "code 190 stops the profile with a message naming it and what to do", e5.decode()[-600:])
tap.ok(b"access_token=REDACTED" in e5 or b"access_token" not in e5, "printed URLs have access_token redacted")
o5e = envs(o5.decode())
fb1st = os.path.join(st5, "fetch/fb1/comments.json")
fb1 = json.load(open(fb1st)) if os.path.exists(fb1st) else {}
tap.ok(any(e["profile"] == "x1" for e in o5e) and os.path.exists(os.path.join(st5, "fetch/x1/mentions.json"))
       and fb1.get("watermark") is None and "resume" in fb1,
       "other profiles go on and commit; the refused one keeps only a checkpoint, no watermark", fb1)
canary_slow.stop()

# token files
tf = os.path.join(work, "token")
with open(tf, "w") as f:
    f.write(CANARY + "\n")
os.chmod(tf, 0o644)
pf = os.path.join(work, "profiles-file.csv")
with open(pf, "w") as f:
    f.write("profile,platform,account_id,token\nx1,x,7000001,file:%s\n" % tf)
m.faults([])
args = ["-p", pf, "--since", "2026-11-01", "--base-url", m.base, "--state", os.path.join(work, "st6")]
s, out, err = run_fetch(args)
tap.ok(s == 78 and "readable by others (mode 0644); chmod 600 it" in err and CANARY not in err + out,
       "a token file readable by others is refused (78)", err)
os.chmod(tf, 0o600)
s, out, err = run_fetch(args)
tap.ok(s == 0 and len(ids(out)) == 22 and CANARY not in err + out, "a 0600 token file works", err)
tap.ok(all(r["token"] for r in m.requests()), "and its token is sent")
with open(pf, "w") as f:
    f.write("profile,platform,account_id,token\nx1,x,7000001,SC_NO_SUCH_VAR\n")
s, out, err = run_fetch(args)
tap.ok(s == 78 and err == "sc-fetch: profile x1: token variable SC_NO_SUCH_VAR is not set\n", "an unset token variable (78)", err)
with open(pf, "w") as f:
    f.write("profile,platform,account_id,token,base_url\nx1,x,7000001,SC_TEST_TOKEN,http://example.com\n")
s, out, err = run_fetch(["-p", pf, "--state", os.path.join(work, "st6")])
tap.ok(s == 78 and "plain http is allowed only to a loopback address" in err, "base_url over plain http to another host is refused", err)
with open(pf, "w") as f:
    f.write("profile,platform,account_id,token,sources\nx1,x,7000001,SC_TEST_TOKEN,mentions;reviews\n")
s, out, err = run_fetch(args)
tap.ok(s == 78 and "unknown source 'reviews' for x (want mentions, tweets, messages, search)" in err, "an unknown source (78)", err)

with open(pf, "w") as f:
    f.write("profile,platform,account_id,token\nx1,x,70 01,SC_TEST_TOKEN\ng1,google,10001/20001,SC_TEST_TOKEN\n")
s, out, err = run_fetch(args)
tap.ok(s == 78 and "profile x1: bad account_id (want the platform's id" in err
       and "profile g1: bad account_id (want accounts/A/locations/L)" in err, "account ids are checked", err)

# ---- 6. rate limits longer than --max-wait defer the profile
m.faults([{"match": "mentions", "nth": 1, "fault": "429-reset", "wait": 600}])
t0 = time.time()
s, out, err = run_fetch(BASE + ["--state", os.path.join(work, "st7"), "--max-wait", "2s"])
dt = time.time() - t0
tap.ok(s == 75 and dt < 2 and "sc-fetch: profile x1: rate limited (HTTP 429); must wait until" in err,
       "a reset beyond --max-wait: exit 75 at once with the time", "exit %d %.1fs\n%s" % (s, dt, err))
m.faults([{"match": "mentions", "nth": 1, "fault": "last-call", "wait": 1}])
s, out, err = run_fetch(BASE + ["--state", os.path.join(work, "st14"), "--profile", "x1"])
log = m.requests()
lc = [r for r in log if r.get("fault") == "last-call"]
# Every request after that answer waits for the reset (int(t) + 1), but
# for those already in flight: sent before the client read the answer (on
# a loaded machine a request sent just before can arrive tens of ms
# later).  The reset may itself come within those ms (t = 126.9 resets at
# 127.0), so a request counts as early only when it is neither.
t_end = lc[0].get("t_end", lc[0]["t"]) if lc else 0
reset = int(lc[0]["t"]) + 1 if lc else 0
later = [r for r in log if lc and r["t"] > t_end]
early = [r for r in later if t_end + 0.15 < r["t"] < reset]
tap.ok(s == 0 and lc and not early and any(r["t"] >= reset for r in later) and len(ids(out)) == 22,
       "x-rate-limit-remaining 0 on a page: the profile waits for the reset before its next request",
       "exit %d, %s, early %s, later %s" % (s, lc[:1], [round(r["t"] - reset, 3) for r in early][:3],
                                          [round(r["t"] - reset, 3) for r in later][:5]))
m.faults([{"match": "commentThreads", "nth": "always", "fault": "quota"}])
s, out, err = run_fetch(BASE + ["--state", os.path.join(work, "st8"), "--profile", "yt*"])
tap.ok(s == 75 and "YouTube quota exceeded; not retried before the quota day ends" in err and len(m.requests()) == 1,
       "youtube quota: one request, exit 75", err)
m.faults([{"match": "published_posts", "nth": 1, "fault": "graph-4"}])
s, out, err = run_fetch(BASE + ["--state", os.path.join(work, "st9"), "--profile", "fb1", "--profile", "x1"])
tap.ok(s == 0, "graph code 4 backs off and recovers", err)

# Graph throttling holds back that page only: x1 goes on meanwhile
lat = Mock(data, work, page_size=3, latency=80)
lat.faults([{"match": "published_posts", "nth": 1, "fault": "graph-17"}])
s, out, err = run_fetch(BASE[:-1] + [lat.base, "--state", os.path.join(work, "st13"), "--backoff", "1500",
                                     "--profile", "fb1", "--profile", "x1"])
log = lat.requests()
lat.stop()
tf = [r["t"] for r in log if r.get("fault") == "graph-17"]
# requests the client could only have started after it had the throttling
# answer: received once that answer was written (t_end) plus one poll turn;
# earlier ones were already on their way (seen flaky under load with a
# fixed 0.05 s after the faulty request's start)
tfe = [r["t_end"] for r in log if r.get("fault") == "graph-17"]
tr = [r["t"] for r in log if r["path"].endswith("/published_posts") and r.get("fault") is None]
between = [r for r in log if tf and tr and tfe[0] + 0.1 < r["t"] < tr[0] - 0.05]
tap.ok(s == 0 and tf and tr and tr[0] - tf[0] >= 0.75 and between
       and all("/100001" not in r["path"] and "/t_100001" not in r["path"] and "/9010" not in r["path"] for r in between)
       and any("/2/" in r["path"] for r in between),
       "graph code 17 holds back the page's requests only; the X profile goes on",
       "%s %s\n%s" % (tf, tr, [r["path"] for r in between]))

m.faults([{"match": "ads_posts", "nth": "always", "fault": "graph-100"}])
s, out, err = run_fetch(BASE + ["--state", os.path.join(work, "st12"), "--profile", "fb1", "-v"])
posts = {e["context"]["post_id"] for e in envs(out) if e["source"] == "comments"}
tap.ok(s == 0 and posts == {"100001_901", "100001_902"} and "ad posts not readable (Graph code 100" in err
       and os.path.exists(os.path.join(work, "st12/fetch/fb1/comments.json")),
       "ad posts not readable: organic comments still fetched and committed", err[-400:])
m.faults([])

# progress on stderr only when it is a terminal
import pty  # noqa: E402
mfd, sfd = pty.openpty()
p = subprocess.Popen([FETCH] + BASE + ["--state", os.path.join(work, "st15")], stdout=subprocess.PIPE,
                     stderr=sfd, env=env)
os.close(sfd)
o, _ = p.communicate()
tty = b""
while True:
    try:
        chunk = os.read(mfd, 4096)
    except OSError:
        break
    if not chunk:
        break
    tty += chunk
os.close(mfd)
tap.ok(p.returncode == 0 and b"\rsc-fetch: " in tty and b"sources, " in tty and tty.endswith(b"\r\x1b[K"),
       "a progress line on a terminal, cleared at the end", tty[-200:])
tap.ok(b"sources, " not in o, "and never on stdout")

# ---- 7. signals and output errors
slow = Mock(data, work, page_size=1, latency=100)
p = subprocess.Popen([FETCH] + BASE[:-1] + [slow.base, "--state", os.path.join(work, "st10")], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, env=env)
time.sleep(0.6)
p.send_signal(signal.SIGTERM)
o, e = p.communicate()
tap.ok(p.returncode == 143 and (o == b"" or o.endswith(b"\n")) and b"interrupted" in e,
       "SIGTERM: exit 143, only whole lines written", "exit %d %r" % (p.returncode, e))
slow.stop()
with open("/dev/full", "wb") as full:
    r = subprocess.run([FETCH] + BASE + ["--state", os.path.join(work, "st11")], stdout=full, stderr=subprocess.PIPE, env=env)
tap.ok(r.returncode == 74 and b"sc-fetch: write error: No space left on device" in r.stderr
       and not os.path.exists(os.path.join(work, "st11/fetch/x1/mentions.json")),
       "stdout on /dev/full: exit 74 and no state moves", r.stderr)
tap.ok(sanitizer_clean(err), "no sanitizer reports")

m.stop()
rmtree(work)
tap.done()
