#!/usr/bin/env bash
# Build Berth's Kubernetes bundle from source, through the Go module proxy only.
#
#   resources/kube/build.sh [--regen] [--record] [component ...]
#
# components: cni pause probe etcd coredns cri-dockerd kubernetes   (default: all)
#
# Output (outside the repo):
#   ${BERTH_KUBE_CACHE:-~/.cache/berth/kube}/<KUBE_VERSION>/bin/<binary>
#   .../<KUBE_VERSION>/SHA256SUMS          sha256 of every binary
#   .../<KUBE_VERSION>/stamps/<comp>.inputs  sha256 of the component's inputs
#   .../<KUBE_VERSION>/logs/                 build logs and timings
#
# A component is skipped when its recorded input hash (versions, go.mod/go.sum,
# Go version, the build function's own text) matches and every binary still
# matches its recorded sha256. Builds are reproducible (-trimpath, fixed
# ldflags, -buildvcs=false), so SHA256SUMS should match resources/kube/SHA256SUMS
# on any amd64 machine with the same Go version.
#
# --regen   rewrite the pinned wrapper modules in resources/kube/modules/ from the
#           proxy (needed after a version bump; commit the result).
# --record  copy the bundle's SHA256SUMS to resources/kube/SHA256SUMS.
#
# Environment: BERTH_KUBE_CACHE (cache root), BERTH_NICE (default 10), GOCACHE,
# GOMODCACHE (go defaults apply), GO (go binary; default: go on PATH, else
# /usr/local/go/bin/go).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$HERE/versions.env"

if [[ -z "${GO:-}" ]]; then
  if command -v go >/dev/null; then GO=$(command -v go); else GO=/usr/local/go/bin/go; fi
fi
export PATH="$(dirname "$GO"):$PATH"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
CACHE_ROOT=${BERTH_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/kube}
BUNDLE=$CACHE_ROOT/$KUBE_VERSION
BIN=$BUNDLE/bin
STAMPS=$BUNDLE/stamps
LOGS=$BUNDLE/logs
WORK=$CACHE_ROOT/work
MODS=$HERE/modules
NICE=(nice -n "${BERTH_NICE:-10}")

REGEN=0 RECORD=0 COMPONENTS=()
for a in "$@"; do
  case "$a" in
    --regen) REGEN=1 ;;
    --record) RECORD=1 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) COMPONENTS+=("$a") ;;
  esac
