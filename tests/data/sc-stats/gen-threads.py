#!/usr/bin/env python3
"""gen-threads.py N SEED [sorted] - write N-ish schema-1 records of made-up
conversations modelled on twcs (customer tweets, brand replies by
in_response_to, follow-ups sharing the first tweet's thread), with DMs
answered without parent_id, automated replies, triage, status records and
edited duplicates.  Deterministic for a seed; no real data."""
import json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
profiles = [("acme", "x"), ("sklep", "facebook"), ("bank", "instagram")]
agents = ["ola", "jan", "ewa", "auto:welcome", None]
cats = ["question", "complaint", "bug", "praise", "opinion", "spam", "hate", "other"]
t0 = 1795000000  # 2026-11-18
out = []
i = 0
while len(out) < n:
    i += 1
    prof, plat = rng.choice(profiles)
    th = "%s:%d" % (plat, i * 100)
    t = t0 + rng.randrange(0, 14 * 86400)
    kind = rng.choice(["comment", "dm", "mention"])
    vis = "private" if kind == "dm" else "public"
    msgs = []
    last = None
    for j in range(rng.randrange(1, 5)):
        cid = "%s:%d" % (plat, i * 100 + j * 2)
        t += rng.randrange(0, 4000)
        rec = {"sc": 1, "id": cid, "platform": plat, "profile": prof, "kind": kind,
               "visibility": vis, "thread_id": th, "parent_id": last,
               "author": {"id": "u%d" % i, "name": "Klient", "is_brand": False},
               "text": "wiadomość %d" % j,
               "created_at": None, "_t": t}
        if rng.random() < 0.7:
            rec["triage"] = {"category": rng.choice(cats),
                             "sentiment": rng.choice(["positive", "neutral", "negative"]),
                             "priority": rng.choice(["P1", "P2", "P3", "P4"]),
                             "tags": rng.sample(["delivery", "refund", "app", "price"], rng.randrange(0, 3)),
                             "team": rng.choice(["care", "logistics"])}
        msgs.append(rec)
        if rng.random() < 0.75:
            bt = t + rng.choice([0, 30, 300, 1800, 3600, 7200, 40000, 90000]) + rng.randrange(0, 600)
            par = rng.choice([cid, cid, None, msgs[0]["id"]]) if kind != "dm" else None
            ag = rng.choice(agents)
            b = {"sc": 1, "id": "%s:%d" % (plat, i * 100 + j * 2 + 1), "platform": plat,
                 "profile": prof, "kind": kind, "visibility": vis, "thread_id": th,
                 "parent_id": par, "author": {"id": prof, "name": prof, "is_brand": True},
                 "text": "odpowiedź", "created_at": None, "_t": bt}
            if ag:
                b["agent"] = ag
            elif rng.random() < 0.3:
                b["reply"] = {"text": "x", "template": "thanks", "status": "sent"}
            msgs.append(b)
            t = max(t, bt) if rng.random() < 0.5 else t
        last = cid
    for st in ("resolved", "reopened", "escalated", "assigned"):
        if rng.random() < 0.25:
            msgs.append({"sc": 1, "id": "st:%d:%s" % (i, st), "kind": "status", "status": st,
                         "thread_id": th, "created_at": None, "_t": t + rng.randrange(0, 20000),
                         "agent": "ola"})
    for m in msgs:
        m["created_at"] = "%s" % __import__("time").strftime("%Y-%m-%dT%H:%M:%SZ", __import__("time").gmtime(m.pop("_t")))
    if rng.random() < 0.05:
        e = dict(msgs[0]); e["edited"] = True; e["text"] += " (edited)"
        msgs.append(e)
    out.extend(msgs)
# mostly in time order, with some records out of order (as archives are)
out.sort(key=lambda r: r["created_at"])
for k in range(0 if len(sys.argv) > 3 and sys.argv[3] == "sorted" else len(out) // 20):
    a, b = rng.randrange(len(out)), rng.randrange(len(out))
    out[a], out[b] = out[b], out[a]
for r in out:
    print(json.dumps(r, ensure_ascii=False))
