import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../../shared/api';
import type { ContainerState, ContainerSummary, EngineEvent } from '../../../shared/models';
import type { RpcError } from '../../../shared/result';
import { helperLabel } from '../../../shared/labels';

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill' | 'remove';

export interface ContainersState {
  byId: Record<string, ContainerSummary>;
  /** 'idle' before the first load; 'stale' while the engine is away (rows kept, marked out of date). */
  phase: 'idle' | 'loading' | 'ready' | 'stale';
  /** Why the whole list could not be loaded. */
  listError: RpcError | null;
  /** Actions in flight, per container. */
  pending: Record<string, ContainerAction>;
  /** The last failed action per container, shown on its row until the next action there. */
  rowErrors: Record<string, { action: ContainerAction; error: RpcError }>;
  load(): Promise<void>;
  act(id: string, action: ContainerAction, options?: { force?: boolean; volumes?: boolean }): Promise<boolean>;
  /** The same action on several containers at once; resolves with how many succeeded. */
  actMany(ids: string[], action: ContainerAction, options?: { force?: boolean; volumes?: boolean }): Promise<number>;
  dismissError(id: string): void;
  dispose(): void;
}

/**
 * What an engine event tells us at once, before the engine's own summary comes back. Not `kill`:
 * it reports a signal sent, and a process may ignore it.
 */
const stateAfter: Partial<Record<string, ContainerState>> = {
  start: 'running',
  unpause: 'running',
  restart: 'running',
  die: 'exited',
  stop: 'exited',
  pause: 'paused',
};

/** Container actions that change what the list shows; others (exec_*, attach, top, ...) do not. */
const listChanging = new Set(['create', 'start', 'restart', 'die', 'stop', 'kill', 'pause', 'unpause', 'rename', 'destroy', 'update', 'health_status', 'oom']);

export function sortContainers(list: ContainerSummary[]): ContainerSummary[] {
  return [...list].sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
}

/**
 * The containers list, kept current by engine events: an event patches the one row at once and
 * asks the engine for fresh summaries of the containers it touched, coalesced into one request per
 * frame. A full reload happens only on connect or reconnect. Nothing polls.
 */
export function createContainersStore(
  api: DesktopApi,
  options: { coalesceMs?: number; schedule?: (fn: () => void, ms: number) => unknown } = {},
): StoreApi<ContainersState> {
  const coalesceMs = options.coalesceMs ?? 16;
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const dirty = new Set<string>();
  let flushScheduled = false;
  let loadSeq = 0;
  /** Containers that events touched while a full load was in flight: its answer may predate them. */
  const touchedDuringLoad = new Set<string>();
  let loadsInFlight = 0;
  const unsubscribers: (() => void)[] = [];

  const store = createStore<ContainersState>()((set, get) => ({
    byId: {},
    phase: 'idle',
    listError: null,
    pending: {},
    rowErrors: {},

    load: async () => {
      const seq = ++loadSeq;
      touchedDuringLoad.clear();
      set({ phase: get().phase === 'idle' ? 'loading' : get().phase });
      loadsInFlight++;
      const result = await api.invoke('containers:list', {}).finally(() => loadsInFlight--);
      if (seq !== loadSeq) return; // a newer load won
      if (!result.ok) {
        set({ listError: result.error, phase: get().phase === 'loading' ? 'idle' : 'stale' });
        return;
      }
      const byId: Record<string, ContainerSummary> = {};
      for (const c of result.value) byId[c.id] = c;
      set({ byId, phase: 'ready', listError: null });
      for (const id of touchedDuringLoad) markDirty(id);
      touchedDuringLoad.clear();
    },

    act: async (id, action, opts = {}) => {
      set((s) => {
        const rowErrors = { ...s.rowErrors };
        delete rowErrors[id];
        return { pending: { ...s.pending, [id]: action }, rowErrors };
      });
      const result =
        action === 'remove'
          ? await api.invoke('containers:remove', { id, force: !!opts.force, ...(opts.volumes ? { volumes: true } : {}) })
          : await api.invoke(`containers:${action}`, { id });
      set((s) => {
        const pending = { ...s.pending };
        delete pending[id];
        if (result.ok) return { pending };
        return { pending, rowErrors: { ...s.rowErrors, [id]: { action, error: result.error } } };
      });
      // A 404 means the row is out of date: let the engine say what is there now.
      if (!result.ok && result.error.code === 'not-found') markDirty(id);
      return result.ok;
    },

    actMany: async (ids, action, opts = {}) => {
      const results = await Promise.all(ids.map((id) => get().act(id, action, opts)));
      return results.filter(Boolean).length;
    },

    dismissError: (id) =>
      set((s) => {
        const rowErrors = { ...s.rowErrors };
        delete rowErrors[id];
        return { rowErrors };
      }),

    dispose: () => {
      for (const u of unsubscribers.splice(0)) u();
    },
  }));

  function markDirty(id: string): void {
    dirty.add(id);
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(() => void flush(), coalesceMs);
  }

  async function flush(): Promise<void> {
    flushScheduled = false;
    const ids = [...dirty];
    dirty.clear();
    if (ids.length === 0) return;
    const seq = loadSeq;
    const result = await api.invoke('containers:list', { ids });
    if (!result.ok || seq !== loadSeq) return; // a full load is under way or the engine left; it will bring the truth
    const fresh = new Map(result.value.map((c) => [c.id, c]));
    store.setState((s) => {
      const byId = { ...s.byId };
      for (const id of ids) {
        const found = fresh.get(id) ?? [...fresh.values()].find((c) => c.id.startsWith(id));
        if (found) byId[found.id] = found;
        else delete byId[id]; // asked for it and the engine no longer has it
      }
      return { byId };
    });
  }

  function onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'container' || !listChanging.has(event.action) || event.attributes[helperLabel]) return;
    const { id } = event;
    if (loadsInFlight > 0) touchedDuringLoad.add(id);
    if (event.action === 'destroy') {
      store.setState((s) => {
        if (!(id in s.byId)) return s;
        const byId = { ...s.byId };
        delete byId[id];
        return { byId };
      });
      return;
    }
    const next = stateAfter[event.action];
    const row = store.getState().byId[id];
    if (row && next && row.state !== next) store.setState((s) => ({ byId: { ...s.byId, [id]: { ...row, state: next } } }));
    markDirty(id);
  }

  unsubscribers.push(api.on('engine:event', onEngineEvent));
  unsubscribers.push(
    api.on('engine:status', (status) => {
      if (status.state === 'connected') void store.getState().load();
      else if (status.state === 'disconnected' && store.getState().phase === 'ready') store.setState({ phase: 'stale' });
    }),
  );
  return store;
}
