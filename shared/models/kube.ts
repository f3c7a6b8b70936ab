/** The Kubernetes views: plain serialisable models (rows the backend makes from API objects). */

/** What the views list and watch; the API's plural resource names. */
export const kubeKinds = [
  'namespaces',
  'nodes',
  'pods',
  'deployments',
  'replicasets',
  'replicationcontrollers',
  'daemonsets',
  'jobs',
  'cronjobs',
  'services',
  'endpointslices',
  'events',
] as const;
export type KubeKind = (typeof kubeKinds)[number];

/** Kinds without a namespace. */
export const clusterScopedKinds: readonly KubeKind[] = ['namespaces', 'nodes'];

export interface KubeContextInfo {
  name: string;
  cluster: string;
  /** The apiserver's address, when the context names a cluster that exists. */
  server: string | null;
  user: string;
  /** The context's own default namespace. */
  namespace: string | null;
}

export interface KubeConfigView {
  /** The files read ($KUBECONFIG may name several); empty when there is none. */
  files: string[];
  contexts: KubeContextInfo[];
  /** The kubeconfig's current-context. */
  currentContext: string | null;
  /** Why there are no contexts (no kubeconfig, unreadable): for a person. */
  problem: string | null;
}

export interface KubeOwner {
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
}

/** What every row has. Times are epoch milliseconds. */
export interface KubeMeta {
  uid: string;
  name: string;
  namespace: string | null;
  created: number | null;
  resourceVersion: string;
  labels: Record<string, string>;
  owners: KubeOwner[];
  /** metadata.deletionTimestamp is set: it is going away. */
  deleting: boolean;
}

export interface KubeCondition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransition: number | null;
}

export interface ContainerImage {
  container: string;
  image: string;
}

export interface PodContainer {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** Waiting or terminated: CrashLoopBackOff, Completed, Error, ContainerCreating… */
  reason: string | null;
  message: string | null;
  startedAt: number | null;
  exitCode: number | null;
  /** The previous run, when it ended (what `previous` logs show). */
  lastTerminated: { reason: string | null; exitCode: number | null; finishedAt: number | null } | null;
  ports: { name: string | null; containerPort: number; protocol: string }[];
}

export interface PodRow extends KubeMeta {
  kind: 'pods';
  phase: string;
  /** As kubectl's STATUS column: Running, Pending, ContainerCreating, CrashLoopBackOff, Completed, Terminating… */
  status: string;
  ready: number;
  total: number;
  restarts: number;
  node: string | null;
  ip: string | null;
  startTime: number | null;
  qos: string | null;
  message: string | null;
  containers: PodContainer[];
  initContainers: PodContainer[];
  conditions: KubeCondition[];
}

export interface DeploymentRow extends KubeMeta {
  kind: 'deployments';
  desired: number;
  ready: number;
  upToDate: number;
  available: number;
  images: ContainerImage[];
  selector: Record<string, string>;
  strategy: string;
  paused: boolean;
  conditions: KubeCondition[];
}

export interface ReplicaSetRow extends KubeMeta {
  kind: 'replicasets' | 'replicationcontrollers';
  desired: number;
  current: number;
  ready: number;
  images: ContainerImage[];
  selector: Record<string, string>;
  /** The Deployment's revision this ReplicaSet holds. */
  revision: string | null;
}

export interface DaemonSetRow extends KubeMeta {
  kind: 'daemonsets';
  desired: number;
  current: number;
  ready: number;
  upToDate: number;
  available: number;
  misscheduled: number;
  images: ContainerImage[];
  nodeSelector: Record<string, string>;
}

export interface JobRow extends KubeMeta {
  kind: 'jobs';
  completions: number | null;
  parallelism: number | null;
  succeeded: number;
  failed: number;
  active: number;
  startTime: number | null;
  completionTime: number | null;
  status: 'Complete' | 'Failed' | 'Running' | 'Suspended' | 'Pending';
  images: ContainerImage[];
}

export interface CronJobRow extends KubeMeta {
  kind: 'cronjobs';
  schedule: string;
  suspend: boolean;
  active: number;
  lastSchedule: number | null;
  lastSuccessful: number | null;
  images: ContainerImage[];
}

export interface ServicePort {
  name: string | null;
  port: number;
  targetPort: number | string;
  protocol: string;
  nodePort: number | null;
}

export interface ServiceRow extends KubeMeta {
  kind: 'services';
  type: string;
  clusterIP: string | null;
  externalIPs: string[];
  ports: ServicePort[];
  selector: Record<string, string>;
}

