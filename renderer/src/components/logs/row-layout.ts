/**
 * Virtualisation arithmetic for the log view. The rows shown (every entry, or only the matching
 * ones in filter mode) each take a whole number of visual lines ("units": 1, or more when wrapped).
 * A prefix sum in absolute units makes appending O(1), dropping from the front O(1) amortised, and
 * finding the row at a scroll offset O(log n).
 */
export class RowLayout {
  private seqs: number[] = [];
  /** Units of all rows before this one, counted from the layout's creation (never rebased). */
  private starts: number[] = [];
  private head = 0;
  private endUnits = 0;

  get count(): number {
    return this.seqs.length - this.head;
  }

  get totalUnits(): number {
    return this.count === 0 ? 0 : this.endUnits - (this.starts[this.head] ?? 0);
  }

  push(seq: number, units: number): void {
    this.seqs.push(seq);
    this.starts.push(this.endUnits);
    this.endUnits += Math.max(1, units);
  }

  /** Removes the rows with a seq below `seq`. */
  dropBefore(seq: number): void {
    while (this.head < this.seqs.length && (this.seqs[this.head] ?? 0) < seq) this.head++;
    if (this.head > 1024 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }

  seqAt(row: number): number {
    return this.seqs[this.head + row] ?? -1;
  }

  /** First unit of a row, relative to the first row kept. */
  unitOf(row: number): number {
    const base = this.starts[this.head] ?? 0;
    if (row >= this.count) return this.endUnits - base;
    return (this.starts[this.head + row] ?? 0) - base;
  }

  unitsOf(row: number): number {
    return this.unitOf(row + 1) - this.unitOf(row);
  }

  /** The row that covers a unit offset (clamped to the rows there are). */
  rowAtUnit(unit: number): number {
    if (this.count === 0) return 0;
    const target = (this.starts[this.head] ?? 0) + Math.max(0, unit);
    let lo = this.head;
    let hi = this.seqs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo - this.head;
  }

  /** The first row whose seq is >= `seq` (`count` when none). */
  rowAtOrAfterSeq(seq: number): number {
    let lo = this.head;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.seqs[mid] ?? 0) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }
}

/**
 * Browsers cap an element's height (Chromium near 33.5 million px). Past `maxPx` the scrollable
 * height is compressed and scroll offsets are mapped linearly onto the real ("virtual") offsets,
 * so that the top maps to the top and the bottom to the bottom.
 */
export interface ScrollGeometry {
  /** Height of the scrollable content in px. */
  contentPx: number;
  /** Height the rows would take uncompressed. */
  virtualPx: number;
  /** virtual offset = scrollTop * ratio (1 unless compressed). */
  ratio: number;
}

export const maxScrollPx = 8_000_000;

export function scrollGeometry(totalUnits: number, rowPx: number, viewportPx: number, maxPx = maxScrollPx): ScrollGeometry {
  const virtualPx = totalUnits * rowPx;
  if (virtualPx <= maxPx || viewportPx >= maxPx) return { contentPx: virtualPx, virtualPx, ratio: 1 };
  const ratio = Math.max(1, (virtualPx - viewportPx) / (maxPx - viewportPx));
  return { contentPx: maxPx, virtualPx, ratio };
}

export function virtualTopOf(scrollTop: number, g: ScrollGeometry): number {
  return scrollTop * g.ratio;
}

export function scrollTopFor(virtualTop: number, g: ScrollGeometry): number {
  return virtualTop / g.ratio;
}

/** The largest virtual offset: the last row's bottom at the viewport's bottom. */
export function maxVirtualTop(g: ScrollGeometry, viewportPx: number): number {
  return Math.max(0, g.virtualPx - viewportPx);
}

export interface RowWindow {
  /** Rows [first, last) to put in the DOM. */
  first: number;
  last: number;
  /** Where the first of them goes, in px from the top of the scrollable content. */
  offsetPx: number;
}

/**
 * The rows to render for a viewport: those visible plus `overscan` on each side, and where they go
 * in the (possibly compressed) content so that they appear at their virtual positions.
 */
export function rowWindow(layout: RowLayout, virtualTop: number, viewportPx: number, rowPx: number, g: ScrollGeometry, overscan = 8): RowWindow {
  if (layout.count === 0) return { first: 0, last: 0, offsetPx: 0 };
  const topUnit = Math.floor(virtualTop / rowPx);
  const bottomUnit = Math.ceil((virtualTop + viewportPx) / rowPx);
  const first = Math.max(0, layout.rowAtUnit(topUnit) - overscan);
  const last = Math.min(layout.count, layout.rowAtUnit(bottomUnit) + 1 + overscan);
  const firstVirtualPx = layout.unitOf(first) * rowPx;
  // In content coordinates: the scroll offset plus the row's distance from the virtual top.
  const offsetPx = scrollTopFor(virtualTop, g) + (firstVirtualPx - virtualTop);
  return { first, last, offsetPx };
}
