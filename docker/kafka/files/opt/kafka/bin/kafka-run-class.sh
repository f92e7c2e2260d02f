#!/bin/bash
# kafka-run-class.sh CLASS [ARGS...]: runs a class of this Kafka on its class path. Tools log WARN
# to stderr unless KAFKA_LOG4J_OPTS says otherwise; a short-lived tool starts fastest with the
# serial collector and the client compiler only.
home=/opt/kafka
: "${KAFKA_HEAP_OPTS:=-Xmx256m}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$home/config/tools-log4j2.properties}"
# shellcheck disable=SC2086 # the *_OPTS are lists of options
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_LOG4J_OPTS ${KAFKA_OPTS:-} \
  -cp "$home/libs/*" "$@"
