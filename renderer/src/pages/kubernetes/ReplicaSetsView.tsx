import { useState } from 'react';
import type { ReplicaSetRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { useNow } from '../../lib/use-now';
import { age, byName, ownedBy, selectorText } from './kube-format';
import { kubeHref, kubeNavigate } from './kube-route';
import { DeleteDialog, Labels, RowError, ScaleControl, useNamespace, WatchStatus, useRowErrors, DetailsTitle, readyStatus } from './common';
import { PodsTable } from './PodsTable';
import { EventsTable } from './EventsTable';
import { useKubeWatch } from './use-kube-watch';

type Kind = 'replicasets' | 'replicationcontrollers';
const labels: Record<Kind, { one: string; many: string }> = {
  replicasets: { one: 'ReplicaSet', many: 'ReplicaSets' },
  replicationcontrollers: { one: 'ReplicationController', many: 'ReplicationControllers' },
};

/** ReplicaSets or ReplicationControllers: replicas, the pods they own (counted), scale. */
export function ReplicaSetsView({ kind }: { kind: Kind }) {
  const namespace = useNamespace();
  const list = useKubeWatch(kind, { namespace });
  const pods = useKubeWatch('pods', { namespace });
  const now = useNow(5_000);
  const { errors, setError } = useRowErrors();
  const [deleting, setDeleting] = useState<ReplicaSetRow | null>(null);
  const sorted = [...list.rows].sort(byName);
  const owned = (rs: ReplicaSetRow) => pods.rows.filter((p) => ownedBy(p, rs.uid));
  const columns = namespace ? 7 : 8;
  return (
    <div className="kube-list" data-kube-list={kind} data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">{labels[kind].many}</h2>
        <span className="muted">{list.phase === 'loading' ? 'loading…' : `${list.rows.length}`}</span>
      </div>
      <WatchStatus list={list} what={labels[kind].many} />
      {list.phase === 'live' && !sorted.length && <div className="empty-state kube-empty">No {labels[kind].many}{namespace ? ` in ${namespace}` : ''}.</div>}
      {sorted.length > 0 && (
        <table className="table kube-table" aria-label={labels[kind].many}>
          <thead>
            <tr>
              <th>Name</th>
              {!namespace && <th>Namespace</th>}
              <th>Ready</th>
              <th>Pods</th>
              <th>Images</th>
              <th>Controlled by</th>
              <th>Age</th>
              <th className="actions">Replicas and actions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((rs) => {
              const mine = owned(rs);
              const owner = rs.owners.find((o) => o.controller);
              return [
                <tr key={rs.uid} data-replicaset-name={rs.name} data-desired={rs.desired} data-ready={rs.ready}>
                  <td>
                    <a className="name link" href={kubeHref(kind, rs.namespace, rs.name)}>
                      {rs.name}
                    </a>
                  </td>
                  {!namespace && <td>{rs.namespace}</td>}
                  <td className="nowrap">
                    <span className={rs.ready === rs.desired ? 'kube-ok' : 'kube-busy'}>
                      {rs.ready}/{rs.desired}
                    </span>
                  </td>
                  <td className="kube-pod-chips">
                    {mine.length ? (
                      mine.map((p) => (
                        <a key={p.uid} className="chip link" href={kubeHref('pods', p.namespace, p.name)} title={p.status}>
                          {p.name}
                        </a>
                      ))
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td className="mono kube-images">{rs.images.map((i) => i.image).join(', ')}</td>
                  <td>{owner ? owner.kind === 'Deployment' ? <a className="link" href={kubeHref('deployments', rs.namespace, owner.name)}>{owner.name}</a> : owner.name : <span className="muted">—</span>}</td>
                  <td className="nowrap">{age(rs.created, now)}</td>
                  <td className="actions">
                    <ScaleControl kind={kind} target={rs} desired={rs.desired} onError={(e) => setError(rs.uid, e)} />
                    <button type="button" className="danger-quiet" onClick={() => setDeleting(rs)} aria-label={`Delete ${rs.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>,
                <RowError key={`${rs.uid}-error`} error={errors[rs.uid]} columns={columns} label={rs.name} onDismiss={() => setError(rs.uid, null)} id={rs.name} />,
              ];
            })}
          </tbody>
        </table>
      )}
      {deleting && (
        <DeleteDialog
          kind={kind}
          label={labels[kind].one}
          target={deleting}
          extra={<p className="muted">Its pods go with it.{deleting.owners.some((o) => o.kind === 'Deployment') ? ' Its Deployment will make a new one.' : ''}</p>}
          onCancel={() => setDeleting(null)}
          onDone={(e) => {
            const rs = deleting;
            setDeleting(null);
            if (e) setError(rs.uid, e);
          }}
        />
      )}
    </div>
  );
}

export function ReplicaSetDetails({ kind, namespace, name }: { kind: Kind; namespace: string; name: string }) {
  const list = useKubeWatch(kind, { namespace, fieldSelector: `metadata.name=${name}` });
  const rs = list.rows[0];
  const selector = rs ? selectorText(rs.selector) : '';
  const pods = useKubeWatch('pods', { namespace, labelSelector: selector, enabled: !!selector });
  const events = useKubeWatch('events', { namespace, fieldSelector: rs ? `involvedObject.uid=${rs.uid}` : undefined, enabled: !!rs });
  const now = useNow(5_000);
  const [error, setError] = useState<RpcError | null>(null);
  const [deleting, setDeleting] = useState(false);
  const mine = rs ? pods.rows.filter((p) => ownedBy(p, rs.uid)) : [];
  const owner = rs?.owners.find((o) => o.controller);
  return (
    <div className="kube-details" data-replicaset-details={name}>
      <div className="toolbar">
        <DetailsTitle back={kind} backLabel={labels[kind].many} name={name} namespace={namespace} status={readyStatus(rs)} />
        <span className="spacer" />
        {rs && (
          <>
            <ScaleControl kind={kind} target={rs} desired={rs.desired} onError={setError} />
            <button type="button" className="danger-quiet" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </>
        )}
      </div>
      <WatchStatus list={list} what={`the ${labels[kind].one}`} />
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {list.phase === 'live' && !rs && <div className="banner error">{labels[kind].one} {name} does not exist (any more) in {namespace}.</div>}
      {rs && (
        <div className="kube-overview">
          <dl className="kv card">
            <dt>Replicas</dt>
            <dd>
              {rs.desired} desired · {rs.current} current · {rs.ready} ready
            </dd>
            <dt>Selector</dt>
            <dd className="mono">{selector}</dd>
            <dt>Controlled by</dt>
            <dd>{owner ? owner.kind === 'Deployment' ? <a className="link" href={kubeHref('deployments', namespace, owner.name)}>Deployment {owner.name}</a> : `${owner.kind} ${owner.name}` : '—'}</dd>
            <dt>Images</dt>
            <dd className="mono">{rs.images.map((i) => `${i.container}: ${i.image}`).join(', ')}</dd>
            <dt>Labels</dt>
            <dd>
              <Labels labels={rs.labels} />
            </dd>
            <dt>Age</dt>
            <dd>{age(rs.created, now)}</dd>
          </dl>
          <h3>Pods it owns</h3>
          <PodsTable pods={mine} showNamespace={false} label={`Pods of ${name}`} empty="It owns no pods." />
          <h3>Events</h3>
          <EventsTable events={events.rows} showObject={false} label={`Events of ${name}`} />
        </div>
      )}
      {deleting && rs && (
        <DeleteDialog
          kind={kind}
          label={labels[kind].one}
          target={rs}
          extra={<p className="muted">Its pods go with it.</p>}
          onCancel={() => setDeleting(false)}
          onDone={(e) => {
            setDeleting(false);
            if (e) setError(e);
            else kubeNavigate(kind);
          }}
        />
      )}
    </div>
  );
}
