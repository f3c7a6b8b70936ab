/**
 * The command palette's matching and ranking: pure, so it is tested without a browser. A query
 * matches an item when every word of it matches the item's label (or one of its keywords):
 * exactly, as a prefix, at a word start, anywhere, or as letters in order (fuzzy), best first.
 */

export type PaletteKind = 'page' | 'action' | 'container' | 'image' | 'volume' | 'network' | 'pod';

export interface PaletteEntry {
  id: string;
  kind: PaletteKind;
  label: string;
  /** Shown after the label, matched with less weight: the image of a container, an ID. */
  detail?: string;
  /** Other words it is found by (an ID, "restart", "theme"). */
  keywords?: string[];
}

/** Among equally good matches, pages and things come before less likely ones. */
const kindOrder: Record<PaletteKind, number> = { page: 0, container: 1, action: 2, image: 3, pod: 4, volume: 5, network: 6 };

const separators = /[\s\-_/.:@]/;

/** How well one query word matches one text; null when it does not. */
export function scoreWord(word: string, text: string): number | null {
  const w = word.toLowerCase();
  const t = text.toLowerCase();
  if (!w) return 0;
  if (t === w) return 1000;
  if (t.startsWith(w)) return 800 - Math.min(t.length - w.length, 100);
  const at = t.indexOf(w);
  if (at > 0) {
    // Word starts: "web" in "my-web-app" beats "web" in "cobweb".
    for (let i = at; i !== -1; i = t.indexOf(w, i + 1)) if (separators.test(t[i - 1] ?? '')) return 600 - Math.min(i, 100);
    return 400 - Math.min(at, 100);
  }
  // Letters in order, fewer gaps better: "ngx" finds "nginx".
  let score = 200;
  let from = 0;
  let last = -1;
  for (const ch of w) {
    const i = t.indexOf(ch, from);
    if (i === -1) return null;
    if (last >= 0) score -= Math.min(i - last - 1, 20) * 3;
    if (i === 0 || separators.test(t[i - 1] ?? '')) score += 5;
    last = i;
    from = i + 1;
  }
  return Math.max(score, 1);
}

/** The score of an item for a whole query, or null when some word matches nothing. */
export function scoreEntry(query: string, entry: PaletteEntry): number | null {
  const words = query.trim().split(/\s+/).filter(Boolean);
  let total = 0;
  for (const word of words) {
    let best: number | null = scoreWord(word, entry.label);
    for (const k of entry.keywords ?? []) {
      const s = scoreWord(word, k);
      if (s !== null) best = Math.max(best ?? 0, s - 50);
    }
    if (entry.detail) {
      const s = scoreWord(word, entry.detail);
      if (s !== null) best = Math.max(best ?? 0, s - 150);
    }
    if (best === null) return null;
    total += best;
  }
  return total;
}

/** The entries that match, best first; with an empty query, the entries of `emptyKinds` in their given order. */
export function rankEntries<T extends PaletteEntry>(entries: readonly T[], query: string, options: { limit?: number; emptyKinds?: readonly PaletteKind[] } = {}): T[] {
  const limit = options.limit ?? 50;
  if (!query.trim()) {
    const kinds = options.emptyKinds ?? ['page', 'action'];
    return entries.filter((e) => kinds.includes(e.kind)).slice(0, limit);
  }
  const scored: { entry: T; score: number }[] = [];
  for (const entry of entries) {
    const score = scoreEntry(query, entry);
    if (score !== null) scored.push({ entry, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      kindOrder[a.entry.kind] - kindOrder[b.entry.kind] ||
      a.entry.label.length - b.entry.label.length ||
      a.entry.label.localeCompare(b.entry.label),
  );
  return scored.slice(0, limit).map((s) => s.entry);
}
