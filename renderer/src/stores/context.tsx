import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { DesktopApi } from '../../../shared/api';
import type { EngineState } from './engine-store';
import type { ContainersState } from './containers-store';
import type { ListState } from './list-store';
import type { TasksState } from './tasks-store';
import type { TerminalsState } from './terminals-store';
import type { KubeState } from './kube-store';
import type { SettingsState } from './settings-store';
import type { ToastsState } from '../lib/notifications';
import type { ImageSummary, NetworkSummary, VolumeSummary } from '../../../shared/models';

export interface Stores {
  api: DesktopApi;
  engine: StoreApi<EngineState>;
  containers: StoreApi<ContainersState>;
  images: StoreApi<ListState<ImageSummary>>;
  volumes: StoreApi<ListState<VolumeSummary>>;
  networks: StoreApi<ListState<NetworkSummary>>;
  tasks: StoreApi<TasksState>;
  terminals: StoreApi<TerminalsState>;
  kube: StoreApi<KubeState>;
  settings: StoreApi<SettingsState>;
  toasts: StoreApi<ToastsState>;
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
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

export function useImages<T>(selector: (s: ListState<ImageSummary>) => T): T {
  return useStore(useStores().images, selector);
}

export function useVolumes<T>(selector: (s: ListState<VolumeSummary>) => T): T {
  return useStore(useStores().volumes, selector);
}

export function useNetworks<T>(selector: (s: ListState<NetworkSummary>) => T): T {
  return useStore(useStores().networks, selector);
}

export function useTasks<T>(selector: (s: TasksState) => T): T {
  return useStore(useStores().tasks, selector);
}

export function useTerminals<T>(selector: (s: TerminalsState) => T): T {
  return useStore(useStores().terminals, selector);
}

export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return useStore(useStores().settings, selector);
}

export function useToasts<T>(selector: (s: ToastsState) => T): T {
  return useStore(useStores().toasts, selector);
}

export function useKube<T>(selector: (s: KubeState) => T): T {
  return useStore(useStores().kube, selector);
}

export function useApi(): DesktopApi {
  return useStores().api;
}
