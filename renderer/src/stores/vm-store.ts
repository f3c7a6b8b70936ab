import { createStore, useStore, type StoreApi } from 'zustand';
import type { DesktopApi } from '../../../shared/api';
import type { PortForward, VmStatus } from '../../../shared/models';
import type { RpcError } from '../../../shared/result';
import { useApi } from './context';

export interface VmState {
  status: VmStatus | null;
  forwards: PortForward[];
  /** The last refused VM action (start, stop…), shown where the user acted. */
  actionError: RpcError | null;
  busy: boolean;
  act(action: 'start' | 'stop' | 'restart'): Promise<void>;
}

const stores = new WeakMap<DesktopApi, StoreApi<VmState>>();

/** The VM's state and port forwards, kept by the backend's events; one store per window. */
function vmStore(api: DesktopApi): StoreApi<VmState> {
  let store = stores.get(api);
  if (store) return store;
  store = createStore<VmState>()((set) => ({
    status: null,
    forwards: [],
    actionError: null,
    busy: false,
    act: async (action) => {
      set({ busy: true, actionError: null });
      const r = await api.invoke(`vm:${action}`, {});
      set({ busy: false, ...(r.ok ? { status: r.value } : { actionError: r.error }) });
    },
  }));
  const s = store;
  api.on('vm:status', (status) => s.setState({ status }));
  api.on('vm:port-forwards', (forwards) => s.setState({ forwards }));
  void api.invoke('vm:get-status', {}).then((r) => r.ok && s.setState({ status: r.value }));
  void api.invoke('vm:port-forwards', {}).then((r) => r.ok && s.setState({ forwards: r.value }));
  stores.set(api, store);
  return store;
}

export function useVm<T>(selector: (s: VmState) => T): T {
  const api = useApi();
  const store = vmStore(api);
  return useStore(store, selector);
}
