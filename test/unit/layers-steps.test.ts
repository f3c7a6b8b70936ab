import { describe, expect, it } from 'vitest';
import type { HistoryStep, ImageHistoryEntry, LayerSummary } from '../../shared/models';
import { layerRows, stepsFromImageHistory, topLayer, withLayer } from '../../renderer/src/pages/images/layers/layer-steps';

const entry = (createdBy: string, empty: boolean): ImageHistoryEntry => ({ id: '<missing>', created: 0, createdBy, size: 0, empty, tags: [], comment: '' });
const layer = (index: number, createdBy = `step ${index}`): LayerSummary => ({
  index,
  digest: `sha256:${index}`,
  createdBy,
  created: null,
  size: 100 * index,
  added: index,
  modified: 0,
  removed: 0,
  entries: index,
});

describe('the layer list', () => {
  // docker history order: newest first.
  const history = [entry('CMD ["sh"]', true), entry('/bin/sh -c rm /x', false), entry('ENV A=1', true), entry('/bin/sh -c echo > /x', false), entry('', false)];

  it('turns the newest-first history into bottom-first steps with their layer numbers', () => {
    const steps = stepsFromImageHistory(history);
    expect(steps.map((s) => [s.createdBy, s.layer])).toEqual([
      ['', 0],
      ['/bin/sh -c echo > /x', 1],
      ['ENV A=1', null],
      ['/bin/sh -c rm /x', 2],
      ['CMD ["sh"]', null],
    ]);
  });

  it('shows every step before the layers are read, and fills layers in as they come', () => {
    const steps = stepsFromImageHistory(history);
    let layers: (LayerSummary | undefined)[] = [];
    let rows = layerRows(steps, layers);
    expect(rows.map((r) => r.kind)).toEqual(['layer', 'layer', 'step', 'layer', 'step']);
    expect(rows.every((r) => r.kind === 'step' || r.summary === null)).toBe(true);
    layers = withLayer(layers, layer(1, '/bin/sh -c echo > /x'));
    rows = layerRows(steps, layers);
    expect(rows[1]).toMatchObject({ kind: 'layer', index: 1, summary: { added: 1 } });
    expect(rows[0]).toMatchObject({ kind: 'layer', index: 0, summary: null });
    expect(topLayer(rows)).toBe(2);
  });

  it('lists layers the history does not name after the steps, and works without any history', () => {
    const steps: HistoryStep[] = [{ createdBy: 'base', created: null, empty: false, layer: 0, comment: '' }];
    const rows = layerRows(steps, [layer(0), layer(1)]);
    expect(rows.map((r) => (r.kind === 'layer' ? r.index : -1))).toEqual([0, 1]);
    expect(layerRows(null, [layer(0), undefined, layer(2)]).map((r) => (r.kind === 'layer' ? r.index : -1))).toEqual([0, 2]);
    expect(topLayer([])).toBeNull();
  });
});
