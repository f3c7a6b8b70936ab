import { describe, expect, it } from 'vitest';
import { JsonLineSplitter, parseEngineEvent } from '../../electron/backend/engine/events';
import { backoffDelay } from '../../electron/backend/engine/connection';

describe('parseEngineEvent', () => {
  it('reads a container event as the engine sends it', () => {
    // As the engine writes it; timeNano is past 2^53, so JSON.parse rounds it (we keep ms).
    const raw: unknown = JSON.parse(
      '{"status":"die","id":"abc","Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"name":"web","exitCode":"0","image":"busybox"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}',
    );
    expect(parseEngineEvent(raw)).toEqual({
      type: 'container',
      action: 'die',
      id: 'abc',
      name: 'web',
      attributes: { name: 'web', exitCode: '0', image: 'busybox' },
      time: 1700000000123,
    });
  });

  it('splits "action: detail" actions', () => {
    const e = parseEngineEvent({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'x', Attributes: {} }, time: 1 });
    expect(e).toMatchObject({ action: 'health_status', actionDetail: 'healthy', time: 1000 });
  });

  it('rejects what is not an event', () => {
    expect(parseEngineEvent(null)).toBeNull();
    expect(parseEngineEvent({ Type: 'spaceship', Action: 'launch' })).toBeNull();
    expect(parseEngineEvent({ Type: 'container' })).toBeNull();
  });
});

describe('JsonLineSplitter', () => {
  it('joins lines split across chunks, including a multibyte character split in two', () => {
    const values: unknown[] = [];
    const bad: string[] = [];
    const s = new JsonLineSplitter((v) => values.push(v), (l) => bad.push(l));
    const bytes = new TextEncoder().encode('{"a":"é"}\n{"b":2}\nnot json\n{"c"');
    // split inside the two bytes of "é"
    const cut = bytes.indexOf(0xc3) + 1;
    s.push(bytes.slice(0, cut));
    s.push(bytes.slice(cut));
    s.push(':3}\n');
    expect(values).toEqual([{ a: 'é' }, { b: 2 }, { c: 3 }]);
    expect(bad).toEqual(['not json']);
  });
});

describe('backoffDelay', () => {
  const policy = { initialMs: 500, maxMs: 15_000 };
  it('doubles from the initial delay and stops at the cap', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, policy, mid))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
  it('jitters within ±20%', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(1600);
    expect(backoffDelay(3, policy, () => 0.999999)).toBe(2400);
  });
});
