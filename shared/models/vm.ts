/** Berth's VM and the desktop shell: plain serialisable models. */

export type VmState = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';
export type Accelerator = 'kvm' | 'hvf' | 'whpx' | 'tcg';
export type VmStep = 'image' | 'disk' | 'certificates' | 'boot' | 'engine';

export interface VmStatus {
  state: VmState;
  /** While starting: what it is doing now, and a sentence for the status bar. */
  step: VmStep | null;
  message: string;
  accelerator: Accelerator | null;
  /** "slow: no hardware virtualisation" when the VM runs under software emulation. */
  warning: string | null;
  /** When state is 'error': what went wrong, what to do, and the console's last lines. */
  error: { message: string; consoleTail: string[] } | null;
  /** tcp://127.0.0.1:PORT when running. */
  engineHost: string | null;
  startedAt: number | null;
  /** The VM image's Debian kernel and package versions, from its manifest. */
  image: { kernel: string; docker: string; containerd: string } | null;
  /** Settings that take effect at the next start differ from those the VM runs with. */
  pendingRestart: boolean;
}

export interface PortForward {
  containerId: string;
  containerName: string;
  hostPort: number;
  guestPort: number;
  protocol: 'tcp' | 'udp';
  state: 'active' | 'failed';
  /** Why it failed: "host port 8080 is in use". */
  error?: string;
}

export type ClusterState = 'disabled' | 'stopped' | 'starting' | 'running' | 'stopping' | 'error';
export type ClusterStep = 'vm' | 'images' | 'certificates' | 'etcd' | 'apiserver' | 'controllers' | 'kubelet' | 'node' | 'dns';

/** The local Kubernetes cluster in Berth's VM. */
export interface ClusterStatus {
  state: ClusterState;
  step: ClusterStep | null;
  message: string;
  /** Kubernetes version of the bundle, e.g. v1.37.2. */
  version: string | null;
  /** The API server on host loopback, e.g. https://127.0.0.1:6443. */
  server: string | null;
  /** The kubeconfig context (berth) and the file it was merged into. */
  context: string | null;
  kubeconfig: string | null;
  /** Something the user should know (the kubeconfig could not be merged, a port was taken…). */
  notice: string | null;
  /** Seconds from enable to each step's end. */
  timings: { step: ClusterStep; seconds: number }[];
  /** The cluster's services in the VM, as its supervisor reports them: "up pid 812", "exited 2"; how often it restarted one since the cluster started. */
  components: { name: string; state: string; restarts: number; lastExit: string | null }[];
  error: { message: string; component: string | null; lines: string[] } | null;
}