export interface EndpointSliceRow extends KubeMeta {
  kind: 'endpointslices';
  /** The Service the slice belongs to (label kubernetes.io/service-name). */
  service: string | null;
  endpoints: { addresses: string[]; ready: boolean; pod: string | null; node: string | null }[];
  ports: { name: string | null; port: number; protocol: string }[];
}

export interface EventRow extends KubeMeta {
  kind: 'events';
  type: string;
  reason: string;
  message: string;
  object: { kind: string; name: string; namespace: string | null; uid: string | null };
  count: number;
  first: number | null;
  last: number | null;
  source: string | null;
}

export interface NamespaceRow extends KubeMeta {
  kind: 'namespaces';
  phase: string;
}

export interface NodeRow extends KubeMeta {
  kind: 'nodes';
  ready: boolean;
  roles: string[];
  kubeletVersion: string | null;
  internalIP: string | null;
  podCIDR: string | null;
}

export type KubeRow =
  | PodRow
  | DeploymentRow
  | ReplicaSetRow
  | DaemonSetRow
  | JobRow
  | CronJobRow
  | ServiceRow
  | EndpointSliceRow
  | EventRow
  | NamespaceRow
  | NodeRow;

/** The row type for a kind. */
export type KubeRowOf<K extends KubeKind> = K extends 'pods'
  ? PodRow
  : K extends 'deployments'
    ? DeploymentRow
    : K extends 'replicasets' | 'replicationcontrollers'
      ? ReplicaSetRow
      : K extends 'daemonsets'
        ? DaemonSetRow
        : K extends 'jobs'
          ? JobRow
          : K extends 'cronjobs'
            ? CronJobRow
            : K extends 'services'
              ? ServiceRow
              : K extends 'endpointslices'
                ? EndpointSliceRow
                : K extends 'events'
                  ? EventRow
                  : K extends 'namespaces'
                    ? NamespaceRow
                    : NodeRow;

/**
 * What a `kube:watch` stream pushes: a snapshot first (the list, and again after a re-list, e.g.
 * when the apiserver answers 410 Gone), then changes as the watch reports them, batched.
 */
export type KubeWatchEvent =
  | { type: 'snapshot'; rows: KubeRow[]; resourceVersion: string }
  | { type: 'changes'; upserts: KubeRow[]; deletes: string[]; resourceVersion: string }
  /** The watch dropped and Berth is getting back in step (re-listing or reconnecting), or it could not. */
  | { type: 'status'; state: 'live' | 'relisting' | 'reconnecting'; message: string | null };

/** One document of an Apply YAML, and what came of it. */
export interface ApplyDocumentResult {
  /** 0-based position in the text, and the line (1-based) where it starts. */
  index: number;
  line: number;
  kind: string | null;
  apiVersion: string | null;
  name: string | null;
  namespace: string | null;
  /** created / configured / unchanged (apply and dry run), deleted / absent (delete), error, skipped (nothing was applied because another document failed). */
  outcome: 'created' | 'configured' | 'unchanged' | 'deleted' | 'absent' | 'error' | 'skipped' | 'empty';
  /** For a person; the apiserver's own message on error. */
  message: string | null;
  /** Where in the document, when the YAML itself was wrong (1-based, in the whole text). */
  errorLine: number | null;
}

export interface ApplyResult {
  mode: 'validate' | 'apply' | 'delete';
  /** False when something failed: with apply, nothing was changed unless every dry run passed. */
  ok: boolean;
  documents: ApplyDocumentResult[];
}

export interface QuickDeployResult {
  namespace: string;
  deployment: string;
  service: string | null;
}

export interface NamespaceContents {
  name: string;
  /** Per kind, how many and the first names. */
  kinds: { kind: string; count: number; names: string[] }[];
}

export interface KubePortForward {
  id: string;
  context: string;
  namespace: string;
  target: { kind: 'pods' | 'services'; name: string };
  /** The pod or service port asked for. */
  remotePort: number;
  /** Where it listens on the host: always 127.0.0.1. */
  localPort: number;
  url: string;
  started: number;
  /** Connections open now, and in all. */
  open: number;
  total: number;
  /** The pod the last connection went to (a service is resolved per connection). */
  pod: string | null;
  lastError: string | null;
}

/** Whose terminals: a pod's, by context, namespace and name (the trailing slash keeps web-1 apart from web-12). */
export function podTerminalOwner(context: string, namespace: string, pod: string): string {
  return `pod:${context}/${namespace}/${pod}/`;
}
