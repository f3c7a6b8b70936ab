import { useState, type FormEvent } from 'react';
import type { DeploymentRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { Tabs } from '../../components/Tabs';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi, useKube } from '../../stores/context';
import { useNow } from '../../lib/use-now';
import { age, byName, ownedBy, selectorText } from './kube-format';
import { kubeHref, kubeNavigate } from './kube-route';
import { DeleteDialog, Labels, ScaleControl, WatchStatus, DetailsTitle, readyStatus } from './common';
import { PodsTable } from './PodsTable';
import { EventsTable } from './EventsTable';
import { YamlTab } from './YamlTab';
import { useKubeWatch } from './use-kube-watch';

type Tab = 'overview' | 'yaml';

/** A new image for one container: the Deployment rolls out. */
function ChangeImage({ d, onError }: { d: DeploymentRow; onError(e: RpcError | null): void }) {
  const api = useApi();
  const context = useKube((s) => s.context) ?? '';
  const [container, setContainer] = useState(d.images[0]?.container ?? '');
  const current = d.images.find((i) => i.container === container)?.image ?? '';
  const [image, setImage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = image ?? current;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const r = await api.invoke('kube:set-image', { context, namespace: d.namespace ?? '', name: d.name, container, image: value.trim() });
    setBusy(false);
    onError(r.ok ? null : r.error);
    if (r.ok) setImage(null);
  };
  return (
    <form className="kube-inline-form" onSubmit={(e) => void submit(e)} aria-label="Change image">
      <select aria-label="Container" value={container} onChange={(e) => setContainer(e.target.value)}>
        {d.images.map((i) => (
          <option key={i.container} value={i.container}>
            {i.container}
          </option>
        ))}
      </select>
      <input type="text" className="mono" aria-label="Image" value={value} onChange={(e) => setImage(e.target.value)} spellCheck={false} />
      <button type="submit" disabled={busy || !value.trim() || value.trim() === current}>
        {busy ? 'Changing…' : 'Change image'}
      </button>
    </form>
  );
}

/** One Deployment: replicas (scale), restart, image; its ReplicaSets and pods; events; YAML. */
export function DeploymentDetails({ namespace, name }: { namespace: string; name: string }) {
  const api = useApi();
  const context = useKube((s) => s.context) ?? '';
  const now = useNow(5_000);
  const list = useKubeWatch('deployments', { namespace, fieldSelector: `metadata.name=${name}` });
  const d = list.rows[0];
  const selector = d ? selectorText(d.selector) : '';
  const replicaSets = useKubeWatch('replicasets', { namespace, labelSelector: selector, enabled: !!selector });
  const pods = useKubeWatch('pods', { namespace, labelSelector: selector, enabled: !!selector });
  const events = useKubeWatch('events', { namespace, fieldSelector: d ? `involvedObject.uid=${d.uid}` : undefined, enabled: !!d });
  const [tab, setTab] = useState<Tab>('overview');
  const [error, setError] = useState<RpcError | null>(null);
  const [restarting, setRestarting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const mine = d ? replicaSets.rows.filter((rs) => ownedBy(rs, d.uid)).sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0)) : [];
  const rsUids = new Set(mine.map((rs) => rs.uid));
  const myPods = pods.rows.filter((p) => p.owners.some((o) => rsUids.has(o.uid)));

  const restart = async (): Promise<void> => {
    if (!d) return;
    setRestarting(true);
    const r = await api.invoke('kube:restart', { context, kind: 'deployments', namespace, name });
    setRestarting(false);
    setError(r.ok ? null : r.error);
  };

  return (
    <div className="kube-details" data-deployment-details={name} data-desired={d?.desired ?? ''} data-ready={d?.ready ?? ''}>
      <div className="toolbar">
        <DetailsTitle back="deployments" backLabel="Deployments" name={name} namespace={namespace} status={readyStatus(d)} />
        <span className="spacer" />
        {d && (
          <>
            <ScaleControl kind="deployments" target={d} desired={d.desired} onError={setError} />
            <button type="button" onClick={() => void restart()} disabled={restarting}>
              {restarting ? 'Restarting…' : 'Restart'}
            </button>
            <button type="button" className="danger-quiet" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </>
        )}
      </div>
      <WatchStatus list={list} what="the deployment" />
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {list.phase === 'live' && !d && <div className="banner error">Deployment {name} does not exist (any more) in {namespace}.</div>}
      {d && (
        <>
          <Tabs<Tab>
            label="Deployment details"
            current={tab}
            onChange={setTab}
            tabs={[
              { id: 'overview', label: 'Overview' },
              { id: 'yaml', label: 'YAML' },
            ]}
          />
          {tab === 'overview' && (
            <div className="kube-overview">
              <dl className="kv card">
                <dt>Replicas</dt>
                <dd data-replicas>
                  {d.desired} desired · {d.ready} ready · {d.upToDate} up to date · {d.available} available
                </dd>
                <dt>Strategy</dt>
                <dd>{d.strategy}</dd>
                <dt>Selector</dt>
                <dd className="mono">{selector}</dd>
                <dt>Labels</dt>
                <dd>
                  <Labels labels={d.labels} />
                </dd>
                <dt>Age</dt>
                <dd>{age(d.created, now)}</dd>
                <dt>Conditions</dt>
                <dd>
                  {d.conditions.map((c) => (
                    <div key={c.type} title={c.message ?? undefined}>
                      {c.type}: <span className={c.status === 'True' ? 'kube-ok' : 'kube-busy'}>{c.status}</span> <span className="muted small">{c.reason}</span>
                    </div>
                  ))}
                </dd>
              </dl>
              <h3>Image</h3>
              <ChangeImage key={d.uid} d={d} onError={setError} />
              <h3>ReplicaSets</h3>
              <table className="table kube-table" aria-label="ReplicaSets of the deployment">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Revision</th>
                    <th>Ready</th>
                    <th>Images</th>
                    <th>Age</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((rs) => (
                    <tr key={rs.uid} data-replicaset-name={rs.name}>
                      <td>
                        <a className="link" href={kubeHref('replicasets', rs.namespace, rs.name)}>
                          {rs.name}
                        </a>
                      </td>
                      <td>{rs.revision ?? '—'}</td>
                      <td>
                        {rs.ready}/{rs.desired}
                      </td>
                      <td className="mono">{rs.images.map((i) => i.image).join(', ')}</td>
                      <td>{age(rs.created, now)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>Pods</h3>
              <WatchStatus list={pods} what="pods" />
              <PodsTable pods={myPods.sort(byName)} showNamespace={false} label="Pods of the deployment" empty="No pods (yet)." />
              <h3>Events</h3>
              <EventsTable events={events.rows} showObject={false} label="Events of the deployment" />
            </div>
          )}
          {tab === 'yaml' && <YamlTab kind="deployments" namespace={namespace} name={name} version={d.resourceVersion} />}
        </>
      )}
      {deleting && d && (
        <DeleteDialog
          kind="deployments"
          label="Deployment"
          target={d}
          extra={<p className="muted">Its ReplicaSets and pods go with it.</p>}
          onCancel={() => setDeleting(false)}
          onDone={(e) => {
            setDeleting(false);
            if (e) setError(e);
            else kubeNavigate('deployments');
          }}
        />
      )}
    </div>
  );
}
