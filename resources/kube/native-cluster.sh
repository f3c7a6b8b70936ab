#!/usr/bin/env bash
# Run Berth's single-node Kubernetes natively, in private namespaces, and prove it.
#
#   sudo resources/kube/native-cluster.sh [--keep] [--hold]
#
# As root, inside its own mount + network + UTS + PID namespaces (the host's
# network, mounts, /var, /run, hostname and processes are left alone), it starts
#   dockerd (own data/exec root, no bridge, no iptables) -> cri-dockerd -> kubelet,
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy,
# with a PKI made by openssl for this run, a CNI bridge (cni0, 10.244.0.0/24), and
# then checks:
#   node Ready; a Deployment of a locally imported image has Running pods; its
#   ClusterIP Service answers from another pod; CoreDNS (imported image) resolves
#   the service name; a Guaranteed-QoS pod runs (negative oom_score_adj).
# It prints timings (to node Ready, to DNS Ready) and memory (PSS/RSS by program),
# then tears everything down and checks that no process, mount, cgroup or
# interface is left.
#
# --keep   keep the run directory (logs, PKI, etcd, docker data) afterwards
# --hold   after the checks, keep the cluster up until `rm <run>/hold` (or
#          SIGTERM) and print how to reach it (nsenter, KUBECONFIG)
#
# Needs: build.sh output (BERTH_KUBE_BIN or the cache), a dockerd (Debian's
# docker.io: 20.10 on Debian 12, 26.1 on 13) + runc, iptables, openssl,
# util-linux (unshare, nsenter), iproute2, and the docker CLI (images.sh).
# Environment: BERTH_KUBE_BIN, BERTH_KUBE_CACHE, BERTH_KUBE_RUN (run dir),
# BERTH_HOLD_ON_FAIL=1 (on a failed check keep the cluster up for inspection),
# BERTH_OOM_CLAMP (auto|1|0), BERTH_KUBE_TIMEOUT (seconds per wait, default 180),
# BERTH_ENGINE_ROOT (unpacked docker.io/containerd .debs to use instead of the
# host's dockerd, e.g. the VM's Debian 13 docker.io 26.1).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE_ROOT=${BERTH_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/kube}
BIN=${BERTH_KUBE_BIN:-$CACHE_ROOT/$KUBE_VERSION/bin}
TIMEOUT=${BERTH_KUBE_TIMEOUT:-180}

NODE_NAME=berth-node
NODE_IP=10.200.0.2          # on veth berth0, inside the private netns only
POD_CIDR=10.244.0.0/16      # cluster CIDR; this node's range is 10.244.0.0/24
NODE_POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
KUBE_SVC_IP=10.96.0.1
DNS_IP=10.96.0.10
CLUSTER_DOMAIN=cluster.local

log() { printf '[kube %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "ERROR: $*"
  if [[ -n ${RUN:-} && ${BERTH_HOLD_ON_FAIL:-0} == 1 ]]; then
    touch "$RUN/hold"; log "BERTH_HOLD_ON_FAIL: holding for inspection; rm $RUN/hold to tear down"
    while [[ -e $RUN/hold ]]; do sleep 1; done
  fi
  exit 1
}

