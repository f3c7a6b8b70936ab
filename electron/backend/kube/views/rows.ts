import type {
  ContainerImage,
  KubeCondition,
  KubeKind,
  KubeMeta,
  KubeRow,
  PodContainer,
  PodRow,
  ServicePort,
} from '../../../../shared/models';

/**
 * API objects (JSON as the apiserver sends it) to the rows the views show. Only the fields read
 * here are typed; everything is optional because the API omits empty fields.
 */

interface RawMeta {
  uid?: string;
  name?: string;
  namespace?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
  generation?: number;
}

interface RawCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

interface RawContainer {
  name?: string;
  image?: string;
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
}

interface RawContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; startedAt?: string; finishedAt?: string };
}

interface RawContainerStatus {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: RawContainerState;
  lastState?: RawContainerState;
}

interface RawPodTemplate {
  spec?: { containers?: RawContainer[] };
}

/** Any API object, loosely. */
export interface RawObject {
  apiVersion?: string;
  kind?: string;
  metadata?: RawMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

function time(v: unknown): number | null {
  if (typeof v !== 'string' || !v) return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function meta(o: RawObject): KubeMeta {
  const m = o.metadata ?? {};
  return {
    uid: m.uid ?? `${m.namespace ?? ''}/${m.name ?? ''}`,
    name: m.name ?? '',
    namespace: m.namespace ?? null,
    created: time(m.creationTimestamp),
    resourceVersion: m.resourceVersion ?? '',
    labels: m.labels ?? {},
    owners: (m.ownerReferences ?? []).map((r) => ({ kind: r.kind ?? '', name: r.name ?? '', uid: r.uid ?? '', controller: !!r.controller })),
    deleting: !!m.deletionTimestamp,
  };
}

function conditions(list: unknown): KubeCondition[] {
  if (!Array.isArray(list)) return [];
  return (list as RawCondition[]).map((c) => ({
    type: c.type ?? '',
    status: c.status ?? 'Unknown',
    reason: str(c.reason),
    message: str(c.message),
    lastTransition: time(c.lastTransitionTime),
  }));
}

function images(template: unknown): ContainerImage[] {
  const t = template as RawPodTemplate | undefined;
  return (t?.spec?.containers ?? []).map((c) => ({ container: c.name ?? '', image: c.image ?? '' }));
}

function selectorOf(spec: Record<string, unknown> | undefined): Record<string, string> {
  const sel = spec?.selector as { matchLabels?: Record<string, string> } | Record<string, string> | undefined;
  if (!sel) return {};
  if ('matchLabels' in sel && sel.matchLabels && typeof sel.matchLabels === 'object') return sel.matchLabels as Record<string, string>;
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(sel)) if (typeof v === 'string') flat[k] = v;
  return flat;
}

function podContainer(spec: RawContainer, status: RawContainerStatus | undefined): PodContainer {
  const st = status?.state ?? {};
  const state: PodContainer['state'] = st.running ? 'running' : st.waiting ? 'waiting' : st.terminated ? 'terminated' : 'unknown';
  const last = status?.lastState?.terminated;
  return {
    name: spec.name ?? status?.name ?? '',
    image: spec.image ?? status?.image ?? '',
    ready: !!status?.ready,
    restarts: num(status?.restartCount),
    state,
    reason: str(st.waiting?.reason) ?? str(st.terminated?.reason),
    message: str(st.waiting?.message) ?? str(st.terminated?.message),
    startedAt: time(st.running?.startedAt ?? st.terminated?.startedAt),
    exitCode: st.terminated ? num(st.terminated.exitCode) : null,
    lastTerminated: last ? { reason: str(last.reason), exitCode: num(last.exitCode), finishedAt: time(last.finishedAt) } : null,
    ports: (spec.ports ?? []).map((p) => ({ name: str(p.name), containerPort: num(p.containerPort), protocol: p.protocol ?? 'TCP' })),
  };
}

/** kubectl's STATUS column (printPod in kubectl's printers, reduced to what matters). */
export function podStatus(o: RawObject): string {
  const status = (o.status ?? {}) as { phase?: string; reason?: string; initContainerStatuses?: RawContainerStatus[]; containerStatuses?: RawContainerStatus[]; conditions?: RawCondition[] };
  const spec = (o.spec ?? {}) as { initContainers?: unknown[] };
  let reason = status.reason || status.phase || 'Unknown';
  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const s = inits[i]?.state ?? {};
    if (s.terminated && s.terminated.exitCode === 0) continue;
    if (s.terminated) {
      reason = s.terminated.reason ? `Init:${s.terminated.reason}` : s.terminated.signal ? `Init:Signal:${s.terminated.signal}` : `Init:ExitCode:${s.terminated.exitCode ?? '?'}`;
    } else if (s.waiting?.reason && s.waiting.reason !== 'PodInitializing') {
      reason = `Init:${s.waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec.initContainers?.length ?? inits.length}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const list = status.containerStatuses ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i]?.state ?? {};
      if (s.waiting?.reason) reason = s.waiting.reason;
      else if (s.terminated?.reason) reason = s.terminated.reason;
      else if (s.terminated) reason = s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode ?? '?'}`;
      else if (s.running && list[i]?.ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (o.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function pod(o: RawObject): PodRow {
  const spec = (o.spec ?? {}) as { containers?: RawContainer[]; initContainers?: RawContainer[]; nodeName?: string };
  const status = (o.status ?? {}) as {
    phase?: string;
    podIP?: string;
    startTime?: string;
    qosClass?: string;
    message?: string;
    conditions?: unknown;
    containerStatuses?: RawContainerStatus[];
    initContainerStatuses?: RawContainerStatus[];
  };
  const byName = (list: RawContainerStatus[] | undefined) => new Map((list ?? []).map((s) => [s.name ?? '', s]));
  const cs = byName(status.containerStatuses);
  const ics = byName(status.initContainerStatuses);
  const containers = (spec.containers ?? []).map((c) => podContainer(c, cs.get(c.name ?? '')));
  const initContainers = (spec.initContainers ?? []).map((c) => podContainer(c, ics.get(c.name ?? '')));
  return {
    ...meta(o),
    kind: 'pods',
    phase: status.phase ?? 'Unknown',
    status: podStatus(o),
    ready: containers.filter((c) => c.ready).length,
    total: containers.length,
    restarts: containers.reduce((n, c) => n + c.restarts, 0),
    node: str(spec.nodeName),
    ip: str(status.podIP),
    startTime: time(status.startTime),
    qos: str(status.qosClass),
    message: str(status.message),
    containers,
    initContainers,
    conditions: conditions(status.conditions),
  };
}

function servicePorts(list: unknown): ServicePort[] {
  if (!Array.isArray(list)) return [];
  return (list as { name?: string; port?: number; targetPort?: number | string; protocol?: string; nodePort?: number }[]).map((p) => ({
    name: str(p.name),
    port: num(p.port),
    targetPort: p.targetPort ?? num(p.port),
    protocol: p.protocol ?? 'TCP',
    nodePort: typeof p.nodePort === 'number' ? p.nodePort : null,
  }));
}

/** The row for an object of a kind. */
export function toRow(kind: KubeKind, o: RawObject): KubeRow {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const status = (o.status ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'pods':
      return pod(o);
    case 'deployments':
      return {
        ...meta(o),
        kind,
        desired: num(spec.replicas, 1),
        ready: num(status.readyReplicas),
        upToDate: num(status.updatedReplicas),
        available: num(status.availableReplicas),
        images: images(spec.template),
        selector: selectorOf(spec),
        strategy: ((spec.strategy as { type?: string } | undefined)?.type ?? 'RollingUpdate') as string,
        paused: !!spec.paused,
        conditions: conditions(status.conditions),
      };
    case 'replicasets':
    case 'replicationcontrollers':
      return {
        ...meta(o),
        kind,
        desired: num(spec.replicas, 1),
        current: num(status.replicas),
        ready: num(status.readyReplicas),
        images: images(spec.template),
        selector: selectorOf(spec),
        revision: o.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? null,
      };
    case 'daemonsets':
      return {
        ...meta(o),
        kind,
        desired: num(status.desiredNumberScheduled),
        current: num(status.currentNumberScheduled),
        ready: num(status.numberReady),
        upToDate: num(status.updatedNumberScheduled),
        available: num(status.numberAvailable),
        misscheduled: num(status.numberMisscheduled),
        images: images(spec.template),
        nodeSelector: ((spec.template as { spec?: { nodeSelector?: Record<string, string> } } | undefined)?.spec?.nodeSelector ?? {}) as Record<string, string>,
      };
    case 'jobs': {
      const conds = conditions(status.conditions);
      const has = (type: string): boolean => conds.some((c) => c.type === type && c.status === 'True');
      const active = num(status.active);
      const jobStatus = has('Complete') ? 'Complete' : has('Failed') ? 'Failed' : spec.suspend ? 'Suspended' : active > 0 ? 'Running' : 'Pending';
      return {
        ...meta(o),
        kind,
        completions: typeof spec.completions === 'number' ? spec.completions : null,
        parallelism: typeof spec.parallelism === 'number' ? spec.parallelism : null,
        succeeded: num(status.succeeded),
        failed: num(status.failed),
        active,
        startTime: time(status.startTime),
        completionTime: time(status.completionTime),
        status: jobStatus,
        images: images(spec.template),
      };
    }
    case 'cronjobs': {
      const jobTemplate = spec.jobTemplate as { spec?: { template?: unknown } } | undefined;
      return {
        ...meta(o),
        kind,
        schedule: typeof spec.schedule === 'string' ? spec.schedule : '',
        suspend: !!spec.suspend,
        active: Array.isArray(status.active) ? status.active.length : 0,
        lastSchedule: time(status.lastScheduleTime),
        lastSuccessful: time(status.lastSuccessfulTime),
        images: images(jobTemplate?.spec?.template),
      };
    }
    case 'services':
      return {
        ...meta(o),
        kind,
        type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
        clusterIP: str(spec.clusterIP),
        externalIPs: Array.isArray(spec.externalIPs) ? (spec.externalIPs as string[]) : [],
        ports: servicePorts(spec.ports),
        selector: (spec.selector ?? {}) as Record<string, string>,
      };
    case 'endpointslices': {
      const endpoints = (o.endpoints ?? []) as { addresses?: string[]; conditions?: { ready?: boolean }; targetRef?: { kind?: string; name?: string }; nodeName?: string }[];
      const ports = (o.ports ?? []) as { name?: string; port?: number; protocol?: string }[];
      return {
        ...meta(o),
        kind,
        service: o.metadata?.labels?.['kubernetes.io/service-name'] ?? null,
        endpoints: endpoints.map((e) => ({
          addresses: e.addresses ?? [],
          ready: e.conditions?.ready !== false,
          pod: e.targetRef?.kind === 'Pod' ? (e.targetRef.name ?? null) : null,
          node: str(e.nodeName),
        })),
        ports: ports.map((p) => ({ name: str(p.name), port: num(p.port), protocol: p.protocol ?? 'TCP' })),
      };
    }
    case 'events': {
      const involved = (o.involvedObject ?? {}) as { kind?: string; name?: string; namespace?: string; uid?: string };
      const source = (o.source ?? {}) as { component?: string; host?: string };
      const series = o.series as { count?: number; lastObservedTime?: string } | undefined;
      return {
        ...meta(o),
        kind,
        type: typeof o.type === 'string' ? o.type : 'Normal',
        reason: typeof o.reason === 'string' ? o.reason : '',
        message: typeof o.message === 'string' ? o.message.trim() : '',
        object: { kind: involved.kind ?? '', name: involved.name ?? '', namespace: involved.namespace ?? null, uid: involved.uid ?? null },
        count: num(series?.count, num(o.count, 1)),
        first: time(o.firstTimestamp) ?? time(o.eventTime),
        last: time(series?.lastObservedTime) ?? time(o.lastTimestamp) ?? time(o.eventTime) ?? time(o.firstTimestamp),
        source: str(source.component) ?? str(o.reportingComponent),
      };
    }
    case 'namespaces':
      return { ...meta(o), kind, phase: typeof status.phase === 'string' ? status.phase : 'Active' };
    case 'nodes': {
      const labels = o.metadata?.labels ?? {};
      const addresses = (status.addresses ?? []) as { type?: string; address?: string }[];
      const nodeInfo = status.nodeInfo as { kubeletVersion?: string } | undefined;
      return {
        ...meta(o),
        kind,
        ready: conditions(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True'),
        roles: Object.keys(labels)
          .filter((l) => l.startsWith('node-role.kubernetes.io/'))
          .map((l) => l.slice('node-role.kubernetes.io/'.length)),
        kubeletVersion: str(nodeInfo?.kubeletVersion),
        internalIP: addresses.find((a) => a.type === 'InternalIP')?.address ?? null,
        podCIDR: str(spec.podCIDR),
      };
    }
  }
}
