/**
 * The layer list: the image's build steps bottom first, each layer-making step with what the analysis
 * knows of its layer so far, the metadata-only steps between them. Pure (test/unit/layers-steps.test.ts).
 */
import type { HistoryStep, ImageHistoryEntry, LayerSummary } from '../../../../../shared/models';

/**
 * `images:history` lists steps newest first; the analysis lists them bottom first with the layer each
 * made. This gives the second from the first, so the list can show every step before the analysis ends.
 */
export function stepsFromImageHistory(entries: readonly ImageHistoryEntry[]): HistoryStep[] {
  let layer = 0;
  return [...entries].reverse().map((e) => ({
    createdBy: e.createdBy,
    created: e.created,
    empty: e.empty,
    layer: e.empty ? null : layer++,
    comment: e.comment,
  }));
}

export type LayerRow =
  | { kind: 'layer'; index: number; createdBy: string; comment: string; summary: LayerSummary | null }
  | { kind: 'step'; createdBy: string; created: number | null; comment: string };

/**
 * One row per step; a layer row carries its summary once the analysis has read that layer. Layers the
 * history does not mention (an image imported without history) are listed after the steps.
 */
export function layerRows(steps: readonly HistoryStep[] | null, layers: readonly (LayerSummary | undefined)[]): LayerRow[] {
  const rows: LayerRow[] = [];
  const named = new Set<number>();
  for (const step of steps ?? []) {
    if (step.empty || step.layer === null) {
      rows.push({ kind: 'step', createdBy: step.createdBy, created: step.created, comment: step.comment });
    } else {
      named.add(step.layer);
      const summary = layers[step.layer] ?? null;
      rows.push({ kind: 'layer', index: step.layer, createdBy: summary?.createdBy || step.createdBy, comment: step.comment, summary });
    }
  }
  layers.forEach((summary, index) => {
    if (summary && !named.has(index)) rows.push({ kind: 'layer', index, createdBy: summary.createdBy, comment: '', summary });
  });
  return rows;
}

/** The highest layer index the rows know of, or null when none. */
export function topLayer(rows: readonly LayerRow[]): number | null {
  let top: number | null = null;
  for (const r of rows) if (r.kind === 'layer' && (top === null || r.index > top)) top = r.index;
  return top;
}

/** Puts a streamed layer into the sparse array by its index (a new array, for React state). */
export function withLayer(layers: readonly (LayerSummary | undefined)[], layer: LayerSummary): (LayerSummary | undefined)[] {
  const next = [...layers];
  next[layer.index] = layer;
  return next;
}
