import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import type { EngineEvent, EngineStatus } from '../../shared/models';
import type { StreamServerMessage } from '../../shared/protocol';

/** A Backend on a given engine, with a client attached that records broadcasts. */
export function backendOn(host: string, backoff = { initialMs: 100, maxMs: 1000 }) {
  const backend = new Backend({ engineHost: host, env: {}, log: silentLogger, backoff });
  const statuses: EngineStatus[] = [];
  const events: EngineEvent[] = [];
  const streamMessages: StreamServerMessage[] = [];
  const client = backend.router.connect({
    id: 'test',
    sendStream: (m) => streamMessages.push(m),
    sendEvent: (channel, payload) => {
      if (channel === 'engine:status') statuses.push(payload as EngineStatus);
      if (channel === 'engine:event') events.push(payload as EngineEvent);
    },
  });
  return { backend, statuses, events, streamMessages, client };
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
