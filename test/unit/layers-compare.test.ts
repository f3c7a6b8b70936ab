import { describe, expect, it } from 'vitest';
import { alignLayers, diffTotals, filterDiff, partingSentence, type FileChange } from '../../renderer/src/pages/images/layers/compare-model';

const cmp = (a: string[], b: string[], shared: number) => ({ a: { imageId: 'a', layers: a }, b: { imageId: 'b', layers: b }, sharedLayers: a.slice(0, shared) });

describe('image comparison', () => {
  it('aligns layers from the bottom and marks the shared prefix', () => {
    const rows = alignLayers(cmp(['l0', 'l1', 'x2'], ['l0', 'l1', 'y2', 'y3'], 2));
    expect(rows).toEqual([
      { index: 0, a: 'l0', b: 'l0', shared: true },
      { index: 1, a: 'l1', b: 'l1', shared: true },
      { index: 2, a: 'x2', b: 'y2', shared: false },
      { index: 3, a: null, b: 'y3', shared: false },
    ]);
  });

  it('says where the images part', () => {
    expect(partingSentence(cmp(['l0'], ['m0'], 0), 'a', 'b')).toBe('a and b share no layers: they part at the base.');
    expect(partingSentence(cmp(['l0', 'l1'], ['l0', 'l1'], 2), 'a', 'b')).toBe('a and b have the same 2 layers.');
    expect(partingSentence(cmp(['l0'], ['l0', 'l1', 'l2'], 1), 'a', 'b')).toBe('b is built on a: it shares all 1 layer and adds 2 layers on top.');
    expect(partingSentence(cmp(['l0', 'l1'], ['l0'], 1), 'a', 'b')).toBe('a is built on b: it shares all 1 layer and adds 1 layer on top.');
    expect(partingSentence(cmp(['l0', 'x1'], ['l0', 'y1', 'y2'], 1), 'a', 'b')).toBe(
      'They share the bottom 1 layer and part at layer 1: a then has 1 layer of its own, b 2 layers.',
    );
  });

  const changes: FileChange[] = [
    { path: '/b/new.txt', change: 'added', sizeA: null, sizeB: 100 },
    { path: '/a/gone', change: 'removed', sizeA: 5000, sizeB: null },
    { path: '/v.txt', change: 'modified', sizeA: 10, sizeB: 4 },
    { path: '/B/big', change: 'added', sizeA: null, sizeB: 1_000_000 },
  ];

  it('sums the file differences per kind', () => {
    expect(diffTotals(changes)).toEqual({
      added: { count: 2, bytes: 1_000_100 },
      removed: { count: 1, bytes: 5000 },
      modified: { count: 1, bytes: -6 },
    });
  });

  it('filters by kind and path, sorts by path or by the size of the change', () => {
    const all = new Set(['added', 'removed', 'modified'] as const);
    expect(filterDiff(changes, all, '', 'path').map((c) => c.path)).toEqual(['/B/big', '/a/gone', '/b/new.txt', '/v.txt']);
    expect(filterDiff(changes, all, '', 'size').map((c) => c.path)).toEqual(['/B/big', '/a/gone', '/b/new.txt', '/v.txt']);
    expect(filterDiff(changes, new Set(['added'] as const), 'b/', 'size').map((c) => c.path)).toEqual(['/B/big', '/b/new.txt']);
    expect(filterDiff(changes, all, 'V.TXT', 'path').map((c) => c.path)).toEqual(['/v.txt']);
  });
});
