#!/usr/bin/env python3
"""gen-threads.py N SEED [sorted] - write N-ish schema-1 records of made-up
conversations modelled on twcs (customer tweets, brand replies by
in_response_to, follow-ups sharing the first tweet's thread), with DMs
answered without parent_id, automated replies, triage (with due_at),
templates and variants, a second customer in some public threads, notes,
status records (escalations with a team, experts' answers), CSAT and NPS surveys and edited
duplicates.  Deterministic for a seed; no real data."""
import json, random, sys, time

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
profiles = [("acme", "x"), ("sklep", "facebook"), ("bank", "instagram")]
agents = ["ola", "jan", "ewa", "auto:welcome", None]
cats = ["question", "complaint", "bug", "praise", "opinion", "spam", "hate", "other"]
t0 = 1795000000  # 2026-11-18


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


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
        who = "u%d" % i if kind == "dm" or rng.random() < 0.8 else "w%d" % i
        rec = {"sc": 1, "id": cid, "platform": plat, "profile": prof, "kind": kind,
               "visibility": vis, "thread_id": th, "parent_id": last,
               "author": {"id": who, "name": "Klient", "is_brand": False},
               "text": "wiadomość %d" % j,
               "created_at": None, "_t": t}
        if rng.random() < 0.7:
            rec["triage"] = {"category": rng.choice(cats),
                             "sentiment": rng.choice(["positive", "neutral", "negative"]),
                             "priority": rng.choice(["P1", "P2", "P3", "P4"]),
                             "tags": rng.sample(["delivery", "refund", "app", "price"], rng.randrange(0, 3)),
                             "team": rng.choice(["care", "logistics"])}
            if rng.random() < 0.6:
                rec["triage"]["due_at"] = stamp(t + rng.choice([1800, 3600, 86400]))
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
            if rng.random() < 0.4:
                b["template"] = rng.choice(["delivery", "refund", "thanks"])
                b["variant"] = rng.randrange(1, 3)
            elif rng.random() < 0.3:
                b["reply"] = {"text": "x", "template": "thanks", "status": "sent"}
            msgs.append(b)
            t = max(t, bt) if rng.random() < 0.5 else t
        last = cid
    for st in ("resolved", "reopened", "escalated", "assigned"):
        if rng.random() < 0.25:
            sr = {"sc": 1, "id": "st:%d:%s" % (i, st), "kind": "status", "status": st,
                  "thread_id": th, "created_at": None, "_t": t + rng.randrange(0, 20000),
                  "agent": rng.choice(["ola", "jan"])}
            if st == "escalated" and rng.random() < 0.5:
                sr["team"] = rng.choice(["logistics", "legal"])
            msgs.append(sr)
            if st == "escalated" and rng.random() < 0.6:
                # the expert's answer by e-mail: a note not by the team
                msgs.append({"sc": 1, "id": "email:%d" % i, "kind": "note", "thread_id": th,
                             "platform": "email", "profile": prof, "visibility": "private",
                             "author": {"id": "expert@brand.example", "is_brand": False},
                             "text": "odpowiedź eksperta", "created_at": None,
                             "_t": sr["_t"] + rng.randrange(60, 30000)})
    if rng.random() < 0.2:
        msgs.append({"sc": 1, "id": "note:%d" % i, "kind": "note", "thread_id": th,
                     "platform": plat, "profile": prof, "visibility": "internal",
                     "author": {"id": "ola", "is_brand": True}, "agent": rng.choice(["ola", "ewa"]),
                     "text": "notatka", "created_at": None, "_t": t + rng.randrange(0, 9000)})
    if rng.random() < 0.2:
        nps = rng.random() < 0.5
        msgs.append({"sc": 1, "id": "survey:%d" % i, "kind": "survey",
                     "survey": "nps" if nps else "csat",
                     "rating": rng.randrange(0, 11) if nps else rng.randrange(1, 6),
                     "thread_id": th, "profile": prof, "agent": rng.choice(["ola", "jan"]),
                     "created_at": None, "_t": t + rng.randrange(20000, 90000)})
    for m in msgs:
        m["created_at"] = stamp(m.pop("_t"))
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
