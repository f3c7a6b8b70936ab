import { useState } from 'react';
import type { DaemonSetRow, PodRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi, useKube } from '../../stores/context';
import { useNow } from '../../lib/use-now';
import { age, byName, ownedBy, selectorText, statusClass } from './kube-format';
import { kubeHref, kubeNavigate } from './kube-route';
import { DeleteDialog, Labels, useNamespace, WatchStatus, DetailsTitle, readyStatus } from './common';
import { PodsTable } from './PodsTable';
import { useKubeWatch } from './use-kube-watch';

export function DaemonSetsView() {
  const namespace = useNamespace();
  const list = useKubeWatch('daemonsets', { namespace });
  const now = useNow(5_000);
  const sorted = [...list.rows].sort(byName);
  return (
    <div className="kube-list" data-kube-list="daemonsets" data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">DaemonSets</h2>
        <span className="muted">{list.phase === 'loading' ? 'loading…' : `${list.rows.length}`}</span>
      </div>
      <WatchStatus list={list} what="DaemonSets" />
      {list.phase === 'live' && !sorted.length && <div className="empty-state kube-empty">No DaemonSets{namespace ? ` in ${namespace}` : ''}.</div>}
      {sorted.length > 0 && (
        <table className="table kube-table" aria-label="DaemonSets">
          <thead>
            <tr>
              <th>Name</th>
              {!namespace && <th>Namespace</th>}
              <th className="kube-num">Desired</th>
              <th className="kube-num">Current</th>
              <th className="kube-num">Ready</th>
              <th className="kube-num">Up to date</th>
              <th className="kube-num">Available</th>
              <th>Node selector</th>
              <th>Age</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((ds) => (
              <tr key={ds.uid} data-daemonset-name={ds.name} data-desired={ds.desired} data-ready={ds.ready}>
                <td>
                  <a className="name link" href={kubeHref('daemonsets', ds.namespace, ds.name)}>
                    {ds.name}
                  </a>
                </td>
                {!namespace && <td>{ds.namespace}</td>}
                <td className="kube-num">{ds.desired}</td>
                <td className="kube-num">{ds.current}</td>
                <td className={`kube-num ${ds.ready === ds.desired ? 'kube-ok' : 'kube-busy'}`}>{ds.ready}</td>
                <td className="kube-num">{ds.upToDate}</td>
                <td className="kube-num">{ds.available}</td>
                <td className="mono">{selectorText(ds.nodeSelector) || <span className="muted">any node</span>}</td>
                <td className="nowrap">{age(ds.created, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Per node: is this DaemonSet's pod there, and ready? */
function PerNode({ ds, pods }: { ds: DaemonSetRow; pods: PodRow[] }) {
  const nodes = useKubeWatch('nodes');
  const byNode = new Map<string, PodRow[]>();
  for (const p of pods) {
    const key = p.node ?? '(not scheduled)';
    byNode.set(key, [...(byNode.get(key) ?? []), p]);
  }
  const names = [...new Set([...nodes.rows.map((n) => n.name), ...byNode.keys()])].sort();
  return (
    <table className="table kube-table" aria-label={`${ds.name} per node`}>
      <thead>
        <tr>
          <th>Node</th>
          <th>Pod</th>
          <th>Status</th>
          <th>Ready</th>
        </tr>
      </thead>
      <tbody>
        {names.map((node) => {
          const here = byNode.get(node) ?? [];
          if (!here.length) {
            return (
              <tr key={node} data-node={node}>
                <td className="mono">{node}</td>
                <td className="muted" colSpan={3}>
                  no pod (the node selector or taints keep it off)
                </td>
              </tr>
            );
          }
          return here.map((p) => (
            <tr key={p.uid} data-node={node} data-pod-status={p.status}>
              <td className="mono">{node}</td>
              <td>
                <a className="link" href={kubeHref('pods', p.namespace, p.name)}>
                  {p.name}
                </a>
              </td>
              <td>
                <span className={`kube-status ${statusClass(p.status)}`}>{p.status}</span>
              </td>
              <td>
                {p.ready}/{p.total}
              </td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}

export function DaemonSetDetails({ namespace, name }: { namespace: string; name: string }) {
  const api = useApi();
  const context = useKube((s) => s.context) ?? '';
  const list = useKubeWatch('daemonsets', { namespace, fieldSelector: `metadata.name=${name}` });
  const ds = list.rows[0];
  const pods = useKubeWatch('pods', { namespace, enabled: !!ds });
  const now = useNow(5_000);
  const [error, setError] = useState<RpcError | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [restarting, setRestarting] = useState(false);
  const mine = ds ? pods.rows.filter((p) => ownedBy(p, ds.uid)) : [];
  return (
    <div className="kube-details" data-daemonset-details={name}>
      <div className="toolbar">
        <DetailsTitle back="daemonsets" backLabel="DaemonSets" name={name} namespace={namespace} status={readyStatus(ds)} />
        <span className="spacer" />
        {ds && (
          <>
            <button
              type="button"
              disabled={restarting}
              onClick={() => {
                setRestarting(true);
                void api.invoke('kube:restart', { context, kind: 'daemonsets', namespace, name }).then((r) => {
                  setRestarting(false);
                  setError(r.ok ? null : r.error);
                });
              }}
            >
              {restarting ? 'Restarting…' : 'Restart'}
            </button>
            <button type="button" className="danger-quiet" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </>
        )}
      </div>
      <WatchStatus list={list} what="the DaemonSet" />
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {ds && (
        <div className="kube-overview">
          <dl className="kv card">
            <dt>Pods</dt>
            <dd>
              {ds.desired} desired · {ds.current} scheduled · {ds.ready} ready · {ds.upToDate} up to date · {ds.available} available
              {ds.misscheduled ? ` · ${ds.misscheduled} misscheduled` : ''}
            </dd>
            <dt>Images</dt>
            <dd className="mono">{ds.images.map((i) => `${i.container}: ${i.image}`).join(', ')}</dd>
            <dt>Labels</dt>
            <dd>
              <Labels labels={ds.labels} />
            </dd>
            <dt>Age</dt>
            <dd>{age(ds.created, now)}</dd>
          </dl>
          <h3>Per node</h3>
          <PerNode ds={ds} pods={mine} />
          <h3>Pods</h3>
          <PodsTable pods={mine} showNamespace={false} label={`Pods of ${name}`} />
        </div>
      )}
      {deleting && ds && (
        <DeleteDialog
          kind="daemonsets"
          label="DaemonSet"
          target={ds}
          extra={<p className="muted">Its pods, one per node, go with it.</p>}
          onCancel={() => setDeleting(false)}
          onDone={(e) => {
            setDeleting(false);
            if (e) setError(e);
            else kubeNavigate('daemonsets');
          }}
        />
      )}
    </div>
  );
}
