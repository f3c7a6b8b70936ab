import type { LayerTreeEntry } from '../../../../../shared/models';
import { formatBytes } from '../../../lib/format';
import { permissions } from '../../volumes/volume-paths';
import { ChangeBadge } from './ChangeBadge';
import { entryTypeLabel } from './layer-format';
import type { ViewMode } from './FileTree';

/** The selected path: what it is and which layers wrote it (each a way to that layer). */
export function EntryDetails({ entry, mode, layer, onSelectLayer }: { entry: LayerTreeEntry; mode: ViewMode; layer: number; onSelectLayer(index: number): void }) {
  return (
    <section className="lx-details" aria-label={`Details of ${entry.path}`} data-details-path={entry.path}>
      <div className="lx-details-head">
        <ChangeBadge change={entry.change} />
        <span className="mono lx-details-path">{entry.path}</span>
      </div>
      <dl className="kv lx-kv">
        <dt>Type</dt>
        <dd>
          {entryTypeLabel[entry.type]}
          {entry.linkTarget !== undefined && <span className="mono"> → {entry.linkTarget}</span>}
        </dd>
        <dt>{entry.type === 'directory' ? 'Size below it' : 'Size'}</dt>
        <dd>
          {formatBytes(entry.size)} <span className="muted small">({entry.size.toLocaleString('en')} bytes{entry.type === 'directory' ? (mode === 'changes' ? `, changed in layer ${layer}` : `, at layer ${layer}`) : ''})</span>
        </dd>
        <dt>Permissions</dt>
        <dd className="mono">{permissions(entry.mode)}</dd>
        <dt>Written by</dt>
        <dd>
          {entry.layers.length === 0 ? (
            <span className="muted">no layer</span>
          ) : (
            entry.layers.map((l) => (
              <button key={l} type="button" className="lx-layer-chip" aria-label={`Go to layer ${l}`} aria-current={l === layer ? 'true' : undefined} onClick={() => onSelectLayer(l)}>
                {l}
              </button>
            ))
          )}
        </dd>
      </dl>
    </section>
  );
}
