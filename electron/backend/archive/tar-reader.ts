/**
 * A streaming tar reader that keeps only headers: content is skipped unless the caller asks for
 * (a bounded prefix of) it. Reads ustar, POSIX pax (per-file and global), GNU long names and
 * base-256 sizes. Malformed input is a TarError with the byte offset, never a crash or a hang.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';

export interface TarHeader {
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** ms since the epoch */
  mtime: number;
  linkname: string;
}

export class TarError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'TarError';
  }
}

export interface TarHandlers {
  /** Called per entry; return how many content bytes to receive (0 or nothing skips the content). */
  entry(header: TarHeader): number | void;
  content?(header: TarHeader, chunk: Buffer): void;
}

const block = 512;
const maxMetaSize = 1024 * 1024; // pax / GNU long-name records larger than this are refused

function cstring(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function octal(buf: Buffer, start: number, length: number, offset: number, field: string): number {
  // GNU base-256: the high bit of the first byte set.
  if (buf[start]! & 0x80) {
    let value = buf[start]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + buf[start + i]!;
    if (!Number.isSafeInteger(value)) throw new TarError(`${field} is too large`, offset);
    return value;
  }
  const text = buf.toString('latin1', start, start + length).replace(/[\0 ]+$/g, '').replace(/^[ ]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`${field} is not an octal number ("${text.slice(0, 12)}")`, offset);
  return parseInt(text, 8);
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

function parsePax(text: string, offset: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const space = text.indexOf(' ', i);
    if (space === -1) break;
    const len = Number(text.slice(i, space));
    if (!Number.isInteger(len) || len <= 0 || i + len > text.length) throw new TarError('malformed pax record', offset);
    const record = text.slice(space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

type State = { kind: 'header' } | { kind: 'content'; header: TarHeader; remaining: number; deliver: number } | { kind: 'padding'; remaining: number } | { kind: 'meta'; flag: string; remaining: number; parts: Buffer[]; padding: number } | { kind: 'done' };

export class TarReader {
  private state: State = { kind: 'header' };
  private pending: Buffer = Buffer.alloc(0);
  private offset = 0; // bytes consumed so far
  private globalPax: Record<string, string> = {};
  private nextPax: Record<string, string> = {};
  private longName: string | null = null;
  private longLink: string | null = null;
  private zeroBlocks = 0;
  entries = 0;

  constructor(private readonly handlers: TarHandlers) {}

  /** True once the end-of-archive marker (two zero blocks) was read. */
  get finished(): boolean {
    return this.state.kind === 'done';
  }

  push(chunk: Buffer): void {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    let pos = 0;
    while (pos < data.length && this.state.kind !== 'done') {
      const s = this.state;
      if (s.kind === 'header') {
        if (data.length - pos < block) break;
        this.header(data.subarray(pos, pos + block));
        pos += block;
        this.offset += block;
      } else if (s.kind === 'content') {
        const n = Math.min(s.remaining, data.length - pos);
        if (s.deliver > 0 && this.handlers.content) {
          const give = Math.min(n, s.deliver);
          if (give > 0) this.handlers.content(s.header, data.subarray(pos, pos + give));
          s.deliver -= give;
        }
        s.remaining -= n;
        pos += n;
        this.offset += n;
        if (s.remaining === 0) this.state = this.afterContent(s.header.size);
      } else if (s.kind === 'meta') {
        const n = Math.min(s.remaining, data.length - pos);
        s.parts.push(Buffer.from(data.subarray(pos, pos + n)));
        s.remaining -= n;
        pos += n;
        this.offset += n;
        if (s.remaining === 0) this.finishMeta(s);
      } else if (s.kind === 'padding') {
        const n = Math.min(s.remaining, data.length - pos);
        s.remaining -= n;
        pos += n;
        this.offset += n;
        if (s.remaining === 0) this.state = { kind: 'header' };
      }
    }
    if (pos < data.length && this.state.kind === 'header') this.pending = Buffer.from(data.subarray(pos));
  }

  /** Call at the end of input: a stream cut inside an entry is an error. A missing end marker is tolerated. */
  end(): void {
    if (this.state.kind === 'content' || this.state.kind === 'meta' || this.pending.length > 0) {
      throw new TarError('the archive is truncated', this.offset + this.pending.length);
    }
  }

  private afterContent(size: number): State {
    const pad = (block - (size % block)) % block;
    return pad ? { kind: 'padding', remaining: pad } : { kind: 'header' };
  }

  private header(buf: Buffer): void {
    if (buf.every((b) => b === 0)) {
      if (++this.zeroBlocks >= 2) this.state = { kind: 'done' };
      return;
    }
    this.zeroBlocks = 0;
    const at = this.offset;
    const stored = octal(buf, 148, 8, at, 'checksum');
    let sum = 0;
    for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 32 : buf[i]!;
    if (stored !== sum) throw new TarError('header checksum mismatch: not a tar archive, or corrupt', at);
    const flag = String.fromCharCode(buf[156]!);
    const size = octal(buf, 124, 12, at, 'size');
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > maxMetaSize) throw new TarError(`a ${flag} record of ${size} bytes is too large`, at);
      const padding = (block - (size % block)) % block;
      this.state = size === 0 ? { kind: 'header' } : { kind: 'meta', flag, remaining: size + padding, parts: [], padding };
      return;
    }
    const ustar = buf.toString('latin1', 257, 262) === 'ustar';
    const prefix = ustar ? cstring(buf, 345, 155) : '';
    let path = prefix ? `${prefix}/${cstring(buf, 0, 100)}` : cstring(buf, 0, 100);
    let linkname = cstring(buf, 157, 100);
    const pax = { ...this.globalPax, ...this.nextPax };
    if (this.longName !== null) path = this.longName;
    if (this.longLink !== null) linkname = this.longLink;
    if (pax.path !== undefined) path = pax.path;
    if (pax.linkpath !== undefined) linkname = pax.linkpath;
    let realSize = size;
    if (pax.size !== undefined) {
      realSize = Number(pax.size);
      if (!Number.isSafeInteger(realSize) || realSize < 0) throw new TarError('malformed pax size', at);
    }
    this.nextPax = {};
    this.longName = null;
    this.longLink = null;
    const type = typeOf(flag);
    // Only files carry content; a link's or folder's size field is ignored (as tar does).
    const contentSize = type === 'file' || type === 'other' ? realSize : 0;
    const header: TarHeader = {
      path,
      type,
      size: contentSize,
      mode: octal(buf, 100, 8, at, 'mode'),
      uid: octal(buf, 108, 8, at, 'uid'),
      gid: octal(buf, 116, 8, at, 'gid'),
      mtime: (pax.mtime !== undefined ? Number(pax.mtime) : octal(buf, 136, 12, at, 'mtime')) * 1000,
      linkname,
    };
    this.entries++;
    const wanted = this.handlers.entry(header) ?? 0;
    this.state = contentSize > 0 ? { kind: 'content', header, remaining: contentSize, deliver: Math.max(0, wanted) } : { kind: 'header' };
  }

  private finishMeta(s: Extract<State, { kind: 'meta' }>): void {
    const body = Buffer.concat(s.parts);
    const text = body.toString('utf8', 0, body.length - s.padding);
    if (s.flag === 'x') this.nextPax = parsePax(text, this.offset);
    else if (s.flag === 'g') this.globalPax = { ...this.globalPax, ...parsePax(text, this.offset) };
    else if (s.flag === 'L') this.longName = text.replace(/\0+$/, '');
    else if (s.flag === 'K') this.longLink = text.replace(/\0+$/, '');
    this.state = { kind: 'header' };
  }
}

/** Reads a whole tar stream, resolving once it ends; rejects with TarError on malformed input. */
export function readTar(stream: NodeJS.ReadableStream, handlers: TarHandlers, signal?: AbortSignal): Promise<TarReader> {
  const reader = new TarReader(handlers);
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(err);
    };
    signal?.addEventListener('abort', () => fail(signal.reason ?? new Error('aborted')), { once: true });
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        reader.push(chunk);
      } catch (err) {
        fail(err);
      }
    });
    stream.once('error', fail);
    stream.once('end', () => {
      if (failed) return;
      try {
        reader.end();
        resolve(reader);
      } catch (err) {
        fail(err);
      }
    });
  });
}
