"""reply_send_lib.py - what the tests/reply-send*.test suites share: drafted
input records aimed at the objects gendata.py creates (profiles fb1, ig1,
x1, yt1, gbp1; --items 6), running sc-reply --send, and counting what the
mock's write ledger holds per operation.  Python 3 standard library only."""
import atexit
import json
import os
import subprocess

from harness import BIN, Mock, gendata

REPLY = os.path.join(BIN, "sc-reply")
TOKEN = "tok-SECRET-send-0001"
NOW = "2026-11-20T12:00:00Z"   # the records are from 08:00 that day


def rec(rid, platform, profile, kind, thread, reply=None, author="cust", triage=None, text="Pytanie klienta"):
    r = {"sc": 1, "id": rid, "platform": platform, "profile": profile, "kind": kind,
         "visibility": "private" if kind == "dm" else "public", "thread_id": thread, "parent_id": None,
         "author": {"id": author, "name": "Klient", "is_brand": False}, "text": text,
         "created_at": "2026-11-20T08:00:00Z"}
    if triage:
        r["triage"] = triage
    if reply is not None:
        r["reply"] = reply
    return r


def draft(text, **kw):
    d = {"status": "draft", "template": "t", "rule": "replies.csv:%d" % (len(text) % 90 + 2),
         "lang": "pl", "visibility": "public", "text": text}
    d.update(kw)
    return d


def records():
    """The input and what the ledger must hold exactly once for it."""
    R = []
    R.append(rec("facebook:90101_5000", "facebook", "fb1", "comment", "facebook:90101_5000",
                 draft("Cześć, już sprawdzamy Twoją paczkę. Lech")))
    R.append(rec("facebook:90101_5001", "facebook", "fb1", "comment", "facebook:90101_5001",
                 draft("Szczegóły w wiadomości prywatnej.", visibility="private", private_via="private_reply",
                       public_text="Zapraszamy do wiadomości prywatnej. Lech",
                       private_text="Twój zwrot 123 jest w drodze. Lech"),
                 triage={"category": "question", "pii": ["phone"]}))
    R.append(rec("facebook:m_100001_000_2", "facebook", "fb1", "dm", "facebook:t_100001000",
                 draft("Dziękujemy za wiadomość, paczka wyjechała. Lech", visibility="private"), author="psid0"))
    R.append(rec("instagram:1800000101000", "instagram", "ig1", "comment", "instagram:1800000101000",
                 draft("Hi, we are on it! Kate")))
    R.append(rec("instagram:1800000101001", "instagram", "ig1", "comment", "instagram:1800000101001",
                 draft("DM", visibility="private", private_via="private_reply",
                       public_text="Please check your DMs. Kate", private_text="Your refund is on its way. Kate")))
    R.append(rec("x:1850000000000100000", "x", "x1", "mention", "x:1850000000000100000",
                 draft("@klient Sprawdzamy to, daj nam chwilę. Lech")))
    R.append(rec("youtube:Ugx000010000.r1", "youtube", "yt1", "comment", "youtube:Ugx000010000",
                 draft("Dziękujemy za komentarz! Zespół")))
    R.append(rec("google:rev00001001", "google", "gbp1", "review", "google:rev00001001",
                 draft("Dziękujemy za opinię, przykro nam. Zespół")))
    R.append(rec("facebook:90201_5000", "facebook", "fb1", "comment", "facebook:90201_5000",
                 {"status": "skipped", "reason": "triage action is hide"},
                 triage={"category": "spam", "action": "hide", "rules": ["rules.csv:4"]}))
    R.append(rec("facebook:90201_5001", "facebook", "fb1", "comment", "facebook:90201_5001",
                 {"status": "skipped", "reason": "triage action is delete"},
                 triage={"category": "hate", "action": "delete", "rules": ["rules.csv:7"]}))
    R.append(rec("instagram:1800000102000", "instagram", "ig1", "comment", "instagram:1800000102000",
                 {"status": "skipped", "reason": "triage action is hide"},
                 triage={"category": "spam", "action": "hide", "rules": ["rules.csv:4"]}))
    R.append(rec("facebook:90301_5000", "facebook", "fb1", "comment", "facebook:90301_5000",
                 draft("Przepraszamy. Bierzemy odpowiedzialność i działamy. Lech", needs_approval=True,
                       approval="crisis (P1): 5P reply, a human must approve it"),
                 triage={"priority": "P1"}))
    R.append(rec("x:1860000000000100000", "x", "x1", "dm", "x:7000001-8000100",
                 draft("Odpowiedź w DM", visibility="private"), author="8000100"))
    want = {
        ("comments", "90101_5000"): 1, ("comments", "90101_5001"): 1, ("pr", "90101_5001"): 1,
        ("dm", "psid0"): 1, ("replies", "1800000101000"): 1, ("replies", "1800000101001"): 1,
        ("pr", "1800000101001"): 1, ("tweets", "1850000000000100000"): 1,
        ("yt", "Ugx000010000"): 1, ("gbp", "rev00001001"): 1,
        ("hide", "90201_5000"): 1, ("delete", "90201_5001"): 1, ("hide", "1800000102000"): 1,
        ("dm", "8000100"): 1,
    }
    return R, want


