import type { EngineEvent, EngineObjectType } from '../../../shared/models';

const objectTypes = new Set<EngineObjectType>(['container', 'image', 'volume', 'network', 'daemon', 'plugin', 'service', 'node', 'secret', 'config', 'builder']);

interface RawEngineEvent {
  Type?: unknown;
  Action?: unknown;
  Actor?: { ID?: unknown; Attributes?: unknown };
  id?: unknown;
  time?: unknown;
  timeNano?: unknown;
}

/** One line of the engine's /events stream to the typed event; null for what we cannot read. */
export function parseEngineEvent(raw: unknown): EngineEvent | null {
  if (!raw || typeof raw !== 'object') return null;
  const e = raw as RawEngineEvent;
  const type = e.Type;
  const fullAction = e.Action;
  if (typeof type !== 'string' || !objectTypes.has(type as EngineObjectType) || typeof fullAction !== 'string') return null;
  const attributes: Record<string, string> = {};
  const rawAttributes = e.Actor?.Attributes;
  if (rawAttributes && typeof rawAttributes === 'object') {
    for (const [k, v] of Object.entries(rawAttributes)) if (typeof v === 'string') attributes[k] = v;
  }
  const id = typeof e.Actor?.ID === 'string' ? e.Actor.ID : typeof e.id === 'string' ? e.id : '';
  const colon = fullAction.indexOf(':');
  const time =
    typeof e.timeNano === 'number' ? Math.floor(e.timeNano / 1e6) : typeof e.time === 'number' ? e.time * 1000 : Date.now();
  const event: EngineEvent = {
    type: type as EngineObjectType,
    action: colon === -1 ? fullAction : fullAction.slice(0, colon),
    id,
    attributes,
    time,
  };
  if (colon !== -1) event.actionDetail = fullAction.slice(colon + 1).trim();
  const name = attributes.name;
  if (name) event.name = name.replace(/^\//, '');
  return event;
}

/**
 * Splits a byte stream of newline-delimited JSON into values. Keeps a partial line across chunks;
 * a malformed line is reported and skipped, never fatal.
 */
export class JsonLineSplitter {
  private buffer = '';
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly onValue: (value: unknown) => void,
    private readonly onBadLine: (line: string) => void = () => {},
  ) {}

  push(chunk: Uint8Array | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        this.onBadLine(line);
        continue;
      }
      this.onValue(value);
    }
  }
}
