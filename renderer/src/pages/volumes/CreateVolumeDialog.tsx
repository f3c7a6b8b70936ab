import { useId, useState } from 'react';
import type { RpcError } from '../../../../shared/result';
import { useApi, useVolumes } from '../../stores/context';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { labelsFromRows, nameProblem, type LabelRow } from './volume-form';

/** Create a volume: an optional name (the engine makes one up otherwise) and optional labels. */
export function CreateVolumeDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const load = useVolumes((s) => s.load);
  const formId = useId();
  const [name, setName] = useState('');
  const [rows, setRows] = useState<LabelRow[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);

  const trimmed = name.trim();
  const nameIssue = trimmed ? nameProblem(trimmed, 'volume') : null;
  const labels = labelsFromRows(rows);
  const labelIssue = 'error' in labels ? labels.error : null;

  const setRow = (i: number, change: Partial<LabelRow>): void => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...change } : row)));

  const submit = async (): Promise<void> => {
    if (nameIssue || 'error' in labels) return;
    setBusy(true);
    setError(null);
    const result = await api.invoke('volumes:create', {
      ...(trimmed ? { name: trimmed } : {}),
      ...(Object.keys(labels.labels).length ? { labels: labels.labels } : {}),
    });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    await load();
    onClose();
  };

  return (
    <Dialog
      title="Create a volume"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="primary" disabled={busy || !!nameIssue || !!labelIssue}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>Name (optional)</span>
          <input
            type="text"
            autoFocus
            value={name}
            placeholder="e.g. postgres-data"
            spellCheck={false}
            aria-invalid={!!nameIssue}
            aria-describedby={`${formId}-name-help`}
            onChange={(e) => setName(e.target.value)}
          />
          <span id={`${formId}-name-help`} className={nameIssue ? 'field-error' : 'muted small'}>
            {nameIssue ? `${nameIssue}.` : 'Left empty, the engine picks a random name (an anonymous volume, which Prune may remove once unused).'}
          </span>
        </label>
        <fieldset className="vol-labels">
          <legend>Labels (optional)</legend>
          {rows.map((row, i) => (
            <div className="row-fields" key={i}>
              <input type="text" placeholder="name" aria-label={`Label ${i + 1} name`} value={row.key} spellCheck={false} onChange={(e) => setRow(i, { key: e.target.value })} />
              <span aria-hidden>=</span>
              <input type="text" placeholder="value" aria-label={`Label ${i + 1} value`} value={row.value} spellCheck={false} onChange={(e) => setRow(i, { value: e.target.value })} />
              <button type="button" aria-label={`Remove label ${i + 1}`} onClick={() => setRows((r) => r.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
          ))}
          {labelIssue && <p className="field-error">{labelIssue}.</p>}
          <button type="button" className="link-button" onClick={() => setRows((r) => [...r, { key: '', value: '' }])}>
            + Add label
          </button>
        </fieldset>
        <p className="muted small">Driver: local (a folder in the engine's data directory).</p>
      </form>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </Dialog>
  );
}
