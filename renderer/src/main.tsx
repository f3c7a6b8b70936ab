import { StrictMode } from 'react';
// First, so that page styles imported by the pages can refine it.
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectDesktopApi } from './api/desktop-api';
import { createEngineStore } from './stores/engine-store';
import { createContainersStore } from './stores/containers-store';
import { createTasksStore } from './stores/tasks-store';
import { createTerminalsStore } from './stores/terminals-store';
import { createKubeStore } from './stores/kube-store';
import { createImagesStore, createNetworksStore, createVolumesStore } from './stores/resources';
import { StoresProvider, type Stores } from './stores/context';
import { createSettingsStore } from './stores/settings-store';
import { applyRememberedTheme, syncTheme } from './lib/theme';
import { createToastsStore, startNotifications } from './lib/notifications';

// Before anything paints: the theme of the last run (the settings arrive a moment later).
applyRememberedTheme();

const api = connectDesktopApi();
const stores: Stores = {
  api,
  engine: createEngineStore(api),
  containers: createContainersStore(api),
  images: createImagesStore(api),
  volumes: createVolumesStore(api),
  networks: createNetworksStore(api),
  tasks: createTasksStore(api),
  terminals: createTerminalsStore(api),
  kube: createKubeStore(api),
  settings: createSettingsStore(api),
  toasts: createToastsStore(),
};
syncTheme(stores.settings);
startNotifications(stores);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
