#!/usr/bin/env bash
# A fleet on real etcd, median of N rounds (default 5): time until 8 replicas started at once all hold
# the one key vs one plain mint, and how long `keymint watch` takes to pick up a rotated key.
# Needs etcd and etcdctl (Debian: apt-get install -y etcd-server etcd-client) and target/keymint.jar
# (mvn -B -q -DskipTests package). Details in bench/fleet.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/keymint.jar ] || mvn -B -q -DskipTests package
exec python3 bench/fleet.py "${1:-5}"
