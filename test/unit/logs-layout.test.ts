import { describe, expect, it } from 'vitest';
import { maxVirtualTop, RowLayout, rowWindow, scrollGeometry, scrollTopFor, virtualTopOf } from '../../renderer/src/components/logs/row-layout';

function layoutOf(units: number[], firstSeq = 0): RowLayout {
  const l = new RowLayout();
  units.forEach((u, i) => l.push(firstSeq + i, u));
  return l;
}

describe('row layout (virtualisation arithmetic)', () => {
  it('sums units and finds the row covering an offset', () => {
    const l = layoutOf([1, 3, 1, 2]);
    expect(l.totalUnits).toBe(7);
    expect([0, 1, 2, 3, 4, 5, 6].map((u) => l.rowAtUnit(u))).toEqual([0, 1, 1, 1, 2, 3, 3]);
    expect(l.rowAtUnit(100)).toBe(3);
    expect(l.unitOf(2)).toBe(4);
    expect(l.unitsOf(1)).toBe(3);
  });

  it('drops rows from the front and rebases offsets', () => {
    const l = layoutOf([1, 3, 1, 2], 10);
    l.dropBefore(12);
    expect([l.count, l.totalUnits, l.seqAt(0), l.unitOf(1)]).toEqual([2, 3, 12, 1]);
    expect(l.rowAtOrAfterSeq(13)).toBe(1);
    expect(l.rowAtOrAfterSeq(5)).toBe(0);
    expect(l.rowAtOrAfterSeq(99)).toBe(2);
    l.push(14, 1);
    expect(l.totalUnits).toBe(4);
  });

  it('keeps appends and drops cheap over a long run (compaction keeps results right)', () => {
    const l = new RowLayout();
    for (let seq = 0; seq < 300_000; seq++) {
      l.push(seq, 1 + (seq % 3));
      if (seq >= 200_000) l.dropBefore(seq - 199_999);
    }
    expect(l.count).toBe(200_000);
    expect(l.seqAt(0)).toBe(100_000);
    expect(l.unitOf(0)).toBe(0);
    expect(l.rowAtUnit(l.unitOf(12345))).toBe(12345);
  });

  it('does not compress a normal log', () => {
    const g = scrollGeometry(1000, 18, 600);
    expect(g).toEqual({ contentPx: 18_000, virtualPx: 18_000, ratio: 1 });
  });

  it('compresses a huge one under the browser limit, mapping top to top and bottom to bottom', () => {
    const g = scrollGeometry(2_000_000, 18, 600, 1_000_000);
    expect(g.contentPx).toBe(1_000_000);
    expect(virtualTopOf(0, g)).toBe(0);
    expect(virtualTopOf(g.contentPx - 600, g)).toBeCloseTo(maxVirtualTop(g, 600), 3);
    expect(scrollTopFor(virtualTopOf(12345, g), g)).toBeCloseTo(12345, 6);
  });

  it('windows the visible rows with overscan, positioned at their virtual place', () => {
    const l = layoutOf(new Array(1000).fill(1));
    const g = scrollGeometry(l.totalUnits, 20, 200);
    const w = rowWindow(l, 2000, 200, 20, g, 2);
    expect([w.first, w.last]).toEqual([98, 113]);
    expect(w.offsetPx).toBe(98 * 20);
    // Compressed: the window is placed relative to the scroll offset.
    const gc = scrollGeometry(l.totalUnits, 20, 200, 10_000);
    const top = 12_000;
    const wc = rowWindow(l, top, 200, 20, gc, 0);
    expect(wc.first).toBe(600);
    expect(wc.offsetPx).toBeCloseTo(scrollTopFor(top, gc), 6);
    expect(rowWindow(new RowLayout(), 0, 200, 20, g)).toEqual({ first: 0, last: 0, offsetPx: 0 });
  });
});
