import { useEffect, useState } from 'react';
import type { DiskUsage, UsageLine } from '../../../../shared/models';
import type { Result } from '../../../../shared/result';
import { useApi } from '../../stores/context';
import { formatBytes, relativeTime } from '../../lib/format';
import { href } from '../../lib/use-route';
import { useNow } from '../../lib/use-now';
import { SystemPruneDialog } from './SystemPruneDialog';
import './disk.css';

const kinds: { key: keyof DiskUsage; label: string; active: string; link: string | null; note?: string }[] = [
  { key: 'images', label: 'Images', active: 'used by a container', link: href('images') },
  { key: 'containers', label: 'Containers', active: 'running', link: href('containers'), note: 'Size is what containers wrote on top of their images.' },
  {
    key: 'volumes',
    label: 'Local volumes',
    active: 'mounted by a container',
    link: href('volumes'),
    note: 'Reclaimable counts every unused volume; Prune removes only anonymous ones, named volumes go only when you remove them.',
  },
  { key: 'buildCache', label: 'Build cache', active: 'in use', link: null },
];

function UsageCard({ label, line, active, link, note }: { label: string; line: UsageLine; active: string; link: string | null; note?: string }) {
  const share = line.size > 0 ? Math.min(100, Math.round((line.reclaimable / line.size) * 100)) : 0;
  return (
    <>
      <h2 className="disk-card-title">{link ? <a className="link" href={link}>{label}</a> : label}</h2>
      <div className="disk-size" data-size={line.size}>
        {formatBytes(line.size)}
      </div>
      <div className="disk-bar" aria-hidden title={`${share}% reclaimable`}>
        <div className="disk-bar-fill" style={{ width: `${share}%` }} />
      </div>
      <dl className="kv disk-kv">
        <dt>Count</dt>
        <dd data-count={line.count}>{line.count}</dd>
        <dt>Active</dt>
        <dd data-active={line.active}>
          {line.active} <span className="muted">{active}</span>
        </dd>
        <dt>Reclaimable</dt>
        <dd data-reclaimable={line.reclaimable}>
          {formatBytes(line.reclaimable)} {line.size > 0 && <span className="muted">({share}%)</span>}
        </dd>
      </dl>
      {note && <p className="muted small disk-note">{note}</p>}
    </>
  );
}

/** What images, containers, volumes and build cache take on disk, measured on open and on Refresh only. */
export function DiskUsagePage() {
  const api = useApi();
  const now = useNow();
  const [usage, setUsage] = useState<{ at: number; result: Result<DiskUsage> } | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [pruning, setPruning] = useState(false);

  useEffect(() => {
    let live = true;
    void api.invoke('system:disk-usage', {}).then((result) => live && setUsage({ at: Date.now(), result }));
    return () => {
      live = false;
    };
  }, [api]);

  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    const result = await api.invoke('system:disk-usage', {});
    setUsage({ at: Date.now(), result });
    setRefreshing(false);
  };

  const value = usage?.result.ok ? usage.result.value : null;
  const total = value ? kinds.reduce((n, k) => n + value[k.key].size, 0) : 0;
  const reclaimable = value ? kinds.reduce((n, k) => n + value[k.key].reclaimable, 0) : 0;

  return (
    <section className="page">
      <header className="page-header">
        <h1>Disk usage</h1>
        {value && (
          <span className="muted">
            {formatBytes(total)} in all, {formatBytes(reclaimable)} reclaimable
          </span>
        )}
      </header>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setPruning(true)}>
          Prune…
        </button>
        <button type="button" disabled={refreshing || !usage} onClick={() => void refresh()}>
          {refreshing || !usage ? 'Measuring…' : 'Refresh'}
        </button>
        {usage && (
          <span className="muted small" title={new Date(usage.at).toLocaleString()}>
            Measured {relativeTime(usage.at, now)}; it changes only when you refresh.
          </span>
        )}
      </div>
      {!usage ? (
        <div className="empty-state">Asking the engine what it stores… (this walks every image layer and volume, so it can take a moment)</div>
      ) : !usage.result.ok ? (
        <div className="banner error" role="alert">
          {usage.result.error.message}
        </div>
      ) : (
        value && (
        <div className="cards disk-cards" aria-busy={refreshing}>
          {kinds.map((k) => (
            <section key={k.key} className="card" data-usage-kind={k.key} aria-label={k.label}>
              <UsageCard label={k.label} line={value[k.key]} active={k.active} link={k.link} note={k.note} />
            </section>
          ))}
        </div>
        )
      )}
      {pruning && <SystemPruneDialog onClose={() => setPruning(false)} onPruned={() => void refresh()} />}
    </section>
  );
}
