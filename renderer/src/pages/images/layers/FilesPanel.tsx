import { useState } from 'react';
import type { ChangeKind, LayerTreeEntry } from '../../../../../shared/models';
import { ChangeBadge } from './ChangeBadge';
import { EntryDetails } from './EntryDetails';
import { FileTree, type ViewMode } from './FileTree';
import { SearchResults } from './SearchResults';
import type { SortKey } from './layer-format';

const kindsInOrder: ChangeKind[] = ['added', 'modified', 'removed', 'unchanged'];

/** The folders above a path, top first: "/a/b/c" → ["/a", "/a/b"]. */
function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

export interface FilesPanelProps {
  image: string;
  layer: number;
  mode: ViewMode;
  onMode(mode: ViewMode): void;
  onSelectLayer(index: number): void;
}

/** The files of one layer: a tree (lazy, sortable), or a flat list of matches once a filter is set. */
export function FilesPanel({ image, layer, mode, onMode, onSelectLayer }: FilesPanelProps) {
  const [query, setQuery] = useState('');
  const [kinds, setKinds] = useState<ReadonlySet<ChangeKind>>(new Set());
  const [sort, setSort] = useState<SortKey>('name');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<LayerTreeEntry | null>(null);
  const filtering = query.trim() !== '' || kinds.size > 0;

  const toggleKind = (kind: ChangeKind, on: boolean): void =>
    setKinds((k) => {
      const next = new Set(k);
      if (on) next.add(kind);
      else next.delete(kind);
      return next;
    });
  const onToggle = (path: string, open: boolean): void =>
    setExpanded((e) => {
      const next = new Set(e);
      if (open) next.add(path);
      else next.delete(path);
      return next;
    });
  const reveal = (entry: LayerTreeEntry): void => {
    setExpanded((e) => new Set([...e, ...ancestors(entry.path)]));
    setSelected(entry);
    setQuery('');
    setKinds(new Set());
  };
  // A selection belongs to the view it was made in; another layer may not have that path.
  const [selectionView, setSelectionView] = useState(`${layer}|${mode}`);
  if (selectionView !== `${layer}|${mode}`) {
    setSelectionView(`${layer}|${mode}`);
    setSelected(null);
  }

  return (
    <section className="card lx-files" aria-label="Files">
      <div className="lx-files-bar">
        <fieldset className="lx-segmented">
          <legend className="lx-sr">Show</legend>
          <label className={mode === 'changes' ? 'on' : undefined}>
            <input type="radio" name="lx-mode" value="changes" checked={mode === 'changes'} onChange={() => onMode('changes')} />
            This layer's changes
          </label>
          <label className={mode === 'stack' ? 'on' : undefined}>
            <input type="radio" name="lx-mode" value="stack" checked={mode === 'stack'} onChange={() => onMode('stack')} />
            Image at this layer
          </label>
        </fieldset>
        <input type="search" className="lx-filter" aria-label="Filter by name" placeholder="Filter by name…" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="lx-files-row">
        <fieldset className="lx-kinds">
          <legend className="muted small">Only</legend>
          {kindsInOrder.map((kind) => (
            <label key={kind} className={kinds.has(kind) ? 'lx-kind on' : 'lx-kind'}>
              <input type="checkbox" checked={kinds.has(kind)} onChange={(e) => toggleKind(kind, e.target.checked)} />
              <ChangeBadge change={kind} />
              <span aria-hidden="true">{kind}</span>
            </label>
          ))}
          {filtering && (
            <button
              type="button"
              className="link-button small"
              onClick={() => {
                setQuery('');
                setKinds(new Set());
              }}
            >
              Clear filter
            </button>
          )}
        </fieldset>
      </div>
      {!filtering && (
        <div className="lx-tree-head" role="group" aria-label="Sort by">
          <button type="button" className="lx-sort-button" aria-pressed={sort === 'name'} onClick={() => setSort('name')} title="Folders first, then by name">
            Name{sort === 'name' && <span aria-hidden="true"> ↑</span>}
          </button>
          <span className="lx-head-change">Change</span>
          <button type="button" className="lx-sort-button lx-head-size" aria-pressed={sort === 'size'} onClick={() => setSort('size')} title="Largest first">
            Size{sort === 'size' && <span aria-hidden="true"> ↓</span>}
          </button>
        </div>
      )}
      {filtering ? (
        <SearchResults image={image} layer={layer} mode={mode} query={query.trim()} kinds={kinds} sort={sort} onSort={setSort} selected={selected?.path ?? null} onSelect={setSelected} onReveal={reveal} />
      ) : (
        <FileTree image={image} layer={layer} mode={mode} sort={sort} expanded={expanded} onToggle={onToggle} selected={selected?.path ?? null} onSelect={setSelected} />
      )}
      {selected && <EntryDetails entry={selected} mode={mode} layer={layer} onSelectLayer={onSelectLayer} />}
    </section>
  );
}
