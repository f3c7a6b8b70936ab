#!/usr/bin/env bash
# Re-resolve packages.txt against the Debian suite and rewrite pins.txt.
# Usage: resources/vm/update-pins.sh [SUITE]   (default: the suite in pins.txt, else trixie)
# Run it deliberately (e.g. to take a security update), then rebuild and
# commit pins.txt together with the new build's manifest figures.
set -euo pipefail
umask 022
. "$(dirname "$0")/common.sh"
need_tools apt-get apt-cache sha256sum

PINS=$VM_DIR/pins.txt
suite=${1:-}
sde=
if [ -f "$PINS" ]; then
  read_pins "$PINS"
  suite=${suite:-$SUITE}
fi
suite=${suite:-trixie}
arch=amd64
sde=$(( $(date -u +%s) / 86400 * 86400 ))   # today 00:00 UTC: fixed once written

apt_setup "$suite" "$arch"
apt_update

candidate() { # NAME -> candidate version or empty
  apt-cache "${APT_OPTS[@]}" policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}' | grep -v '(none)' || true
}

names=()
while read -r n _; do
  case $n in ''|'#'*) continue ;; esac
  if [ "$n" = linux-image-cloud-amd64 ]; then
    v=$(candidate "$n"); [ -n "$v" ] || die "$n not found in $suite"
    n=$(apt-cache "${APT_OPTS[@]}" show "$n=$v" | sed -n 's/^Depends: *\(linux-image-[^ ,]*\).*/\1/p' | sed -n 1p)
    [ -n "$n" ] || die "cannot resolve the cloud kernel package"
  fi
  names+=("$n")
done <"$VM_DIR/packages.txt"

mkdir -p "$OUT/debs"
tmp=$(mktemp)
{
  echo "# Berth VM pins: written by update-pins.sh on $(date -u +%Y-%m-%d) from Debian $suite."
  echo "# build.sh downloads exactly these versions and checks each .deb's sha256."
  echo "suite $suite"
  echo "arch $arch"
  echo "source_date_epoch $sde"
} >"$tmp"
kver=
for n in $(printf '%s\n' "${names[@]}" | LC_ALL=C sort -u); do
  v=$(candidate "$n"); [ -n "$v" ] || die "$n has no candidate in $suite"
  a=$(apt-cache "${APT_OPTS[@]}" show "$n=$v" | awk '/^Architecture:/ && !x {print $2; x=1}')
  f=$OUT/debs/$(deb_file "$n" "$v" "$a")
  if [ ! -f "$f" ]; then
    (cd "$OUT/debs" && apt-get -q "${APT_OPTS[@]}" download "$n=$v" >/dev/null) || die "download $n=$v failed"
  fi
  s=$(sha256sum "$f" | cut -d' ' -f1)
  case $n in linux-image-*-cloud-amd64) kver=${n#linux-image-} ;; esac
  printf 'pkg %s %s %s %s\n' "$n" "$v" "$a" "$s" >>"$tmp"
  log "pinned $n $v"
done
[ -n "$kver" ] || die "no kernel among the packages"
sed -i "/^source_date_epoch/a kernel $kver" "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$PINS"
log "wrote $PINS"
