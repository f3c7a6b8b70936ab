/** Plain serialisable models shared by backend and renderer. No classes, no Dates: numbers in ms. */

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortBinding {
  privatePort: number;
  publicPort?: number;
  ip?: string;
  protocol: string;
}

export interface ContainerSummary {
  id: string;
  /** Primary name without the leading slash. */
  name: string;
  image: string;
  imageId: string;
  command: string;
  /** Creation time, ms since the epoch. */
  created: number;
  state: ContainerState;
  /** The engine's human status, e.g. "Up 3 minutes", "Exited (0) 2 hours ago". */
  status: string;
  ports: PortBinding[];
  labels: Record<string, string>;
}

export interface MountInfo {
  type: string; // bind | volume | tmpfs | npipe
  /** Volume name for volumes, host path for binds. */
  source: string;
  destination: string;
  readOnly: boolean;
}

export interface ContainerNetworkInfo {
  name: string;
  ipAddress: string;
  gateway: string;
  macAddress: string;
  aliases: string[];
}

export type HealthState = 'none' | 'starting' | 'healthy' | 'unhealthy';

/** What the details page shows; `raw` is the engine's whole inspect document. */
export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  imageId: string;
  created: number;
  state: ContainerState;
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  error: string;
  restartCount: number;
  restartPolicy: string;
  health: HealthState;
  /** The last health check's output, when there is a health check. */
  healthLog: string[];
  cmd: string[];
  entrypoint: string[];
  workingDir: string;
  user: string;
  tty: boolean;
  /** NAME=value as the engine stores them; the UI masks values until clicked. */
  env: string[];
  labels: Record<string, string>;
  mounts: MountInfo[];
  ports: PortBinding[];
  networks: ContainerNetworkInfo[];
  memoryLimit: number;
  nanoCpus: number;
  raw: unknown;
}

export interface PortMappingSpec {
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Host address to bind; all addresses when absent. */
  hostIp?: string;
}

export interface MountSpec {
  type: 'bind' | 'volume';
  /** Host path (bind) or volume name (volume; created when missing). */
  source: string;
  target: string;
  readOnly?: boolean;
}

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

/** The run dialog's request: create, then start, pulling first when the image is missing. */
export interface RunSpec {
  image: string;
  name?: string;
  /** argv; empty means the image's default command. */
  command?: string[];
  ports?: PortMappingSpec[];
  env?: { name: string; value: string }[];
  mounts?: MountSpec[];
  restartPolicy?: RestartPolicyName;
  network?: string;
  autoRemove?: boolean;
  labels?: Record<string, string>;
}

/** Pull progress of one layer, as the engine reports it. */
export interface LayerProgress {
  id: string;
  status: string;
  current: number;
  total: number;
}

/** Aggregated progress of a pull or push: per layer and in total. */
export interface TransferProgress {
  layers: LayerProgress[];
  /** Bytes done and known in total over the layers that report sizes. */
  current: number;
  total: number;
  /** The engine's last status line ("Digest: sha256:…", "Status: Downloaded newer image …"). */
  message: string;
}

export type RunEvent =
  | { phase: 'pull'; progress: TransferProgress }
  | { phase: 'create' }
  | { phase: 'start'; id: string }
  | { phase: 'done'; id: string; name: string };

/** One sample of the engine's stats stream, already turned into rates. */
export interface StatsSample {
  time: number;
  /** Percent of one CPU, as `docker stats` shows it (can exceed 100 on several CPUs). */
  cpuPercent: number;
  memoryUsage: number;
  memoryLimit: number;
  /** Bytes per second since the previous sample. */
  netRxRate: number;
  netTxRate: number;
  blockReadRate: number;
  blockWriteRate: number;
  pids: number;
}

export interface PortCheck {
  port: number;
  free: boolean;
  /** Who holds it: "container web (0.0.0.0:8080->80/tcp)" or "another program on this machine". */
  heldBy?: string;
}
