import { useEffect, useState } from 'react';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { TasksPanel } from './components/TasksPanel';
import { ContainersPage } from './pages/containers/ContainersPage';
import { ContainerDetailsPage } from './pages/containers/ContainerDetailsPage';
import { ImagesPage } from './pages/images/ImagesPage';
import { ImageDetailsPage } from './pages/images/ImageDetailsPage';
import { VolumesPage } from './pages/volumes/VolumesPage';
import { VolumeBrowserPage } from './pages/volumes/VolumeBrowserPage';
import { NetworksPage } from './pages/networks/NetworksPage';
import { DiskUsagePage } from './pages/disk/DiskUsagePage';
import { TerminalPage } from './pages/terminal/TerminalPage';
import { KubernetesPage } from './pages/kubernetes/KubernetesPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { TroubleshootPage } from './pages/troubleshoot/TroubleshootPage';
import { DesktopShell } from './components/DesktopShell';
import { useRoute, type Route } from './lib/use-route';
import { useApi } from './stores/context';
import { isWebSocketApi } from './api/desktop-api';
import type { BackendLink } from './api/websocket-api';

function PageFor({ route }: { route: Route }) {
  const { page, param } = route;
  switch (page) {
    case 'containers':
      return param ? <ContainerDetailsPage id={param} /> : <ContainersPage />;
    case 'images':
      return param ? <ImageDetailsPage id={param} /> : <ImagesPage />;
    case 'volumes':
      return param ? <VolumeBrowserPage name={param} path={route.query.get('path') ?? '/'} /> : <VolumesPage />;
    case 'networks':
      return <NetworksPage />;
    case 'disk':
      return <DiskUsagePage />;
    case 'terminal':
      return <TerminalPage />;
    case 'kubernetes':
      return <KubernetesPage param={param} tab={route.query.get('tab')} />;
    case 'settings':
      return <SettingsPage />;
    case 'troubleshoot':
      return <TroubleshootPage openDiagnostics={route.query.get('diagnostics') === '1'} />;
  }
}

export function App() {
  const route = useRoute();
  const api = useApi();
  const [link, setLink] = useState<BackendLink | null>(null);
  useEffect(() => (isWebSocketApi(api) ? api.onLinkChange(setLink) : undefined), [api]);
  return (
    <div className="app">
      <Sidebar current={route.page} />
      <main className="main">
        <PageFor route={route} />
      </main>
      <TasksPanel />
      <StatusBar link={link} />
      <DesktopShell />
    </div>
  );
}
