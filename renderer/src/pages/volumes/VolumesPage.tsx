import { useEffect, useMemo, useState } from 'react';
import type { VolumeSummary } from '../../../../shared/models';
import { useApi, useEngine, useVolumes } from '../../stores/context';
import { volumeListOptions } from '../../stores/resources';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatBytes, relativeTime, shortId } from '../../lib/format';
import { href, navigate } from '../../lib/use-route';
import { useNow } from '../../lib/use-now';
import { CreateVolumeDialog } from './CreateVolumeDialog';
import { PruneVolumesDialog } from './PruneVolumesDialog';
import './volumes.css';

function sortVolumes(list: VolumeSummary[]): VolumeSummary[] {
  return [...list].sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || a.name.localeCompare(b.name));
}

function VolumeName({ v }: { v: VolumeSummary }) {
  if (!v.anonymous) return <div className="name vol-name">{v.name}</div>;
  return (
    <div className="name vol-name" title={v.name}>
      <span className="mono">{shortId(v.name)}…</span> <span className="vol-tag">anonymous</span>
    </div>
  );
}

interface RowProps {
  v: VolumeSummary;
  now: number;
  showSizes: boolean;
  measuring: boolean;
  removing: boolean;
  error: string | undefined;
  onRemove(v: VolumeSummary): void;
  onDismiss(name: string): void;
}

function VolumeRow({ v, now, showSizes, measuring, removing, error, onRemove, onDismiss }: RowProps) {
  const label = v.anonymous ? `anonymous volume ${shortId(v.name)}` : v.name;
  const columns = showSizes ? 6 : 5; // with Actions
  return (
    <>
      <tr data-volume-name={v.name} data-in-use={v.usedBy.length > 0} aria-busy={removing}>
        <td>
          <VolumeName v={v} />
          {v.labels['com.docker.compose.project'] && <div className="muted small">compose: {v.labels['com.docker.compose.project']}</div>}
        </td>
        <td>{v.driver}</td>
        {showSizes && (
          <td className="nowrap" data-size={v.size ?? ''}>
            {v.size !== undefined ? formatBytes(v.size) : <span className="muted">{measuring ? 'measuring…' : '—'}</span>}
          </td>
        )}
        <td>
          {v.usedBy.length === 0 ? (
            <span className="muted">unused</span>
          ) : (
            v.usedBy.map((u) => (
              <a key={u.id} className="chip link" href={href('containers', u.id)} title={`Container ${u.name}`}>
                {u.name}
              </a>
            ))
          )}
        </td>
        <td className="nowrap" title={v.created ? new Date(v.created).toLocaleString() : undefined}>
          {v.created ? relativeTime(v.created, now) : <span className="muted">—</span>}
        </td>
        <td className="actions">
          <button type="button" onClick={() => navigate('volumes', v.name)} aria-label={`Browse ${label}`}>
            Browse
          </button>
          <button type="button" className="danger-quiet" disabled={removing} onClick={() => onRemove(v)} aria-label={`Remove ${label}`}>
            {removing ? 'Removing…' : 'Remove'}
          </button>
        </td>
      </tr>
      {error && (
        <tr className="row-error" data-error-for={v.name}>
          <td colSpan={columns}>
            <span role="alert">
              Could not remove {label}: {error}
            </span>
            <button type="button" className="link-button" onClick={() => onDismiss(v.name)}>
              Dismiss
            </button>
          </td>
        </tr>
      )}
    </>
  );
}

