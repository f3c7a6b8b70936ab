/**
 * Turning the engine's log byte stream into lines. Non-TTY containers multiplex stdout and stderr
 * in frames with an 8-byte header (stream, 0, 0, 0, big-endian length); TTY containers send raw
 * bytes. Each output stream gets its own UTF-8 decoder and its own partial line, so a character or
 * a line split across chunks (or frames) is never broken.
 */

export type OutputStream = 'stdout' | 'stderr';

export interface LogLine {
  stream: OutputStream;
  text: string;
  /** RFC 3339 timestamp when the engine was asked for timestamps. */
  time?: string;
}

/** Splits a multiplexed stream into (stream, payload) pieces; frames may arrive cut anywhere. */
export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private current: OutputStream = 'stdout';

  constructor(private readonly onPayload: (stream: OutputStream, data: Buffer) => void) {}

  push(chunk: Buffer): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.remaining === 0) {
        if (data.length < 8) {
          this.pending = Buffer.from(data);
          return;
        }
        const type = data[0];
        this.current = type === 2 ? 'stderr' : 'stdout';
        this.remaining = data.readUInt32BE(4);
        data = data.subarray(8);
        continue;
      }
      const n = Math.min(this.remaining, data.length);
      this.onPayload(this.current, data.subarray(0, n));
      this.remaining -= n;
      data = data.subarray(n);
    }
  }
}

/** Per-stream UTF-8 decoding and line splitting, with optional leading timestamps. */
export class LineAssembler {
  private readonly decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
  private readonly partial = { stdout: '', stderr: '' };

  constructor(
    private readonly timestamps: boolean,
    private readonly onLine: (line: LogLine) => void,
  ) {}

  push(stream: OutputStream, data: Uint8Array): void {
    const text = this.partial[stream] + this.decoders[stream].decode(data, { stream: true });
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      this.emit(stream, text.slice(start, nl));
      start = nl + 1;
    }
    this.partial[stream] = text.slice(start);
  }

  /** At the end of the stream: what is left without a final newline is a line too. */
  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.partial[stream] + this.decoders[stream].decode();
      this.partial[stream] = '';
      if (rest) this.emit(stream, rest);
    }
  }

  private emit(stream: OutputStream, raw: string): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.timestamps) {
      const space = text.indexOf(' ');
      if (space > 0 && /^\d{4}-\d\d-\d\dT/.test(text)) {
        this.onLine({ stream, text: text.slice(space + 1), time: text.slice(0, space) });
        return;
      }
    }
    this.onLine({ stream, text });
  }
}

/** The decoder for one engine log stream: demultiplexed unless the container has a TTY. */
export function logDecoder(tty: boolean, timestamps: boolean, onLine: (line: LogLine) => void): { push(chunk: Buffer): void; end(): void } {
  const lines = new LineAssembler(timestamps, onLine);
  if (tty) return { push: (chunk) => lines.push('stdout', chunk), end: () => lines.flush() };
  const demux = new FrameDemuxer((stream, data) => lines.push(stream, data));
  return { push: (chunk) => demux.push(chunk), end: () => lines.flush() };
}

/**
 * Collects lines and hands them on in batches: at most one batch per `intervalMs` (about one per
 * frame), or at once when `maxLines` have piled up.
 */
export class LineBatcher {
  private lines: string[] = [];
  private stderr: number[] = [];
  private times: string[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly timestamps: boolean,
    private readonly send: (batch: { lines: string[]; stderr: number[]; times?: string[] }) => void,
    private readonly intervalMs = 16,
    private readonly maxLines = 5000,
  ) {}

  add(line: LogLine): void {
    if (line.stream === 'stderr') this.stderr.push(this.lines.length);
    this.lines.push(line.text);
    if (this.timestamps) this.times.push(line.time ?? '');
    if (this.lines.length >= this.maxLines) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.lines.length) return;
    const batch = this.timestamps ? { lines: this.lines, stderr: this.stderr, times: this.times } : { lines: this.lines, stderr: this.stderr };
    this.lines = [];
    this.stderr = [];
    this.times = [];
    this.send(batch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
