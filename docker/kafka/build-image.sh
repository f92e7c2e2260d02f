#!/usr/bin/env bash
# Builds apache/kafka:<kafka.version of pom.xml> locally, with no registry: the runtime jars of
# kafka_2.13 and kafka-tools from Maven Central (docker/kafka/pom.xml), busybox from Debian, bash,
# glibc and a jlink'ed JRE 17 from the host, the scripts of docker/kafka/files (the image's
# /etc/kafka/docker/run and /opt/kafka/bin tools). `docker import` makes the image. It behaves
# like the official image where Testcontainers' KafkaContainer and docker-compose.yml rely on it.
# Usage: docker/kafka/build-image.sh [--force]
#   (skips when the image exists and was built from the same scripts, unless --force)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/rootfs.sh"

version=${KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/../../pom.xml" | head -1)}
[[ -n "$version" ]] || die "no <kafka.version> in pom.xml"
image=apache/kafka:$version
digest=$(inputs_digest docker/lib docker/kafka)
if skip_build "$image" "$digest" "${1:-}"; then
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
log "building $image"
mkdir -p "$root/opt/kafka/libs" "$root/var/lib/kafka/data"
mvn -q -B -ntp -Dstyle.color=never -f "$here/pom.xml" -Dkafka.version="$version" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$root/opt/kafka/libs"
[[ -f "$root/opt/kafka/libs/kafka_2.13-$version.jar" ]] || die "kafka_2.13-$version.jar not resolved"
rootfs_busybox "$root"
rootfs_jre "$root"
rootfs_libs "$root"
cp -a "$here/files/." "$root/"
import_rootfs "$root" "$image" \
  --change "ENV PATH=/opt/kafka/bin:$IMAGE_PATH" \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL org.opencontainers.image.version=$version" \
  --change "LABEL io.streamlearn.inputs=$digest" \
  --change 'LABEL org.opencontainers.image.description="Apache Kafka from Maven Central on busybox and a jlink JRE 17, built by docker/kafka/build-image.sh"' \
  --change 'EXPOSE 9092' \
  --change 'WORKDIR /' \
  --change 'CMD ["/etc/kafka/docker/run"]'
