import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LayerTreeEntry } from '../../../../../shared/models';
import type { RpcError } from '../../../../../shared/result';
import { useApi } from '../../../stores/context';
import { formatBytes } from '../../../lib/format';
import { ChangeBadge } from './ChangeBadge';
import { EntryIcon, Twisty } from './EntryIcon';
import { entryTypeLabel, sortEntries, type SortKey } from './layer-format';
import { treeKeyMove } from './tree-keys';

export type ViewMode = 'changes' | 'stack';

type Folder = { ok: true; entries: LayerTreeEntry[] } | { ok: false; error: RpcError };

type Row = { kind: 'entry'; entry: LayerTreeEntry; level: number } | { kind: 'note'; key: string; level: number; text: string; error?: boolean };

const expandable = (e: LayerTreeEntry): boolean => e.type === 'directory' && e.hasChildren;

export interface FileTreeProps {
  image: string;
  layer: number;
  mode: ViewMode;
  sort: SortKey;
  expanded: ReadonlySet<string>;
  onToggle(path: string, open: boolean): void;
  selected: string | null;
  onSelect(entry: LayerTreeEntry): void;
}

/**
 * One layer's files as a tree. Folders are fetched when opened (`layers:tree`), so an image of any
 * size costs only what the user unfolds. Open folders stay open across layers and views.
 */
export function FileTree({ image, layer, mode, sort, expanded, onToggle, selected, onSelect }: FileTreeProps) {
  const api = useApi();
  const view = `${image}|${layer}|${mode}`;
  const [folders, setFolders] = useState<Record<string, Folder>>({});
  const requested = useRef(new Set<string>());
  const box = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState<string | null>(null);

  const { rows, missing } = useMemo(() => {
    const rows: Row[] = [];
    const missing: string[] = [];
    const walk = (path: string, level: number): void => {
      const folder = folders[`${view}|${path}`];
      if (!folder) {
        missing.push(path);
        rows.push({ kind: 'note', key: `loading:${path}`, level, text: 'Loading…' });
        return;
      }
      if (!folder.ok) {
        rows.push({ kind: 'note', key: `error:${path}`, level, text: folder.error.message, error: true });
        return;
      }
      if (!folder.entries.length) {
        const text = level > 1 ? 'Nothing in this view.' : mode === 'changes' ? 'This layer changes no files.' : 'The image has no files at this layer.';
        rows.push({ kind: 'note', key: `empty:${path}`, level, text });
      }
      for (const entry of sortEntries(folder.entries, sort)) {
        rows.push({ kind: 'entry', entry, level });
        if (expandable(entry) && expanded.has(entry.path)) walk(entry.path, level + 1);
      }
    };
    walk('/', 1);
    return { rows, missing };
  }, [folders, view, sort, expanded, mode]);

  const missingKey = missing.join('\n');
  useEffect(() => {
    for (const path of missingKey.split('\n')) {
      const key = `${view}|${path}`;
      if (!path || requested.current.has(key)) continue;
      requested.current.add(key);
      void api.invoke('layers:tree', { image, layer, mode, path }).then((r) => {
        setFolders((f) => ({ ...f, [key]: r.ok ? { ok: true, entries: r.value } : { ok: false, error: r.error } }));
      });
    }
  }, [api, image, layer, mode, view, missingKey]);

  const entries = rows.filter((r): r is Extract<Row, { kind: 'entry' }> => r.kind === 'entry');
  const tabStop = entries.find((r) => r.entry.path === focused) ?? entries.find((r) => r.entry.path === selected) ?? entries[0];

  // Bring the selected entry into view when it appears (after "Show in tree" from a search).
  const selectedVisible = entries.some((r) => r.entry.path === selected);
  useEffect(() => {
    if (!selected || !selectedVisible) return;
    box.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected, selectedVisible]);

  const toggle = (entry: LayerTreeEntry, open: boolean): void => {
    // Opening a folder that failed to load asks again.
    const key = `${view}|${entry.path}`;
    if (open && folders[key] && !folders[key].ok) {
      requested.current.delete(key);
      setFolders(({ [key]: _dropped, ...rest }) => rest);
    }
    onToggle(entry.path, open);
  };

  const focusRow = (path: string): void => {
    setFocused(path);
    box.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number): void => {
    const move = treeKeyMove(
      e.key,
      entries.map((r) => ({ level: r.level, expandable: expandable(r.entry), expanded: expanded.has(r.entry.path) })),
      index,
    );
    if (!move) return;
    e.preventDefault();
    if ('focus' in move) focusRow(entries[move.focus]!.entry.path);
    else if ('expand' in move) toggle(entries[move.expand]!.entry, true);
    else if ('collapse' in move) toggle(entries[move.collapse]!.entry, false);
    else {
      const entry = entries[move.activate]!.entry;
      onSelect(entry);
      if (expandable(entry)) toggle(entry, !expanded.has(entry.path));
    }
  };

  return (
    <div className="lx-tree" role="tree" aria-label={mode === 'changes' ? `Files layer ${layer} changed` : `Files of the image at layer ${layer}`} ref={box} data-view={mode}>
      {rows.map((row) => {
        if (row.kind === 'note') {
          return (
            <div key={row.key} className={row.error ? 'lx-note lx-note-error' : 'lx-note'} style={{ paddingLeft: row.level * 18 + 6 }} role={row.error ? 'alert' : undefined}>
              {row.text}
            </div>
          );
        }
        const { entry, level } = row;
        const open = expanded.has(entry.path);
        const index = entries.indexOf(row);
        return (
          <div
            key={entry.path}
            role="treeitem"
            aria-level={level}
            aria-expanded={expandable(entry) ? open : undefined}
            aria-selected={entry.path === selected}
            tabIndex={row === tabStop ? 0 : -1}
            className={`lx-row lx-row-${entry.change}${entry.path === selected ? ' selected' : ''}`}
            style={{ paddingLeft: (level - 1) * 18 + 6 }}
            data-path={entry.path}
            data-change={entry.change}
            data-type={entry.type}
            data-size={entry.size}
            onFocus={() => setFocused(entry.path)}
            onClick={() => {
              onSelect(entry);
              if (expandable(entry)) toggle(entry, !open);
            }}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            <span className="lx-twisty-box">{expandable(entry) && <Twisty open={open} />}</span>
            <EntryIcon type={entry.type} />
            <span className="lx-name">
              {entry.name}
              {entry.linkTarget !== undefined && <span className="lx-target"> → {entry.linkTarget}</span>}
              {(entry.type === 'symlink' || entry.type === 'hardlink') && <span className="lx-tag">{entryTypeLabel[entry.type]}</span>}
            </span>
            <ChangeBadge change={entry.change} />
            <span className="lx-size" title={entry.type === 'directory' ? 'Everything below it, in this view' : `${entry.size.toLocaleString('en')} bytes`}>
              {entry.type === 'symlink' ? '—' : formatBytes(entry.size)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
