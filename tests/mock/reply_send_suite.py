"""reply_send_suite.py - sc-reply --send against the loopback mock: every
write API once, the journal, reruns, approval, moderation and its
permissions, faults (each with and without commit_first), exit statuses
and secrets.  Prints TAP and "N passed, N failed"."""
import json
import os
import re
import subprocess

from harness import Tap, rmtree, sanitizer_clean, tmpdir
from reply_send_lib import start_mock, REPLY, TOKEN, ledger_counts, lines, send, setup, verify

t = Tap()
W = tmpdir()
data, prof, inp, want = setup(W)
held_p1 = ("comments", "90301_5000")


NM = [0]


def fresh(faults=None, latency=0):
    # a directory per mock: the harness names its port file by id(), which repeats
    NM[0] += 1
    d = os.path.join(W, "m%d" % NM[0])
    os.mkdir(d)
    return start_mock(data, d, latency=latency, faults=faults)


# ---- a clean send
m = fresh()
j = os.path.join(W, "j1.ndjson")
rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete", "--agent", "anna"])
c = ledger_counts(m.call("/__mock/posts"))
t.ok(rc == 0, "clean send exits 0", err)
t.ok(c == want, "every reply, private reply, message, hide and delete posted exactly once; P1 held",
     json.dumps(sorted([list(k) + [v] for k, v in c.items()])))
recs = lines(out)
brand = [r for r in recs if r.get("author", {}).get("is_brand")]
cust = [r for r in recs if not r.get("author", {}).get("is_brand")]
t.ok(len(cust) == 13 and len(brand) == 11, "13 input records, each followed by its brand records (11)",
     "%d %d" % (len(cust), len(brand)))
# the order: a brand record follows the record it answers
order_ok = True
last = None
for r in recs:
    if r["author"]["is_brand"]:
        order_ok &= last is not None and r["parent_id"] == last
    else:
        last = r["id"]
t.ok(order_ok, "brand records follow the customer record they answer")
posts = m.call("/__mock/posts")
fbid = [p for p in posts if p["endpoint"] == "comments" and p["target"] == "90101_5000"][0]["result"]["id"]
b = [r for r in brand if r["parent_id"] == "facebook:90101_5000"][0]
t.ok(b["sc"] == 1 and b["id"] == "facebook:" + fbid and b["platform"] == "facebook" and b["profile"] == "fb1"
     and b["kind"] == "comment" and b["visibility"] == "public" and b["thread_id"] == "facebook:90101_5000"
     and b["author"] == {"id": "100001", "name": "Brand fb1", "is_brand": True}
     and b["text"] == "Cześć, już sprawdzamy Twoją paczkę. Lech" and b["agent"] == "anna"
     and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", b["created_at"]) and b["lang"] == "pl",
     "brand record for a Facebook reply: schema 1, platform id, thread, parent, author, agent", json.dumps(b))
c0 = [r for r in cust if r["id"] == "facebook:90101_5000"][0]["reply"]
t.ok(c0["status"] == "sent" and c0["id"] == fbid and "sent_at" in c0, "the input record's reply says sent with the id",
     json.dumps(c0))
pr = [r for r in cust if r["id"] == "facebook:90101_5001"][0]["reply"]
t.ok(pr["status"] == "sent" and pr["public_id"] and pr["private_id"].startswith("m_"),
     "public invitation and private reply both sent, both ids kept", json.dumps(pr))
