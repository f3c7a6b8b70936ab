#!/usr/bin/env bash
# Make Berth's cluster images as rootfs tarballs, and import them into an engine.
# Nothing is pulled from a registry: every image is one or two static binaries.
#
#   resources/kube/images.sh tarballs          # write tarballs (default)
#   DOCKER_HOST=unix:///path/docker.sock resources/kube/images.sh import
#
# Images (tarballs in ${BERTH_KUBE_CACHE:-~/.cache/berth/kube}/<KUBE_VERSION>/images/):
#   berth/pause:<PAUSE_VERSION>        /pause (kubernetes' pause.c), ENTRYPOINT /pause
#   berth/coredns:<COREDNS_VERSION>    /coredns, ENTRYPOINT /coredns
#   berth/probe:test                   /berth-probe + busybox (test workload only)
#
# `import` runs `docker import` with the image config given by --change lines and
# a label berth.rootfs.sha256; an image whose label already matches is skipped.
# Needs build.sh to have run (binaries in the bundle's bin/).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE_ROOT=${BERTH_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/kube}
BIN=${BERTH_KUBE_BIN:-$CACHE_ROOT/$KUBE_VERSION/bin}
IMG=$CACHE_ROOT/$KUBE_VERSION/images
BUSYBOX=${BUSYBOX:-/bin/busybox}
DOCKER=${DOCKER:-docker}

# name|ref|tarball|change;change;...
images() {
  echo "pause|berth/pause:$PAUSE_VERSION|pause-$PAUSE_VERSION.tar|ENTRYPOINT [\"/pause\"]"
  echo "coredns|berth/coredns:$COREDNS_VERSION|coredns-$COREDNS_VERSION.tar|ENTRYPOINT [\"/coredns\"];EXPOSE 53/udp 53/tcp 9153/tcp"
  echo "probe|berth/probe:test|probe-test.tar|ENTRYPOINT [\"/berth-probe\"];CMD [\"serve\"];ENV PATH=/bin"
}

# reproducible tar of a directory
mktar() { tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$1" -cf "$2.tmp" . && mv "$2.tmp" "$2"; }

rootfs_pause() { install -m 0755 "$BIN/pause" "$1/pause"; }
rootfs_coredns() {
  install -m 0755 "$BIN/coredns" "$1/coredns"
  mkdir -p "$1/etc" "$1/tmp"; chmod 1777 "$1/tmp"
  printf 'root:x:0:0:root:/:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/:/sbin/nologin\n' > "$1/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' > "$1/etc/group"
}
rootfs_probe() {
  install -m 0755 "$BIN/berth-probe" "$1/berth-probe"
  mkdir -p "$1/bin" "$1/etc" "$1/tmp"; chmod 1777 "$1/tmp"
  if [[ -x "$BUSYBOX" ]] && ! readelf -l "$BUSYBOX" 2>/dev/null | grep -q 'program interpreter'; then
    install -m 0755 "$BUSYBOX" "$1/bin/busybox"
    local a; for a in sh ls cat echo sleep ps wget nslookup ip hostname env mount; do ln -sf busybox "$1/bin/$a"; done
  fi
  ln -sf ../berth-probe "$1/bin/berth-probe"
  printf 'root:x:0:0:root:/:/bin/sh\n' > "$1/etc/passwd"; printf 'root:x:0:\n' > "$1/etc/group"
}

tarballs() {
  mkdir -p "$IMG"
  local name ref tar changes tmp
  while IFS='|' read -r name ref tar changes; do
    tmp=$(mktemp -d); "rootfs_$name" "$tmp"
    mktar "$tmp" "$IMG/$tar"; rm -rf "$tmp"
    printf '%s\n' "$changes" | tr ';' '\n' > "$IMG/$tar.changes"
    echo "$ref" > "$IMG/$tar.ref"
    printf '%-28s %s (%s bytes)\n' "$ref" "$IMG/$tar" "$(stat -c %s "$IMG/$tar")"
  done < <(images)
}

import() {
  local name ref tar changes sum have args c
  while IFS='|' read -r name ref tar changes; do
    [[ -f "$IMG/$tar" ]] || { echo "missing $IMG/$tar: run '$0 tarballs'" >&2; exit 1; }
    sum=$(sha256sum "$IMG/$tar" | cut -d' ' -f1)
    have=$($DOCKER image inspect -f '{{index .Config.Labels "berth.rootfs.sha256"}}' "$ref" 2>/dev/null || true)
    if [[ "$have" == "$sum" ]]; then echo "$ref: present"; continue; fi
    args=(--change "LABEL berth.rootfs.sha256=$sum")
    while IFS= read -r c; do [[ -n "$c" ]] && args+=(--change "$c"); done < "$IMG/$tar.changes"
    $DOCKER import "${args[@]}" "$IMG/$tar" "$ref" >/dev/null
    echo "$ref: imported"
  done < <(images)
}

case "${1:-tarballs}" in
  tarballs) tarballs ;;
  import) import ;;
  all) tarballs; import ;;
  *) echo "usage: $0 [tarballs|import|all]" >&2; exit 2 ;;
esac
