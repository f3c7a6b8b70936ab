import type { z } from 'zod';
import { fail, ok, type Result } from '../../../shared/result';
import {
  invokeSchemas,
  streamSchemas,
  streamWriteSchemas,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeParsedArgs,
  type InvokeResult,
  type StreamChannel,
  type StreamParsedArgs,
  type StreamTypes,
} from '../../../shared/channels';
import { toRpcError } from './errors';
import { ClientSession, type ClientConnection, type StreamEntry, type StreamHandler } from './streams';
import { describeIssues } from './validation';
import type { Logger } from '../logger';

export type InvokeHandler<A, R> = (args: A) => Promise<R> | R;

interface InvokeEntry {
  schema: z.ZodType;
  handler: InvokeHandler<unknown, unknown>;
}

/**
 * The transport-agnostic router: validates every input against the contract's schema before a
 * service sees it, calls the service, and wraps the outcome in the Result envelope. Transports
 * (Electron IPC, the websocket server) connect clients to it; events are broadcast to all clients.
 */
export class Router {
  private readonly invokes = new Map<string, InvokeEntry>();
  private readonly streams = new Map<string, StreamEntry>();
  private readonly clients = new Set<ClientSession>();

  constructor(private readonly log: Logger) {}

  handle<C extends InvokeChannel>(channel: C, handler: InvokeHandler<InvokeParsedArgs<C>, InvokeResult<C>>): this {
    return this.handleRaw(channel, invokeSchemas[channel], handler as InvokeHandler<unknown, unknown>);
  }

  stream<C extends StreamChannel>(
    channel: C,
    handler: StreamHandler<StreamParsedArgs<C>, StreamTypes[C]['data'], StreamTypes[C]['write']>,
  ): this {
    const write = (streamWriteSchemas as Partial<Record<string, z.ZodType>>)[channel];
    return this.streamRaw(channel, (streamSchemas as Record<string, z.ZodType>)[channel] as z.ZodType, handler as StreamHandler<unknown, unknown, unknown>, write);
  }

  /** Untyped registration; for the typed methods above and for tests of the mechanism itself. */
  handleRaw(channel: string, schema: z.ZodType, handler: InvokeHandler<unknown, unknown>): this {
    if (this.invokes.has(channel)) throw new Error(`invoke channel registered twice: ${channel}`);
    this.invokes.set(channel, { schema, handler });
    return this;
  }

  /** `write` validates what the client writes into the stream; without it, writes are dropped. */
  streamRaw(channel: string, schema: z.ZodType, handler: StreamHandler<unknown, unknown, unknown>, write?: z.ZodType): this {
    if (this.streams.has(channel)) throw new Error(`stream channel registered twice: ${channel}`);
    this.streams.set(channel, write ? { schema, handler, write } : { schema, handler });
    return this;
  }

  async invoke(channel: string, rawArgs: unknown): Promise<Result<unknown>> {
    const entry = this.invokes.get(channel);
    if (!entry) return fail('unknown-channel', `Berth has no operation called "${channel}".`);
    const parsed = entry.schema.safeParse(rawArgs ?? {});
    if (!parsed.success) return fail('invalid-input', describeIssues(parsed.error));
    try {
      return ok(await entry.handler(parsed.data));
    } catch (err) {
      const error = toRpcError(err);
      if (error.code === 'internal') this.log.error(`invoke ${channel} failed`, err);
      return { ok: false, error };
    }
  }

  /** Attaches a client (a window, a websocket); its streams live until it is disposed. */
  connect(connection: ClientConnection): ClientSession {
    const session = new ClientSession(connection, (channel) => this.streams.get(channel), this.log, () => {
      this.clients.delete(session);
    });
    this.clients.add(session);
    return session;
  }

  broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    for (const client of this.clients) client.sendEvent(channel, payload);
  }

  /** Open streams across all clients: what the leak tests count. */
  get openStreamCount(): number {
    let n = 0;
    for (const client of this.clients) n += client.openStreamCount;
    return n;
  }

  get clientCount(): number {
    return this.clients.size;
  }
}