xb = [r for r in brand if r["platform"] == "x"][0]
t.ok(xb["kind"] == "mention" and xb["parent_id"] == "x:1850000000000100000", "X reply as a mention brand record")
gb = [r for r in brand if r["platform"] == "google"][0]
t.ok(gb["id"] == "google:rev00001001:reply" and gb["kind"] == "review", "review reply id like sc-normalize's")
dmb = [r for r in brand if r["kind"] == "dm" and r["parent_id"] == "facebook:m_100001_000_2"][0]
t.ok(dmb["visibility"] == "private" and dmb["thread_id"] == "facebook:t_100001000", "Messenger reply brand record")
p1 = [r for r in cust if r["id"] == "facebook:90301_5000"][0]["reply"]
t.ok(p1["status"] == "draft" and "approve" in p1.get("held", ""), "P1 draft held without --approve", json.dumps(p1))
xdm = [r for r in cust if r["id"] == "x:1860000000000100000"][0]["reply"]
xdp = [p for p in posts if p["platform"] == "x" and p["endpoint"] == "dm"]
xdb = [r for r in brand if r["parent_id"] == "x:1860000000000100000"]
t.ok(xdm["status"] == "sent" and xdm["id"] == xdp[0]["result"]["data"]["dm_event_id"]
     and xdp[0]["body"] == {"text": "Odpowiedź w DM"} and len(xdb) == 1 and xdb[0]["kind"] == "dm"
     and xdb[0]["visibility"] == "private" and xdb[0]["thread_id"] == "x:7000001-8000100",
     "X DM sent through dm_conversations/with/{participant}/messages, a dm brand record",
     json.dumps(xdm) + json.dumps(xdp) + json.dumps(xdb))
mods = {r["id"]: r["reply"].get("moderation") for r in cust if r["reply"].get("moderation")}
t.ok(mods.get("facebook:90201_5000") == {"action": "hide", "status": "done"}
     and mods.get("facebook:90201_5001") == {"action": "delete", "status": "done"}
     and mods.get("instagram:1800000102000") == {"action": "hide", "status": "done"},
     "moderation results in the reply object", json.dumps(mods))
rcv, vout = verify(j)
t.ok(rcv == 0 and "entries" in vout, "the journal verifies", vout)
J = [json.loads(x) for x in open(j)]
intents = [e for e in J if e["action"] == "intent"]
sents = [e for e in J if e["action"] == "sent"]
t.ok(len(intents) == 14 and len(sents) == 14, "one intent and one sent entry per operation", "%d %d" % (len(intents), len(sents)))
e0 = [e for e in J if e["action"] == "intent" and e["target"] == "facebook:90201_5001"][0]
t.ok(e0["op"] == "delete" and e0["rule"] == "sc-triage:rules.csv:7" and e0["agent"] == "anna"
     and e0["original_text"] == "Pytanie klienta" and len(e0["prev"]) == 64 and e0["profile"] == "fb1",
     "journal entry: op, deciding rule, agent, original text, previous hash", json.dumps(e0))
order = [(e["action"], e["key"]) for e in J]
t.ok(all(order.index(("intent", k)) < order.index(("sent", k)) for _, k in order if _ == "sent"),
     "each intent is journaled before its outcome")
t.ok(TOKEN not in out + err + open(j).read(), "the token is in neither stdout, stderr nor the journal")

# ---- rerun: nothing new
rc2, out2, err2 = send(m.base, prof, inp, j, extra=["--allow-delete", "--agent", "anna"])
c2 = ledger_counts(m.call("/__mock/posts"))
t.ok(rc2 == 0 and c2 == want, "a rerun on the same input posts nothing", err2)
r2 = [r for r in lines(out2) if r["id"] == "facebook:90101_5000"][0]["reply"]
t.ok(r2["status"] == "sent" and r2["id"] == fbid and r2.get("resolved_by") == "journal",
     "the rerun reports the journaled id", json.dumps(r2))
b2 = [r for r in lines(out2) if r["author"]["is_brand"] and r["parent_id"] == "facebook:90101_5000"]
t.ok(len(b2) == 1 and b2[0]["id"] == b["id"] and b2[0]["created_at"] == b["created_at"],
     "the rerun prints the same brand record (id and time from the journal)", json.dumps(b2))

# ---- a rerun by someone else keeps who sent it and its template (issue 12)
rcb, outb, errb = send(m.base, prof, inp, j, extra=["--allow-delete", "--agent", "bob"])
bb = [r for r in lines(outb) if r["author"]["is_brand"] and r["parent_id"] == "facebook:90101_5000"]
rin = [json.loads(x) for x in open(inp) if x.strip()]
tmpl = [r for r in rin if r["id"] == "facebook:90101_5000"][0]["reply"].get("template")
t.ok(rcb == 0 and len(bb) == 1 and bb[0]["agent"] == "anna" and bb[0].get("template") == tmpl,
     "a rerun by another agent keeps the first agent and the template on the brand record",
     json.dumps(bb) + " template %r" % tmpl)
