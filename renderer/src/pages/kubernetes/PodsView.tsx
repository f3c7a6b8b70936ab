import { useState } from 'react';
import { useNamespace, WatchStatus } from './common';
import { PodsTable } from './PodsTable';
import { useKubeWatch } from './use-kube-watch';

export function PodsView() {
  const namespace = useNamespace();
  const pods = useKubeWatch('pods', { namespace });
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle ? pods.rows.filter((p) => p.name.toLowerCase().includes(needle) || p.status.toLowerCase().includes(needle) || (p.node ?? '').includes(needle)) : pods.rows;
  const running = pods.rows.filter((p) => p.status === 'Running').length;
  return (
    <div className="kube-list" data-kube-list="pods" data-phase={pods.phase}>
      <div className="toolbar">
        <h2 className="kube-title">Pods</h2>
        <span className="muted">
          {pods.phase === 'loading' ? 'loading…' : pods.phase === 'failed' ? '' : `${pods.rows.length} pod${pods.rows.length === 1 ? '' : 's'}, ${running} running`}
        </span>
        <span className="spacer" />
        <input type="search" className="kube-filter" placeholder="Filter by name, status or node" aria-label="Filter pods" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <WatchStatus list={pods} what="pods" />
      {pods.phase !== 'loading' && pods.phase !== 'failed' && (
        <PodsTable pods={shown} showNamespace={!namespace} empty={needle ? `No pod matches “${filter}”.` : `No pods${namespace ? ` in ${namespace}` : ''}.`} />
      )}
      {pods.phase === 'loading' && <div className="empty-state kube-empty">Listing pods…</div>}
    </div>
  );
}
