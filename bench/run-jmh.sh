#!/usr/bin/env bash
# Runs JMH benchmarks from the test classpath.
# Usage: bench/run-jmh.sh BENCHMARK_REGEX [JMH args...]
#   e.g. bench/run-jmh.sh LinearUpdateBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
# Benchmarks live in src/test/java/io/streamlearn/bench/ (surefire skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 BENCHMARK_REGEX [JMH args...]" >&2
  exit 2
fi
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main "$@"
