"""reply_send_kill.py - sc-reply --send killed with SIGKILL at random
points (at least 30 kills mid-run), some rounds with lost answers
(commit_first) on top; after each round a last run without kill must
leave the mock's ledger holding every operation exactly once (zero double
posts, zero lost replies) and a journal that verifies.
SC_KILL_SEED overrides the random seed.  Prints TAP and "N passed, N failed"."""
import json
import os
import random
import signal
import subprocess
import time

from harness import Tap, rmtree, tmpdir
from reply_send_lib import start_mock, NOW, REPLY, TOKEN, ledger_counts, send, setup, verify

t = Tap()
seed = int(os.environ.get("SC_KILL_SEED", "20261125"))
rnd = random.Random(seed)
print("# seed %d" % seed, flush=True)
W = tmpdir()
data, prof, inp, want = setup(W)
env = dict(os.environ)
env["SC_TEST_TOKEN"] = TOKEN
kills = 0
readbacks = 0
rounds = 0
while kills < 32 and rounds < 40:
    rounds += 1
    d = os.path.join(W, "r%d" % rounds)
    os.mkdir(d)
    faults = None
    if rounds % 2 == 0:
        faults = [{"match": r"/v21\.0/", "method": "POST", "nth": [2, 5], "fault": "500", "commit_first": True},
                  {"match": r"^/2/tweets", "method": "POST", "nth": 1, "fault": "reset", "commit_first": True}]
    m = start_mock(data, d, latency=15, faults=faults)
    j = os.path.join(d, "journal.ndjson")
    for k in range(3):
        p = subprocess.Popen([REPLY, "--send", "--journal", j, "-p", prof, "--base-url", m.base,
                              "--allow-delete", "--retries", "4", "--backoff", "20", "--timeout", "1s",
                              "--now", NOW, inp],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        time.sleep(rnd.uniform(0.0, 0.3 if k == 0 else 0.12))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
    rc, out, err = send(m.base, prof, inp, j, extra=["--allow-delete"])
    c = ledger_counts(m.call("/__mock/posts"))
    bad = sorted([list(k) + [v] for k, v in c.items() if want.get(k) != v] +
                 [list(k) + [0] for k in want if k not in c])
    t.ok(rc == 0 and not bad, "round %d%s: after the kills, every operation exactly once" %
         (rounds, " (lost answers)" if faults else ""), "rc=%d %s %s" % (rc, err[-400:], json.dumps(bad)))
    readbacks += sum(1 for ln in open(j) if '"resolved_by":"read-back"' in ln)
    rcv, vout = verify(j)
    t.ok(rcv == 0, "round %d: the journal verifies" % rounds, vout)
    m.stop()
t.ok(readbacks > 0, "%d interrupted operations were resolved by reading back" % readbacks)
t.ok(kills >= 30, "%d runs killed mid-run in %d rounds" % (kills, rounds))
rmtree(W)
t.done()
