import { useEffect, useMemo, useState } from 'react';
import type { ImageComparison, LayerAnalysis } from '../../../../../shared/models';
import type { Result } from '../../../../../shared/result';
import { useApi, useImages } from '../../../stores/context';
import { ErrorNote } from '../../../components/ErrorNote';
import { ProgressBar } from '../../../components/TransferView';
import { formatBytes, shortId } from '../../../lib/format';
import { ChangeBadge } from './ChangeBadge';
import { alignLayers, diffTotals, filterDiff, partingSentence, sizeDelta, type DiffSort, type FileChange } from './compare-model';
import { imageChoices, imageName } from './image-names';
import { formatDelta, instruction } from './layer-format';
import { useLayerAnalysis } from './use-layer-analysis';
import './layers.css';

/** Rows drawn at once; the filter narrows the rest. */
const rowCap = 2000;
const kinds: FileChange['change'][] = ['added', 'modified', 'removed'];

function Reading({ name, run }: { name: string; run: ReturnType<typeof useLayerAnalysis> }) {
  if (run.analysis) return null;
  const { progress, outcome } = run;
  if (outcome?.kind === 'failed') return <ErrorNote error={{ ...outcome.error, message: `${name}: ${outcome.error.message}` }} />;
  if (outcome) {
    return (
      <div className="banner lx-stopped">
        {name}: the analysis stopped before it finished.{' '}
        <button type="button" onClick={run.restart}>
          Analyse again
        </button>
      </div>
    );
  }
  return (
    <div className="lx-progress card" aria-live="polite">
      <span>
        Reading {name}
        {progress ? `: ${formatBytes(progress.bytesRead)} of ${progress.bytesTotal ? formatBytes(progress.bytesTotal) : '…'}` : '…'}
      </span>
      <ProgressBar value={progress?.bytesRead ?? 0} max={progress?.bytesTotal ?? 0} label={`${name} read`} />
      <button type="button" onClick={run.cancel}>
        Cancel
      </button>
    </div>
  );
}

function LayerCell({ digest, analysis }: { digest: string | null; analysis: LayerAnalysis | null }) {
  if (!digest) return <td className="muted">—</td>;
  const layer = analysis?.layers.find((l) => l.digest === digest);
  // An imported base has no instruction, only a comment ("Imported from -").
  const comment = layer && analysis?.history.find((h) => h.layer === layer.index)?.comment;
  const caption = layer ? (layer.createdBy ? instruction(layer.createdBy) : comment || '') : '';
  return (
    <td className="lx-compare-cell">
      <span className="mono lx-instruction" title={layer?.createdBy || undefined}>
        {caption}
      </span>
      <span className="muted small mono">
        {shortId(digest)}
        {layer && ` · ${formatBytes(layer.size)}`}
      </span>
    </td>
  );
}

export interface CompareViewProps {
  a: string;
  b: string | null;
  onPick(b: string): void;
  onSwap(): void;
}

