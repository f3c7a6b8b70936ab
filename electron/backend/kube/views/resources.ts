import type { KubeKind } from '../../../../shared/models';

/** Where each kind the views know lives in the API. */
export interface ResourceInfo {
  kind: KubeKind;
  /** The API's Kind, e.g. Deployment. */
  apiKind: string;
  apiVersion: string;
  namespaced: boolean;
}

export const resources: Record<KubeKind, ResourceInfo> = {
  namespaces: { kind: 'namespaces', apiKind: 'Namespace', apiVersion: 'v1', namespaced: false },
  nodes: { kind: 'nodes', apiKind: 'Node', apiVersion: 'v1', namespaced: false },
  pods: { kind: 'pods', apiKind: 'Pod', apiVersion: 'v1', namespaced: true },
  deployments: { kind: 'deployments', apiKind: 'Deployment', apiVersion: 'apps/v1', namespaced: true },
  replicasets: { kind: 'replicasets', apiKind: 'ReplicaSet', apiVersion: 'apps/v1', namespaced: true },
  replicationcontrollers: { kind: 'replicationcontrollers', apiKind: 'ReplicationController', apiVersion: 'v1', namespaced: true },
  daemonsets: { kind: 'daemonsets', apiKind: 'DaemonSet', apiVersion: 'apps/v1', namespaced: true },
  jobs: { kind: 'jobs', apiKind: 'Job', apiVersion: 'batch/v1', namespaced: true },
  cronjobs: { kind: 'cronjobs', apiKind: 'CronJob', apiVersion: 'batch/v1', namespaced: true },
  services: { kind: 'services', apiKind: 'Service', apiVersion: 'v1', namespaced: true },
  endpointslices: { kind: 'endpointslices', apiKind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', namespaced: true },
  events: { kind: 'events', apiKind: 'Event', apiVersion: 'v1', namespaced: true },
};

/** /api/v1 or /apis/<group>/<version>. */
export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The collection path: all namespaces when `namespace` is absent (or the kind has none). */
export function collectionPath(info: { apiVersion: string; plural: string; namespaced: boolean }, namespace?: string | null): string {
  const base = groupVersionPath(info.apiVersion);
  return info.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${base}/${info.plural}`;
}

export function objectPath(kind: KubeKind, namespace: string | null | undefined, name: string): string {
  const info = resources[kind];
  if (info.namespaced && !namespace) throw new Error(`${info.apiKind} needs a namespace`);
  return `${collectionPath({ apiVersion: info.apiVersion, plural: kind, namespaced: info.namespaced }, namespace)}/${encodeURIComponent(name)}`;
}

export function listPath(kind: KubeKind, namespace?: string | null): string {
  const info = resources[kind];
  return collectionPath({ apiVersion: info.apiVersion, plural: kind, namespaced: info.namespaced }, namespace);
}
