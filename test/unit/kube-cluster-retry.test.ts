import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isDrop, retryOnDrop } from '../../electron/backend/kube/cluster/retry';
import { BerthError } from '../../electron/backend/rpc/errors';

/** A real "socket hang up": a server that accepts and closes before answering. */
async function hangUp(): Promise<Error> {
  const srv = createServer((s) => s.destroy());
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  try {
    return await new Promise<Error>((resolve) => {
      const req = request({ host: '127.0.0.1', port: (srv.address() as AddressInfo).port, path: '/' }, () => resolve(new Error('answered')));
      req.on('error', resolve);
      req.end();
    });
  } finally {
    srv.close();
  }
}

describe('retryOnDrop (a start step’s engine calls)', () => {
  it('knows a dropped connection from a refusal', async () => {
    const e = await hangUp();
    expect(e.message).toBe('socket hang up');
    expect(isDrop(e)).toBe(true);
    expect(isDrop(new BerthError('engine-unavailable', 'Still connecting to the engine'))).toBe(true);
    expect(isDrop(Object.assign(new Error('(HTTP code 409) conflict'), { statusCode: 409 }))).toBe(false);
    expect(isDrop(new BerthError('engine-error', 'Loading pause failed'))).toBe(false);
  });

  it('tries a dropped call again within the bound, waiting for the engine between tries', async () => {
    const drop = await hangUp();
    let calls = 0;
    const waits: number[] = [];
    const retries: number[] = [];
    const value = await retryOnDrop(
      async () => {
        if (++calls < 3) throw drop;
        return 'done';
      },
      { until: Date.now() + 10_000, ready: async (ms) => void waits.push(ms), onRetry: (a) => retries.push(a), initialMs: 10 },
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
    expect(retries).toEqual([2, 3]);
    expect(waits).toHaveLength(2);
  });

  it('throws a refusal at once, and a drop once the bound has passed', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('(HTTP code 500) server error'), { statusCode: 500 });
    await expect(retryOnDrop(async () => { calls++; throw refused; }, { until: Date.now() + 10_000, ready: async () => undefined, onRetry: () => undefined })).rejects.toBe(refused);
    expect(calls).toBe(1);
    const drop = await hangUp();
    await expect(retryOnDrop(async () => { throw drop; }, { until: Date.now() - 1, ready: async () => undefined, onRetry: () => undefined })).rejects.toBe(drop);
  });
});
