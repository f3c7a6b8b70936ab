import type { LogEvent } from '../../../../shared/models';
import { LogBuffer, defaultLogCapacity } from './log-buffer';
import { compileQuery, findRanges, MatchIndex, type CompiledQuery, type SearchOptions } from './log-search';
import { RowLayout } from './row-layout';
import { wrappedRows } from './text-width';

/**
 * Everything a log view knows, outside React: the ring of entries, the search over them, and the
 * layout of the rows shown. `ingest` is called once per animation frame with the batches that came
 * in since the last one; its cost is proportional to the new lines, never to the whole log.
 */
export class LogModel {
  buffer: LogBuffer;
  private compiled: CompiledQuery = null;
  private matches = new MatchIndex();
  private layoutRows = new RowLayout();
  private wrapCols: number | null = null;
  private filterOn = false;
  /** Bumped on every change, for memoised rows and React. */
  version = 0;

  constructor(readonly capacity = defaultLogCapacity) {
    this.buffer = new LogBuffer(capacity);
  }

  get layout(): RowLayout {
    return this.layoutRows;
  }

  get query(): CompiledQuery {
    return this.compiled;
  }

  get filtering(): boolean {
    return this.filterOn && this.compiled?.ok === true;
  }

  /** Occurrences of the query in the lines kept. */
  get matchCount(): number {
    return this.compiled?.ok ? this.matches.total : 0;
  }

  /** Lines with at least one occurrence. */
  get matchingLines(): number {
    return this.compiled?.ok ? this.matches.lines : 0;
  }

  /** Takes in what the stream sent since the last frame. */
  ingest(events: readonly LogEvent[]): void {
    if (!events.length) return;
    const buffer = this.buffer;
    for (const event of events) {
      const from = event.kind === 'lines' ? buffer.appendLines(event) : buffer.appendNote(event);
      for (let seq = Math.max(from, buffer.first); seq < buffer.end; seq++) this.index(seq);
    }
    this.matches.dropBefore(buffer.first);
    this.layoutRows.dropBefore(buffer.first);
    this.version++;
  }

  private index(seq: number): void {
    const isNote = this.buffer.isNote(seq);
    let count = 0;
    if (!isNote && this.compiled?.ok) {
      count = findRanges(this.compiled.re, this.buffer.plainText(seq)).length;
      this.matches.add(seq, count);
    }
    if (!this.filtering || count > 0) this.layoutRows.push(seq, this.unitsOf(seq));
  }

  private unitsOf(seq: number): number {
    return this.wrapCols === null ? 1 : wrappedRows(this.buffer.width(seq), this.wrapCols);
  }

  /** New query or options: the whole log is searched again (once, not per frame). */
  setSearch(query: string, options: SearchOptions, filter: boolean): void {
    const compiled = compileQuery(query, options);
    const same = sameQuery(compiled, this.compiled);
    if (same && filter === this.filterOn) return;
    this.compiled = compiled;
    this.filterOn = filter;
    if (!same) {
      this.matches = new MatchIndex();
      if (compiled?.ok) {
        for (let seq = this.buffer.first; seq < this.buffer.end; seq++) {
          if (!this.buffer.isNote(seq)) this.matches.add(seq, findRanges(compiled.re, this.buffer.plainText(seq)).length);
        }
      }
    }
    this.relayout();
  }

  /** Wrap at `cols` columns, or not at all (null). */
  setWrap(cols: number | null): void {
    const next = cols === null ? null : Math.max(1, Math.floor(cols));
    if (next === this.wrapCols) return;
    this.wrapCols = next;
    this.relayout();
  }

  private relayout(): void {
    const layout = new RowLayout();
    if (this.filtering) {
      for (let i = 0; i < this.matches.lines; i++) {
        const seq = this.matches.lineSeq(i);
        layout.push(seq, this.unitsOf(seq));
      }
    } else {
      for (let seq = this.buffer.first; seq < this.buffer.end; seq++) layout.push(seq, this.unitsOf(seq));
    }
    this.layoutRows = layout;
    this.version++;
  }

  /** Where the query occurs in an entry's plain text. */
  rangesIn(seq: number): [number, number][] {
    if (!this.compiled?.ok || this.buffer.isNote(seq)) return [];
    return findRanges(this.compiled.re, this.buffer.plainText(seq));
  }

  /** The n-th occurrence (0-based). */
  locate(n: number): { seq: number; occurrence: number } | null {
    return this.compiled?.ok ? this.matches.locate(n) : null;
  }

  /** The occurrence to go to first: the first at or after `seq` (wrapping round to the first). */
  occurrenceFrom(seq: number): number {
    const total = this.matchCount;
    if (!total) return -1;
    const n = this.matches.occurrenceAtOrAfter(seq);
    return n >= total ? 0 : n;
  }

  /** Index of the first occurrence in line `seq`, or -1. */
  firstOccurrenceIn(seq: number): number {
    return this.compiled?.ok ? this.matches.firstOccurrenceIn(seq) : -1;
  }

  /** The rows shown, as text: what Copy puts on the clipboard. */
  shownText(withTimes: boolean): string {
    const out: string[] = [];
    const layout = this.layoutRows;
    for (let row = 0; row < layout.count; row++) {
      const seq = layout.seqAt(row);
      const text = this.buffer.plainText(seq);
      const time = withTimes ? this.buffer.time(seq) : undefined;
      out.push(time ? `${time} ${text}` : text);
    }
    return out.join('\n');
  }
}

function sameQuery(a: CompiledQuery, b: CompiledQuery): boolean {
  if (a === null || b === null) return a === b;
  if (!a.ok || !b.ok) return !a.ok && !b.ok && a.error === b.error;
  return a.re.source === b.re.source && a.re.flags === b.re.flags;
}
