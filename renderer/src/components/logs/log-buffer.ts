import type { LogLines, LogNote } from '../../../../shared/models';
import { plainStyle, scanAnsi, type SgrStyle } from './ansi';
import { displayWidth } from './text-width';

/**
 * The lines a log viewer holds: a ring of at most `capacity` entries (lines and notes), each with
 * an absolute sequence number that never changes, so the view, the search and the layout can
 * refer to an entry while older ones are dropped. Taking in a line costs O(its length): the ANSI
 * scan that yields its plain text (for search, copy and width) and nothing else.
 */

export const defaultLogCapacity = 200_000;

const stderrFlag = 1;
const noteFlag = 2;
const warnFlag = 4;

export interface LogEntry {
  seq: number;
  kind: 'line' | 'note';
  /** As received, escapes included (notes: their text). */
  raw: string;
  /** What is shown: escapes and controls stripped. */
  plain: string;
  stderr: boolean;
  /** RFC 3339, when the stream carried timestamps. */
  time: string | undefined;
  level: 'info' | 'warn' | undefined;
  /** The SGR state the line starts in (carried over from earlier lines of its stream). */
  start: SgrStyle;
  /** Monospace columns of `plain`. */
  width: number;
}

export class LogBuffer {
  private readonly raw: string[] = [];
  private readonly plain: string[] = [];
  private readonly times: (string | undefined)[] = [];
  private readonly flags: number[] = [];
  private readonly widths: number[] = [];
  /** Start states that are not plain, by seq, in seq order (sparse: most lines start plain). */
  private readonly starts = new Map<number, SgrStyle>();
  private readonly state: [SgrStyle, SgrStyle] = [plainStyle, plainStyle];
  private firstSeq = 0;
  private nextSeq = 0;

  constructor(readonly capacity = defaultLogCapacity) {
    if (capacity < 1) throw new Error('a log buffer holds at least one line');
  }

  /** Seq of the oldest entry kept. */
  get first(): number {
    return this.firstSeq;
  }

  /** Seq the next entry will get; `end - first` entries are kept. */
  get end(): number {
    return this.nextSeq;
  }

  get size(): number {
    return this.nextSeq - this.firstSeq;
  }

  /** How many entries were dropped from the front to keep memory bounded. */
  get dropped(): number {
    return this.firstSeq;
  }

  has(seq: number): boolean {
    return seq >= this.firstSeq && seq < this.nextSeq;
  }

  /** Appends a batch; returns the seq of its first line. */
  appendLines(batch: LogLines): number {
    const from = this.nextSeq;
    let si = 0; // walks batch.stderr, which lists indices in ascending order
    const stderr = batch.stderr;
    for (let i = 0; i < batch.lines.length; i++) {
      let isErr = false;
      while (si < stderr.length && (stderr[si] ?? 0) < i) si++;
      if (stderr[si] === i) isErr = true;
      const line = batch.lines[i] ?? '';
      const stream = isErr ? 1 : 0;
      const start = this.state[stream];
      const { plain, end } = scanAnsi(line, start);
      this.state[stream] = end;
      this.push(line, plain, batch.times?.[i], isErr ? stderrFlag : 0, start);
    }
    return from;
  }

  appendNote(note: LogNote): number {
    const seq = this.nextSeq;
    this.push(note.text, note.text, undefined, noteFlag | (note.level === 'warn' ? warnFlag : 0), plainStyle);
    return seq;
  }

  private push(raw: string, plain: string, time: string | undefined, flags: number, start: SgrStyle): void {
    if (this.size === this.capacity) this.dropOne();
    const seq = this.nextSeq++;
    const at = seq % this.capacity;
    this.raw[at] = raw;
    this.plain[at] = plain;
    this.times[at] = time;
    this.flags[at] = flags;
    this.widths[at] = displayWidth(plain);
    if (start !== plainStyle) this.starts.set(seq, start);
  }

  private dropOne(): void {
    const seq = this.firstSeq++;
    this.starts.delete(seq); // the map is in seq order, so this is its first key when present
  }

  entry(seq: number): LogEntry | null {
    if (!this.has(seq)) return null;
    const at = seq % this.capacity;
    const flags = this.flags[at] ?? 0;
    return {
      seq,
      kind: flags & noteFlag ? 'note' : 'line',
      raw: this.raw[at] ?? '',
      plain: this.plain[at] ?? '',
      stderr: (flags & stderrFlag) !== 0,
      time: this.times[at],
      level: flags & noteFlag ? (flags & warnFlag ? 'warn' : 'info') : undefined,
      start: this.starts.get(seq) ?? plainStyle,
      width: this.widths[at] ?? 0,
    };
  }

  /** Plain text of an entry (search, copy); '' when it is not kept. */
  plainText(seq: number): string {
    return this.has(seq) ? (this.plain[seq % this.capacity] ?? '') : '';
  }

  isNote(seq: number): boolean {
    return this.has(seq) && ((this.flags[seq % this.capacity] ?? 0) & noteFlag) !== 0;
  }

  width(seq: number): number {
    return this.has(seq) ? (this.widths[seq % this.capacity] ?? 0) : 0;
  }

  time(seq: number): string | undefined {
    return this.has(seq) ? this.times[seq % this.capacity] : undefined;
  }
}
