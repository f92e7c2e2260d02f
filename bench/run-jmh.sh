#!/usr/bin/env bash
# Runs JMH benchmarks from target/test-classes with the test classpath (JMH is a test-scope
# dependency; its annotation processor writes META-INF/BenchmarkList at test-compile).
# Benchmarks live in src/test/java/io/streamlearn/bench/ (surefire skips them).
# Usage: bench/run-jmh.sh BENCHMARK_REGEX [JMH args...]
#   e.g. bench/run-jmh.sh LinearUpdateBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
# JMH_JAVA_OPTS, if set, goes to the JMH launcher's JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 BENCHMARK_REGEX [JMH args...]" >&2
  exit 2
fi
mvn -q -B test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test >&2
exec java ${JMH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" \
    org.openjdk.jmh.Main "$@"
