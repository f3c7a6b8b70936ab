#!/usr/bin/env bash
# The Kubernetes bundle for Berth's VM: the binaries built by build.sh packed into a read-only
# squashfs that the VM mounts at /opt/berth/kube (a third disk, serial berth-kube), plus the image
# tarballs the host imports into the VM's engine. Nothing is pulled at run time.
#
#   resources/kube/vm-bundle.sh        # → resources/kube/build/{kube.squashfs,bundle.json,images/}
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE_ROOT=${BERTH_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/kube}
BIN=${BERTH_KUBE_BIN:-$CACHE_ROOT/$KUBE_VERSION/bin}
IMG=$CACHE_ROOT/$KUBE_VERSION/images
OUT=$HERE/build
SDE=${SOURCE_DATE_EPOCH:-1795737600}

need=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl etcd etcdctl cri-dockerd bridge host-local loopback portmap)
for b in "${need[@]}"; do [[ -x $BIN/$b ]] || { echo "missing $BIN/$b: run resources/kube/build.sh first" >&2; exit 1; }; done
command -v mksquashfs >/dev/null || { echo "mksquashfs is missing: apt-get install squashfs-tools" >&2; exit 1; }

"$HERE/images.sh" tarballs >/dev/null
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/cni" "$OUT/images"
for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl etcd etcdctl cri-dockerd; do install -m 0755 "$BIN/$b" "$stage/bin/$b"; done
for b in bridge host-local loopback portmap; do install -m 0755 "$BIN/$b" "$stage/cni/$b"; done
echo "$KUBE_VERSION" > "$stage/VERSION"
find "$stage" -exec touch -h -d "@$SDE" {} +

rm -f "$OUT/kube.squashfs.tmp"
mksquashfs "$stage" "$OUT/kube.squashfs.tmp" -comp zstd -Xcompression-level 6 -b 1M -noappend -no-xattrs \
  -all-root -mkfs-time "$SDE" -all-time "$SDE" -reproducible -quiet >/dev/null
mv "$OUT/kube.squashfs.tmp" "$OUT/kube.squashfs"
for t in "pause-$PAUSE_VERSION" "coredns-$COREDNS_VERSION" probe-test; do
  cp "$IMG/$t.tar" "$IMG/$t.tar.changes" "$OUT/images/"
done

sum() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
cat > "$OUT/bundle.json.tmp" <<JSON
{
  "kubernetes": "$KUBE_VERSION",
  "etcd": "$ETCD_VERSION",
  "criDockerd": "$CRI_DOCKERD_VERSION",
  "coredns": "$COREDNS_VERSION",
  "cniPlugins": "$CNI_PLUGINS_VERSION",
  "pause": "$PAUSE_VERSION",
  "squashfs": { "file": "kube.squashfs", "size": $(size "$OUT/kube.squashfs"), "sha256": "$(sum "$OUT/kube.squashfs")" },
  "images": {
    "pause": { "ref": "berth/pause:$PAUSE_VERSION", "file": "images/pause-$PAUSE_VERSION.tar", "sha256": "$(sum "$OUT/images/pause-$PAUSE_VERSION.tar")" },
    "coredns": { "ref": "berth/coredns:$COREDNS_VERSION", "file": "images/coredns-$COREDNS_VERSION.tar", "sha256": "$(sum "$OUT/images/coredns-$COREDNS_VERSION.tar")" },
    "probe": { "ref": "berth/probe:test", "file": "images/probe-test.tar", "sha256": "$(sum "$OUT/images/probe-test.tar")" }
  }
}
JSON
mv "$OUT/bundle.json.tmp" "$OUT/bundle.json"
echo "kube bundle: $OUT/kube.squashfs ($(( $(size "$OUT/kube.squashfs") / 1048576 )) MiB) for Kubernetes $KUBE_VERSION"
