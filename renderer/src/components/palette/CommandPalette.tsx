import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context';
import { isMacPlatform, shortcutLabel } from '../../lib/shortcuts';
import { rankEntries, type PaletteKind } from './palette-search';
import { loadPaletteSources, paletteCommands, type PaletteCommand } from './palette-commands';
import './palette.css';

const kindLabel: Record<PaletteKind, string> = { page: 'Page', action: 'Action', container: 'Container', image: 'Image', volume: 'Volume', network: 'Network', pod: 'Pod' };

/**
 * Ctrl+K (⌘K): find a container, image, volume, network, page or action by name and go there.
 * Arrow keys move, Enter opens, Escape closes. A modal <dialog>, so focus stays inside it.
 */
export function CommandPalette({ onClose }: { onClose(): void }) {
  const stores = useStores();
  const mac = isMacPlatform(navigator.platform);
  const ref = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  // Re-rank when what the stores hold changes (a container appears while the palette is open).
  const containers = useStore(stores.containers, (s) => s.byId);
  const images = useStore(stores.images, (s) => s.items);
  const volumes = useStore(stores.volumes, (s) => s.items);
  const networks = useStore(stores.networks, (s) => s.items);
  const settings = useStore(stores.settings, (s) => s.view);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    loadPaletteSources(stores);
    return () => dialog?.close();
  }, [stores]);

  const all = useMemo(() => paletteCommands(stores, mac), [stores, mac, containers, images, volumes, networks, settings]); // eslint-disable-line react-hooks/exhaustive-deps -- the store snapshots are the inputs
  const results = useMemo(() => rankEntries(all, query, { limit: 40 }), [all, query]);
  const current = Math.min(active, Math.max(0, results.length - 1));

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current, results]);

  const choose = (command: PaletteCommand | undefined): void => {
    if (!command) return;
    onClose();
    command.run();
  };

  return (
    <dialog
      ref={ref}
      className="palette"
      aria-label="Command palette"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // a click on the backdrop
      }}
    >
      <input
        type="text"
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-results"
        aria-activedescendant={results[current] ? `palette-${current}` : undefined}
        placeholder="Search containers, images, volumes, pages and actions…"
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive(Math.min(current + 1, results.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(Math.max(current - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(results[current]);
          } else if (e.key === 'Escape') {
            e.preventDefault(); // one Escape closes, whatever is typed
            onClose();
          }
        }}
      />
      <ul id="palette-results" role="listbox" className="palette-results" ref={listRef} aria-label="Results">
        {results.map((r, i) => (
          <li
            key={r.id}
            id={`palette-${i}`}
            role="option"
            aria-selected={i === current}
            data-kind={r.kind}
            className={i === current ? 'palette-item active' : 'palette-item'}
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => choose(r)}
          >
            <span className="palette-kind">{kindLabel[r.kind]}</span>
            <span className="palette-label">{r.label}</span>
            {r.detail && <span className="palette-detail muted">{r.detail}</span>}
            {r.shortcut && <kbd className="palette-shortcut">{r.shortcut}</kbd>}
          </li>
        ))}
        {results.length === 0 && <li className="palette-empty muted">Nothing matches “{query}”.</li>}
      </ul>
      <footer className="palette-footer muted small">
        ↑↓ to move · Enter to open · Esc to close · {shortcutLabel('k', mac)} or {shortcutLabel('p', mac, true)} opens this anywhere
      </footer>
    </dialog>
  );
}
