import { useState } from 'react';
import type { ClusterStatus, ClusterStep } from '../../../../shared/models';
import { useCluster } from '../../stores/cluster-store';
import { ConfirmDialog } from '../ConfirmDialog';

export const clusterDots: Record<ClusterStatus['state'], string> = { running: 'ok', starting: 'busy', stopping: 'busy', stopped: 'idle', disabled: 'idle', error: 'bad' };

const stepNames: Record<ClusterStep, string> = {
  vm: 'VM',
  images: 'Images',
  certificates: 'Certificates',
  etcd: 'etcd',
  apiserver: 'API server',
  controllers: 'Controllers',
  kubelet: 'kubelet',
  node: 'Node Ready',
  dns: 'DNS',
};
const order = Object.keys(stepNames) as ClusterStep[];

/** The steps of a start, each ticked with the seconds it ended at: a slow start shows where it is slow. */
function Steps({ status }: { status: ClusterStatus }) {
  const done = new Map(status.timings.map((t) => [t.step, t.seconds]));
  return (
    <ol className="cluster-steps" aria-label="Start steps">
      {order.map((step) => {
        const state = done.has(step) ? 'done' : status.step === step ? (status.state === 'error' ? 'failed' : 'now') : 'todo';
        return (
          <li key={step} data-step-state={state}>
            {state === 'done' ? '✓' : state === 'now' ? '…' : state === 'failed' ? '✗' : '·'} {stepNames[step]}
            {done.has(step) && <span className="muted"> {done.get(step)} s</span>}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The local cluster in Berth's VM: its state and what it is doing, the switch, and reset; where it
 * failed, which component and its last lines. Used in the status bar's popover and in Settings.
 */
export function ClusterPanel() {
  const status = useCluster((s) => s.status);
  const busy = useCluster((s) => s.busy);
  const act = useCluster((s) => s.act);
  const actionError = useCluster((s) => s.actionError);
  const [confirmReset, setConfirmReset] = useState(false);
  if (!status) return <p className="muted">Loading the cluster’s state…</p>;
  const on = status.state === 'running' || status.state === 'starting';
  return (
    <div className="cluster-panel" data-cluster-state={status.state}>
      <p>
        <span className={`dot ${clusterDots[status.state]}`} /> <strong>{status.message}</strong>
      </p>
      {(status.state === 'starting' || status.timings.length > 0 || status.state === 'error') && <Steps status={status} />}
      {status.state === 'running' && status.server && (
        <p className="small">
          API server <span className="mono">{status.server}</span> · context <span className="mono">{status.context}</span> in <span className="mono">{status.kubeconfig}</span>
          <br />
          <span className="mono">kubectl --context berth get nodes</span>
        </p>
      )}
      {status.notice && <p className="warn-text small">{status.notice}</p>}
      {status.components.length > 0 && (
        <p className="small muted" aria-label="Components">
          {status.components.map((c) => (
            <span key={c.name} className={c.state.startsWith('up') ? '' : 'warn-text'}>
              {c.name.replace(/^kube-/, '')} {c.state.startsWith('up') ? '✓' : `(${c.state})`}
              {c.restarts > 0 ? ` (restarted ${c.restarts}×)` : ''}{' '}
            </span>
          ))}
        </p>
      )}
      {status.error && (
        <>
          <p className="field-error" role="alert">
            {status.error.message}
          </p>
          {status.error.lines.length > 0 && (
            <pre className="output small" aria-label={`Last lines of ${status.error.component ?? 'the component'}`}>
              {status.error.lines.join('\n')}
            </pre>
          )}
        </>
      )}
      {actionError && actionError.code !== 'cancelled' && (
        <p className="field-error" role="alert">
          {actionError.message}
        </p>
      )}
      <div className="dialog-actions">
        {on ? (
          <button type="button" disabled={status.state === 'stopping'} onClick={() => void act('disable')}>
            {status.state === 'starting' ? 'Cancel and turn off' : 'Turn off Kubernetes'}
          </button>
        ) : (
          <button type="button" className="primary" disabled={busy || status.state === 'stopping'} onClick={() => void act('enable')}>
            {status.state === 'error' ? 'Try again' : 'Turn on Kubernetes'}
          </button>
        )}
        <button type="button" className="danger" disabled={status.state === 'stopping' || status.state === 'starting'} onClick={() => setConfirmReset(true)}>
          Reset cluster…
        </button>
      </div>
      {confirmReset && (
        <ConfirmDialog
          title="Reset the Kubernetes cluster?"
          confirmLabel="Reset"
          danger
          onCancel={() => setConfirmReset(false)}
          onConfirm={() => {
            setConfirmReset(false);
            void act('reset');
          }}
        >
          Every object in the cluster (deployments, services, namespaces, secrets) is deleted and Kubernetes is turned off. Container images stay. The next start makes a new, empty cluster.
        </ConfirmDialog>
      )}
    </div>
  );
}
