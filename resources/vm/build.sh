#!/usr/bin/env bash
# Build the Berth VM image from pinned Debian packages (pins.txt).
#
#   resources/vm/build.sh            (npm run vm:build)
#
# Output in resources/vm/build/ (override: BERTH_VM_OUT=dir):
#   vmlinuz          Debian's cloud kernel, as shipped
#   initrd.img       stage-1 initramfs (zstd cpio, ~1 MB): mounts the root image
#   rootfs.squashfs  read-only root filesystem (zstd squashfs)
#   manifest.json    package versions, artefact sha256 + size, kernel cmdline
# Downloaded .debs are cached in build/debs (BERTH_VM_DEBS=dir) and checked
# against the sha256 in pins.txt; with all of them cached no network is used.
# Needs no root. The same pins + recipe + host tools give byte-identical
# artefacts (see README.md, "Reproducibility"; check with repro-check.sh).
set -euo pipefail
umask 022
export LC_ALL=C TZ=UTC
. "$(dirname "$0")/common.sh"

need_tools apt-get dpkg-deb sha256sum mksquashfs cpio zstd xz depmod readelf find sort touch
read_pins "$VM_DIR/pins.txt"
# Timestamps come from pins.txt (not from a SOURCE_DATE_EPOCH that a CI
# environment may export), so every build of the same pins is identical.
export SOURCE_DATE_EPOCH=${BERTH_VM_SOURCE_DATE_EPOCH:-$PIN_SDE}
SDE=$SOURCE_DATE_EPOCH
DEBS=${BERTH_VM_DEBS:-$OUT/debs}
W=$OUT/work
R=$W/rootfs
I=$W/initramfs
CMDLINE="console=ttyS0 apparmor=0 quiet panic=-1"
# Under TCG (no KVM) also disable ASLR: with fixed mappings qemu re-uses its
# translated code across exec()s (dockerd runs ~100 iptables processes at start).
CMDLINE_TCG="$CMDLINE norandmaps"
t_start=$(date +%s)
mkdir -p "$OUT" "$DEBS"