t.ok(ledger_counts(m.call("/__mock/posts")) == want, "and posts nothing", errb)

# ---- approval sends the P1 once
rc3, out3, err3 = send(m.base, prof, inp, j, extra=["--allow-delete", "--approve", "--agent", "anna"])
c3 = ledger_counts(m.call("/__mock/posts"))
w3 = dict(want)
w3[held_p1] = 1
t.ok(rc3 == 0 and c3 == w3, "--approve sends the P1 reply, once", err3 + json.dumps(sorted(map(str, c3.items()))))
J3 = [json.loads(x) for x in open(j)]
t.ok(any(e.get("approved_by") == "anna" and e["target"] == "facebook:90301_5000" for e in J3),
     "the journal says who approved")
rcv, vout = verify(j)
t.ok(rcv == 0, "the journal still verifies after three runs", vout)
m.stop()

# ---- without --agent a template send is credited to an automated agent
m = fresh()
ja = os.path.join(W, "j-auto.ndjson")
rca, outa, erra = send(m.base, prof, inp, ja, extra=["--allow-delete"])
ba = [r for r in lines(outa) if r["author"]["is_brand"]]
JA = [json.loads(x) for x in open(ja)]
t.ok(rca == 0 and ba and all(r["agent"].startswith("auto:") for r in ba)
     and all(e.get("agent", "").startswith("auto:") for e in JA if e.get("action") == "sent" and e.get("op") in ("reply", "private_reply", "message")),
     "without --agent the brand records and the journal say auto:TEMPLATE", json.dumps([r["agent"] for r in ba]) + erra)
m.stop()

# ---- moderation straight from sc-triage (no reply object, no -r)
m = fresh()
tri = os.path.join(W, "triaged.ndjson")
with open(tri, "w") as f:
    f.write(json.dumps({"sc": 1, "id": "facebook:90201_5000", "platform": "facebook", "profile": "fb1",
                        "kind": "comment", "visibility": "public", "thread_id": "facebook:90201_5000",
                        "parent_id": None, "author": {"id": "u0", "name": "X", "is_brand": False},
                        "text": "spam", "created_at": "2026-11-20T08:00:00Z",
                        "triage": {"category": "spam", "action": "hide", "rules": ["spam-links"]}}) + "\n")
rc, out, err = send(m.base, prof, tri, os.path.join(W, "jt.ndjson"))
c = ledger_counts(m.call("/__mock/posts"))
r = lines(out)[0]
t.ok(rc == 0 and c == {("hide", "90201_5000"): 1} and r["reply"]["moderation"]["status"] == "done"
     and r["reply"]["status"] == "skipped", "hide straight from sc-triage output, without -r", out + err)
m.stop()

# ---- a public invitation to a customer's DM (X): only the public text goes out;
# a profile that is not in profiles.csv: 78 for that record, the others go on
m = fresh()
mix = os.path.join(W, "mix.ndjson")
with open(mix, "w") as f:
    base = {"sc": 1, "platform": "x", "kind": "mention", "visibility": "public", "parent_id": None,
            "author": {"id": "8000101", "name": "K", "is_brand": False}, "text": "moje dane 600100200",
            "created_at": "2026-11-20T08:00:00Z"}
    f.write(json.dumps(dict(base, id="x:1850000000000100010", profile="x1", thread_id="x:1850000000000100010",
                            reply={"status": "draft", "rule": "replies.csv:9", "visibility": "private",
                                   "private_via": "customer_dm", "public_text": "@k Napisz do nas DM. Lech",
                                   "private_text": "Twoje dane: 600100200", "text": "Twoje dane: 600100200"})) + "\n")
    f.write(json.dumps(dict(base, id="x:1850000000000100020", profile="nosuch", thread_id="x:1850000000000100020",
                            reply={"status": "draft", "rule": "replies.csv:9", "text": "Hej"})) + "\n")
