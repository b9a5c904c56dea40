#!/usr/bin/env python3
"""platforms.py - a loopback mock of the platform APIs sc-fetch and sc-reply talk to.

Graph (Facebook pages, Messenger, Instagram), X API v2, YouTube Data v3 and
Google Business Profile v4, served from a JSON fixture with the real page
shapes and cursors (see tests/mock/README), scripted faults per
request, a request log and a ledger of everything posted.  Python 3
standard library only.

  platforms.py --data FILE [--port-file F] [--latency MS] [--log FILE]
               [--faults FILE] [--page-size N] [--port N] [--lifetime SEC]
"""
import argparse
import base64
import email.utils
import json
import os
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REDACT = ("access_token", "appsecret_proof", "client_secret", "refresh_token",
          "code", "oauth_token", "key")

LOCK = threading.RLock()
STATE = {
    "data": {},
    "faults": [],
    "counters": [],
    "log": [],
    "posts": [],
    "logfile": None,
    "latency": 0.0,
    "page_size": 0,
    "seq": 0,
}


class Abort(Exception):
    """The fault already dealt with the connection; send nothing more."""


# ---------------------------------------------------------------- helpers

def now_graph():
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime())


def now_z():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def parse_time(s):
    """Seconds since the epoch from the forms the fixtures use, or None."""
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return float(s)
    s = str(s).strip()
    if re.fullmatch(r"\d+", s):
        v = int(s)
        return v / 1000.0 if v > 99999999999 else float(v)
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?", s)
    if not m:
        m2 = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", s)
        if not m2:
            return None
        import calendar
        return float(calendar.timegm((int(m2[1]), int(m2[2]), int(m2[3]), 0, 0, 0)))
    import calendar
    t = calendar.timegm((int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6])))
    t += float(m[7] or 0)
    z = m[8]
    if z and z != "Z":
        sign = 1 if z[0] == "+" else -1
        z = z[1:].replace(":", "")
        t -= sign * (int(z[:2]) * 3600 + int(z[2:]) * 60)
    return float(t)


def enc_cursor(off):
    return base64.urlsafe_b64encode(("o:%d" % off).encode()).decode().rstrip("=")


def yt_list(kind, items, n, nxt, size):
    """A YouTube Data API list answer: kind, etag, nextPageToken when there
    is a next page (before pageInfo, as the API orders them), pageInfo of a
    page of n, items."""
    out = {"kind": kind, "etag": "mock"}
    if nxt is not None:
        out["nextPageToken"] = enc_cursor(nxt)
    out["pageInfo"] = {"totalResults": n, "resultsPerPage": size}
    out["items"] = items
    return out


def dec_cursor(c):
    try:
        c += "=" * (-len(c) % 4)
        s = base64.urlsafe_b64decode(c.encode()).decode()
        if not s.startswith("o:"):
            return None
        return int(s[2:])
    except Exception:
        return None


def redact_query(q):
    out = {}
    for k, v in q.items():
        if k.lower() in REDACT:
            out[k] = "REDACTED"
        else:
            out[k] = v[0] if len(v) == 1 else v
    return out


def page_of(items, offset, size, empty):
    """The slice at offset and the next offset (None at the end).  An empty
    page keeps the next offset where it was: 'a page may be empty while
    next is still present'."""
    if empty:
        return [], offset
    page = items[offset:offset + size]
    nxt = offset + size if offset + size < len(items) else None
    return page, nxt


def clamp_size(req, default, lo, hi):
    try:
        n = int(req) if req not in (None, "") else default
    except ValueError:
        n = default
    n = max(lo, min(hi, n))
    if STATE["page_size"]:
        n = min(n, STATE["page_size"])
    return n


