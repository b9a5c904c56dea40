#!/usr/bin/env python3
"""hardening_suite.py - secrets and state paths under hostile conditions
(issue 18 #11, #12): a server that echoes the request headers (the
Authorization token among them) into its error text must not get the
token into sc-fetch's or sc-reply --send's stderr, stdout, journal or
state; a symbolic link at state/fetch/<profile> is refused (78) and
nothing is written through it.  Run by tests/fetch-hardening.test."""
import json
import os
import sys
import urllib.error
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Mock, Tap, gendata, rmtree, run_fetch, state_files, tmpdir  # noqa: E402
from reply_send_lib import TOKEN, send, setup  # noqa: E402

tap = Tap()
work = tmpdir()
CANARY = "tok-CANARY-7f3a9c1e"
ECHO = {"error": {"message": "Invalid request; request headers were: {HEADERS}", "type": "OAuthException",
                  "code": 200, "fbtrace_id": "A1"}}

# ---- sc-fetch: an echoing server on a listing
data, prof = gendata(work, items=3)
m = Mock(data, work, faults=[{"match": "published_posts", "nth": "always", "fault": "http", "status": 400,
                              "body": ECHO}])
st = os.path.join(work, "st")
s, out, err = run_fetch(["-v", "-p", prof, "--profile", "fb1", "--source", "comments", "--state", st,
                         "--since", "2026-11-01", "--base-url", m.base, "--retries", "0", "--timeout", "2s"],
                        env_extra={"SC_TEST_TOKEN": CANARY})
# the mock really echoes: the same request by hand gets the token back
req = urllib.request.Request(m.base + "/v21.0/100001/published_posts", headers={"Authorization": "Bearer " + CANARY})
try:
    urllib.request.urlopen(req, timeout=10)
    echoed = ""
except urllib.error.HTTPError as ex:
    echoed = ex.read().decode()
tap.ok(CANARY in echoed, "the mock echoes the Authorization header in its error text", echoed)
tap.ok(s == 69, "sc-fetch: an error answer from the listing exits 69", "exit %d\n%s" % (s, err))
tap.ok("request headers were" in err, "sc-fetch: the platform's error text is shown", err)
tap.ok(CANARY not in out + err, "sc-fetch: the echoed token is in neither stdout nor stderr", err)
tap.ok(all(CANARY not in open(f, errors="replace").read() for f in state_files(st)), "sc-fetch: nor in the state")
m.stop()

# ---- sc-reply --send: the echo on a write
w2 = os.path.join(work, "send")
os.mkdir(w2)
data2, prof2, inp, _ = setup(w2)
m2 = Mock(data2, w2, faults=[{"match": "/comments", "method": "POST", "nth": "always", "fault": "http",
                              "status": 400, "body": ECHO}])
j = os.path.join(w2, "journal.ndjson")
rc, sout, serr = send(m2.base, prof2, inp, j, extra=["--allow-delete"], env_extra={"SC_TEST_TOKEN": CANARY})
jt = open(j).read() if os.path.exists(j) else ""
errs = [json.loads(ln).get("reply", {}).get("error", "") for ln in sout.splitlines() if ln.strip()]
tap.ok(rc == 69 and "request headers were" in serr, "sc-reply: a refused write exits 69 and shows the error text",
       "exit %d\n%s" % (rc, serr))
tap.ok(any("request headers were" in e for e in errs) and all(CANARY not in e for e in errs),
       "sc-reply: reply.error on stdout carries the text without the token", errs)
tap.ok(CANARY not in serr, "sc-reply: stderr without the token", serr)
tap.ok("request headers were" in jt and CANARY not in jt, "sc-reply: the journal without the token")
tap.ok("REDACTED" in serr + jt, "the token's place is marked REDACTED")
m2.stop()
_ = TOKEN

# ---- state/fetch/<profile> is a symbolic link
m3 = Mock(data, work)
st3 = os.path.join(work, "st3")
elsewhere = os.path.join(work, "elsewhere")
os.makedirs(os.path.join(st3, "fetch"))
os.mkdir(elsewhere)
os.symlink(elsewhere, os.path.join(st3, "fetch", "gbp1"))
s, out, err = run_fetch(["-p", prof, "--profile", "gbp1", "--state", st3, "--since", "2026-11-01",
                         "--base-url", m3.base])
tap.ok(s == 78 and "symbolic link" in err, "a symlinked state/fetch/<profile> is refused with 78", "exit %d\n%s" % (s, err))
tap.ok(os.listdir(elsewhere) == [], "nothing is written through the link", os.listdir(elsewhere))
# a symlinked state/fetch itself
st4 = os.path.join(work, "st4")
os.mkdir(st4)
os.symlink(elsewhere, os.path.join(st4, "fetch"))
s, out, err = run_fetch(["-p", prof, "--profile", "gbp1", "--state", st4, "--since", "2026-11-01",
                         "--base-url", m3.base])
tap.ok(s == 78 and "symbolic link" in err and os.listdir(elsewhere) == [],
       "a symlinked state/fetch is refused too", "exit %d\n%s" % (s, err))
# leftover temp files behind a link are not cleaned (never unlink through it)
open(os.path.join(elsewhere, ".comments.json.1.0.tmp"), "w").close()
os.unlink(os.path.join(st3, "fetch", "gbp1"))
os.symlink(elsewhere, os.path.join(st3, "fetch", "x1"))
run_fetch(["-p", prof, "--profile", "gbp1", "--state", st3, "--since", "2026-11-01", "--base-url", m3.base])
tap.ok(os.path.exists(os.path.join(elsewhere, ".comments.json.1.0.tmp")),
       "the temp-file cleaning does not follow a link")
m3.stop()
rmtree(work)
tap.done()
