import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import type { EngineEvent, EngineStatus } from '../../shared/models';
import type { StreamServerMessage } from '../../shared/protocol';
import type { RpcError } from '../../shared/result';

/** A Backend on a given engine, with a client attached that records broadcasts. */
export function backendOn(host: string, backoff = { initialMs: 100, maxMs: 1000 }) {
  const backend = new Backend({ engineHost: host, env: {}, log: silentLogger, backoff });
  const statuses: EngineStatus[] = [];
  const events: EngineEvent[] = [];
  const streamMessages: StreamServerMessage[] = [];
  const streamListeners = new Map<string, (m: StreamServerMessage) => void>();
  const client = backend.router.connect({
    id: 'test',
    sendStream: (m) => {
      streamMessages.push(m);
      streamListeners.get(m.sid)?.(m);
    },
    sendEvent: (channel, payload) => {
      if (channel === 'engine:status') statuses.push(payload as EngineStatus);
      if (channel === 'engine:event') events.push(payload as EngineEvent);
    },
  });
  return { backend, statuses, events, streamMessages, streamListeners, client };
}

let streamCounter = 0;

/** Opens a stream through the router as a window would, collecting what it sends until it ends. */
export function openStream<D = unknown>(t: ReturnType<typeof backendOn>, channel: string, args: unknown) {
  const sid = `t${++streamCounter}`;
  const data: D[] = [];
  const ended = new Promise<RpcError | undefined>((resolve) => {
    t.streamListeners.set(sid, (m) => {
      if (m.type === 'data') data.push(m.data as D);
      else {
        t.streamListeners.delete(sid);
        resolve(m.error);
      }
    });
  });
  t.client.handle({ type: 'open', sid, channel, args });
  return { data, ended, close: () => t.client.handle({ type: 'close', sid }) };
}

export async function until<T>(what: string, check: () => T | undefined | false | null, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let counter = 0;
/** A container name unique to this run, so test files can share one engine. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