# ---------------------------------------------------------------- handler

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sc-mock/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def setup(self):
        super().setup()
        # headers and body go out in separate writes: without this, Nagle
        # and delayed ACKs add 40 ms to every response
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # ---- plumbing
    def setup_request(self):
        u = urllib.parse.urlsplit(self.path)
        self.rpath = u.path
        self.q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        auth = self.headers.get("Authorization", "")
        self.token = None
        if auth.lower().startswith("bearer "):
            self.token = auth[7:].strip()
        elif "access_token" in self.q:
            self.token = self.q["access_token"][0]
        elif self.headers.get("Access-Token"):
            self.token = self.headers.get("Access-Token")
        n = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(n) if n > 0 else b""
        self.t0 = time.time()
        self.fault = None
        self.withhold = 0       # per request: a kept-alive handler serves many
        self.summary = None
        self.status_sent = None
        self.truncate = False
        self.extra_headers = {}
        self.logged = False
        self.empty_next = False
        self.deferred = None

    def arg(self, name, default=None):
        v = self.q.get(name)
        return v[0] if v else default

    def form(self):
        """The request body as a dict: JSON or form-encoded, plus the query."""
        d = {}
        for k, v in self.q.items():
            d[k] = v[0]
        if self.body:
            ct = self.headers.get("Content-Type", "")
            try:
                if "json" in ct or self.body[:1] in (b"{", b"["):
                    d.update(json.loads(self.body.decode()))
                else:
                    for k, v in urllib.parse.parse_qs(self.body.decode()).items():
                        d[k] = v[0]
            except Exception:
                d["_invalid_body"] = True
        return d

    def base(self):
        host = self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1]
        return "http://" + host

    def send(self, status, obj=None, headers=None, raw=None, ctype="application/json; charset=UTF-8"):
        if raw is None:
            raw = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)
        self.status_sent = status

    def log_request_done(self):
        u = urllib.parse.urlsplit(self.path)
        entry = {
            "t": round(self.t0, 4),
            "t_end": round(time.time(), 4),
            "method": self.command,
            "path": u.path,
            "query": redact_query(urllib.parse.parse_qs(u.query, keep_blank_values=True)),
            "token": self.token is not None,
            "status": self.status_sent,
            "fault": self.fault,
        }
        tokens = STATE["data"].get("tokens")
        if tokens is not None:
            entry["token_ok"] = self.token in tokens
        line = json.dumps(entry)
        with LOCK:
            STATE["log"].append(entry)
            if STATE["logfile"]:
                STATE["logfile"].write(line + "\n")
                STATE["logfile"].flush()

    def handle_any(self):
        self.setup_request()
        try:
            if self.rpath.startswith("/__mock/"):
                self.control()
                return
            if STATE["latency"]:
                time.sleep(STATE["latency"])
            f = self.pick_fault()
            if f is not None and not f.get("commit_first"):
                if self.apply_fault(f, before=True):
                    return
            self.empty_next = f is not None and f["fault"] == "empty-next"
            self.deferred = f if f is not None and f.get("commit_first") else None
            self.route()
        except Abort:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            if not self.rpath.startswith("/__mock/") and not self.logged:
                self.log_request_done()

    do_GET = do_POST = do_PUT = do_DELETE = handle_any

    # ---- faults
    def pick_fault(self):
        target = self.rpath + ("?" + urllib.parse.urlencode(redact_query(self.q), doseq=True) if self.q else "")
        with LOCK:
            for i, f in enumerate(STATE["faults"]):
                m = f.get("method")
                if m and m.upper() != self.command:
                    continue
                if not re.search(f.get("match", ""), target):
                    continue
                STATE["counters"][i] += 1
                k = STATE["counters"][i]
                nth = f.get("nth", "always")
                hit = False
                if nth == "always":
                    hit = True
                elif isinstance(nth, int):
                    hit = k == nth
                elif isinstance(nth, list):
                    hit = k in nth
                elif isinstance(nth, str) and nth.endswith("+"):
                    hit = k >= int(nth[:-1])
                elif isinstance(nth, str) and nth.isdigit():
                    hit = k == int(nth)
                if hit:
                    return f
        return None

    def kill(self, rst=True):
        try:
            self.wfile.flush()
        except Exception:
            pass
        try:
            if rst:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.shutdown(socket.SHUT_RDWR) if not rst else None
        except Exception:
            pass
        try:
            self.connection.close()
        except Exception:
            pass
        raise Abort()

    def apply_fault(self, f, before):
        """Serve the fault; True when the request is answered."""
        name = f["fault"]
        self.fault = name
        wait = f.get("wait", 1)
        hdr = dict(f.get("headers", {}))
        if name == "slow":
            time.sleep(f.get("ms", 500) / 1000.0)
            return False
        if name == "empty-next":
            return False
        if name == "withhold":      # a page that leaves out items the counts still count
            self.withhold = f.get("n", 1)
            return False
        if name == "add":           # new items arrive while a client is reading
            with LOCK:
                for a in f.get("items", []):
                    node = STATE["data"]
                    for k in a["path"][:-1]:
                        node = node.setdefault(k, {})
                    lst = node.setdefault(a["path"][-1], [])
                    item = json.loads(json.dumps(a["item"]))
                    t = time.time() + a.get("offset", 0)
                    stamp = a.get("stamp", "created_time").split(".")
                    node = item
                    for k in stamp[:-1]:     # a dotted stamp: LinkedIn's created.time
                        node = node.setdefault(k, {})
                    if a.get("format") in ("unix", "ms"):
                        node[stamp[-1]] = int(t * 1000) if a["format"] == "ms" else int(t)
                    else:
                        fmt = {"graph": "%Y-%m-%dT%H:%M:%S+0000", "iso": "%Y-%m-%dT%H:%M:%SZ",
                               "x": "%Y-%m-%dT%H:%M:%S.000Z"}[a.get("format", "iso")]
                        node[stamp[-1]] = time.strftime(fmt, time.gmtime(t))
                    lst.append(item)
            return False
        if name == "usage":         # a normal answer with Graph's usage headers
            self.extra_headers = {}
            if "app" in f:
                self.extra_headers["X-App-Usage"] = json.dumps({"call_count": f["app"], "total_cputime": 5, "total_time": 5})
            if "buc" in f:
                self.extra_headers["X-Business-Use-Case-Usage"] = json.dumps({"1": [{"type": "pages", "call_count": f["buc"],
                    "total_cputime": 10, "total_time": 10, "estimated_time_to_regain_access": f.get("minutes", 0)}]})
            return False
        if name == "last-call":     # a normal answer that uses up the window
            self.extra_headers = {"x-rate-limit-limit": "15", "x-rate-limit-remaining": "0",
                                  "x-rate-limit-reset": str(int(time.time()) + wait)}
            return False
        if name == "reset":
            self.kill(rst=True)
        if name == "stall":
            self.status_sent = 200
            self.log_request_done()
            self.logged = True
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            time.sleep(f.get("secs", 30))
            self.kill(rst=False)
        if name == "truncate":
            self.truncate = True
            return False
        if name == "http":
            body = f.get("body", "")
            raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            # "{HEADERS}" in the body: the request's headers echoed back, as
            # a careless server or proxy does in its error text
            echo = json.dumps("; ".join("%s: %s" % kv for kv in self.headers.items()))[1:-1]
            raw = raw.replace(b"{HEADERS}", echo.encode())
            self.send(f.get("status", 500), raw=raw, headers=hdr, ctype=f.get("content_type", "application/json"))
            return True
        presets = self.presets(wait, f.get("minutes", 0))
        if name not in presets:
            self.send(500, {"error": "unknown mock fault %s" % name})
            return True
        status, body, h, ctype = presets[name]
        h.update(hdr)
        if isinstance(body, (dict, list)):
            raw = json.dumps(body).encode()
        else:
            raw = body.encode()
        self.send(status, raw=raw, headers=h, ctype=ctype)
        return True

    def presets(self, wait, minutes=0):
        J = "application/json; charset=UTF-8"
        P = "application/problem+json"
        now = int(time.time())
        buc = lambda code, typ, msg: (400, {"error": {"message": "(#%d) %s" % (code, msg), "type": "OAuthException",
                                                      "is_transient": True, "code": code, "fbtrace_id": "AmockTrace"}},
                                      {"X-Business-Use-Case-Usage": json.dumps({"1": [{"type": typ, "call_count": 100, "total_cputime": 40, "total_time": 45,
                                                                                       "estimated_time_to_regain_access": self.fault_minutes}]})}, J)
        self.fault_minutes = minutes
        expired = "Error validating access token: Session has expired on Sunday, 25-Dec-16 04:45:57 PST. The current time is Thursday, 05-Jan-17 03:13:18 PST."
        quota = "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>."
        html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n"
        return {
            "429": (429, {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429},
                    {"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0"}, P),
            "429-bare": (429, {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}, {}, P),
            "429-reset": (429, {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429},
                          {"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(now + wait)}, P),
            "429-reset-past": (429, {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429},
                               {"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(now - 3600)}, P),
            "429-retry-after": (429, {"title": "Too Many Requests", "status": 429}, {"Retry-After": str(wait)}, P),
            "429-retry-after-date": (429, {"title": "Too Many Requests", "status": 429},
                                     {"Retry-After": email.utils.formatdate(time.time() + wait + 1, usegmt=True)}, P),
            "429-v1": (429, {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}, {}, J),
            "usage-capped": (429, {"title": "UsageCapExceeded", "detail": "Usage cap exceeded: Monthly product cap",
                                   "type": "https://api.twitter.com/2/problems/usage-capped", "period": "Monthly", "scope": "Product"}, {}, P),
            "x-401": (401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}, {}, P),
            "graph-4": (403, {"error": {"message": "(#4) Application request limit reached", "type": "OAuthException",
                                        "is_transient": True, "code": 4, "fbtrace_id": "AmockTrace"}},
                        {"X-App-Usage": json.dumps({"call_count": 100, "total_cputime": 12, "total_time": 15})}, J),
            "graph-17": (400, {"error": {"message": "(#17) User request limit reached", "type": "OAuthException",
                                         "is_transient": True, "code": 17, "fbtrace_id": "AmockTrace"}}, {}, J),
            "graph-32": (400, {"error": {"message": "(#32) Page request limited reached", "type": "OAuthException",
                                         "code": 32, "fbtrace_id": "AmockTrace"}},
                         {"X-Page-Usage": json.dumps({"call_count": 100, "total_cputime": 56, "total_time": 60})}, J),
            "graph-613": (400, {"error": {"message": "Calls to this api have exceeded the rate limit.", "type": "OAuthException",
                                          "code": 613, "fbtrace_id": "AmockTrace"}}, {}, J),
            "graph-80001": buc(80001, "pages", "There have been too many calls to this Page account. Wait a bit and try again."),
            "graph-80002": buc(80002, "instagram", "There have been too many calls to this Instagram account. Wait a bit and try again."),
            "graph-80006": buc(80006, "messenger", "There have been too many messenger api calls to this Page account. Wait a bit and try again."),
            "graph-190": (400, {"error": {"message": expired, "type": "OAuthException", "code": 190, "error_subcode": 463,
                                          "fbtrace_id": "AmockTrace"}},
                          {"WWW-Authenticate": 'OAuth "Facebook Platform" "invalid_token" "%s"' % expired}, J),
            "graph-500": (500, {"error": {"message": "An unexpected error has occurred. Please retry your request later.",
                                          "type": "OAuthException", "is_transient": True, "code": 2, "fbtrace_id": "AmockTrace"}}, {}, J),
            "graph-100": (400, {"error": {"message": "(#100) Object does not exist, cannot be loaded due to missing permission or reviewable feature, or does not support this operation.",
                                          "type": "OAuthException", "code": 100, "fbtrace_id": "AmockTrace"}}, {}, J),
            "500": (500, {"error": {"code": 500, "message": "Internal error", "status": "INTERNAL"}}, {}, J),
            "502": (502, {"error": {"code": 502, "message": "Bad Gateway"}}, {}, J),
            "503": (503, {"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE"}}, {}, J),
            "504": (504, {"error": {"code": 504, "message": "Gateway Timeout"}}, {}, J),
            "html": (502, html, {}, "text/html"),
            "html-200": (200, html, {}, "text/html"),
            "invalid-json": (200, '{"data":[{"id":"1","message":"cut', {}, J),
            "empty-200": (200, "", {}, J),
            "empty-object": (200, {}, {}, J),
            "quota": (403, {"error": {"code": 403, "message": quota, "errors": [{"message": quota, "domain": "youtube.quota", "reason": "quotaExceeded"}]}}, {}, J),
            "yt-rate": (403, {"error": {"code": 403, "message": "Rate Limit Exceeded", "errors": [{"message": "Rate Limit Exceeded", "domain": "usageLimits", "reason": "rateLimitExceeded"}]}}, {}, J),
            "yt-401": (401, {"error": {"code": 401, "message": "Request had invalid authentication credentials.", "errors": [{"message": "Invalid Credentials", "domain": "global", "reason": "authError", "location": "Authorization", "locationType": "header"}], "status": "UNAUTHENTICATED"}}, {}, J),
            "gbp-429": (429, {"error": {"code": 429, "message": "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'mybusiness.googleapis.com' for consumer 'project_number:123'.", "status": "RESOURCE_EXHAUSTED"}}, {}, J),
            # TikTok for Business: HTTP 200 and a code (40100 a rate limit, 50002 a
            # server error, 40105 the token); LinkedIn: a short throttle, the
            # DAY limit of the Development tier, a refused token
            "tt-40100": (200, {"code": 40100, "message": "You've hit the rate limit", "request_id": "r", "data": {}}, {}, J),
            "tt-50002": (200, {"code": 50002, "message": "Internal service error", "request_id": "r", "data": {}}, {}, J),
            "tt-40105": (200, {"code": 40105, "message": "The access token is invalid or has expired.", "request_id": "r",
                               "data": {}}, {}, J),
            "li-429": (429, {"message": "Resource level throttle limit for calls to this resource is reached.", "status": 429}, {}, J),
            "li-day": (429, {"message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
                             "status": 429}, {}, J),
            "li-401": (401, {"status": 401, "code": "EXPIRED_ACCESS_TOKEN", "message": "The token used in the request has expired",
                             "serviceErrorCode": 65601}, {}, J),
            "gbp-401": (401, {"error": {"code": 401, "message": "Request had invalid credentials.", "status": "UNAUTHENTICATED"}}, {}, J),
        }

    # ---- control endpoints
    def control(self):
        p = self.rpath
        if p == "/__mock/requests":
            with LOCK:
                self.send(200, STATE["log"])
        elif p == "/__mock/posts":
            with LOCK:
                self.send(200, STATE["posts"])
        elif p == "/__mock/faults" and self.command == "POST":
            set_faults(json.loads(self.body or b"[]"))
            self.send(200, {"ok": True})
        elif p == "/__mock/reset" and self.command == "POST":
            with LOCK:
                STATE["log"].clear()
                STATE["counters"] = [0] * len(STATE["faults"])
                STATE.pop("li_calls", None)
            self.send(200, {"ok": True})
        elif p == "/__mock/load" and self.command == "POST":
            load_data(json.loads(self.body)["data"])
            self.send(200, {"ok": True})
        elif p == "/__mock/webhook/fire" and self.command == "POST":
            import webhook_fire   # the webhook sender (tests/mock/webhook_fire.py)
            self.send(200, webhook_fire.fire(json.loads(self.body)))
        else:
            self.send(404, {"error": "no such control endpoint"})

    # ---- responses through the truncation fault
    def reply(self, obj, status=200, headers=None):
        if getattr(self, "withhold", 0) and isinstance(obj, dict):
            for k in ("data", "items", "reviews", "elements"):
                if isinstance(obj.get(k), list) and obj[k]:
                    obj = dict(obj)
                    obj[k] = obj[k][self.withhold:]
                    break
                if isinstance(obj.get(k), dict) and isinstance(obj[k].get("comments"), list):   # TikTok
                    obj = dict(obj, **{k: dict(obj[k], comments=obj[k]["comments"][self.withhold:])})
                    break
        if self.deferred is not None:
            if self.apply_fault(self.deferred, before=False):
                return
        if getattr(self, "truncate", False):
            raw = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw[:max(1, len(raw) // 2)])
            self.status_sent = status
            self.kill(rst=False)
        h = dict(headers or {})
        h.update(self.extra_headers)
        self.send(status, obj, headers=h)

    def not_found(self):
        self.send(404, {"error": {"message": "Unknown path components: %s" % self.rpath, "type": "OAuthException", "code": 2500}})

    # ---- routing
    def route(self):
        p = self.rpath
        m = re.match(r"^/(?:graph/)?v\d+\.\d+(/.*)$", p)
        if m:
            return self.graph(m.group(1))
        if p.startswith("/2/"):
            return self.xapi(p[2:])
        if p.startswith("/youtube/v3/"):
            return self.youtube(p[len("/youtube/v3"):])
        if p.startswith("/v4/"):
            return self.gbp(p[3:])
        if p.startswith("/open_api/v1.3/"):
            return self.tiktok(p[len("/open_api/v1.3"):])
        if p.startswith("/rest/"):
            return self.linkedin(p[len("/rest"):])
        self.not_found()

    # ---------------------------------------------------------------- TikTok
    def tt_error(self, code, message):
        """TikTok for Business answers errors with HTTP 200 and a code."""
        return self.send(200, {"code": code, "message": message, "request_id": "20261201000000MOCK", "data": {}})

    def tiktok_find(self, t, vid, cid):
        for c in t.get("comments", {}).get(vid, []):
            if c.get("comment_id") == cid:
                return c
        return None

    def tiktok_write(self, p, t):
        """comment/reply/create (text up to 150 characters) and comment/hide,
        recorded in the ledger and visible to the listings afterwards."""
        f = self.form()
        biz, vid, cid = f.get("business_id"), f.get("video_id"), f.get("comment_id")
        if biz not in t.get("videos", {}):
            return self.tt_error(40001, "No permission to operate this business account.")
        c = self.tiktok_find(t, vid, cid)
        if c is None:
            return self.tt_error(40007, "The comment does not exist.")
        if p == "/business/comment/reply/create/":
            text = f.get("text") or ""
            if not text or len(text) > 150:
                return self.tt_error(40002, "text: 1 to 150 characters")
            rid = self.new_id("tt")
            with LOCK:
                c.setdefault("reply_list", []).append({"comment_id": rid, "video_id": vid, "create_time": int(time.time()),
                                                       "text": text, "user_id": biz, "username": "brand", "owner": True,
                                                       "status": "PUBLIC", "parent_comment_id": cid})
                c["replies"] = len(c["reply_list"])
            self.record("tiktok", "reply", cid, f, {"comment_id": rid})
            return self.reply({"code": 0, "message": "OK", "request_id": "20261201000000MOCK",
                               "data": {"comment_id": rid, "video_id": vid, "text": text}})
        if p == "/business/comment/hide/":
            hide = (f.get("action") or "HIDE").upper() == "HIDE"
            with LOCK:
                c["status"] = "HIDDEN" if hide else "PUBLIC"
            self.record("tiktok", "hide", cid, f, {"status": c["status"]})
            return self.reply({"code": 0, "message": "OK", "request_id": "20261201000000MOCK", "data": {}})
        return self.tt_error(40002, "unknown endpoint %s" % p)

    def tiktok_reply_list(self, t):
        """GET business/comment/reply/list/: one comment's replies, oldest first,
        cursor paging (sc-reply --send reads back what it posted)."""
        if self.arg("business_id") not in t.get("videos", {}):
            return self.tt_error(40001, "No permission to operate this business account.")
        c = self.tiktok_find(t, self.arg("video_id"), self.arg("comment_id"))
        if c is None:
            return self.tt_error(40007, "The comment does not exist.")
        try:
            cur = int(self.arg("cursor", "0") or 0)
            size = int(self.arg("max_count", "20") or 20)
        except ValueError:
            return self.tt_error(40002, "cursor, max_count: invalid value")
        if not 1 <= size <= 30:
            return self.tt_error(40002, "max_count: must be 1 to 30")
        if STATE["page_size"]:
            size = min(size, STATE["page_size"])
        items = sorted(c.get("reply_list", []), key=lambda r: r.get("create_time", 0))
        page = items[cur:cur + size]
        nxt = cur + len(page)
        return self.reply({"code": 0, "message": "OK", "request_id": "20261201000000MOCK",
                           "data": {"replies": page, "cursor": nxt, "has_more": nxt < len(items)}})

    def tiktok(self, p):
        tokens = STATE["data"].get("tokens")
        if self.token is None or (tokens is not None and self.token not in tokens):
            return self.tt_error(40105, "The access token is invalid or has expired.")
        t = STATE["data"].get("tiktok", {})
        if self.command == "POST":
            return self.tiktok_write(p, t)
        if p == "/business/comment/reply/list/":
            return self.tiktok_reply_list(t)
        biz = self.arg("business_id")
        if biz not in t.get("videos", {}):
            return self.tt_error(40001, "No permission to operate this business account.")
        try:
            cur = int(self.arg("cursor", "0") or 0)
        except ValueError:
            return self.tt_error(40002, "cursor: invalid value")
        if p == "/business/video/list/":
            size = int(self.arg("max_count", "20") or 20)
            if not 1 <= size <= 20:
                return self.tt_error(40002, "max_count: must be 1 to 20")
            items = sorted(t["videos"][biz], key=lambda v: v["create_time"], reverse=True)
            # comments: what the video's listing holds, the replies too (the audit's count)
            items = [dict(v, comments=sum(1 + len(c.get("reply_list") or []) for c in t.get("comments", {}).get(v["item_id"], [])))
                     for v in items]
            key = "videos"
        elif p == "/business/comment/list/":
            size = int(self.arg("max_count", "20") or 20)
            if not 1 <= size <= 30:
                return self.tt_error(40002, "max_count: must be 1 to 30")
            vid = self.arg("video_id")
            if vid not in t.get("comments", {}):
                return self.tt_error(40007, "The video does not exist.")
            items = sorted(t["comments"][vid], key=lambda c: c["create_time"],
                           reverse=self.arg("sort_order", "desc") == "desc")
            if self.arg("include_replies") != "true":
                items = [dict(c, reply_list=[]) for c in items]
            key = "comments"
        else:
            return self.tt_error(40002, "unknown endpoint %s" % p)
        if STATE["page_size"]:
            size = min(size, STATE["page_size"])
        page = [] if self.empty_next else items[cur:cur + size]
        nxt = cur if self.empty_next else cur + len(page)
        return self.reply({"code": 0, "message": "OK", "request_id": "20261201000000MOCK",
                           "data": {key: page, "cursor": nxt, "has_more": nxt < len(items)}})

    # ---------------------------------------------------------------- LinkedIn (reads)
    def li_error(self, status, code, message, service=None):
        body = {"status": status, "code": code, "message": message}
        if service is not None:
            body["serviceErrorCode"] = service
        return self.send(status, body)

    def li_budget(self):
        """The Development tier's daily budget: "budget": {"app": N, "member": M}
        calls per UTC day (none: unlimited); over it, the APPLICATION or MEMBER
        DAY 429 until 00:00 UTC."""
        li = STATE["data"].get("linkedin", {})
        b = li.get("budget") or {}
        day = time.strftime("%Y-%m-%d", time.gmtime())
        with LOCK:
            c = STATE.setdefault("li_calls", {})
            if c.get("day") != day:
                c.clear()
                c["day"] = day
            c["app"] = c.get("app", 0) + 1
            c[self.token] = c.get(self.token, 0) + 1
            app, member = c["app"], c[self.token]
        for kind, used in (("APPLICATION", app), ("MEMBER", member)):
            cap = b.get(kind.lower() if kind == "MEMBER" else "app")
            if cap is not None and used > cap:
                self.send(429, {"message": "Resource level throttle %s DAY limit for calls to this resource is reached." % kind,
                                "status": 429})
                return False
        return True

    def li_page(self, items, default=10):
        """start/count paging: paging.{start,count,total,links}; a next link
        (relative, as Rest.li sends it) while more remain, unless the data says
        "no_links" (then only total tells)."""
        size = clamp_size(self.arg("count"), default, 1, 100)
        try:
            off = int(self.arg("start", "0") or 0)
        except ValueError:
            return self.li_error(400, "ILLEGAL_ARGUMENT", "start: not a number")
        page, nxt = page_of(items, off, size, self.empty_next)
        paging = {"start": off, "count": size, "total": len(items), "links": []}
        if nxt is not None and not STATE["data"].get("linkedin", {}).get("no_links"):
            q = {k: v[0] for k, v in self.q.items() if k != "start"}
            q["start"] = str(nxt)
            paging["links"].append({"rel": "next", "type": "application/json",
                                    "href": urllib.parse.urlsplit(self.path).path + "?" + urllib.parse.urlencode(q)})
        return self.reply({"paging": paging, "elements": page})

    def linkedin(self, p):
        ver = self.headers.get("LinkedIn-Version")
        if not ver:
            return self.li_error(400, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.")
        if not re.fullmatch(r"20\d{4}", ver) or ver < "202401":
            return self.li_error(426, "NONEXISTENT_VERSION", "Requested version %s is not active" % ver)
        tokens = STATE["data"].get("tokens")
        if self.token is None or (tokens is not None and self.token not in tokens):
            return self.li_error(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600)
        if not self.li_budget():
            return
        if self.command != "GET":
            return self.linkedin_write(p)
        li = STATE["data"].get("linkedin", {})
        if p == "/posts":
            org = self.arg("author", "")
            num = org[len("urn:li:organization:"):] if org.startswith("urn:li:organization:") else None
            if self.arg("q") != "author" or num is None:
                return self.li_error(400, "ILLEGAL_ARGUMENT", "q=author and author=urn:li:organization:ID are required")
            if num not in li.get("orgs", {}):
                return self.li_error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.FINDER-author.20250801", 100)
            key = "lastModifiedAt" if self.arg("sortBy") == "LAST_MODIFIED" else "createdAt"
            return self.li_page(sorted(li["orgs"][num], key=lambda x: x.get(key, 0), reverse=True))
        if p == "/organizationalEntityNotifications":
            return self.li_notifications(li)
        m = re.match(r"^/posts/([^/]+)$", p)
        if m:       # one post: the organization's, or a member's that mentions it
            urn = urllib.parse.unquote(m.group(1))
            for post in [x for ps in li.get("orgs", {}).values() for x in ps] + list(li.get("member_posts", {}).values()):
                if post.get("id") == urn:
                    return self.reply(post)
            return self.li_error(404, "NOT_FOUND", "Entity not found: %s" % urn)
        m = re.match(r"^/socialMetadata/([^/]+)$", p)
        if m:       # a post's summary: commentSummary {count (replies too), topLevelCount}
            urn = urllib.parse.unquote(m.group(1))
            if not any(x.get("id") == urn for ps in li.get("orgs", {}).values() for x in ps) and urn not in li.get("comments", {}):
                return self.li_error(404, "NOT_FOUND", "Entity not found: %s" % urn)
            cs = li.get("comments", {}).get(urn, [])
            return self.reply({"entity": urn, "commentsState": "OPEN", "reactionSummaries": {},
                               "commentSummary": {"count": len(cs), "topLevelCount": len([c for c in cs if not c.get("parentComment")])}})
        m = re.match(r"^/socialActions/([^/]+)/comments/([^/]+)$", p)
        if m:       # one comment of an object
            urn, cid = urllib.parse.unquote(m.group(1)), urllib.parse.unquote(m.group(2))
            for c in li.get("comments", {}).get(urn, []):
                if c.get("id") == cid:
                    return self.reply(c)
            return self.li_error(404, "NOT_FOUND", "Entity not found: urn:li:comment:(%s,%s)" % (urn, cid))
        m = re.match(r"^/socialActions/([^/]+)/comments$", p)
        if m:
            urn = urllib.parse.unquote(m.group(1))
            comments = li.get("comments", {})
            # a comment's URN names its post: urn:li:comment:(POST,ID); only that post's list is searched
            post = urn[len("urn:li:comment:("):urn.rfind(",")] if urn.startswith("urn:li:comment:(") else urn
            every = comments.get(post, [])
            if urn in comments:         # a post: its top-level comments
                lst = [c for c in every if not c.get("parentComment")]
            else:                       # a comment: its replies
                lst = [c for c in every if c.get("parentComment") == urn]
                if not lst and not any(self.li_urn(c) == urn for c in every):
                    return self.li_error(404, "NOT_FOUND", "Entity not found: %s" % urn)
            nrep = {}
            for r in every:
                if r.get("parentComment"):
                    nrep[r["parentComment"]] = nrep.get(r["parentComment"], 0) + 1
            out = []
            for c in sorted(lst, key=lambda x: (x.get("created") or {}).get("time", 0)):   # oldest first
                n = nrep.get(self.li_urn(c), 0)
                out.append(dict(c, commentsSummary={"aggregatedTotalComments": n, "totalFirstLevelComments": n}))
            return self.li_page(out)
        return self.li_error(404, "NOT_FOUND", "No resource found for %s" % p)

    def li_notifications(self, li):
        """organizationalEntityNotifications?q=criteria&organizationalEntity=URN
        &actions=List(A,B)&timeRange=(start:MS,end:MS): the organization's
        notifications of those actions, lastModifiedAt within the range and
        the last 60 days, oldest first, start/count paged."""
        org = self.arg("organizationalEntity", "")
        num = org[len("urn:li:organization:"):] if org.startswith("urn:li:organization:") else None
        acts = re.fullmatch(r"List\(([A-Z_,]+)\)", self.arg("actions", ""))
        if self.arg("q") != "criteria" or num is None or not acts:
            return self.li_error(400, "ILLEGAL_ARGUMENT",
                                 "q=criteria, organizationalEntity=urn:li:organization:ID and actions=List(...) are required")
        if num not in li.get("orgs", {}):
            return self.li_error(403, "ACCESS_DENIED", "Not enough permissions to access: organizationalEntityNotifications", 100)
        lo, hi = 0, 1 << 62
        if self.arg("timeRange") is not None:
            tr = re.fullmatch(r"\(start:(\d+),end:(\d+)\)", self.arg("timeRange"))
            if not tr:
                return self.li_error(400, "ILLEGAL_ARGUMENT", "timeRange: want (start:MS,end:MS)")
            lo, hi = int(tr.group(1)), int(tr.group(2))
        lo = max(lo, int((time.time() - 60 * 86400) * 1000))
        want = set(acts.group(1).split(","))
        lst = [n for n in li.get("notifications", {}).get(num, [])
               if n.get("action") in want and lo <= n.get("lastModifiedAt", 0) <= hi]
        return self.li_page(sorted(lst, key=lambda n: n.get("lastModifiedAt", 0)))

    @staticmethod
    def li_urn(c):
        return c.get("$URN") or "urn:li:comment:(%s,%s)" % (c.get("object"), c.get("id"))

    def linkedin_write(self, p):
        """POST /rest/socialActions/{post or comment URN}/comments {"actor":
        "urn:li:organization:ID", "object": post URN, "message": {"text"},
        "parentComment"?}: 201 with the new comment's id in x-restli-id; the
        comment joins its post's comments (read back as a reply of
        parentComment).  An actor that is not one of the data's orgs: 403; a
        target that does not exist: 404; no text, or over 1250 characters:
        400.  In the ledger as platform linkedin, endpoint comments."""
        m = re.match(r"^/socialActions/([^/]+)/comments$", p)
        if self.command != "POST" or not m:
            return self.li_error(404, "NOT_FOUND", "No write endpoint %s %s in the mock" % (self.command, p))
        li = STATE["data"].setdefault("linkedin", {})
        comments = li.setdefault("comments", {})
        urn = urllib.parse.unquote(m.group(1))
        f = self.form()
        actor = f.get("actor") or ""
        org = actor[len("urn:li:organization:"):] if actor.startswith("urn:li:organization:") else None
        if org is None or org not in li.get("orgs", {}):
            self.record("linkedin", "comments", urn, f, {"status": 403})
            return self.li_error(403, "ACCESS_DENIED", "Not enough permissions to access: socialActions.comments.CREATE", 100)
        text = (f.get("message") or {}).get("text") if isinstance(f.get("message"), dict) else None
        if not text or len(text) > 1250:
            return self.li_error(400, "ILLEGAL_ARGUMENT", "message.text: 1 to 1250 characters")
        obj = f.get("object")
        parent = f.get("parentComment")
        exists = urn in comments or any(self.li_urn(c) == urn for cs in comments.values() for c in cs)
        if not exists or obj not in comments:
            return self.li_error(404, "NOT_FOUND", "Entity not found: %s" % urn)
        with LOCK:
            STATE["seq"] += 1
            cid = "72%d%04d" % (int(time.time()), STATE["seq"])
        c = {"id": cid, "$URN": "urn:li:comment:(%s,%s)" % (obj, cid), "object": obj, "actor": actor,
             "created": {"actor": actor, "time": int(time.time() * 1000)}, "lastModified": {"time": int(time.time() * 1000)},
             "message": {"text": text, "attributes": []}}
        if parent or urn.startswith("urn:li:comment:"):
            c["parentComment"] = parent or urn
        with LOCK:
            comments[obj].append(c)
        self.record("linkedin", "comments", urn, f, {"id": cid})
        return self.reply({}, status=201, headers={"x-restli-id": cid})

    def need_token(self, kind):
        tokens = STATE["data"].get("tokens")
        if self.token is not None and (tokens is None or self.token in tokens):
            return True
        if kind == "graph":
            if self.token is None:
                self.send(400, {"error": {"message": "An access token is required to request this resource.", "type": "OAuthException", "code": 104, "fbtrace_id": "AmockTrace"}})
            else:
                self.send(400, {"error": {"message": "Invalid OAuth access token - Cannot parse access token", "type": "OAuthException", "code": 190, "fbtrace_id": "AmockTrace"}})
        elif kind == "x":
            self.send(401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}, ctype="application/problem+json")
        else:
            self.send(401, {"error": {"code": 401, "message": "Request had invalid credentials.", "status": "UNAUTHENTICATED"}})
        return False

    # ---------------------------------------------------------------- Graph
    def graph_next(self, path, off):
        q = {k: v[0] for k, v in self.q.items() if k not in ("after", "before", "__paging_token", "until")}
        if self.token is not None:
            q["access_token"] = self.token   # real next links carry the token
        q["after"] = enc_cursor(off)
        return self.base() + urllib.parse.urlsplit(self.path).path + "?" + urllib.parse.urlencode(q)

    def graph_cursor_page(self, items, default=25):
        if self.arg("summary") == "true":   # summary.total_count: the whole edge
            self.summary = {"total_count": len(items)}
        size = clamp_size(self.arg("limit"), default, 1, 100)
        off = 0
        if self.arg("after"):
            off = dec_cursor(self.arg("after"))
            if off is None:
                return self.send(400, {"error": {"message": "(#100) Invalid cursor", "type": "OAuthException", "code": 100, "fbtrace_id": "AmockTrace"}})
        page, nxt = page_of(items, off, size, self.empty_next)
        out = {"data": page}
        if getattr(self, "summary", None) is not None:
            out["summary"] = self.summary
        paging = {}
        if page or nxt is not None:
            paging["cursors"] = {"before": enc_cursor(off), "after": enc_cursor(nxt if nxt is not None else off + len(page))}
        if nxt is not None:
            paging["next"] = self.graph_next(None, nxt)
        if off > 0:
            paging["previous"] = self.graph_next(None, max(0, off - size)).replace("after=", "before=")
        if paging:
            out["paging"] = paging
        return self.reply(out)

    def graph_time_page(self, items):
        """posts/feed: time-based paging with until + __paging_token.  With
        fields=...updated_time a post's updated_time is its last comment's
        time (or its own), as in the real API."""
        if "updated_time" in self.arg("fields", ""):
            comments = STATE["data"].get("graph", {}).get("comments", {})
            out = []
            for p in items:
                ts = [p.get("created_time")] + [c.get("created_time") for c in comments.get(p.get("id"), [])]
                best = max(ts, key=lambda x: parse_time(x) or 0)
                out.append(dict(p, updated_time=best))
            items = out
        since = parse_time(self.arg("since"))
        until = parse_time(self.arg("until"))
        items = sorted(items, key=lambda x: parse_time(x.get("created_time")) or 0, reverse=True)
        if since is not None:
            items = [x for x in items if (parse_time(x.get("created_time")) or 0) >= since]
        off = 0
        tok = self.arg("__paging_token")
        if tok:
            off = dec_cursor(tok) or 0
        elif until is not None:
            items = [x for x in items if (parse_time(x.get("created_time")) or 0) <= until]
        size = clamp_size(self.arg("limit"), 25, 1, 100)
        page, nxt = page_of(items, off, size, self.empty_next)
        out = {"data": page}
        paging = {}
        base_q = {k: v[0] for k, v in self.q.items() if k not in ("until", "__paging_token", "__previous", "after")}
        if self.token is not None:
            base_q["access_token"] = self.token
        path = self.base() + urllib.parse.urlsplit(self.path).path + "?"
        if page:
            pq = dict(base_q, since=str(int(parse_time(page[0]["created_time"]))), __paging_token=enc_cursor(off), __previous="1")
            paging["previous"] = path + urllib.parse.urlencode(pq)
        if nxt is not None:
            last = page[-1] if page else (items[off - 1] if off > 0 and off - 1 < len(items) else None)
            u = int(parse_time(last["created_time"])) if last else int(time.time())
            nq = dict(base_q, until=str(u), __paging_token=enc_cursor(nxt))
            paging["next"] = path + urllib.parse.urlencode(nq)
        if paging:
            out["paging"] = paging
        return self.reply(out)

    def find_comment(self, cid):
        g = STATE["data"].get("graph", {})
        for obj, lst in g.get("comments", {}).items():
            for c in lst:
                if c.get("id") == cid:
                    return obj, c
        for obj, lst in g.get("ig_comments", {}).items():
            for c in lst:
                if c.get("id") == cid:
                    return obj, c
                for r in c.get("replies", []):
                    if r.get("id") == cid:
                        return obj, r
        return None, None

    def graph(self, p):
        if not self.need_token("graph"):
            return
        g = STATE["data"].setdefault("graph", {})
        parts = [x for x in p.split("/") if x]
        if self.command in ("POST", "DELETE"):
            return self.graph_write(parts)
        if len(parts) == 2:
            obj, edge = parts
            pages = g.get("pages", {})
            igs = g.get("ig_users", {})
            r = self.graph_more_reads(g, obj, edge)
            if r is not False:
                return r
            if edge in ("published_posts", "posts", "feed", "ads_posts") and obj in pages:
                key = "ads_posts" if edge == "ads_posts" else "posts"
                return self.graph_time_page(pages[obj].get(key, []))
            if edge == "conversations" and (obj in pages or obj in igs):
                src = pages.get(obj) or igs.get(obj)
                convs = sorted(src.get("conversations", []), key=lambda c: parse_time(c.get("updated_time")) or 0, reverse=True)
                plat = self.arg("platform")
                if plat:
                    convs = [c for c in convs if c.get("platform", "messenger") == plat]
                convs = [dict({k: v for k, v in c.items() if k != "messages"},
                              message_count=c.get("message_count", len(c.get("messages", [])))) for c in convs]
                return self.graph_cursor_page(convs)
            if edge == "messages":
                for src in list(pages.values()) + list(igs.values()):
                    for c in src.get("conversations", []):
                        if c.get("id") == obj:
                            msgs = sorted(c.get("messages", []), key=lambda m: parse_time(m.get("created_time")) or 0, reverse=True)
                            return self.graph_cursor_page(msgs)
                return self.graph_error_100()
            if edge == "media" and obj in igs:
                media = sorted(igs[obj].get("media", []), key=lambda m: parse_time(m.get("timestamp")) or 0, reverse=True)
                igc = g.get("ig_comments", {})
                media = [dict(m, comments_count=sum(1 + len(c.get("replies", [])) for c in igc.get(m.get("id"), [])))
                         for m in media]
                return self.graph_cursor_page(media)
            if edge == "comments":
                if obj in g.get("ig_comments", {}):
                    fields = self.arg("fields", "")
                    lst = sorted(g["ig_comments"][obj], key=lambda c: parse_time(c.get("timestamp")) or 0, reverse=True)
                    out = []
                    for c in lst:
                        c2 = {k: v for k, v in c.items() if k != "replies"}
                        if "replies" in fields and c.get("replies"):
                            c2["replies"] = {"data": sorted(c["replies"], key=lambda r: parse_time(r.get("timestamp")) or 0)}
                        out.append(c2)
                    return self.graph_cursor_page(out)
                lst = list(g.get("comments", {}).get(obj, []))
                if not lst:
                    _, c = self.find_comment(obj)
                    if c is not None:   # replies of one comment
                        for o, l in g.get("comments", {}).items():
                            lst += [x for x in l if (x.get("parent") or {}).get("id") == obj]
                    elif obj not in g.get("comments", {}) and not self.known_post(obj):
                        return self.graph_error_100()
                if self.arg("filter", "toplevel") != "stream":
                    if not self.find_comment(obj)[1]:
                        lst = [x for x in lst if not x.get("parent")]
                since = parse_time(self.arg("since"))
                if since is not None:
                    lst = [x for x in lst if (parse_time(x.get("created_time")) or 0) >= since]
                rev = self.arg("order", "chronological") == "reverse_chronological"
                lst.sort(key=lambda x: parse_time(x.get("created_time")) or 0, reverse=rev)
                return self.graph_cursor_page(lst)
            if edge == "replies":
                _, c = self.find_comment(obj)
                if c is None:
                    return self.graph_error_100()
                return self.graph_cursor_page(sorted(c.get("replies", []), key=lambda r: parse_time(r.get("timestamp")) or 0))
        if len(parts) == 1:
            _, c = self.find_comment(parts[0])
            if c is not None:
                out = {k: v for k, v in c.items() if k != "replies"}
                with LOCK:   # the Graph comment field: false once a private reply was sent
                    out["can_reply_privately"] = not any(
                        q["endpoint"] == "messages" and isinstance(q["body"].get("recipient"), dict)
                        and q["body"]["recipient"].get("comment_id") == parts[0] and "message_id" in q["result"]
                        for q in STATE["posts"])
                return self.reply(out)
            if parts[0] in g.get("pages", {}):
                return self.reply({"id": parts[0], "name": g["pages"][parts[0]].get("name", "Page")})
        return self.graph_error_100()

    def graph_more_reads(self, g, obj, edge):
        """The page's feed with visitor posts, /tagged, /ratings, an Instagram
        account's /tags and an ad account's ads; False when not one of them."""
        pages, igs = g.get("pages", {}), g.get("ig_users", {})
        newest = lambda lst, key: sorted(lst, key=lambda x: parse_time(x.get(key)) or 0, reverse=True)
        if edge == "feed" and obj in pages:      # the page's posts (from = the page) and its visitors'
            own = [dict({"from": {"id": obj, "name": pages[obj].get("name", "Page")}}, **p) for p in pages[obj].get("posts", [])]
            return self.graph_time_page(own + pages[obj].get("visitor_posts", []))
        if edge in ("tagged", "ratings") and obj in pages:
            return self.graph_cursor_page(newest(pages[obj].get(edge, []), "created_time"))
        if edge == "tags" and obj in igs:
            return self.graph_cursor_page(newest(igs[obj].get("tags", []), "timestamp"))
        if edge == "ads" and obj.startswith("act_"):
            ads = g.get("ad_accounts", {}).get(obj[4:])
            if ads is None:
                return self.send(400, {"error": {"message": "(#200) Requires ads_read permission", "type": "OAuthException",
                                                 "code": 200, "fbtrace_id": "AmockTrace"}})
            return self.graph_cursor_page(ads)
        return False

    def known_post(self, pid):
        for pg in STATE["data"].get("graph", {}).get("pages", {}).values():
            for p in pg.get("posts", []) + pg.get("ads_posts", []) + pg.get("visitor_posts", []):
                if p.get("id") == pid:
                    return True
        return False

    def graph_error_100(self):
        return self.send(400, {"error": {"message": "(#100) Object does not exist, cannot be loaded due to missing permission or reviewable feature, or does not support this operation.",
                                         "type": "OAuthException", "code": 100, "fbtrace_id": "AmockTrace"}})

    def record(self, platform, endpoint, target, body, result):
        with LOCK:
            STATE["seq"] += 1
            entry = {"n": STATE["seq"], "t": round(time.time(), 4), "platform": platform, "method": self.command,
                     "endpoint": endpoint, "target": target, "body": body, "result": result}
            STATE["posts"].append(entry)
        return entry

    def new_id(self, prefix):
        with LOCK:
            STATE["seq"] += 1
            return "%s%d%04d" % (prefix, int(time.time()), STATE["seq"])

    def graph_write(self, parts):
        g = STATE["data"].setdefault("graph", {})
        f = self.form()
        if self.command == "DELETE" and len(parts) == 1:
            obj, c = self.find_comment(parts[0])
            if c is None:
                return self.graph_error_100()
            for lst in (g.get("comments", {}).get(obj, []), g.get("ig_comments", {}).get(obj, [])):
                if c in lst:
                    lst.remove(c)
            self.record("graph", "delete", parts[0], f, {"success": True})
            return self.reply({"success": True})
        if len(parts) == 1:
            obj, c = self.find_comment(parts[0])
            if c is None:
                return self.graph_error_100()
            hide = str(f.get("is_hidden", f.get("hide", ""))).lower() in ("true", "1")   # Instagram calls it hide
            c["is_hidden"] = hide
            c["hidden"] = hide
            self.record("graph", "hide", parts[0], f, {"success": True})
            return self.reply({"success": True})
        if len(parts) != 2:
            return self.graph_error_100()
        obj, edge = parts
        if edge in ("comments", "replies"):
            text = f.get("message")
            if not text:
                return self.send(400, {"error": {"message": "(#100) Missing message or attachment", "type": "OAuthException", "code": 100, "fbtrace_id": "AmockTrace"}})
            post, c = self.find_comment(obj)
            new_id = self.new_id((post or obj).split("_")[0] + "_")
            page_id = (post or obj).split("_")[0]
            if post is not None and post in g.get("ig_comments", {}):
                r = {"id": new_id, "text": text, "timestamp": now_graph(), "username": "brand", "from": {"id": page_id, "username": "brand"}, "parent_id": obj}
                c.setdefault("replies", []).append(r)
            else:
                target_post = post or obj
                r = {"id": new_id, "message": text, "created_time": now_graph(), "from": {"id": page_id, "name": "Brand"}}
                if post is not None:
                    r["parent"] = {"id": obj}
                g.setdefault("comments", {}).setdefault(target_post, []).append(r)
            self.record("graph", edge, obj, f, {"id": new_id})
            return self.reply({"id": new_id})
        if edge == "private_replies":
            self.record("graph", "private_replies", obj, f, {"error": 12})
            return self.send(400, {"error": {"message": "(#12) private_replies is deprecated for versions v3.3 and higher", "type": "OAuthException", "code": 12, "fbtrace_id": "AmockTrace"}})
        if edge == "messages":
            rcpt = f.get("recipient")
            if isinstance(rcpt, str):
                try:
                    rcpt = json.loads(rcpt)
                except Exception:
                    rcpt = {}
            msg = f.get("message")
            if isinstance(msg, str):
                try:
                    msg = json.loads(msg)
                except Exception:
                    msg = {"text": msg}
            rcpt = rcpt or {}
            if "comment_id" in rcpt:
                with LOCK:
                    dup = any(p["endpoint"] == "messages" and isinstance(p["body"].get("recipient"), dict)
                              and p["body"]["recipient"].get("comment_id") == rcpt["comment_id"] and "message_id" in p["result"]
                              for p in STATE["posts"])
                if dup:
                    self.record("graph", "messages", obj, f, {"error": 10})
                    return self.send(400, {"error": {"message": "(#10) Only one private reply can be sent per comment.", "type": "OAuthException", "code": 10, "error_subcode": 2018311, "fbtrace_id": "AmockTrace"}})
            mid = self.new_id("m_")
            rid = rcpt.get("id") or ("psid_for_" + str(rcpt.get("comment_id") or rcpt.get("post_id")))
            for src in list(g.get("pages", {}).values()) + list(g.get("ig_users", {}).values()):
                for conv in src.get("conversations", []):
                    if any(p.get("id") == rcpt.get("id") for p in conv.get("participants", {}).get("data", [])):
                        conv.setdefault("messages", []).append({"id": mid, "created_time": now_graph(), "from": {"id": obj, "name": "Brand"},
                                                                "to": {"data": [{"id": rcpt.get("id")}]}, "message": (msg or {}).get("text", "")})
                        conv["updated_time"] = now_graph()
            self.record("graph", "messages", obj, f, {"recipient_id": rid, "message_id": mid})
            return self.reply({"recipient_id": rid, "message_id": mid})
        return self.graph_error_100()

    # ---------------------------------------------------------------- X
    def xapi(self, p):
        if not self.need_token("x"):
            return
        x = STATE["data"].setdefault("x", {})
        users = x.get("users", {})
        if self.command == "POST" and p == "/tweets":
            f = self.form()
            text = f.get("text")
            if not text:
                return self.send(400, {"title": "Invalid Request", "detail": "One or more parameters to your request was invalid.", "type": "https://api.twitter.com/2/problems/invalid-request"}, ctype="application/problem+json")
            me = x.get("me") or next(iter(x.get("timeline", {}) or {"0": []}))
            with LOCK:
                dup = any(p2["platform"] == "x" and p2["body"].get("text") == text and "data" in p2["result"] for p2 in STATE["posts"])
            if dup:
                self.record("x", "tweets", None, f, {"status": 403})
                return self.send(403, {"detail": "You are not allowed to create a Tweet with duplicate content.", "type": "about:blank", "title": "Forbidden", "status": 403}, ctype="application/problem+json")
            tid = str(int(time.time() * 1000) * 4194304 + (STATE["seq"] % 4194304))
            tw = {"id": tid, "text": text, "author_id": me, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()), "edit_history_tweet_ids": [tid]}
            reply = f.get("reply") or {}
            if reply.get("in_reply_to_tweet_id"):
                tw["referenced_tweets"] = [{"type": "replied_to", "id": reply["in_reply_to_tweet_id"]}]
                tw["conversation_id"] = reply["in_reply_to_tweet_id"]
            x.setdefault("timeline", {}).setdefault(me, []).append(tw)
            self.record("x", "tweets", reply.get("in_reply_to_tweet_id"), f, {"data": {"id": tid}})
            if self.deferred is not None:
                return self.reply(None)
            return self.send(201, {"data": {"id": tid, "text": text, "edit_history_tweet_ids": [tid]}})
        if p.startswith("/dm_conversations/"):
            return self.x_dm(p, x, users)
        if p == "/tweets/search/recent" and self.command == "GET":
            return self.x_search(x, users)
        m = re.match(r"^/tweets/(\d+)$", p)
        if m:
            for lst in list(x.get("mentions", {}).values()) + list(x.get("timeline", {}).values()):
                for tw in lst:
                    if tw["id"] == m.group(1):
                        return self.reply({"data": tw})
            return self.send(200, {"errors": [{"value": m.group(1), "detail": "Could not find tweet with id: [%s]." % m.group(1), "title": "Not Found Error", "resource_type": "tweet", "parameter": "id", "resource_id": m.group(1), "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
        m = re.match(r"^/users/(\d+)/(mentions|tweets)$", p)
        if m:
            uid, edge = m.groups()
            lst = x.get("mentions" if edge == "mentions" else "timeline", {}).get(uid)
            if lst is None:
                lst = []
            mr = self.arg("max_results")
            lo = 5
            if mr is not None:
                try:
                    v = int(mr)
                except ValueError:
                    v = -1
                if v < lo or v > 100:
                    return self.send(400, {"errors": [{"parameters": {"max_results": [mr]}, "message": "The `max_results` query parameter value [%s] is not between %d and 100" % (mr, lo)}],
                                           "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.", "type": "https://api.twitter.com/2/problems/invalid-request"}, ctype="application/problem+json")
            items = sorted(lst, key=lambda t: int(t["id"]), reverse=True)
            if edge == "mentions":
                items = items[:800]
            return self.x_page(items, 10, users, "author_id")
        if p == "/dm_events":
            me = x.get("me") or next(iter(x.get("dm_events", {}) or {"0": []}))
            items = sorted(x.get("dm_events", {}).get(me, []), key=lambda t: int(t["id"]), reverse=True)
            return self.x_page(items, 100, users, "sender_id")
        m = re.match(r"^/users/(\d+)$", p)
        if m and m.group(1) in users:
            return self.reply({"data": users[m.group(1)]})
        self.send(404, {"title": "Not Found Error", "type": "about:blank", "status": 404, "detail": "Not Found"}, ctype="application/problem+json")

    def x_dm(self, p, x, users):
        """Direct messages with one participant: POST .../with/{id}/messages
        {"text"} -> 201 {"data":{"dm_conversation_id","dm_event_id"}} (in the
        ledger as platform x, endpoint dm, and in x.me's dm_events), and GET
        .../with/{id}/dm_events, newest first, X paging."""
        m = re.match(r"^/dm_conversations/with/(\d+)/(messages|dm_events)$", p)
        if not m:
            return self.send(404, {"title": "Not Found Error", "type": "about:blank", "status": 404, "detail": "Not Found"}, ctype="application/problem+json")
        pid, edge = m.groups()
        me = x.get("me") or "0"
        conv = "%s-%s" % (min(pid, me), max(pid, me))
        events = x.setdefault("dm_events", {}).setdefault(me, [])
        if edge == "messages" and self.command == "POST":
            f = self.form()
            text = f.get("text")
            if not text:
                return self.send(400, {"title": "Invalid Request", "detail": "One or more parameters to your request was invalid.", "type": "https://api.twitter.com/2/problems/invalid-request"}, ctype="application/problem+json")
            if pid not in users:
                self.record("x", "dm", pid, f, {"status": 403})
                return self.send(403, {"title": "Forbidden", "detail": "You cannot send messages to this user.", "type": "about:blank", "status": 403}, ctype="application/problem+json")
            with LOCK:
                eid = str(1870000000000000000 + STATE["seq"] * 10 + len(events))
                events.append({"id": eid, "event_type": "MessageCreate", "text": text, "sender_id": me,
                               "dm_conversation_id": conv, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())})
            self.record("x", "dm", pid, f, {"data": {"dm_conversation_id": conv, "dm_event_id": eid}})
            if self.deferred is not None:
                return self.reply(None)
            return self.send(201, {"data": {"dm_conversation_id": conv, "dm_event_id": eid}})
        if edge == "dm_events" and self.command == "GET":
            items = sorted([e for e in events if e.get("dm_conversation_id") == conv], key=lambda e: int(e["id"]), reverse=True)
            return self.x_page(items, 100, users, "sender_id")
        return self.send(405, {"title": "Method Not Allowed", "status": 405})

    def x_search(self, x, users):
        """Recent search over x.search: the last 7 days only (a start_time
        before that is 400), max_results 10..100, the query's plain words
        (any of them, case-folded; OR and parentheses ignored), -from:ID and
        -is:retweet honoured."""
        q = self.arg("query") or ""
        bad = lambda msg, k, v: self.send(400, {"errors": [{"parameters": {k: [v]}, "message": msg}], "title": "Invalid Request",
                                                "detail": "One or more parameters to your request was invalid.",
                                                "type": "https://api.twitter.com/2/problems/invalid-request"}, ctype="application/problem+json")
        if not q or len(q) > 512:
            return bad("The `query` parameter value must be 1 to 512 characters", "query", q)
        mr = self.arg("max_results")
        if mr is not None and (not mr.isdigit() or not 10 <= int(mr) <= 100):
            return bad("The `max_results` query parameter value [%s] is not between 10 and 100" % mr, "max_results", mr)
        floor = time.time() - 7 * 86400
        st = parse_time(self.arg("start_time"))
        if st is not None and st < floor - 1:
            return bad("Invalid 'start_time':'%s'. 'start_time' must be on or after %s" % (
                self.arg("start_time"), time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(floor))), "start_time", self.arg("start_time"))
        toks = re.findall(r"-?[\w:@#.]+", q)
        words = [t.lower() for t in toks if not t.startswith("-") and ":" not in t and t != "OR"]
        not_from = {t[len("-from:"):] for t in toks if t.startswith("-from:")}
        items = []
        for tw in x.get("search", []):
            if (parse_time(tw.get("created_at")) or 0) < floor:
                continue
            if tw.get("author_id") in not_from or any(u.get("username") in not_from for k, u in users.items() if k == tw.get("author_id")):
                continue
            if "-is:retweet" in toks and any(r.get("type") == "retweeted" for r in tw.get("referenced_tweets", [])):
                continue
            if words and not any(w in tw.get("text", "").lower() for w in words):
                continue
            items.append(tw)
        items.sort(key=lambda t: int(t["id"]), reverse=True)
        return self.x_page(items, 10, users, "author_id")

    def x_page(self, items, default, users, who):
        sid = self.arg("since_id")
        uid = self.arg("until_id")
        if sid:
            items = [t for t in items if int(t["id"]) > int(sid)]
        if uid:
            items = [t for t in items if int(t["id"]) < int(uid)]
        st = parse_time(self.arg("start_time"))
        et = parse_time(self.arg("end_time"))
        if st is not None:
            items = [t for t in items if parse_time(t.get("created_at")) >= st]
        if et is not None:
            items = [t for t in items if parse_time(t.get("created_at")) < et]
        size = clamp_size(self.arg("max_results"), default, 1, 100)
        off = 0
        if self.arg("pagination_token"):
            off = dec_cursor(self.arg("pagination_token"))
            if off is None:
                return self.send(400, {"errors": [{"parameters": {"pagination_token": [self.arg("pagination_token")]}, "message": "The `pagination_token` query parameter value is not valid"}],
                                       "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.", "type": "https://api.twitter.com/2/problems/invalid-request"}, ctype="application/problem+json")
        page, nxt = page_of(items, off, size, self.empty_next)
        out = {}
        if page and "public_metrics" in self.arg("tweet.fields", ""):
            x = STATE["data"].get("x", {})
            every = [t for lst in list(x.get("mentions", {}).values()) + list(x.get("timeline", {}).values()) for t in lst] + x.get("search", [])
            replies = {}
            for t in {t["id"]: t for t in every}.values():
                for r in t.get("referenced_tweets") or []:
                    if r.get("type") == "replied_to":
                        replies[r["id"]] = replies.get(r["id"], 0) + 1
            page = [dict(t, public_metrics={"retweet_count": 0, "reply_count": replies.get(t["id"], 0), "like_count": 0,
                                            "quote_count": 0}) for t in page]
        if page:
            out["data"] = page
            exp = self.arg("expansions", "")
            if who in exp:
                inc = []
                seen = set()
                for t in page:
                    a = t.get(who)
                    if a and a in users and a not in seen:
                        seen.add(a)
                        inc.append(users[a])
                if inc:
                    out["includes"] = {"users": inc}
        meta = {"result_count": len(page)}
        if page:
            meta["newest_id"] = page[0]["id"]
            meta["oldest_id"] = page[-1]["id"]
        if nxt is not None:
            meta["next_token"] = enc_cursor(nxt)
        if off > 0:
            meta["previous_token"] = enc_cursor(max(0, off - size))
        out["meta"] = meta
        now = int(time.time())
        return self.reply(out, headers={"x-rate-limit-limit": "450", "x-rate-limit-remaining": "449", "x-rate-limit-reset": str(now + 900)})

    # ---------------------------------------------------------------- YouTube
    def youtube(self, p):
        if not self.need_token("google"):
            return
        yt = STATE["data"].setdefault("youtube", {})
        if p == "/comments" and self.command == "POST":
            f = self.form()
            sn = (f.get("snippet") or {})
            parent = sn.get("parentId")
            text = sn.get("textOriginal")
            if not parent:
                return self.send(400, {"error": {"code": 400, "message": "No parent ID specified", "errors": [{"domain": "youtube.comment", "reason": "parentIdMissing"}]}})
            if not text:
                return self.send(400, {"error": {"code": 400, "message": "Comment text is required", "errors": [{"domain": "youtube.comment", "reason": "commentTextRequired"}]}})
            th = self.yt_thread(parent)
            if th is None:
                return self.send(404, {"error": {"code": 404, "message": "Comment not found", "errors": [{"domain": "youtube.comment", "reason": "commentNotFound"}]}})
            cid = "%s.%s" % (parent, self.new_id("r"))
            ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            ch = yt.get("me") or next(iter(yt.get("threads", {}) or {"UC": []}))
            c = {"kind": "youtube#comment", "etag": "mock", "id": cid,
                 "snippet": {"videoId": th["snippet"].get("videoId"), "textDisplay": text, "textOriginal": text, "parentId": parent,
                             "authorDisplayName": "Brand", "authorChannelId": {"value": ch}, "canRate": True, "viewerRating": "none",
                             "likeCount": 0, "publishedAt": ts, "updatedAt": ts}}
            th.setdefault("replies", {}).setdefault("comments", []).append(c)
            th["snippet"]["totalReplyCount"] = len(th["replies"]["comments"])
            self.record("youtube", "comments", parent, f, {"id": cid})
            return self.reply(c)
        if p == "/commentThreads":
            ch = self.arg("allThreadsRelatedToChannelId")
            threads = yt.get("threads", {}).get(ch)
            if threads is None:
                return self.send(404, {"error": {"code": 404, "message": "The channel identified by the allThreadsRelatedToChannelId parameter could not be found.", "errors": [{"domain": "youtube.commentThread", "reason": "channelNotFound"}]}})
            def activity(th):
                ts = [parse_time(th["snippet"]["topLevelComment"]["snippet"].get("updatedAt"))]
                ts += [parse_time(r["snippet"].get("updatedAt")) for r in th.get("replies", {}).get("comments", [])]
                return max(t or 0 for t in ts)
            items = sorted(threads, key=activity, reverse=True)
            size = clamp_size(self.arg("maxResults"), 20, 1, 100)
            off = 0
            if self.arg("pageToken"):
                off = dec_cursor(self.arg("pageToken"))
                if off is None:
                    return self.send(400, {"error": {"code": 400, "message": "The request specifies an invalid page token.", "errors": [{"domain": "youtube.parameter", "reason": "invalidPageToken"}]}})
            page, nxt = page_of(items, off, size, self.empty_next)
            out_items = []
            for th in page:
                t2 = dict(th)
                t2["snippet"] = dict(th["snippet"])
                reps = th.get("replies", {}).get("comments", [])
                t2.pop("replies", None)
                if "replies" in self.arg("part", "") and reps:
                    t2["replies"] = {"comments": sorted(reps, key=lambda r: parse_time(r["snippet"]["publishedAt"]), reverse=True)[:5]}
                t2["snippet"]["totalReplyCount"] = len(reps)
                out_items.append(t2)
            return self.reply(yt_list("youtube#commentThreadListResponse", out_items, len(page), nxt, size))
        if p == "/comments":
            parent = self.arg("parentId")
            th = self.yt_thread(parent)
            if th is None:
                return self.send(404, {"error": {"code": 404, "message": "Comment not found", "errors": [{"domain": "youtube.comment", "reason": "commentNotFound"}]}})
            reps = sorted(th.get("replies", {}).get("comments", []), key=lambda r: parse_time(r["snippet"]["publishedAt"]))
            size = clamp_size(self.arg("maxResults"), 20, 1, 100)
            off = dec_cursor(self.arg("pageToken")) if self.arg("pageToken") else 0
            if off is None:
                return self.send(400, {"error": {"code": 400, "message": "The request specifies an invalid page token.", "errors": [{"domain": "youtube.parameter", "reason": "invalidPageToken"}]}})
            page, nxt = page_of(reps, off, size, self.empty_next)
            return self.reply(yt_list("youtube#commentListResponse", page, len(page), nxt, size))
        self.send(404, {"error": {"code": 404, "message": "Not Found", "errors": [{"domain": "global", "reason": "notFound"}]}})

    def yt_thread(self, tid):
        for lst in STATE["data"].get("youtube", {}).get("threads", {}).values():
            for th in lst:
                if th["id"] == tid:
                    return th
        return None

    # ---------------------------------------------------------------- GBP
    def gbp(self, p):
        if not self.need_token("google"):
            return
        gb = STATE["data"].setdefault("gbp", {})
        m = re.match(r"^/(accounts/[^/]+/locations/[^/]+)/reviews/([^/]+)/reply$", p)
        if m and self.command in ("PUT", "DELETE"):
            loc, rid = m.groups()
            rev = next((r for r in gb.get(loc, []) if r.get("reviewId") == rid), None)
            if rev is None:
                return self.send(404, {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}})
            f = self.form()
            if self.command == "DELETE":
                rev.pop("reviewReply", None)
                self.record("google", "reply-delete", rid, f, {})
                return self.reply({})
            text = f.get("comment")
            if not text:
                return self.send(400, {"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}})
            ts = now_z()
            rev["reviewReply"] = {"comment": text, "updateTime": ts}
            rev["updateTime"] = ts
            self.record("google", "reply", rid, f, rev["reviewReply"])
            return self.reply(rev["reviewReply"])
        m = re.match(r"^/(accounts/[^/]+/locations/[^/]+)/reviews$", p)
        if m:
            loc = m.group(1)
            if loc not in gb:
                return self.send(404, {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}})
            revs = sorted(gb[loc], key=lambda r: parse_time(r.get("updateTime")) or 0, reverse=True)
            ps = self.arg("pageSize")
            if ps is not None and ps.isdigit() and int(ps) > 50:
                return self.send(400, {"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}})
            size = clamp_size(ps, 50, 1, 50)
            off = dec_cursor(self.arg("pageToken")) if self.arg("pageToken") else 0
            if off is None:
                return self.send(400, {"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}})
            page, nxt = page_of(revs, off, size, self.empty_next)
            stars = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
            rated = [stars.get(r.get("starRating"), 0) for r in revs if r.get("starRating") in stars]
            out = {"reviews": page} if page else {}
            if rated:
                out["averageRating"] = round(sum(rated) / len(rated), 1)
            out["totalReviewCount"] = len(revs)
            if nxt is not None:
                out["nextPageToken"] = enc_cursor(nxt)
            return self.reply(out)
        m = re.match(r"^/(accounts/[^/]+/locations/[^/]+)/reviews/([^/]+)$", p)
        if m:
            rev = next((r for r in gb.get(m.group(1), []) if r.get("reviewId") == m.group(2)), None)
            if rev is not None:
                return self.reply(rev)
        self.send(404, {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}})


# ---------------------------------------------------------------- main

def set_faults(faults):
    with LOCK:
        STATE["faults"] = faults
        STATE["counters"] = [0] * len(faults)


def load_data(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    with LOCK:
        STATE["data"] = d
        STATE.pop("li_calls", None)     # a new world: LinkedIn's day counters restart


def main():
    ap = argparse.ArgumentParser(description="mock platform APIs on loopback")
    ap.add_argument("--data", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--latency", type=float, default=0.0, help="milliseconds per response")
    ap.add_argument("--log")
    ap.add_argument("--faults")
    ap.add_argument("--page-size", type=int, default=0, help="cap every page at N items")
    ap.add_argument("--lifetime", type=float, default=0, help="exit after this many seconds")
    a = ap.parse_args()
    load_data(a.data)
    if a.faults:
        with open(a.faults, encoding="utf-8") as f:
            set_faults(json.load(f))
    STATE["latency"] = a.latency / 1000.0
    STATE["page_size"] = a.page_size
    if a.log:
        STATE["logfile"] = open(a.log, "a", encoding="utf-8")
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 128
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    port = srv.server_address[1]
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, a.port_file)
    else:
        print(port, flush=True)
    if a.lifetime > 0:
        t = threading.Timer(a.lifetime, lambda: os._exit(0))
        t.daemon = True
        t.start()
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
