import type { KubeMeta } from '../../../../shared/models';

/** kubectl's AGE: 45s, 5m12s, 3h, 2d5h, 40d. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  return `${d}d`;
}

export function age(created: number | null, now: number): string {
  return created === null ? '—' : shortDuration(now - created);
}

/** The label selector text of a map: a=b,c=d. */
export function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Does a row's labels match a selector map? */
export function matches(labels: Record<string, string>, selector: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** Is `row` controlled by the object with this uid? */
export function ownedBy(row: Pick<KubeMeta, 'owners'>, uid: string): boolean {
  return row.owners.some((o) => o.uid === uid);
}

export function byName<T extends Pick<KubeMeta, 'name' | 'namespace'>>(a: T, b: T): number {
  return (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
}

/** A stable CSS class for a pod status. */
export function statusClass(status: string): string {
  if (status === 'Running' || status === 'Completed' || status === 'Succeeded' || status === 'Complete' || status === 'Active') return 'kube-ok';
  if (/Err|BackOff|Fail|Invalid|OOM|Unknown|Evicted/i.test(status)) return 'kube-bad';
  if (status === 'Terminating' || status === 'Pending' || /Creating|Init|Waiting|NotReady|Running…/.test(status)) return 'kube-busy';
  return 'kube-muted';
}
