import { useState, type ReactNode } from 'react';
import type { KubeKind, KubeMeta } from '../../../../shared/models';
import type { Result, RpcError } from '../../../../shared/result';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApi, useKube } from '../../stores/context';
import { kubeHref, type KubeView } from './kube-route';
import type { WatchedList } from './use-kube-watch';

/** Errors per row (by uid or another key), shown where the user acted until dismissed. */
export function useRowErrors() {
  const [errors, setErrors] = useState<Record<string, RpcError>>({});
  const setError = (key: string, error: RpcError | null): void =>
    setErrors((all) => {
      const next = { ...all };
      if (error) next[key] = error;
      else delete next[key];
      return next;
    });
  const dismiss = (key: string): void => setError(key, null);
  return { errors, setError, dismiss };
}

/** Pending actions and their errors, per row (or per button): errors show where the user acted. */
export function useActions() {
  const [pending, setPending] = useState<Record<string, string>>({});
  const { errors, setError, dismiss } = useRowErrors();
  const run = async <T,>(key: string, label: string, call: () => Promise<Result<T>>): Promise<T | null> => {
    dismiss(key);
    setPending((p) => ({ ...p, [key]: label }));
    const r = await call();
    setPending((p) => {
      const next = { ...p };
      delete next[key];
      return next;
    });
    if (r.ok) return r.value;
    setError(key, r.error);
    return null;
  };
  return { pending, errors, run, dismiss };
}

/** Loading, reconnecting and failure of a watched list, above the table. */
export function WatchStatus({ list, what }: { list: Pick<WatchedList<KubeKind>, 'phase' | 'error' | 'message' | 'retry'>; what: string }) {
  if (list.phase === 'failed' && list.error) {
    return (
      <div className="banner error kube-watch-error" role="alert" data-watch-error={list.error.code}>
        <span>
          Cannot list {what}: {list.error.message}
        </span>
        <button type="button" className="link-button" onClick={list.retry}>
          Retry
        </button>
      </div>
    );
  }
  if (list.phase === 'reconnecting' || list.phase === 'relisting') {
    return (
      <div className="kube-watch-note" role="status" data-watch-phase={list.phase}>
        {list.phase === 'relisting' ? `Getting the ${what} list again…` : (list.message ?? 'Reconnecting…')}
      </div>
    );
  }
  return null;
}

/** One row's error, under the row. */
export function RowError({ error, columns, label, onDismiss, id }: { error: RpcError | undefined; columns: number; label: string; onDismiss(): void; id: string }) {
  if (!error) return null;
  return (
    <tr className="row-error" data-error-for={id}>
      <td colSpan={columns}>
        <span role="alert">
          {label}: {error.message}
        </span>
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      </td>
    </tr>
  );
}

/** The namespace the views act in: the picked one, or (all namespaces) the object's own. */
export function useNamespace(): string | null {
  return useKube((s) => s.namespace);
}

/** Delete an object after asking; `extra` says what goes with it. */
export function DeleteDialog({ kind, label, target, extra, onDone, onCancel }: { kind: KubeKind; label: string; target: Pick<KubeMeta, 'name' | 'namespace'>; extra?: ReactNode; onDone(error: RpcError | null): void; onCancel(): void }) {
  const api = useApi();
  const context = useKube((s) => s.context);
  const [busy, setBusy] = useState(false);
  return (
    <ConfirmDialog
      title={`Delete ${label} ${target.name}?`}
      confirmLabel="Delete"
      danger
      busy={busy}
      onCancel={onCancel}
      onConfirm={() => {
        if (!context) return;
        setBusy(true);
        void api.invoke('kube:delete', { context, kind, name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) }).then((r) => {
          setBusy(false);
          onDone(r.ok ? null : r.error);
        });
      }}
    >
      <p>
        {label} <strong>{target.name}</strong>
        {target.namespace ? ` in ${target.namespace}` : ''} is deleted.
      </p>
      {extra}
    </ConfirmDialog>
  );
}

/** A replicas number field with Scale, for Deployments, ReplicaSets and ReplicationControllers. */
export function ScaleControl({ kind, target, desired, onError }: { kind: 'deployments' | 'replicasets' | 'replicationcontrollers'; target: Pick<KubeMeta, 'name' | 'namespace'>; desired: number; onError(e: RpcError | null): void }) {
  const api = useApi();
  const context = useKube((s) => s.context);
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = value ?? String(desired);
  const n = Number(shown);
  const valid = shown.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 10_000;
  const submit = async (): Promise<void> => {
    if (!context || !target.namespace || !valid) return;
    setBusy(true);
    const r = await api.invoke('kube:scale', { context, kind, namespace: target.namespace, name: target.name, replicas: n });
    setBusy(false);
    onError(r.ok ? null : r.error);
    if (r.ok) setValue(null);
  };
  return (
    <form
      className="kube-scale"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input
        type="number"
        min={0}
        max={10000}
        step={1}
        value={shown}
        aria-label={`Replicas of ${target.name}`}
        aria-invalid={!valid || undefined}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" disabled={busy || !valid || n === desired}>
        {busy ? 'Scaling…' : 'Scale'}
      </button>
    </form>
  );
}

export function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <>
      {entries.map(([k, v]) => (
        <span key={k} className="chip mono">
          {k}={v}
        </span>
      ))}
    </>
  );
}

/** A details page's title: back to its list, the object's name and namespace, and its state. */
export function DetailsTitle(props: { back: KubeView; backLabel: string; name: string; namespace: string; status: { className: string; text: string } | null }) {
  return (
    <>
      <a className="link" href={kubeHref(props.back)}>
        ← {props.backLabel}
      </a>
      <h2 className="kube-title">{props.name}</h2>
      <span className="muted">{props.namespace}</span>
      {props.status && <span className={`kube-status ${props.status.className}`}>{props.status.text}</span>}
    </>
  );
}

/** The ready badge of a workload: "2/3 ready". */
export function readyStatus(w: { ready: number; desired: number } | null | undefined): { className: string; text: string } | null {
  return w ? { className: w.ready === w.desired ? 'kube-ok' : 'kube-busy', text: `${w.ready}/${w.desired} ready` } : null;
}
