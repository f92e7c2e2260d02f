#!/usr/bin/env bash
# Builds streamlearn/jre:17, the default base image of the project's Dockerfile, with no registry:
# busybox, bash, glibc and a jlink'ed JRE 17 from the host, imported with `docker import`.
# Usage: docker/jre/build-image.sh [--force]
#   (skips when the image exists and was built from the same scripts, unless --force)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/rootfs.sh"

image=${JRE_IMAGE:-streamlearn/jre:17}
digest=$(inputs_digest docker/lib docker/jre)
if skip_build "$image" "$digest" "${1:-}"; then
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
log "building $image"
rootfs_busybox "$root"
rootfs_jre "$root"
rootfs_libs "$root"
import_rootfs "$root" "$image" \
  --change "ENV PATH=$IMAGE_PATH" \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL io.streamlearn.inputs=$digest" \
  --change 'LABEL org.opencontainers.image.description="JRE 17 (jlink) on busybox, built by docker/jre/build-image.sh"' \
  --change 'CMD ["java", "-version"]'
