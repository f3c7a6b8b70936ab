import { memo, useState } from 'react';
import type { DeploymentRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useKube } from '../../stores/context';
import { useNow } from '../../lib/use-now';
import { age, byName } from './kube-format';
import { kubeHref } from './kube-route';
import { DeleteDialog, RowError, ScaleControl, useActions, useNamespace, WatchStatus, useRowErrors } from './common';
import { useKubeWatch } from './use-kube-watch';

const DeploymentTableRow = memo(function DeploymentTableRow({
  d,
  now,
  showNamespace,
  pending,
  error,
  onRestart,
  onDelete,
  onError,
  onDismiss,
}: {
  d: DeploymentRow;
  now: number;
  showNamespace: boolean;
  pending: string | undefined;
  error: RpcError | undefined;
  onRestart(d: DeploymentRow): void;
  onDelete(d: DeploymentRow): void;
  onError(d: DeploymentRow, e: RpcError | null): void;
  onDismiss(uid: string): void;
}) {
  return (
    <>
      <tr data-deployment-name={d.name} data-desired={d.desired} data-ready={d.ready} data-up-to-date={d.upToDate} aria-busy={!!pending}>
        <td>
          <a className="name link" href={kubeHref('deployments', d.namespace, d.name)}>
            {d.name}
          </a>
        </td>
        {showNamespace && <td>{d.namespace}</td>}
        <td className="nowrap" title="ready / desired">
          <span className={d.ready === d.desired ? 'kube-ok' : 'kube-busy'}>
            {d.ready}/{d.desired}
          </span>
        </td>
        <td className="kube-num">{d.upToDate}</td>
        <td className="kube-num">{d.available}</td>
        <td className="mono kube-images">{d.images.map((i) => i.image).join(', ')}</td>
        <td className="nowrap">{age(d.created, now)}</td>
        <td className="actions">
          <ScaleControl kind="deployments" target={d} desired={d.desired} onError={(e) => onError(d, e)} />
          <button type="button" onClick={() => onRestart(d)} disabled={!!pending} aria-label={`Restart ${d.name}`}>
            {pending ?? 'Restart'}
          </button>
          <button type="button" className="danger-quiet" onClick={() => onDelete(d)} aria-label={`Delete ${d.name}`}>
            Delete
          </button>
        </td>
      </tr>
      <RowError error={error} columns={showNamespace ? 8 : 7} label={d.name} onDismiss={() => onDismiss(d.uid)} id={d.name} />
    </>
  );
});

export function DeploymentsView() {
  const api = useApi();
  const context = useKube((s) => s.context) ?? '';
  const namespace = useNamespace();
  const list = useKubeWatch('deployments', { namespace });
  const now = useNow(5_000);
  const { pending, errors, run, dismiss } = useActions();
  const [deleting, setDeleting] = useState<DeploymentRow | null>(null);
  const rowErrors = useRowErrors();
  const sorted = [...list.rows].sort(byName);
  const restart = (d: DeploymentRow): void => {
    void run(d.uid, 'Restarting…', () => api.invoke('kube:restart', { context, kind: 'deployments', namespace: d.namespace ?? '', name: d.name }));
  };
  const setRowError = (d: DeploymentRow, e: RpcError | null): void => rowErrors.setError(d.uid, e);
  return (
    <div className="kube-list" data-kube-list="deployments" data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">Deployments</h2>
        <span className="muted">{list.phase === 'loading' ? 'loading…' : `${list.rows.length}`}</span>
        <span className="spacer" />
        <a className="kube-button" href={kubeHref('deploy')}>
          Quick deploy…
        </a>
      </div>
      <WatchStatus list={list} what="deployments" />
      {list.phase !== 'loading' && list.phase !== 'failed' && !sorted.length && <div className="empty-state kube-empty">No deployments{namespace ? ` in ${namespace}` : ''}.</div>}
      {sorted.length > 0 && (
        <table className="table kube-table" aria-label="Deployments">
          <thead>
            <tr>
              <th>Name</th>
              {!namespace && <th>Namespace</th>}
              <th>Ready</th>
              <th className="kube-num">Up to date</th>
              <th className="kube-num">Available</th>
              <th>Images</th>
              <th>Age</th>
              <th className="actions">Replicas and actions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((d) => (
              <DeploymentTableRow
                key={d.uid}
                d={d}
                now={now}
                showNamespace={!namespace}
                pending={pending[d.uid]}
                error={errors[d.uid] ?? rowErrors.errors[d.uid]}
                onRestart={restart}
                onDelete={setDeleting}
                onError={setRowError}
                onDismiss={(uid) => {
                  dismiss(uid);
                  rowErrors.dismiss(uid);
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <DeleteDialog
          kind="deployments"
          label="Deployment"
          target={deleting}
          extra={<p className="muted">Its ReplicaSets and {deleting.desired} pod{deleting.desired === 1 ? '' : 's'} go with it.</p>}
          onCancel={() => setDeleting(null)}
          onDone={(e) => {
            const d = deleting;
            setDeleting(null);
            if (e) setRowError(d, e);
          }}
        />
      )}
    </div>
  );
}
