import { useState } from 'react';
import { parseImageReference } from '../../../../shared/references';
import type { RpcError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi } from '../../stores/context';

export function TagDialog({ source, label, onClose }: { source: string; label: string; onClose(): void }) {
  const api = useApi();
  const [target, setTarget] = useState('');
  const [error, setError] = useState<RpcError | null>(null);
  const parsed = parseImageReference(target);
  const submit = async (): Promise<void> => {
    if (!parsed.ok) return;
    const r = await api.invoke('images:tag', { source, target: target.trim() });
    if (r.ok) onClose();
    else setError(r.error);
  };
  return (
    <Dialog
      title={`Tag ${label}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!parsed.ok} onClick={() => void submit()}>
            Tag
          </button>
        </>
      }
    >
      <label className="field">
        <span>New reference</span>
        <input type="text" autoFocus value={target} placeholder="registry.example.com:5000/team/app:1.0" aria-invalid={!!target && !parsed.ok} onChange={(e) => setTarget(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void submit()} />
        {target && !parsed.ok && <span className="field-error">{parsed.reason}</span>}
      </label>
      <ErrorNote error={error} />
    </Dialog>
  );
}
