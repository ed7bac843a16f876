#!/usr/bin/env python3
"""What the check after minting costs: cold `keymint mint --usd 5` with and without --no-verify,
interleaved, against a local emulator (one extra loopback GET /api_keys/rate_limits per mint).

Usage: python3 bench/verify-cost.py [RUNS]   (default 9; needs target/keymint.jar)
"""
import os, statistics, subprocess, sys, tempfile, time

JAR = "target/keymint.jar"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
# the EIP-191 vectors' throw-away key (src/test/.../TestKeys.java): public, never fund it
ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
KEY = open("src/test/java/io/keymint/testing/TestKeys.java").read().split('VECTOR_PRIVATE_KEY =')[1].split('"')[1]

work = tempfile.mkdtemp(prefix="keymint-verify-")
emu = subprocess.Popen(["java", "-jar", JAR, "emulator", "--staker", ADDRESS],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    base = emu.stdout.readline().strip()
    env = dict(os.environ, VENICE_BASE_URL=base, WALLET_KEY=KEY)
    runs = {"verify": [], "no-verify": []}
    for _ in range(RUNS):
        for name, extra in (("verify", []), ("no-verify", ["--no-verify"])):
            t = time.perf_counter()
            r = subprocess.run(["java", "-jar", JAR, "mint", "--usd", "5",
                                "--sink", "file:" + os.path.join(work, "key")] + extra,
                               env=env, capture_output=True)
            runs[name].append(time.perf_counter() - t)
            if r.returncode != 0:
                sys.exit("mint failed: exit %d" % r.returncode)
    for name, v in runs.items():
        print("%-10s median %.3f s  (min %.3f, max %.3f, %d runs)"
              % (name, statistics.median(v), min(v), max(v), len(v)))
finally:
    emu.terminate()
    emu.wait(timeout=30)
