import { useEffect, useState } from 'react';
import type { PrunePreviewItem } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi } from '../../stores/context';
import { formatBytes } from '../../lib/format';

/** Shows exactly which dangling images a prune removes, and what that frees, before doing it. */
export function PruneImagesDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const [items, setItems] = useState<PrunePreviewItem[] | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [result, setResult] = useState<string | null>(null);
  useEffect(() => {
    void api.invoke('images:prune-preview', {}).then((r) => (r.ok ? setItems(r.value) : setError(r.error)));
  }, [api]);
  const total = (items ?? []).reduce((n, i) => n + i.size, 0);
  const prune = async (): Promise<void> => {
    const r = await api.invoke('images:prune', {});
    if (r.ok) setResult(`Removed ${r.value.deleted.length} image${r.value.deleted.length === 1 ? '' : 's'}, freed ${formatBytes(r.value.spaceReclaimed)}.`);
    else setError(r.error);
  };
  return (
    <ConfirmDialog title="Remove dangling images?" confirmLabel="Prune" danger busy={!items?.length || !!result} onCancel={onClose} onConfirm={() => void prune()}>
      <p className="muted">Dangling images have no tag and no container uses them; usually older builds of a tag that moved on.</p>
      {items === null && !error && <p>Looking…</p>}
      {items?.length === 0 && <p>Nothing to prune.</p>}
      {!!items?.length && !result && (
        <>
          <ul className="plain mono small" aria-label="Images to remove">
            {items.map((i) => (
              <li key={i.id}>
                {i.name} <span className="muted">{formatBytes(i.size)}</span>
              </li>
            ))}
          </ul>
          <p>
            Frees up to <strong>{formatBytes(total)}</strong> (less where they share layers).
          </p>
        </>
      )}
      {result && <p className="ok-note">{result}</p>}
      <ErrorNote error={error} />
    </ConfirmDialog>
  );
}
