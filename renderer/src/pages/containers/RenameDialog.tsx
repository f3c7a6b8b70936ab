import { useState } from 'react';
import type { ContainerSummary } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi } from '../../stores/context';

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function RenameDialog({ target, onClose }: { target: ContainerSummary; onClose(): void }) {
  const api = useApi();
  const [name, setName] = useState(target.name);
  const [error, setError] = useState<RpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const invalid = name !== '' && !namePattern.test(name);
  const submit = async (): Promise<void> => {
    setBusy(true);
    const r = await api.invoke('containers:rename', { id: target.id, name });
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.error);
  };
  return (
    <Dialog
      title={`Rename ${target.name}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy || invalid || !name || name === target.name} onClick={() => void submit()}>
            Rename
          </button>
        </>
      }
    >
      <label className="field">
        <span>New name</span>
        <input type="text" value={name} autoFocus aria-invalid={invalid} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && !invalid && void submit()} />
        {invalid && <span className="field-error">Letters, digits and _ . - only, at least 2 characters, starting with a letter or digit.</span>}
      </label>
      <ErrorNote error={error} />
    </Dialog>
  );
}
