import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../../shared/api';
import type { SettingsPatch, SettingsView } from '../../../shared/settings';
import type { RpcError } from '../../../shared/result';

export type RestartPart = 'vm' | 'engine' | 'kubernetes';

export interface SettingsState {
  view: SettingsView | null;
  loadError: RpcError | null;
  /** Parts whose changes take effect only after a restart, gathered since the user last acted on it. */
  restartNeeded: RestartPart[];
  load(): Promise<void>;
  /** Applies a change; resolves with the error, or null when it was saved. */
  update(patch: SettingsPatch): Promise<RpcError | null>;
  /** The restart was done (or declined) for these parts. */
  clearRestart(parts?: RestartPart[]): void;
  dispose(): void;
}

/** The renderer's copy of the settings: loaded once, updated by `settings:changed` from any window or the tray. */
export function createSettingsStore(api: DesktopApi): StoreApi<SettingsState> {
  const unsubscribe = api.on('settings:changed', (view) => store.setState({ view, loadError: null }));
  const store = createStore<SettingsState>()((set, get) => ({
    view: null,
    loadError: null,
    restartNeeded: [],
    load: async () => {
      const r = await api.invoke('settings:get', {});
      if (r.ok) set({ view: r.value, loadError: null });
      else set({ loadError: r.error });
    },
    update: async (patch) => {
      const r = await api.invoke('settings:update', { patch });
      if (!r.ok) return r.error;
      const { restartNeeded, ...view } = r.value;
      set({ view, restartNeeded: [...new Set([...get().restartNeeded, ...restartNeeded])] });
      return null;
    },
    clearRestart: (parts) => set({ restartNeeded: parts ? get().restartNeeded.filter((p) => !parts.includes(p)) : [] }),
    dispose: () => unsubscribe(),
  }));
  void store.getState().load();
  return store;
}
