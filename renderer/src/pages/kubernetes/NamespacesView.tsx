import { useEffect, useState, type FormEvent } from 'react';
import type { NamespaceContents, NamespaceRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi, useKube, useStores } from '../../stores/context';
import { useNow } from '../../lib/use-now';
import { age, byName, statusClass } from './kube-format';
import { DeleteDialog, RowError, WatchStatus, useRowErrors } from './common';
import { useKubeWatch } from './use-kube-watch';

const nameRule = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What deleting the namespace would take with it. */
function Contents({ name }: { name: string }) {
  const api = useApi();
  const context = useKube((s) => s.context) ?? '';
  const [contents, setContents] = useState<NamespaceContents | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('kube:namespace-contents', { context, name }).then((r) => {
      if (!live) return;
      if (r.ok) setContents(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [api, context, name]);
  if (error) return <p className="kube-bad">{error.message}</p>;
  if (!contents) return <p className="muted">Looking at what is inside…</p>;
  if (!contents.kinds.length) return <p className="muted">It is empty.</p>;
  return (
    <div data-namespace-contents={name}>
      <p>Everything in it is deleted too:</p>
      <ul className="kube-contents">
        {contents.kinds.map((k) => (
          <li key={k.kind} data-kind={k.kind} data-count={k.count}>
            <strong>
              {k.count} {k.count === 1 ? k.kind.replace(/s$/, '') : k.kind}
            </strong>
            : <span className="mono">{k.names.join(', ')}</span>
            {k.count > k.names.length ? ', …' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function NamespacesView() {
  const api = useApi();
  const kube = useStores().kube;
  const context = useKube((s) => s.context) ?? '';
  const current = useKube((s) => s.namespace);
  const list = useKubeWatch('namespaces');
  const now = useNow(5_000);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const [deleting, setDeleting] = useState<NamespaceRow | null>(null);
  const rows = useRowErrors();
  const valid = nameRule.test(name) && name.length <= 63;
  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    const r = await api.invoke('kube:create-namespace', { context, name });
    setBusy(false);
    setError(r.ok ? null : r.error);
    if (r.ok) setName('');
  };
  const sorted = [...list.rows].sort(byName);
  return (
    <div className="kube-list" data-kube-list="namespaces" data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">Namespaces</h2>
        <span className="muted">{list.phase === 'loading' ? 'loading…' : `${list.rows.length}`}</span>
        <span className="spacer" />
        <form className="kube-inline-form" onSubmit={(e) => void create(e)}>
          <input type="text" placeholder="new-namespace" aria-label="New namespace name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={(!!name && !valid) || undefined} spellCheck={false} />
          <button type="submit" className="primary" disabled={!valid || busy}>
            {busy ? 'Creating…' : 'Create namespace'}
          </button>
        </form>
      </div>
      {name && !valid && <p className="field-error">A namespace name has lowercase letters, digits and '-', starts and ends with a letter or digit, and has at most 63 characters.</p>}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <WatchStatus list={list} what="namespaces" />
      {sorted.length > 0 && (
        <table className="table kube-table" aria-label="Namespaces">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Age</th>
              <th className="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((ns) => [
              <tr key={ns.uid} data-namespace-name={ns.name} data-phase={ns.phase}>
                <td className="name">
                  {ns.name} {ns.name === current && <span className="chip">current</span>}
                </td>
                <td>
                  <span className={`kube-status ${statusClass(ns.phase)}`}>{ns.phase}</span>
                </td>
                <td className="nowrap">{age(ns.created, now)}</td>
                <td className="actions">
                  <button type="button" onClick={() => kube.getState().setNamespace(ns.name)} disabled={ns.name === current}>
                    Use
                  </button>
                  <button type="button" className="danger-quiet" onClick={() => setDeleting(ns)} disabled={ns.phase === 'Terminating'} aria-label={`Delete namespace ${ns.name}`}>
                    Delete
                  </button>
                </td>
              </tr>,
              <RowError
                key={`${ns.uid}-e`}
                error={rows.errors[ns.uid]}
                columns={4}
                label={`Could not delete ${ns.name}`}
                id={ns.name}
                onDismiss={() => rows.dismiss(ns.uid)}
              />,
            ])}
          </tbody>
        </table>
      )}
      {deleting && (
        <DeleteDialog
          kind="namespaces"
          label="Namespace"
          target={{ name: deleting.name, namespace: null }}
          extra={<Contents name={deleting.name} />}
          onCancel={() => setDeleting(null)}
          onDone={(e) => {
            const ns = deleting;
            setDeleting(null);
            if (e) rows.setError(ns.uid, e);
            else if (ns.name === current) kube.getState().setNamespace(null);
          }}
        />
      )}
    </div>
  );
}
