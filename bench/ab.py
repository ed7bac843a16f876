"""A/B of two builds in one run: each build's mint and ensure (mints, reuses), through `java -jar`
and bin/keymint, with ethers in every round, in random order; ratio = median over rounds of
keymint / ethers in the same round, which a busy machine moves less than two separate runs.

    python3 bench/ab.py ROUNDS BASE_CHECKOUT NEW_CHECKOUT

Each checkout must be built (target/keymint.jar) and archived (bin/keymint-cds); bench/node_modules
of NEW_CHECKOUT must hold ethers (bench/e2e.sh installs it). Each command runs in its checkout.
"""
import os, subprocess, sys, time, statistics, random
N = int(sys.argv[1])
BASE, NEW = os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
KEY = "0xa52a01f304e6851bda05ad78881ad41f20acaa829109a155b680c315df71dcb6"
D = "/tmp/keymint-ab-%d" % os.getpid()
os.makedirs(D, exist_ok=True)
em = subprocess.Popen(["java","-jar",NEW+"/target/keymint.jar","emulator","--port","0","--staker","0xBE934cAaF7fFcC404A69916A5c56C702a1c5Cf0c"],stdout=subprocess.PIPE,stderr=subprocess.DEVNULL,text=True)
base = em.stdout.readline().strip()
env = dict(os.environ, WALLET_KEY=KEY, JAVA_OPTS="")
def empty(p):
    for f in os.listdir(D):
        if os.path.join(D,f).startswith(p) and not f.endswith(".lock"): os.remove(os.path.join(D,f))
def cmds(root, tag):
    jj = ["java","-jar",root+"/target/keymint.jar"]; bk = [root+"/bin/keymint"]
    out = {}
    for mode, pre in (("jar", jj), ("cds", bk)):
        out[(mode,"mint",tag)] = (pre+["mint","--usd","5","--base-url",base,"--sink","file:%s/m-%s-%s"%(D,tag,mode)], None)
        p = "%s/em-%s-%s"%(D,tag,mode)
        out[(mode,"ensure-mints",tag)] = (pre+["ensure","--usd","5","--base-url",base,"--sink","file:"+p], p)
        out[(mode,"ensure-reuses",tag)] = (pre+["ensure","--usd","5","--base-url",base,"--sink","file:%s/er-%s-%s"%(D,tag,mode)], None)
    return out
C = {}; C.update(cmds(BASE,"base")); C.update(cmds(NEW,"new"))
C[("node","ethers","-")] = (["node",NEW+"/bench/ethers-mint.mjs",base,D+"/ethers"], None)
res = {k: [] for k in C}
try:
    for i in range(N+1):
        keys = list(C); random.shuffle(keys)
        for k in keys:
            cmd, fresh = C[k]
            if fresh: empty(fresh)
            t0=time.monotonic(); p=subprocess.Popen(cmd,env=env,cwd=(BASE if cmd[0].startswith(BASE) or BASE + "/" in " ".join(cmd) else NEW),stdout=subprocess.DEVNULL,stderr=subprocess.PIPE)
            _,st,ru=os.wait4(p.pid,0); w=time.monotonic()-t0
            if os.waitstatus_to_exitcode(st)!=0: sys.exit("failed %s: %s" % (k, p.stderr.read().decode()))
            if i: res[k].append((w, ru.ru_utime+ru.ru_stime))
        print("round %d/%d" % (i, N), file=sys.stderr, flush=True)
finally:
    em.terminate(); em.wait()
    for f in os.listdir(D): os.remove(os.path.join(D, f))
    os.rmdir(D)
eth = res[("node","ethers","-")]
print("rounds: %d; ratio = median over rounds of (keymint / ethers in the same round)" % N)
print("| launch | command | base wall | new wall | base/ethers | new/ethers | base CPU | new CPU |")
print("|---|---|---|---|---|---|---|---|")
for mode in ("jar","cds"):
    for c in ("mint","ensure-mints","ensure-reuses"):
        b = res[(mode,c,"base")]; n = res[(mode,c,"new")]
        rb = statistics.median(x[0]/e[0] for x,e in zip(b,eth)); rn = statistics.median(x[0]/e[0] for x,e in zip(n,eth))
        print("| %s | %s | %.3f s | %.3f s | %.2f× | %.2f× | %.3f s | %.3f s |" % (
            "java -jar" if mode=="jar" else "bin/keymint", c,
            statistics.median(x[0] for x in b), statistics.median(x[0] for x in n), rb, rn,
            statistics.median(x[1] for x in b), statistics.median(x[1] for x in n)))
print("ethers: wall %.3f s, CPU %.3f s" % (statistics.median(x[0] for x in eth), statistics.median(x[1] for x in eth)))
