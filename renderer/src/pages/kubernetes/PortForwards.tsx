import { useState } from 'react';
import type { KubePortForward } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useKube } from '../../stores/context';

type Target = { kind: 'pods' | 'services'; name: string };

function sameTarget(f: KubePortForward, context: string, namespace: string, target: Target, port: number): boolean {
  return f.context === context && f.namespace === namespace && f.target.kind === target.kind && f.target.name === target.name && f.remotePort === port;
}

/** Forward a pod's or a service's port to 127.0.0.1 with one click; then Open and Stop. */
export function ForwardButton({ namespace, target, port }: { namespace: string; target: Target; port: number }) {
  const api = useApi();
  const context = useKube((s) => s.context) ?? '';
  const forward = useKube((s) => s.forwards.find((f) => sameTarget(f, context, namespace, target, port)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const label = `${target.name}:${port}`;
  if (forward) {
    return (
      <span className="kube-forward" data-forward={label} data-local-port={forward.localPort}>
        <a className="link mono" href={forward.url} target="_blank" rel="noreferrer" title={`Open ${forward.url} in the browser`}>
          127.0.0.1:{forward.localPort}
        </a>
        <button type="button" className="link-button small" onClick={() => void api.invoke('kube:port-forward-stop', { id: forward.id })} aria-label={`Stop forwarding ${label}`}>
          Stop
        </button>
        {forward.lastError && (
          <span className="kube-bad small" title={forward.lastError}>
            {' '}
            last connection failed
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="kube-forward">
      <button
        type="button"
        className="small"
        disabled={busy}
        aria-label={`Forward ${label}`}
        title={`Forward a port on 127.0.0.1 to ${target.kind === 'services' ? 'service' : 'pod'} ${label}`}
        onClick={() => {
          setBusy(true);
          setError(null);
          void api.invoke('kube:port-forward', { context, namespace, target, port }).then((r) => {
            setBusy(false);
            if (!r.ok) setError(r.error);
          });
        }}
      >
        {busy ? 'Forwarding…' : 'Forward'}
      </button>
      {error && (
        <span className="kube-bad small" role="alert" data-forward-error>
          {' '}
          {error.message}
        </span>
      )}
    </span>
  );
}

/** Every port forward of this context. */
export function ForwardsPanel() {
  const api = useApi();
  const context = useKube((s) => s.context);
  const all = useKube((s) => s.forwards);
  const forwards = all.filter((f) => f.context === context);
  if (!forwards.length) return null;
  return (
    <div className="card kube-forwards" aria-label="Port forwards">
      <h3>Port forwards</h3>
      <table className="table kube-table">
        <thead>
          <tr>
            <th>Local</th>
            <th>To</th>
            <th>Connections</th>
            <th className="actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {forwards.map((f) => (
            <tr key={f.id} data-forward-id={f.id}>
              <td>
                <a className="link mono" href={f.url} target="_blank" rel="noreferrer">
                  {f.url}
                </a>
              </td>
              <td className="mono">
                {f.namespace}/{f.target.kind === 'services' ? 'svc' : 'pod'}/{f.target.name}:{f.remotePort}
                {f.pod && f.target.kind === 'services' && <span className="muted"> (via {f.pod})</span>}
              </td>
              <td>
                {f.open} open, {f.total} in all
                {f.lastError && (
                  <div className="kube-bad small" title={f.lastError}>
                    {f.lastError}
                  </div>
                )}
              </td>
              <td className="actions">
                <a className="kube-button" href={f.url} target="_blank" rel="noreferrer">
                  Open
                </a>
                <button type="button" onClick={() => void api.invoke('kube:port-forward-stop', { id: f.id })}>
                  Stop
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
