#!/usr/bin/env bash
# Boot the built Berth VM image under qemu (tcg) and check the guest contract.
# A developer check, not part of CI (takes ~1-2 minutes, needs no KVM).
#
#   resources/vm/build.sh && resources/vm/test-boot.sh
#
# Env: BERTH_VM_OUT (image dir, default resources/vm/build), BERTH_VM_ACCEL
# (tcg|kvm, default tcg), BERTH_VM_SMP (2), BERTH_VM_MEM (1024),
# BERTH_VM_TEST_KEEP=1 keeps the scratch dir (certs, disk, console logs).
# Host tools: qemu-system-x86_64, qemu-img, openssl, socat, curl, docker (CLI only), dpkg-deb.
set -euo pipefail
VM_DIR=$(cd "$(dirname "$0")" && pwd)
B=${BERTH_VM_OUT:-$VM_DIR/build}
ACCEL=${BERTH_VM_ACCEL:-tcg}
SMP=${BERTH_VM_SMP:-2}
MEM=${BERTH_VM_MEM:-1024}
for t in qemu-system-x86_64 qemu-img openssl socat curl docker dpkg-deb; do
  command -v $t >/dev/null || { echo "test-boot: missing host tool $t" >&2; exit 1; }
done
for f in vmlinuz initrd.img rootfs.squashfs manifest.json; do
  [ -f "$B/$f" ] || { echo "test-boot: $B/$f missing: run resources/vm/build.sh first" >&2; exit 1; }
done
if [ "$ACCEL" = tcg ]; then key=kernel_cmdline_tcg; else key=kernel_cmdline; fi
CMDLINE=$(sed -n "s/.*\"$key\": \"\(.*\)\",/\1/p" "$B/manifest.json")
[ -n "$CMDLINE" ] || { echo "test-boot: no $key in manifest.json" >&2; exit 1; }