# ---------------------------------------------------------------- fetch
pkgfile() { echo "$DEBS/$(deb_file "${PIN_NAME[$1]}" "${PIN_VER[$1]}" "${PIN_ARCH[$1]}")"; }
sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
missing=()
for i in "${!PIN_NAME[@]}"; do
  sha_ok "$(pkgfile "$i")" "${PIN_SHA[$i]}" || missing+=("${PIN_NAME[$i]}=${PIN_VER[$i]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "downloading ${#missing[@]} package(s) from Debian $SUITE"
  apt_setup "$SUITE" "$ARCH"
  apt_update
  (cd "$DEBS" && apt-get -q "${APT_OPTS[@]}" download "${missing[@]}" >"$OUT/apt/download.log" 2>&1) || {
    cat "$OUT/apt/download.log" >&2
    die "download failed. A pinned version that Debian has since replaced is no longer on the mirror: run resources/vm/update-pins.sh, rebuild, and commit the new pins.txt"
  }
fi
for i in "${!PIN_NAME[@]}"; do
  sha_ok "$(pkgfile "$i")" "${PIN_SHA[$i]}" \
    || die "sha256 mismatch for ${PIN_NAME[$i]} ${PIN_VER[$i]} ($(pkgfile "$i"))"
done

# ---------------------------------------------------------------- unpack
log "unpacking ${#PIN_NAME[@]} packages"
rm -rf "$W"
mkdir -p "$W/pkg"
for i in "${!PIN_NAME[@]}"; do
  dpkg-deb -x "$(pkgfile "$i")" "$W/pkg/${PIN_NAME[$i]}"
done
P=$W/pkg
KPKG=$P/linux-image-$KVER
[ -f "$KPKG/boot/vmlinuz-$KVER" ] || die "kernel $KVER not in its package"
MLIB=usr/lib/x86_64-linux-gnu

# take PKG PATH...: copy files/symlinks from an unpacked package into the rootfs
take() {
  local pkg=$1 p; shift
  for p in "$@"; do
    [ -e "$P/$pkg/$p" ] || [ -L "$P/$pkg/$p" ] || die "$pkg has no $p"
    mkdir -p "$R/$(dirname "$p")"
    cp -a "$P/$pkg/$p" "$R/$p"
  done
}

# ---------------------------------------------------------------- rootfs
log "assembling the root filesystem"
mkdir -p "$R"
(cd "$R"
 mkdir -p usr/bin usr/sbin usr/lib usr/lib64 "$MLIB" etc dev proc sys run tmp root data mnt \
   var/lib var/log var/tmp etc/docker etc/ssl/certs usr/share/berth
 ln -s ../proc/self/mounts etc/mtab
 ln -s usr/bin bin; ln -s usr/sbin sbin; ln -s usr/lib lib; ln -s usr/lib64 lib64
 ln -s /run var/run; ln -s /run/lock var/lock
 chmod 1777 tmp var/tmp; chmod 0700 root)

# engine
take docker.io usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/docker-init
take tini usr/bin/tini-static
take containerd usr/bin/containerd usr/bin/containerd-shim-runc-v2
take runc usr/sbin/runc usr/bin/runc
take iptables usr/sbin/xtables-nft-multi
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore \
         iptables-nft iptables-nft-save iptables-nft-restore ip6tables-nft ip6tables-nft-save ip6tables-nft-restore; do
  ln -s xtables-nft-multi "$R/usr/sbin/$t"
done
mkdir -p "$R/$MLIB/xtables"
cp -a "$P/iptables/$MLIB/xtables/"lib{xt,ipt,ip6t}_*.so "$R/$MLIB/xtables/"
# base tools
take busybox-static usr/bin/busybox
take netcat-openbsd usr/bin/nc.openbsd
ln -s nc.openbsd "$R/usr/bin/nc"
take e2fsprogs usr/sbin/mke2fs usr/sbin/e2fsck usr/sbin/resize2fs usr/sbin/tune2fs usr/sbin/dumpe2fs etc/mke2fs.conf
for t in mkfs.ext4 mkfs.ext2; do ln -s mke2fs "$R/usr/sbin/$t"; done
for t in fsck.ext4 fsck.ext2; do ln -s e2fsck "$R/usr/sbin/$t"; done
take netbase etc/protocols etc/services
take libc6 usr/lib64/ld-linux-x86-64.so.2 "$MLIB/ld-linux-x86-64.so.2"
take libgcc-s1 "$MLIB/libgcc_s.so.1"
# CA bundle, as update-ca-certificates would write it
find "$P/ca-certificates/usr/share/ca-certificates" -name '*.crt' | sort \
  | while read -r c; do sed -e '$a\' "$c"; done >"$R/etc/ssl/certs/ca-certificates.crt"
[ -s "$R/etc/ssl/certs/ca-certificates.crt" ] || die "empty CA bundle"
# busybox applets for everything not provided by a real binary
"$R/usr/bin/busybox" --list-full >"$W/applets" || die "cannot run the guest busybox on this host (x86_64 needed)"
while read -r a; do
  case $a in linuxrc|*/linuxrc) continue ;; esac
  case $a in bin/*|sbin/*) a=usr/$a ;; esac
  [ -e "$R/$a" ] || [ -L "$R/$a" ] || ln -s /usr/bin/busybox "$R/$a"
done <"$W/applets"

# shared libraries: close over DT_NEEDED of every ELF file in the image
elf_needed() {
  find "$R" -type f \( -perm -u+x -o -name '*.so*' \) -print0 | sort -z \
    | xargs -0 readelf -d 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u
}
while :; do
  added=0
  for so in $(elf_needed); do
    [ -e "$R/$MLIB/$so" ] && continue
    src=$(find "$P"/*/"$MLIB" -maxdepth 1 -name "$so" | sort | sed -n 1p)
    [ -n "$src" ] || die "no pinned package provides $so (add it to packages.txt and run update-pins.sh)"
    cp -a "$src" "$R/$MLIB/$so"
    if [ -L "$src" ]; then
      tgt=$(readlink -f "$src")
      cp -a "$tgt" "$R/$MLIB/$(basename "$tgt")"
    fi
    added=1
  done
  [ $added = 1 ] || break
done

