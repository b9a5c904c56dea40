#!/usr/bin/env python3
"""webhook_suite.py - sc-webhook on loopback, with curl and with the mock's
webhook sender (POST /__mock/webhook/fire): the Meta and LinkedIn
handshakes and X's CRC, signatures right, wrong, missing and stale (nothing spooled
but what was signed right), replays, the body cap, bodies that are not
JSON, sc-normalize on the spool, secrets never in argv or the log, a spool
that cannot be written answered 503 with no half line, kill -9 during a
burst losing nothing acknowledged, and a consumer renaming the spool
under its lock.  Prints TAP and "N passed, N failed".  Run by
tests/webhook.test."""
import fcntl
import hashlib
import base64
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Tap, rmtree, sanitizer_clean, tmpdir  # noqa: E402
from reply_send_lib import start_mock  # noqa: E402
from webhook_fire import headers_for  # noqa: E402

t = Tap()
W = tmpdir()
WH = os.path.join(BIN, "sc-webhook")
NORM = os.path.join(BIN, "sc-normalize")
META, LI, TT, VT = "meta-app-secret-7f3a", "li-client-secret-19c2", "tt-client-secret-aa01", "verify-me-42"
XS = "x-consumer-secret-5e77"
PROCS = []


def secret_file(name, value, mode=0o600):
    p = os.path.join(W, name)
    with open(p, "w") as f:
        f.write(value + "\n")
    os.chmod(p, mode)
    return p


MF, LF, TF = secret_file("meta.secret", META), secret_file("li.secret", LI), secret_file("tt.secret", TT)
XF = secret_file("x.secret", XS)
N = [0]


class Receiver:
    def __init__(self, spool, extra=(), pre=None):
        N[0] += 1
        self.pf = os.path.join(W, "port%d" % N[0])
        self.errp = os.path.join(W, "err%d" % N[0])
        self.spool = spool
        args = [WH, "--listen", "127.0.0.1:0", "--port-file", self.pf, "--spool", spool,
                "--meta-secret", "file:" + MF, "--verify-token", "env:SC_WH_VERIFY",
                "--linkedin-secret", "file:" + LF, "--tiktok-secret", "file:" + TF,
                "--x-secret", "file:" + XF] + list(extra)
        if pre:
            args = ["sh", "-c", pre + ' exec "$@"', "sh"] + args
        env = dict(os.environ, SC_WH_VERIFY=VT)
        self.err = open(self.errp, "w")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.err, env=env)
        PROCS.append(self.proc)
        for _ in range(500):
            if os.path.exists(self.pf) and open(self.pf).read().strip():
                break
            time.sleep(0.01)
        self.port = int(open(self.pf).read())
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        self.proc.wait(timeout=10)
        self.err.close()
        return open(self.errp).read()


def post(url, body, headers=None):
    r = urllib.request.Request(url, data=body, headers=headers or {}, method="POST")
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError as e:
        return 0, str(e)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode(), resp.headers.get("Content-Type")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), None


