"""harness.py - what the tests/fetch*.test suites share: start and stop the
mock on a free port, run sc-fetch, read envelopes and state, print TAP.
Python 3 standard library only."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("BIN") or os.path.join(ROOT, "bin")
FETCH = os.path.join(BIN, "sc-fetch")
SAN_MARKS = ("AddressSanitizer", "runtime error:", "LeakSanitizer")


class Tap:
    def __init__(self):
        self.n = 0
        self.passed = 0
        self.failed = 0
        self.lock = threading.Lock()

    def ok(self, cond, name, detail=""):
        with self.lock:
            self.n += 1
            if cond:
                self.passed += 1
                print("ok %d - %s" % (self.n, name), flush=True)
            else:
                self.failed += 1
                print("not ok %d - %s" % (self.n, name), flush=True)
                for line in str(detail).splitlines()[:20]:
                    print("#   " + line, flush=True)
        return cond

    def done(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        sys.exit(1 if self.failed else 0)


class Mock:
    """One mock server process on a free loopback port."""

    serial = 0

    def __init__(self, data, workdir, latency=0, page_size=0, faults=None):
        self.dir = workdir
        # a name no earlier mock of this process used: id(self) is reused
        # once an old Mock is freed, and a stale port file then pointed a
        # test at a dead server
        Mock.serial += 1
        tag = "%d.%d" % (os.getpid(), Mock.serial)
        pf = os.path.join(workdir, "mock.port.%s" % tag)
        self.log = os.path.join(workdir, "mock.log.%s" % tag)
        for stale in (pf, self.log):
            if os.path.exists(stale):
                os.unlink(stale)
        args = [sys.executable, os.path.join(HERE, "platforms.py"), "--data", data,
                "--port-file", pf, "--log", self.log, "--latency", str(latency)]
        if page_size:
            args += ["--page-size", str(page_size)]
        if faults:
            fp = os.path.join(workdir, "faults.%s.json" % tag)
            with open(fp, "w") as f:
                json.dump(faults, f)
            args += ["--faults", fp]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        text = ""
        for _ in range(500):
            if os.path.exists(pf):
                with open(pf) as f:
                    text = f.read().strip()
                if text:
                    break
            time.sleep(0.02)
        self.port = int(text)
        self.base = "http://127.0.0.1:%d" % self.port

    def call(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method="POST" if data is not None else "GET")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def faults(self, faults):
        self.call("/__mock/faults", faults)
        self.call("/__mock/reset", {})

    def requests(self):
        return self.call("/__mock/requests")

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def gendata(workdir, **kw):
    data = os.path.join(workdir, "data.json")
    prof = os.path.join(workdir, "profiles.csv")
    args = [sys.executable, os.path.join(HERE, "gendata.py"), "--out", data, "--profiles-csv", prof]
    for k, v in kw.items():
        if v is True:       # a flag (extras)
            args.append("--" + k.replace("_", "-"))
        elif v is not False:
            args += ["--" + k.replace("_", "-"), str(v)]
    subprocess.check_call(args)
    return data, prof


def run_fetch(args, env_extra=None, timeout=120, stdout_path=None):
    env = dict(os.environ)
    env.setdefault("SC_TEST_TOKEN", "tok-test-0001")
    if env_extra:
        env.update(env_extra)
    out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    p = subprocess.run([FETCH] + args, stdout=out, stderr=subprocess.PIPE, env=env, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    if stdout_path:
        out.close()
        with open(stdout_path, "rb") as f:
            so = f.read()
    else:
        so = p.stdout
    return p.returncode, so.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def ids(text):
    """The set of (platform, item id) in envelope text; complete lines only."""
    s = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            e = json.loads(line)
        except ValueError:
            continue
        it = e["item"]
        s.add((e["platform"], e["source"], it.get("id") or it.get("reviewId") or it.get("comment_id")))
    return s


def sanitizer_clean(err):
    return not any(m in err for m in SAN_MARKS)


def state_files(statedir):
    out = []
    for root, _, files in os.walk(statedir):
        for f in files:
            out.append(os.path.join(root, f))
    return out


def tmpdir():
    return tempfile.mkdtemp(prefix="sc-fetch-test.")


def rmtree(d):
    shutil.rmtree(d, ignore_errors=True)


def item_time(env):
    """The time sc-fetch compares with the watermark, epoch s (0 if none)."""
    import calendar
    import re
    it = env["item"]
    if isinstance(it.get("create_time"), int):      # TikTok: epoch s, a new reply counts
        return max([it["create_time"]] + [r.get("create_time", 0) for r in it.get("reply_list") or []])
    if isinstance((it.get("created") or {}).get("time"), int):     # LinkedIn: created.time, epoch ms
        return it["created"]["time"] // 1000
    for path in (("created_time",), ("timestamp",), ("created_at",), ("updateTime",),
                 ("snippet", "topLevelComment", "snippet", "updatedAt"), ("snippet", "updatedAt")):
        v = it
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        if isinstance(v, str):
            m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", v)
            if m:
                return calendar.timegm(tuple(int(x) for x in m.groups()))
    return 0


def envelopes(text):
    out = []
    for line in text.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def watermarks(statedir):
    """{(profile, source): (watermark epoch s, since_id)} of the state files."""
    import calendar
    w = {}
    for f in state_files(statedir):
        if not f.endswith(".json") or "/fetch/" not in f or f.endswith("/quota.json"):
            continue
        try:
            d = json.load(open(f))
        except ValueError:
            continue
        t = 0
        if d.get("watermark"):
            t = calendar.timegm(time.strptime(d["watermark"], "%Y-%m-%dT%H:%M:%SZ"))
        w[(d["profile"], d["source"])] = (t, d.get("since_id"))
    return w


def state_arg(work, name=None, _n=[0]):
    """["--state", a new state directory under work] (named, or numbered)."""
    _n[0] += 1
    return ["--state", os.path.join(work, "st-%s" % (name or _n[0]))]


def fault_twice(m, args, work, match, fault, ref):
    """The fault once at match (retried: every id of ref) and persistent
    (75), then a clean rerun on the persistent run's state completes ref.
    Returns (ok, detail)."""
    m.faults([{"match": match, "nth": 1, "fault": fault}])
    s1, o1, e1 = run_fetch(args + state_arg(work))
    stp = state_arg(work)
    m.faults([{"match": match, "nth": "always", "fault": fault}])
    s2, o2, e2 = run_fetch(args + stp)
    m.faults([])
    s3, o3, e3 = run_fetch(args + stp)
    ok = (s1 == 0 and ids(o1) == ref and s2 == 75 and s3 == 0 and ids(o2) | ids(o3) == ref and
          sanitizer_clean(e1 + e2 + e3))
    return ok, "once %d %d, always %d, rerun %d %d\n%s%s" % (s1, len(ids(o1)), s2, s3, len(ids(o2) | ids(o3)), e2, e3)


def max_pages_runs(args, work, limit=20):
    """Run with --max-pages 1 on one state until it exits other than 75:
    (last status, the ids of all runs, the number of runs, last stderr)."""
    stp = state_arg(work)
    got, runs, s, err = set(), 0, 75, ""
    while s == 75 and runs < limit:
        s, o, err = run_fetch(args + stp + ["--max-pages", "1"])
        got |= ids(o)
        runs += 1
    return s, got, runs, err


def check_max_pages(tap, args, work, ref, exact_runs=None):
    """--max-pages 1 over several runs on one state (max_pages_runs): the
    source finishes (exit 0) with every id of ref in at least 2 runs, or in
    exactly exact_runs."""
    s, got, runs, err = max_pages_runs(args, work)
    runs_ok = runs == exact_runs if exact_runs else runs >= 2
    tap.ok(s == 0 and got == ref and runs_ok, "--max-pages 1: finished in %d runs, every id" % runs,
           "exit %d %d of %d\n%s" % (s, len(got), len(ref), err))


def check_kill(tap, data, work, args, ref, extra=()):
    """kill -9 anywhere, then a rerun: nothing lost (kill_loop against a
    mock of data with 20 ms latency, so the kills land mid-run; at least 6
    of the 12 must hit a running sc-fetch).  args end with --base-url, whose
    value is that mock's; extra follows it."""
    ml = Mock(data, work, page_size=2, latency=20)
    try:
        bad, hits = kill_loop(list(args) + [ml.base] + list(extra), ref, work)
    finally:
        ml.stop()
    tap.ok(not bad and hits >= 6, "kill -9 twice in 6 runs (%d hit a running sc-fetch), then a rerun: nothing lost" % hits,
           "\n".join(bad))


