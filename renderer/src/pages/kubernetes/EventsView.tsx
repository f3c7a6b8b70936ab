import { useState } from 'react';
import { useNamespace, WatchStatus } from './common';
import { EventsTable } from './EventsTable';
import { useKubeWatch } from './use-kube-watch';

/** The cluster's recent events, newest first, filterable by the object they concern. */
export function EventsView() {
  const namespace = useNamespace();
  const list = useKubeWatch('events', { namespace });
  const [kind, setKind] = useState('');
  const [object, setObject] = useState('');
  const [type, setType] = useState('');
  const kinds = [...new Set(list.rows.map((e) => e.object.kind))].filter(Boolean).sort();
  const needle = object.trim().toLowerCase();
  const shown = list.rows.filter(
    (e) =>
      (!kind || e.object.kind === kind) &&
      (!type || e.type === type) &&
      (!needle || e.object.name.toLowerCase().includes(needle) || `${e.object.kind}/${e.object.name}`.toLowerCase().includes(needle) || e.reason.toLowerCase().includes(needle)),
  );
  return (
    <div className="kube-list" data-kube-list="events" data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">Events</h2>
        <span className="muted">
          {list.phase === 'loading' ? 'loading…' : shown.length === list.rows.length ? `${list.rows.length}` : `${shown.length} of ${list.rows.length}`}
        </span>
        <span className="spacer" />
        <select aria-label="Object kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">Every kind</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <select aria-label="Event type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">Normal and warnings</option>
          <option value="Warning">Warnings</option>
          <option value="Normal">Normal</option>
        </select>
        <input type="search" placeholder="Object name or reason" aria-label="Filter events by object" value={object} onChange={(e) => setObject(e.target.value)} />
      </div>
      <WatchStatus list={list} what="events" />
      {list.phase !== 'loading' && list.phase !== 'failed' && <EventsTable events={shown} showNamespace={!namespace} label="Events" />}
    </div>
  );
}
