/** Two images side by side: their layers aligned by position and their file differences summed. Pure (test/unit/layers-compare.test.ts). */
import type { ImageComparison } from '../../../../../shared/models';

export interface AlignedLayer {
  index: number;
  a: string | null;
  b: string | null;
  shared: boolean;
}

/** Layer by layer from the bottom; the shared ones are the common prefix the backend reported. */
export function alignLayers(comparison: Pick<ImageComparison, 'a' | 'b' | 'sharedLayers'>): AlignedLayer[] {
  const { a, b, sharedLayers } = comparison;
  const rows: AlignedLayer[] = [];
  for (let i = 0; i < Math.max(a.layers.length, b.layers.length); i++) {
    rows.push({ index: i, a: a.layers[i] ?? null, b: b.layers[i] ?? null, shared: i < sharedLayers.length });
  }
  return rows;
}

/** In words: where the two images part. */
export function partingSentence(comparison: Pick<ImageComparison, 'a' | 'b' | 'sharedLayers'>, nameA: string, nameB: string): string {
  const shared = comparison.sharedLayers.length;
  const la = comparison.a.layers.length;
  const lb = comparison.b.layers.length;
  const layers = (n: number): string => `${n} layer${n === 1 ? '' : 's'}`;
  if (shared === 0) return `${nameA} and ${nameB} share no layers: they part at the base.`;
  if (shared === la && shared === lb) return `${nameA} and ${nameB} have the same ${layers(shared)}.`;
  if (shared === la) return `${nameB} is built on ${nameA}: it shares all ${layers(la)} and adds ${layers(lb - shared)} on top.`;
  if (shared === lb) return `${nameA} is built on ${nameB}: it shares all ${layers(lb)} and adds ${layers(la - shared)} on top.`;
  return `They share the bottom ${layers(shared)} and part at layer ${shared}: ${nameA} then has ${layers(la - shared)} of its own, ${nameB} ${layers(lb - shared)}.`;
}

export type FileChange = ImageComparison['changes'][number];

export interface DiffTotals {
  added: { count: number; bytes: number };
  removed: { count: number; bytes: number };
  /** bytes: how much bigger (or, negative, smaller) the modified files are in b. */
  modified: { count: number; bytes: number };
}

export function diffTotals(changes: readonly FileChange[]): DiffTotals {
  const totals: DiffTotals = { added: { count: 0, bytes: 0 }, removed: { count: 0, bytes: 0 }, modified: { count: 0, bytes: 0 } };
  for (const c of changes) {
    const t = totals[c.change];
    t.count++;
    if (c.change === 'added') t.bytes += c.sizeB ?? 0;
    else if (c.change === 'removed') t.bytes += c.sizeA ?? 0;
    else t.bytes += (c.sizeB ?? 0) - (c.sizeA ?? 0);
  }
  return totals;
}

/** b's size less a's: what the change costs in b. */
export function sizeDelta(c: FileChange): number {
  return (c.sizeB ?? 0) - (c.sizeA ?? 0);
}

export type DiffSort = 'path' | 'size';

/** Filters by kind and a case-insensitive path fragment, then sorts by path or by the size of the change (largest first). */
export function filterDiff(changes: readonly FileChange[], kinds: ReadonlySet<FileChange['change']>, query: string, sort: DiffSort): FileChange[] {
  const q = query.trim().toLowerCase();
  const shown = changes.filter((c) => kinds.has(c.change) && (!q || c.path.toLowerCase().includes(q)));
  return shown.sort((x, y) =>
    sort === 'size' ? Math.abs(sizeDelta(y)) - Math.abs(sizeDelta(x)) || (x.path < y.path ? -1 : 1) : x.path < y.path ? -1 : x.path > y.path ? 1 : 0,
  );
}
