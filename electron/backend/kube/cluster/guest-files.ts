import type { TarFile } from '../../archive/tar-writer';
import { kubeconfig, type ClusterPki } from './kube-pki';

/** Where things live in the VM. */
export const guest = {
  bin: '/opt/berth/kube/bin',
  cni: '/opt/berth/kube/cni',
  /** On the data disk: survives VM restarts; "reset" wipes it. */
  state: '/var/lib/berth/kube',
  services: '/var/lib/berth/services.d',
};

export const cluster = {
  nodeName: 'berth',
  nodeIp: '10.0.2.15',
  podCidr: '10.244.0.0/16',
  nodePodCidr: '10.244.0.0/24',
  serviceCidr: '10.96.0.0/16',
  serviceIp: '10.96.0.1',
  dnsIp: '10.96.0.10',
  domain: 'cluster.local',
};

/** The cluster's services, in start order (the VM's supervisor restarts any that exits). */
export const components = ['kube-etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-cri-dockerd', 'kube-kubelet', 'kube-proxy'] as const;
export type Component = (typeof components)[number];

function run(argv: string[]): string {
  const quoted = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' \\\n  ');
  return `#!/bin/sh\n# Written by Berth (Kubernetes in the VM). Started by the VM's supervisor.\n[ -x ${guest.bin}/etcd ] || { echo "the Kubernetes bundle is not mounted at /opt/berth/kube: restart the VM"; sleep 30; exit 1; }\nexec ${quoted}\n`;
}

