import { memo, useState } from 'react';
import type { PodRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useNow } from '../../lib/use-now';
import { age, byName, statusClass } from './kube-format';
import { kubeHref } from './kube-route';
import { DeleteDialog, RowError, useRowErrors } from './common';

interface RowProps {
  pod: PodRow;
  now: number;
  showNamespace: boolean;
  error: RpcError | undefined;
  onDelete(pod: PodRow): void;
  onDismiss(uid: string): void;
}

const PodTableRow = memo(function PodTableRow({ pod, now, showNamespace, error, onDelete, onDismiss }: RowProps) {
  const detail = kubeHref('pods', pod.namespace, pod.name);
  const columns = showNamespace ? 9 : 8;
  return (
    <>
      <tr data-pod-name={pod.name} data-pod-namespace={pod.namespace ?? ''} data-pod-status={pod.status} data-ready={`${pod.ready}/${pod.total}`} data-rv={pod.resourceVersion}>
        <td>
          <a className="name link" href={detail}>
            {pod.name}
          </a>
        </td>
        {showNamespace && <td>{pod.namespace}</td>}
        <td>
          <span className={`kube-status ${statusClass(pod.status)}`} title={pod.message ?? pod.containers.map((c) => c.message).find(Boolean) ?? undefined}>
            {pod.status}
          </span>
        </td>
        <td className="nowrap">
          {pod.ready}/{pod.total}
        </td>
        <td className="kube-num">{pod.restarts}</td>
        <td className="nowrap" title={pod.created ? new Date(pod.created).toLocaleString() : undefined}>
          {age(pod.created, now)}
        </td>
        <td className="mono">{pod.node ?? <span className="muted">—</span>}</td>
        <td className="mono">{pod.ip ?? <span className="muted">—</span>}</td>
        <td className="actions">
          <a className="kube-button" href={`${detail}?tab=logs`} aria-label={`Logs of ${pod.name}`}>
            Logs
          </a>
          {pod.status === 'Running' ? (
            <a className="kube-button" href={`${detail}?tab=terminal`} aria-label={`Shell in ${pod.name}`}>
              Shell
            </a>
          ) : (
            <button type="button" disabled aria-label={`Shell in ${pod.name}`} title="A shell needs a running container">
              Shell
            </button>
          )}
          <button type="button" className="danger-quiet" onClick={() => onDelete(pod)} aria-label={`Delete ${pod.name}`} disabled={pod.deleting}>
            Delete
          </button>
        </td>
      </tr>
      <RowError error={error} columns={columns} label={`Could not delete ${pod.name}`} onDismiss={() => onDismiss(pod.uid)} id={pod.name} />
    </>
  );
});

/** Pods with kubectl's columns: status, ready containers, restarts, age, node, IP; logs, shell, delete. */
export function PodsTable({ pods, showNamespace, label = 'Pods', empty }: { pods: PodRow[]; showNamespace: boolean; label?: string; empty?: string }) {
  const now = useNow(5_000);
  const [deleting, setDeleting] = useState<PodRow | null>(null);
  const { errors, setError, dismiss } = useRowErrors();
  const sorted = [...pods].sort(byName);
  if (!sorted.length) return <div className="empty-state kube-empty">{empty ?? 'No pods.'}</div>;
  return (
    <>
      <table className="table kube-table" aria-label={label} data-rows={sorted.length}>
        <thead>
          <tr>
            <th>Name</th>
            {showNamespace && <th>Namespace</th>}
            <th>Status</th>
            <th>Ready</th>
            <th className="kube-num">Restarts</th>
            <th>Age</th>
            <th>Node</th>
            <th>IP</th>
            <th className="actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <PodTableRow key={p.uid} pod={p} now={now} showNamespace={showNamespace} error={errors[p.uid]} onDelete={setDeleting} onDismiss={dismiss} />
          ))}
        </tbody>
      </table>
      {deleting && (
        <DeleteDialog
          kind="pods"
          label="Pod"
          target={deleting}
          extra={deleting.owners.some((o) => o.controller) ? <p className="muted">It belongs to {deleting.owners.find((o) => o.controller)?.kind} {deleting.owners.find((o) => o.controller)?.name}, which will make a new one.</p> : null}
          onCancel={() => setDeleting(null)}
          onDone={(error) => {
            const target = deleting;
            setDeleting(null);
            if (error) setError(target.uid, error);
          }}
        />
      )}
    </>
  );
}
