import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../../shared/api';
import type { EngineStatus } from '../../../shared/models';

export interface EngineState {
  status: EngineStatus;
  /** Ask the backend to try now instead of waiting for its next backoff step. */
  retryNow(): void;
  dispose(): void;
}

export function createEngineStore(api: DesktopApi): StoreApi<EngineState> {
  let unsubscribe = (): void => {};
  const store = createStore<EngineState>()(() => ({
    status: { state: 'connecting', endpoint: null, attempt: 0 },
    retryNow: () => void api.invoke('engine:reconnect', {}),
    dispose: () => unsubscribe(),
  }));
  unsubscribe = api.on('engine:status', (status) => store.setState({ status }));
  void api.invoke('engine:get-status', {}).then((r) => {
    if (r.ok) store.setState({ status: r.value });
  });
  return store;
}
