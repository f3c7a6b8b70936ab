import { describe, expect, it } from 'vitest';
import type { DesktopApi } from '../../shared/api';
import type { ContainerSummary, EngineEvent, EngineStatus } from '../../shared/models';
import type { Result } from '../../shared/result';
import { createContainersStore } from '../../renderer/src/stores/containers-store';

/**
 * A DesktopApi double: the store's logic is under test here, not the transport (the e2e tests
 * drive the real one). It answers containers:list from an in-memory engine and counts calls.
 */
function fakeApi(initial: ContainerSummary[]) {
  const engine = new Map(initial.map((c) => [c.id, c]));
  const calls: { channel: string; args: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let failNext: Result<never> | null = null;
  const api: DesktopApi = {
    transport: 'websocket',
    invoke: (async (channel: string, args: { ids?: string[]; id?: string }) => {
      calls.push({ channel, args });
      // The answer is what the engine holds at the moment of the call, as with a real request.
      let answer: Result<unknown> = { ok: true, value: null };
      if (failNext) {
        answer = failNext;
        failNext = null;
      } else if (channel === 'containers:list') {
        const all = [...engine.values()];
        answer = { ok: true, value: args.ids ? all.filter((c) => args.ids!.some((id) => c.id.startsWith(id))) : all };
      }
      await Promise.resolve();
      return answer;
    }) as DesktopApi['invoke'],
    openStream: () => {
      throw new Error('not used');
    },
    on: ((channel: string, l: (p: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(l);
      return () => set.delete(l);
    }) as DesktopApi['on'],
  };
  const emit = (channel: 'engine:event' | 'engine:status', payload: EngineEvent | EngineStatus) => {
    for (const l of listeners.get(channel) ?? []) l(payload);
  };
  return {
    api,
    engine,
    calls,
    emit,
    failNextWith: (r: Result<never>) => (failNext = r),
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

function container(id: string, state: ContainerSummary['state'] = 'running', name = `c-${id}`): ContainerSummary {
  return { id, name, image: 'busybox', imageId: 'sha256:x', command: 'sh', created: Number.parseInt(id, 16), state, status: state, ports: [], labels: {} };
}

function event(action: string, id: string): EngineEvent {
  return { type: 'container', action, id, attributes: {}, time: Date.now() };
}

/** Runs scheduled flushes by hand so the test decides when a frame has passed. */
function manualScheduler() {
  const queue: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => void queue.push(fn),
    run: async () => {
      for (const fn of queue.splice(0)) fn();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    pending: () => queue.length,
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('containers store', () => {
  it('loads the list once and keeps it current from events, coalescing refreshes into one request', async () => {
    const f = fakeApi([container('a1'), container('b2'), container('c3')]);
    const sched = manualScheduler();
    const store = createContainersStore(f.api, { schedule: sched.schedule });
    await store.getState().load();
    expect(Object.keys(store.getState().byId).sort()).toEqual(['a1', 'b2', 'c3']);
    expect(store.getState().phase).toBe('ready');

    // Two containers stop outside the app: rows change at once, then one refresh for both.
    f.engine.set('a1', { ...container('a1', 'exited'), status: 'Exited (0) 1 second ago' });
    f.engine.set('b2', { ...container('b2', 'exited'), status: 'Exited (137) 1 second ago' });
    f.emit('engine:event', event('die', 'a1'));
    f.emit('engine:event', event('die', 'b2'));
    f.emit('engine:event', event('stop', 'b2'));
    expect(store.getState().byId.a1?.state).toBe('exited');
    expect(store.getState().byId.b2?.state).toBe('exited');
    expect(sched.pending()).toBe(1);
    const before = f.calls.length;
    await sched.run();
    const refreshes = f.calls.slice(before);
    expect(refreshes).toEqual([{ channel: 'containers:list', args: { ids: ['a1', 'b2'] } }]);
    expect(store.getState().byId.b2?.status).toBe('Exited (137) 1 second ago');
  });

  it('does not take a kill signal for an exit: the process may ignore it', async () => {
    const f = fakeApi([container('a1')]);
    const sched = manualScheduler();
    const store = createContainersStore(f.api, { schedule: sched.schedule });
    await store.getState().load();
    f.emit('engine:event', event('kill', 'a1'));
    expect(store.getState().byId.a1?.state).toBe('running');
    await sched.run();
    expect(store.getState().byId.a1?.state).toBe('running');
  });

  it('ignores events that do not change the list and events of other object types', async () => {
    const f = fakeApi([container('a1')]);
    const sched = manualScheduler();
    const store = createContainersStore(f.api, { schedule: sched.schedule });
    await store.getState().load();
    f.emit('engine:event', event('exec_start', 'a1'));
    f.emit('engine:event', { ...event('delete', 'a1'), type: 'image' });
    expect(sched.pending()).toBe(0);
  });

  it('adds created containers and drops destroyed ones', async () => {
    const f = fakeApi([container('a1')]);
    const sched = manualScheduler();
    const store = createContainersStore(f.api, { schedule: sched.schedule });
    await store.getState().load();
    f.engine.set('d4', container('d4', 'created'));
    f.emit('engine:event', event('create', 'd4'));
    await sched.run();
    expect(store.getState().byId.d4?.state).toBe('created');
    f.engine.delete('a1');
    f.emit('engine:event', event('destroy', 'a1'));
    expect(store.getState().byId.a1).toBeUndefined();
  });

  it('refreshes again what events touched while a full load was in flight', async () => {
    const f = fakeApi([container('a1', 'running')]);
    const sched = manualScheduler();
    const store = createContainersStore(f.api, { schedule: sched.schedule });
    const loading = store.getState().load(); // the answer is computed now: a1 running
    f.engine.set('a1', container('a1', 'exited'));
    f.emit('engine:event', event('die', 'a1'));
    await sched.run(); // the event's own refresh is dropped: a full load is under way
    await loading;
    await sched.run();
    await settle();
    expect(store.getState().byId.a1?.state).toBe('exited');
  });

  it('reloads on (re)connect and marks the list stale while the engine is away', async () => {
    const f = fakeApi([container('a1')]);
    const store = createContainersStore(f.api, { schedule: manualScheduler().schedule });
    await store.getState().load();
    f.emit('engine:status', { state: 'disconnected', endpoint: null, reason: 'gone', hint: '', retryInMs: 500, attempt: 1 });
    expect(store.getState().phase).toBe('stale');
    expect(store.getState().byId.a1).toBeDefined(); // rows kept, marked out of date
    f.engine.set('e5', container('e5'));
    f.emit('engine:status', { state: 'connected', endpoint: { host: 'unix:///x', source: 'default', tls: false }, version: '20', apiVersion: '1.41', os: 'linux', arch: 'amd64' });
    await settle();
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().byId.e5).toBeDefined();
  });

  it('keeps an action error on its row until the next action there', async () => {
    const f = fakeApi([container('a1')]);
    const store = createContainersStore(f.api, { schedule: manualScheduler().schedule });
    await store.getState().load();
    f.failNextWith({ ok: false, error: { code: 'conflict', message: 'You cannot remove a running container.' } });
    const pending = store.getState().act('a1', 'remove');
    expect(store.getState().pending.a1).toBe('remove');
    expect(await pending).toBe(false);
    expect(store.getState().pending.a1).toBeUndefined();
    expect(store.getState().rowErrors.a1).toEqual({ action: 'remove', error: { code: 'conflict', message: 'You cannot remove a running container.' } });
    expect(await store.getState().act('a1', 'remove', { force: true })).toBe(true);
    expect(store.getState().rowErrors.a1).toBeUndefined();
    expect(f.calls.at(-1)).toEqual({ channel: 'containers:remove', args: { id: 'a1', force: true } });
  });

  it('shows why the list could not load', async () => {
    const f = fakeApi([]);
    const store = createContainersStore(f.api, { schedule: manualScheduler().schedule });
    f.failNextWith({ ok: false, error: { code: 'engine-unavailable', message: 'Cannot reach the engine.' } });
    await store.getState().load();
    expect(store.getState().listError?.code).toBe('engine-unavailable');
    expect(store.getState().phase).toBe('idle');
  });

  it('unsubscribes from everything on dispose', () => {
    const f = fakeApi([]);
    const store = createContainersStore(f.api);
    expect(f.listenerCount()).toBe(2);
    store.getState().dispose();
    expect(f.listenerCount()).toBe(0);
  });
});
