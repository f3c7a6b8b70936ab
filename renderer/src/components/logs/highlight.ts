import type { AnsiSegment, SgrStyle } from './ansi';

export type Mark = 'none' | 'hit' | 'current';

export interface Piece {
  text: string;
  style: SgrStyle;
  mark: Mark;
}

/**
 * Cuts styled segments where search hits start and end, so a hit can be marked whatever colours
 * run through it. `ranges` are [start, end) offsets into the segments' joined text, sorted and
 * disjoint; `current` is the index of the hit to mark as the current one (or -1).
 */
export function piecesOf(segments: readonly AnsiSegment[], ranges: readonly (readonly [number, number])[], current = -1): Piece[] {
  if (!ranges.length) return segments.map((s) => ({ text: s.text, style: s.style, mark: 'none' }));
  const out: Piece[] = [];
  let pos = 0;
  let r = 0;
  for (const seg of segments) {
    const segEnd = pos + seg.text.length;
    let at = pos;
    while (at < segEnd) {
      while (r < ranges.length && (ranges[r]?.[1] ?? 0) <= at) r++;
      const range = ranges[r];
      let cut: number;
      let mark: Mark = 'none';
      if (!range || range[0] >= segEnd) cut = segEnd;
      else if (range[0] > at) cut = range[0];
      else {
        cut = Math.min(range[1], segEnd);
        mark = r === current ? 'current' : 'hit';
      }
      out.push({ text: seg.text.slice(at - pos, cut - pos), style: seg.style, mark });
      at = cut;
    }
    pos = segEnd;
  }
  return out;
}

/** "2024-05-01T12:00:00.123456789Z" → "2024-05-01T12:00:00.123Z": one width for every row. */
export function shortTime(rfc3339: string | undefined): string {
  if (!rfc3339) return '';
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339);
  if (!m) return rfc3339;
  return `${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}${m[3] === 'Z' ? 'Z' : m[3]}`;
}
