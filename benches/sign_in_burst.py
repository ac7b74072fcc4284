"""Sign-ins at once vs. the latency of other requests (BENCHMARKS.md).

Usage: python3 benches/sign_in_burst.py target/debug/ismo

Starts `ismo serve --demo` on a fresh database, times 5 sign-ins one by one,
then 3 times: 12 sign-ins at once (4 demo accounts x 3) while /healthz is
asked every 10 ms; prints how long the burst took and /healthz's median and
worst answer time meanwhile.
"""
import http.client, subprocess, sys, tempfile, threading, time, statistics, re, os

binary = sys.argv[1]
db = tempfile.mktemp(suffix=".db")
p = subprocess.Popen([binary, "serve", "--demo", "--db", db, "--addr", "127.0.0.1:0"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = None
for line in p.stdout:
    m = re.search(r"127\.0\.0\.1:(\d+)", line)
    if m and "running" in line:
        port = int(m.group(1)); break

def req(method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"} if body else {}
    t = time.perf_counter(); c.request(method, path, body=body, headers=h); r = c.getresponse(); r.read()
    dt = time.perf_counter() - t; c.close(); return r.status, dt

body = "email=demo%40ismo.local&password=demo"
single = [req("POST", "/login", body)[1] for _ in range(5)]
results = []
for run in range(3):
    probes, stop = [], threading.Event()
    def probe():
        while not stop.is_set():
            probes.append(req("GET", "/healthz")[1]); time.sleep(0.01)
    pt = threading.Thread(target=probe); pt.start(); time.sleep(0.2)
    logins = []
    def login(who): logins.append(req("POST", "/login", f"email={who}%40ismo.local&password=demo"))
    # Three per account: a fourth at once from one address would be held (in flight counts as failed).
    ts = [threading.Thread(target=login, args=(who,)) for who in ["demo", "manager", "owner", "auditor"] * 3]
    t0 = time.perf_counter(); [t.start() for t in ts]; [t.join() for t in ts]; burst = time.perf_counter() - t0
    stop.set(); pt.join()
    assert all(s == 303 for s, _ in logins), logins
    results.append((burst, statistics.median(probes), max(probes)))
p.terminate(); p.wait(); os.remove(db)
print(f"single sign-in median {statistics.median(single)*1000:.0f} ms")
for burst, med, mx in results:
    print(f"12 at once (4 accounts x 3): all done in {burst*1000:.0f} ms; /healthz meanwhile median {med*1000:.1f} ms, max {mx*1000:.0f} ms")
