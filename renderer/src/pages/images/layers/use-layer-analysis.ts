import { useCallback, useEffect, useRef, useState } from 'react';
import type { LayerAnalysis, LayerAnalysisEvent, LayerSummary } from '../../../../../shared/models';
import type { RpcError } from '../../../../../shared/result';
import { useApi } from '../../../stores/context';
import { withLayer } from './layer-steps';

export type AnalysisOutcome = { kind: 'cancelled' } | { kind: 'failed'; error: RpcError } | { kind: 'ended-early' };

export interface AnalysisView {
  progress: { bytesRead: number; bytesTotal: number } | null;
  /** By layer index, filled in as the backend reads the export. */
  layers: (LayerSummary | undefined)[];
  analysis: LayerAnalysis | null;
  /** Why the analysis stopped without a result; null while it runs or once it is done. */
  outcome: AnalysisOutcome | null;
}

interface Keyed extends AnalysisView {
  /** The image and run this view is for, so a view of another image never shows. */
  key: string;
}

const initial = (key: string): Keyed => ({ key, progress: null, layers: [], analysis: null, outcome: null });

function apply(view: Keyed, event: LayerAnalysisEvent): Keyed {
  switch (event.kind) {
    case 'progress':
      return { ...view, progress: { bytesRead: event.bytesRead, bytesTotal: event.bytesTotal } };
    case 'layer':
      return { ...view, layers: withLayer(view.layers, event.layer) };
    case 'done':
      return { ...view, analysis: event.analysis, layers: event.analysis.layers, outcome: null };
  }
}

/**
 * Runs `layers:analyze` for an image while the component is shown: progress, layers as they are read,
 * then the analysis. Closing the stream (cancel, or leaving the page) stops the backend's work; the
 * backend caches finished analyses, so coming back is instant.
 */
export function useLayerAnalysis(image: string | null): AnalysisView & { running: boolean; cancel(): void; restart(): void } {
  const api = useApi();
  const [run, setRun] = useState(0);
  const key = `${image ?? ''}\n${run}`;
  const [view, setView] = useState<Keyed>(() => initial(key));
  const close = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!image) return;
    const mine = `${image}\n${run}`;
    const own = (v: Keyed): Keyed => (v.key === mine ? v : initial(mine));
    const handle = api.openStream(
      'layers:analyze',
      { image },
      {
        onData: (event) => setView((v) => apply(own(v), event)),
        onEnd: (error) =>
          setView((v) => {
            const base = own(v);
            if (base.analysis) return base;
            return { ...base, outcome: error ? { kind: 'failed', error } : { kind: 'ended-early' } };
          }),
      },
    );
    close.current = () => handle.close();
    return () => {
      handle.close();
      close.current = null;
    };
  }, [api, image, run]);

  const cancel = useCallback(() => {
    close.current?.();
    close.current = null;
    setView((v) => (v.analysis ? v : { ...v, outcome: { kind: 'cancelled' } }));
  }, []);
  const restart = useCallback(() => setRun((n) => n + 1), []);

  const shown = view.key === key ? view : initial(key);
  return { ...shown, running: !!image && !shown.analysis && !shown.outcome, cancel, restart };
}
