import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Router } from '../../electron/backend/rpc/router';
import { BerthError } from '../../electron/backend/rpc/errors';
import type { StreamServerMessage } from '../../shared/protocol';
import { silentLogger } from '../../electron/backend/logger';

function fakeClient(id = 'c1') {
  const streamMessages: StreamServerMessage[] = [];
  const events: [string, unknown][] = [];
  return {
    connection: {
      id,
      sendStream: (m: StreamServerMessage) => streamMessages.push(m),
      sendEvent: (c: string, p: unknown) => events.push([c, p]),
    },
    streamMessages,
    events,
  };
}

describe('Router invoke', () => {
  it('rejects invalid input with an error Result and never calls the service', async () => {
    const router = new Router(silentLogger);
    const stop = vi.fn(async () => null);
    router.handle('containers:stop', stop);
    for (const bad of [{}, { id: '' }, { id: '../../etc/passwd' }, { id: 'web', extra: 1 }, { id: 'web', timeoutSeconds: -1 }, { id: 42 }, 'web', [1]]) {
      const result = await router.invoke('containers:stop', bad);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input');
        expect(result.error.message).toMatch(/^Invalid input/);
      }
    }
    expect(stop).not.toHaveBeenCalled();
  });

  it('passes parsed input to the service and wraps the value', async () => {
    const router = new Router(silentLogger);
    const stop = vi.fn(async () => null);
    router.handle('containers:stop', stop);
    expect(await router.invoke('containers:stop', { id: 'web', timeoutSeconds: 3 })).toEqual({ ok: true, value: null });
    expect(stop).toHaveBeenCalledWith({ id: 'web', timeoutSeconds: 3 });
  });

  it('answers an unknown channel with a clear error', async () => {
    const result = await new Router(silentLogger).invoke('containers:explode', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it.each([
    [{ statusCode: 404, json: { message: 'No such container: nope' } }, 'not-found', /No such container: nope\. It may have been removed/],
    [{ statusCode: 409, json: { message: 'You cannot remove a running container abc' } }, 'conflict', /You cannot remove a running container/],
    [{ statusCode: 304, json: null }, 'not-modified', /already in that state/],
    [{ code: 'ECONNREFUSED', address: '/run/docker.sock', message: 'connect ECONNREFUSED' }, 'engine-unavailable', /^Cannot reach the engine: connection refused at \/run\/docker.sock\. Start the engine/],
    [{ code: 'EACCES', address: '/run/docker.sock' }, 'engine-unavailable', /docker group/],
    [{ statusCode: 500, json: { message: 'driver failed' } }, 'engine-error', /The engine failed: Driver failed\./],
    [new BerthError('not-modified', 'Container web is already running.'), 'not-modified', /^Container web is already running\.$/],
    [new TypeError('boom'), 'internal', /unexpected error: Boom/],
  ])('maps a thrown %o to %s', async (thrown, code, message) => {
    const router = new Router(silentLogger);
    router.handle('containers:start', () => {
      throw thrown;
    });
    const result = await router.invoke('containers:start', { id: 'web' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
    }
  });

  it('broadcasts events to every connected client until it is disposed', () => {
    const router = new Router(silentLogger);
    const a = fakeClient('a');
    const b = fakeClient('b');
    router.connect(a.connection);
    const sb = router.connect(b.connection);
    router.broadcast('engine:status', { state: 'connecting', endpoint: null, attempt: 1 });
    sb.dispose();
    router.broadcast('engine:status', { state: 'connecting', endpoint: null, attempt: 2 });
    expect(a.events).toHaveLength(2);
    expect(b.events).toHaveLength(1);
    expect(router.clientCount).toBe(1);
  });
});

/** A stream handler that records its lifecycle, standing in for logs/exec (the mechanism is under test). */
function tickerRouter(openDelayMs = 0) {
  const router = new Router(silentLogger);
  const live = new Set<string>();
  const closed: string[] = [];
  const writes: unknown[] = [];
  const resizes: [number, number][] = [];
  let n = 0;
  router.streamRaw('test:ticker', z.strictObject({ every: z.number().int().min(1) }), async (args: unknown, ctx) => {
    const name = `t${++n}`;
    if (openDelayMs) await new Promise((r) => setTimeout(r, openDelayMs));
    live.add(name);
    const timer = setInterval(() => ctx.send({ tick: name }), (args as { every: number }).every);
    return {
      write: (d) => writes.push(d),
      resize: (c, r) => resizes.push([c, r]),
      close: () => {
        clearInterval(timer);
        live.delete(name);
        closed.push(name);
      },
    };
  }, z.string().max(10));
  return { router, live, closed, writes, resizes };
}

const flush = () => new Promise((r) => setTimeout(r, 20));

describe('Router streams', () => {
  it('disposes every stream of a client that goes away, and only that client', async () => {
    const { router, live } = tickerRouter();
    const a = fakeClient('a');
    const b = fakeClient('b');
    const sa = router.connect(a.connection);
    const sb = router.connect(b.connection);
    sa.handle({ type: 'open', sid: 's1', channel: 'test:ticker', args: { every: 5 } });
    sa.handle({ type: 'open', sid: 's2', channel: 'test:ticker', args: { every: 5 } });
    sb.handle({ type: 'open', sid: 's1', channel: 'test:ticker', args: { every: 5 } });
    await flush();
    expect(router.openStreamCount).toBe(3);
    expect(live.size).toBe(3);
    expect(a.streamMessages.some((m) => m.type === 'data' && m.sid === 's1')).toBe(true);
    sa.dispose();
    expect(router.openStreamCount).toBe(1);
    expect(live.size).toBe(1);
    const before = a.streamMessages.length;
    await flush();
    expect(a.streamMessages.length).toBe(before); // nothing more is sent to a gone client
    sb.dispose();
    expect(router.openStreamCount).toBe(0);
    expect(live.size).toBe(0);
  });

  it('releases a stream whose client left while it was still opening', async () => {
    const { router, live, closed } = tickerRouter(30);
    const a = fakeClient();
    const sa = router.connect(a.connection);
    sa.handle({ type: 'open', sid: 's1', channel: 'test:ticker', args: { every: 5 } });
    sa.dispose();
    await new Promise((r) => setTimeout(r, 60));
    expect(live.size).toBe(0);
    expect(closed).toEqual(['t1']);
    expect(router.openStreamCount).toBe(0);
  });

  it('closes on the client’s request and delivers writes and resizes, including those sent while opening', async () => {
    const { router, live, writes, resizes } = tickerRouter(20);
    const a = fakeClient();
    const sa = router.connect(a.connection);
    sa.handle({ type: 'open', sid: 's1', channel: 'test:ticker', args: { every: 50 } });
    sa.handle({ type: 'write', sid: 's1', data: 'early' });
    sa.handle({ type: 'resize', sid: 's1', cols: 100, rows: 30 });
    await flush();
    await flush();
    sa.handle({ type: 'write', sid: 's1', data: 'late' });
    sa.handle({ type: 'write', sid: 's1', data: { not: 'text' } }); // fails the write schema: dropped
    sa.handle({ type: 'write', sid: 's1', data: 'far too long for this stream' });
    expect(writes).toEqual(['early', 'late']);
    expect(resizes).toEqual([[100, 30]]);
    sa.handle({ type: 'close', sid: 's1' });
    expect(live.size).toBe(0);
    expect(router.openStreamCount).toBe(0);
    sa.handle({ type: 'write', sid: 's1', data: 'after close' }); // ignored, not an error
    expect(writes).toHaveLength(2);
  });

  it('ends a stream with an error for bad args, unknown channels and duplicate ids, without opening anything', async () => {
    const { router, live } = tickerRouter();
    const a = fakeClient();
    const sa = router.connect(a.connection);
    sa.handle({ type: 'open', sid: 'bad', channel: 'test:ticker', args: { every: 'often' } });
    sa.handle({ type: 'open', sid: 'nope', channel: 'test:nothing', args: {} });
    sa.handle({ type: 'open', sid: 'dup', channel: 'test:ticker', args: { every: 1000 } });
    sa.handle({ type: 'open', sid: 'dup', channel: 'test:ticker', args: { every: 1000 } });
    await flush();
    const ends = a.streamMessages.filter((m) => m.type === 'end');
    expect(ends.map((m) => [m.sid, m.type === 'end' ? m.error?.code : null])).toEqual([
      ['bad', 'invalid-input'],
      ['nope', 'unknown-channel'],
      ['dup', 'invalid-input'],
    ]);
    expect(live.size).toBe(1);
    sa.dispose();
    expect(live.size).toBe(0);
  });

  it('lets the backend end a stream, telling the client once', async () => {
    const router = new Router(silentLogger);
    let closeCalls = 0;
    router.streamRaw('test:once', z.strictObject({}), (_args, ctx) => {
      setTimeout(() => {
        ctx.send('last');
        ctx.end(new BerthError('not-found', 'The container is gone.'));
      }, 5);
      return { close: () => void closeCalls++ };
    });
    const a = fakeClient();
    const sa = router.connect(a.connection);
    sa.handle({ type: 'open', sid: 's1', channel: 'test:once', args: {} });
    await flush();
    expect(a.streamMessages).toEqual([
      { type: 'data', sid: 's1', data: 'last' },
      { type: 'end', sid: 's1', error: { code: 'not-found', message: 'The container is gone.' } },
    ]);
    expect(closeCalls).toBe(1);
    expect(router.openStreamCount).toBe(0);
    sa.dispose();
    expect(closeCalls).toBe(1);
  });
});