/** Every file the cluster needs in the VM, relative to /var/lib/berth. */
export function guestFiles(pki: ClusterPki, pauseImage: string): TarFile[] {
  const S = guest.state;
  const B = guest.bin;
  const P = `${S}/pki`;
  const local = 'https://127.0.0.1:6443';
  const files: TarFile[] = [
    { path: 'kube/' },
    { path: 'kube/pki/', mode: 0o700 },
    { path: 'kube/pki/ca.crt', content: pki.ca.cert },
    { path: 'kube/pki/ca.key', content: pki.ca.key, mode: 0o600 },
    { path: 'kube/pki/apiserver.crt', content: pki.apiserver.cert },
    { path: 'kube/pki/apiserver.key', content: pki.apiserver.key, mode: 0o600 },
    { path: 'kube/pki/apiserver-kubelet-client.crt', content: pki.apiserverKubeletClient.cert },
    { path: 'kube/pki/apiserver-kubelet-client.key', content: pki.apiserverKubeletClient.key, mode: 0o600 },
    { path: 'kube/pki/kubelet-serving.crt', content: pki.kubeletServing.cert },
    { path: 'kube/pki/kubelet-serving.key', content: pki.kubeletServing.key, mode: 0o600 },
    { path: 'kube/pki/sa.key', content: pki.serviceAccount.key, mode: 0o600 },
    { path: 'kube/pki/sa.pub', content: pki.serviceAccount.pub },
    { path: 'kube/controller-manager.kubeconfig', content: kubeconfig(local, pki.ca.cert, pki.controllerManager), mode: 0o600 },
    { path: 'kube/scheduler.kubeconfig', content: kubeconfig(local, pki.ca.cert, pki.scheduler), mode: 0o600 },
    { path: 'kube/kubelet.kubeconfig', content: kubeconfig(local, pki.ca.cert, pki.kubelet), mode: 0o600 },
    { path: 'kube/kube-proxy.kubeconfig', content: kubeconfig(local, pki.ca.cert, pki.kubeProxy), mode: 0o600 },
    { path: 'kube/cni/' },
    { path: 'kube/cni/net.d/' },
    {
      path: 'kube/cni/net.d/10-berth.conflist',
      content: JSON.stringify({
        cniVersion: '1.0.0',
        name: 'berth',
        plugins: [
          { type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, hairpinMode: true, ipam: { type: 'host-local', dataDir: `${S}/cni/ipam`, ranges: [[{ subnet: cluster.nodePodCidr }]], routes: [{ dst: '0.0.0.0/0' }] } },
          { type: 'portmap', capabilities: { portMappings: true } },
        ],
      }),
    },
    {
      path: 'kube/kubelet.yaml',
      content: JSON.stringify({
        apiVersion: 'kubelet.config.k8s.io/v1beta1',
        kind: 'KubeletConfiguration',
        containerRuntimeEndpoint: 'unix:///run/cri-dockerd.sock',
        cgroupDriver: 'cgroupfs',
        authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: `${P}/ca.crt` } },
        authorization: { mode: 'Webhook' },
        tlsCertFile: `${P}/kubelet-serving.crt`,
        tlsPrivateKeyFile: `${P}/kubelet-serving.key`,
        healthzBindAddress: '127.0.0.1',
        readOnlyPort: 0,
        clusterDNS: [cluster.dnsIp],
        clusterDomain: cluster.domain,
        resolvConf: '/etc/resolv.conf',
        failSwapOn: false,
        // Images built with the engine cannot be pulled again: never garbage-collect them.
        imageGCHighThresholdPercent: 100,
        imageGCLowThresholdPercent: 99,
        evictionHard: { 'memory.available': '50Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
        serializeImagePulls: false,
      }),
    },
    {
      path: 'kube/kube-proxy.yaml',
      content: JSON.stringify({
        apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
        kind: 'KubeProxyConfiguration',
        clientConnection: { kubeconfig: `${S}/kube-proxy.kubeconfig` },
        hostnameOverride: cluster.nodeName,
        mode: 'iptables',
        clusterCIDR: cluster.podCidr,
        metricsBindAddress: '127.0.0.1:10249',
        healthzBindAddress: '127.0.0.1:10256',
        conntrack: { maxPerCore: 0 },
      }),
    },
  ];
  const services: Record<Component, string[]> = {
    'kube-etcd': [`${B}/etcd`, '--name', 'berth', '--data-dir', `${S}/etcd`, '--listen-client-urls', 'http://127.0.0.1:2379', '--advertise-client-urls', 'http://127.0.0.1:2379', '--listen-peer-urls', 'http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380', '--initial-cluster', 'berth=http://127.0.0.1:2380', '--log-level', 'warn'],
    'kube-apiserver': [
      `${B}/kube-apiserver`, '--etcd-servers', 'http://127.0.0.1:2379', '--advertise-address', cluster.nodeIp, '--secure-port', '6443', '--service-cluster-ip-range', cluster.serviceCidr,
      '--tls-cert-file', `${P}/apiserver.crt`, '--tls-private-key-file', `${P}/apiserver.key`, '--client-ca-file', `${P}/ca.crt`,
      '--kubelet-client-certificate', `${P}/apiserver-kubelet-client.crt`, '--kubelet-client-key', `${P}/apiserver-kubelet-client.key`, '--kubelet-preferred-address-types', 'InternalIP,Hostname',
      '--service-account-issuer', `https://kubernetes.default.svc.${cluster.domain}`, '--service-account-key-file', `${P}/sa.pub`, '--service-account-signing-key-file', `${P}/sa.key`,
      '--authorization-mode', 'Node,RBAC', '--enable-admission-plugins', 'NodeRestriction', '--allow-privileged=true', '--profiling=false',
    ],
    'kube-controller-manager': [
      `${B}/kube-controller-manager`, '--kubeconfig', `${S}/controller-manager.kubeconfig`, '--authentication-kubeconfig', `${S}/controller-manager.kubeconfig`, '--authorization-kubeconfig', `${S}/controller-manager.kubeconfig`,
      '--bind-address', '127.0.0.1', '--leader-elect=false', '--service-account-private-key-file', `${P}/sa.key`, '--root-ca-file', `${P}/ca.crt`,
      '--cluster-signing-cert-file', `${P}/ca.crt`, '--cluster-signing-key-file', `${P}/ca.key`, '--use-service-account-credentials=true',
      '--allocate-node-cidrs=true', '--cluster-cidr', cluster.podCidr, '--node-cidr-mask-size', '24', '--service-cluster-ip-range', cluster.serviceCidr, '--profiling=false',
    ],
    'kube-scheduler': [`${B}/kube-scheduler`, '--kubeconfig', `${S}/scheduler.kubeconfig`, '--authentication-kubeconfig', `${S}/scheduler.kubeconfig`, '--authorization-kubeconfig', `${S}/scheduler.kubeconfig`, '--bind-address', '127.0.0.1', '--leader-elect=false', '--profiling=false'],
    'kube-cri-dockerd': [
      `${B}/cri-dockerd`, '--container-runtime-endpoint', 'unix:///run/cri-dockerd.sock', '--docker-endpoint', 'unix:///run/docker.sock', '--cri-dockerd-root-directory', `${S}/cri-dockerd`,
      '--network-plugin', 'cni', '--cni-bin-dir', guest.cni, '--cni-conf-dir', `${S}/cni/net.d`, '--cni-cache-dir', `${S}/cni/cache`,
      '--pod-infra-container-image', pauseImage, '--hairpin-mode', 'hairpin-veth', '--streaming-bind-addr', '127.0.0.1',
    ],
    'kube-kubelet': [`${B}/kubelet`, '--config', `${S}/kubelet.yaml`, '--kubeconfig', `${S}/kubelet.kubeconfig`, '--hostname-override', cluster.nodeName, '--node-ip', cluster.nodeIp, '--root-dir', `${S}/kubelet`],
    'kube-proxy': [`${B}/kube-proxy`, '--config', `${S}/kube-proxy.yaml`],
  };
  for (const name of components) {
    files.push({ path: `services.d/${name}/` }, { path: `services.d/${name}/run`, content: run(services[name]), mode: 0o755 }, { path: `services.d/${name}/timeout`, content: '20\n' });
  }
  return files;
}

/** CoreDNS: its account, role, configuration, Deployment (the local image) and the kube-dns Service. */
export function corednsObjects(image: string): object[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: 'kube-system' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: 'kube-system' },
      data: {
        Corefile: `.:53 {\n    errors\n    health {\n        lameduck 5s\n    }\n    ready\n    kubernetes ${cluster.domain} in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n        ttl 30\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loadbalance\n}\n`,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-dns' } },
          spec: {
            serviceAccountName: 'coredns',
            priorityClassName: 'system-cluster-critical',
            dnsPolicy: 'Default',
            containers: [
              {
                name: 'coredns',
                image,
                imagePullPolicy: 'Never',
                args: ['-conf', '/etc/coredns/Corefile'],
                resources: { requests: { cpu: '50m', memory: '70Mi' }, limits: { memory: '170Mi' } },
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                  { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
                ],
                volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
                readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 2 },
                livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 60 },
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        clusterIP: cluster.dnsIp,
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      },
    },
  ];
}
