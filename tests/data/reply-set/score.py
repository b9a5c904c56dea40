#!/usr/bin/env python3
"""score.py - build the reply set's records and score sc-reply's drafts.

  score.py records set.psv > records.ndjson
  score.py score set.psv drafts.ndjson [--min-family P --min-greeting P]

The set (set.psv, one message a line, '|'-separated; see README.md) holds
each message with the triage a careful sc-triage run gives it and the
labels a senior moderator wrote before the tool ran: the reply family
(template ids, alternatives separated by '/', "skip" when nothing may be
drafted) and the greeting (alternatives by '/'; when a nameless form is
listed, any nameless form of that language counts).

Prints the figures; exits 1 when a floor is not met or when any public
reply carries the message's personal data or any crisis draft admits
fault for a message that shows no brand fault.
"""
import json
import re
import sys

FIELDS = "id profile kind author lang category priority tags action pii fault text family greeting".split()
PLATFORM = {"fb": "facebook", "ig": "instagram", "google": "google", "x": "x", "yt": "youtube"}
NAMELESS = {"Cześć,", "Hej,", "Dzień dobry,", "Szanowni Państwo,", "Hi,", "Hi there,", "Hello,"}
# what admitting fault or promising compensation looks like in a draft
ADMIT = re.compile(r"nasz(ym)? błąd|nasza wina|z naszej winy|nie powinno się to zdarzyć|"
                   r"rekompensat|zadośćuczynien|odszkodowani|our (own )?(mistake|fault|error)|"
                   r"should not have happened|compensat|make it up to you|we are to blame",
                   re.I)


def load(path):
    rows = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("|")
        if len(f) != len(FIELDS):
            sys.exit("%s:%d: %d fields, want %d" % (path, n, len(f), len(FIELDS)))
        rows.append(dict(zip(FIELDS, f)))
    return rows


def record(r, i):
    plat = PLATFORM[r["profile"].split("-", 1)[1]]
    pii = [p.split("=", 1)[0] for p in r["pii"].split(";") if p]
    rid = "%s:%s" % (plat, r["id"])
    rec = {
        "sc": 1, "id": rid, "platform": plat, "profile": r["profile"], "kind": r["kind"],
        "visibility": "private" if r["kind"] == "dm" else "public",
        "thread_id": rid, "parent_id": None,
        "author": {"id": "u" + r["id"], "name": r["author"], "is_brand": False},
        "text": r["text"],
        "created_at": "2026-11-20T%02d:%02d:00Z" % (8 + i // 60 % 3, i % 60),
        "lang": r["lang"],
        "triage": {
            "category": r["category"], "priority": r["priority"],
            "tags": [t for t in r["tags"].split(",") if t], "pii": pii,
            "action": r["action"], "private": bool(pii), "lang": r["lang"],
        },
    }
    return rec


def nameless(g):
    return g in NAMELESS


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "records":
        for i, r in enumerate(load(sys.argv[2])):
            print(json.dumps(record(r, i), ensure_ascii=False))
        return 0
    if len(sys.argv) < 4 or sys.argv[1] != "score":
        sys.exit(__doc__)
    rows = {r["id"]: r for r in load(sys.argv[2])}
    floors = {"family": 0.0, "greeting": 0.0}
    args = sys.argv[4:]
    while args:
        floors[args[0][6:]] = float(args[1])
        args = args[2:]
    fam_ok = fam_n = gr_ok = gr_n = pii_leak = admit = crisis_n = 0
    misses = []
    for line in open(sys.argv[3], encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("author", {}).get("is_brand"):
            continue
        sid = rec["id"].split(":", 1)[1]
        r = rows.pop(sid)
        rp = rec.get("reply") or {}
        drafted = rp.get("status") not in (None, "skipped")
        fam_n += 1
        want = r["family"].split("/")
        got = rp.get("template", "") if drafted else "skip"
        if got in want:
            fam_ok += 1
        else:
            misses.append("family %s: got %s (%s), want %s" %
                          (sid, got, rp.get("reason", rp.get("rule", "")), r["family"]))
        if r["greeting"] != "-" and drafted:
            gr_n += 1
            gw = r["greeting"].split("/")
            g = rp.get("greeting", "")
            if g in gw or (nameless(g) and any(nameless(x) for x in gw)):
                gr_ok += 1
            else:
                misses.append("greeting %s: got %r, want %r (author %r)" %
                              (sid, g, r["greeting"], r["author"]))
        public = []
        if drafted:
            if rp.get("visibility") == "public":
                public.append(rp.get("text", ""))
            public.append(rp.get("public_text", ""))
        for p in r["pii"].split(";"):
            if p and any(p.split("=", 1)[1] in t for t in public):
                pii_leak += 1
                misses.append("PII %s: %s in a public reply" % (sid, p))
        if r["priority"] == "P1" and r["fault"] != "y":
            crisis_n += 1
            texts = " ".join(rp.get(k, "") for k in ("text", "public_text", "private_text"))
            if drafted and ADMIT.search(texts):
                admit += 1
                misses.append("admits fault %s: %s" % (sid, ADMIT.search(texts).group(0)))
    for sid in rows:
        misses.append("missing %s from the output" % sid)
    fam = fam_ok / fam_n if fam_n else 0
    gr = gr_ok / gr_n if gr_n else 0
    for m in misses:
        print("# " + m)
    print("messages %d" % fam_n)
    print("family fit %d/%d = %.1f%%" % (fam_ok, fam_n, 100 * fam))
    print("greetings right %d/%d = %.1f%%" % (gr_ok, gr_n, 100 * gr))
    print("public replies with personal data %d" % pii_leak)
    print("crisis drafts admitting fault without a brand fault %d (of %d)" % (admit, crisis_n))
    bad = rows or pii_leak or admit or fam * 100 < floors["family"] or gr * 100 < floors["greeting"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
