import { useState } from 'react';
import { useApi, useSettings, useStores } from '../../stores/context';
import type { RestartPart } from '../../stores/settings-store';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';

const what: Record<RestartPart, { text: string; action: string }> = {
  vm: { text: 'The VM uses the new resources and shared folders after it restarts.', action: 'Restart the VM now' },
  engine: { text: 'Berth talks to the new engine once it reconnects.', action: 'Reconnect now' },
  kubernetes: { text: 'The cluster uses the new settings after it restarts.', action: 'Restart the cluster now' },
};

/** Changes that take effect only after a restart say so, and offer it. */
export function RestartBanner() {
  const api = useApi();
  const stores = useStores();
  const parts = useSettings((s) => s.restartNeeded);
  const clear = useSettings((s) => s.clearRestart);
  const [busy, setBusy] = useState<RestartPart | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  if (!parts.length && !error) return null;

  const restart = async (part: RestartPart): Promise<void> => {
    setBusy(part);
    setError(null);
    let failure: RpcError | null = null;
    if (part === 'vm') {
      const r = await api.invoke('vm:restart', {});
      if (!r.ok) failure = r.error;
    } else if (part === 'engine') {
      stores.engine.getState().retryNow();
    } else {
      const off = await api.invoke('cluster:disable', {});
      const on = off.ok ? await api.invoke('cluster:enable', {}) : off;
      if (!on.ok) failure = on.error;
    }
    setBusy(null);
    if (failure) setError({ ...failure, message: `${what[part].action.replace(/ now$/, '')} failed: ${failure.message}` });
    else clear([part]);
  };

  return (
    <div className="banner restart-banner" role="status" aria-label="Restart needed">
      {parts.map((part) => (
        <div key={part} className="restart-row" data-restart={part}>
          <span>{what[part].text}</span>
          <button type="button" className="primary" disabled={busy !== null} onClick={() => void restart(part)}>
            {busy === part ? 'Working…' : what[part].action}
          </button>
          <button type="button" className="link-button" disabled={busy !== null} onClick={() => clear([part])}>
            Later
          </button>
        </div>
      ))}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
