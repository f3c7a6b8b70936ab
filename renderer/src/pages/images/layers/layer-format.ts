/** How the layer explorer words and orders things: pure, unit-tested (test/unit/layers-format.test.ts). */
import type { ChangeKind, LayerEntryType, LayerTreeEntry } from '../../../../../shared/models';

/** A history line as a Dockerfile reads: "RUN echo hi", "CMD ["sh"]" (classic builder and BuildKit spellings). */
export function instruction(createdBy: string): string {
  let text = createdBy.trim().replace(/\s+# buildkit$/, '');
  // BuildKit records build args before the shell: "|1 VERSION=1 /bin/sh -c …".
  text = text.replace(/^\|\d+(\s+\S+=\S*)*\s+(?=\/bin\/sh -c )/, '');
  if (/^\/bin\/sh -c #\(nop\)\s*/.test(text)) return text.replace(/^\/bin\/sh -c #\(nop\)\s*/, '');
  if (text.startsWith('/bin/sh -c ')) return `RUN ${text.slice('/bin/sh -c '.length)}`;
  if (/^RUN \/bin\/sh -c /.test(text)) return `RUN ${text.slice('RUN /bin/sh -c '.length)}`;
  return text || '(no instruction recorded)';
}

/** A ratio as a percentage that never rounds to a false 0 % or 100 %: 0.29224 → "29.2 %". */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  const text = (ratio * 100).toFixed(1);
  if (text === '100.0' && ratio < 1) return '>99.9 %';
  if (text === '0.0' && ratio > 0) return '<0.1 %';
  return `${text} %`;
}

/** Layer indexes as short ranges: [0, 1, 2, 5] → "0–2, 5". */
export function compactRanges(indexes: number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

/** Letters for the change badge; `docker diff` prints C for what a layer view calls modified. */
export const layerChangeLetter: Record<ChangeKind, string> = { added: 'A', modified: 'M', removed: 'D', unchanged: '·' };
export const diffChangeLetter: Record<Exclude<ChangeKind, 'unchanged'>, string> = { added: 'A', modified: 'C', removed: 'D' };

export const entryTypeLabel: Record<LayerEntryType, string> = { file: 'file', directory: 'folder', symlink: 'symlink', hardlink: 'hard link', other: 'special' };

export type SortKey = 'name' | 'size';

/** Folders first, then by name; or largest first (name breaks ties). Returns a new array. */
export function sortEntries<T extends Pick<LayerTreeEntry, 'name' | 'size' | 'type'>>(entries: readonly T[], key: SortKey): T[] {
  const byName = (a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...entries].sort((a, b) => {
    if (key === 'size') return b.size - a.size || byName(a, b);
    const folders = Number(b.type === 'directory') - Number(a.type === 'directory');
    return folders || byName(a, b);
  });
}

/** A size difference with its sign: "+1.05 MB", "−3 B", "±0 B". */
export function formatDelta(bytes: number, format: (n: number) => string): string {
  if (bytes === 0) return `±${format(0)}`;
  return `${bytes > 0 ? '+' : '−'}${format(Math.abs(bytes))}`;
}
