import { describe, expect, it } from 'vitest';
import type { DesktopApi } from '../../shared/api';
import type { TerminalSessionInfo } from '../../shared/models';
import type { Result } from '../../shared/result';
import { createTerminalsStore, hostOwner, ownedBy } from '../../renderer/src/stores/terminals-store';

/** A DesktopApi double answering terminals:list and terminals:close: the store's logic is under test, not the transport. */
function fakeApi(sessions: TerminalSessionInfo[], closeResult: Result<null> = { ok: true, value: null }) {
  const calls: { channel: string; args: unknown }[] = [];
  const api: DesktopApi = {
    transport: 'websocket',
    invoke: (async (channel: string, args: unknown) => {
      calls.push({ channel, args });
      await Promise.resolve();
      if (channel === 'terminals:list') return { ok: true, value: sessions };
      if (channel === 'terminals:close') return closeResult;
      return { ok: false, error: { code: 'unknown-channel', message: channel } };
    }) as DesktopApi['invoke'],
    openStream: () => {
      throw new Error('not used');
    },
    on: () => () => undefined,
  };
  return { api, calls };
}

const session = (id: string, kind: TerminalSessionInfo['kind'], containerId?: string, started = 1): TerminalSessionInfo => ({
  sessionId: id,
  kind,
  containerId,
  containerName: containerId ? `name-${containerId.slice(0, 4)}` : undefined,
  command: ['/bin/sh'],
  title: `${kind} ${id}`,
  started,
  alive: true,
  exitCode: null,
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('terminals store', () => {
  it('restores the sessions the backend kept, per container and for the host, oldest first', async () => {
    const { api } = fakeApi([session('b', 'exec', 'abcdef123456', 2), session('a', 'exec', 'abcdef123456', 1), session('h', 'host'), session('d', 'debug', 'ffff0000')]);
    const store = createTerminalsStore(api);
    expect(store.getState().restored).toBe(false);
    await settle();
    const s = store.getState();
    expect(s.restored).toBe(true);
    expect(s.tabs.filter((t) => ownedBy(t, 'abcdef123456')).map((t) => t.sessionId)).toEqual(['a', 'b']);
    expect(s.tabs.filter((t) => ownedBy(t, hostOwner)).map((t) => t.sessionId)).toEqual(['h']);
    expect(s.tabs.find((t) => t.sessionId === 'd')).toMatchObject({ mode: 'debug', owner: 'ffff0000', containerName: 'name-ffff' });
    // The last one restored for an owner is the one shown.
    expect(s.tabs.find((t) => t.key === s.active['abcdef123456'])?.sessionId).toBe('b');
  });

  it('opens a first tab only once, whatever asks twice (StrictMode effects)', async () => {
    const { api } = fakeApi([]);
    const store = createTerminalsStore(api);
    await settle();
    store.getState().ensure('c1', { mode: 'exec', containerId: 'c1' });
    store.getState().ensure('c1', { mode: 'exec', containerId: 'c1' });
    expect(store.getState().tabs).toHaveLength(1);
    store.getState().open('c1', { mode: 'exec', containerId: 'c1', command: ['top'] });
    expect(store.getState().tabs).toHaveLength(2);
    expect(store.getState().tabs[1]?.title).toBe('top');
  });

  it('remembers the session a tab got, its exit, and a failure until retried', async () => {
    const { api } = fakeApi([]);
    const store = createTerminalsStore(api);
    await settle();
    const key = store.getState().open('c1', { mode: 'exec', containerId: 'c1' });
    store.getState().attached(key, session('s1', 'exec', 'c1'), undefined);
    expect(store.getState().tabs[0]).toMatchObject({ sessionId: 's1', title: 'exec s1', alive: true });
    store.getState().exited(key, 0);
    expect(store.getState().tabs[0]).toMatchObject({ alive: false, exitCode: 0 });
    store.getState().failed(key, { code: 'conflict', message: 'c1 is not running' });
    expect(store.getState().tabs[0]).toMatchObject({ sessionId: null, failure: { code: 'conflict' } });
    store.getState().restart(key);
    expect(store.getState().tabs[0]).toMatchObject({ sessionId: null, failure: null, alive: true });
    store.getState().failed(key, { code: 'not-found', message: 'That terminal session has ended' }, true);
    expect(store.getState().tabs[0]).toMatchObject({ failedReattach: true });
    store.getState().restart(key);
    expect(store.getState().tabs[0]).toMatchObject({ failedReattach: false });
  });

  it('closing a tab ends its session in the backend and shows a neighbour', async () => {
    const { api, calls } = fakeApi([session('a', 'exec', 'c1', 1), session('b', 'exec', 'c1', 2)]);
    const store = createTerminalsStore(api);
    await settle();
    const [first, second] = store.getState().tabs;
    expect(await store.getState().close(second!.key)).toBeNull();
    expect(calls.at(-1)).toEqual({ channel: 'terminals:close', args: { sessionId: 'b' } });
    expect(store.getState().active['c1']).toBe(first!.key);
    // A tab that never had a session closes without asking the backend.
    const fresh = store.getState().open('c1', { mode: 'exec' });
    const before = calls.length;
    await store.getState().close(fresh);
    expect(calls.length).toBe(before);
  });

  it('treats an already-ended session as closed, and reports other failures', async () => {
    const gone = fakeApi([session('a', 'host')], { ok: false, error: { code: 'not-found', message: 'gone' } });
    const s1 = createTerminalsStore(gone.api);
    await settle();
    expect(await s1.getState().close(s1.getState().tabs[0]!.key)).toBeNull();
    const broken = fakeApi([session('a', 'host')], { ok: false, error: { code: 'internal', message: 'boom' } });
    const s2 = createTerminalsStore(broken.api);
    await settle();
    expect(await s2.getState().close(s2.getState().tabs[0]!.key)).toMatchObject({ code: 'internal' });
  });

  it('matches container owners by full or short ID, never the host', () => {
    expect(ownedBy({ owner: 'abcdef123456789' }, 'abcdef123456')).toBe(true);
    expect(ownedBy({ owner: 'abcdef' }, 'abcdef123456789')).toBe(true);
    expect(ownedBy({ owner: 'abcdef' }, 'abc999')).toBe(false);
    expect(ownedBy({ owner: hostOwner }, 'host')).toBe(true);
    expect(ownedBy({ owner: hostOwner }, 'hostile')).toBe(false);
  });
});