def kill_loop(args, ref, work, runs=6, seed=20261202):
    """kill -9 a running sc-fetch twice at random moments on each of runs
    states, then rerun it: every id of ref must be in the union of what the
    three runs wrote.  Returns the list of failures (empty: nothing lost)
    and how many kills hit a process still running."""
    import random
    t0 = time.time()
    run_fetch(args + state_arg(work))
    dur = time.time() - t0
    rng = random.Random(seed)
    bad, hits = [], 0
    for i in range(runs):
        stp = state_arg(work)
        outs = []
        for k in range(2):
            op = os.path.join(work, "kill%d.%d" % (i, k))
            with open(op, "wb") as f:
                pr = subprocess.Popen([FETCH] + args + stp, stdout=f, stderr=subprocess.DEVNULL,
                                      env=dict(os.environ, SC_TEST_TOKEN="tok"))
                time.sleep(rng.uniform(0.0, dur))
                hits += pr.poll() is None
                pr.send_signal(signal.SIGKILL)
                pr.wait()
            outs.append(open(op, encoding="utf-8", errors="replace").read())
        s, o, err = run_fetch(args + stp)
        got = set()
        for x in outs + [o]:
            got |= ids(x)
        if s != 0 or got != ref:
            bad.append("run %d: exit %d, %d of %d ids\n%s" % (i, s, len(got), len(ref), err))
    return bad, hits
