#!/bin/sh
# Emulator latency benchmark (not a test): sequential token GETs over one keep-alive connection,
# with TCP_NODELAY on (the emulator's default) and off (the JDK's default, Nagle on).
#   bench/emulator/run.sh [requests=200] [warmup=50]
set -e
cd "$(dirname "$0")/../.."
mvn -B -q package -DskipTests
for nodelay in true false; do
  java -cp target/keymint.jar:target/test-classes -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dsun.net.httpserver.nodelay=$nodelay io.keymint.bench.EmulatorLatencyBench "$@"
done
