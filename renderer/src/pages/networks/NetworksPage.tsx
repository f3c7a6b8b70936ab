import { useEffect, useState } from 'react';
import type { NetworkContainer, NetworkSummary } from '../../../../shared/models';
import type { Result } from '../../../../shared/result';
import { useApi, useEngine, useNetworks } from '../../stores/context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { shortId } from '../../lib/format';
import { href } from '../../lib/use-route';
import { ConnectContainerDialog } from './ConnectContainerDialog';
import { CreateNetworkDialog } from './CreateNetworkDialog';
import './networks.css';

/** The engine refuses containers joining or leaving `host`, and joining `none`. */
const canConnect = (n: NetworkSummary): boolean => n.driver !== 'host' && n.driver !== 'null';
const canDisconnect = (n: NetworkSummary): boolean => n.driver !== 'host';

interface RowProps {
  n: NetworkSummary;
  busy: string | undefined;
  error: string | undefined;
  onConnect(n: NetworkSummary): void;
  onDisconnect(n: NetworkSummary, c: NetworkContainer): void;
  onRemove(n: NetworkSummary): void;
  onDismiss(id: string): void;
}

function NetworkRow({ n, busy, error, onConnect, onDisconnect, onRemove, onDismiss }: RowProps) {
  return (
    <>
      <tr data-network-name={n.name} data-network-id={n.id} data-built-in={n.builtIn} aria-busy={!!busy}>
        <td>
          <div className="name">
            {n.name}
            {n.builtIn && (
              <span className="net-tag" title="Comes with the engine; cannot be removed">
                built-in
              </span>
            )}
            {n.internal && (
              <span className="net-tag net-internal" title="Containers on it cannot reach the outside world">
                internal
              </span>
            )}
          </div>
          <div className="muted mono small">{shortId(n.id)}</div>
        </td>
        <td>
          {n.driver}
          {n.scope !== 'local' && <div className="muted small">{n.scope}</div>}
        </td>
        <td className="mono small">{n.subnets.length ? n.subnets.map((s) => <div key={s.subnet}>{s.subnet || '—'}</div>) : <span className="muted">—</span>}</td>
        <td className="mono small">{n.subnets.length ? n.subnets.map((s) => <div key={s.subnet}>{s.gateway || '—'}</div>) : <span className="muted">—</span>}</td>
        <td className="net-members">
          {n.containers.map((c) => (
            <span key={c.id} className="chip" data-container-name={c.name} data-ip={c.ipv4}>
              <a className="link" href={href('containers', c.id)}>
                {c.name}
              </a>
              {c.ipv4 && <span className="mono muted">{c.ipv4}</span>}
              {canDisconnect(n) && (
                <button type="button" className="net-chip-x" disabled={!!busy} aria-label={`Disconnect ${c.name} from ${n.name}`} title={`Disconnect ${c.name}`} onClick={() => onDisconnect(n, c)}>
                  ×
                </button>
              )}
            </span>
          ))}
          {canConnect(n) && (
            <button type="button" className="link-button net-connect" disabled={!!busy} aria-label={`Connect a container to ${n.name}`} onClick={() => onConnect(n)}>
              + Connect
            </button>
          )}
          {busy && <div className="muted small">{busy}</div>}
        </td>
        <td className="actions">
          {!n.builtIn && (
            <button type="button" className="danger-quiet" disabled={!!busy} onClick={() => onRemove(n)} aria-label={`Remove ${n.name}`}>
              Remove
            </button>
          )}
        </td>
      </tr>
      {error && (
        <tr className="row-error" data-error-for={n.name}>
          <td colSpan={6}>
            <span role="alert">{error}</span>
            <button type="button" className="link-button" onClick={() => onDismiss(n.id)}>
              Dismiss
            </button>
          </td>
        </tr>
      )}
    </>
  );
}

