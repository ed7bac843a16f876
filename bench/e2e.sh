#!/usr/bin/env bash
# End-to-end time-to-key: a cold `java -jar target/keymint.jar mint` against Venice's own recipe
# (ethers v6 on Node, bench/ethers-mint.mjs) and against `openssl kdf ... SCRYPT` (the native floor
# for the standard keystore), all against one local emulator, pair by pair, alternating.
#
#   bench/e2e.sh [RUNS]          (default 5; prints medians, ratios and peak RSS)
# `ensure` is timed on both its paths with the env key: a sink emptied before each run (it mints)
# and a sink that keeps its key (it checks it with Venice and reuses it).
#
# Needs: java 17, maven (builds target/keymint.jar if it is missing or older than the sources),
# node >= 18 with npm (installs ethers 6.15.0 from bench/package-lock.json into bench/node_modules),
# openssl >= 3.0 (for `openssl kdf`), python3 (the runner: monotonic clock, per-child peak RSS from
# wait4(2) — no /usr/bin/time needed). hyperfine is not needed (Debian has it: apt-get install hyperfine).
# keymint runs twice per pair: through bin/keymint (with the AppCDS archive bin/keymint-cds makes:
# the recommended way) and as a plain `java -jar target/keymint.jar` (no archive); and a third
# time from the container image's layout, a jlink runtime with its own archive (bin/keymint-jlink).
# KEYMINT_JAVA_OPTS adds JVM flags to keymint's runs (e.g. "-XX:MaxRAM=1g" for a 1 GiB container).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

jar=target/keymint.jar
if [[ ! -f $jar ]] || [[ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]]; then
  echo "building $jar ..." >&2
  mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package
fi
if [[ ! -d bench/node_modules/ethers ]]; then
  echo "installing ethers (npm ci) ..." >&2
  (cd bench && npm ci --no-audit --no-fund --silent)
fi
if [[ ! -f target/keymint.jsa ]] || [[ target/keymint.jar -nt target/keymint.jsa ]]; then
  echo "making the AppCDS archive (bin/keymint-cds) ..." >&2
  bin/keymint-cds >&2
fi
if [[ ! -x target/jlink/keymint ]] || [[ target/keymint.jar -nt target/jlink/keymint.jar ]]; then
  echo "making the jlink runtime, the image's layout (bin/keymint-jlink) ..." >&2
  bin/keymint-jlink >&2
fi
command -v openssl >/dev/null || { echo "openssl not found" >&2; exit 1; }
exec python3 "$here/e2e.py" "${1:-5}"
