"""webhook_fire.py - the mock's webhook sender (POST /__mock/webhook/fire in
platforms.py): posts a body to a receiver the way Meta, LinkedIn,
TikTok and X (Account Activity API) do, signed correctly, wrongly, not at all, or with a stale
timestamp, and says what the receiver answered.  Python 3 standard
library only.

  {"platform": "meta"|"linkedin"|"tiktok"|"x", "to": "http://127.0.0.1:PORT/meta",
   "secret": "...", "payload": {...} or "raw": "bytes as text",
   "sign": "good"|"bad"|"none"|"stale" (default good), "times": N (default 1)}
  -> {"status": [HTTP status per send], "body": [answer text per send]}
"""
import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request


def headers_for(platform, secret, body, sign, now=None):
    """The signature header(s) the platform would send for body (bytes)."""
    key = secret.encode()
    if sign == "none":
        return {}
    if platform == "meta":
        mac = hmac.new(key, body, hashlib.sha256).hexdigest()
        if sign == "bad":
            mac = hmac.new(key + b"x", body, hashlib.sha256).hexdigest()
        return {"X-Hub-Signature-256": "sha256=" + mac}
    if platform == "x":
        mac = hmac.new(key if sign != "bad" else key + b"x", body, hashlib.sha256).digest()
        return {"X-Twitter-Webhooks-Signature": "sha256=" + base64.b64encode(mac).decode()}
    if platform == "linkedin":
        mac = hmac.new(key if sign != "bad" else key + b"x", b"hmacsha256=" + body, hashlib.sha256).hexdigest()
        return {"X-LI-Signature": mac}
    t = int(now if now is not None else time.time())
    if sign == "stale":
        t -= 3600
    mac = hmac.new(key if sign != "bad" else key + b"x", str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"TikTok-Signature": "t=%d,s=%s" % (t, mac)}


def fire(req):
    body = req["raw"].encode() if "raw" in req else json.dumps(req["payload"], ensure_ascii=False).encode()
    statuses, answers = [], []
    for _ in range(int(req.get("times", 1))):
        h = {"Content-Type": "application/json", "User-Agent": "sc-mock-webhooks/1"}
        h.update(headers_for(req["platform"], req.get("secret", ""), body, req.get("sign", "good")))
        r = urllib.request.Request(req["to"], data=body, headers=h, method="POST")
        try:
            with urllib.request.urlopen(r, timeout=10) as resp:
                statuses.append(resp.status)
                answers.append(resp.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as e:
            statuses.append(e.code)
            answers.append(e.read().decode("utf-8", "replace"))
        except OSError as e:
            statuses.append(0)
            answers.append(str(e))
    return {"status": statuses, "body": answers}
