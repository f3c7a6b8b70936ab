import type { PrunePreviewItem, PruneResult, PruneTarget } from '../../../../shared/models';

export interface PruneTargetInfo {
  target: PruneTarget;
  label: string;
  /** What exactly goes, in the words `docker system prune` users know. */
  what: string;
}

/** In the order the backend prunes them: containers first, so what they held becomes unused. */
export const pruneTargets: PruneTargetInfo[] = [
  { target: 'containers', label: 'Containers', what: 'stopped containers and their writable layers' },
  { target: 'networks', label: 'Networks', what: 'networks no container uses (built-in ones stay)' },
  { target: 'images', label: 'Images', what: 'dangling images (untagged, used by no container)' },
  { target: 'volumes', label: 'Volumes', what: 'anonymous volumes no container uses (named volumes are kept)' },
  { target: 'build-cache', label: 'Build cache', what: 'build cache not in use' },
];

/** What `docker system prune` removes without flags: everything but volumes. */
export const defaultPruneTargets: PruneTarget[] = ['containers', 'networks', 'images', 'build-cache'];

export function sumSizes(items: PrunePreviewItem[] | undefined): number {
  return (items ?? []).reduce((n, i) => n + Math.max(0, i.size), 0);
}

export function previewTotals(preview: Partial<Record<PruneTarget, PrunePreviewItem[]>>): { items: number; bytes: number } {
  let items = 0;
  let bytes = 0;
  for (const list of Object.values(preview)) {
    items += list?.length ?? 0;
    bytes += sumSizes(list);
  }
  return { items, bytes };
}

export function resultTotals(result: Partial<Record<PruneTarget, PruneResult>>): { items: number; bytes: number } {
  let items = 0;
  let bytes = 0;
  for (const r of Object.values(result)) {
    items += r?.deleted.length ?? 0;
    bytes += r?.spaceReclaimed ?? 0;
  }
  return { items, bytes };
}

/** "1 container", "3 images", "no build cache entries". */
export function countOf(n: number, target: PruneTarget): string {
  const [one, many] =
    target === 'build-cache' ? ['build cache entry', 'build cache entries'] : target === 'containers' ? ['container', 'containers'] : target === 'images' ? ['image', 'images'] : target === 'volumes' ? ['volume', 'volumes'] : ['network', 'networks'];
  return n === 0 ? `no ${many}` : `${n} ${n === 1 ? one : many}`;
}
