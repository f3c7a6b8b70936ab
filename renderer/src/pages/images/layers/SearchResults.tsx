import { useEffect, useState } from 'react';
import type { ChangeKind, LayerTreeEntry } from '../../../../../shared/models';
import type { Result } from '../../../../../shared/result';
import { useApi } from '../../../stores/context';
import { formatBytes } from '../../../lib/format';
import { ChangeBadge } from './ChangeBadge';
import { EntryIcon } from './EntryIcon';
import { entryTypeLabel, type SortKey } from './layer-format';
import type { ViewMode } from './FileTree';

/** How many matches the list asks for; more say so rather than scroll forever. */
export const searchLimit = 1000;

export interface SearchResultsProps {
  image: string;
  layer: number;
  mode: ViewMode;
  query: string;
  kinds: ReadonlySet<ChangeKind>;
  sort: SortKey;
  onSort(sort: SortKey): void;
  selected: string | null;
  onSelect(entry: LayerTreeEntry): void;
  onReveal(entry: LayerTreeEntry): void;
}

/** Matches of a name filter (and change kinds) anywhere in the view, as a flat list with full paths (`layers:search`). */
export function SearchResults({ image, layer, mode, query, kinds, sort, onSort, selected, onSelect, onReveal }: SearchResultsProps) {
  const api = useApi();
  const changesKey = [...kinds].sort().join(',');
  const key = `${image}|${layer}|${mode}|${query}|${changesKey}`;
  const [found, setFound] = useState<{ key: string; result: Result<LayerTreeEntry[]> } | null>(null);

  useEffect(() => {
    let live = true;
    const changes = changesKey ? (changesKey.split(',') as ChangeKind[]) : [];
    // Typing settles before the backend is asked.
    const timer = setTimeout(() => {
      const args = { image, layer, mode, query, limit: searchLimit, ...(changes.length ? { changes } : {}) };
      void api.invoke('layers:search', args).then((result) => live && setFound({ key, result }));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, image, layer, mode, query, changesKey, key]);

  const current = found?.key === key ? found.result : null;
  if (!found) return <p className="muted lx-pad">Searching…</p>;
  const shown = current ?? found.result;
  if (!shown.ok) {
    return (
      <div className="banner error" role="alert">
        {shown.error.message}
      </div>
    );
  }
  const matches = [...shown.value].sort((a, b) => (sort === 'size' ? b.size - a.size : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return (
    <div className="lx-results" aria-busy={!current}>
      <p className="muted small lx-pad" role="status">
        {matches.length === 0
          ? 'Nothing matches.'
          : `${matches.length.toLocaleString('en')} match${matches.length === 1 ? '' : 'es'}${matches.length >= searchLimit ? ` (the first ${searchLimit.toLocaleString('en')}; narrow the filter to see the rest)` : ''}`}
      </p>
      {matches.length > 0 && (
        <table className="table lx-table" aria-label="Matching files">
          <thead>
            <tr>
              <th>Change</th>
              <th aria-sort={sort === 'name' ? 'ascending' : undefined}>
                <button type="button" className="link-button lx-th-sort" onClick={() => onSort('name')}>
                  Path{sort === 'name' && <span aria-hidden="true"> ↑</span>}
                </button>
              </th>
              <th>Type</th>
              <th className="lx-num" aria-sort={sort === 'size' ? 'descending' : undefined}>
                <button type="button" className="link-button lx-th-sort" onClick={() => onSort('size')}>
                  Size{sort === 'size' && <span aria-hidden="true"> ↓</span>}
                </button>
              </th>
              <th>
                <span className="lx-sr">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {matches.map((e) => (
              <tr key={e.path} data-path={e.path} data-change={e.change} data-type={e.type} className={e.path === selected ? 'selected' : undefined}>
                <td>
                  <ChangeBadge change={e.change} />
                </td>
                <td className="lx-path">
                  <button type="button" className="link-button mono" aria-pressed={e.path === selected} onClick={() => onSelect(e)}>
                    <EntryIcon type={e.type} />
                    {e.path}
                  </button>
                  {e.linkTarget !== undefined && <span className="lx-target mono"> → {e.linkTarget}</span>}
                </td>
                <td className="muted">{entryTypeLabel[e.type]}</td>
                <td className="lx-num nowrap" data-size={e.size}>
                  {e.type === 'symlink' ? '—' : formatBytes(e.size)}
                </td>
                <td>
                  <button type="button" className="link-button small" aria-label={`Show ${e.path} in the tree`} onClick={() => onReveal(e)}>
                    Show in tree
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