rc, out, err = send(m.base, prof, mix, os.path.join(W, "jm.ndjson"))
posts = m.call("/__mock/posts")
t.ok(rc == 78 and len(posts) == 1 and posts[0]["body"]["text"] == "@k Napisz do nas DM. Lech"
     and "x:1850000000000100020: reply failed: profile 'nosuch' is not in profiles.csv" in err,
     "customer_dm: only the public invitation is posted; an unknown profile fails that record with 78",
     "rc=%d %s %s" % (rc, err, json.dumps(posts)))
m.stop()

# ---- a token file readable by others is refused (78), and never read into a message
m = fresh()
tf = os.path.join(W, "token.txt")
with open(tf, "w") as f:
    f.write(TOKEN + "\n")
os.chmod(tf, 0o644)
prof_f = os.path.join(W, "profiles-file.csv")
with open(prof_f, "w") as f:
    for ln in open(prof):
        f.write(ln.replace("SC_TEST_TOKEN", "file:" + tf))
rc, out, err = send(m.base, prof_f, inp, os.path.join(W, "jtf.ndjson"))
t.ok(rc == 78 and "chmod 600" in err and TOKEN not in err + out and not m.call("/__mock/posts"),
     "a token file with mode 0644: 78, nothing sent", err[-300:])
os.chmod(tf, 0o600)
rc, out, err = send(m.base, prof_f, inp, os.path.join(W, "jtf.ndjson"), extra=["--allow-delete"])
t.ok(rc == 0 and ledger_counts(m.call("/__mock/posts")) == want, "the same file with mode 0600 works", err)
m.stop()

# ---- windows and limits again at send time (--now)
m = fresh()
win = os.path.join(W, "win.ndjson")
dm = {"sc": 1, "id": "facebook:m_100001_000_2", "platform": "facebook", "profile": "fb1", "kind": "dm",
      "visibility": "private", "thread_id": "facebook:t_100001000", "parent_id": None,
      "author": {"id": "psid0", "name": "Klient 0", "is_brand": False}, "text": "Halo?",
      "created_at": "2026-11-20T08:00:00Z",
      "reply": {"status": "draft", "rule": "replies.csv:3", "visibility": "private", "text": "Już odpowiadamy. Lech"}}
tw = {"sc": 1, "id": "x:1850000000000100010", "platform": "x", "profile": "x1", "kind": "mention",
      "visibility": "public", "thread_id": "x:1850000000000100010", "parent_id": None,
      "author": {"id": "8000101", "name": "K", "is_brand": False}, "text": "?", "created_at": "2026-11-20T08:00:00Z",
      "reply": {"status": "draft", "rule": "replies.csv:3", "text": "Dzięki za cierpliwość. " * 14}}
with open(win, "w") as f:
    f.write(json.dumps(dm) + "\n" + json.dumps(tw) + "\n")
jw2 = os.path.join(W, "jwin.ndjson")
rc, out, err = send(m.base, prof, win, jw2, extra=["--now", "2026-11-22T08:00:00Z"])
R = lines(out)
t.ok(rc == 0 and not m.call("/__mock/posts") and "HUMAN_AGENT" in R[0]["reply"].get("held", "")
     and "too long for x" in R[1]["reply"].get("held", ""),
     "a DM after 24 h waits for approval; an edited X reply over 280 is held", out)
rc, out, err = send(m.base, prof, win, jw2, extra=["--now", "2026-11-22T08:00:00Z", "--approve"])
posts = m.call("/__mock/posts")
t.ok(rc == 0 and len(posts) == 1 and posts[0]["body"].get("tag") == "HUMAN_AGENT"
     and posts[0]["body"].get("messaging_type") == "MESSAGE_TAG", "approved, it goes out with the HUMAN_AGENT tag",
     json.dumps(posts))
m.stop()
m = fresh()
rc, out, err = send(m.base, prof, win, os.path.join(W, "jwin2.ndjson"), extra=["--now", "2026-11-28T08:00:00Z", "--approve"])
R = lines(out)
t.ok(rc == 0 and not m.call("/__mock/posts") and R[0]["reply"]["status"] == "skipped"
     and "7-day" in R[0]["reply"]["reason"], "after 7 days the Messenger reply is skipped, approved or not", out)
m.stop()

