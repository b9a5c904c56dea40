#!/usr/bin/env python3
"""stats-html-check.py - check an sc-stats -f html page against the JSON.

usage: stats-html-check.py PAGE LANG -- SC-STATS-ARGS...

PAGE is the page sc-stats wrote with SC-STATS-ARGS plus -f html.  For each
part of the page (data-view), this script runs sc-stats -f json itself
with the flags sc-stats(1) HTML REPORT documents for that part, and checks
every figure the page marks (data-f, data-v) against the JSON row with the
same group keys (data-g), and the figure's visible text against the
documented formats (counts, shares with one decimal, durations) in LANG.
It also checks that the page is well-formed, uses only a fixed set of
elements with no event handlers, src or href attributes, no scripts and
no external references, that every field of the total and every
definition is on the page.  Prints TAP lines; exit status 1 on a failure.
"""
import html.parser
import json
import math
import re
import subprocess
import sys

page, lang = sys.argv[1], sys.argv[2]
args = sys.argv[sys.argv.index("--") + 1:]
n = fails = 0


def ok(cond, name, detail=""):
    global n, fails
    n += 1
    if cond:
        print("ok %d - %s" % (n, name))
    else:
        fails += 1
        print("not ok %d - %s" % (n, name))
        for line in str(detail).splitlines()[:15]:
            print("#   " + line)


VOID = {"meta", "br"}
ALLOWED = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3",
           "p", "strong", "span", "section", "div", "br", "figure", "figcaption", "svg",
           "defs", "pattern", "rect", "circle", "path", "line", "text", "desc", "table",
           "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "code",
           "footer"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.bad = [], [], []
        self.figs, self.defs = [], {}
        self.open = []          # figure elements being read: [attrs, text, in_heat]
        self.heat = 0
        self.dd = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in ALLOWED:
            self.bad.append("element <%s>" % tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "href", "xlink:href", "srcset", "action"):
                self.bad.append("attribute %s=%r on <%s>" % (k, v, tag))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "table" and "heat" in (a.get("class") or ""):
            self.heat = len(self.stack)
        if "data-view" in a:
            self.open.append([a, [], self.heat > 0, len(self.stack)])
        if tag == "dd" and "data-def" in a:
            self.dd = [a["data-def"], []]

    def handle_startendtag(self, tag, attrs):
        if tag not in ALLOWED:
            self.bad.append("element <%s/>" % tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "href", "xlink:href"):
                self.bad.append("attribute %s on <%s/>" % (k, tag))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> at %s, open %s" % (tag, self.getpos(), self.stack[-4:]))
            return
        depth = len(self.stack)
        if self.open and self.open[-1][3] == depth:
            a, t, heat, _ = self.open.pop()
            self.figs.append((a, "".join(t).strip(), heat))
        if tag == "dd" and self.dd:
            self.defs[self.dd[0]] = "".join(self.dd[1]).strip()
            self.dd = None
        if self.heat == depth:
            self.heat = 0
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for o in self.open:
            o[1].append(data)
        if self.dd:
            self.dd[1].append(data)


src = open(page, encoding="utf-8").read()
p = Page()
p.feed(src)
p.close()
ok(not p.errors and not p.stack, "the page is well-formed", "\n".join(p.errors) + str(p.stack))
ok(src.startswith("<!DOCTYPE html>"), "the page starts with <!DOCTYPE html>")
ok(not p.bad, "only the fixed set of elements, no on*/src/href attributes", "\n".join(p.bad[:10]))
ext = re.findall(r"(?i)https?:|@import|url\((?!#)|<script|<link|<img|<iframe", src)
ok(not ext, "no scripts and no external references", ext[:5])
ok(re.search(r'<html lang="%s">' % lang, src) is not None, "html lang is %s" % lang)

# ---- the figures against the JSON of each part's flags ----
since = until = None
for i, a in enumerate(args):
    if a == "--since":
        since = args[i + 1]
    if a == "--until":
        until = args[i + 1]
spikes = "--spikes=negative" if "--spikes=negative" in args else "--spikes=in"


def strip_period(a):
    out, skip = [], False
    for x in a:
        if skip:
            skip = False
            continue
        if x in ("--since", "--until"):
            skip = True
            continue
        out.append(x)
    return out


