import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectDesktopApi } from './api/desktop-api';
import { createEngineStore } from './stores/engine-store';
import { createContainersStore } from './stores/containers-store';
import { StoresProvider, type Stores } from './stores/context';
import './styles.css';

const api = connectDesktopApi();
const stores: Stores = { api, engine: createEngineStore(api), containers: createContainersStore(api) };

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