T=$(mktemp -d /tmp/berth-vm-test.XXXXXX)
QPID=
cleanup() {
  if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then kill "$QPID"; fi
  if [ -n "${BERTH_VM_TEST_KEEP:-}" ]; then echo "scratch kept in $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
FAILS=0
pass() { printf '  ok   %s\n' "$*"; }
fail() { printf '  FAIL %s\n' "$*"; FAILS=$((FAILS + 1)); }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ------------------------------------------------------------ certificates
echo "== certificates (throwaway CA, server, client) in $T"
(
  cd "$T"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj /CN=berth-test-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=berth-vm \
    -keyout server-key.pem -out server.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
    -extfile server.ext -out server-cert.pem 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=berth-client \
    -keyout key.pem -out client.csr 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' >client.ext
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
    -extfile client.ext -out cert.pem 2>/dev/null
  chmod 600 ./*key.pem
  echo '{ "labels": ["berth-test=fw-cfg"] }' >daemon.json
)

# ------------------------------------------------------------ busybox image tarball
bb=$(ls "$B"/debs/busybox-static_*.deb 2>/dev/null | sed -n 1p)
[ -n "$bb" ] || { echo "test-boot: busybox-static .deb not in $B/debs" >&2; exit 1; }
mkdir -p "$T/bbdeb" "$T/bbroot/bin" "$T/bbroot/www" "$T/bbroot/tmp"
dpkg-deb -x "$bb" "$T/bbdeb"
cp "$T/bbdeb/usr/bin/busybox" "$T/bbroot/bin/busybox"
ln -s busybox "$T/bbroot/bin/sh"
echo "hello from berth" >"$T/bbroot/www/index.html"

free_port() {
  local p
  for _ in $(seq 50); do
    p=$(( (RANDOM % 20000) + 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo $p; return; }
  done
  return 1
}
PORT=$(free_port)
qemu-img create -q -f qcow2 "$T/data.qcow2" 64G

qmp() { # QMP command(s) as JSON lines; prints the replies
  { echo '{"execute":"qmp_capabilities"}'; for c in "$@"; do echo "$c"; done; sleep 0.5; } \
    | socat -t 2 - "UNIX-CONNECT:$T/qmp.sock"
}
hmp() { qmp "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"$1\"}}"; }
D=(docker --tlsverify --tlscacert "$T/ca.pem" --tlscert "$T/cert.pem" --tlskey "$T/key.pem" -H "tcp://127.0.0.1:$PORT")
CURL=(curl -sS --max-time 5 --cacert "$T/ca.pem" --cert "$T/cert.pem" --key "$T/key.pem")

boot() { # N: start qemu, wait for the markers, measure
  local n=$1 log=$T/console-$1.log t0 t_init= t_ready= t_ping= deadline
  rm -f "$T/qmp.sock" "$T/hvc.sock"
  : >"$log"
  t0=$(now)
  qemu-system-x86_64 -M q35 -accel "$ACCEL$([ "$ACCEL" = tcg ] && echo ,tb-size=256)" -cpu max -smp "$SMP" -m "$MEM" \
    -nodefaults -no-user-config -display none -no-reboot \
    -kernel "$B/vmlinuz" -initrd "$B/initrd.img" -append "$CMDLINE" \
    -drive if=none,id=data,file="$T/data.qcow2",format=qcow2,discard=unmap,cache=writeback \
    -device virtio-blk-pci,drive=data,serial=berth-data \
    -drive if=none,id=root,file="$B/rootfs.squashfs",format=raw,readonly=on \
    -device virtio-blk-pci,drive=root,serial=berth-root \
    -netdev user,id=net0,hostfwd=tcp:127.0.0.1:"$PORT"-:2376 -device virtio-net-pci,netdev=net0 \
    -device virtio-rng-pci -device virtio-balloon-pci,free-page-reporting=on \
    -device virtio-serial-pci -chardev socket,id=hvc,path="$T/hvc.sock",server=on,wait=off \
    -device virtconsole,chardev=hvc \
    -fw_cfg name=opt/berth/ca.pem,file="$T/ca.pem" \
    -fw_cfg name=opt/berth/server-cert.pem,file="$T/server-cert.pem" \
    -fw_cfg name=opt/berth/server-key.pem,file="$T/server-key.pem" \
    -fw_cfg name=opt/berth/daemon.json,file="$T/daemon.json" \
    -serial file:"$log" -qmp unix:"$T/qmp.sock",server=on,wait=off \
    >"$T/qemu-$n.out" 2>&1 &
  QPID=$!
  deadline=$(( $(date +%s) + 180 ))
  while [ "$(date +%s)" -lt $deadline ]; do
    kill -0 $QPID 2>/dev/null || { fail "boot $n: qemu exited early"; cat "$T/qemu-$n.out" "$log" | tail -30; return 1; }
    [ -z "$t_init" ] && grep -q '^BERTH-INIT' "$log" && t_init=$(now)
    [ -z "$t_ready" ] && grep -q '^BERTH-READY' "$log" && t_ready=$(now)
    if [ -z "$t_ping" ] && "${CURL[@]}" --max-time 1 "https://127.0.0.1:$PORT/_ping" 2>/dev/null | grep -q '^OK$'; then
      t_ping=$(now)
    fi
    [ -n "$t_ready" ] && [ -n "$t_ping" ] && break
    sleep 0.05
  done
  if grep -q '^BERTH-ERROR' "$log"; then fail "boot $n: $(grep '^BERTH-ERROR' "$log" | tr '\n' ' ')"; fi
  [ -n "$t_ready" ] && [ -n "$t_ping" ] || { fail "boot $n: not ready within 180s"; tail -30 "$log"; return 1; }
  pass "boot $n: qemu start -> BERTH-INIT $(since "$t0" "$t_init")s, -> BERTH-READY $(since "$t0" "$t_ready")s, -> first TLS _ping $(since "$t0" "$t_ping")s"
  echo "     $(grep '^BERTH-READY' "$log")"
  TIMES+=("boot $n: init $(since "$t0" "$t_init")s ready $(since "$t0" "$t_ready")s ping $(since "$t0" "$t_ping")s")
}

rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$QPID/status"; }

powerdown() { # N: ACPI power button, wait for qemu to exit, check the markers
  local n=$1 log=$T/console-$1.log t0 rc
  t0=$(now)
  qmp '{"execute":"system_powerdown"}' >/dev/null
  for _ in $(seq 900); do kill -0 $QPID 2>/dev/null || break; sleep 0.1; done
  if kill -0 $QPID 2>/dev/null; then
    fail "boot $n: still running 90s after system_powerdown"; kill $QPID; QPID=; return
  fi
  wait $QPID && rc=0 || rc=$?
  QPID=
  if grep -q '^BERTH-POWEROFF' "$log" && grep -q '^BERTH-HALT clean' "$log" && [ $rc = 0 ]; then
    pass "boot $n: clean ACPI shutdown in $(since "$t0" "$(now)")s (qemu exit 0, BERTH-HALT clean)"
  else
    fail "boot $n: shutdown not clean (qemu exit $rc): $(grep -E '^BERTH-(POWEROFF|HALT)' "$log" | tr '\n' ' ')"
  fi
}

TIMES=()
echo "== boot 1 (blank 64G data disk, tcp 127.0.0.1:$PORT -> guest 2376, accel=$ACCEL smp=$SMP mem=${MEM}M)"
boot 1
sleep 5
RSS_IDLE=$(rss)
echo "     qemu RSS idle after boot: $RSS_IDLE"

if "${D[@]}" version --format 'server {{.Server.Version}} API {{.Server.APIVersion}}, client {{.Client.Version}}' >"$T/version" 2>&1; then
  pass "docker version over mutual TLS: $(cat "$T/version")"
else fail "docker version: $(cat "$T/version")"; fi

if [ "$("${D[@]}" info --format '{{.Labels}}' 2>&1)" = "[berth-test=fw-cfg]" ]; then
  pass "daemon.json passed through fw_cfg (opt/berth/daemon.json) applied"
else fail "daemon.json from fw_cfg not applied: $("${D[@]}" info --format '{{.Labels}}' 2>&1)"; fi
if curl -sS --max-time 5 --cacert "$T/ca.pem" "https://127.0.0.1:$PORT/_ping" >"$T/nocert" 2>&1; then
  fail "a client without a certificate got an answer: $(cat "$T/nocert")"
else pass "client without certificate refused ($(tail -1 "$T/nocert" | cut -c1-80))"; fi
if docker -H "tcp://127.0.0.1:$PORT" version >/dev/null 2>&1; then
  fail "plain (non-TLS) docker client got an answer"
else pass "plain (non-TLS) client refused"; fi

if tar -C "$T/bbroot" -c . | "${D[@]}" import -c 'CMD ["/bin/sh"]' - berth-test/busybox:latest >/dev/null; then
  pass "docker import of Debian's busybox-static as berth-test/busybox"
else fail "docker import"; fi
if out=$("${D[@]}" run --rm berth-test/busybox /bin/busybox echo hello-from-container 2>&1) && [ "$out" = hello-from-container ]; then
  pass "docker run --rm: $out"
else fail "docker run --rm: $out"; fi

# published port: container -p 8080:80, host reaches it through a runtime qemu hostfwd
HP=$(free_port)
if "${D[@]}" run -d --name web -p 8080:80 berth-test/busybox /bin/busybox httpd -f -p 80 -h /www >/dev/null 2>&1 \
  && hmp "hostfwd_add net0 tcp:127.0.0.1:$HP-:8080" >/dev/null; then
  out=
  for _ in $(seq 50); do out=$(curl -s --max-time 2 "http://127.0.0.1:$HP/" || true); [ -n "$out" ] && break; sleep 0.2; done
  if [ "$out" = "hello from berth" ]; then pass "published port 8080 reached via QMP hostfwd_add (host $HP)"
  else fail "published port: got '$out'"; fi
  hmp "hostfwd_remove net0 tcp:127.0.0.1:$HP" >/dev/null
  "${D[@]}" rm -f web >/dev/null
else fail "published port setup"; fi

# virtio console shell
hvc() { # run a command line on the hvc0 root shell, print its output
  (sleep 1; echo "$1"; sleep 2) | socat -t 3 - "UNIX-CONNECT:$T/hvc.sock" 2>&1 | tr -d '\r' || true
}
timeline() {
  echo "     guest boot timeline (uptime s): $(hvc 'sed "s/^/timeline /" /run/berth/boot.log' \
    | sed -n 's/^timeline //p' | tr '\n' ';' | sed 's/;/; /g')"
}
out=$(hvc 'echo hvc-$((6*7))')
if echo "$out" | grep -q '^hvc-42$'; then pass "root shell on hvc0 (virtconsole)"
else fail "hvc0 shell: $(echo "$out" | tail -3 | tr '\n' ' ')"; fi
timeline

sleep 5
RSS_AFTER=$(rss)
echo "     qemu RSS idle after the tests: $RSS_AFTER"
# a container still running at power-off (busybox sleep as PID 1 ignores
# SIGTERM: dockerd waits its 10 s stop timeout, then kills it)
"${D[@]}" run -d --name sleeper berth-test/busybox /bin/busybox sleep 1000 >/dev/null || fail "start sleeper"
powerdown 1

echo "== boot 2 (same data disk)"
boot 2
if "${D[@]}" image inspect berth-test/busybox >/dev/null 2>&1; then
  pass "image berth-test/busybox survived the reboot (data disk persisted)"
else fail "image lost after reboot"; fi
st=$("${D[@]}" inspect -f '{{.State.Status}} {{.State.ExitCode}}' sleeper 2>&1 || true)
case $st in exited*) pass "container running at power-off was stopped by dockerd ($st)" ;; *) fail "sleeper after reboot: $st" ;; esac
if out=$("${D[@]}" run --rm berth-test/busybox /bin/busybox uname -r 2>&1); then
  pass "docker run after reboot: kernel $out"
else fail "docker run after reboot: $out"; fi
timeline
powerdown 2

echo "== summary"
for t in "${TIMES[@]}"; do echo "  $t"; done
echo "  qemu RSS: idle after boot $RSS_IDLE, after the tests $RSS_AFTER"
for f in vmlinuz initrd.img rootfs.squashfs; do printf '  %-16s %s bytes\n' "$f" "$(stat -c %s "$B/$f")"; done
if [ $FAILS -gt 0 ]; then echo "test-boot: $FAILS check(s) failed (console logs: $T, kept)"; BERTH_VM_TEST_KEEP=1; exit 1; fi
echo "test-boot: all checks passed"