export function VolumesPage() {
  const api = useApi();
  const items = useVolumes((s) => s.items);
  const phase = useVolumes((s) => s.phase);
  const listError = useVolumes((s) => s.error);
  const load = useVolumes((s) => s.load);
  const engine = useEngine((s) => s.status);
  const now = useNow();
  // Sizes cost the engine a walk of every volume: asked for only while this page shows them.
  const [showSizes, setShowSizes] = useState(false);
  const [measuring, setMeasuring] = useState(false);
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState<VolumeSummary | null>(null);
  const [removing, setRemoving] = useState<Record<string, true>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(
    () => () => {
      volumeListOptions.withSizes = false;
    },
    [],
  );

  const toggleSizes = (on: boolean): void => {
    setShowSizes(on);
    volumeListOptions.withSizes = on;
    if (!on) return;
    setMeasuring(true);
    void load().finally(() => setMeasuring(false));
  };

  const dismiss = (name: string): void =>
    setRowErrors((e) => {
      const next = { ...e };
      delete next[name];
      return next;
    });

  const remove = async (v: VolumeSummary): Promise<void> => {
    dismiss(v.name);
    setRemoving((r) => ({ ...r, [v.name]: true }));
    const result = await api.invoke('volumes:remove', { name: v.name });
    // Reload before the row stops saying "Removing…", so it does not flash back as if nothing happened.
    if (result.ok) await load();
    else setRowErrors((e) => ({ ...e, [v.name]: result.error.message }));
    setRemoving((r) => {
      const next = { ...r };
      delete next[v.name];
      return next;
    });
  };

  const sorted = useMemo(() => sortVolumes(items), [items]);
  const needle = filter.trim().toLowerCase();
  const list = needle ? sorted.filter((v) => v.name.toLowerCase().includes(needle) || v.usedBy.some((u) => u.name.toLowerCase().includes(needle))) : sorted;
  const inUse = items.filter((v) => v.usedBy.length > 0).length;
  const totalSize = items.reduce((n, v) => n + (v.size ?? 0), 0);

  return (
    <section className="page">
      <header className="page-header">
        <h1>Volumes</h1>
        <span className="muted">
          {items.length} volume{items.length === 1 ? '' : 's'}, {inUse} in use
          {showSizes && !measuring && items.length > 0 ? `, ${formatBytes(totalSize)} in total` : ''}
        </span>
        {phase === 'stale' && <span className="badge warn">Out of date: the engine is unreachable</span>}
      </header>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          Create volume
        </button>
        <button type="button" onClick={() => setPruning(true)}>
          Prune…
        </button>
        <label className="check" title="Measuring makes the engine walk every volume, which can take a while">
          <input type="checkbox" checked={showSizes} onChange={(e) => toggleSizes(e.target.checked)} />
          Show sizes
        </label>
        <span className="spacer" />
        <input type="search" className="vol-filter" placeholder="Filter by name or container" aria-label="Filter volumes" value={filter} onChange={(e) => setFilter(e.target.value)} />
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
      ) : phase !== 'ready' && items.length === 0 ? (
        <div className="empty-state">Loading volumes…</div>
      ) : items.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No volumes yet</p>
          <p>
            A volume keeps a container's data when the container goes. Create one here, or let a container make one:{' '}
            <code>docker run -v data:/data …</code>
          </p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            Create a volume
          </button>
        </div>
      ) : list.length === 0 ? (
        <div className="empty-state">No volume matches “{filter}”.</div>
      ) : (
        <table className="table" aria-label="Volumes">
          <thead>
            <tr>
              <th>Name</th>
              <th>Driver</th>
              {showSizes && <th>Size</th>}
              <th>Used by</th>
              <th>Created</th>
              <th className="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <VolumeRow
                key={v.name}
                v={v}
                now={now}
                showSizes={showSizes}
                measuring={measuring}
                removing={!!removing[v.name]}
                error={rowErrors[v.name]}
                onRemove={setConfirmRemove}
                onDismiss={dismiss}
              />
            ))}
          </tbody>
        </table>
      )}
      {creating && <CreateVolumeDialog onClose={() => setCreating(false)} />}
      {pruning && <PruneVolumesDialog onClose={() => setPruning(false)} />}
      {confirmRemove && (
        <ConfirmDialog
          title={`Remove volume ${confirmRemove.anonymous ? shortId(confirmRemove.name) : confirmRemove.name}?`}
          confirmLabel="Remove"
          danger
          onCancel={() => setConfirmRemove(null)}
          onConfirm={() => {
            const target = confirmRemove;
            setConfirmRemove(null);
            void remove(target);
          }}
        >
          <p>The volume and every file in it are deleted. This cannot be undone.</p>
          {confirmRemove.usedBy.length > 0 && (
            <p className="muted">
              It is in use by {confirmRemove.usedBy.map((u) => u.name).join(', ')}: the engine refuses to remove a volume while a container (running or
              not) has it.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
