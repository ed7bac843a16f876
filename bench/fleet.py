"""Runner for bench/fleet.sh: a fleet on one real etcd member and the local emulator, N rounds.

Per round:
  mint    one plain `keymint mint` (cold JVM), start to exit
  fleet   8 `keymint ensure --store etcd://...` started at once (cold JVMs), until all 8 have
          exited 0 and their 8 local sinks hold the one key (exactly one key minted)
  file    baseline: 8 `keymint ensure --sink file:` on ONE local file at once (the OS lock), same JVMs
  watch   3 running `keymint watch` processes; `keymint rotate --store ... --grace 0s` writes a new
          key; delay = latest watcher sink mtime - the record's writtenAt (stamped just before the
          etcd transaction), both from this machine's clock
"""
import calendar
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)
JAR = "target/keymint.jar"
JAVA = ["java", *os.environ.get("KEYMINT_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").split()]
KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"  # test vector wallet
ADDR = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
ENV = dict(os.environ, WALLET_KEY=KEY)
for k in [k for k in ENV if k.startswith("VENICE_") or k.startswith("KEYMINT_")]:
    del ENV[k]
REPLICAS = 8
WATCHERS = 3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def must(p, what):
    out, err = p.communicate(timeout=180)
    if p.returncode != 0:
        sys.exit("%s failed (%d):\n%s" % (what, p.returncode, err))
    return out


def content(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


work = tempfile.mkdtemp(prefix="keymint-fleet-")
cport, pport = free_port(), free_port()
etcd = subprocess.Popen(
    ["etcd", "--name", "b", "--data-dir", work + "/etcd",
     "--listen-client-urls", "http://127.0.0.1:%d" % cport,
     "--advertise-client-urls", "http://127.0.0.1:%d" % cport,
     "--listen-peer-urls", "http://127.0.0.1:%d" % pport,
     "--initial-advertise-peer-urls", "http://127.0.0.1:%d" % pport,
     "--initial-cluster", "b=http://127.0.0.1:%d" % pport],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
emulator = subprocess.Popen(
    JAVA + ["-jar", JAR, "emulator", "--port", "0", "--staker", ADDR],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
watchers = []
try:
    base = emulator.stdout.readline().strip()
    if not base.startswith("http"):
        sys.exit("the emulator did not start")
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", cport), 0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    endpoint = "127.0.0.1:%d" % cport
    mint_s, local_s, fleet_s, watch_ms = [], [], [], []
    for run in range(1, RUNS + 1):
        d = "%s/run%d" % (work, run)
        os.makedirs(d)
        # one plain mint
        t0 = time.monotonic()
        must(subprocess.Popen(JAVA + ["-jar", JAR, "mint", "--usd", "5", "--base-url", base, "--sink", "file:%s/plain" % d],
                              env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), "mint")
        mint_s.append(time.monotonic() - t0)

        # baseline: 8 `ensure` at once on one local file (the single-host OS lock), same JVMs
        t0 = time.monotonic()
        ps = [subprocess.Popen(JAVA + ["-jar", JAR, "ensure", "--usd", "5", "--base-url", base,
                                       "--sink", "file:%s/local" % d],
                               env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for i in range(REPLICAS)]
        for p in ps:
            must(p, "ensure (file)")
        local_s.append(time.monotonic() - t0)

        # 8 replicas at once
        store = "etcd://%s/bench/run%d" % (endpoint, run)
        t0 = time.monotonic()
        ps = [subprocess.Popen(JAVA + ["-jar", JAR, "ensure", "--usd", "5", "--base-url", base, "--store", store,
                                       "--sink", "file:%s/replica-%d" % (d, i), "--lease-ttl", "5s",
                                       "--recovery-dir", d],
                               env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for i in range(REPLICAS)]
        for p in ps:
            must(p, "ensure")
        fleet_s.append(time.monotonic() - t0)
        keys = {content("%s/replica-%d" % (d, i)) for i in range(REPLICAS)}
        if len(keys) != 1 or "" in keys:
            sys.exit("replicas disagree: %d distinct keys" % len(keys))

        # watch propagation after a rotate
        watchers = [subprocess.Popen(JAVA + ["-jar", JAR, "watch", "--store", store,
                                             "--sink", "file:%s/watch-%d" % (d, i)],
                                     env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                    for i in range(WATCHERS)]
        old = keys.pop()
        deadline = time.monotonic() + 60
        while not all(content("%s/watch-%d" % (d, i)) == old for i in range(WATCHERS)):
            if time.monotonic() > deadline:
                sys.exit("watchers did not start")
            time.sleep(0.01)
        must(subprocess.Popen(JAVA + ["-jar", JAR, "rotate", "--usd", "5", "--base-url", base, "--store", store,
                                      "--grace", "0s", "--recovery-dir", d],
                              env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), "rotate")
        deadline = time.monotonic() + 30
        while True:
            now = [content("%s/watch-%d" % (d, i)) for i in range(WATCHERS)]
            if all(k and k != old for k in now):
                break
            if time.monotonic() > deadline:
                sys.exit("watchers did not switch")
            time.sleep(0.005)
        record = json.loads(subprocess.run(
            ["etcdctl", "--endpoints", endpoint, "get", "/bench/run%d" % run, "--print-value-only"],
            env=dict(ENV, ETCDCTL_API="3"), capture_output=True, text=True, check=True).stdout)
        written = record["writtenAt"]  # ISO-8601 UTC with a fraction
        secs, frac = written.rstrip("Z").split(".") if "." in written else (written.rstrip("Z"), "0")
        written_epoch = calendar.timegm(time.strptime(secs, "%Y-%m-%dT%H:%M:%S")) + float("0." + frac)
        latest = max(os.stat("%s/watch-%d" % (d, i)).st_mtime for i in range(WATCHERS))
        watch_ms.append((latest - written_epoch) * 1000)
        for w in watchers:
            w.terminate()
        for w in watchers:
            w.wait(timeout=30)
        watchers = []
        print("run %d: mint %.2f s, 8 on a file %.2f s, 8 replicas on etcd %.2f s, watch %.0f ms, load %.1f"
              % (run, mint_s[-1], local_s[-1], fleet_s[-1], watch_ms[-1], os.getloadavg()[0]), flush=True)
    print()
    print("median of %d: one plain mint %.2f s; 8 ensure on one local file %.2f s; 8 replicas on etcd all"
          " holding the key %.2f s (%.1fx the mint, %.2fx the file lock); watch propagation after rotate"
          " %.0f ms (3 watchers, latest)"
          % (RUNS, statistics.median(mint_s), statistics.median(local_s), statistics.median(fleet_s),
             statistics.median(fleet_s) / statistics.median(mint_s),
             statistics.median(fleet_s) / statistics.median(local_s), statistics.median(watch_ms)))
finally:
    for w in watchers:
        w.kill()
    emulator.terminate()
    etcd.terminate()
    emulator.wait(timeout=30)
    etcd.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)