def rfc(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(s):
    import datetime
    if len(s) == 10:
        s += "T00:00:00Z"
    return int(datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp())


inputs_flags = [x for x in args if not x.startswith("--spikes")]
views = {
    "total": [], "day": ["-b", "day"], "day_platform": ["-b", "day,platform"],
    "hour_of_week": ["-b", "weekday,hour"], "profile": ["-b", "profile"],
    "agent": ["-b", "agent"], "tag": ["-b", "tag"],
    "frt": ["--sla", "5m,15m,30m,1h,2h,4h,8h,24h", "--sla-clock", "wall"],
    "spikes": [spikes], "thread": ["-b", "thread"],
}
if since and until:
    s, u = epoch(since), epoch(until)
    prev = ["--since", rfc(s - (u - s)), "--until", rfc(s)]
    views["previous"] = prev
    views["previous_tag"] = ["-b", "tag"] + prev

json_of = {}
for name, flags in views.items():
    base = strip_period(inputs_flags) if name.startswith("previous") else inputs_flags
    r = subprocess.run(["sc-stats", "-f", "json"] + base + flags, capture_output=True, text=True)
    if r.returncode not in (0, 65):
        continue        # a part this sc-stats does not have (-b thread before it)
    lines = [json.loads(x) for x in r.stdout.splitlines() if x]
    if lines and "definitions" in lines[0]:
        json_of[name] = (lines[0]["definitions"], lines[1:])
    else:
        json_of[name] = ({}, lines)
keys_of = {"total": [], "day": ["day"], "day_platform": ["day", "platform"],
           "hour_of_week": ["weekday", "hour"], "profile": ["profile"], "agent": ["agent"],
           "tag": ["tag"], "frt": [], "spikes": [], "previous": [], "previous_tag": ["tag"],
           "thread": ["thread"]}


def same(x, y):
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and \
            not isinstance(x, bool) and not isinstance(y, bool):
        return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
    return x == y


def fmt_count(v):
    s = "%.0f" % v
    neg = s.startswith("-")
    s = s.lstrip("-")
    sep = "," if lang == "en" else "\u00a0"
    if len(s) >= (4 if lang == "en" else 5):
        parts = []
        while len(s) > 3:
            parts.insert(0, s[-3:])
            s = s[:-3]
        parts.insert(0, s)
        s = sep.join(parts)
    return ("-" if neg else "") + s


def fmt_share(v):
    s = "%.1f" % (v * 100)
    whole, frac = s.split(".")
    return fmt_count(float(whole)) + ("." if lang == "en" else ",") + frac + "%"


def fmt_dur(v):
    s = int(math.floor(v + 0.5))
    nb = "\u00a0"
    if s < 60:
        return "%d%ss" % (s, nb)
    if s < 600 and s % 60:
        return "%d%smin %d%ss" % (s // 60, nb, s % 60, nb)
    if s < 3600:
        return "%d%smin" % ((s + 30) // 60, nb)
    if s < 86400:
        m = (s + 30) // 60
        return "%d%sh %02d%smin" % (m // 60, nb, m % 60, nb)
    h = (s + 1800) // 3600
    return "%d%sd %d%sh" % (h // 24, nb, h % 24, nb)


def is_share(f):
    return f.startswith(("within_", "category_", "sentiment_", "priority_")) or \
        f.endswith("_rate") or f in ("csat", "visible_help")


def want_text(f, v, heat):
    if v is None:
        return "\u2013"
    if isinstance(v, str):
        return v
    if heat and f.endswith("_s"):
        return "%.0f" % (v / 60) if v < 6000 else "%.0fh" % (v / 3600)
    if is_share(f):
        return fmt_share(v)
    if f.endswith("_s"):
        return fmt_dur(v)
    if float(v) == math.floor(v):
        return fmt_count(v)
    return None


checked = 0
bad = []
bad_text = []
seen_views = set()
for a, text, heat in p.figs:
    name, f = a["data-view"], a["data-f"]
    seen_views.add(name)
    if name not in json_of:
        bad.append("unknown view %s" % name)
        continue
    rows = json_of[name][1]
    g = json.loads(a["data-g"])
    if "data-i" in a:
        i = int(a["data-i"])
        row = rows[i] if i < len(rows) else None
    else:
        ks = keys_of[name]
        cand = [r for r in rows if [r.get(k) for k in ks] == g]
        row = cand[0] if len(cand) == 1 else None
    if row is None:
        bad.append("%s %s: no single JSON row" % (name, g))
        continue
    v = row.get(f, "<absent>")
    dv = json.loads(a["data-v"])
    if not same(v, dv):
        bad.append("%s %s %s: page %r, JSON %r" % (name, g, f, dv, v))
        continue
    checked += 1
    if f in keys_of[name] or (name == "spikes" and f == "hour"):
        continue        # a key cell shows the key's label, an alert its local hour
    w = want_text(f, v, heat)
    if w is not None and text != w:
        bad_text.append("%s %s %s: text %r, want %r" % (name, g, f, text, w))
ok(not bad, "every figure on the page is the JSON value of its part (%d checked)" % checked,
   "\n".join(bad[:10]))
ok(checked >= 150, "at least 150 figures are checked (%d)" % checked)
ok(not bad_text, "every figure's text is its value in the documented format",
   "\n".join(bad_text[:10]))
want_views = set(json_of) - {"tag", "previous_tag", "thread"} - ({"spikes"} if not json_of["spikes"][1] else set())
ok(want_views <= seen_views, "every part of the page has its figures marked",
   "missing %s" % sorted(want_views - seen_views))

# every field of the total is on the page, and every definition
total = json_of["total"][1][0] if json_of["total"][1] else {}
shown = {a["data-f"] for a, _, _ in p.figs if a["data-view"] == "total"}
ok(set(total) <= shown, "every field of the JSON total is on the page",
   sorted(set(total) - shown))
defs = json_of["total"][0]
bad = []
for k, v in defs.items():
    got = p.defs.get(k)
    w = want_text(k, v, False) if not isinstance(v, str) else v
    if got != w:
        bad.append("%s: page %r, JSON %r" % (k, got, v))
ok(defs and not bad, "every definition of the JSON report is on the page, same value",
   "\n".join(bad))
sys.exit(1 if fails else 0)
