import { useState } from 'react';
import type { EndpointSliceRow, ServiceRow } from '../../../../shared/models';
import { useNow } from '../../lib/use-now';
import { age, byName, selectorText } from './kube-format';
import { DeleteDialog, RowError, useNamespace, WatchStatus, useRowErrors } from './common';
import { ForwardButton, ForwardsPanel } from './PortForwards';
import { useKubeWatch } from './use-kube-watch';

/** The ready addresses behind a service, with the port numbers they serve on. */
function endpointsOf(svc: ServiceRow, slices: EndpointSliceRow[]): { ready: string[]; notReady: string[] } {
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const slice of slices) {
    if (slice.service !== svc.name || slice.namespace !== svc.namespace) continue;
    const ports = slice.ports.map((p) => p.port).filter(Boolean);
    for (const e of slice.endpoints) {
      for (const a of e.addresses) {
        const text = ports.length ? ports.map((p) => `${a}:${p}`).join(', ') : a;
        (e.ready ? ready : notReady).push(text);
      }
    }
  }
  return { ready, notReady };
}

function ServiceTableRow({ svc, slices, now, showNamespace, onDelete }: { svc: ServiceRow; slices: EndpointSliceRow[]; now: number; showNamespace: boolean; onDelete(s: ServiceRow): void }) {
  const endpoints = endpointsOf(svc, slices);
  const forwardable = Object.keys(svc.selector).length > 0;
  return (
    <tr data-service-name={svc.name} data-endpoints={endpoints.ready.length}>
      <td className="name">{svc.name}</td>
      {showNamespace && <td>{svc.namespace}</td>}
      <td>{svc.type}</td>
      <td className="mono">{svc.clusterIP ?? <span className="muted">None</span>}</td>
      <td>
        {svc.ports.map((p) => (
          <div key={`${p.port}/${p.protocol}`} className="kube-port" data-port={p.port}>
            <span className="mono">
              {p.name ? `${p.name} ` : ''}
              {p.port}
              {String(p.targetPort) !== String(p.port) ? `→${p.targetPort}` : ''}/{p.protocol}
              {p.nodePort ? ` (node ${p.nodePort})` : ''}
            </span>
            {forwardable && p.protocol === 'TCP' && svc.namespace && <ForwardButton namespace={svc.namespace} target={{ kind: 'services', name: svc.name }} port={p.port} />}
          </div>
        ))}
      </td>
      <td className="mono kube-endpoints">
        {endpoints.ready.length ? endpoints.ready.map((e) => <div key={e}>{e}</div>) : <span className="muted">{forwardable ? 'none ready' : 'no selector'}</span>}
        {endpoints.notReady.length > 0 && <div className="kube-busy small">{endpoints.notReady.length} not ready</div>}
      </td>
      <td className="mono small">{selectorText(svc.selector) || <span className="muted">—</span>}</td>
      <td className="nowrap">{age(svc.created, now)}</td>
      <td className="actions">
        <button type="button" className="danger-quiet" onClick={() => onDelete(svc)} aria-label={`Delete ${svc.name}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}

export function ServicesView() {
  const namespace = useNamespace();
  const list = useKubeWatch('services', { namespace });
  const slices = useKubeWatch('endpointslices', { namespace });
  const now = useNow(5_000);
  const [deleting, setDeleting] = useState<ServiceRow | null>(null);
  const { errors, setError, dismiss } = useRowErrors();
  const sorted = [...list.rows].sort(byName);
  const columns = namespace ? 8 : 9;
  return (
    <div className="kube-list" data-kube-list="services" data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">Services</h2>
        <span className="muted">{list.phase === 'loading' ? 'loading…' : `${list.rows.length}`}</span>
      </div>
      <ForwardsPanel />
      <WatchStatus list={list} what="services" />
      {list.phase === 'live' && !sorted.length && <div className="empty-state kube-empty">No services{namespace ? ` in ${namespace}` : ''}.</div>}
      {sorted.length > 0 && (
        <table className="table kube-table" aria-label="Services">
          <thead>
            <tr>
              <th>Name</th>
              {!namespace && <th>Namespace</th>}
              <th>Type</th>
              <th>Cluster IP</th>
              <th>Ports</th>
              <th>Endpoints</th>
              <th>Selector</th>
              <th>Age</th>
              <th className="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((svc) => [
              <ServiceTableRow key={svc.uid} svc={svc} slices={slices.rows} now={now} showNamespace={!namespace} onDelete={setDeleting} />,
              <RowError
                key={`${svc.uid}-e`}
                error={errors[svc.uid]}
                columns={columns}
                label={svc.name}
                id={svc.name}
                onDismiss={() => dismiss(svc.uid)}
              />,
            ])}
          </tbody>
        </table>
      )}
      {deleting && (
        <DeleteDialog
          kind="services"
          label="Service"
          target={deleting}
          onCancel={() => setDeleting(null)}
          onDone={(e) => {
            const svc = deleting;
            setDeleting(null);
            if (e) setError(svc.uid, e);
          }}
        />
      )}
    </div>
  );
}