export function NetworksPage() {
  const api = useApi();
  const items = useNetworks((s) => s.items);
  const phase = useNetworks((s) => s.phase);
  const listError = useNetworks((s) => s.error);
  const load = useNetworks((s) => s.load);
  const engine = useEngine((s) => s.status);
  const [creating, setCreating] = useState(false);
  const [connecting, setConnecting] = useState<NetworkSummary | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<NetworkSummary | null>(null);
  /** What is under way on a network's row ("Disconnecting web…"), by network ID. */
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    void load();
  }, [load]);

  const dismiss = (id: string): void =>
    setRowErrors((e) => {
      const next = { ...e };
      delete next[id];
      return next;
    });

  /** Runs an action on a row: the row says what is happening, and the engine's refusal lands on it. */
  const onRow = async (n: NetworkSummary, doing: string, failed: string, action: () => Promise<Result<unknown>>): Promise<void> => {
    dismiss(n.id);
    setBusy((b) => ({ ...b, [n.id]: doing }));
    const result = await action();
    if (result.ok) await load();
    else setRowErrors((e) => ({ ...e, [n.id]: `${failed}: ${result.error.message}` }));
    setBusy((b) => {
      const next = { ...b };
      delete next[n.id];
      return next;
    });
  };

  const disconnect = (n: NetworkSummary, c: NetworkContainer): void =>
    void onRow(n, `Disconnecting ${c.name}…`, `Could not disconnect ${c.name} from ${n.name}`, () => api.invoke('networks:disconnect', { network: n.id, container: c.id }));

  const remove = (n: NetworkSummary): void => void onRow(n, 'Removing…', `Could not remove ${n.name}`, () => api.invoke('networks:remove', { id: n.id }));

  const custom = items.filter((n) => !n.builtIn).length;

  return (
    <section className="page">
      <header className="page-header">
        <h1>Networks</h1>
        <span className="muted">
          {items.length} network{items.length === 1 ? '' : 's'}, {custom} created by you or your tools
        </span>
        {phase === 'stale' && <span className="badge warn">Out of date: the engine is unreachable</span>}
      </header>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          Create network
        </button>
      </div>
      {items.length === 0 && engine.state === 'disconnected' ? (
        <div className="empty-state" role="alert">
          <p className="empty-title">Berth cannot reach the engine</p>
          <p>{engine.reason}</p>
        </div>
      ) : items.length === 0 && listError ? (
        <div className="banner error" role="alert">
          {listError.message}
        </div>
      ) : items.length === 0 ? (
        phase === 'ready' ? (
          <div className="empty-state">
            <p className="empty-title">No networks yet</p>
            <p>The engine reports none at all, not even its default bridge.</p>
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              Create a network
            </button>
          </div>
        ) : (
          <div className="empty-state">Loading networks…</div>
        )
      ) : (
        <>
          <table className="table" aria-label="Networks">
            <thead>
              <tr>
                <th>Name</th>
                <th>Driver</th>
                <th>Subnet</th>
                <th>Gateway</th>
                <th>Containers</th>
                <th className="actions">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((n) => (
                <NetworkRow
                  key={n.id}
                  n={n}
                  busy={busy[n.id]}
                  error={rowErrors[n.id]}
                  onConnect={setConnecting}
                  onDisconnect={disconnect}
                  onRemove={setConfirmRemove}
                  onDismiss={dismiss}
                />
              ))}
            </tbody>
          </table>
          {custom === 0 && (
            <p className="muted net-hint">
              No networks of your own yet — only the three the engine brings. Create one so containers can find each other by name, as compose does
              for each project.
            </p>
          )}
        </>
      )}
      {creating && <CreateNetworkDialog onClose={() => setCreating(false)} />}
      {connecting && <ConnectContainerDialog network={items.find((n) => n.id === connecting.id) ?? connecting} onClose={() => setConnecting(null)} />}
      {confirmRemove && (
        <ConfirmDialog
          title={`Remove network ${confirmRemove.name}?`}
          confirmLabel="Remove"
          danger
          onCancel={() => setConfirmRemove(null)}
          onConfirm={() => {
            const target = confirmRemove;
            setConfirmRemove(null);
            remove(target);
          }}
        >
          <p>Containers will no longer find each other through it. Containers themselves are not touched.</p>
          {confirmRemove.containers.length > 0 && (
            <p className="muted">
              {confirmRemove.containers.map((c) => c.name).join(', ')} {confirmRemove.containers.length === 1 ? 'is' : 'are'} still attached: disconnect
              {confirmRemove.containers.length === 1 ? ' it' : ' them'} first, or the engine refuses.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
