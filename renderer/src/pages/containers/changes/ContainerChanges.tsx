import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ContainerChange } from '../../../../../shared/models';
import type { Result, RpcError } from '../../../../../shared/result';
import { useApi } from '../../../stores/context';
import { ErrorNote } from '../../../components/ErrorNote';
import { ChangeBadge } from '../../images/layers/ChangeBadge';
import { EntryIcon, Twisty } from '../../images/layers/EntryIcon';
import { treeKeyMove } from '../../images/layers/tree-keys';
import { buildChangeTree, findChange, folderPaths, visibleChanges, type ChangeNode } from './change-tree';
import { ChangePreview } from './ChangePreview';
import '../../images/layers/layers.css';
import './changes.css';

const kindWord: Record<ContainerChange['kind'], string> = { added: 'added', modified: 'changed', removed: 'deleted' };

/** Folders open by themselves up to this many changes; past it the user unfolds what they want. */
const openAllUpTo = 300;

/**
 * What the container changed in its writable layer against its image (`docker diff`): a tree built
 * from the engine's flat paths, a preview of a file's start, and a way to save a changed file.
 */
export function ContainerChanges({ id }: { id: string }) {
  const api = useApi();
  const [reloads, setReloads] = useState(0);
  const key = `${id}\n${reloads}`;
  const [loaded, setLoaded] = useState<{ key: string; result: Result<ContainerChange[]> } | null>(null);
  const [opened, setOpened] = useState<ReadonlySet<string> | null>(null);
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('containers:diff', { id }).then((result) => live && setLoaded({ key, result }));
    return () => {
      live = false;
    };
  }, [api, id, key]);

  const result = loaded?.result ?? null;
  const tree = useMemo(() => (result?.ok ? buildChangeTree(result.value) : null), [result]);
  // Until the user folds something, small diffs show fully unfolded.
  const open = useMemo(() => opened ?? new Set(tree && result?.ok && result.value.length <= openAllUpTo ? folderPaths(tree) : []), [opened, tree, result]);
  const rows = useMemo(() => (tree ? visibleChanges(tree, (p) => open.has(p)) : []), [tree, open]);
  // Looked up by path, so a refresh shows the selected path as it is now (or closes it when it is gone).
  const selected = tree && selectedPath ? findChange(tree, selectedPath) : null;

  const toggle = (path: string, to: boolean): void => {
    const next = new Set(open);
    if (to) next.add(path);
    else next.delete(path);
    setOpened(next);
  };
  const focusRow = (path: string): void => {
    setFocused(path);
    box.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number): void => {
    const move = treeKeyMove(
      e.key,
      rows.map((r) => ({ level: r.level, expandable: r.node.children.length > 0, expanded: open.has(r.node.path) })),
      index,
    );
    if (!move) return;
    e.preventDefault();
    if ('focus' in move) focusRow(rows[move.focus]!.node.path);
    else if ('expand' in move) toggle(rows[move.expand]!.node.path, true);
    else if ('collapse' in move) toggle(rows[move.collapse]!.node.path, false);
    else activate(rows[move.activate]!.node);
  };
  const activate = (node: ChangeNode): void => {
    setSelectedPath(node.path);
    if (node.children.length) toggle(node.path, !open.has(node.path));
  };

  const tabStop = rows.find((r) => r.node.path === focused) ?? rows.find((r) => r.node.path === selected?.path) ?? rows[0];
  const loading = loaded?.key !== key;
  const error: RpcError | null = result && !result.ok ? result.error : null;

  return (
    <div className="chg">
      <div className="toolbar">
        {tree && (
          <span className="chg-summary" data-change-count={result?.ok ? result.value.length : 0}>
            {tree.counts.added} added, {tree.counts.modified} changed, {tree.counts.removed} deleted
          </span>
        )}
        <span className="spacer" />
        {tree && tree.children.length > 0 && (
          <>
            <button type="button" onClick={() => setOpened(new Set(folderPaths(tree)))}>
              Unfold all
            </button>
            <button type="button" onClick={() => setOpened(new Set())}>
              Fold all
            </button>
          </>
        )}
        <button type="button" disabled={loading} onClick={() => setReloads((n) => n + 1)}>
          {loading && result ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="muted small chg-howto">
        The files this container added (A), changed (C) or deleted (D) in its own writable layer, compared with its image, as <code>docker diff</code>{' '}
        reports them. Select a file to read its start or save it; a folder to save it as a tar archive.
      </p>
      {!result ? (
        <div className="empty-state">Asking the engine for the container's changes…</div>
      ) : error ? (
        <ErrorNote error={error} />
      ) : tree && tree.children.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No changes</p>
          <p>This container has not changed any file of its image.</p>
        </div>
      ) : (
        <div className={selected ? 'vol-browser with-preview' : 'vol-browser'}>
          <div className="chg-tree-box">
            <div className="lx-tree chg-tree" role="tree" aria-label="Changed files" ref={box} aria-busy={loading}>
              {rows.map(({ node, level }, index) => {
                const folder = node.children.length > 0;
                const isOpen = open.has(node.path);
                const isSelected = selected?.path === node.path;
                return (
                  <div
                    key={node.path}
                    role="treeitem"
                    aria-level={level}
                    aria-expanded={folder ? isOpen : undefined}
                    aria-selected={isSelected}
                    tabIndex={tabStop?.node.path === node.path ? 0 : -1}
                    className={`lx-row${node.kind ? ` lx-row-${node.kind}` : ''}${isSelected ? ' selected' : ''}`}
                    style={{ paddingLeft: (level - 1) * 18 + 6 }}
                    data-path={node.path}
                    data-change={node.kind ?? 'none'}
                    onFocus={() => setFocused(node.path)}
                    onClick={() => activate(node)}
                    onKeyDown={(e) => onKeyDown(e, index)}
                  >
                    <span className="lx-twisty-box">{folder && <Twisty open={isOpen} />}</span>
                    <EntryIcon type={folder ? 'directory' : 'file'} />
                    <span className="lx-name">{node.name}</span>
                    {folder && !isOpen && (
                      <span className="muted small chg-below" title="Changes below this folder">
                        {node.counts.added + node.counts.modified + node.counts.removed - (node.kind ? 1 : 0)} below
                      </span>
                    )}
                    {node.kind ? (
                      <span className="chg-kind" title={kindWord[node.kind]}>
                        <ChangeBadge change={node.kind} letters="docker-diff" />
                      </span>
                    ) : (
                      <span className="lx-badge lx-none" title="Not changed itself: something below it changed">
                        <span aria-hidden="true" />
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          {selected && <ChangePreview key={selected.path} container={id} node={selected} onClose={() => setSelectedPath(null)} />}
        </div>
      )}
    </div>
  );
}
