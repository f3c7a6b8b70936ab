import { randomBytes } from 'node:crypto';
import type { TerminalEvent, TerminalKind, TerminalSessionInfo } from '../../../shared/models';

/** What a terminal session runs on: a docker exec, a debug helper, or a local pty. */
export interface TerminalProcess {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Hang up: end the process (or its connection) and release everything. */
  kill(): void;
  onData(listener: (data: string) => void): void;
  onExit(listener: (code: number | null) => void): void;
}

/**
 * Keeps the most recent output within `limit` characters (whole chunks are dropped from the
 * front, and a chunk larger than the limit keeps only its end).
 */
export class RingBuffer {
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(data: string): void {
    const chunk = data.length > this.limit ? data.slice(-this.limit) : data;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }

  text(): string {
    return this.chunks.join('');
  }

  get length(): number {
    return this.size;
  }
}

type Attached = (event: TerminalEvent) => void;

/**
 * A terminal that outlives the page that opened it: output goes to whoever is attached and into a
 * bounded ring buffer, so a page that comes back gets the recent output replayed. Detaching leaves
 * the process running; close() ends it.
 */
export class TerminalSession {
  readonly id = randomBytes(12).toString('base64url');
  private readonly buffer: RingBuffer;
  private attached: Attached | null = null;
  private exitCode: number | null = null;
  private alive = true;
  private readonly started = Date.now();

  constructor(
    readonly kind: TerminalKind,
    private readonly process: TerminalProcess,
    private readonly meta: { command: string[]; title: string; containerId?: string; containerName?: string; notice?: string },
    bufferLimit: number,
    private readonly onExit: (session: TerminalSession) => void,
  ) {
    this.buffer = new RingBuffer(bufferLimit);
    process.onData((data) => {
      this.buffer.push(data);
      this.attached?.({ kind: 'output', data });
    });
    process.onExit((code) => {
      this.alive = false;
      this.exitCode = code;
      this.attached?.({ kind: 'exit', code });
      this.onExit(this);
    });
  }

  get info(): TerminalSessionInfo {
    const info: TerminalSessionInfo = { sessionId: this.id, kind: this.kind, command: this.meta.command, title: this.meta.title, started: this.started, alive: this.alive, exitCode: this.exitCode };
    if (this.meta.containerId) info.containerId = this.meta.containerId;
    if (this.meta.containerName) info.containerName = this.meta.containerName;
    return info;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** Attaches a viewer (replacing any other): it gets the session, then the recent output, then live output. */
  attach(send: Attached, replay: boolean): () => void {
    this.attached = send;
    const session: TerminalEvent = { kind: 'session', session: this.info, replay: replay && this.buffer.length > 0 };
    if (this.meta.notice) session.notice = this.meta.notice;
    send(session);
    if (replay && this.buffer.length > 0) send({ kind: 'output', data: this.buffer.text() });
    if (!this.alive) send({ kind: 'exit', code: this.exitCode });
    return () => {
      if (this.attached === send) this.attached = null;
    };
  }

  write(data: string): void {
    if (this.alive) this.process.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.alive) this.process.resize(cols, rows);
  }

  close(): void {
    this.attached = null;
    if (this.alive) this.process.kill();
    this.alive = false;
  }
}

/** All terminal sessions of the backend. */
export class TerminalSessions {
  private readonly sessions = new Map<string, TerminalSession>();

  constructor(private readonly bufferLimit = 256 * 1024) {}

  create(kind: TerminalKind, process: TerminalProcess, meta: ConstructorParameters<typeof TerminalSession>[2]): TerminalSession {
    const session = new TerminalSession(kind, process, meta, this.bufferLimit, () => undefined);
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): TerminalSession | undefined {
    return this.sessions.get(id);
  }

  list(): TerminalSessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  close(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    session.close();
    this.sessions.delete(id);
    return true;
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  /** Processes still running (what the leak tests count). */
  get running(): number {
    return [...this.sessions.values()].filter((s) => s.isAlive).length;
  }
}
