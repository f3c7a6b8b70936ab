import { href } from '../../lib/use-route';

export const kubeViews = [
  { id: 'pods', label: 'Pods', group: 'Workloads' },
  { id: 'deployments', label: 'Deployments', group: 'Workloads' },
  { id: 'replicasets', label: 'ReplicaSets', group: 'Workloads' },
  { id: 'replicationcontrollers', label: 'ReplicationControllers', group: 'Workloads' },
  { id: 'daemonsets', label: 'DaemonSets', group: 'Workloads' },
  { id: 'jobs', label: 'Jobs', group: 'Workloads' },
  { id: 'cronjobs', label: 'CronJobs', group: 'Workloads' },
  { id: 'services', label: 'Services', group: 'Network' },
  { id: 'events', label: 'Events', group: 'Cluster' },
  { id: 'namespaces', label: 'Namespaces', group: 'Cluster' },
  { id: 'apply', label: 'Apply YAML', group: 'Tools' },
  { id: 'deploy', label: 'Quick deploy', group: 'Tools' },
] as const;

export type KubeView = (typeof kubeViews)[number]['id'];

export interface KubeRoute {
  view: KubeView;
  namespace: string | null;
  name: string | null;
}

/** `#/kubernetes/<view>[/<namespace>/<name>]`. */
export function parseKubeRoute(param: string | null): KubeRoute {
  const [view = '', namespace = null, name = null] = (param ?? '').split('/').filter(Boolean);
  const known = kubeViews.find((v) => v.id === view);
  return { view: known ? known.id : 'pods', namespace: known ? namespace : null, name: known ? name : null };
}

export function kubeHref(view: KubeView, namespace?: string | null, name?: string | null): string {
  return href('kubernetes', [view, namespace, name].filter(Boolean).join('/'));
}

export function kubeNavigate(view: KubeView, namespace?: string | null, name?: string | null): void {
  location.hash = kubeHref(view, namespace, name);
}
