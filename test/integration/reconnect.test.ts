import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../harness/dockerd';
import { importBusybox } from '../harness/images';
import { backendOn, until } from './helpers';
import { helperLabel, helperLabels, helperOwnerLabel } from '../../electron/backend/engine/helper-container';

/** Its own dockerd (no networking, so it never competes for docker0), stopped and started mid-test. */
let engine: TestEngine;
let t: ReturnType<typeof backendOn>;

beforeAll(async () => {
  engine = await startTestEngine({ network: 'none' });
  await importBusybox(engine);
  t = backendOn(engine.host, { initialMs: 100, maxMs: 800 });
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
});

afterAll(async () => {
  t?.backend.stop();
  await engine?.destroy();
});

describe('engine connection', () => {
  it('reports disconnected when dockerd stops, connected when it returns, and events resume', async () => {
    const before = t.statuses.length;
    const stoppedAt = Date.now();
    await engine.stopDaemon();
    const lost = await until('disconnected', () => t.statuses.slice(before).find((s) => s.state === 'disconnected'), 10_000);
    expect(lost.state === 'disconnected' && lost.reason).toMatch(/event stream|connection refused|no socket/);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);

    // While it is away, calls fail with a message that says so, and nothing crashes.
    const r = await t.backend.router.invoke('containers:list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } });

    // It keeps retrying, with growing delays up to the cap.
    await until('two retries', () => t.statuses.filter((s) => s.state === 'disconnected').length >= 3, 10_000);
    const delays = t.statuses.filter((s) => s.state === 'disconnected').map((s) => (s.state === 'disconnected' ? s.retryInMs : 0) ?? 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800 * 1.2);

    const mark = t.statuses.length;
    await engine.startDaemon();
    await until('connected again', () => t.statuses.slice(mark).find((s) => s.state === 'connected'), 15_000);

    const eventsBefore = t.events.length;
    const id = (await engine.docker(['create', '--name', 'after-reconnect', 'berth-test/busybox', 'true'])).trim();
    await until('an event after the reconnect', () => t.events.slice(eventsBefore).find((e) => e.id === id && e.action === 'create'), 10_000);
    const r2 = await t.backend.router.invoke('containers:list', {});
    expect(r2.ok).toBe(true);
  });

  it('retries now when asked instead of waiting for the backoff', async () => {
    const slow = backendOn(engine.host, { initialMs: 60_000, maxMs: 60_000 });
    slow.backend.start();
    await until('connected', () => slow.backend.engine.status.state === 'connected');
    await engine.stopDaemon();
    await until('disconnected', () => slow.backend.engine.status.state === 'disconnected');
    await engine.startDaemon();
    expect(slow.backend.engine.status.state).toBe('disconnected'); // next try is a minute away
    await slow.backend.router.invoke('engine:reconnect', {});
    await until('connected after reconnect-now', () => slow.backend.engine.status.state === 'connected', 10_000);
    slow.backend.stop();
  });

  it('on reconnecting, removes the helpers a crashed Berth left, never its own live ones', async () => {
    const make = async (labels: Record<string, string>): Promise<string> => {
      const args = ['create', ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]), 'berth-test/busybox', 'sleep', '60'];
      return (await engine.docker(args)).trim();
    };
    const ours = await make(helperLabels('test-in-use'));
    const left = await make({ [helperLabel]: 'vm-exec', [helperOwnerLabel]: 'a-berth-that-crashed' });
    const older = await make({ [helperLabel]: 'volume-browse' }); // made before helpers had owners
    const mark = t.statuses.length;
    t.backend.engine.reconnectElsewhere();
    await until('connected again', () => t.statuses.slice(mark).find((s) => s.state === 'connected'), 15_000);
    const exists = async (id: string): Promise<boolean> => (await engine.docker(['ps', '-aq', '--no-trunc', '--filter', `id=${id}`])).trim() !== '';
    await until('the stale helpers removed', async () => !(await exists(left)) && !(await exists(older)), 10_000);
    expect(await exists(ours)).toBe(true);
    await engine.docker(['rm', '-f', ours]);
  });

  it('says clearly when the endpoint does not exist at all', async () => {
    const gone = backendOn('unix:///tmp/berth-no-such-dir/docker.sock');
    gone.backend.start();
    const s = await until('disconnected', () => gone.statuses.find((x) => x.state === 'disconnected'));
    expect(s.state === 'disconnected' && s.reason).toBe('no socket at /tmp/berth-no-such-dir/docker.sock');
    expect(s.state === 'disconnected' && s.hint).toMatch(/Start the engine/);
    const r = await gone.backend.router.invoke('containers:list', {});
    expect(r.ok === false && r.error.message).toBe(`Cannot reach the engine: no socket at /tmp/berth-no-such-dir/docker.sock. ${s.state === 'disconnected' ? s.hint : ''}`);
    gone.backend.stop();
  });
});
