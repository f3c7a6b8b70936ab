# shellcheck shell=bash
# Shared helpers for build.sh and update-pins.sh (sourced, not run).
# Everything here works without root: apt-get runs against a private state
# directory and the system's apt sources are never read or changed.

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${BERTH_VM_OUT:-$VM_DIR/build}
MIRROR=${BERTH_VM_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${BERTH_VM_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
KEYRING=${BERTH_VM_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}

log() { printf '[vm-build] %s\n' "$*" >&2; }
die() { printf '[vm-build] ERROR: %s\n' "$*" >&2; exit 1; }

need_tools() {
  local t missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || die "missing host tools: ${missing[*]} (see resources/vm/README.md, 'Host packages')"
}

# apt_setup SUITE ARCH: private apt configuration in $OUT/apt; sets APT_OPTS.
apt_setup() {
  local suite=$1 arch=$2 d=$OUT/apt
  mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/preferences.d"
  : >"$d/preferences"
  cat >"$d/sources.list" <<SRC
deb [arch=$arch signed-by=$KEYRING] $MIRROR $suite main
deb [arch=$arch signed-by=$KEYRING] $MIRROR $suite-updates main
deb [arch=$arch signed-by=$KEYRING] $SECURITY_MIRROR $suite-security main
SRC
  APT_OPTS=(
    -o "Dir::Etc::sourcelist=$d/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::Etc::preferences=$d/preferences" -o "Dir::Etc::preferencesparts=$d/preferences.d"
    -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache"
    -o "Dir::State::status=/dev/null" -o "APT::Architecture=$arch"
    -o "APT::Architectures::=$arch" -o "Acquire::Languages=none"
    -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false"
    -o "Acquire::IndexTargets::deb::CNF::DefaultEnabled=false"
    -o "Debug::NoLocking=1" -o "APT::Sandbox::User=$(id -un)"
  )
}

apt_update() {
  log "apt-get update (private lists in $OUT/apt)"
  apt-get -q "${APT_OPTS[@]}" update >"$OUT/apt/update.log" 2>&1 \
    || { cat "$OUT/apt/update.log" >&2; die "apt-get update failed"; }
}

# deb_file NAME VERSION ARCH -> file name apt-get download uses
deb_file() {
  local v=${2//:/%3a}
  printf '%s_%s_%s.deb' "$1" "$v" "$3"
}

# read_pins FILE: sets SUITE, ARCH, PIN_SDE, KVER and arrays PIN_NAME/PIN_VER/PIN_SHA/PIN_ARCH
read_pins() {
  local kind a b c d
  PIN_NAME=() PIN_VER=() PIN_SHA=() PIN_ARCH=()
  SUITE= ARCH= PIN_SDE= KVER=
  while read -r kind a b c d; do
    case $kind in
      ''|'#'*) ;;
      suite) SUITE=$a ;;
      arch) ARCH=$a ;;
      source_date_epoch) PIN_SDE=$a ;;
      kernel) KVER=$a ;;
      pkg) PIN_NAME+=("$a"); PIN_VER+=("$b"); PIN_ARCH+=("$c"); PIN_SHA+=("$d") ;;
      *) die "pins: unknown line '$kind $a'" ;;
    esac
  done <"$1"
  [ -n "$SUITE" ] && [ -n "$ARCH" ] && [ -n "$PIN_SDE" ] && [ -n "$KVER" ] \
    || die "pins file $1 lacks suite/arch/source_date_epoch/kernel"
}
