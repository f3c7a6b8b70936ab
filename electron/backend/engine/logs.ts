import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { access, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { LogEvent, SavedLog } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import type { EngineEventHub } from './engine-events';
import { FrameDemuxer, LineBatcher, logDecoder, type LogLine } from './log-stream';

export interface FollowOptions {
  follow: boolean;
  tail: number | 'all';
  since?: number;
  until?: number;
  timestamps: boolean;
}

/** An RFC 3339 timestamp as nanoseconds, for ordering (the engine trims trailing zeros, so text order fails). */
export function timeKey(ts: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(ts);
  if (!m) return -1n;
  const seconds = BigInt(Math.floor(Date.parse(`${m[1]}Z`) / 1000));
  return seconds * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

/** The engine's `since` (seconds.nanoseconds) for an RFC 3339 time. */
export function sinceAt(ts: string): string {
  const key = timeKey(ts);
  if (key < 0n) return String(Math.floor(Date.parse(ts) / 1000));
  return `${key / 1_000_000_000n}.${(key % 1_000_000_000n).toString().padStart(9, '0')}`;
}

/**
 * Follows a container's log across stops and restarts: when the engine ends the stream because the
 * container stopped, a note says so and the follow waits for the container to start again, then
 * resumes after the last line it delivered. While following, the engine is always asked for
 * timestamps (shown only when wanted): a new run's first lines can carry times before its recorded
 * StartedAt, so only the last delivered line's own time marks where to go on without losing or
 * repeating anything. Removal of the container, the engine going away, or the close of the stream
 * ends it.
 */
export class LogFollower {
  private request: AbortController | null = null;
  /** The engine's timestamp of the last line delivered (text: parsing every line would cost). */
  private lastTime: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly unsubscribeLost: () => void;
  private closed = false;
  private readonly batcher: LineBatcher;

  constructor(
    private readonly docker: Docker,
    private readonly id: string,
    private readonly options: FollowOptions,
    private readonly events: EngineEventHub,
    private readonly send: (event: LogEvent) => void,
    private readonly end: (error?: unknown) => void,
  ) {
    this.batcher = new LineBatcher(options.timestamps, (b) => this.send({ kind: 'lines', ...b }));
    this.unsubscribeLost = events.onLost((reason) => {
      if (this.closed) return;
      this.batcher.flush();
      this.end(new BerthError('engine-unavailable', `The engine went away while following the log (${reason}). Open the log again once it is back.`));
    });
  }

  async start(): Promise<void> {
    const info = await this.docker.getContainer(this.id).inspect();
    await this.read(!!info.Config.Tty, true);
  }

  /** Reads the log: the first time as asked (tail, since), after a restart from the last line delivered. */
  private async read(tty: boolean, first: boolean): Promise<void> {
    const controller = new AbortController();
    this.request = controller;
    const timestamps = this.options.follow || this.options.timestamps;
    const opts: Record<string, unknown> = { stdout: true, stderr: true, follow: this.options.follow, timestamps, abortSignal: controller.signal };
    if (first) {
      if (this.options.tail !== 'all') opts.tail = this.options.tail;
      if (this.options.since !== undefined) opts.since = this.options.since;
    } else if (this.lastTime) {
      opts.since = sinceAt(this.lastTime);
    }
    if (this.options.until !== undefined) opts.until = this.options.until;
    const answer = (await this.docker.getContainer(this.id).logs(opts as unknown as Docker.ContainerLogsOptions & { follow: true })) as unknown as NodeJS.ReadableStream | Buffer;
    const stream = Buffer.isBuffer(answer) ? Readable.from([answer]) : answer; // without follow, dockerode buffers the answer
    // After a restart, lines up to the last one delivered are skipped; comparing stops at the first new one.
    let skipUpTo = !first && this.lastTime ? timeKey(this.lastTime) : null;
    const show = this.options.timestamps;
    const decoder = logDecoder(tty, timestamps, (line: LogLine) => {
      if (line.time) {
        if (skipUpTo !== null) {
          if (timeKey(line.time) <= skipUpTo) return;
          skipUpTo = null;
        }
        this.lastTime = line.time;
      }
      this.batcher.add(show ? line : { stream: line.stream, text: line.text });
    });
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    stream.once('error', (err) => {
      if (this.closed || controller.signal.aborted) return;
      this.batcher.flush();
      this.end(err);
    });
    stream.once('end', () => {
      if (this.closed || controller.signal.aborted) return;
      decoder.end();
      this.batcher.flush();
      if (this.options.follow) void this.stopped(tty);
      else this.end();
    });
  }

  /** The engine ended a followed log: the container stopped. Say so, then wait for it to start again. */
  private async stopped(tty: boolean): Promise<void> {
    const info = await this.docker
      .getContainer(this.id)
      .inspect()
      .catch(() => null);
    if (this.closed) return;
    if (!info) {
      this.send({ kind: 'note', text: 'The container was removed.', level: 'warn' });
      this.end();
      return;
    }
    if (info.State.Running) {
      // It stopped and started again before we looked: carry on at once.
      this.send({ kind: 'note', text: 'The container restarted.', level: 'info' });
      await this.read(tty, false).catch((err: unknown) => this.end(err));
      return;
    }
    const at = info.State.FinishedAt && !info.State.FinishedAt.startsWith('0001') ? ` at ${new Date(info.State.FinishedAt).toLocaleTimeString()}` : '';
    this.send({ kind: 'note', text: `The container exited with code ${info.State.ExitCode}${at}. Waiting for it to start again…`, level: 'warn' });
    this.unsubscribe = this.events.on((e) => {
      if (e.type !== 'container' || !(e.id === info.Id)) return;
      if (e.action === 'start') {
        this.unsubscribe?.();
        this.unsubscribe = null;
        this.send({ kind: 'note', text: 'The container started again.', level: 'info' });
        void this.read(tty, false).catch((err: unknown) => this.end(err));
      } else if (e.action === 'destroy') {
        this.unsubscribe?.();
        this.unsubscribe = null;
        this.send({ kind: 'note', text: 'The container was removed.', level: 'warn' });
        this.end();
      }
    });
  }

  close(): void {
    this.closed = true;
    this.request?.abort();
    this.unsubscribeLost();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.batcher.dispose();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** ~/Downloads when it exists, else the home folder; a file name that overwrites nothing. */
export async function downloadPath(baseName: string, extension: string, now = new Date()): Promise<string> {
  const downloads = join(homedir(), 'Downloads');
  const dir = (await exists(downloads)) ? downloads : homedir();
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const base = `${baseName.replace(/[^a-zA-Z0-9_.-]/g, '_')}-${stamp}`;
  for (let i = 0; ; i++) {
    const path = join(dir, `${base}${i ? `-${i}` : ''}.${extension}`);
    if (!(await exists(path))) return path;
  }
}

/**
 * Writes the whole log to a file, streamed from the engine to disk: the bytes the container wrote
 * (demultiplexed, not re-encoded), in the order the engine stored them, as `docker logs` prints.
 */
export async function saveLogs(docker: Docker, id: string, path: string, options: { timestamps?: boolean; since?: number; until?: number }): Promise<SavedLog> {
  const container = docker.getContainer(id);
  const info = await container.inspect();
  const opts: Record<string, unknown> = { stdout: true, stderr: true, follow: false, timestamps: !!options.timestamps };
  if (options.since !== undefined) opts.since = options.since;
  if (options.until !== undefined) opts.until = options.until;
  const stream = (await container.logs(opts as unknown as Docker.ContainerLogsOptions & { follow: false })) as unknown as NodeJS.ReadableStream | Buffer;
  const out = createWriteStream(path, { flags: 'wx', mode: 0o644 });
  let bytes = 0;
  let lines = 0;
  let last = 10;
  const write = (data: Buffer): void => {
    bytes += data.length;
    for (const b of data) if (b === 10) lines++;
    if (data.length) last = data[data.length - 1]!;
    out.write(data);
  };
  const demux = info.Config.Tty ? null : new FrameDemuxer((_s, data) => write(Buffer.from(data)));
  const push = (chunk: Buffer): void => (demux ? demux.push(chunk) : write(chunk));
  try {
    if (Buffer.isBuffer(stream)) push(stream);
    else
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => push(chunk));
        stream.once('end', resolve);
        stream.once('error', reject);
      });
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  if (bytes > 0 && last !== 10) lines++;
  return { path, bytes, lines };
}