def curl(args):
    p = subprocess.run(["curl", "-s", "-o", "/dev/stderr", "-w", "%{http_code}"] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    return int(p.stdout or 0), p.stderr.decode()


def spool_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        data = f.read()
    return data.split(b"\n")[:-1] if data.endswith(b"\n") or not data else data.split(b"\n")


def fb_comment(n):
    return {"object": "page", "entry": [{"id": "111", "time": 1763629200, "changes": [{"field": "feed", "value": {
        "item": "comment", "verb": "add", "comment_id": "500_%d" % n, "post_id": "111_500",
        "from": {"id": "7%03d" % n, "name": "Klient %d" % n}, "message": "Pytanie %d" % n, "created_time": 1763629200 + n}}]}]}


IG = {"object": "instagram", "entry": [{"id": "1784", "time": 1763629300, "changes": [{"field": "comments", "value": {
    "from": {"id": "9001", "username": "ola"}, "media": {"id": "1790", "media_product_type": "FEED"},
    "id": "17865799348089039", "text": "Kiedy dostawa?"}}]}]}
LIN = {"type": "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", "notifications": [{
    "action": "COMMENT", "lastModifiedAt": 1763629200000, "organizationalEntity": "urn:li:organization:96072893",
    "sourcePost": "urn:li:share:77", "generatedActivity": "urn:li:comment:(urn:li:activity:77,9001)",
    "decoratedGeneratedActivity": {"comment": {"owner": "urn:li:person:p1", "text": "Czy jest zniżka?",
                                               "entity": "urn:li:comment:(urn:li:activity:77,9001)",
                                               "object": "urn:li:activity:77"}}}]}

# ---------------------------------------------------------------- handshakes
sp = os.path.join(W, "spool.ndjson")
rv = Receiver(sp)
st, body, ct = get(rv.url + "/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VT)
t.ok(st == 200 and body == "1158201444", "Meta GET hub.challenge with the verify token: the challenge back", (st, body))
st, body, ct = get(rv.url + "/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong")
t.ok(st == 403 and "1158201444" not in body, "a wrong hub.verify_token: 403", (st, body))
st, body, ct = get(rv.url + "/meta?hub.mode=subscribe&hub.verify_token=" + VT)
t.ok(st == 400, "no hub.challenge: 400", (st, body))
st, body, ct = get(rv.url + "/linkedin?challengeCode=890e4bf5-6b3e-4bd3-9ab4-1c5a3b4c0e14")
want = hmac.new(LI.encode(), b"890e4bf5-6b3e-4bd3-9ab4-1c5a3b4c0e14", hashlib.sha256).hexdigest()
t.ok(st == 200 and json.loads(body) == {"challengeCode": "890e4bf5-6b3e-4bd3-9ab4-1c5a3b4c0e14", "challengeResponse": want}
     and ct.startswith("application/json"), "LinkedIn challengeCode: the HMAC-SHA256 of the code, as JSON", (st, body))
st, body, ct = get(rv.url + "/nowhere")
t.ok(st == 404, "an unknown path: 404", (st, body))

# ---------------------------------------------------------------- signatures with curl
b1 = json.dumps(fb_comment(1)).encode()
h = headers_for("meta", META, b1, "good")
code, _ = curl(["-H", "X-Hub-Signature-256: " + h["X-Hub-Signature-256"], "--data-binary", b1.decode(), rv.url + "/meta"])
t.ok(code == 200 and len(spool_lines(sp)) == 1, "curl: a body signed right is 200 and one spool line", code)
line = json.loads(spool_lines(sp)[0])
t.ok(line["sc"] == "raw" and line["platform"] == "facebook" and line["source"] == "webhook" and line["item"] == fb_comment(1)
     and spool_lines(sp)[0].endswith(b',"item":' + b1 + b"}"), "the spool line is an envelope holding the raw body byte for byte", line)
code, _ = curl(["-H", "X-Hub-Signature-256: sha256=" + "0" * 64, "--data-binary", b1.decode(), rv.url + "/meta"])
code2, _ = curl(["--data-binary", b1.decode(), rv.url + "/meta"])
code3, _ = curl(["-H", "X-Hub-Signature-256: sha1=abc", "--data-binary", b1.decode(), rv.url + "/meta"])
t.ok(code == 403 and code2 == 401 and code3 == 403 and len(spool_lines(sp)) == 1,
     "wrong signature 403, unsigned 401, legacy sha1 403: nothing spooled", (code, code2, code3))
tampered = b1.replace(b"Pytanie 1", b"Pytanie 2")
code, _ = curl(["-H", "X-Hub-Signature-256: " + h["X-Hub-Signature-256"], "--data-binary", tampered.decode(), rv.url + "/meta"])
t.ok(code == 403 and len(spool_lines(sp)) == 1, "a body changed after signing: 403", code)
code, _ = curl(["-H", "X-Hub-Signature-256: " + h["X-Hub-Signature-256"], "--data-binary", b1.decode(), rv.url + "/meta"])
t.ok(code == 200 and len(spool_lines(sp)) == 1, "a replay of a spooled body: 200, not spooled twice", code)
nj = b"not json at all"
code, _ = curl(["-H", "X-Hub-Signature-256: " + headers_for("meta", META, nj, "good")["X-Hub-Signature-256"],
                "--data-binary", nj.decode(), rv.url + "/meta"])
t.ok(code == 400 and len(spool_lines(sp)) == 1, "signed but not a JSON object: 400", code)
big = json.dumps({"object": "page", "entry": [], "pad": "x" * (1024 * 1024 + 10)}).encode()
st, _ = post(rv.url + "/meta", big, headers_for("meta", META, big, "good"))
t.ok(st == 413 and len(spool_lines(sp)) == 1, "a body over --max-body (1 MiB): 413", st)

# ---------------------------------------------------------------- the mock's sender
m = start_mock(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.json"), W)


def fire(platform, path, payload, sign="good", times=1, secret=None):
    return m.call("/__mock/webhook/fire", {"platform": platform, "to": rv.url + path, "payload": payload,
                                           "secret": secret or {"meta": META, "linkedin": LI, "tiktok": TT,
                                                                "x": XS}[platform],
                                           "sign": sign, "times": times})


r = fire("meta", "/meta", fb_comment(2))
r2 = fire("meta", "/instagram", IG)
r3 = fire("linkedin", "/linkedin", LIN)
# a TikTok webhook event: the event's fields are a JSON string in content
TTE = {"client_key": "awjzux1u41cywjgt", "event": "comment.update", "create_time": 1763629200, "user_openid": "tt_biz_1",
       "content": json.dumps({"comment_id": "7311000000000000001", "video_id": "7300000000000000001",
                              "parent_comment_id": "", "text": "Czy wysyłacie do Niemiec?", "user_id": "ttu1",
                              "username": "fan1", "create_time": 1763629190, "comment_action": "insert"})}
r4 = fire("tiktok", "/tiktok", TTE)
t.ok(r["status"] == [200] and r2["status"] == [200] and r3["status"] == [200] and r4["status"] == [200]
     and len(spool_lines(sp)) == 5, "mock-sent Meta, Instagram, LinkedIn and TikTok webhooks signed right: spooled",
     [r, r2, r3, r4])
bad = [fire("meta", "/meta", fb_comment(3), "bad"), fire("meta", "/meta", fb_comment(3), "none"),
       fire("linkedin", "/linkedin", LIN, "bad"), fire("linkedin", "/linkedin", dict(LIN, x=1), "none"),
       fire("tiktok", "/tiktok", {"event": "x"}, "bad"), fire("tiktok", "/tiktok", {"event": "y"}, "stale"),
       fire("meta", "/meta", fb_comment(4), secret="another-app")]
t.ok([b["status"] for b in bad] == [[403], [401], [403], [401], [403], [403], [403]] and len(spool_lines(sp)) == 5,
     "signed wrongly, unsigned, stale (TikTok t an hour old), another app's secret: refused, nothing spooled",
     [b["status"] for b in bad])
rep = fire("meta", "/meta", fb_comment(2), times=3)
t.ok(rep["status"] == [200, 200, 200] and len(spool_lines(sp)) == 5, "a replayed delivery is acknowledged, spooled once", rep)
plat = [json.loads(x)["platform"] for x in spool_lines(sp)]
t.ok(plat == ["facebook", "facebook", "instagram", "linkedin", "tiktok"], "the envelope's platform follows the body", plat)
# TikTok events that carry no comment: an id-only comment event, a deletion, an authorization change
for ev, content in (("comment.update", {"comment_id": "7311000000000000002", "video_id": "7300000000000000001",
                                        "comment_action": "insert"}),
                    ("comment.update", {"comment_id": "7311000000000000001", "video_id": "7300000000000000001",
                                        "text": "Czy wysyłacie do Niemiec?", "comment_action": "delete"}),
                    ("authorization.removed", {"reason": 1})):
    fire("tiktok", "/tiktok", dict(TTE, event=ev, content=json.dumps(content)))
rej = os.path.join(W, "rej.ndjson")
p = subprocess.run([NORM, "--rejects", rej, sp], capture_output=True)
recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
ids = sorted(r["id"] for r in recs)
tt = [r for r in recs if r["platform"] == "tiktok"]
t.ok(ids == ["facebook:500_1", "facebook:500_2", "instagram:17865799348089039", "linkedin:9001",
             "tiktok:7311000000000000001"] and p.returncode == 0 and len(spool_lines(sp)) == 8
     and not (os.path.exists(rej) and os.path.getsize(rej)),
     "sc-normalize reads the spool: the Meta, Instagram, LinkedIn and TikTok messages; TikTok events "
     "without a comment are skipped, nothing rejected", "%d %s %s" % (p.returncode, ids, p.stderr))
t.ok(tt and tt[0]["text"] == "Czy wysyłacie do Niemiec?" and tt[0]["created_at"] == "2025-11-20T08:59:50Z" and
     tt[0]["author"] == {"id": "ttu1", "name": "fan1", "is_brand": False} and
     tt[0]["post_id"] == "tiktok:7300000000000000001" and tt[0]["parent_id"] is None,
     "the TikTok comment event's record: text, time, author and the video a reply needs", tt)
log = rv.stop()
t.ok("POST /meta 403 bad X-Hub-Signature-256" in log and "POST /meta 401 unsigned" in log,
     "refusals are logged with their reason", log[-600:])
t.ok(all(s not in log for s in (META, LI, TT, VT)) and all(s not in open(sp).read() for s in (META, LI, TT, VT)),
     "no secret or verify token in the log or the spool")
t.ok(sanitizer_clean(log), "no sanitizer report", log[-400:])

# ---------------------------------------------------------------- X (Account Activity API)
# the bodies are X's v1.1 objects (shared/data: zammad's recorded mention and DM)
XM = {"for_user_id": "2975699229", "tweet_create_events": [{
    "created_at": "Fri Dec 13 04:48:09 +0000 2019", "id": 1205348660982083584, "id_str": "1205348660982083584",
    "text": "@ScruffyMcG gdzie moja paczka?", "in_reply_to_status_id_str": None,
    "in_reply_to_user_id_str": "2975699229", "in_reply_to_screen_name": "ScruffyMcG",
    "user": {"id": 1205290247124217856, "id_str": "1205290247124217856", "name": "pennbrooke",
             "screen_name": "pennbrooke1"}, "lang": "pl", "timestamp_ms": "1576212489730",
    "entities": {"user_mentions": [{"screen_name": "ScruffyMcG", "id_str": "2975699229", "indices": [0, 11]}]}}]}
XD = {"for_user_id": "2975699229", "direct_message_events": [{
    "type": "message_create", "id": "1062015437679050760", "created_timestamp": "1542039186292",
    "message_create": {"target": {"recipient_id": "2975699229"}, "sender_id": "456",
                       "message_data": {"text": "Zamówienie 12345 nie dotarło"}}}],
      "users": {"456": {"id": "456", "name": "Martin", "screen_name": "medenhofer"},
                "2975699229": {"id": "2975699229", "name": "Scruffy", "screen_name": "ScruffyMcG"}}}
spx = os.path.join(W, "x.ndjson")
rv = Receiver(spx)
st, body, ct = get(rv.url + "/x?crc_token=7a1f0e4c-crc")
want = "sha256=" + base64.b64encode(hmac.new(XS.encode(), b"7a1f0e4c-crc", hashlib.sha256).digest()).decode()
t.ok(st == 200 and json.loads(body) == {"response_token": want} and ct.startswith("application/json"),
     "X CRC: GET crc_token answers response_token sha256= base64 HMAC-SHA256 with the consumer secret", (st, body))
st, body, ct = get(rv.url + "/twitter")
t.ok(st == 400, "X GET without crc_token: 400", (st, body))
rx = [fire("x", "/x", XM), fire("x", "/x", XD), fire("x", "/x", XM, times=2)]
t.ok([r["status"] for r in rx] == [[200], [200], [200, 200]] and len(spool_lines(spx)) == 2,
     "mock-sent X mention and DM events signed right: spooled; the redelivery once", rx)
bad = [fire("x", "/x", dict(XM, n=1), "bad"), fire("x", "/x", dict(XM, n=2), "none"),
       fire("x", "/x", dict(XM, n=3), secret="another-app")]
t.ok([b["status"] for b in bad] == [[403], [401], [403]] and len(spool_lines(spx)) == 2,
     "X signed wrongly, unsigned, another app's consumer secret: refused, nothing spooled", [b["status"] for b in bad])
xb = os.path.join(W, "xbody.json")
with open(xb, "w") as f:
    json.dump(dict(XM, n=4), f)
p = subprocess.run([WH, "--sign", "x", "--x-secret", "file:" + XF, xb], capture_output=True)
hdr = p.stdout.decode().strip()
code, _ = curl(["-H", hdr, "--data-binary", "@" + xb, rv.url + "/x"])
t.ok(p.returncode == 0 and hdr.startswith("X-Twitter-Webhooks-Signature: sha256=") and code == 200 and
     len(spool_lines(spx)) == 3, "sc-webhook --sign x prints the header X sends; curl with it is accepted", (hdr, code))
p = subprocess.run([NORM, spx], capture_output=True)
recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
t.ok(p.returncode == 0 and [json.loads(x)["platform"] for x in spool_lines(spx)] == ["x", "x", "x"] and
     sorted((r["id"], r["kind"], r["author"]["is_brand"]) for r in recs) ==
     [("x:1062015437679050760", "dm", False), ("x:1205348660982083584", "mention", False)],
     "sc-normalize reads the X spool: the mention and the customer's DM, once each", "%d %s %s" % (
         p.returncode, [(r["id"], r["kind"]) for r in recs], p.stderr))
log = rv.stop()
t.ok("GET /x 200 CRC answered" in log and "POST /x 403 bad X-Twitter-Webhooks-Signature" in log and XS not in log,
     "X requests are logged with their reason, never the secret", log[-600:])

# secrets never in argv: the command line names files and variables only
rv = Receiver(os.path.join(W, "s2.ndjson"))
cmdline = open("/proc/%d/cmdline" % rv.proc.pid, "rb").read().decode()
t.ok(all(s not in cmdline for s in (META, LI, TT, VT, XS)), "no secret in the receiver's argv", cmdline)
rv.stop()

# a secret file others can read: 78, the file named, the secret not shown
loose = secret_file("loose.secret", "loose-secret-zz", 0o644)
p = subprocess.run([WH, "--spool", os.path.join(W, "s3.ndjson"), "--meta-secret", "file:" + loose, "--listen", "127.0.0.1:0"],
                   capture_output=True, timeout=10)
t.ok(p.returncode == 78 and b"loose.secret" in p.stderr and b"loose-secret-zz" not in p.stderr,
     "a secret file readable by others: 78", p.stderr)

# ---------------------------------------------------------------- a spool that cannot take the body: 503
sp4 = os.path.join(W, "s4.ndjson")
rv = Receiver(sp4, pre="ulimit -f 4;")          # 2 KiB at most (512-byte blocks)
codes = []
for i in range(12):
    b = json.dumps(fb_comment(100 + i)).encode()
    codes.append(post(rv.url + "/meta", b, headers_for("meta", META, b, "good"))[0])
log = rv.stop()
L = spool_lines(sp4)
ok_ids = {json.loads(x)["item"]["entry"][0]["changes"][0]["value"]["comment_id"] for x in L}
acked = {"500_%d" % (100 + i) for i, c in enumerate(codes) if c == 200}
t.ok(200 in codes and 503 in codes and set(codes) <= {200, 503} and acked == ok_ids
     and open(sp4, "rb").read().endswith(b"\n"),
     "a full spool answers 503 (the platform sends again); every 200 is on disk, no half line", (codes, len(L)))
t.ok("503 not spooled" in log and "File too large" in log, "the failed append is logged", log[-400:])

# ---------------------------------------------------------------- kill -9 during a burst
sp5 = os.path.join(W, "s5.ndjson")
rv = Receiver(sp5, extra=["-q"])
acks = {}
lock = threading.Lock()


def sender(k):
    for i in range(40):
        n = 1000 + k * 100 + i
        b = json.dumps(fb_comment(n)).encode()
        st_, _ = post(rv.url + "/meta", b, headers_for("meta", META, b, "good"))
        with lock:
            acks[n] = st_


ths = [threading.Thread(target=sender, args=(k,)) for k in range(6)]
for th in ths:
    th.start()
while True:
    with lock:
        if sum(1 for v in acks.values() if v == 200) >= 60:
            break
    time.sleep(0.005)
rv.proc.send_signal(signal.SIGKILL)
for th in ths:
    th.join()
rv.stop(signal.SIGKILL)
L = spool_lines(sp5)
got = set()
good = True
for x in L:
    try:
        got.add(json.loads(x)["item"]["entry"][0]["changes"][0]["value"]["comment_id"])
    except ValueError:
        good = False
acked = {"500_%d" % n for n, v in acks.items() if v == 200}
t.ok(good and acked <= got and len(acked) >= 60 and any(v == 0 for v in acks.values()),
     "kill -9 in a burst of 6 senders: every acknowledged body is in the spool, every line whole",
     "acked %d, spooled %d, missing %s" % (len(acked), len(got), sorted(acked - got)[:5]))

# ---------------------------------------------------------------- a consumer takes the spool under its lock
sp6 = os.path.join(W, "s6.ndjson")
take = os.path.join(W, "s6.taken")
rv = Receiver(sp6, extra=["-q"])
acks = {}


def sender2():
    for i in range(60):
        b = json.dumps(fb_comment(5000 + i)).encode()
        acks[5000 + i] = post(rv.url + "/meta", b, headers_for("meta", META, b, "good"))[0]


th = threading.Thread(target=sender2)
th.start()
takes = 0
while th.is_alive() or takes == 0:
    time.sleep(0.01)
    if os.path.exists(sp6):
        with open(sp6, "rb") as f:                 # what `flock FILE mv FILE TAKEN` does
            fcntl.flock(f, fcntl.LOCK_EX)
            os.rename(sp6, take + str(takes))
            takes += 1
th.join()
rv.stop()
allv = []
for k in range(takes):
    for x in spool_lines(take + str(k)):
        allv.append(json.loads(x)["item"]["entry"][0]["changes"][0]["value"]["comment_id"])
for x in spool_lines(sp6):
    allv.append(json.loads(x)["item"]["entry"][0]["changes"][0]["value"]["comment_id"])
got = set(allv)
acked = {"500_%d" % n for n, v in acks.items() if v == 200}
t.ok(len(acked) == 60 and acked == got and len(allv) == len(got) and takes > 1,
     "a consumer renaming the spool under flock while bodies arrive: each in exactly one take",
     "takes %d, acked %d, got %d" % (takes, len(acked), len(got)))

m.stop()
for pr in PROCS:
    if pr.poll() is None:
        pr.kill()
        pr.wait()
rmtree(W)
t.done()
