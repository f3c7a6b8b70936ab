import { useMemo } from 'react';
import type { ImageHistoryEntry } from '../../../../../shared/models';
import { ErrorNote } from '../../../components/ErrorNote';
import { ProgressBar } from '../../../components/TransferView';
import { formatBytes } from '../../../lib/format';
import { FilesPanel } from './FilesPanel';
import type { ViewMode } from './FileTree';
import { LayerList } from './LayerList';
import { layerRows, stepsFromImageHistory, topLayer } from './layer-steps';
import { useLayerAnalysis } from './use-layer-analysis';
import { WastePanel } from './WastePanel';
import './layers.css';

export interface LayerExplorerProps {
  /** An image ID or reference, as the route has it. */
  image: string;
  /** The image's history (newest first), when already fetched: it names the steps before the analysis does. */
  history: ImageHistoryEntry[] | null;
  /** From the URL; null means the top layer. */
  layer: number | null;
  mode: ViewMode;
  onView(view: { layer: number; mode: ViewMode }): void;
}

/**
 * An image's layers in the manner of dive: every step that built it, what each layer changed, the
 * files as they stand at any layer, and the space the image wastes.
 */
export function LayerExplorer({ image, history, layer, mode, onView }: LayerExplorerProps) {
  const run = useLayerAnalysis(image);
  const { analysis, progress, outcome } = run;
  const steps = useMemo(() => analysis?.history ?? (history ? stepsFromImageHistory(history) : null), [analysis, history]);
  const rows = useMemo(() => layerRows(steps, run.layers), [steps, run.layers]);
  const top = topLayer(rows);
  const selected = layer !== null && (top === null || layer <= top) ? layer : top;
  const select = (index: number): void => onView({ layer: index, mode });

  return (
    <div className="lx-explorer" data-analysis={analysis ? 'done' : run.running ? 'running' : 'stopped'}>
      {run.running && (
        <div className="lx-progress card" aria-live="polite">
          <span>
            Reading the image from the engine
            {progress ? (
              <>
                : <span data-bytes-read={progress.bytesRead}>{formatBytes(progress.bytesRead)}</span> of {progress.bytesTotal ? formatBytes(progress.bytesTotal) : '…'}
              </>
            ) : (
              '…'
            )}
          </span>
          <ProgressBar value={progress?.bytesRead ?? 0} max={progress?.bytesTotal ?? 0} label="Image export read" />
          <button type="button" onClick={run.cancel}>
            Cancel
          </button>
        </div>
      )}
      {outcome?.kind === 'cancelled' && (
        <div className="banner lx-stopped" role="status">
          Analysis cancelled. What was read so far is listed below.{' '}
          <button type="button" onClick={run.restart}>
            Analyse again
          </button>
        </div>
      )}
      {outcome?.kind === 'failed' && (
        <ErrorNote error={outcome.error}>
          <button type="button" onClick={run.restart}>
            Try again
          </button>
        </ErrorNote>
      )}
      {outcome?.kind === 'ended-early' && (
        <div className="banner error" role="alert">
          The analysis ended before it had a result.{' '}
          <button type="button" onClick={run.restart}>
            Try again
          </button>
        </div>
      )}
      {analysis?.partial && (
        <div className="banner lx-warn" role="alert" data-partial="true">
          <strong>Partial analysis.</strong> {analysis.partial} Everything shown is what was read before that.
        </div>
      )}
      <div className="lx-grid">
        <div className="lx-side">
          <section className="card lx-layers-card" aria-labelledby="lx-layers-title">
            <h2 id="lx-layers-title" className="lx-h2">
              Layers
              {analysis && <span className="muted small"> {analysis.layers.length}, base first</span>}
            </h2>
            <LayerList rows={rows} selected={selected} onSelect={select} reading={run.running} />
          </section>
          {analysis && <WastePanel analysis={analysis} onSelectLayer={select} />}
        </div>
        {analysis && selected !== null ? (
          <FilesPanel image={analysis.imageId} layer={selected} mode={mode} onMode={(m) => onView({ layer: selected, mode: m })} onSelectLayer={select} />
        ) : (
          <section className="card lx-files lx-files-waiting" aria-label="Files">
            <p className="muted">
              {run.running
                ? 'The files show once the whole image has been read.'
                : outcome?.kind === 'cancelled'
                  ? 'Cancelled before the whole image was read: analyse it again to see its files.'
                  : 'No analysis to show files from.'}
            </p>
          </section>
        )}
      </div>
    </div>
  );
}
