"""A/B of launch commands for the same env-key mint: each `LABEL=PREFIX` runs `PREFIX mint --usd 5
--base-url BASE_URL --sink file:...`, interleaved in random order with ethers in every round; ratio =
median over rounds of (that command / ethers in the same round). CPU = user + system (wait4).

    python3 bench/ab-jars.py ROUNDS BASE_URL "old=java -jar /tmp/old/keymint.jar" "new=java -jar target/keymint.jar"

BASE_URL: an emulator's (`java -jar target/keymint.jar emulator --port 0 --staker
0xBE934cAaF7fFcC404A69916A5c56C702a1c5Cf0c`); bench/node_modules must hold ethers (bench/e2e.sh).
"""
import os, subprocess, sys, time, statistics, random, tempfile
N = int(sys.argv[1]); base = sys.argv[2]
D = tempfile.mkdtemp(prefix="keymint-ab-jars-")
C = {}
for a in sys.argv[3:]:
    lab, pre = a.split("=", 1)
    C[lab] = pre.split() + ["mint", "--usd", "5", "--base-url", base, "--sink", "file:%s/%s.key" % (D, lab)]
C["ethers"] = ["node", os.path.join(os.path.dirname(os.path.abspath(__file__)), "ethers-mint.mjs"), base, D + "/ethers.key"]
env = dict(os.environ, WALLET_KEY="0xa52a01f304e6851bda05ad78881ad41f20acaa829109a155b680c315df71dcb6")
res = {k: [] for k in C}
for i in range(N + 1):
    ks = list(C); random.shuffle(ks)
    for k in ks:
        t0 = time.monotonic(); p = subprocess.Popen(C[k], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, st, ru = os.wait4(p.pid, 0); w = time.monotonic() - t0
        if os.waitstatus_to_exitcode(st) != 0: sys.exit("failed %s: %s" % (k, p.stderr.read().decode()))
        if i: res[k].append((w, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024))
    print("round %d/%d load %s" % (i, N, os.getloadavg()[0]), file=sys.stderr, flush=True)
for f in os.listdir(D):
    os.remove(os.path.join(D, f))
os.rmdir(D)
eth = res["ethers"]
print("| who | wall | /ethers | CPU | RSS MiB |")
for k, xs in res.items():
    print("| %s | %.3f | %.2fx | %.3f | %.0f |" % (k, statistics.median(x[0] for x in xs),
          statistics.median(x[0] / e[0] for x, e in zip(xs, eth)), statistics.median(x[1] for x in xs), statistics.median(x[2] for x in xs)))