# kernel modules: the list in modules.txt plus dependencies, uncompressed
log "selecting kernel modules"
KMOD_SRC=$KPKG/usr/lib/modules/$KVER
mkdir -p "$W/kfull/lib"
ln -s "$KMOD_SRC/.." "$W/kfull/lib/modules"
depmod -b "$W/kfull" "$KVER"
norm() { local b=${1##*/}; b=${b%%.ko*}; echo "${b//-/_}"; }
declare -A MODPATH MODDEPS
while IFS=: read -r path deps; do
  n=$(norm "$path"); MODPATH[$n]=$path; MODDEPS[$n]=$deps
done <"$KMOD_SRC/modules.dep"
declare -A SEEN
ORDER=()
visit() { # depth-first: dependencies before the module
  local n=$1 d
  [ -n "${SEEN[$n]:-}" ] && return
  SEEN[$n]=1
  [ -n "${MODPATH[$n]:-}" ] || die "module $n not in kernel $KVER (built in? then drop it from modules.txt)"
  for d in ${MODDEPS[$n]}; do visit "$(norm "$d")"; done
  ORDER+=("$n")
}
BOOT_MODS=() INITRD_MODS=()
while read -r m stage _; do
  case $m in ''|'#'*) continue ;; esac
  case $stage in initramfs) INITRD_MODS+=("$m") ;; boot) BOOT_MODS+=("$m") ;; demand) ;; *) die "modules.txt: bad stage '$stage' for $m" ;; esac
  visit "$(norm "$m")"
done <"$VM_DIR/modules.txt"
RMOD=$R/usr/lib/modules/$KVER
for n in "${ORDER[@]}"; do
  p=${MODPATH[$n]}
  mkdir -p "$RMOD/$(dirname "$p")"
  case $p in
    *.xz) xz -dc "$KMOD_SRC/$p" >"$RMOD/${p%.xz}" ;;
    *.zst) zstd -qdc "$KMOD_SRC/$p" >"$RMOD/${p%.zst}" ;;
    *) cp "$KMOD_SRC/$p" "$RMOD/$p" ;;
  esac