# ============================================================== outer (host)
outer() {
  local keep=0 hold=0 a
  for a in "$@"; do
    case "$a" in
      --keep) keep=1 ;; --hold) hold=1 ;;
      -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
      *) die "unknown argument $a" ;;
    esac
  done
  [[ $(id -u) == 0 ]] || die "must run as root"
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl \
           etcd cri-dockerd coredns pause berth-probe bridge host-local loopback portmap; do
    [[ -x "$BIN/$b" ]] || die "missing $BIN/$b (run resources/kube/build.sh)"
  done
  for b in dockerd runc iptables openssl unshare nsenter ip; do
    command -v "$b" >/dev/null || die "missing $b"
  done

  "$HERE/images.sh" tarballs >/dev/null
  local links_before; links_before=$(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//')

  local run=${BERTH_KUBE_RUN:-$(mktemp -d /tmp/berth-kube.XXXXXX)}
  mkdir -p "$run"
  local id=${run##*/}; id=${id//[^a-zA-Z0-9]/}; id=${id: -8}
  local cgroot=berth-kube-$id
  log "run dir $run, cgroup root /$cgroot"
  local rc=0
  # --kill-child + a PID namespace: when the inner script ends, however it ends,
  # the kernel kills every process it started (dockerd, shims, containers...).
  BERTH_RUN=$run BERTH_CGROOT=$cgroot BERTH_HOLD=$hold \
    unshare --mount --net --uts --pid --fork --kill-child --mount-proc --propagation private \
    bash "$0" --inner &
  local upid=$!
  echo "$upid" > "$run/unshare.pid"
  # unshare itself ignores SIGINT/SIGTERM while it waits: pass them to the
  # inner script (PID 1 of the namespace), whose EXIT trap tears down.
  trap 'kill -TERM $(cat /proc/$upid/task/$upid/children 2>/dev/null) 2>/dev/null' INT TERM
  if [[ $hold == 1 || ${BERTH_HOLD_ON_FAIL:-0} == 1 ]]; then
    ( while [[ ! -e $run/hold ]] && kill -0 "$upid" 2>/dev/null; do sleep 1; done
      if [[ -e $run/hold ]]; then
        log "holding the cluster up. From another shell on the host:"
        log "  nsenter -t $(cat "/proc/$upid/task/$upid/children" | tr -d ' ') -m -n -u -p $BIN/kubectl --kubeconfig $run/pki/admin.kubeconfig get pods -A"
        log "stop it with: rm $run/hold   (or SIGTERM to this script)"
      fi ) &
  fi
  while :; do
    wait "$upid" && rc=0 || rc=$?
    kill -0 "$upid" 2>/dev/null || break   # else: wait was interrupted by a signal
  done
  trap - INT TERM

  # ---- after the namespaces are gone: cgroups (v1 hierarchies are host-wide)
  cleanup_cgroups "$cgroot"
  local leftover=0 p
  for p in /proc/[0-9]*; do
    if { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null | grep -qF "$run"; then
      log "leftover process ${p#/proc/}: $({ tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null)"; leftover=1
    fi
  done
  if grep -qF "$run" /proc/self/mountinfo; then log "leftover mounts under $run"; leftover=1; fi
  if compgen -G "/sys/fs/cgroup/*/$cgroot" >/dev/null || [[ -d /sys/fs/cgroup/$cgroot ]]; then log "leftover cgroups /$cgroot"; leftover=1; fi
  # our interfaces (cni0, berth0/berth0p; veths die with their netns) must not
  # have appeared on the host (other engines may add interfaces meanwhile)
  local l
  for l in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -xE 'cni0|berth0|berth0p'); do
    grep -qx "$l" <<<"$links_before" || { log "leftover interface on the host: $l"; leftover=1; }
  done
  [[ $leftover == 0 ]] && log "teardown clean: no process, mount, cgroup or interface left"

  if [[ $keep == 1 || $rc != 0 ]]; then
    log "run dir kept: $run (logs in $run/logs)"
  else
    [[ -f "$run/result.txt" ]] && cp "$run/result.txt" "/tmp/berth-kube-last-result.txt"
    rm -rf "$run"
  fi
  [[ $rc == 0 && $leftover == 0 ]] || exit 1
}

cleanup_cgroups() { # $1 = cgroup root name; deepest first
  local h
  for h in /sys/fs/cgroup/*/"$1" /sys/fs/cgroup/"$1"; do
    [[ -d "$h" ]] || continue
    find "$h" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

# ============================================================== inner (namespaces)
RUN= CGROOT= PIDS=()
T0=$(date +%s.%N)
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

start() { # name cmd... ; logs to $RUN/logs/name.log
  local name=$1; shift
  "$@" >"$RUN/logs/$name.log" 2>&1 &
  PIDS+=("$name:$!")
  echo "$!" > "$RUN/pids/$name"
}
all_alive() { # die if a started process has exited
  local f
  for f in "$RUN"/pids/*; do
    [[ -f $f ]] || continue
    kill -0 "$(cat "$f")" 2>/dev/null && continue
    log "${f##*/} exited; last lines of its log:"; tail -15 "$RUN/logs/${f##*/}.log" >&2
    die "${f##*/} died"
  done
}
wait_for() { # description timeout command...
  local what=$1 t=$2; shift 2
  local end=$(( $(date +%s) + t ))
  until "$@" >/dev/null 2>&1; do
    all_alive
    if (( $(date +%s) > end )); then die "timed out waiting for $what"; fi
    sleep 0.2
  done
}
k() { "$BIN/kubectl" --kubeconfig "$RUN/pki/admin.kubeconfig" "$@"; }
D() { docker -H "unix://$RUN/docker.sock" "$@"; }

stop_proc() { # name [timeout]
  local f=$RUN/pids/$1 pid i
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < ${2:-15} * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "$1 did not stop; killing"; kill -KILL "$pid" 2>/dev/null || true
}

teardown() {
  local rc=$?
  set +e
  log "teardown"
  stop_proc kube-proxy; stop_proc kubelet
  if [[ -S $RUN/docker.sock ]]; then
    local ids; ids=$(D ps -aq 2>/dev/null)
    [[ -n $ids ]] && D rm -f $ids >/dev/null 2>&1
  fi
  stop_proc cri-dockerd; stop_proc kube-scheduler; stop_proc kube-controller-manager
  stop_proc kube-apiserver; stop_proc etcd; stop_proc dockerd 30
  cleanup_cgroups "$CGROOT"
  # unmount everything we mounted (the mount namespace would drop them anyway)
  umount -R /etc/hosts /etc/resolv.conf 2>/dev/null
  log "inner exit $rc"
  exit $rc
}

setup_namespaces() {
  mkdir -p "$RUN"/{root/run,root/var-lib,root/var-log,etc,pki,logs,pids,docker,dx,etcd,cni/bin,cni/net.d,cni/cache,cni/ipam,kube,cgsave}
  local b
  for b in bridge host-local loopback portmap; do ln -s "$BIN/$b" "$RUN/cni/bin/$b"; done
  # A fresh sysfs shows this netns's interfaces; keep the cgroup mounts under it.
  mount --rbind /sys/fs/cgroup "$RUN/cgsave"
  mount -t sysfs sysfs /sys
  mount --move "$RUN/cgsave" /sys/fs/cgroup
  # private /run, /var/lib, /var/log (kubelet, cri-dockerd, pod logs, xtables lock)
  mount --bind "$RUN/root/run" /run
  mount --bind "$RUN/root/var-lib" /var/lib
  mount --bind "$RUN/root/var-log" /var/log
  hostname "$NODE_NAME"
  printf '127.0.0.1 localhost\n%s %s\n' "$NODE_IP" "$NODE_NAME" > "$RUN/etc/hosts"
  # A resolver that answers nothing at once (connection refused) instead of a
  # dead upstream: kubelet & co. do not stall on DNS lookups.
  printf 'nameserver 127.0.0.1\n' > "$RUN/etc/resolv.conf"
  mount --bind "$RUN/etc/hosts" /etc/hosts
  mount --bind "$RUN/etc/resolv.conf" /etc/resolv.conf

  ip link set lo up
  ip link add berth0 type veth peer name berth0p
  ip addr add "$NODE_IP/24" dev berth0
  ip link set berth0 up; ip link set berth0p up
  # No default route (kubelet/cadvisor cloud probes fail at once); services are
  # routable so that node-local clients reach ClusterIPs (kube-proxy DNATs).
  ip route add "$SERVICE_CIDR" dev berth0
  sysctl -qw net.ipv4.ip_forward=1
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || log "warning: br_netfilter sysctl missing"

  # cgroup root for everything of this run
  local h
  if [[ $(stat -fc %T /sys/fs/cgroup) == cgroup2fs ]]; then
    # cgroup v2 only (untested here: this machine is v1/hybrid)
    mkdir -p "/sys/fs/cgroup/$CGROOT"
    local c
    for c in $(cat /sys/fs/cgroup/cgroup.subtree_control); do
      echo "+$c" > "/sys/fs/cgroup/$CGROOT/cgroup.subtree_control" 2>/dev/null || true
    done
  else
    # v1 (or hybrid): in every hierarchy, the cgroup2 "unified" one included
    for h in /sys/fs/cgroup/*; do
      [[ -d $h && ! -L $h ]] || continue
      mkdir -p "$h/$CGROOT"
    done
    if [[ -f /sys/fs/cgroup/cpuset/cpuset.cpus ]]; then
      cat /sys/fs/cgroup/cpuset/cpuset.cpus > "/sys/fs/cgroup/cpuset/$CGROOT/cpuset.cpus"
      cat /sys/fs/cgroup/cpuset/cpuset.mems > "/sys/fs/cgroup/cpuset/$CGROOT/cpuset.mems"
    fi
  fi
}

# -------------------------------------------------------------- OOM score clamp
# Without CAP_SYS_RESOURCE no process may lower oom_score_adj below its
# starting minimum (0 here), so runc fails to start containers that kubelet
# gives a negative score (Guaranteed pods: -997, node-critical: -997/-998).
# This runc wrapper raises negative oomScoreAdj in the OCI config to 0.
oom_clamp_needed() {
  case "${BERTH_OOM_CLAMP:-auto}" in 1) return 0 ;; 0) return 1 ;; esac
  ! sh -c 'echo -1 > /proc/self/oom_score_adj' 2>/dev/null
}
write_runc_wrapper() {
  cat > "$RUN/runc-oomclamp" <<'EOF'
#!/bin/sh
# runc wrapper: clamp negative oomScoreAdj to 0 (no CAP_SYS_RESOURCE here)
bundle=
prev=
for a in "$@"; do
  case "$prev" in --bundle|-b) bundle=$a ;; esac
  case "$a" in --bundle=*) bundle=${a#--bundle=} ;; esac
  prev=$a
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i 's/"oomScoreAdj":-[0-9]*/"oomScoreAdj":0/' "$bundle/config.json"
fi
exec runc "$@"
EOF
  chmod 755 "$RUN/runc-oomclamp"
}

# -------------------------------------------------------------- PKI
pki() {
  local p=$RUN/pki
  cd "$p"
  key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
  # cert name CN O [SANs] ; signed by ca, client+server usages
  cert() {
    local name=$1 cn=$2 o=$3 sans=${4:-}
    key "$name"
    local subj="/CN=$cn"; [[ -n $o ]] && subj="/O=$o$subj"
    {
      echo "basicConstraints=CA:FALSE"
      echo "keyUsage=critical,digitalSignature,keyEncipherment"
      echo "extendedKeyUsage=serverAuth,clientAuth"
      [[ -n $sans ]] && echo "subjectAltName=$sans"
    } > "$name.ext"
    openssl req -new -key "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
      -extfile "$name.ext" -out "$name.crt" 2>/dev/null
    rm -f "$name.csr" "$name.ext"
  }
  key ca
  openssl req -x509 -new -key ca.key -subj "/CN=berth-kube-ca" -days 30 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out ca.crt 2>/dev/null
  cert apiserver kube-apiserver "" \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:localhost,DNS:$NODE_NAME,IP:127.0.0.1,IP:$NODE_IP,IP:$KUBE_SVC_IP"
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  cert admin kubernetes-admin system:masters
  cert controller-manager system:kube-controller-manager ""
  cert scheduler system:kube-scheduler ""
  cert kubelet "system:node:$NODE_NAME" system:nodes
  cert kubelet-serving "$NODE_NAME" "" "DNS:$NODE_NAME,DNS:localhost,IP:$NODE_IP,IP:127.0.0.1"
  cert kube-proxy system:kube-proxy ""
  key sa; openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
  local n
  for n in admin controller-manager scheduler kubelet kube-proxy; do
    cat > "$n.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: berth
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: $(base64 -w0 ca.crt)
users:
- name: $n
  user:
    client-certificate-data: $(base64 -w0 "$n.crt")
    client-key-data: $(base64 -w0 "$n.key")
contexts:
- name: berth
  context: {cluster: berth, user: $n}
current-context: berth
EOF
  done
  cd - >/dev/null
}

# -------------------------------------------------------------- configs
write_configs() {
  cat > "$RUN/cni/net.d/10-berth.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "berth",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$RUN/cni/ipam",
        "ranges": [[{"subnet": "$NODE_POD_CIDR"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  cat > "$RUN/kube/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
containerRuntimeEndpoint: unix:///run/cri-dockerd.sock
# this machine has cgroup v1 (hybrid); kubelet >= 1.35 refuses v1 unless told
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: /$CGROOT
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $RUN/pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $RUN/pki/kubelet-serving.crt
tlsPrivateKeyFile: $RUN/pki/kubelet-serving.key
address: $NODE_IP
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
clusterDNS: [$DNS_IP]
clusterDomain: $CLUSTER_DOMAIN
resolvConf: $RUN/etc/resolv.conf
failSwapOn: false
# imported images cannot be pulled again: never garbage-collect them
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
serializeImagePulls: false
EOF
  cat > "$RUN/kube/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $RUN/pki/kube-proxy.kubeconfig}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
bindAddress: $NODE_IP
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
conntrack: {maxPerCore: 0}
nodePortAddresses: [primary]
EOF
}

# -------------------------------------------------------------- manifests
coredns_manifest() {
  cat <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health {
            lameduck 5s
        }
        ready
        kubernetes $CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
            ttl 30
        }
        # no upstream here (no network); in the VM: forward . /etc/resolv.conf
        cache 30
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      priorityClassName: system-cluster-critical
      dnsPolicy: Default
      containers:
      - name: coredns
        image: berth/coredns:$COREDNS_VERSION
        imagePullPolicy: Never
        args: ["-conf", "/etc/coredns/Corefile"]
        resources:
          requests: {cpu: 50m, memory: 70Mi}
          limits: {memory: 170Mi}
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
        - {name: metrics, containerPort: 9153, protocol: TCP}
        volumeMounts: [{name: config, mountPath: /etc/coredns, readOnly: true}]
        readinessProbe:
          httpGet: {path: /ready, port: 8181}
          periodSeconds: 1
        livenessProbe:
          httpGet: {path: /health, port: 8080}
          initialDelaySeconds: 60
      volumes:
      - name: config
        configMap: {name: coredns, items: [{key: Corefile, path: Corefile}]}
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  clusterIP: $DNS_IP
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
  - {name: metrics, port: 9153, protocol: TCP}
EOF
}

workload_manifest() {
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: berth/probe:test
        imagePullPolicy: Never
        args: ["serve", ":8080"]
        ports: [{containerPort: 8080}]
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
          periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
EOF
}

test_pods_manifest() {
  cat <<EOF
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: client
    image: berth/probe:test
    imagePullPolicy: Never
    args: ["sleep"]
---
# Guaranteed QoS: kubelet asks for oom_score_adj -997
apiVersion: v1
kind: Pod
metadata: {name: guaranteed, namespace: default}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: g
    image: berth/probe:test
    imagePullPolicy: Never
    args: ["sleep"]
    resources:
      requests: {cpu: 10m, memory: 32Mi}
      limits: {cpu: 10m, memory: 32Mi}
EOF
}

memory_report() {
  # PSS (shared pages split between sharers; RSS would count the shims' shared
  # text 10 times) of every process in this PID namespace, grouped by program
  local p comm pss rss
  for p in /proc/[0-9]*; do
    comm=$(cat "$p/comm" 2>/dev/null) || continue
    pss=$(awk '/^Pss:/ {print $2}' "$p/smaps_rollup" 2>/dev/null) || continue
    rss=$(awk '/^Rss:/ {print $2}' "$p/smaps_rollup" 2>/dev/null) || continue
    if [[ -n $pss ]]; then echo "$comm $pss $rss"; fi
  done | awk '$1 !~ /^(ps|awk|sort|sed|tee|bash|sleep|kubectl|cat)$/ {p[$1]+=$2; r[$1]+=$3; n[$1]++; tp+=$2; tr+=$3}
    END {for (c in p) printf "%-24s %7.1f MiB PSS %7.1f MiB RSS  (%d)\n", c, p[c]/1024, r[c]/1024, n[c];
         printf "%-24s %7.1f MiB PSS %7.1f MiB RSS\n", "TOTAL", tp/1024, tr/1024}' | sort -k2 -n -r
}

inner() {
  RUN=$BERTH_RUN CGROOT=$BERTH_CGROOT
  trap teardown EXIT
  trap 'exit 130' INT TERM
  # binaries are called by full path: bin/ also holds the CNI plugins, and
  # "bridge" on PATH would shadow iproute2's bridge(8)
  setup_namespaces
  log "namespaces ready ($(elapsed)s)"

  # ---- dockerd (the engine the user sees; here a private test instance)
  local rt_args=()
  if oom_clamp_needed; then
    write_runc_wrapper
    rt_args=(--add-runtime "berth-runc=$RUN/runc-oomclamp" --default-runtime berth-runc)
    log "no CAP_SYS_RESOURCE: containers get negative oom_score_adj clamped to 0 (runc wrapper)"
  fi
  # BERTH_ENGINE_ROOT: an unpacked engine (e.g. the VM's docker.io + containerd
  # .debs, dpkg-deb -x'ed into one dir) to use instead of the host's dockerd.
  # runc stays the host's (trixie's runc needs glibc 2.38).
  local dockerd_bin=dockerd
  if [[ -n ${BERTH_ENGINE_ROOT:-} ]]; then
    local er=$BERTH_ENGINE_ROOT f
    mkdir -p "$RUN/engine-bin"
    for f in "$er"/usr/bin/containerd* "$er"/usr/bin/docker-init "$er"/usr/sbin/docker-proxy; do
      [[ -e $f ]] && ln -sf "$f" "$RUN/engine-bin/"
    done
    dockerd_bin=$er/usr/sbin/dockerd
    export PATH="$RUN/engine-bin:$PATH"
  fi
  log "engine: $("$dockerd_bin" --version)"
  start dockerd "$dockerd_bin" --data-root "$RUN/docker" --exec-root "$RUN/dx" --pidfile "$RUN/docker.pid" \
    -H "unix://$RUN/docker.sock" --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
    --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "/$CGROOT/docker" \
    --log-level warn "${rt_args[@]}"
  wait_for dockerd 60 D version
  log "dockerd up ($(elapsed)s)"
  DOCKER_HOST="unix://$RUN/docker.sock" "$HERE/images.sh" import >&2

  pki
  write_configs
  log "pki + configs ($(elapsed)s)"

  # ---- control plane
  start etcd "$BIN/etcd" --name berth --data-dir "$RUN/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster berth=http://127.0.0.1:2380 --log-level warn
  wait_for etcd 60 "$BIN/etcdctl" --endpoints http://127.0.0.1:2379 endpoint health
  log "etcd healthy ($(elapsed)s)"

  local P=$RUN/pki
  start kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers http://127.0.0.1:2379 \
    --advertise-address "$NODE_IP" --secure-port 6443 \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" \
    --client-ca-file "$P/ca.crt" \
    --kubelet-client-certificate "$P/apiserver-kubelet-client.crt" --kubelet-client-key "$P/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP,Hostname \
    --service-account-issuer "https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file "$P/sa.pub" --service-account-signing-key-file "$P/sa.key" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --allow-privileged=true --profiling=false
  # ---- node
  start cri-dockerd "$BIN/cri-dockerd" --container-runtime-endpoint unix:///run/cri-dockerd.sock \
    --docker-endpoint "unix://$RUN/docker.sock" --cri-dockerd-root-directory /var/lib/cri-dockerd \
    --network-plugin cni --cni-bin-dir "$RUN/cni/bin" --cni-conf-dir "$RUN/cni/net.d" --cni-cache-dir "$RUN/cni/cache" \
    --pod-infra-container-image "berth/pause:$PAUSE_VERSION" --hairpin-mode hairpin-veth \
    --streaming-bind-addr 127.0.0.1
  wait_for kube-apiserver 90 k get --raw /readyz
  local t_api; t_api=$(elapsed)
  log "kube-apiserver ready (${t_api}s)"
  # controller-manager and scheduler only after /readyz: before the apiserver
  # has bootstrapped its RBAC roles the controller-manager exits ("cannot get
  # configmaps extension-apiserver-authentication") and nothing restarts it.
  start kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$P/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$P/controller-manager.kubeconfig" --authorization-kubeconfig "$P/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false \
    --service-account-private-key-file "$P/sa.key" --root-ca-file "$P/ca.crt" \
    --cluster-signing-cert-file "$P/ca.crt" --cluster-signing-key-file "$P/ca.key" \
    --use-service-account-credentials=true \
    --allocate-node-cidrs=true --cluster-cidr "$POD_CIDR" --node-cidr-mask-size 24 \
    --service-cluster-ip-range "$SERVICE_CIDR" --profiling=false
  start kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig "$P/scheduler.kubeconfig" \
    --authentication-kubeconfig "$P/scheduler.kubeconfig" --authorization-kubeconfig "$P/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --profiling=false
  # add-ons and the test Deployment go in at once; they schedule when the node is Ready
  coredns_manifest | k apply -f - >/dev/null
  workload_manifest | k apply -f - >/dev/null

  wait_for cri-dockerd 30 test -S /run/cri-dockerd.sock
  start kubelet "$BIN/kubelet" --config "$RUN/kube/kubelet.yaml" --kubeconfig "$P/kubelet.kubeconfig" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v 1
  start kube-proxy "$BIN/kube-proxy" --config "$RUN/kube/kube-proxy.yaml"

  wait_for "node $NODE_NAME" "$TIMEOUT" k get node "$NODE_NAME"
  k wait --for=condition=Ready "node/$NODE_NAME" --timeout="${TIMEOUT}s" >/dev/null \
    || die "node not Ready: $(k describe node "$NODE_NAME" | tail -20)"
  local t_ready; t_ready=$(elapsed)
  log "node Ready (${t_ready}s)"

  # ---- workloads
  # Pods need their namespace's "default" ServiceAccount (made by the
  # controller-manager a few seconds after it starts); Deployments do not.
  wait_for "default service account" 60 k -n default get serviceaccount default
  test_pods_manifest | k apply -f - >/dev/null
  log "test pods applied ($(elapsed)s)"
  # DNS ready = CoreDNS answers through the kube-dns ClusterIP (asked from the node)
  wait_for "CoreDNS via $DNS_IP" "$TIMEOUT" "$BIN/berth-probe" lookup "kubernetes.default.svc.$CLUSTER_DOMAIN" "$DNS_IP"
  local t_dns; t_dns=$(elapsed)
  log "CoreDNS answers on $DNS_IP (${t_dns}s)"
  k -n kube-system rollout status deploy/coredns --timeout="${TIMEOUT}s" >/dev/null \
    || die "coredns not ready: $(k -n kube-system describe pods | tail -30)"
  k wait --for=condition=Ready pod/client --timeout="${TIMEOUT}s" >/dev/null || die "client pod not ready"
  local svc_name=web.default.svc.$CLUSTER_DOMAIN
  wait_for "DNS answer for $svc_name in a pod" 60 k exec client -- berth-probe lookup "$svc_name"
  local t_dns_pod; t_dns_pod=$(elapsed)
  log "a pod resolves $svc_name (${t_dns_pod}s)"

  k rollout status deploy/web --timeout="${TIMEOUT}s" >&2 || die "web deployment not ready"
  local t_web; t_web=$(elapsed)
  local web_ip; web_ip=$(k get svc web -o jsonpath='{.spec.clusterIP}')
  local answer_ip answer_name resolved
  resolved=$(k exec client -- berth-probe lookup "$svc_name")
  [[ $resolved == "$web_ip" ]] || die "DNS gave '$resolved', service IP is $web_ip"
  # kube-proxy programs the service's endpoints a moment after the rollout: give it that moment.
  wait_for "ClusterIP $web_ip to answer a pod" 60 k exec client -- berth-probe get "http://$web_ip/"
  answer_ip=$(k exec client -- berth-probe get "http://$web_ip/") || die "ClusterIP $web_ip did not answer"
  answer_name=$(k exec client -- berth-probe get "http://web/") || die "http://web/ did not answer"
  local running; running=$(k get pods -l app=web --field-selector=status.phase=Running -o name | wc -l)
  [[ $running == 2 ]] || die "web: $running of 2 pods Running"
  k wait --for=condition=Ready pod/guaranteed --timeout=60s >/dev/null \
    || die "Guaranteed pod not ready: $(k describe pod guaranteed | tail -15)"
  local node_local; node_local=$("$BIN/berth-probe" get "http://$web_ip/" 2>&1) || node_local="FAILED: $node_local"
  log "checks passed ($(elapsed)s)"

  {
    echo "Berth native cluster $KUBE_VERSION ($(date -Is))"
    echo "apiserver ready:      ${t_api}s"
    echo "node Ready:           ${t_ready}s"
    echo "DNS ready:            ${t_dns}s   (CoreDNS answers on $DNS_IP)"
    echo "DNS from a pod:       ${t_dns_pod}s   ($svc_name -> $resolved)"
    echo "web Deployment ready: ${t_web}s"
    echo "ClusterIP from pod:   $answer_ip"
    echo "by name from pod:     $answer_name"
    echo "ClusterIP from node:  $node_local"
    echo "Guaranteed pod:       Running"
    echo "pods:"; k get pods -A -o wide | sed 's/^/  /'
    echo "memory by program, whole PID namespace (process count):"; memory_report | sed 's/^/  /'
    local podmem; podmem=$(cat "/sys/fs/cgroup/memory/$CGROOT/kubepods/memory.usage_in_bytes" \
      "/sys/fs/cgroup/$CGROOT/kubepods/memory.current" 2>/dev/null | head -1 || true)
    echo "cgroup memory of pods (kubepods): $(( ${podmem:-0} / 1048576 )) MiB"
  } | tee "$RUN/result.txt" >&2

  if [[ ${BERTH_HOLD:-0} == 1 ]]; then
    touch "$RUN/hold"
    while [[ -e $RUN/hold ]]; do sleep 1; done
  fi
}

if [[ "${1:-}" == "--inner" ]]; then inner; else outer "$@"; fi
