"""Runner for bench/e2e.sh: starts the emulator, runs each contender cold N times, alternating."""
import os
import statistics
import subprocess
import sys
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)
JAR = "target/keymint.jar"
JAVA_OPTS = os.environ.get("KEYMINT_JAVA_OPTS", "").split()
# keystore-examples/standard: public throw-away wallet, see keystore-examples/README.md
STD_KS = "keystore-examples/standard/keystore.json"
STD_PW = "keystore-examples/standard/password.txt"
STD_KEY = "0xa52a01f304e6851bda05ad78881ad41f20acaa829109a155b680c315df71dcb6"
STD_ADDR = "0xBE934cAaF7fFcC404A69916A5c56C702a1c5Cf0c"
LIGHT_KS = "keystore-examples/light/keystore.json"
LIGHT_PW = "keystore-examples/light/password.txt"
LIGHT_ADDR = "0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293"
OUT = "/tmp/keymint-bench-%d.key" % os.getpid()
# ensure's two paths: a sink emptied before each run (ensure mints) and one that keeps its key
# (ensure checks it with Venice and reuses it)
ENSURE_MINT = "/tmp/keymint-bench-%d-ensure-mint.key" % os.getpid()
ENSURE_REUSE = "/tmp/keymint-bench-%d-ensure-reuse.key" % os.getpid()
SCRATCH = [OUT, ENSURE_MINT, ENSURE_REUSE]


def empty(path):
    """Removes a sink file and its metadata sidecar, so that ensure finds no key."""
    for f in os.listdir(os.path.dirname(path)):
        full = os.path.join(os.path.dirname(path), f)
        if full.startswith(path) and not full.endswith(".lock"):
            os.remove(full)


def run(cmd, env=None, before=None):
    """Runs cmd to completion; returns (seconds, peak RSS in MiB, CPU seconds: user + system) from a
    monotonic clock and wait4. CPU time moves less than wall time on a busy machine."""
    if before:
        before()
    full_env = dict(os.environ, **(env or {}))
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), err))
    return elapsed, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


