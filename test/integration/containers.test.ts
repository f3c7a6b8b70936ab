import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { runDocker } from '../harness/dockerd';
import { startRecordingProxy, type RecordingProxy } from '../harness/recording-proxy';
import { backendOn, uniqueName, until } from './helpers';
import type { ContainerSummary } from '../../shared/models';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);

let proxy: RecordingProxy;
let t: ReturnType<typeof backendOn>;

beforeAll(async () => {
  proxy = await startRecordingProxy(host.replace('unix://', ''));
  t = backendOn(proxy.host);
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
});

afterAll(async () => {
  t.client.dispose();
  t.backend.stop();
  await proxy.close();
});

async function list(): Promise<ContainerSummary[]> {
  const r = await t.backend.router.invoke('containers:list', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ContainerSummary[];
}

async function find(name: string): Promise<ContainerSummary | undefined> {
  return (await list()).find((c) => c.name === name);
}

describe('containers service on a real engine', () => {
  it('reports the engine it connected to', () => {
    const s = t.backend.engine.status;
    expect(s.state).toBe('connected');
    if (s.state === 'connected') {
      expect(s.endpoint).toEqual({ host: proxy.host, source: 'setting', tls: false });
      expect(s.version).toMatch(/^\d+\.\d+/);
    }
    expect(t.statuses.at(-1)?.state).toBe('connected');
  });

  it('lists all containers, running and stopped, with names, state, ports and labels, never asking for sizes', async () => {
    const running = uniqueName('list-run');
    const created = uniqueName('list-created');
    await docker(['run', '-d', '--name', running, '--label', 'berth.test=list', '-p', '127.0.0.1::8080', image, 'sleep', '600']);
    await docker(['create', '--name', created, image, 'true']);
    proxy.requests.length = 0;
    const all = await list();
    const r = all.find((c) => c.name === running);
    const c = all.find((c) => c.name === created);
    expect(r).toMatchObject({ state: 'running', image, labels: { 'berth.test': 'list' }, command: 'sleep 600' });
    expect(r?.ports).toEqual([expect.objectContaining({ privatePort: 8080, protocol: 'tcp', ip: '127.0.0.1', publicPort: expect.any(Number) })]);
    expect(r?.status).toMatch(/^Up /);
    expect(c?.state).toBe('created');
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0]).toMatch(/^GET \/containers\/json\?/);
    expect(proxy.requests[0]).toContain('all=true');
    expect(proxy.requests[0]).toContain('size=false');
    await docker(['rm', '-f', running, created]);
  });

  it('lists only the asked-for IDs', async () => {
    const a = uniqueName('ids-a');
    const b = uniqueName('ids-b');
    const idA = (await docker(['create', '--name', a, image, 'true'])).trim();
    await docker(['create', '--name', b, image, 'true']);
    const r = await t.backend.router.invoke('containers:list', { ids: [idA] });
    expect(r.ok && (r.value as ContainerSummary[]).map((c) => c.name)).toEqual([a]);
    await docker(['rm', '-f', a, b]);
  });

  it('starts, stops, restarts and removes, and says so when there is nothing to do', async () => {
    const name = uniqueName('lifecycle');
    await docker(['create', '--name', name, image, 'sleep', '600']);
    const invoke = (channel: 'containers:start' | 'containers:stop' | 'containers:restart', args: object) => t.backend.router.invoke(channel, args);

    expect(await invoke('containers:start', { id: name })).toEqual({ ok: true, value: null });
    expect((await find(name))?.state).toBe('running');
    expect(await invoke('containers:start', { id: name })).toMatchObject({ ok: false, error: { code: 'not-modified', message: `Container ${name} is already running.` } });

    const started = (await find(name))!.status;
    expect(await invoke('containers:restart', { id: name, timeoutSeconds: 0 })).toEqual({ ok: true, value: null });
    expect((await find(name))?.state).toBe('running');
    expect(started).toMatch(/^Up/);

    expect(await invoke('containers:stop', { id: name, timeoutSeconds: 0 })).toEqual({ ok: true, value: null });
    expect((await find(name))?.state).toBe('exited');
    expect(await invoke('containers:stop', { id: name })).toMatchObject({ ok: false, error: { code: 'not-modified', message: `Container ${name} is already stopped.` } });

    expect(await t.backend.router.invoke('containers:remove', { id: name })).toEqual({ ok: true, value: null });
    expect(await find(name)).toBeUndefined();
  });

  it('refuses to remove a running container without force, with the engine’s reason, and removes it with force', async () => {
    const name = uniqueName('remove-running');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    const refused = await t.backend.router.invoke('containers:remove', { id: name });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toMatch(/running container/i);
    }
    expect((await find(name))?.state).toBe('running'); // nothing lost
    expect(await t.backend.router.invoke('containers:remove', { id: name, force: true })).toEqual({ ok: true, value: null });
    expect(await find(name)).toBeUndefined();
  });

  it('answers a missing container with not-found', async () => {
    const r = await t.backend.router.invoke('containers:stop', { id: 'no-such-container-here' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    if (!r.ok) expect(r.error.message).toMatch(/no such container/i);
  });

  it('broadcasts the engine’s events for containers changed from outside', async () => {
    const name = uniqueName('events');
    const since = t.events.length;
    const id = (await docker(['run', '-d', '--name', name, image, 'sleep', '600'])).trim();
    await docker(['stop', '-t', '0', name]);
    await docker(['rm', name]);
    const actions = await until('create, start, die, destroy events', () => {
      const mine = t.events.slice(since).filter((e) => e.type === 'container' && e.id === id).map((e) => e.action);
      return mine.includes('destroy') && mine;
    });
    expect(actions).toEqual(expect.arrayContaining(['create', 'start', 'die', 'stop', 'destroy']));
    const create = t.events.find((e) => e.id === id && e.action === 'create');
    expect(create?.name).toBe(name);
  });
});
