/**
 * Search in a log: the query compiled once, the matching lines indexed incrementally (each new
 * line is tested once; dropped lines leave from the front), occurrences counted so the viewer can
 * say "3 of 17" and find the 3rd without walking the log.
 */

export interface SearchOptions {
  caseSensitive: boolean;
  regex: boolean;
}

export type CompiledQuery = { ok: true; re: RegExp } | { ok: false; error: string } | null;

/** Null for an empty query; an error (not an exception) for an invalid regular expression. */
export function compileQuery(query: string, options: SearchOptions): CompiledQuery {
  if (!query) return null;
  const source = options.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return { ok: true, re: new RegExp(source, options.caseSensitive ? 'gu' : 'giu') };
  } catch (e) {
    // Without the u flag some patterns users type (\- in a class, lone braces) are valid: try that.
    try {
      return { ok: true, re: new RegExp(source, options.caseSensitive ? 'g' : 'gi') };
    } catch {
      const message = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(e);
      return { ok: false, error: `Invalid regular expression: ${message}` };
    }
  }
}

/** Occurrences of `re` in `text` as [start, end) pairs; empty matches are skipped. */
export function findRanges(re: RegExp, text: string, limit = 10_000): [number, number][] {
  const out: [number, number][] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.length < limit && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex = m.index + 1;
      if (re.lastIndex > text.length) break;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  re.lastIndex = 0;
  return out;
}

export function countMatches(re: RegExp, text: string): number {
  return findRanges(re, text).length;
}

/**
 * The lines that match, in seq order, with the number of occurrences before each (so the n-th
 * occurrence is a binary search away). Arrays with a moving head: dropping from the front is O(1)
 * amortised.
 */
export class MatchIndex {
  private seqs: number[] = [];
  /** Occurrences in all lines before this one, counted from the index's creation. */
  private before: number[] = [];
  private counts: number[] = [];
  private head = 0;

  /** Lines with at least one occurrence. */
  get lines(): number {
    return this.seqs.length - this.head;
  }

  /** Occurrences in the lines kept. */
  get total(): number {
    if (this.lines === 0) return 0;
    const last = this.seqs.length - 1;
    return (this.before[last] ?? 0) + (this.counts[last] ?? 0) - (this.before[this.head] ?? 0);
  }

  add(seq: number, count: number): void {
    if (count <= 0) return;
    const last = this.seqs.length - 1;
    const before = last >= 0 ? (this.before[last] ?? 0) + (this.counts[last] ?? 0) : 0;
    this.seqs.push(seq);
    this.before.push(before);
    this.counts.push(count);
  }

  /** Forgets the lines with a seq below `seq` (dropped from the buffer). */
  dropBefore(seq: number): void {
    while (this.head < this.seqs.length && (this.seqs[this.head] ?? 0) < seq) this.head++;
    if (this.head > 1024 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.before = this.before.slice(this.head);
      this.counts = this.counts.slice(this.head);
      this.head = 0;
    }
  }

  /** Seq of the i-th matching line (0-based among those kept). */
  lineSeq(i: number): number {
    return this.seqs[this.head + i] ?? -1;
  }

  /** The line and the occurrence within it of the n-th occurrence (0-based), or null. */
  locate(n: number): { seq: number; occurrence: number } | null {
    if (n < 0 || n >= this.total) return null;
    const target = (this.before[this.head] ?? 0) + n;
    // Last line whose `before` is <= target.
    let lo = this.head;
    let hi = this.seqs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.before[mid] ?? 0) <= target) lo = mid;
      else hi = mid - 1;
    }
    return { seq: this.seqs[lo] ?? -1, occurrence: target - (this.before[lo] ?? 0) };
  }

  /** Index (0-based, among those kept) of the first occurrence in a line with seq >= `seq`; `total` when none. */
  occurrenceAtOrAfter(seq: number): number {
    const i = this.lineIndexAtOrAfter(seq);
    if (i >= this.lines) return this.total;
    return (this.before[this.head + i] ?? 0) - (this.before[this.head] ?? 0);
  }

  /** Index (0-based, among those kept) of the first matching line with seq >= `seq`; `lines` when none. */
  lineIndexAtOrAfter(seq: number): number {
    let lo = this.head;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.seqs[mid] ?? 0) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Occurrence index (0-based among those kept) of the first occurrence in line `seq`, or -1. */
  firstOccurrenceIn(seq: number): number {
    const i = this.lineIndexAtOrAfter(seq);
    if (i >= this.lines || this.lineSeq(i) !== seq) return -1;
    return (this.before[this.head + i] ?? 0) - (this.before[this.head] ?? 0);
  }
}
