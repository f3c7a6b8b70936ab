import type { TransferProgress } from '../../../shared/models';
import { formatBytes, shortId } from '../lib/format';

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** Per-layer progress and the total of a pull or push. */
export function TransferView({ progress, verb }: { progress: TransferProgress | null; verb: string }) {
  if (!progress) return <p className="muted">Waiting for the engine…</p>;
  const { layers, current, total, message } = progress;
  if (layers.length === 0) return <p className="muted small">{message || 'Waiting for the engine…'}</p>;
  return (
    <div className="transfer">
      <div className="transfer-total">
        <span>
          {verb}: {formatBytes(current)} of {total ? formatBytes(total) : '…'} ({layers.length} layer{layers.length === 1 ? '' : 's'})
        </span>
        <ProgressBar value={current} max={total} label={`${verb} total`} />
      </div>
      <ul className="layers" aria-label="Layers">
        {layers.map((l) => (
          <li key={l.id} data-layer={l.id}>
            <span className="mono">{shortId(l.id)}</span>
            <span className="layer-status">{l.status}</span>
            <ProgressBar value={l.current} max={l.total} label={`layer ${shortId(l.id)}`} />
            <span className="muted small">{l.total ? `${formatBytes(l.current)} / ${formatBytes(l.total)}` : ''}</span>
          </li>
        ))}
      </ul>
      {message && <p className="muted small">{message}</p>}
    </div>
  );
}
