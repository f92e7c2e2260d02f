#!/usr/bin/env bash
# Builds every image of docker-compose.yml that can be built without a registry:
# apache/kafka:<kafka.version> and streamlearn/jre:17 (skipped when present unless --force), then
# the fat jar and the streamlearn:latest image from the Dockerfile.
# Usage: docker/build-images.sh [--force] [--skip-package]   (--skip-package: the jar is built)
set -euo pipefail
cd "$(dirname "$0")/.."
. docker/lib/rootfs.sh

force=() package=true
for arg in "$@"; do
  case "$arg" in
    --force) force=(--force) ;;
    --skip-package) package=false ;;
    *) die "unknown option $arg" ;;
  esac
done
app_image=${STREAMLEARN_IMAGE:-streamlearn:latest}

timed() {
  local what=$1 start=$SECONDS
  shift
  "$@"
  log "$what: $((SECONDS - start)) s"
}

timed "kafka image" docker/kafka/build-image.sh "${force[@]}"
timed "jre image" docker/jre/build-image.sh "${force[@]}"
if $package; then
  timed "mvn package" mvn -q -B -ntp -Dstyle.color=never -DskipTests package
fi
[[ -f target/streamlearn.jar ]] || die "target/streamlearn.jar missing (mvn -DskipTests package)"
previous=$(image_id "$app_image")
# the legacy builder: no buildx here
timed "$app_image" env DOCKER_BUILDKIT=0 docker build -q -t "$app_image" . >/dev/null 2> >(grep -v -e DEPRECATED -e BuildKit -e environment-variable -e '^ *$' >&2)
remove_replaced "$previous" "$app_image"
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E '^(apache/kafka|streamlearn)' >&2
