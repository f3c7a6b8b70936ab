import { useEffect, useState } from 'react';
import type { PrunePreviewItem, PruneResult } from '../../../../shared/models';
import type { Result } from '../../../../shared/result';
import { useApi, useVolumes } from '../../stores/context';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../lib/format';

/** Shows what `volumes:prune` would remove, with sizes, and removes it only when asked. */
export function PruneVolumesDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const load = useVolumes((s) => s.load);
  const [preview, setPreview] = useState<Result<PrunePreviewItem[]> | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Result<PruneResult> | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('volumes:prune-preview', {}).then((r) => live && setPreview(r));
    return () => {
      live = false;
    };
  }, [api]);

  const prune = async (): Promise<void> => {
    setBusy(true);
    const result = await api.invoke('volumes:prune', {});
    if (result.ok) await load();
    setOutcome(result);
    setBusy(false);
  };

  const items = preview?.ok ? preview.value : [];
  const done = outcome?.ok ? outcome.value : null;
  const kept = done ? items.filter((i) => !done.deleted.includes(i.id)) : [];

  return (
    <Dialog
      title={done ? 'Volumes pruned' : 'Prune unused volumes'}
      wide
      onClose={onClose}
      actions={
        done ? (
          <button type="button" className="primary" autoFocus onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" autoFocus onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="danger" disabled={busy || items.length === 0} onClick={() => void prune()}>
              {busy ? 'Removing…' : `Remove ${items.length} volume${items.length === 1 ? '' : 's'}`}
            </button>
          </>
        )
      }
    >
      {done ? (
        <div data-prune-result>
          <p>
            Removed {done.deleted.length} volume{done.deleted.length === 1 ? '' : 's'}, reclaiming <strong>{formatBytes(done.spaceReclaimed)}</strong>.
          </p>
          {kept.length > 0 && (
            <p className="muted">
              {kept.length} of the volumes listed before {kept.length === 1 ? 'was' : 'were'} taken into use meanwhile and kept.
            </p>
          )}
        </div>
      ) : !preview ? (
        <p className="muted">Looking for unused anonymous volumes…</p>
      ) : !preview.ok ? (
        <ErrorNote error={preview.error} />
      ) : items.length === 0 ? (
        <p>Nothing to prune: no anonymous volume is left unused. Named volumes are never pruned; remove them one by one.</p>
      ) : (
        <>
          <p>
            These anonymous volumes are used by no container, running or stopped. Their files are deleted. <strong>Named volumes are kept</strong>, even
            unused ones.
          </p>
          <table className="table vol-prune-table" aria-label="Volumes that would be removed">
            <thead>
              <tr>
                <th>Volume</th>
                <th className="vol-num">Size</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} data-prune-id={i.id}>
                  <td className="mono" title={i.id}>
                    {i.id}
                  </td>
                  <td className="vol-num nowrap">{formatBytes(i.size)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">
                  Total, {items.length} volume{items.length === 1 ? '' : 's'}
                </th>
                <td className="vol-num nowrap" data-prune-total>
                  <strong>{formatBytes(items.reduce((n, i) => n + i.size, 0))}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </>
      )}
      {outcome && !outcome.ok && <ErrorNote error={outcome.error} />}
    </Dialog>
  );
}
