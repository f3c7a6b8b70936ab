import { createStore, useStore, type StoreApi } from 'zustand';
import type { DesktopApi } from '../../../shared/api';
import type { ClusterStatus } from '../../../shared/models';
import type { RpcError } from '../../../shared/result';
import { useApi } from './context';

export interface ClusterState {
  status: ClusterStatus | null;
  /** The last refused action (enable, disable, reset), shown where the user acted. */
  actionError: RpcError | null;
  busy: boolean;
  act(action: 'enable' | 'disable' | 'reset'): Promise<void>;
}

const stores = new WeakMap<DesktopApi, StoreApi<ClusterState>>();

/** The local cluster's state, kept by the backend's cluster:status events; one store per window. */
function clusterStore(api: DesktopApi): StoreApi<ClusterState> {
  let store = stores.get(api);
  if (store) return store;
  store = createStore<ClusterState>()((set) => ({
    status: null,
    actionError: null,
    busy: false,
    act: async (action) => {
      set({ busy: true, actionError: null });
      const r = action === 'reset' ? await api.invoke('cluster:reset', { confirm: true }) : await api.invoke(`cluster:${action}`, {});
      // Enabling reports progress as events while it runs; its result (or refusal) ends it.
      set({ busy: false, ...(r.ok ? { status: r.value } : { actionError: r.error }) });
    },
  }));
  const s = store;
  api.on('cluster:status', (status) => s.setState({ status }));
  void api.invoke('cluster:get-status', {}).then((r) => r.ok && s.setState({ status: r.value }));
  stores.set(api, store);
  return store;
}

export function useCluster<T>(selector: (s: ClusterState) => T): T {
  const api = useApi();
  return useStore(clusterStore(api), selector);
}