done
cp "$KMOD_SRC/modules.builtin" "$KMOD_SRC/modules.builtin.modinfo" "$RMOD/"
sed -e 's/\.ko\.\(xz\|zst\|gz\)$/.ko/' "$KMOD_SRC/modules.order" >"$RMOD/modules.order"
depmod -b "$R" "$KVER"
mkdir -p "$R/etc/berth"
printf '%s\n' "${BOOT_MODS[@]}" >"$R/etc/berth/modules.boot"
NMODS=${#ORDER[@]}

# our files (modes normalised: git keeps only the x bit)
(cd "$VM_DIR/rootfs" && find . -mindepth 1 | sort) | while read -r f; do
  s=$VM_DIR/rootfs/$f
  if [ -d "$s" ]; then mkdir -p "$R/$f"; chmod 0755 "$R/$f"
  else
    mkdir -p "$R/$(dirname "$f")"; rm -f "$R/$f"; cp "$s" "$R/$f"
    if [ -x "$s" ]; then chmod 0755 "$R/$f"; else chmod 0644 "$R/$f"; fi
  fi
done
chmod 0600 "$R/etc/shadow"

# identity: a hash of every recipe input
recipe_sha=$(cd "$VM_DIR" && find build.sh common.sh pins.txt modules.txt rootfs initramfs -type f -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
pkg_list=$(for i in "${!PIN_NAME[@]}"; do echo "${PIN_NAME[$i]} ${PIN_VER[$i]}"; done)
echo "$pkg_list" >"$R/usr/share/berth/packages.txt"
cat >"$R/etc/os-release" <<EOF
PRETTY_NAME="Berth VM (Debian $SUITE packages)"
NAME="Berth VM"
ID=berth
ID_LIKE=debian
VERSION_ID=${recipe_sha:0:12}
BUILD_ID=${recipe_sha:0:12}
EOF

# ---------------------------------------------------------------- initramfs
log "building the stage-1 initramfs"
mkdir -p "$I/bin" "$I/dev" "$I/proc" "$I/sys" "$I/lib/modules"
cp "$R/usr/bin/busybox" "$I/bin/busybox"
cp "$VM_DIR/initramfs/init" "$I/init"
chmod 0755 "$I/init" "$I/bin/busybox"
: >"$I/lib/modules/modules.load"
unset SEEN; declare -A SEEN; ORDER=()
for m in "${INITRD_MODS[@]}"; do visit "$(norm "$m")"; done
for n in "${ORDER[@]}"; do
  p=${MODPATH[$n]}
  cp "$RMOD/${p%.ko*}.ko" "$I/lib/modules/$n.ko"
  echo "$n" >>"$I/lib/modules/modules.load"
done

# ---------------------------------------------------------------- images
normalise() { find "$1" -exec touch -h -d "@$SDE" {} +; }
normalise "$I"
normalise "$R"
rm -f "$OUT/initrd.img" "$OUT/rootfs.squashfs" "$OUT/vmlinuz" "$OUT/manifest.json"
(cd "$I" && find . -mindepth 1 -print0 | sort -z \
  | cpio --null -o -H newc -R 0:0 --reproducible --quiet) \
  | zstd -q -19 -T1 --no-check >"$OUT/initrd.img"

log "building the squashfs root (zstd)"
env -u SOURCE_DATE_EPOCH nice -n 10 mksquashfs "$R" "$OUT/rootfs.squashfs" -noappend -quiet -no-progress \
  -comp zstd -Xcompression-level "${BERTH_VM_ZSTD_LEVEL:-19}" -b 1M -all-root -no-xattrs -no-exports \
  -mkfs-time "$SDE" -all-time "$SDE" -reproducible >/dev/null
cp "$KPKG/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
touch -d "@$SDE" "$OUT/vmlinuz" "$OUT/initrd.img" "$OUT/rootfs.squashfs"

# ---------------------------------------------------------------- manifest
art() { # NAME FILE
  printf '    "%s": { "file": "%s", "size": %s, "sha256": "%s" }' \
    "$1" "$(basename "$2")" "$(stat -c %s "$2")" "$(sha256sum "$2" | cut -d' ' -f1)"
}
ver() { local i; for i in "${!PIN_NAME[@]}"; do [ "${PIN_NAME[$i]}" = "$1" ] && echo "${PIN_VER[$i]}"; done; }
rootfs_bytes=$(du -sb --apparent-size "$R" | cut -f1)
{
  echo '{'
  echo '  "schema": 1,'
  echo '  "name": "berth-vm",'
  echo "  \"recipe_sha256\": \"$recipe_sha\","
  echo "  \"arch\": \"$ARCH\","
  echo "  \"debian_suite\": \"$SUITE\","
  echo "  \"source_date_epoch\": $SDE,"
  echo "  \"kernel_version\": \"$KVER\","
  echo "  \"kernel_cmdline\": \"$CMDLINE\","
  echo "  \"kernel_cmdline_tcg\": \"$CMDLINE_TCG\","
  echo '  "components": {'
  echo "    \"docker\": \"$(ver docker.io)\", \"containerd\": \"$(ver containerd)\", \"runc\": \"$(ver runc)\","
  echo "    \"iptables\": \"$(ver iptables)\", \"busybox\": \"$(ver busybox-static)\""
  echo '  },'
  echo '  "artefacts": {'
  art kernel "$OUT/vmlinuz"; echo ','
  art initrd "$OUT/initrd.img"; echo ','
  art rootfs "$OUT/rootfs.squashfs"; echo
  echo '  },'
  echo "  \"rootfs_uncompressed_bytes\": $rootfs_bytes,"
  echo "  \"kernel_modules\": { \"count\": $NMODS, \"initramfs\": [$(sed 's/.*/"&"/' "$I/lib/modules/modules.load" | paste -sd, | sed 's/,/, /g')] },"
  echo '  "packages": ['
  for i in "${!PIN_NAME[@]}"; do
    sep=,; [ "$i" -eq $((${#PIN_NAME[@]} - 1)) ] && sep=
    printf '    { "name": "%s", "version": "%s", "arch": "%s", "sha256": "%s" }%s\n' \
      "${PIN_NAME[$i]}" "${PIN_VER[$i]}" "${PIN_ARCH[$i]}" "${PIN_SHA[$i]}" "$sep"
  done
  echo '  ],'
  echo '  "build_tools": {'
  echo "    \"mksquashfs\": \"$(mksquashfs -version 2>&1 | sed -n '1s/^mksquashfs version \([^ ]*\).*/\1/p')\","
  echo "    \"zstd\": \"$(zstd -V | sed -n 's/.* v\([0-9.]*\),.*/\1/p')\","
  echo "    \"cpio\": \"$(cpio --version | sed -n '1s/.* //p')\","
  echo "    \"kmod\": \"$(depmod --version | sed -n '1s/kmod version //p')\""
  echo '  }'
  echo '}'
} >"$OUT/manifest.json"

[ -n "${BERTH_VM_KEEP_WORK:-}" ] || rm -rf "$W"
t_end=$(date +%s)
log "done in $((t_end - t_start))s: $OUT"
for f in vmlinuz initrd.img rootfs.squashfs manifest.json; do
  printf '  %-16s %10s bytes  %s\n' "$f" "$(stat -c %s "$OUT/$f")" "$(sha256sum "$OUT/$f" | cut -d' ' -f1)" >&2
done
