#!/usr/bin/env python3
"""hook.py PORT_FILE LOG [STATUS] - a webhook receiver on 127.0.0.1 for the
flow tests: appends each POST as one JSON line {"path","type","body"} to LOG,
answers STATUS (default 200), and writes its port to PORT_FILE."""
import http.server
import json
import os
import sys


class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8")
        with open(sys.argv[2], "a", encoding="utf-8") as f:
            f.write(json.dumps({"path": self.path, "type": self.headers.get("Content-Type"), "body": body}) + "\n")
        st = int(sys.argv[3]) if len(sys.argv) > 3 else 200
        self.send_response(st)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


s = http.server.HTTPServer(("127.0.0.1", 0), H)
tmp = sys.argv[1] + ".tmp"
with open(tmp, "w") as f:
    f.write(str(s.server_address[1]))
os.rename(tmp, sys.argv[1])
s.serve_forever()