def ledger_counts(posts):
    """Successful writes per (operation, target) in the mock's ledger."""
    c = {}
    for p in posts:
        res = p.get("result") or {}
        if "error" in res or "status" in res:
            continue
        ep = p["endpoint"]
        t = p["target"]
        if ep == "messages":
            rc = p["body"].get("recipient") or {}
            if "comment_id" in rc:
                k = ("pr", rc["comment_id"])
            else:
                k = ("dm", rc.get("id"))
        elif ep == "comments" and p["platform"] == "youtube":
            k = ("yt", t)
        elif ep == "reply":
            k = ("gbp", t)
        else:
            k = (ep, t)
        c[k] = c.get(k, 0) + 1
    return c


def setup(workdir, allow_delete_fb="yes"):
    data, prof = gendata(workdir, items=6)
    # profiles for sending: the token names the variable; fb1 may forbid deleting
    lines = open(prof).read().splitlines()
    out = [lines[0] + ",brand_name,allow_delete"]
    for ln in lines[1:]:
        name = ln.split(",")[0]
        out.append(ln + ",Brand %s,%s" % (name, allow_delete_fb if name == "fb1" else "yes"))
    with open(prof, "w") as f:
        f.write("\n".join(out) + "\n")
    inp = os.path.join(workdir, "in.ndjson")
    R, want = records()
    with open(inp, "w") as f:
        for r in R:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return data, prof, inp, want


def send(base, prof, inp, journal, extra=(), env_extra=None, timeout=60, out_path=None):
    env = dict(os.environ)
    env["SC_TEST_TOKEN"] = TOKEN
    if env_extra:
        env.update(env_extra)
    args = [REPLY, "--send", "--journal", journal, "-p", prof, "--base-url", base,
            "--retries", "4", "--backoff", "20", "--timeout", "1s", "--max-wait", "5s",
            "--now", NOW] + list(extra) + [inp]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def verify(journal):
    p = subprocess.run([REPLY, "--verify-journal", journal], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode() + p.stderr.decode()


def lines(text):
    out = []
    for ln in text.splitlines():
        try:
            out.append(json.loads(ln))
        except ValueError:
            pass
    return out


_MOCKS = []


def start_mock(data, workdir, **kw):
    """A Mock that is killed at exit even when a test throws."""
    m = Mock(data, workdir, **kw)
    _MOCKS.append(m)
    return m


@atexit.register
def _stop_all():
    for m in _MOCKS:
        if m.proc.poll() is None:
            m.proc.kill()
            m.proc.wait()
