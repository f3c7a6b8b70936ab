import type { EventRow } from '../../../../shared/models';
import { useNow } from '../../lib/use-now';
import { age } from './kube-format';

/** Events, newest first: type, reason, object, message, count, last seen. */
export function EventsTable({ events, showObject = true, showNamespace = false, label = 'Events', limit = 500 }: { events: EventRow[]; showObject?: boolean; showNamespace?: boolean; label?: string; limit?: number }) {
  const now = useNow(5_000);
  const sorted = [...events].sort((a, b) => (b.last ?? b.created ?? 0) - (a.last ?? a.created ?? 0)).slice(0, limit);
  if (!sorted.length) return <div className="empty-state kube-empty">No events.</div>;
  return (
    <table className="table kube-table kube-events" aria-label={label} data-rows={sorted.length}>
      <thead>
        <tr>
          <th>Last seen</th>
          <th>Type</th>
          <th>Reason</th>
          {showNamespace && <th>Namespace</th>}
          {showObject && <th>Object</th>}
          <th>Message</th>
          <th className="kube-num">Count</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((e) => (
          <tr key={e.uid} data-event-reason={e.reason} data-event-object={`${e.object.kind}/${e.object.name}`}>
            <td className="nowrap" title={e.last ? new Date(e.last).toLocaleString() : undefined}>
              {age(e.last ?? e.created, now)}
            </td>
            <td className={e.type === 'Warning' ? 'kube-bad' : 'muted'}>{e.type}</td>
            <td className="nowrap">{e.reason}</td>
            {showNamespace && <td>{e.namespace}</td>}
            {showObject && (
              <td className="nowrap mono">
                {e.object.kind.toLowerCase()}/{e.object.name}
              </td>
            )}
            <td className="kube-message">{e.message}</td>
            <td className="kube-num">{e.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
