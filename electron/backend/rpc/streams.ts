import type { z } from 'zod';
import { describeIssues } from './validation';
import { toRpcError } from './errors';
import type { RpcError } from '../../../shared/result';
import type { StreamClientMessage, StreamServerMessage } from '../../../shared/protocol';
import type { Logger } from '../logger';

/** One connected client (a window's webContents, a websocket) as the router sees it. */
export interface ClientConnection {
  readonly id: string;
  sendStream(message: StreamServerMessage): void;
  sendEvent(channel: string, payload: unknown): void;
}

export interface StreamContext<D> {
  send(data: D): void;
  /** Ends the stream from the backend side (the source finished or failed). */
  end(error?: RpcError | unknown): void;
  /** Aborted when the stream is closed by the client, ended, or the client goes away. */
  readonly signal: AbortSignal;
}

export interface StreamSession<W> {
  write?(data: W): void;
  resize?(cols: number, rows: number): void;
  /** Release everything: sockets, child processes, timers. Called exactly once. */
  close(): void | Promise<void>;
}

export type StreamHandler<A, D, W> = (args: A, ctx: StreamContext<D>) => StreamSession<W> | Promise<StreamSession<W>>;

export interface StreamEntry {
  schema: z.ZodType;
  handler: StreamHandler<unknown, unknown, unknown>;
  /** Validates writes; a stream without it takes none. */
  write?: z.ZodType;
}

interface OpenStream {
  channel: string;
  entry: StreamEntry;
  controller: AbortController;
  session?: StreamSession<unknown>;
  /** Writes and resizes that arrived while the handler was still opening. */
  pending: StreamClientMessage[];
}

/**
 * A client's streams. Every stream is disposed when the client closes it, when the backend ends
 * it, or when the client goes away (dispose): a window closed or a websocket dropped leaves nothing
 * running.
 */
export class ClientSession {
  private readonly open = new Map<string, OpenStream>();
  private disposed = false;

  constructor(
    private readonly connection: ClientConnection,
    private readonly lookup: (channel: string) => StreamEntry | undefined,
    private readonly log: Logger,
    private readonly onDispose: () => void,
  ) {}

  get id(): string {
    return this.connection.id;
  }

  get openStreamCount(): number {
    return this.open.size;
  }

  sendEvent(channel: string, payload: unknown): void {
    if (!this.disposed) this.connection.sendEvent(channel, payload);
  }

  handle(message: StreamClientMessage): void {
    if (this.disposed) return;
    switch (message.type) {
      case 'open':
        void this.openStream(message.sid, message.channel, message.args);
        return;
      case 'close':
        this.finish(message.sid);
        return;
      case 'write':
      case 'resize': {
        const stream = this.open.get(message.sid);
        if (!stream) return; // already gone: a late keystroke is not an error
        if (!stream.session) stream.pending.push(message);
        else this.deliver(stream, message);
        return;
      }
    }
  }

  private deliver(stream: OpenStream, message: StreamClientMessage): void {
    try {
      if (message.type === 'write') {
        const valid = stream.entry.write?.safeParse(message.data);
        if (!valid?.success) {
          this.log.warn(`dropped an invalid write to a ${stream.channel} stream`);
          return;
        }
        stream.session?.write?.(valid.data);
      }
      if (message.type === 'resize') stream.session?.resize?.(message.cols, message.rows);
    } catch (err) {
      this.finish(message.sid, toRpcError(err));
    }
  }

  private async openStream(sid: string, channel: string, rawArgs: unknown): Promise<void> {
    const send = (message: StreamServerMessage): void => {
      if (!this.disposed) this.connection.sendStream(message);
    };
    if (this.open.has(sid)) {
      send({ type: 'end', sid, error: { code: 'invalid-input', message: `Stream ${sid} is already open.` } });
      return;
    }
    const entry = this.lookup(channel);
    if (!entry) {
      send({ type: 'end', sid, error: { code: 'unknown-channel', message: `Berth has no stream called "${channel}".` } });
      return;
    }
    const parsed = entry.schema.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      send({ type: 'end', sid, error: { code: 'invalid-input', message: describeIssues(parsed.error) } });
      return;
    }
    const stream: OpenStream = { channel, entry, controller: new AbortController(), pending: [] };
    this.open.set(sid, stream);
    const ctx: StreamContext<unknown> = {
      send: (data) => {
        if (this.open.get(sid) === stream) send({ type: 'data', sid, data });
      },
      end: (error) => this.finish(sid, error === undefined ? undefined : toRpcError(error), true),
      signal: stream.controller.signal,
    };
    try {
      const session = await entry.handler(parsed.data, ctx);
      if (this.open.get(sid) !== stream) {
        // Closed (or the client left) while opening: release at once.
        await this.safeClose(channel, session);
        return;
      }
      stream.session = session;
      for (const message of stream.pending.splice(0)) this.deliver(stream, message);
    } catch (err) {
      if (this.open.get(sid) === stream) this.finish(sid, toRpcError(err), true);
    }
  }

  /** Ends one stream: tells the client when the backend side ended it, then releases the session. */
  private finish(sid: string, error?: RpcError, notify = false): void {
    const stream = this.open.get(sid);
    if (!stream) return;
    this.open.delete(sid);
    stream.controller.abort();
    if (notify && !this.disposed) this.connection.sendStream(error ? { type: 'end', sid, error } : { type: 'end', sid });
    if (stream.session) void this.safeClose(stream.channel, stream.session);
  }

  private async safeClose(channel: string, session: StreamSession<unknown>): Promise<void> {
    try {
      await session.close();
    } catch (err) {
      this.log.warn(`closing a ${channel} stream failed`, err);
    }
  }

  /** The client went away: close every stream it opened. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    for (const sid of [...this.open.keys()]) this.finish(sid);
    this.disposed = true;
    this.onDispose();
  }
}
