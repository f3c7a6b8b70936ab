/**
 * What the tray and the quit flow need to know, kept current from the router's own broadcasts: the
 * main process listens like a window does (an in-process client), so it shows the same truth.
 */
import type { ClusterStatus, EngineStatus, VmStatus } from '../../shared/models';
import type { Settings, SettingsView } from '../../shared/settings';
import type { Router } from '../backend/rpc/router';

export interface ShellState {
  engine: EngineStatus | null;
  /** Null while the VM manager has not answered (or does not exist in this build). */
  vm: VmStatus | null;
  /** Null until the cluster's manager answers. */
  cluster?: ClusterStatus | null;
  settings: Settings | null;
}

export interface ShellStateWatch {
  readonly state: ShellState;
  dispose(): void;
}

export function watchShellState(router: Router, onChange: (state: ShellState) => void): ShellStateWatch {
  const state: ShellState = { engine: null, vm: null, cluster: null, settings: null };
  const set = (patch: Partial<ShellState>): void => {
    Object.assign(state, patch);
    onChange({ ...state });
  };
  const client = router.connect({
    id: 'desktop-shell',
    sendStream: () => undefined,
    sendEvent: (channel, payload) => {
      if (channel === 'engine:status') set({ engine: payload as EngineStatus });
      else if (channel === 'vm:status') set({ vm: payload as VmStatus });
      else if (channel === 'cluster:status') set({ cluster: payload as ClusterStatus });
      else if (channel === 'settings:changed') set({ settings: (payload as SettingsView).settings });
    },
  });
  void router.invoke('engine:get-status', {}).then((r) => r.ok && set({ engine: r.value as EngineStatus }));
  void router.invoke('vm:get-status', {}).then((r) => r.ok && set({ vm: r.value as VmStatus }));
  void router.invoke('cluster:get-status', {}).then((r) => r.ok && set({ cluster: r.value as ClusterStatus }));
  void router.invoke('settings:get', {}).then((r) => r.ok && set({ settings: (r.value as SettingsView).settings }));
  return { state, dispose: () => client.dispose() };
}
