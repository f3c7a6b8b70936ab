import { useEffect, useState } from 'react';
import type { ContainerDetails } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useContainers } from '../../stores/context';
import { Tabs } from '../../components/Tabs';
import { ErrorNote } from '../../components/ErrorNote';
import { href, navigate } from '../../lib/use-route';
import { ContainerOverview } from './ContainerOverview';
import { InspectView } from './InspectView';
import { StatsView } from './StatsView';
import { RemoveContainersDialog } from './RemoveContainersDialog';
import { ContainerLogs } from '../../components/logs/ContainerLogs';
import { LazyTerminalTabs } from '../../components/terminal/LazyTerminalTabs';
import { ContainerChanges } from './changes/ContainerChanges';

type Tab = 'overview' | 'logs' | 'inspect' | 'stats' | 'terminal' | 'changes';

/** One container: overview, the raw inspect document, live stats. Kept current by engine events. */
export function ContainerDetailsPage({ id }: { id: string }) {
  const api = useApi();
  const [details, setDetails] = useState<ContainerDetails | null>(null);
  const act = useContainers((s) => s.act);
  const pending = useContainers((s) => (details ? s.pending[details.id] : undefined));
  const rowError = useContainers((s) => (details ? s.rowErrors[details.id] : undefined));
  const summary = useContainers((s) => s.byId[id] ?? Object.values(s.byId).find((c) => c.id.startsWith(id) || c.name === id));
  const [error, setError] = useState<RpcError | null>(null);
  const [tab, setTab] = useState<Tab>('overview');
  const [removing, setRemoving] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = (): void => {
      void api.invoke('containers:inspect', { id }).then((r) => {
        if (r.ok) {
          setDetails(r.value);
          setError(null);
        } else setError(r.error);
      });
    };
    refresh();
    const off = api.on('engine:event', (e) => {
      if (e.type !== 'container' || !(e.id === id || e.id.startsWith(id) || e.name === id)) return;
      if (e.action.startsWith('exec_') || e.action === 'top') return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        refresh();
      }, 50);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, id]);

  if (error && !details) {
    return (
      <section className="page">
        <header className="page-header">
          <h1>{id}</h1>
        </header>
        <ErrorNote error={error} />
        <a className="link" href={href('containers')}>
          Back to containers
        </a>
      </section>
    );
  }
  if (!details) return <section className="page muted">Loading…</section>;
  const gone = error?.code === 'not-found';
  const up = details.state === 'running' || details.state === 'paused' || details.state === 'restarting';
  return (
    <section className="page" data-container-details={details.name}>
      <header className="page-header">
        <a className="link" href={href('containers')} aria-label="Back to containers">
          ← Containers
        </a>
        <h1>{details.name}</h1>
        <span className={`pill state-${summary?.state ?? details.state}`}>{summary?.state ?? details.state}</span>
        <span className="muted small">{summary?.status}</span>
        <span className="spacer" />
        {!gone && (
          <span className="actions">
            {up ? (
              <button type="button" disabled={!!pending} onClick={() => void act(details.id, 'stop')}>
                Stop
              </button>
            ) : (
              <button type="button" disabled={!!pending} onClick={() => void act(details.id, 'start')}>
                Start
              </button>
            )}
            <button type="button" disabled={!!pending} onClick={() => void act(details.id, 'restart')}>
              Restart
            </button>
            <button type="button" className="danger-quiet" disabled={!!pending} onClick={() => setRemoving(true)}>
              Remove
            </button>
          </span>
        )}
      </header>
      {gone && <div className="banner error">This container was removed. What is shown is what it was.</div>}
      {rowError && <ErrorNote error={rowError.error} />}
      <Tabs<Tab>
        label="Container details"
        current={tab}
        onChange={setTab}
        tabs={[
          { id: 'overview', label: 'Overview' },
          { id: 'logs', label: 'Logs' },
          { id: 'inspect', label: 'Inspect' },
          { id: 'stats', label: 'Stats' },
          { id: 'terminal', label: 'Terminal' },
          { id: 'changes', label: 'Changes' },
        ]}
      />
      {tab === 'overview' && <ContainerOverview d={details} />}
      {tab === 'logs' && <ContainerLogs key={details.id} id={details.id} running={details.state === 'running'} />}
      {tab === 'inspect' && <InspectView value={details.raw} />}
      {tab === 'changes' && <ContainerChanges key={details.id} id={details.id} />}
      {tab === 'stats' && <StatsView key={`${details.id}-${details.state}`} id={details.id} running={details.state === 'running' || details.state === 'paused'} />}
      {tab === 'terminal' && (
        <LazyTerminalTabs key={details.id} owner={details.id} spec={{ mode: 'exec', containerId: details.id, containerName: details.name }} label={`Terminals in ${details.name}`} />
      )}
      {removing && summary && (
        <RemoveContainersDialog
          targets={[summary]}
          onCancel={() => setRemoving(false)}
          onConfirm={async (options) => {
            setRemoving(false);
            if (await act(details.id, 'remove', options)) navigate('containers');
          }}
        />
      )}
    </section>
  );
}
