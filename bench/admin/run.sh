#!/bin/sh
# Creation-pacing benchmark (not a test). Builds the shaded jar and the test classes offline, then
# runs io.keymint.bench.CreationPacingBench against an in-process emulator.
#   bench/admin/run.sh [perWindow=20] [windowMillis=3000] [windows=8]
# Venice's real cap is 20 per 60000 ms; the default scales time by 1/20.
set -e
cd "$(dirname "$0")/../.."
mvn -B -q package -DskipTests
exec java -cp target/keymint.jar:target/test-classes -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.keymint.bench.CreationPacingBench "$@"