# ---- delete needs --allow-delete; a profile can forbid it
m = fresh()
j = os.path.join(W, "j2.ndjson")
rc, out, err = send(m.base, prof, inp, j)
c = ledger_counts(m.call("/__mock/posts"))
d = [r for r in lines(out) if r["id"] == "facebook:90201_5001"][0]["reply"]["moderation"]
t.ok(rc == 0 and ("delete", "90201_5001") not in c and d["status"] == "skipped"
     and "allow-delete" in d["reason"], "nothing deleted without --allow-delete", json.dumps(d))
m.stop()
W2 = tmpdir()
data2, prof2, inp2, _ = setup(W2, allow_delete_fb="no")
m = start_mock(data2, W2)
rc, out, err = send(m.base, prof2, inp2, os.path.join(W2, "j.ndjson"), extra=["--allow-delete"])
c = ledger_counts(m.call("/__mock/posts"))
d = [r for r in lines(out) if r["id"] == "facebook:90201_5001"][0]["reply"]["moderation"]
t.ok(rc == 0 and ("delete", "90201_5001") not in c and "allow_delete=no" in d["reason"]
     and c.get(("hide", "90201_5000")) == 1, "a profile with allow_delete=no is never deleted from", json.dumps(d))
m.stop()
rmtree(W2)

# ---- faults on every write endpoint, with and without commit_first
WRITES = [("POST", r"/v21\.0/[^/]+/comments"), ("POST", r"/v21\.0/[^/]+/replies"),
          ("POST", r"/v21\.0/[^/]+/messages"), ("POST", r"/v21\.0/[^/?]+$"),
          ("DELETE", r"/v21\.0/"), ("POST", r"^/2/tweets"), ("POST", r"^/2/dm_conversations/"),
          ("POST", r"^/youtube/v3/comments"),
          ("PUT", r"/reply$")]
FAULTS = [("500", {}), ("502", {}), ("503", {}), ("504", {}), ("graph-500", {}), ("html", {}),
          ("reset", {}), ("truncate", {}), ("invalid-json", {}), ("empty-200", {}),
          ("429", {}), ("429-retry-after", {"wait": 0}), ("429-bare", {}), ("graph-4", {}),
          ("graph-17", {}), ("graph-613", {}), ("gbp-429", {}), ("yt-rate", {}), ("stall", {"secs": 3})]
ONLY = {"stall": "comments", "graph-4": "v21", "graph-17": "v21", "graph-613": "v21", "gbp-429": "reply", "yt-rate": "youtube"}
for name, params in FAULTS:
    for cf in (False, True):
        rules = []
        for meth, pat in WRITES:
            if name in ONLY and ONLY[name] not in pat:
                continue
            r = {"match": pat, "method": meth, "nth": 1, "fault": name}
            r.update(params)
            if cf:
                r["commit_first"] = True
            rules.append(r)
        m = fresh(faults=rules)
        j = os.path.join(W, "jf.ndjson")
        if os.path.exists(j):
            os.unlink(j)
        rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete"])
        c = ledger_counts(m.call("/__mock/posts"))
        label = "fault %s%s on every write endpoint" % (name, " (commit_first)" if cf else "")
        ok = rc == 0 and c == want and sanitizer_clean(err)
        if not ok and rc == 75:
            # a fault the retries did not outlast: the rerun must finish the job
            rc, out2, err2 = send(m.base, prof, inp, j, extra=["--allow-delete"])
            c = ledger_counts(m.call("/__mock/posts"))
            ok = rc == 0 and c == want
            err += err2
        t.ok(ok, label + ": no double post, nothing lost",
             "rc=%d %s %s" % (rc, err[-600:], json.dumps(sorted([list(k) + [v] for k, v in c.items() if v != 1 or k not in want]))))
        if cf:
            J = [json.loads(x) for x in open(j)]
            t.ok(any(e.get("resolved_by") in ("read-back", "platform") for e in J),
                 label + ": the lost answers were resolved by reading back")
        m.stop()

