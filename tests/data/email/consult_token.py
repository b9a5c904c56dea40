#!/usr/bin/env python3
"""token.py KEY THREAD DAY - a consult reply token, by the format of sc(7)
(CONSULTING BY E-MAIL), written independently of lib/normalize_token.c:
base32(thread) "." day "." base32(HMAC-SHA256(key, "sc-consult-1:" thread ":" day))[:16],
lowercase, no padding."""
import base64, hashlib, hmac, sys

def b32(b):
    return base64.b32encode(b).decode().rstrip("=").lower()

def token(key, thread, day):
    mac = hmac.new(key.encode(), ("sc-consult-1:%s:%d" % (thread, day)).encode(), hashlib.sha256).digest()
    return "%s.%d.%s" % (b32(thread.encode()), day, b32(mac)[:16])

if __name__ == "__main__":
    print(token(sys.argv[1], sys.argv[2], int(sys.argv[3])))