done
ALL=(cni pause probe etcd coredns cri-dockerd kubernetes)
[[ ${#COMPONENTS[@]} -gt 0 ]] || COMPONENTS=("${ALL[@]}")

mkdir -p "$BIN" "$STAMPS" "$LOGS" "$WORK"
log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Directory of a module version in the module cache (downloads it if needed).
moddir() { "$GO" mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }
modtime() { "$GO" list -m -json "$1" | sed -n 's/^\t"Time": "\(.*\)",$/\1/p'; }

# Wrapper module: module + go + requires + replaces + tool lines; then tidy.
# $1=component, $2=go.mod text (without tool lines), rest=tool packages
regen_wrapper() {
  local comp=$1 gomod=$2; shift 2
  local d=$WORK/$comp-regen
  rm -rf "$d"; mkdir -p "$d"
  printf '%s\n' "$gomod" > "$d/go.mod"
  (cd "$d" && GOFLAGS=-mod=mod "$GO" get -tool "$@" && "$GO" mod tidy)
  mkdir -p "$MODS/$comp"
  cp "$d/go.mod" "$d/go.sum" "$MODS/$comp/"
  log "$comp: wrote pinned wrapper module $MODS/$comp/go.mod"
}

# Copy the pinned wrapper module into a work dir and print its path.
wrapper_workdir() {
  local comp=$1 d=$WORK/$1
  mkdir -p "$d"
  cp "$MODS/$comp/go.mod" "$MODS/$comp/go.sum" "$d/"
  echo "$d"
}

need_regen() { # $1=component $2=string that must appear in the pinned go.mod
  [[ $REGEN == 1 || ! -f "$MODS/$1/go.mod" ]] || ! grep -qF -- "$2" "$MODS/$1/go.mod"
}

# ---------------------------------------------------------------- components
vars_cni() { echo CNI_PLUGINS_VERSION; }
bins_cni() { echo bridge host-local loopback portmap; }
prep_cni() {
  need_regen cni "github.com/containernetworking/plugins $CNI_PLUGINS_VERSION" || return 0
  local p=github.com/containernetworking/plugins/plugins
  regen_wrapper cni "module berth.local/kube/cni

go 1.26.0

require github.com/containernetworking/plugins $CNI_PLUGINS_VERSION" \
    "$p/main/bridge@$CNI_PLUGINS_VERSION" "$p/ipam/host-local@$CNI_PLUGINS_VERSION" \
    "$p/main/loopback@$CNI_PLUGINS_VERSION" "$p/meta/portmap@$CNI_PLUGINS_VERSION"
}
build_cni() {
  local out=$1 d; d=$(wrapper_workdir cni)
  local p=github.com/containernetworking/plugins/plugins
  (cd "$d" && "${NICE[@]}" "$GO" build -trimpath -mod=readonly \
    -ldflags "-s -w -X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=$CNI_PLUGINS_VERSION" \
    -o "$out/" "$p/main/bridge" "$p/ipam/host-local" "$p/main/loopback" "$p/meta/portmap")
}

vars_pause() { echo KUBE_VERSION PAUSE_VERSION; }
bins_pause() { echo pause; }
prep_pause() { :; }
pause_src() { echo "$(moddir "k8s.io/kubernetes@$KUBE_VERSION")/build/pause/linux/pause.c"; }
build_pause() {
  local out=$1 src; src=$(pause_src)
  command -v gcc >/dev/null || { log "pause needs gcc (apt-get install gcc libc6-dev)"; return 1; }
  # Same flags as kubernetes' build/pause/Makefile; static glibc, stripped.
  "${NICE[@]}" gcc -Os -Wall -Werror -static "-DVERSION=v$PAUSE_VERSION-berth" -o "$out/pause" "$src"
  strip "$out/pause"
}

# berth-probe: the test workload (testimage/main.go), stdlib only.
vars_probe() { echo ; }
bins_probe() { echo berth-probe; }
prep_probe() { :; }
build_probe() {
  local out=$1
  (cd "$HERE/testimage" && "${NICE[@]}" "$GO" build -trimpath -mod=readonly -ldflags "-s -w" -o "$out/berth-probe" .)
}

vars_etcd() { echo ETCD_VERSION; }
bins_etcd() { echo etcd etcdctl; }
prep_etcd() {
  need_regen etcd "go.etcd.io/etcd/server/v3 $ETCD_VERSION" || return 0
  regen_wrapper etcd "module berth.local/kube/etcd

go 1.26.0

require (
	go.etcd.io/etcd/server/v3 $ETCD_VERSION
	go.etcd.io/etcd/etcdctl/v3 $ETCD_VERSION
)" "go.etcd.io/etcd/server/v3@$ETCD_VERSION" "go.etcd.io/etcd/etcdctl/v3@$ETCD_VERSION"
}
build_etcd() {
  local out=$1 d; d=$(wrapper_workdir etcd)
  local ld="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=proxy-$ETCD_VERSION"
  (cd "$d" && "${NICE[@]}" "$GO" build -trimpath -mod=readonly -ldflags "$ld" -o "$out/etcd" go.etcd.io/etcd/server/v3 \
     && "${NICE[@]}" "$GO" build -trimpath -mod=readonly -ldflags "$ld" -o "$out/etcdctl" go.etcd.io/etcd/etcdctl/v3)
}

vars_coredns() { echo COREDNS_VERSION; }
bins_coredns() { echo coredns; }
prep_coredns() {
  need_regen coredns "github.com/coredns/coredns $COREDNS_VERSION" || return 0
  regen_wrapper coredns "module berth.local/kube/coredns

go 1.26.0

require github.com/coredns/coredns $COREDNS_VERSION" "github.com/coredns/coredns@$COREDNS_VERSION"
}
build_coredns() {
  local out=$1 d; d=$(wrapper_workdir coredns)
  (cd "$d" && "${NICE[@]}" "$GO" build -trimpath -mod=readonly \
    -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION" \
    -o "$out/coredns" github.com/coredns/coredns)
}

# cri-dockerd is built as the main module itself: its go.mod carries the
# replace directives for k8s.io/* v0.29 staging modules, which only apply to a
# main module. The module zip has vendor/modules.txt but no vendored code, so
# vendor/ is removed and modules come from the proxy, checked by its go.sum.
# patches/cri-dockerd/*.patch are applied: v0.4.0 never negotiates the Docker
# API version (always speaks 1.46, so it needs Docker >= 27) and refuses
# engines below API 1.42; the patch makes it work with Docker 20.10 and 26.1.
vars_cri-dockerd() { echo CRI_DOCKERD_VERSION; }
bins_cri-dockerd() { echo cri-dockerd; }
prep_cri-dockerd() {
  if [[ $REGEN == 0 && -f "$MODS/cri-dockerd/VERSION" && "$(cat "$MODS/cri-dockerd/VERSION")" == "$CRI_DOCKERD_VERSION" ]]; then return 0; fi
  local src; src=$(moddir "github.com/Mirantis/cri-dockerd@$CRI_DOCKERD_VERSION")
  mkdir -p "$MODS/cri-dockerd"
  cp "$src/go.mod" "$src/go.sum" "$MODS/cri-dockerd/"; chmod u+w "$MODS/cri-dockerd/"go.*
  echo "$CRI_DOCKERD_VERSION" > "$MODS/cri-dockerd/VERSION"
}
build_cri-dockerd() {
  local out=$1 src d=$WORK/cri-dockerd
  src=$(moddir "github.com/Mirantis/cri-dockerd@$CRI_DOCKERD_VERSION")
  rm -rf "$d"; cp -r "$src" "$d"; chmod -R u+w "$d"; rm -rf "$d/vendor"
  cp "$MODS/cri-dockerd/go.mod" "$MODS/cri-dockerd/go.sum" "$d/"
  local pf
  for pf in "$HERE"/patches/cri-dockerd/*.patch; do
    [[ -f $pf ]] || continue
    echo "applying ${pf#"$HERE"/}"; patch -d "$d" -p1 --forward --batch < "$pf"
  done
  local v=${CRI_DOCKERD_VERSION#v}
  (cd "$d" && "${NICE[@]}" "$GO" build -trimpath -mod=readonly \
    -ldflags "-s -w -X github.com/Mirantis/cri-dockerd/cmd/version.Version=$v -X github.com/Mirantis/cri-dockerd/cmd/version.GitCommit=proxy-$CRI_DOCKERD_VERSION" \
    -o "$out/cri-dockerd" .)
}

KUBE_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
vars_kubernetes() { echo KUBE_VERSION; }
bins_kubernetes() { echo "${KUBE_CMDS[@]}"; }
prep_kubernetes() {
  need_regen kubernetes "k8s.io/kubernetes $KUBE_VERSION" || return 0
  local kdir staging=v0.${KUBE_VERSION#v1.} m repl=""
  kdir=$(moddir "k8s.io/kubernetes@$KUBE_VERSION")
  # every staging module kubernetes requires (v0.0.0 => ./staging/...) is
  # replaced by its published v0.<minor>.<patch> twin
  for m in $(sed -n 's#^\t\(k8s.io/[^ ]*\) => ./staging/.*#\1#p' "$kdir/go.mod"); do
    grep -qP "^\t\Q$m\E v0\.0\.0$" "$kdir/go.mod" || continue
    repl+=$'\t'"$m => $m $staging"$'\n'
  done
  local tools=() c
  for c in "${KUBE_CMDS[@]}"; do tools+=("k8s.io/kubernetes/cmd/$c@$KUBE_VERSION"); done
  regen_wrapper kubernetes "module berth.local/kube/kubernetes

go 1.26.0

godebug default=go1.26

require k8s.io/kubernetes $KUBE_VERSION

replace (
${repl})" "${tools[@]}"
}
build_kubernetes() {
  local out=$1 d; d=$(wrapper_workdir kubernetes)
  local v=$KUBE_VERSION mm=${KUBE_VERSION#v} date ld="-s -w" p c pkgs=()
  date=$(cd "$d" && modtime "k8s.io/kubernetes@$KUBE_VERSION")
  for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ld+=" -X $p.gitVersion=$v -X $p.gitMajor=${mm%%.*} -X $p.gitMinor=$(cut -d. -f2 <<<"$mm")"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=$date"
  done
  for c in "${KUBE_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  # tags as in kubernetes' hack/lib/golang.sh for release (non-debug) builds
  (cd "$d" && "${NICE[@]}" "$GO" build -trimpath -mod=readonly -tags selinux,notest,grpcnotrace \
    -ldflags "all=$ld" -o "$out/" "${pkgs[@]}")
}

# ---------------------------------------------------------------- driver
input_hash() { # $1=component
  local c=$1
  {
    echo "component=$c arch=$(uname -m)"
    "$GO" version
    local v; for v in $("vars_$c"); do echo "$v=${!v}"; done
    declare -f "build_$c" "bins_$c"
    [[ -f "$MODS/$c/go.mod" ]] && cat "$MODS/$c/go.mod" "$MODS/$c/go.sum"
    if [[ $c == pause ]]; then gcc --version | head -1; sha256sum < "$(pause_src)"; fi
    if [[ -d "$HERE/patches/$c" ]]; then cat "$HERE/patches/$c"/*.patch; fi
    if [[ $c == probe ]]; then cat "$HERE/testimage/go.mod" "$HERE/testimage/main.go"; fi
  } | sha256sum | cut -d' ' -f1
}

up_to_date() { # $1=component $2=input hash
  local c=$1 h=$2 b
  [[ -f "$STAMPS/$c.inputs" && "$(cat "$STAMPS/$c.inputs")" == "$h" && -f "$STAMPS/$c.sha256" ]] || return 1
  for b in $("bins_$c"); do [[ -f "$BIN/$b" ]] || return 1; done
  (cd "$BIN" && sha256sum --quiet -c "$STAMPS/$c.sha256" >/dev/null 2>&1)
}

total_start=$(date +%s)
for c in "${COMPONENTS[@]}"; do
  declare -F "build_$c" >/dev/null || { log "unknown component: $c"; exit 2; }
  "prep_$c"
  h=$(input_hash "$c")
  if up_to_date "$c" "$h"; then log "$c: up to date ($(bins_$c))"; continue; fi
  log "$c: building $(bins_$c)"
  tmp=$BUNDLE/tmp-$c; rm -rf "$tmp"; mkdir -p "$tmp"
  s=$(date +%s)
  if ! "build_$c" "$tmp" >"$LOGS/$c.log" 2>&1; then
    log "$c: FAILED, see $LOGS/$c.log"; tail -30 "$LOGS/$c.log" >&2; exit 1
  fi
  e=$(( $(date +%s) - s ))
  (cd "$tmp" && for b in $("bins_$c"); do
     if readelf -l "$b" 2>/dev/null | grep -q 'program interpreter'; then echo "warning: $b is dynamically linked" >&2; fi
   done)
  for b in $("bins_$c"); do mv -f "$tmp/$b" "$BIN/$b"; done
  rmdir "$tmp"
  (cd "$BIN" && sha256sum $("bins_$c")) > "$STAMPS/$c.sha256"
  echo "$h" > "$STAMPS/$c.inputs"
  echo "$(date -Is) $c ${e}s" >> "$LOGS/times.txt"
  log "$c: built in ${e}s"
done

# bundle-wide checksum list and a size table
(cd "$STAMPS" && cat $(for c in "${ALL[@]}"; do [[ -f $c.sha256 ]] && echo "$c.sha256"; done) | sort -k2) > "$BUNDLE/SHA256SUMS"
{
  echo "# Berth kube bundle $KUBE_VERSION built $(date -Is) with $("$GO" version)"
  grep -v '^#' "$HERE/versions.env" | grep .
  (cd "$BIN" && for b in $(awk '{print $2}' "$BUNDLE/SHA256SUMS"); do printf '%-26s %10s bytes\n' "$b" "$(stat -c %s "$b")"; done)
} > "$BUNDLE/build-info.txt"
log "done in $(( $(date +%s) - total_start ))s; binaries in $BIN"
if [[ -f "$HERE/SHA256SUMS" ]] && ! diff -q "$HERE/SHA256SUMS" "$BUNDLE/SHA256SUMS" >/dev/null; then
  log "note: $BUNDLE/SHA256SUMS differs from the recorded $HERE/SHA256SUMS:"
  diff "$HERE/SHA256SUMS" "$BUNDLE/SHA256SUMS" >&2 || true
fi
if [[ $RECORD == 1 ]]; then cp "$BUNDLE/SHA256SUMS" "$HERE/SHA256SUMS"; log "recorded $HERE/SHA256SUMS"; fi
echo "$BIN"