/** Two images: the layers they share (and where they part), then every file that differs, b relative to a. */
export function CompareView({ a, b, onPick, onSwap }: CompareViewProps) {
  const api = useApi();
  const images = useImages((s) => s.items);
  const load = useImages((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  const choices = useMemo(() => imageChoices(images), [images]);
  const nameA = imageName(a, images);
  const nameB = b ? imageName(b, images) : '';
  // Both analyses first: the comparison reads their file trees (and the backend keeps them cached).
  const runA = useLayerAnalysis(b ? a : null);
  const runB = useLayerAnalysis(b);
  const idA = runA.analysis?.imageId ?? null;
  const idB = runB.analysis?.imageId ?? null;
  const key = `${idA}|${idB}`;
  const [compared, setCompared] = useState<{ key: string; result: Result<ImageComparison> } | null>(null);
  useEffect(() => {
    if (!idA || !idB) return;
    let live = true;
    void api.invoke('layers:compare', { a: idA, b: idB }).then((result) => live && setCompared({ key: `${idA}|${idB}`, result }));
    return () => {
      live = false;
    };
  }, [api, idA, idB]);
  const result = compared?.key === key ? compared.result : null;

  const [query, setQuery] = useState('');
  const [shownKinds, setShownKinds] = useState<ReadonlySet<FileChange['change']>>(new Set(kinds));
  const [sort, setSort] = useState<DiffSort>('size');
  const comparison = result?.ok ? result.value : null;
  const rows = useMemo(() => (comparison ? filterDiff(comparison.changes, shownKinds, query, sort) : []), [comparison, shownKinds, query, sort]);
  const totals = useMemo(() => (comparison ? diffTotals(comparison.changes) : null), [comparison]);

  return (
    <div className="lx-compare">
      <div className="toolbar">
        <span>
          Compare <strong className="mono">{nameA}</strong> with
        </span>
        <select aria-label="Image to compare with" value={b ?? ''} onChange={(e) => e.target.value && onPick(e.target.value)}>
          <option value="">Choose an image…</option>
          {choices
            .filter((c) => c.value !== a)
            .map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          {b && !choices.some((c) => c.value === b) && <option value={b}>{nameB}</option>}
        </select>
        <button type="button" disabled={!b} onClick={onSwap} title="Compare the other way round">
          Swap
        </button>
      </div>
      {!b ? (
        <p className="muted">Choose the image to compare {nameA} with: the file list then says what the second image adds, changes and removes.</p>
      ) : (
        <>
          <Reading name={nameA} run={runA} />
          <Reading name={nameB} run={runB} />
          {idA && idB && !result && <p className="muted">Comparing…</p>}
          {result && !result.ok && <ErrorNote error={result.error} />}
          {comparison && totals && (
            <>
              <section className="card lx-compare-layers" aria-labelledby="lx-shared-title">
                <h2 id="lx-shared-title" className="lx-h2">
                  Layers
                </h2>
                <p data-shared-count={comparison.sharedLayers.length}>{partingSentence(comparison, nameA, nameB)}</p>
                <table className="table lx-table" aria-label="Layers side by side, base first">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th className="mono">{nameA}</th>
                      <th className="mono">{nameB}</th>
                      <th>
                        <span className="lx-sr">Shared</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {alignLayers(comparison).map((row) => (
                      <tr
                        key={row.index}
                        data-layer-index={row.index}
                        data-shared={row.shared}
                        className={row.shared ? 'lx-shared' : row.index === comparison.sharedLayers.length ? 'lx-parted lx-part-here' : 'lx-parted'}
                      >
                        <td className="mono">{row.index}</td>
                        <LayerCell digest={row.a} analysis={runA.analysis} />
                        <LayerCell digest={row.b} analysis={runB.analysis} />
                        <td className="nowrap">
                          {row.shared ? <span className="lx-chip lx-chip-shared">shared</span> : row.index === comparison.sharedLayers.length ? <span className="lx-chip">parts here</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="card lx-compare-files" aria-labelledby="lx-diff-title">
                <h2 id="lx-diff-title" className="lx-h2">
                  Files: {nameB} relative to {nameA}
                </h2>
                <p className="lx-totals">
                  <span data-total="added">
                    <ChangeBadge change="added" /> {totals.added.count.toLocaleString('en')} added ({formatBytes(totals.added.bytes)})
                  </span>
                  <span data-total="modified">
                    <ChangeBadge change="modified" /> {totals.modified.count.toLocaleString('en')} modified ({formatDelta(totals.modified.bytes, formatBytes)})
                  </span>
                  <span data-total="removed">
                    <ChangeBadge change="removed" /> {totals.removed.count.toLocaleString('en')} removed ({formatBytes(totals.removed.bytes)})
                  </span>
                </p>
                {comparison.truncated && (
                  <p className="banner lx-warn" role="status">
                    The images differ in more files than the comparison lists: these are the first {comparison.changes.length.toLocaleString('en')}.
                  </p>
                )}
                <div className="toolbar">
                  <input type="search" aria-label="Filter paths" placeholder="Filter paths…" value={query} onChange={(e) => setQuery(e.target.value)} />
                  {kinds.map((k) => (
                    <label key={k} className={shownKinds.has(k) ? 'lx-kind on' : 'lx-kind'}>
                      <input
                        type="checkbox"
                        checked={shownKinds.has(k)}
                        onChange={(e) =>
                          setShownKinds((s) => {
                            const next = new Set(s);
                            if (e.target.checked) next.add(k);
                            else next.delete(k);
                            return next;
                          })
                        }
                      />
                      <ChangeBadge change={k} />
                      <span aria-hidden="true">{k}</span>
                    </label>
                  ))}
                  <select aria-label="Sort files by" value={sort} onChange={(e) => setSort(e.target.value as DiffSort)}>
                    <option value="size">Largest change first</option>
                    <option value="path">Path</option>
                  </select>
                </div>
                {comparison.changes.length === 0 ? (
                  <p className="ok-note">The two images hold the same files.</p>
                ) : (
                  <>
                    <table className="table lx-table" aria-label="Files that differ">
                      <thead>
                        <tr>
                          <th>Change</th>
                          <th>Path</th>
                          <th className="lx-num">In {nameA}</th>
                          <th className="lx-num">In {nameB}</th>
                          <th className="lx-num">Difference</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.slice(0, rowCap).map((c) => (
                          <tr key={c.path} data-path={c.path} data-change={c.change}>
                            <td>
                              <ChangeBadge change={c.change} />
                            </td>
                            <td className="mono lx-path">{c.path}</td>
                            <td className="lx-num nowrap">{c.sizeA === null ? <span className="muted">—</span> : formatBytes(c.sizeA)}</td>
                            <td className="lx-num nowrap">{c.sizeB === null ? <span className="muted">—</span> : formatBytes(c.sizeB)}</td>
                            <td className="lx-num nowrap">{formatDelta(sizeDelta(c), formatBytes)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <p className="muted small">
                      {rows.length > rowCap
                        ? `Showing ${rowCap.toLocaleString('en')} of ${rows.length.toLocaleString('en')} matching files: narrow the filter to see the rest.`
                        : `${rows.length.toLocaleString('en')} of ${comparison.changes.length.toLocaleString('en')} files shown.`}
                    </p>
                  </>
                )}
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}
