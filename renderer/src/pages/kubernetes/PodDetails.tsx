import { useCallback, useState } from 'react';
import { podTerminalOwner, type PodContainer, type PodRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { Tabs } from '../../components/Tabs';
import { ErrorNote } from '../../components/ErrorNote';
import { LogViewer, type LogSource } from '../../components/logs/LogViewer';
import { LazyTerminalTabs } from '../../components/terminal/LazyTerminalTabs';
import { useApi, useKube } from '../../stores/context';
import { useNow } from '../../lib/use-now';
import { age, statusClass } from './kube-format';
import { kubeHref, kubeNavigate, type KubeView } from './kube-route';
import { DeleteDialog, Labels, WatchStatus, DetailsTitle } from './common';
import { EventsTable } from './EventsTable';
import { YamlTab } from './YamlTab';
import { ForwardButton } from './PortForwards';
import { useKubeWatch } from './use-kube-watch';

type Tab = 'overview' | 'logs' | 'terminal' | 'yaml';
const tabs: Tab[] = ['overview', 'logs', 'terminal', 'yaml'];

const ownerViews: Record<string, KubeView> = { ReplicaSet: 'replicasets', ReplicationController: 'replicationcontrollers', DaemonSet: 'daemonsets', Job: 'jobs' };

function containerState(c: PodContainer): string {
  if (c.state === 'running') return 'Running';
  return c.reason ?? (c.state === 'terminated' ? `Exited (${c.exitCode ?? '?'})` : c.state === 'waiting' ? 'Waiting' : 'Unknown');
}

function Overview({ pod }: { pod: PodRow }) {
  const now = useNow(5_000);
  const owner = pod.owners.find((o) => o.controller) ?? pod.owners[0];
  const ownerView = owner ? ownerViews[owner.kind] : undefined;
  const events = useKubeWatch('events', { namespace: pod.namespace, fieldSelector: `involvedObject.uid=${pod.uid}` });
  const all = [...pod.initContainers.map((c) => ({ c, init: true })), ...pod.containers.map((c) => ({ c, init: false }))];
  return (
    <div className="kube-overview">
      <dl className="kv card">
        <dt>Status</dt>
        <dd>
          <span className={`kube-status ${statusClass(pod.status)}`}>{pod.status}</span> <span className="muted">({pod.phase})</span>
        </dd>
        <dt>Ready</dt>
        <dd>
          {pod.ready}/{pod.total}
        </dd>
        <dt>Restarts</dt>
        <dd>{pod.restarts}</dd>
        <dt>Node</dt>
        <dd className="mono">{pod.node ?? '—'}</dd>
        <dt>IP</dt>
        <dd className="mono">{pod.ip ?? '—'}</dd>
        <dt>Age</dt>
        <dd>{age(pod.created, now)}</dd>
        <dt>QoS</dt>
        <dd>{pod.qos ?? '—'}</dd>
        <dt>Controlled by</dt>
        <dd>
          {owner ? (
            ownerView ? (
              <a className="link" href={kubeHref(ownerView, pod.namespace, owner.name)}>
                {owner.kind} {owner.name}
              </a>
            ) : (
              `${owner.kind} ${owner.name}`
            )
          ) : (
            '—'
          )}
        </dd>
        <dt>Labels</dt>
        <dd>
          <Labels labels={pod.labels} />
        </dd>
        {pod.message && (
          <>
            <dt>Message</dt>
            <dd>{pod.message}</dd>
          </>
        )}
      </dl>
      <h3>Containers</h3>
      <table className="table kube-table" aria-label="Containers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Image</th>
            <th>State</th>
            <th>Ready</th>
            <th className="kube-num">Restarts</th>
            <th>Last ended</th>
            <th>Ports</th>
          </tr>
        </thead>
        <tbody>
          {all.map(({ c, init }) => (
            <tr key={`${init}-${c.name}`} data-container={c.name}>
              <td className="name">
                {c.name} {init && <span className="chip">init</span>}
              </td>
              <td className="mono">{c.image}</td>
              <td>
                <span className={`kube-status ${statusClass(containerState(c))}`} title={c.message ?? undefined}>
                  {containerState(c)}
                </span>
              </td>
              <td>{c.ready ? 'yes' : 'no'}</td>
              <td className="kube-num">{c.restarts}</td>
              <td>{c.lastTerminated ? `${c.lastTerminated.reason ?? 'Exited'} (${c.lastTerminated.exitCode ?? '?'}) ${c.lastTerminated.finishedAt ? `${age(c.lastTerminated.finishedAt, now)} ago` : ''}` : <span className="muted">—</span>}</td>
              <td>
                {c.ports.length ? (
                  c.ports.map((p) => (
                    <div key={`${p.containerPort}/${p.protocol}`} className="kube-port">
                      <span className="mono">
                        {p.name ? `${p.name} ` : ''}
                        {p.containerPort}/{p.protocol}
                      </span>
                      {p.protocol === 'TCP' && pod.namespace && pod.status === 'Running' && <ForwardButton namespace={pod.namespace} target={{ kind: 'pods', name: pod.name }} port={p.containerPort} />}
                    </div>
                  ))
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Conditions</h3>
      <table className="table kube-table" aria-label="Conditions">
        <thead>
          <tr>
            <th>Type</th>
            <th>Status</th>
            <th>Reason</th>
            <th>Since</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {pod.conditions.map((c) => (
            <tr key={c.type}>
              <td>{c.type}</td>
              <td className={c.status === 'True' ? 'kube-ok' : 'kube-muted'}>{c.status}</td>
              <td>{c.reason ?? ''}</td>
              <td>{c.lastTransition ? age(c.lastTransition, now) : ''}</td>
              <td className="kube-message">{c.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Events</h3>
      <WatchStatus list={events} what="events" />
      <EventsTable events={events.rows} showObject={false} label="Events of the pod" />
    </div>
  );
}

/** A container picker for logs and terminals: init containers too. */
function ContainerPicker({ pod, value, onChange }: { pod: PodRow; value: string; onChange(name: string): void }) {
  const names = [...pod.containers.map((c) => c.name), ...pod.initContainers.map((c) => c.name)];
  return (
    <label className="kube-picker">
      <span className="muted small">Container</span>
      <select aria-label="Container" value={value} onChange={(e) => onChange(e.target.value)}>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

function hasPreviousRun(pod: PodRow, container: string): boolean {
  const info = [...pod.containers, ...pod.initContainers].find((c) => c.name === container);
  return !!info?.lastTerminated || (info?.restarts ?? 0) > 0;
}

function PodLogs({ pod, container, previous }: { pod: PodRow; container: string; previous: boolean }) {
  const api = useApi();
  const context = useKube((s) => s.context) ?? '';
  const info = [...pod.containers, ...pod.initContainers].find((c) => c.name === container);
  const namespace = pod.namespace ?? '';
  const source = useCallback<LogSource>(
    (options, handlers) => api.openStream('kube:pod-logs', { context, namespace, pod: pod.name, container, previous, ...options }, handlers),
    [api, context, namespace, pod.name, container, previous],
  );
  return (
    <div className="kube-logs">
      <LogViewer key={`${container}|${previous}`} source={source} emptyHint={info?.state === 'running' ? 'Waiting for the container to print something…' : 'The container printed nothing (yet).'} />
    </div>
  );
}

/** One pod: overview with containers, conditions and its events; logs; a shell; YAML. */
export function PodDetails({ namespace, name, tab: initialTab }: { namespace: string; name: string; tab?: string | null }) {
  const context = useKube((s) => s.context) ?? '';
  const list = useKubeWatch('pods', { namespace, fieldSelector: `metadata.name=${name}` });
  const pod = list.rows[0];
  const [tab, setTab] = useState<Tab>(tabs.includes(initialTab as Tab) ? (initialTab as Tab) : 'overview');
  const [container, setContainer] = useState<string | null>(null);
  const [previous, setPrevious] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const chosen = container ?? pod?.containers[0]?.name ?? '';
  return (
    <div className="kube-details" data-pod-details={name} data-pod-status={pod?.status ?? ''}>
      <div className="toolbar">
        <DetailsTitle back="pods" backLabel="Pods" name={name} namespace={namespace} status={pod ? { className: statusClass(pod.status), text: pod.status } : null} />
        <span className="spacer" />
        {pod && (
          <button type="button" className="danger-quiet" onClick={() => setDeleting(true)} disabled={pod.deleting}>
            Delete
          </button>
        )}
      </div>
      <WatchStatus list={list} what="the pod" />
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {list.phase !== 'loading' && list.phase !== 'failed' && !pod && <div className="banner error">Pod {name} does not exist (any more) in {namespace}.</div>}
      {pod && (
        <>
          <Tabs<Tab>
            label="Pod details"
            current={tab}
            onChange={setTab}
            tabs={[
              { id: 'overview', label: 'Overview' },
              { id: 'logs', label: 'Logs' },
              { id: 'terminal', label: 'Terminal' },
              { id: 'yaml', label: 'YAML' },
            ]}
          />
          {(tab === 'logs' || tab === 'terminal') && (
            <div className="kube-container-bar">
              <ContainerPicker
                pod={pod}
                value={chosen}
                onChange={(name) => {
                  setContainer(name);
                  setPrevious(false);
                }}
              />
              {tab === 'logs' && (
                <label className="check" title={hasPreviousRun(pod, chosen) ? 'The log of the run before the last restart' : 'The container has not restarted'}>
                  <input type="checkbox" checked={previous} disabled={!hasPreviousRun(pod, chosen) && !previous} onChange={(e) => setPrevious(e.target.checked)} />
                  Previous run
                </label>
              )}
            </div>
          )}
          {tab === 'overview' && <Overview pod={pod} />}
          {tab === 'logs' && chosen && <PodLogs key={chosen} pod={pod} container={chosen} previous={previous} />}
          {tab === 'terminal' && chosen && (
            <LazyTerminalTabs
              key={`${pod.uid}/${chosen}`}
              owner={podTerminalOwner(context, namespace, name)}
              spec={{ mode: 'pod', pod: { context, namespace, name, container: chosen }, containerName: `${name}/${chosen}` }}
              label={`Terminals in ${name}`}
            />
          )}
          {tab === 'yaml' && <YamlTab kind="pods" namespace={namespace} name={name} version={pod.resourceVersion} />}
        </>
      )}
      {deleting && pod && (
        <DeleteDialog
          kind="pods"
          label="Pod"
          target={pod}
          onCancel={() => setDeleting(false)}
          onDone={(e) => {
            setDeleting(false);
            if (e) setError(e);
            else kubeNavigate('pods');
          }}
        />
      )}
    </div>
  );
}
