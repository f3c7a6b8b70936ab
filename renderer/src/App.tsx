import { useEffect, useState } from 'react';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { ContainersPage } from './pages/ContainersPage';
import { NotYetPage } from './pages/NotYetPage';
import { useRoute } from './lib/use-route';
import { useApi } from './stores/context';
import { isWebSocketApi } from './api/desktop-api';
import type { BackendLink } from './api/websocket-api';

const titles = { images: 'Images', volumes: 'Volumes', networks: 'Networks', kubernetes: 'Kubernetes', settings: 'Settings' } as const;

export function App() {
  const page = useRoute();
  const api = useApi();
  const [link, setLink] = useState<BackendLink | null>(null);
  useEffect(() => (isWebSocketApi(api) ? api.onLinkChange(setLink) : undefined), [api]);
  return (
    <div className="app">
      <Sidebar current={page} />
      <main className="main">{page === 'containers' ? <ContainersPage /> : <NotYetPage page={page} title={titles[page]} />}</main>
      <StatusBar link={link} />
    </div>
  );
}
