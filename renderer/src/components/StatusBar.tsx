import { useEngine } from '../stores/context';
import { VmStatusItem } from './VmStatusItem';
import { ClusterStatusItem } from './cluster/ClusterStatusItem';
import type { EngineStatus } from '../../../shared/models';
import type { BackendLink } from '../api/websocket-api';

const sourceLabel = {
  setting: 'Berth setting',
  DOCKER_HOST: 'DOCKER_HOST',
  context: 'docker context',
  default: 'default socket',
} as const;

function describe(status: EngineStatus): { dot: string; text: string } {
  switch (status.state) {
    case 'connected':
      return { dot: 'ok', text: `Engine running · Docker ${status.version} (${status.os}/${status.arch})` };
    case 'connecting':
      return { dot: 'busy', text: status.attempt > 1 ? `Connecting to the engine (attempt ${status.attempt})…` : 'Connecting to the engine…' };
    case 'disconnected':
      return { dot: 'bad', text: `Engine unreachable: ${status.reason}` };
  }
}

export function StatusBar({ link }: { link: BackendLink | null }) {
  const status = useEngine((s) => s.status);
  const retryNow = useEngine((s) => s.retryNow);
  const { dot, text } = describe(status);
  const endpoint = status.endpoint;
  return (
    <footer className="statusbar" role="status" data-engine-state={status.state}>
      {link === 'lost' ? (
        <span className="status-item">
          <span className="dot bad" /> Lost the link to Berth's backend; reconnecting…
        </span>
      ) : (
        <span className="status-item">
          <span className={`dot ${dot}`} />
          {text}
          {status.state === 'disconnected' && (
            <button type="button" className="link-button" onClick={retryNow}>
              Retry now
            </button>
          )}
        </span>
      )}
      <VmStatusItem />
      <ClusterStatusItem />
      {endpoint && (
        <span className="status-item endpoint" title={`Chosen from: ${sourceLabel[endpoint.source]}`}>
          {endpoint.tls ? '🔒 ' : ''}
          {endpoint.host}
          <span className="muted">
            {' '}
            ({endpoint.source === 'context' ? `context ${endpoint.contextName ?? ''}` : sourceLabel[endpoint.source]})
          </span>
        </span>
      )}
    </footer>
  );
}
