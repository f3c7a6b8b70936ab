import type { KeyboardEvent } from 'react';
import { formatBytes, shortId } from '../../../lib/format';
import { instruction } from './layer-format';
import type { LayerRow } from './layer-steps';

function Counts({ added, modified, removed }: { added: number; modified: number; removed: number }) {
  const one = (n: number, kind: 'added' | 'modified' | 'removed', letter: string) => (
    <span className={n ? `lx-count lx-${kind}` : 'lx-count lx-zero'} title={`${n} file${n === 1 ? '' : 's'} ${kind}`} data-count={kind}>
      <span aria-hidden="true">{letter}</span>
      <span className="lx-sr"> {kind}</span> {n}
    </span>
  );
  return (
    <span className="lx-counts">
      {one(added, 'added', 'A')}
      {one(modified, 'modified', 'M')}
      {one(removed, 'removed', 'D')}
    </span>
  );
}

/** Arrow keys move between layers and select as they go (the list is one Tab stop). */
function onListKey(e: KeyboardEvent<HTMLOListElement>, select: (index: number) => void): void {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-layer-button]')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : at + (e.key === 'ArrowDown' ? 1 : -1);
  const target = buttons[Math.max(0, Math.min(buttons.length - 1, next))];
  if (!target) return;
  e.preventDefault();
  target.focus();
  select(Number(target.dataset.layerButton));
}

/**
 * Every build step from the base up: layers with their size and file counts, metadata-only steps
 * between them greyed as "no layer". Layers not read yet say so.
 */
export function LayerList({ rows, selected, onSelect, reading }: { rows: LayerRow[]; selected: number | null; onSelect(index: number): void; reading: boolean }) {
  if (!rows.length) return <p className="muted">{reading ? 'Reading the image…' : 'No layers.'}</p>;
  const tabStop = selected ?? rows.find((r) => r.kind === 'layer')?.index ?? null;
  return (
    <ol className="lx-layers" aria-label="Layers, base first" onKeyDown={(e) => onListKey(e, onSelect)}>
      {rows.map((row, i) => {
        if (row.kind === 'step') {
          const text = instruction(row.createdBy);
          return (
            <li key={`step-${i}`} className="lx-step" data-empty-step="true">
              <span className="lx-index" aria-hidden="true" />
              <span className="lx-instruction mono" title={row.createdBy}>
                {text}
              </span>
              <span className="lx-chip">no layer</span>
            </li>
          );
        }
        const s = row.summary;
        // An imported base has no instruction, only a comment ("Imported from -").
        const text = row.createdBy ? instruction(row.createdBy) : row.comment || (s ? `layer ${shortId(s.digest)}` : 'layer');
        const current = row.index === selected;
        const label = `Layer ${row.index}: ${text}${s ? `, ${formatBytes(s.size)}, ${s.added} added, ${s.modified} modified, ${s.removed} removed` : reading ? ', not read yet' : ', not read'}`;
        return (
          <li key={`layer-${row.index}`} data-layer-index={row.index} data-read={!!s} className={current ? 'lx-layer selected' : 'lx-layer'}>
            <button
              type="button"
              data-layer-button={row.index}
              aria-current={current ? 'true' : undefined}
              aria-label={label}
              tabIndex={row.index === tabStop ? 0 : -1}
              onClick={() => onSelect(row.index)}
            >
              <span className="lx-index mono">{row.index}</span>
              <span className="lx-instruction mono" title={row.createdBy || undefined}>
                {text}
              </span>
              <span className="lx-size" data-size={s?.size}>
                {s ? formatBytes(s.size) : <span className="muted">{reading ? 'reading…' : 'not read'}</span>}
              </span>
              {s ? <Counts added={s.added} modified={s.modified} removed={s.removed} /> : <span />}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
