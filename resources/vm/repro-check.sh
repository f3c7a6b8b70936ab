#!/usr/bin/env bash
# Build the VM image twice from the same inputs and compare the artefacts
# byte for byte: build/ (the normal output) and build/repro/ (a second,
# independent build sharing only the .deb cache).
#   resources/vm/repro-check.sh
set -euo pipefail
VM_DIR=$(cd "$(dirname "$0")" && pwd)
A=${BERTH_VM_OUT:-$VM_DIR/build}
Bd=$A/repro
"$VM_DIR/build.sh"
rm -rf "$Bd"
BERTH_VM_OUT=$Bd BERTH_VM_DEBS=$A/debs "$VM_DIR/build.sh"
rc=0
for f in vmlinuz initrd.img rootfs.squashfs manifest.json; do
  a=$(sha256sum "$A/$f" | cut -d' ' -f1); b=$(sha256sum "$Bd/$f" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then echo "identical  $f  $a"; else echo "DIFFERENT  $f  $a  $b"; rc=1; fi
done
rm -rf "$Bd"
[ $rc = 0 ] && echo "repro-check: the two builds are byte-identical" || echo "repro-check: the builds differ"
exit $rc
