# Functions to assemble a minimal root file system for `docker import`, from what a Debian host
# with a JDK 17 has (no registry needed): a static busybox from Debian's busybox-static package,
# the host's bash, a JRE made by jlink from the host JDK 17, and the glibc libraries they link to.
# Sourced by docker/jre/build-image.sh and docker/kafka/build-image.sh.

# Modules of the JRE: what the Kafka broker, Kafka Streams (JMX, SASL/Kerberos, RocksDB through
# jdk.unsupported) and streamlearn (the JDK's HTTP server, JVM metrics) use.
JRE_MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,\
java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,\
jdk.httpserver,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

# The PATH inside the images: the JRE first, then busybox's applets.
IMAGE_PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# image_exists NAME:TAG
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# image_id IMAGE: its id, or nothing.
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# remove_replaced OLD_ID IMAGE: removes the image that IMAGE's tag pointed at before a rebuild, so
# that repeated builds leave no untagged images behind (kept while a container uses it).
remove_replaced() {
  if [[ -n "$1" && "$1" != "$(image_id "$2")" ]]; then
    docker image rm "$1" >/dev/null 2>&1 || true
  fi
}

# inputs_digest PATH...: a digest of the files under these paths of the repository (names and
# contents), stored as a label of the image they build, so that a changed script rebuilds it.
inputs_digest() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && find "$@" -type f -print0 | sort -z | xargs -0 sha256sum) |
    sha256sum | cut -c1-16
}

# image_current IMAGE DIGEST: the image exists and was built from inputs of this digest.
image_current() {
  [[ "$(docker image inspect -f '{{index .Config.Labels "io.streamlearn.inputs"}}' "$1" 2>/dev/null)" == "$2" ]]
}

# skip_build IMAGE DIGEST [--force]: true (and says so) when the image is current and not forced.
skip_build() {
  if [[ "${3:-}" == --force ]]; then
    return 1
  elif image_current "$1" "$2"; then
    log "$1 is up to date (--force to rebuild)"
    return 0
  elif image_exists "$1"; then
    log "$1 exists but was built from other inputs: rebuilding"
  fi
  return 1
}

# jdk17_home: the JDK 17 whose jlink and jmods make the JRE (JAVA_HOME if it is a 17 with jmods).
jdk17_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
    if [[ -n "$candidate" && -x "$candidate/bin/jlink" && -f "$candidate/jmods/java.base.jmod" ]] &&
       "$candidate/bin/java" -version 2>&1 | grep -q 'version "17'; then
      echo "$candidate"
      return
    fi
  done
  die "no JDK 17 with jmods found (apt-get install openjdk-17-jdk-headless)"
}

# rootfs_busybox ROOT: a static busybox with its applet links, the host's bash, /etc basics, /tmp.
rootfs_busybox() {
  local root=$1 debs
  debs=$(mktemp -d)
  if ! (cd "$debs" && apt-get -qq -o APT::Sandbox::User=root download busybox-static 2>/dev/null); then
    apt-get update -qq
    (cd "$debs" && apt-get -qq -o APT::Sandbox::User=root download busybox-static)
  fi
  dpkg-deb -x "$debs"/busybox-static_*.deb "$debs/x"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,tmp,root,var/tmp,proc,sys,dev}
  chmod 1777 "$root/tmp" "$root/var/tmp"
  install -m 0755 "$debs/x/bin/busybox" "$root/bin/busybox"
  rm -rf "$debs"
  local applet
  for applet in $("$root/bin/busybox" --list-full); do
    [[ -e "$root/$applet" ]] || ln -s /bin/busybox "$root/$applet"
  done
  # Testcontainers' start script and the Kafka scripts are bash scripts.
  rm -f "$root/bin/bash"
  install -m 0755 "$(readlink -f /bin/bash)" "$root/bin/bash"
  printf 'root:x:0:0:root:/root:/bin/sh\nappuser:x:1000:1000:appuser:/home/appuser:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nappuser:x:1000:\n' >"$root/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
  mkdir -p "$root/home/appuser"
}

# rootfs_jre ROOT: a JRE at /opt/java made by jlink from the host JDK 17.
rootfs_jre() {
  local root=$1 jdk
  jdk=$(jdk17_home)
  mkdir -p "$root/opt"
  "$jdk/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --output "$root/opt/java"
  # java.desktop is there for java.beans; its GUI, sound and font natives, which would need X11,
  # ALSA and freetype, are never loaded by a headless server.
  rm -f "$root"/opt/java/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound,libfontmanager,liblcms,libjavajpeg}.so
  # Debian links the JDK's CA store to /etc/ssl; the image gets the host's copy of it.
  if [[ -L "$root/opt/java/lib/security/cacerts" || ! -e "$root/opt/java/lib/security/cacerts" ]]; then
    rm -f "$root/opt/java/lib/security/cacerts"
    if [[ -r /etc/ssl/certs/java/cacerts ]]; then
      cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
    fi
  fi
}

# rootfs_libs ROOT: the host's shared libraries that the ELF files under ROOT need, at the same
# paths, plus libstdc++ and libgcc_s for the native libraries that jars unpack at run time
# (RocksDB, zstd, snappy) and the pre-2.34 glibc stubs they may link.
rootfs_libs() {
  local root=$1 file lib missing
  local -A needed=()
  while IFS= read -r -d '' file; do
    [[ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" == '177ELF' ]] || continue
    # libjvm.so is found at run time: the launcher has loaded it before any other JDK library.
    missing=$(ldd "$file" 2>/dev/null | grep 'not found' | grep -v 'libjvm\.so' || true)
    [[ -z "$missing" ]] || die "$file needs a library the host lacks: $missing"
    while read -r lib; do
      if [[ "$lib" == /* && "$lib" != "$root"/* ]]; then needed[$lib]=1; fi
    done < <(ldd "$file" 2>/dev/null | sed -n -e 's/.*=> \(\/[^ ]*\) .*/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p')
  done < <(find "$root" -type f \( -perm -u+x -o -name '*.so*' \) -print0)
  local libdir
  libdir=$(dirname "$(printf '%s\n' "${!needed[@]}" | grep '/libc\.so\.6$' | head -1)")
  for lib in libstdc++.so.6 libgcc_s.so.1; do
    [[ -e "$libdir/$lib" ]] || die "$libdir/$lib missing (apt-get install libstdc++6)"
    needed[$libdir/$lib]=1
  done
  # Natives built against an older glibc still link these (in libc itself since glibc 2.34).
  for lib in libpthread.so.0 libdl.so.2 librt.so.1; do
    if [[ -e "$libdir/$lib" ]]; then needed[$libdir/$lib]=1; fi
  done
  for lib in "${!needed[@]}"; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  log "copied ${#needed[@]} host libraries: $(printf '%s ' "${!needed[@]}" | xargs -n1 basename | sort | tr '\n' ' ')"
}

# import_rootfs ROOT IMAGE [--change ...]...: the folder ROOT as the image IMAGE.
import_rootfs() {
  local root=$1 image=$2
  shift 2
  local previous
  previous=$(image_id "$image")
  tar -C "$root" --numeric-owner -c . | docker import "$@" - "$image" >/dev/null
  remove_replaced "$previous" "$image"
  log "imported $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
}
