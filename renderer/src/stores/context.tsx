import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { DesktopApi } from '../../../shared/api';
import type { EngineState } from './engine-store';
import type { ContainersState } from './containers-store';

export interface Stores {
  api: DesktopApi;
  engine: StoreApi<EngineState>;
  containers: StoreApi<ContainersState>;
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresProvider is missing');
  return stores;
}

export function useEngine<T>(selector: (s: EngineState) => T): T {
  return useStore(useStores().engine, selector);
}

export function useContainers<T>(selector: (s: ContainersState) => T): T {
  return useStore(useStores().containers, selector);
}

export function useApi(): DesktopApi {
  return useStores().api;
}