emulator = subprocess.Popen(
    ["java", "-jar", JAR, "emulator", "--port", "0", "--staker", STD_ADDR, "--staker", LIGHT_ADDR],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    base = emulator.stdout.readline().strip()
    if not base.startswith("http"):
        sys.exit("the emulator did not start")
    plain = ["java", *JAVA_OPTS, "-jar", JAR, "mint", "--usd", "5", "--base-url", base, "--sink", "file:" + OUT]
    keymint = ["bin/keymint", "mint", "--usd", "5", "--base-url", base, "--sink", "file:" + OUT]
    # the image's layout (bin/keymint-jlink): a jlink runtime, the jar and its archive
    jlink = ["target/jlink/keymint", "mint", "--usd", "5", "--base-url", base, "--sink", "file:" + OUT]
    launcher_env = {"JAVA_OPTS": " ".join(JAVA_OPTS)}
    ethers = ["node", "bench/ethers-mint.mjs", base, OUT]
    java_jar = ["java", *JAVA_OPTS, "-jar", JAR]
    ensure = ["ensure", "--usd", "5", "--base-url", base, "--sink"]
    mint_sink, reuse_sink = "file:" + ENSURE_MINT, "file:" + ENSURE_REUSE
    start_empty = lambda: empty(ENSURE_MINT)
    std_env = {"WALLET_KEY": STD_KEY}
    cases = {
        "env key": {
            "keymint": (keymint, dict(launcher_env, WALLET_KEY=STD_KEY)),
            "jlink": (jlink, dict(launcher_env, WALLET_KEY=STD_KEY)),
            "no CDS": (plain, {"WALLET_KEY": STD_KEY}),
            "ethers": (ethers, {"WALLET_KEY": STD_KEY}),
        },
        "ensure, env key, mints": {
            "keymint": (["bin/keymint", *ensure, mint_sink], dict(launcher_env, **std_env), start_empty),
            "jlink": (["target/jlink/keymint", *ensure, mint_sink], dict(launcher_env, **std_env), start_empty),
            "no CDS": (java_jar + ensure + [mint_sink], std_env, start_empty),
            "ethers": (ethers, std_env),
        },
        "ensure, env key, reuses": {
            "keymint": (["bin/keymint", *ensure, reuse_sink], dict(launcher_env, **std_env)),
            "jlink": (["target/jlink/keymint", *ensure, reuse_sink], dict(launcher_env, **std_env)),
            "no CDS": (java_jar + ensure + [reuse_sink], std_env),
            "ethers": (ethers, std_env),
        },
        "light keystore (n=2^12)": {
            "keymint": (keymint + ["--keystore", LIGHT_KS, "--password-file", LIGHT_PW], launcher_env),
            "jlink": (jlink + ["--keystore", LIGHT_KS, "--password-file", LIGHT_PW], launcher_env),
            "no CDS": (plain + ["--keystore", LIGHT_KS, "--password-file", LIGHT_PW], None),
            "ethers": (ethers + [LIGHT_KS, LIGHT_PW], None),
        },
        "standard keystore (n=2^18)": {
            "keymint": (keymint + ["--keystore", STD_KS, "--password-file", STD_PW], launcher_env),
            "jlink": (jlink + ["--keystore", STD_KS, "--password-file", STD_PW], launcher_env),
            "no CDS": (plain + ["--keystore", STD_KS, "--password-file", STD_PW], None),
            "ethers": (ethers + [STD_KS, STD_PW], None),
            "openssl": ([
                # the same derivation as the keystore: its password and salt, dklen 32
                "openssl", "kdf", "-keylen", "32", "-kdfopt", "pass:keymint-example-standard",
                "-kdfopt",
                "hexsalt:0ee5eebd93b5c4f232e7b2a1b901b81f97ea3b0174e1eb8bb6a65bd6da293d25", "-kdfopt", "n:262144",
                "-kdfopt", "r:8", "-kdfopt", "p:1", "SCRYPT"], None),
        },
    }
    results = {c: {k: [] for k in v} for c, v in cases.items()}
    # one warm-up of each (page cache, JIT of node's own startup), not counted
    for case in cases.values():
        for args in case.values():
            run(*args)
    for i in range(RUNS):
        for name, case in cases.items():
            order = list(case.items())
            if i % 2:
                order.reverse()  # alternate who goes first
            for who, args in order:
                results[name][who].append(run(*args))
        print("run %d/%d done" % (i + 1, RUNS), file=sys.stderr, flush=True)
finally:
    emulator.terminate()
    emulator.wait()
    for path in SCRATCH:
        empty(path)
        if os.path.exists(path + ".lock"):
            os.remove(path + ".lock")

print("\nmedians of %d cold runs each (time-to-key, whole process; peak RSS = max resident set)" % RUNS)
if JAVA_OPTS:
    print("keymint JVM flags: %s" % " ".join(JAVA_OPTS))
print("| path | keymint (bin/keymint, AppCDS) | keymint (jlink runtime + CDS, the image) | keymint (java -jar, no CDS) | ethers 6.15 (node %s) | keymint/ethers time | java -jar/ethers time | keymint/ethers RSS | openssl kdf scrypt | keymint/openssl |"
      % subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip())
print("|---|---|---|---|---|---|---|---|---|---|")
for name, r in results.items():
    km_t = statistics.median(t for t, *_ in r["keymint"])
    km_m = statistics.median(m for _, m, *_ in r["keymint"])
    et_t = statistics.median(t for t, *_ in r["ethers"])
    et_m = statistics.median(m for _, m, *_ in r["ethers"])
    nc_t = statistics.median(t for t, *_ in r["no CDS"])
    nc_m = statistics.median(m for _, m, *_ in r["no CDS"])
    jl_t = statistics.median(t for t, *_ in r["jlink"])
    jl_m = statistics.median(m for _, m, *_ in r["jlink"])
    row = "| %s | %.2f s, %.0f MiB | %.2f s, %.0f MiB | %.2f s, %.0f MiB | %.2f s, %.0f MiB | %.2f× | %.2f× | %.2f× |" % (
        name, km_t, km_m, jl_t, jl_m, nc_t, nc_m, et_t, et_m, km_t / et_t, nc_t / et_t, km_m / et_m)
    if "openssl" in r:
        os_t = statistics.median(t for t, *_ in r["openssl"])
        os_m = statistics.median(m for _, m, *_ in r["openssl"])
        row += " %.2f s, %.0f MiB | %.2f× |" % (os_t, os_m, km_t / os_t)
    else:
        row += " — | — |"
    print(row)
print("\nCPU seconds (user + system), medians:")
for name, r in results.items():
    print("  %-28s %s" % (name, "  ".join(
        "%s %.2f" % (who, statistics.median(c for *_, c in xs)) for who, xs in r.items())))
print("\nall runs (seconds / MiB / CPU seconds):")
for name, r in results.items():
    for who, xs in r.items():
        print("  %-28s %-8s %s" % (name, who, "  ".join("%.2f/%.0f/%.2f" % x for x in xs)))