# ---- faults that stop a profile: exit status, then a clean rerun finishes
for name, status, pat, meth in (("graph-190", 69, r"/v21\.0/[^/]+/comments", "POST"),
                                ("usage-capped", 75, r"^/2/tweets", "POST"),
                                ("quota", 75, r"^/youtube/v3/comments", "POST"),
                                ("x-401", 69, r"^/2/tweets", "POST")):
    for cf in (False, True):
        r = {"match": pat, "method": meth, "nth": 1, "fault": name}
        if cf:
            r["commit_first"] = True
        m = fresh(faults=[r])
        j = os.path.join(W, "js.ndjson")
        if os.path.exists(j):
            os.unlink(j)
        rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete"])
        label = "%s%s" % (name, " (commit_first)" if cf else "")
        t.ok(rc == status and "failed" in err and TOKEN not in err, "%s: exit %d" % (label, status), "rc=%d %s" % (rc, err))
        if name == "quota":
            # the quota day is remembered: the next run asks nothing before it ends
            nreq = len(m.call("/__mock/requests"))
            rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete"])
            yt = [r for r in m.call("/__mock/requests")[nreq:] if r["path"].startswith("/youtube/")]
            t.ok(rc == 75 and not yt and "remembered" in err, "%s: the next run sends nothing to YouTube before the quota day ends" % label,
                 "rc=%d %s %s" % (rc, err[-300:], yt))
        rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete", "--forget-caps"])
        c = ledger_counts(m.call("/__mock/posts"))
        t.ok(rc == 0 and c == want, "%s: the rerun completes, no double post" % label,
             "rc=%d %s %s" % (rc, err, json.dumps(sorted([list(k) + [v] for k, v in c.items()]))))
        m.stop()

# ---- 429 with a wait longer than --max-wait: 75 at once
m = fresh(faults=[{"match": r"^/2/tweets", "method": "POST", "nth": "always", "fault": "429-retry-after", "wait": 3600}])
j = os.path.join(W, "jw.ndjson")
rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete"])
t.ok(rc == 75 and "max-wait" in err, "a 429 asking for an hour gives up with 75", err)
m.stop()

# ---- a full disk on stdout: 74, and what was posted stays journaled
m = fresh()
j = os.path.join(W, "jd.ndjson")
env = dict(os.environ, SC_TEST_TOKEN=TOKEN)
with open("/dev/full", "w") as full:
    p = subprocess.run([REPLY, "--send", "--journal", j, "-p", prof, "--base-url", m.base, inp],
                       stdout=full, stderr=subprocess.PIPE, env=env)
t.ok(p.returncode == 74 and b"write error: No space left on device" in p.stderr,
     "stdout on a full disk: 74", p.stderr)
rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete"])
c = ledger_counts(m.call("/__mock/posts"))
t.ok(rc == 0 and c == want, "the rerun after the write error posts only what was missing", err)
m.stop()

# ---- configuration and usage errors
m = fresh()
rc, out, err = send(m.base, prof, inp, os.path.join(W, "jc.ndjson"), env_extra={"SC_TEST_TOKEN": ""})
t.ok(rc == 78 and "SC_TEST_TOKEN" in err and not m.call("/__mock/posts"), "no token: 78, nothing sent", err)
m.stop()
p = subprocess.run([REPLY, "--send", "-p", prof, inp], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
t.ok(p.returncode == 64 and b"--journal" in p.stderr, "--send without --journal: 64", p.stderr)
p = subprocess.run([REPLY, "--send", "--journal", os.path.join(W, "x"), "-p", prof, "--base-url", "http://example.com", inp],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
t.ok(p.returncode == 64 and b"loopback" in p.stderr, "plain http only to loopback: 64", p.stderr)
p = subprocess.run([REPLY, "--approve", "-r", "/dev/null", inp], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
t.ok(p.returncode == 64, "--approve without --send: 64", p.stderr)

# ---- an edited journal entry is detected
j = os.path.join(W, "j1.ndjson")
txt = open(j).read().splitlines()
txt[3] = txt[3].replace("Pytanie klienta", "Pytanie klientki")
open(j, "w").write("\n".join(txt) + "\n")
rcv, vout = verify(j)
t.ok(rcv == 65 and ":5:" in vout, "an edited entry breaks the chain at the next line", vout)
m = fresh()
rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete"])
t.ok(rc == 65 and "does not verify; nothing sent" in err and not m.call("/__mock/posts"),
     "--send refuses a journal that does not verify", err)
m.stop()
rmtree(W)
t.done()
