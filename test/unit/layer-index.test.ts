import { describe, expect, it } from 'vitest';
import { LayerIndex } from '../../electron/backend/layers/layer-index';
import type { LayerEntry } from '../../electron/backend/layers/layer-entries';

const dir = (path: string): LayerEntry => ({ path, type: 'directory', size: 0, mode: 0o755 });
const file = (path: string, size: number): LayerEntry => ({ path, type: 'file', size, mode: 0o644 });
const link = (path: string, target: string): LayerEntry => ({ path, type: 'symlink', size: 0, mode: 0o777, linkTarget: target });
const whiteout = (path: string): LayerEntry => ({ path, type: 'file', size: 0, mode: 0, whiteout: 'file' });
const opaque = (path: string): LayerEntry => ({ path, type: 'directory', size: 0, mode: 0o755, whiteout: 'opaque' });

/** The worked example of shared/docs/LAYERS.md, entry for entry as docker writes such layers. */
function workedExample(): LayerIndex {
  const index = new LayerIndex();
  index.addLayer([dir('/bin'), file('/bin/busybox', 1_982_256), link('/bin/sh', 'busybox'), link('/bin/ls', 'busybox'), dir('/tmp')]);
  index.addLayer([file('/a', 1_048_576), dir('/dir'), file('/dir/b', 3)]);
  index.addLayer([file('/a', 2_097_152), dir('/dir'), whiteout('/dir/b')]);
  index.addLayer([file('/big', 5_242_880)]);
  index.addLayer([whiteout('/big')]);
  return index;
}

describe('LayerIndex efficiency and waste (LAYERS.md)', () => {
  it('gives the worked example’s figures exactly', () => {
    const r = workedExample().result();
    expect(r.wastedBytes).toBe(8_388_611);
    expect(r.efficiency).toBeCloseTo(3_030_832 / 10_370_867, 12);
    expect(r.efficiency.toFixed(5)).toBe('0.29224');
    expect(r.userSize).toBe(1_048_576 + 3 + 2_097_152 + 5_242_880);
    expect(r.userWastedPercent).toBeCloseTo(8_388_611 / (1_048_576 + 3 + 2_097_152 + 5_242_880), 12);
    expect(r.inefficiencies.map((i) => [i.path, i.count, i.cumulativeSize, i.layers])).toEqual([
      ['/big', 2, 5_242_880, [3, 4]],
      ['/a', 2, 3_145_728, [1, 2]],
      ['/dir/b', 2, 3, [1, 2]],
    ]);
  });

  it('counts a removed folder as everything it held', () => {
    const index = new LayerIndex();
    index.addLayer([dir('/data'), file('/data/x', 100), dir('/data/sub'), file('/data/sub/y', 50)]);
    index.addLayer([whiteout('/data')]);
    const r = index.result();
    // /data/x and /data/sub/y have one version each; /data gets the removal's 150 (and nothing else: it was not a leaf before).
    expect(r.inefficiencies).toEqual([]);
    expect(r.wastedBytes).toBe(0);
    expect(r.efficiency).toBeCloseTo((100 + 50 + 150) / (100 + 50 + 150), 12);
    expect(index.counts[1]).toMatchObject({ removed: 2, added: 0 });
  });

  it('is 1.0 when nothing is stored', () => {
    const index = new LayerIndex();
    index.addLayer([dir('/empty')]);
    expect(index.result().efficiency).toBe(1);
  });
});

describe('LayerIndex views', () => {
  it('marks added, modified and removed per layer, and lists removals in the layer that removed them', () => {
    const index = workedExample();
    expect(index.counts.map((c) => [c.added, c.modified, c.removed])).toEqual([
      [3, 0, 0],
      [2, 0, 0],
      [0, 1, 1],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const changes2 = index.children('/', 2, 'changes')!;
    expect(changes2.map((e) => [e.path, e.change, e.size])).toEqual([
      ['/dir', 'unchanged', 0],
      ['/a', 'modified', 2_097_152],
    ]);
    expect(index.children('/dir', 2, 'changes')!.map((e) => [e.name, e.change])).toEqual([['b', 'removed']]);
    // The stack at layer 2: /dir/b shows as removed there, and is gone from layer 3 on.
    expect(index.children('/dir', 2, 'stack')!.map((e) => [e.name, e.change])).toEqual([['b', 'removed']]);
    expect(index.children('/dir', 3, 'stack')).toEqual([]);
    const stack4 = index.children('/', 4, 'stack')!;
    expect(stack4.map((e) => [e.path, e.change])).toEqual([
      ['/bin', 'unchanged'],
      ['/dir', 'unchanged'],
      ['/tmp', 'unchanged'],
      ['/a', 'unchanged'],
      ['/big', 'removed'],
    ]);
    expect(stack4.find((e) => e.path === '/bin')?.size).toBe(1_982_256);
    expect(index.children('/bin', 0, 'stack')!.find((e) => e.name === 'sh')).toMatchObject({ type: 'symlink', linkTarget: 'busybox' });
  });

  it('makes an opaque folder hide what lower layers put there, keeping what the layer itself adds', () => {
    const index = new LayerIndex();
    index.addLayer([dir('/etc'), dir('/etc/app'), file('/etc/app/old.conf', 10), file('/etc/app/keep.conf', 20), file('/etc/hosts', 5)]);
    index.addLayer([dir('/etc'), dir('/etc/app'), opaque('/etc/app'), file('/etc/app/new.conf', 7), file('/etc/app/keep.conf', 21)]);
    expect(index.counts[1]).toMatchObject({ added: 1, modified: 1, removed: 1 });
    expect(index.children('/etc/app', 1, 'stack')!.map((e) => [e.name, e.change])).toEqual([
      ['keep.conf', 'modified'],
      ['new.conf', 'added'],
      ['old.conf', 'removed'],
    ]);
    expect(index.children('/etc', 1, 'stack')!.find((e) => e.name === 'hosts')?.change).toBe('unchanged');
    // The marker counts as dive counts it: a version of size 0 at "<dir>/.wh..opq", no waste from the hidden bytes.
    const r = index.result();
    expect(r.inefficiencies.map((i) => i.path)).toEqual(['/etc/app/keep.conf']);
  });

  it('searches a view by name and change kind', () => {
    const index = workedExample();
    expect(index.search(4, 'stack', 'B', undefined, 10).map((e) => e.path)).toEqual(['/bin', '/bin/busybox', '/big']);
    expect(index.search(2, 'changes', '', ['removed'], 10).map((e) => e.path)).toEqual(['/dir/b']);
  });
});
