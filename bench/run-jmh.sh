#!/usr/bin/env bash
# Runs JMH benchmarks from target/test-classes with the test classpath (JMH is a test-scope
# dependency; its annotation processor writes META-INF/BenchmarkList at test-compile).
# Usage: bench/run-jmh.sh [JMH arguments...], e.g. bench/run-jmh.sh MlpStepBench -f 1 -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test >&2
exec java ${JMH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" \
    org.openjdk.jmh.Main "$@"
