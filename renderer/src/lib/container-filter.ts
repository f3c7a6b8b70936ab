import type { ContainerSummary } from '../../../shared/models';
import { composeProjectLabel } from '../../../shared/labels';

export type StateTab = 'all' | 'running' | 'stopped';

export function isUp(c: ContainerSummary): boolean {
  return c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
}

/**
 * Whether a container matches the search box: every word must match its name, image, ID prefix,
 * or a label — `key=value` for an exact label, `key=` or a bare word for a label key or value.
 */
export function matches(c: ContainerSummary, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => {
    const eq = word.indexOf('=');
    if (eq > 0) {
      const key = word.slice(0, eq);
      const value = word.slice(eq + 1);
      return Object.entries(c.labels).some(([k, v]) => k.toLowerCase() === key && (value === '' || v.toLowerCase() === value));
    }
    return (
      c.name.toLowerCase().includes(word) ||
      c.image.toLowerCase().includes(word) ||
      c.id.startsWith(word) ||
      Object.entries(c.labels).some(([k, v]) => k.toLowerCase().includes(word) || v.toLowerCase().includes(word))
    );
  });
}

/** A container the local cluster's kubelet runs for a pod (its app or the pod's pause container). */
export function isKubernetesContainer(c: ContainerSummary): boolean {
  return 'io.kubernetes.pod.name' in c.labels;
}

export function inTab(c: ContainerSummary, tab: StateTab): boolean {
  return tab === 'all' || (tab === 'running' ? isUp(c) : !isUp(c));
}

export interface ContainerGroup {
  /** The compose project, or null for containers outside any project. */
  project: string | null;
  containers: ContainerSummary[];
}

/** Compose projects first (by name), then the containers that belong to none; order kept inside. */
export function groupByProject(list: ContainerSummary[]): ContainerGroup[] {
  const groups = new Map<string, ContainerSummary[]>();
  const loose: ContainerSummary[] = [];
  for (const c of list) {
    const project = c.labels[composeProjectLabel];
    if (project) groups.set(project, [...(groups.get(project) ?? []), c]);
    else loose.push(c);
  }
  const out: ContainerGroup[] = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([project, containers]) => ({ project, containers }));
  if (loose.length) out.push({ project: null, containers: loose });
  return out;
}
