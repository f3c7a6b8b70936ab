import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../../shared/api';
import type { InvokeChannel, InvokeResult } from '../../../shared/channels';
import type { EngineEvent } from '../../../shared/models';
import type { RpcError } from '../../../shared/result';

export interface ListState<T> {
  items: T[];
  phase: 'idle' | 'loading' | 'ready' | 'stale';
  error: RpcError | null;
  load(): Promise<void>;
  dispose(): void;
}

type ListChannel = { [C in InvokeChannel]: InvokeResult<C> extends unknown[] ? C : never }[InvokeChannel];

/**
 * A list kept current by engine events (images, volumes, networks): an event that concerns it
 * schedules one reload, coalesced over `coalesceMs`; the engine coming back reloads it too. Loading
 * starts when a page first asks (load) and nothing is fetched by a timer.
 */
export function createListStore<C extends ListChannel>(
  api: DesktopApi,
  channel: C,
  args: () => Parameters<DesktopApi['invoke']>[1],
  concerns: (event: EngineEvent) => boolean,
  options: { coalesceMs?: number } = {},
): StoreApi<ListState<InvokeResult<C>[number]>> {
  type T = InvokeResult<C>[number];
  let seq = 0;
  let wanted = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribers: (() => void)[] = [];
  const store = createStore<ListState<T>>()((set, get) => ({
    items: [],
    phase: 'idle',
    error: null,
    load: async () => {
      wanted = true;
      const mine = ++seq;
      if (get().phase === 'idle') set({ phase: 'loading' });
      const result = await api.invoke(channel, args() as never);
      if (mine !== seq) return;
      if (result.ok) set({ items: result.value as T[], phase: 'ready', error: null });
      else set({ error: result.error, phase: get().items.length ? 'stale' : 'idle' });
    },
    dispose: () => {
      for (const u of unsubscribers.splice(0)) u();
      if (timer) clearTimeout(timer);
    },
  }));
  const reloadSoon = (): void => {
    if (!wanted || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void store.getState().load();
    }, options.coalesceMs ?? 50);
  };
  unsubscribers.push(api.on('engine:event', (e) => concerns(e) && reloadSoon()));
  unsubscribers.push(
    api.on('engine:status', (s) => {
      if (s.state === 'connected') reloadSoon();
      else if (s.state === 'disconnected' && store.getState().phase === 'ready') store.setState({ phase: 'stale' });
    }),
  );
  return store;
}
