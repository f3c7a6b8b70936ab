import { useEffect, useId, useMemo, useState } from 'react';
import type { NetworkSummary } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useContainers, useNetworks } from '../../stores/context';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';

/** Attach a container (running or not) to a network; the engine gives it an address there. */
export function ConnectContainerDialog({ network, onClose }: { network: NetworkSummary; onClose(): void }) {
  const api = useApi();
  const byId = useContainers((s) => s.byId);
  const phase = useContainers((s) => s.phase);
  const loadContainers = useContainers((s) => s.load);
  const loadNetworks = useNetworks((s) => s.load);
  const selectId = useId();
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);

  useEffect(() => {
    if (phase === 'idle') void loadContainers();
  }, [phase, loadContainers]);

  const candidates = useMemo(() => {
    const attached = new Set(network.containers.map((c) => c.id));
    return Object.values(byId)
      .filter((c) => !attached.has(c.id))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [byId, network.containers]);
  const selected = candidates.some((c) => c.id === chosen) ? chosen : '';

  const connect = async (): Promise<void> => {
    if (!selected) return;
    setBusy(true);
    setError(null);
    const result = await api.invoke('networks:connect', { network: network.id, container: selected });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    await loadNetworks();
    onClose();
  };

  return (
    <Dialog
      title={`Connect a container to ${network.name}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy || !selected} onClick={() => void connect()}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </>
      }
    >
      {phase !== 'ready' && candidates.length === 0 ? (
        <p className="muted">Loading containers…</p>
      ) : candidates.length === 0 ? (
        <p className="muted">{Object.keys(byId).length ? `Every container is attached to ${network.name} already.` : 'There are no containers yet.'}</p>
      ) : (
        <div className="field">
          <label htmlFor={selectId}>
            <span className="muted small">Container</span>
          </label>
          <select id={selectId} autoFocus value={selected} onChange={(e) => setChosen(e.target.value)}>
            <option value="" disabled>
              Choose a container…
            </option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.state})
              </option>
            ))}
          </select>
          <span className="muted small">A running container gets its address at once; a stopped one when it starts.</span>
        </div>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </Dialog>
  );
}
