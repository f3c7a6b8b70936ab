import { useEffect, useMemo, useState } from 'react';
import type { ContainerSummary } from '../../../../shared/models';
import { useContainers, useEngine } from '../../stores/context';
import { sortContainers, type ContainerAction } from '../../stores/containers-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatPorts, relativeTime, shortId } from '../../lib/format';
import { useNow } from '../../lib/use-now';

const pendingLabel: Record<ContainerAction, string> = {
  pause: 'Pausing…',
  unpause: 'Resuming…',
  kill: 'Killing…',
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  remove: 'Removing…',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isUp(c: ContainerSummary): boolean {
  return c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
}

function ContainerRow({ c, now, onRemove }: { c: ContainerSummary; now: number; onRemove(c: ContainerSummary): void }) {
  const pending = useContainers((s) => s.pending[c.id]);
  const rowError = useContainers((s) => s.rowErrors[c.id]);
  const act = useContainers((s) => s.act);
  const dismiss = useContainers((s) => s.dismissError);
  const ports = formatPorts(c.ports);
  const up = isUp(c);
  return (
    <>
      <tr data-container-id={c.id} data-container-name={c.name} data-state={c.state} aria-busy={!!pending}>
        <td>
          <div className="name">{c.name}</div>
          <div className="muted mono">{shortId(c.id)}</div>
        </td>
        <td className="mono ellipsis" title={c.image}>
          {c.image}
        </td>
        <td>
          <span className={`pill state-${c.state}`} title={c.status}>
            {c.state}
          </span>
          <div className="muted small">{pending ? pendingLabel[pending] : c.status}</div>
        </td>
        <td className="mono small nowrap">{ports.length ? ports.map((p) => <div key={p}>{p}</div>) : <span className="muted">—</span>}</td>
        <td title={new Date(c.created).toLocaleString()}>{relativeTime(c.created, now)}</td>
        <td className="actions">
          {up ? (
            <button type="button" disabled={!!pending} onClick={() => void act(c.id, 'stop')} aria-label={`Stop ${c.name}`}>
              Stop
            </button>
          ) : (
            <button type="button" disabled={!!pending} onClick={() => void act(c.id, 'start')} aria-label={`Start ${c.name}`}>
              Start
            </button>
          )}
          <button type="button" disabled={!!pending} onClick={() => void act(c.id, 'restart')} aria-label={`Restart ${c.name}`}>
            Restart
          </button>
          <button type="button" className="danger-quiet" disabled={!!pending} onClick={() => onRemove(c)} aria-label={`Remove ${c.name}`}>
            Remove
          </button>
        </td>
      </tr>
      {rowError && (
        <tr className="row-error" data-error-for={c.id}>
          <td colSpan={6}>
            <span role="alert">
              Could not {rowError.action} {c.name}: {rowError.error.message}
            </span>
            <button type="button" className="link-button" onClick={() => dismiss(c.id)} aria-label="Dismiss">
              Dismiss
            </button>
          </td>
        </tr>
      )}
    </>
  );
}

export function ContainersPage() {
  const byId = useContainers((s) => s.byId);
  const phase = useContainers((s) => s.phase);
  const listError = useContainers((s) => s.listError);
  const load = useContainers((s) => s.load);
  const act = useContainers((s) => s.act);
  const engine = useEngine((s) => s.status);
  const retryNow = useEngine((s) => s.retryNow);
  const [removing, setRemoving] = useState<ContainerSummary | null>(null);
  const [force, setForce] = useState(false);
  const now = useNow();
  const list = useMemo(() => sortContainers(Object.values(byId)), [byId]);
  const running = list.filter((c) => c.state === 'running').length;

  useEffect(() => {
    void load();
  }, [load]);

  const askRemove = (c: ContainerSummary): void => {
    setForce(isUp(c));
    setRemoving(c);
  };

  return (
    <section className="page">
      <header className="page-header">
        <h1>Containers</h1>
        <span className="muted">
          {list.length} container{list.length === 1 ? '' : 's'}, {running} running
        </span>
        {phase === 'stale' && <span className="badge warn">Out of date: the engine is unreachable</span>}
      </header>
      {list.length === 0 && engine.state === 'disconnected' ? (
        <div className="empty-state" role="alert">
          <p className="empty-title">Berth cannot reach the engine</p>
          <p>{capitalise(engine.reason)}.</p>
          {engine.hint && <p className="muted">{engine.hint}</p>}
          <button type="button" onClick={retryNow}>
            Retry now
          </button>
        </div>
      ) : list.length === 0 && listError ? (
        <div className="banner error" role="alert">
          {listError.message}
        </div>
      ) : phase !== 'ready' && list.length === 0 ? (
        <div className="empty-state">Loading containers…</div>
      ) : list.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No containers yet</p>
          <p>
            Run one and it appears here at once: <code>docker run -d --name web nginx</code>
          </p>
        </div>
      ) : (
        <table className="table" aria-label="Containers">
          <thead>
            <tr>
              <th>Name</th>
              <th>Image</th>
              <th>State</th>
              <th>Ports</th>
              <th>Created</th>
              <th className="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <ContainerRow key={c.id} c={c} now={now} onRemove={askRemove} />
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const target = removing;
            setRemoving(null);
            void act(target.id, 'remove', { force });
          }}
        >
          <p>
            The container and its writable layer (everything it changed on top of <code>{removing.image}</code>) are deleted. Named volumes
            are kept.
          </p>
          <label className="check">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            Stop it first if it is running (force)
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}
